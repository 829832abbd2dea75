/**
 * User-mode DML (`insert as user x;`, `Database.insert(x, AccessLevel.USER_MODE)` …) through the access model.
 *
 * Apex Developer Guide, "Set an Access Mode for Database Operations": in user mode "the sharing rules, field-level
 * security (FLS), and object permissions of the running user" apply. Outcomes, checked in this order:
 * 1. Object permission (create for insert, edit for update, create+edit for upsert, delete for delete):
 *    denied → `System.SecurityException: Access to entity '<Object>' denied`
 *    ([Obs] vendor docs quoting the platform message; public test-design notes: "Direct USER_MODE DML — object CRUD
 *    denied → System.SecurityException (message names the object)" — UNVERIFIED on an org here).
 * 2. Field-level security on every field the caller populated (edit access; Id excluded):
 *    denied → `System.DmlException: Operation failed due to fields being inaccessible on Sobject <Object>, check
 *    errors on Exception or Result!` with getDmlFieldNames() = the inaccessible fields ([Obs] real test-run output
 *    in public repositories, e.g. "…inaccessible on Sobject Case, check errors on Exception or Result!").
 * 3. Sharing for update/delete (user mode always applies sharing): not editable → the existing
 *    INSUFFICIENT_ACCESS_OR_READONLY DmlException path ([Known], unverified).
 * Any 'unknown' answer → ApexRuntimeUnsupported. With allOrNone=false a denial's per-row result shape is not
 * documented → ApexRuntimeUnsupported too (never a guessed SaveResult). Undelete in user mode → unsupported.
 */
import { ApexPlatformError, ApexRuntimeUnsupported, SourcePos } from '../errors';
import type { AccessAnswer, AccessModel, Database } from '../db';
import { SObject, combine, recordEditable } from '../db';
import type { DmlExceptionDetails, DmlOp } from './dml';

export interface UserModeAccess {
    model: AccessModel;
    userId: string;
}

const unsupported = (what: string, site?: SourcePos) => new ApexRuntimeUnsupported(`user-mode DML: ${what}`, site);

/**
 * Throws the platform exception when the running user may not perform `op` on `records` in user mode; returns
 * normally when everything is allowed. Call before executing the DML (nothing is written on denial).
 */
export function checkUserModeDml(
    db: Database,
    access: UserModeAccess,
    op: DmlOp,
    records: SObject[],
    allOrNone: boolean,
    site?: SourcePos
): void {
    if (!records.length) return;
    if (op === 'undelete') throw unsupported('undelete in user mode', site);
    const { model, userId } = access;
    const byType = new Map<string, SObject[]>();
    for (const r of records) {
        const list = byType.get(r.info.name) ?? [];
        list.push(r);
        byType.set(r.info.name, list);
    }
    const deny = (e: ApexPlatformError) => {
        if (!allOrNone) throw unsupported(`denied access with allOrNone=false (${e.message})`, site);
        throw e;
    };
    for (const recs of byType.values()) {
        const info = recs[0].info;
        // 1. object permissions
        const ops: ('create' | 'edit' | 'delete')[] =
            op === 'insert'
                ? ['create']
                : op === 'update'
                  ? ['edit']
                  : op === 'delete'
                    ? ['delete']
                    : recs.some((r) => !r.id)
                      ? ['create', 'edit']
                      : ['edit'];
        const obj = combine(ops.map((o) => model.objectAccess(userId, info, o)));
        if (obj.result === 'unknown') throw unsupported(obj.reason, site);
        if (obj.result === 'deny')
            deny(new ApexPlatformError('System.SecurityException', `Access to entity '${info.name}' denied`));
        // 2. field-level security on the populated fields
        if (op !== 'delete') {
            const answers = new Map<string, AccessAnswer>();
            for (const r of recs) {
                for (const [name] of r.populated()) {
                    const key = name.toLowerCase();
                    if (key === 'id' || answers.has(key)) continue;
                    const f = info.fields.get(key);
                    if (!f) continue;
                    answers.set(key, model.fieldAccess(userId, info, f, 'edit'));
                }
            }
            const denied = [...answers.entries()].filter(([, a]) => a.result === 'deny');
            if (denied.length) {
                const fields = denied.map(([k]) => info.fields.get(k)!.name);
                const details: DmlExceptionDetails = {
                    op,
                    failures: records.map((r, index) => ({
                        index,
                        id: r.id,
                        // status code not confirmed; the message/fields are what tests read
                        error: {
                            statusCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
                            message: `Operation failed due to fields being inaccessible on Sobject ${info.name}`,
                            fields
                        }
                    }))
                };
                deny(
                    new ApexPlatformError(
                        'System.DmlException',
                        `Operation failed due to fields being inaccessible on Sobject ${info.name}, check errors on Exception or Result!`,
                        details
                    )
                );
            }
            const unk = [...answers.values()].find((a) => a.result === 'unknown');
            if (unk) throw unsupported(unk.reason, site);
        }
        // 3. sharing (record edit access) for existing records
        if (op === 'update' || op === 'delete' || op === 'upsert') {
            for (const r of recs) {
                if (!r.id) continue;
                const found = db.getRow(r.id, true);
                if (!found) continue; // the DML itself reports the bad id
                const a = recordEditable(model, db, userId, info, found.row);
                if (a.result === 'unknown') throw unsupported(a.reason, site);
                if (a.result === 'deny') throw unsupported(`record not editable: ${a.reason}`, site);
            }
        }
    }
}
