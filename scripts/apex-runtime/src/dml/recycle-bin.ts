// Database.emptyRecycleBin (Apex Reference "Database Class": emptyRecycleBin(recordIds | obj | listOfSObjects) →
// EmptyRecycleBinResult; SOAP API "emptyRecycleBin()"). What the references state and this models:
// - the records leave the Recycle Bin for good (no undelete), yet ALL ROWS still returns them, IsDeleted true: "they
//   can be queried using queryAll() for some time. Typically this time is 24 hours" (SOAP API; db purgeRow);
// - one DML statement per call, and the records count toward the 10,000 DML rows ("Execution Governors and
//   Limits": "Total number of records processed as a result of DML statements, Approval.process, or
//   Database.emptyRecycleBin");
// - at most 10,000 records per call (Apex Reference);
// - a user with Modify All Data may empty any record from any Recycle Bin (SOAP API, rules and guidelines).
// Unsupported, never guessed: Ids of records deleted by cascade ("otherwise an error occurs" — which error is not
// documented), Ids not in the Recycle Bin, an undelete of an emptied record, and a running user without Modify All Data (whose own bin and the bins of
// their subordinates are not modelled). Records a cascade delete took with a purged parent leave with it.
import type { Interpreter } from '../interp/interpreter';
import { NativeObject } from '../interp/types';
import { ApexList } from '../collections';
import { SObject, type Database, AccessModel } from '../db';
import * as V from '../values';

const MAX_IDS = 10_000;

export function emptyRecycleBin(it: Interpreter, args: unknown[]): unknown {
    if (args.length !== 1) return it.compileError('Database.emptyRecycleBin(recordIds | obj | listOfSObjects)');
    const arg = args[0];
    if (arg === null || arg === undefined) return it.npe();
    const single = !(arg instanceof ApexList);
    const items = arg instanceof ApexList ? arg.items : [arg];
    const ids = items.map((x) => {
        if (x instanceof V.ApexId) return x;
        if (x instanceof SObject && x.id) return x.id;
        return it.unsupported(`Database.emptyRecycleBin of ${it.typeOf(x)} without an Id`);
    });
    if (!ids.length) return it.unsupported('Database.emptyRecycleBin of an empty list');
    if (ids.length > MAX_IDS) return it.unsupported(`Database.emptyRecycleBin of more than ${MAX_IDS} records`);
    const db = it.services.database as Database;
    const grants = new AccessModel(db).grants(db.runningUserId);
    if (!grants.modifyAllData)
        return it.unsupported('Database.emptyRecycleBin by a user without Modify All Data (recycle bins not modelled)');
    const found = ids.map((id) => {
        const row = db.getRow(id, true);
        if (!row || row.row.get('isdeleted') !== true)
            return it.unsupported(`Database.emptyRecycleBin of a record that is not in the Recycle Bin (${id.value})`);
        if (db.cascadeLog.has(id.value))
            return it.unsupported(
                `Database.emptyRecycleBin of a record deleted by cascade (${id.value}; the error is not documented)`
            );
        return { id, info: row.info };
    });
    it.tx.limits.dml();
    it.tx.limits.dmlRows(found.length);
    for (const f of found) {
        db.purgeRow(f.info, f.id.value);
        // children a cascade delete took with this record are gone with it
        for (const [child, parent] of [...db.cascadeLog]) {
            if (parent !== f.id.value) continue;
            const c = db.getRow(child, true);
            if (c) db.purgeRow(c.info, child);
        }
    }
    const results = found.map(
        (f) =>
            new NativeObject('Database.EmptyRecycleBinResult', { r: { index: 0, id: f.id, success: true, errors: [] } })
    );
    if (single) return results[0];
    return new ApexList({ k: 'native', name: 'Database.EmptyRecycleBinResult' }, results);
}
