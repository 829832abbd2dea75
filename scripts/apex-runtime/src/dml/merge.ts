/**
 * `merge` / `Database.merge` (Apex Developer Guide "Merging Records", "Triggers and Merge Statements"; SOAP API
 * "merge()"): a master record and one or two duplicates of the same type (Account, Contact, Lead, Case). The
 * duplicates are deleted, their related records reparented to the master (no triggers fire for them), each deleted
 * duplicate gets MasterRecordId = the master; then the master is saved with the values set on it, like an update.
 *
 * Trigger order (documented): before delete → delete + reparent + MasterRecordId → after delete (Trigger.old carries
 * MasterRecordId; before delete does not) → the master's before/after update.
 *
 * Only the successful path is modelled. Every failure (wrong type, too many records, a duplicate that is the master or
 * already deleted, a trigger error) has an error text the docs do not give, so it is unsupported; so is a field that
 * is blank on the master but set on a duplicate (whether merge keeps the master's blank is not documented).
 */
import { ApexRuntimeUnsupported } from '../errors';
import { ApexId } from '../values';
import type { ApexPrimitive } from '../values';
import type { Database } from '../db';
import { SObject } from '../db';
import type { SObjectInfo } from '../schema';
import { currentLimits } from '../limits/limits';
import { DmlEnv, runAttempt } from './dml';

/** the sObject types `merge` accepts (lower-case); also DescribeSObjectResult.isMergeable() (interp/describe.ts) */
export const MERGEABLE = new Set(['account', 'contact', 'lead', 'case']);

export interface MergeOutcome {
    /** the master's Id (MergeResult.getId) */
    id: ApexId;
    /** deleted duplicates (MergeResult.getMergedRecordIds) */
    mergedRecordIds: ApexId[];
    /** reparented related records (MergeResult.getUpdatedRelatedIds) */
    updatedRelatedIds: ApexId[];
}

/** Merges `duplicates` (records or Ids) into `master`. */
export function mergeRecords(env: DmlEnv, master: SObject, duplicates: (SObject | ApexId)[]): MergeOutcome {
    const db = env.db;
    const info = master.info;
    function no(what: string): never {
        throw new ApexRuntimeUnsupported(`merge: ${what}`, env.site);
    }
    if (!MERGEABLE.has(info.name.toLowerCase())) no(`${info.name} (only Account, Contact, Lead and Case merge)`);
    const masterId = master.id ?? no('a master record without an Id');
    if (!db.getRow(masterId)) no('a master record that is not stored');
    if (duplicates.length < 1 || duplicates.length > 2) no(`${duplicates.length} duplicates (1 or 2 are allowed)`);
    const dupIds: ApexId[] = [];
    for (const d of duplicates) {
        const id = (d instanceof SObject ? d.id : d) ?? no('a duplicate without an Id');
        const found = db.getRow(id);
        if (!found || found.info.name !== info.name) no('a duplicate that is not a stored record of the type');
        if (id.value === masterId.value || dupIds.some((x) => x.value === id.value)) no('the same record twice');
        dupIds.push(id);
    }
    if (info.name === 'Lead' && [masterId, ...dupIds].some((id) => db.getRow(id)!.row.get('isconverted') === true))
        no('a converted lead');
    checkBlankMasterFields(db, info, master, dupIds, no);

    // one merge is one DML statement over the master and its duplicates [unverified: row count]
    const limits = currentLimits();
    limits.dml();
    limits.dmlRows(1 + dupIds.length);
    limits.uncommittedWork = true;

    const updatedRelatedIds: ApexId[] = [];
    const victims = dupIds.map((id) => {
        const s = new SObject(info);
        s.setRaw('Id', id);
        return s;
    });
    const deleted = runAttempt(
        env,
        'delete',
        victims,
        victims.map((_, i) => i),
        {
            mergeInto: (id, old) => {
                updatedRelatedIds.push(...reparent(db, info, id, masterId));
                db.updateRow(info, id.value, new Map([['masterrecordid', masterId]]));
                old.setRaw('MasterRecordId', masterId);
            }
        }
    );
    const failed = deleted.find((r) => !r.success);
    if (failed) no(`a duplicate whose delete failed (${failed.errors[0]?.message ?? 'error'})`);
    const updated = runAttempt(env, 'update', [master], [0], {});
    if (!updated[0]?.success) no(`the master's update failed (${updated[0]?.errors[0]?.message ?? 'error'})`);
    return { id: masterId, mergedRecordIds: dupIds, updatedRelatedIds };
}

/** Related records of a deleted duplicate point to the master (every lookup and master-detail, no triggers). */
function reparent(db: Database, info: SObjectInfo, from: ApexId, to: ApexId): ApexId[] {
    const moved: ApexId[] = [];
    for (const child of db.schema.allObjects()) {
        for (const f of child.fields.values()) {
            const refs = f.referenceTo?.some((r) => r.toLowerCase() === info.name.toLowerCase()) || f.anyReference;
            if (!refs || (child.name === info.name && f.name === 'MasterRecordId')) continue;
            const key = f.name.toLowerCase();
            for (const row of db.rows(child.name)) {
                const v = row.get(key);
                if (!(v instanceof ApexId) || v.value !== from.value) continue;
                const cid = row.get('id') as ApexId;
                db.updateRow(child, cid.value, new Map<string, ApexPrimitive>([[key, to]]));
                if (!moved.some((m) => m.value === cid.value)) moved.push(cid);
            }
        }
    }
    return moved;
}

function checkBlankMasterFields(
    db: Database,
    info: SObjectInfo,
    master: SObject,
    dupIds: ApexId[],
    no: (what: string) => never
) {
    const stored = db.getRow(master.id!)!.row;
    for (const f of info.fields.values()) {
        if (!f.updateable || f.system || f.formula !== undefined || f.summary) continue;
        const key = f.name.toLowerCase();
        const mine = master.getRaw(key) !== undefined ? master.getRaw(key) : stored.get(key);
        if ((mine ?? null) !== null) continue;
        if (dupIds.some((id) => (db.getRow(id)!.row.get(key) ?? null) !== null))
            no(`${info.name}.${f.name} is blank on the master and set on a duplicate (merged value not documented)`);
    }
}
