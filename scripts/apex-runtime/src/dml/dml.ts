/**
 * DML engine: insert / update / upsert / delete / undelete with platform checks, the trigger
 * pipeline (APEX-RUNTIME.md §3.4) through a callback the interpreter implements, allOrNone
 * semantics and the partial-success retry rule.
 *
 * Sources:
 * - DmlException text `Insert failed. First exception on row 0; first error: REQUIRED_FIELD_MISSING,
 *   Required fields are missing: [Name]: [Name]`; `… on row 0 with id <Id>; …` for records with an
 *   Id; addError → FIELD_CUSTOM_VALIDATION_EXCEPTION ([Obs] §2 #39, KB 000002839 sample).
 * - Uncaught trigger exception → CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY, `<Trigger>: execution of
 *   AfterInsert\n\ncaused by: …` ([Obs] §2 #38).
 * - allOrNone=false: roll back and retry the successful subset, up to 3 attempts; triggers run again,
 *   statics are not reset (Apex Developer Guide "Bulk DML Exception Handling", §2 #41).
 * - Order of execution: defaults → before triggers → system validation (required, length,
 *   picklist, uniqueness, references) → save → after triggers (Triggers and Order of Execution, §2 #35).
 * - Only the Id is copied back to the caller's records after insert; field changes made by triggers
 *   are visible only by re-querying ([Known]).
 * - Cascade delete of Master-Detail children does not fire the children's triggers ([Known]).
 * Messages marked [Known] in comments below are not pinned to a document (verify on an org).
 */
import { ApexPlatformError, ApexRuntimeUnsupported, SourcePos } from '../errors';
import {
    ApexBlob,
    ApexDate,
    ApexDatetime,
    ApexDecimal,
    ApexId,
    ApexInteger,
    digitCount,
    runtimeSettings
} from '../values';
import type { ApexPrimitive } from '../values';
import type { Database, Row } from '../db';
import { SObject } from '../db';
import type { FieldInfo, SObjectInfo } from '../schema';
import { coerceFieldValue, TEXT_FIELD_TYPES } from '../schema';
import { currentLimits } from '../limits/limits';
import { activeContext } from '../context';
import { checkUserModeDml, UserModeAccess } from './user-mode';
import { lockViolation } from '../approval/locks';
import { checkPermissionSetupDml, syncProfileAssignment } from '../db/setup-permissions';
import { evalDefault } from './default-values';

export type DmlOp = 'insert' | 'update' | 'upsert' | 'delete' | 'undelete';
export type TriggerOp = 'insert' | 'update' | 'delete' | 'undelete';

export interface TriggerEvent {
    sobjectType: string;
    timing: 'before' | 'after';
    op: TriggerOp;
    /** Trigger.new (null for delete); before: editable, after: read-only */
    newList: SObject[] | null;
    /** Trigger.old (update/delete; read-only) */
    oldList: SObject[] | null;
}

/**
 * Thrown by the interpreter's fireTriggers when a trigger body ends with an uncaught Apex exception.
 * `apexType`/`message` describe that exception; `stackTrace` is optional (`Trigger.X: line 3, column 1`).
 */
export class TriggerExecutionError extends Error {
    constructor(
        readonly triggerName: string,
        readonly apexType: string,
        readonly apexMessage: string,
        readonly stackTrace?: string
    ) {
        super(`${triggerName}: ${apexType}: ${apexMessage}`);
        this.name = 'TriggerExecutionError';
    }
}

export interface DmlError {
    statusCode: string;
    message: string;
    fields: string[];
}

export interface DmlRowResult {
    /** index in the caller's list */
    index: number;
    id: ApexId | null;
    success: boolean;
    /** upsert: true when the row was inserted */
    created?: boolean;
    errors: DmlError[];
}

export interface DmlEnv {
    db: Database;
    /** runs the triggers of one object/event (interpreter); absent = no triggers */
    fireTriggers?: (ev: TriggerEvent) => void;
    /** 'unsupported' (default): DML on an object with declarative automation throws; 'warn': note only */
    automationMode?: 'unsupported' | 'warn';
    onFidelityNote?: (note: string) => void;
    site?: SourcePos;
}

export interface DmlOptions {
    allOrNone?: boolean;
    /**
     * User mode (`insert as user`, `AccessLevel.USER_MODE`): the running user's object permissions, FLS and sharing
     * are checked first through the access model (see `user-mode.ts`). Absent = system mode.
     */
    userMode?: UserModeAccess;
    /**
     * Database.DMLOptions.allowFieldTruncation (Apex Reference "DMLOptions Class": "Specifies the truncation behavior of
     * large strings … if true, strings that exceed the field length are truncated"): text too long for a field is cut
     * to the field length instead of failing with STRING_TOO_LONG.
     */
    allowFieldTruncation?: boolean;
    /** internal (approval engine): the approval's own field updates may write the records it locked */
    approvalFieldUpdate?: boolean;
    /** internal (convertLead): update may write read-only fields such as Lead.IsConverted */
    allowReadOnlyFields?: boolean;
    /**
     * internal (merge, dml/merge.ts): called for each deleted duplicate after its before-delete triggers and before
     * the row is deleted, with its Trigger.old record (reparents children, sets MasterRecordId)
     */
    mergeInto?: (id: ApexId, old: SObject) => void;
    /** upsert key field (API name); default Id */
    externalIdField?: string;
}

/** Payload of the System.DmlException ApexPlatformError (`details`). */
export interface DmlExceptionDetails {
    op: DmlOp;
    failures: { index: number; id: ApexId | null; error: DmlError }[];
}

const OP_WORD: Record<DmlOp, string> = {
    insert: 'Insert',
    update: 'Update',
    upsert: 'Upsert',
    delete: 'Delete',
    undelete: 'Undelete'
};
const TRIGGER_WORD: Record<TriggerOp, string> = {
    insert: 'Insert',
    update: 'Update',
    delete: 'Delete',
    undelete: 'Undelete'
};

const CHUNK = 200;
const MAX_TRIGGER_DEPTH = 16;

const err = (statusCode: string, message: string, fields: string[] = []): DmlError => ({ statusCode, message, fields });

/** Label used in messages: metadata label, else the API name ([Known] messages use labels). */
const labelOf = (f: FieldInfo) => f.label ?? f.name;

/** Format the first failure the way DmlException.getMessage() shows it. */
export function formatDmlMessage(op: DmlOp, index: number, id: ApexId | null, e: DmlError): string {
    const withId = id ? ` with id ${id.value}` : '';
    return `${OP_WORD[op]} failed. First exception on row ${index}${withId}; first error: ${e.statusCode}, ${e.message}: [${e.fields.join(', ')}]`;
}

/**
 * Execute one DML statement / Database.* call. With allOrNone (default) a failure rolls the whole
 * statement back and throws System.DmlException (details: DmlExceptionDetails); otherwise per-row
 * results are returned (SaveResult / UpsertResult / DeleteResult / UndeleteResult data).
 */
export function executeDml(env: DmlEnv, op: DmlOp, records: SObject[], opts: DmlOptions = {}): DmlRowResult[] {
    const allOrNone = opts.allOrNone !== false;
    if (records.length === 0) return [];
    records.forEach((r, i) => {
        if (!(r instanceof SObject))
            throw new ApexPlatformError('System.NullPointerException', `Attempt to de-reference a null object`, {
                index: i
            });
    });
    const limits = currentLimits();
    limits.dml();
    limits.dmlRows(records.length);
    limits.uncommittedWork = true;

    // pre-checks that throw before anything runs
    for (const r of records) {
        checkPermissionSetupDml(env.db, r.info, op, [r], env.site);
        if (!r.info.createable || (r.info.insertable === false && (op === 'insert' || (op === 'upsert' && !r.id)))) {
            throw new ApexPlatformError(
                'System.TypeException',
                `DML operation ${op.toUpperCase()} not allowed on ${r.info.name}`
            );
        }
        checkAutomation(env, r.info);
    }
    if (opts.userMode) checkUserModeDml(env.db, opts.userMode, op, records, allOrNone, env.site);
    // optAllOrNone set with sObject.setOptions: how it combines with the statement's own all-or-none mode is not
    // documented; the same mode changes nothing, another one is Unsupported
    for (const r of records) {
        const own = r.dmlOptions?.optAllOrNone;
        if (own !== undefined && own !== null && own !== allOrNone)
            throw new ApexRuntimeUnsupported(
                `sObject.setOptions with optAllOrNone = ${own} in a DML statement that is ${allOrNone ? '' : 'not '}all-or-none`,
                env.site
            );
    }
    if (op === 'update' || op === 'delete' || op === 'undelete') {
        const seen = new Set<string>();
        for (const r of records) {
            const id = r.id;
            if (!id) continue;
            if (seen.has(id.value))
                throw new ApexPlatformError('System.ListException', `Duplicate id in list: ${id.value}`);
            seen.add(id.value);
        }
    }

    const setupKinds = records.map((r) => mixedKind(env.db, op, r));
    const mixed = mixedDmlConflict(env.db, records, setupKinds);
    if (mixed) {
        const results = records.map((r, i) => ({ index: i, id: r.id, success: false, errors: [mixed] }));
        if (allOrNone) {
            throw new ApexPlatformError('System.DmlException', formatDmlMessage(op, 0, records[0].id, mixed), {
                op,
                failures: results.map((r) => ({ index: r.index, id: r.id, error: mixed }))
            } satisfies DmlExceptionDetails);
        }
        return results;
    }

    const sp = env.db.savepoint();
    let results: DmlRowResult[];
    try {
        if (allOrNone) {
            results = runAttempt(
                env,
                op,
                records,
                records.map((_, i) => i),
                opts
            );
            const failed = results.filter((r) => !r.success);
            if (failed.length) {
                env.db.rollback(sp);
                const first = failed[0];
                const details: DmlExceptionDetails = {
                    op,
                    failures: failed.map((f) => ({ index: f.index, id: f.id, error: f.errors[0] }))
                };
                throw new ApexPlatformError(
                    'System.DmlException',
                    formatDmlMessage(op, first.index, first.id, first.errors[0]),
                    details
                );
            }
        } else {
            results = runPartial(env, op, records, opts, sp);
        }
    } catch (e) {
        env.db.rollback(sp); // idempotent: a no-op when the allOrNone path already rolled back
        throw e;
    }
    recordMixedDml(env.db, records, setupKinds, results);
    // copy Ids back to the caller's records (insert / upsert-insert)
    for (const r of results) {
        if (r.success && r.id && (op === 'insert' || op === 'upsert')) records[r.index].setRaw('Id', r.id);
    }
    return results.sort((a, b) => a.index - b.index);
}

/** allOrNone=false: retry the successful subset after a partial failure (max 3 attempts, §2 #41). */
function runPartial(env: DmlEnv, op: DmlOp, records: SObject[], opts: DmlOptions, sp: number): DmlRowResult[] {
    const final = new Map<number, DmlRowResult>();
    let active = records.map((_, i) => i);
    for (let attempt = 1; attempt <= 3 && active.length; attempt++) {
        const res = runAttempt(env, op, records, active, opts);
        const failed = res.filter((r) => !r.success);
        if (!failed.length) {
            res.forEach((r) => final.set(r.index, r));
            return [...final.values()];
        }
        env.db.rollback(sp);
        failed.forEach((r) => final.set(r.index, r));
        if (failed.length === res.length) return [...final.values()];
        active = res.filter((r) => r.success).map((r) => r.index);
        if (attempt === 3) {
            for (const i of active) {
                final.set(i, {
                    index: i,
                    id: records[i].id,
                    success: false,
                    errors: [
                        err(
                            'UNKNOWN_EXCEPTION',
                            'Too many batch retries in the presence of Apex triggers and partial failures.'
                        )
                    ]
                });
            }
        }
    }
    return [...final.values()];
}

function checkAutomation(env: DmlEnv, info: SObjectInfo) {
    if (!info.automation.length) return;
    const a = info.automation[0];
    const text = `declarative automation on ${info.name} DML: ${a.kind} ${a.name} (${a.file})`;
    if (env.automationMode === 'warn') env.onFidelityNote?.(text);
    else throw new ApexRuntimeUnsupported(text, env.site);
}

/** One attempt over `indices` (grouped by sObject type, chunks of 200). */
export function runAttempt(
    env: DmlEnv,
    op: DmlOp,
    records: SObject[],
    indices: number[],
    opts: DmlOptions
): DmlRowResult[] {
    if (op === 'upsert') return runUpsert(env, records, indices, opts);
    const out: DmlRowResult[] = [];
    // group by type, keeping first-appearance order
    const groups = new Map<string, number[]>();
    for (const i of indices) {
        const k = records[i].info.name;
        groups.set(k, [...(groups.get(k) ?? []), i]);
    }
    for (const idxs of groups.values()) {
        for (let c = 0; c < idxs.length; c += CHUNK) {
            out.push(...runChunk(env, op as TriggerOp, records, idxs.slice(c, c + CHUNK), opts));
        }
    }
    return out;
}

function runUpsert(env: DmlEnv, records: SObject[], indices: number[], opts: DmlOptions): DmlRowResult[] {
    const out: DmlRowResult[] = [];
    const toInsert: number[] = [];
    const toUpdate: number[] = [];
    for (const i of indices) {
        const r = records[i];
        const keyField = opts.externalIdField ? r.field(opts.externalIdField) : r.field('Id');
        if (keyField.name !== 'Id' && !keyField.externalId) {
            throw new ApexPlatformError(
                'System.SObjectException',
                `Invalid field for upsert, must be an External Id custom or standard indexed field: ${keyField.name}`
            );
        }
        if (keyField.name === 'Id') {
            (r.id ? toUpdate : toInsert).push(i);
            continue;
        }
        const key = r.getRaw(keyField.name);
        if (key === undefined || key === null) {
            toInsert.push(i);
            continue;
        }
        const matches = env.db
            .rows(r.info.name)
            .filter((row) => sameValue(row.get(keyField.name.toLowerCase()) ?? null, key, keyField.caseSensitive));
        if (matches.length > 1) {
            out.push({
                index: i,
                id: null,
                success: false,
                errors: [
                    err(
                        'DUPLICATE_EXTERNAL_ID',
                        `${labelOf(keyField)}: more than one record found for external id field: [${matches.map((m) => (m.get('id') as ApexId).value).join(', ')}]`,
                        [keyField.name]
                    )
                ]
            });
        } else if (matches.length === 1) {
            r.setRaw('Id', matches[0].get('id') as ApexId);
            toUpdate.push(i);
        } else toInsert.push(i);
    }
    const ins = runAttempt(env, 'insert', records, toInsert, { allowFieldTruncation: opts.allowFieldTruncation });
    ins.forEach((r) => (r.created = true));
    const upd = runAttempt(env, 'update', records, toUpdate, { allowFieldTruncation: opts.allowFieldTruncation });
    upd.forEach((r) => (r.created = false));
    return [...out, ...ins, ...upd];
}

function sameValue(a: ApexPrimitive, b: ApexPrimitive, caseSensitive: boolean): boolean {
    if (a === null || b === null) return false;
    if (a instanceof ApexId || b instanceof ApexId) return String(a) === String(b);
    if (typeof a === 'string' && typeof b === 'string')
        return caseSensitive ? a === b : a.toLowerCase() === b.toLowerCase();
    if (a instanceof ApexDecimal && b instanceof ApexDecimal) return a.compareTo(b) === 0;
    return String(a) === String(b);
}

// ---------------------------------------------------------------------------------------------
// one chunk of one type
// ---------------------------------------------------------------------------------------------

function runChunk(
    env: DmlEnv,
    op: TriggerOp,
    records: SObject[],
    idxs: number[],
    opts: DmlOptions = {}
): DmlRowResult[] {
    const db = env.db;
    const info = records[idxs[0]].info;
    const results = new Map<number, DmlRowResult>();
    const fail = (i: number, e: DmlError, id: ApexId | null = records[i].id) => {
        if (!results.has(i)) results.set(i, { index: i, id, success: false, errors: [e] });
    };

    // 1. operation checks; build Trigger.old / Trigger.new
    const live: number[] = [];
    const oldRows = new Map<number, Row>();
    for (const i of idxs) {
        const r = records[i];
        const id = r.id;
        // approval-process record locks (src/approval/locks.ts): the record itself, or a locked master of a detail
        const locked = (own: string | null, value: (k: string) => ApexPrimitive | undefined) =>
            opts.approvalFieldUpdate ? null : lockViolation(db, info, own, value, env.site);
        if (op === 'insert') {
            if (id) fail(i, err('INVALID_FIELD_FOR_INSERT_UPDATE', 'cannot specify Id in an insert call', ['Id']));
            else {
                const e = locked(null, (k) => r.getRaw(k));
                if (e) fail(i, e);
                else live.push(i);
            }
            continue;
        }
        if (!id) {
            fail(i, err('MISSING_ARGUMENT', `Id not specified in an ${op} call`), null);
            continue;
        }
        const found = db.getRow(id, true);
        // the error for a record emptied from the Recycle Bin is not documented (only that it cannot be undeleted)
        if (!found && db.isPurged(id))
            throw new ApexRuntimeUnsupported(`${op} of a record emptied from the Recycle Bin (${id.value})`, env.site);
        if (!found || found.info.name !== info.name) {
            fail(i, err('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id'));
            continue;
        }
        const deleted = found.row.get('isdeleted') === true;
        if (op === 'undelete' ? !deleted : deleted) {
            fail(
                i,
                op === 'undelete'
                    ? err('UNDELETE_FAILED', 'Entity is not in the recycle bin')
                    : err('ENTITY_IS_DELETED', 'entity is deleted')
            );
            continue;
        }
        const lockErr =
            locked(id.value, (k) => found.row.get(k)) ??
            (op === 'update' ? locked(null, (k) => r.getRaw(k) ?? found.row.get(k)) : null); // reparented detail
        if (lockErr) {
            fail(i, lockErr);
            continue;
        }
        oldRows.set(i, found.row);
        live.push(i);
    }

    const newRecs = new Map<number, SObject>();
    const oldRecs = new Map<number, SObject>();
    for (const i of live) {
        if (op === 'insert') {
            // a clone of a record holding an undecided derived value (UndecidedValue) inserts that unknown value
            const undecided = [...records[i].unmodelled.values()].find((u) => u.undecided);
            if (undecided) throw new ApexRuntimeUnsupported(`insert of a record holding ${undecided.gap}`, env.site);
            const rec = withDefaults(records[i], db.runningUserId, env.site);
            resolveExternalIdReferences(db, records[i], rec, env.site);
            // a hierarchy custom setting record without SetupOwnerId is the org-level record [Obs]: getOrgDefaults()
            // of an org without one is "an empty custom setting object", and `insert X__c.getOrgDefaults()` saves the
            // org defaults (NebulaLogger's Logger_Tests rely on it)
            if (info.customSettingsType === 'Hierarchy' && rec.getRaw('SetupOwnerId') == null && db.seeded.orgId)
                rec.setRaw('SetupOwnerId', new ApexId(db.seeded.orgId));
            newRecs.set(i, rec);
        } else if (op === 'update') {
            const merged = db.toSObject(info, oldRows.get(i)!);
            for (const [name, v] of records[i].storedValues()) {
                const f = info.fields.get(name.toLowerCase());
                if (!f || !f.updateable || f.system) {
                    if (f?.name === 'OwnerId' || (opts.allowReadOnlyFields && f && !f.system)) merged.setRaw(name, v);
                    continue;
                }
                merged.setRaw(name, v);
            }
            resolveExternalIdReferences(db, records[i], merged, env.site);
            newRecs.set(i, merged);
        } else if (op === 'undelete') {
            const rec = db.toSObject(info, oldRows.get(i)!);
            rec.setRaw('IsDeleted', false);
            newRecs.set(i, rec);
        }
        if (op === 'update' || op === 'delete') {
            const old = db.toSObject(info, oldRows.get(i)!);
            old.readOnly = true;
            oldRecs.set(i, old);
        }
    }

    const listOf = (m: Map<number, SObject>, order: number[]) => order.filter((i) => m.has(i)).map((i) => m.get(i)!);
    const fire = (
        timing: 'before' | 'after',
        order: number[],
        newList: SObject[] | null,
        oldList: SObject[] | null
    ) => {
        if (!env.fireTriggers || !order.length) return true;
        const ctx = activeContext();
        if (ctx.dmlTriggerDepth >= MAX_TRIGGER_DEPTH) {
            for (const i of order)
                fail(i, err('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', 'maximum trigger depth exceeded'));
            return false;
        }
        ctx.dmlTriggerDepth++;
        try {
            env.fireTriggers({ sobjectType: info.name, timing, op, newList, oldList });
            return true;
        } catch (e) {
            if (e instanceof TriggerExecutionError) {
                const when = `${timing === 'before' ? 'Before' : 'After'}${TRIGGER_WORD[op]}`;
                const msg = `${e.triggerName}: execution of ${when}\n\ncaused by: ${e.apexType}: ${e.apexMessage}${e.stackTrace ? `\n\n${e.stackTrace}` : ''}`;
                for (const i of order) fail(i, err('CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY', msg));
                return false;
            }
            throw e;
        } finally {
            ctx.dmlTriggerDepth--;
        }
    };

    // 2. before triggers (no before-undelete trigger exists)
    if (op !== 'undelete') {
        const newList = op === 'delete' ? null : listOf(newRecs, live);
        const oldList = op === 'insert' ? null : listOf(oldRecs, live);
        if (!fire('before', live, newList, oldList)) return finish();
    }
    collectAddErrors(live, op === 'delete' ? oldRecs : newRecs, fail);

    // 3. system validation + 4. save
    const unique = new UniqueIndex(db, info);
    const contentLinks: SObject[] = [];
    const deletedIds = new Set<string>();
    const saved: number[] = [];
    const afterNew = new Map<number, SObject>();
    for (const i of live) {
        if (results.has(i)) continue;
        if (op === 'insert' || op === 'update') {
            const rec = newRecs.get(i)!;
            const e =
                (op === 'insert' ? derivePricebookFields(db, info, rec) : null) ??
                validate(
                    db,
                    info,
                    rec,
                    op === 'update' ? rec.id!.value : null,
                    unique,
                    !!opts.allowFieldTruncation || records[i].dmlOptions?.allowFieldTruncation === true
                );
            if (e) {
                fail(i, e);
                continue;
            }
            const values = new Map<string, ApexPrimitive>();
            for (const [name, v] of rec.storedValues()) values.set(name.toLowerCase(), v);
            const before = op === 'update' ? oldRows.get(i) : undefined;
            const row = op === 'insert' ? db.insertRow(info, values) : db.updateRow(info, rec.id!.value, values);
            if (op === 'insert') insertIdAsName(info, row);
            if (op === 'insert' && info.name === 'ContentVersion') contentLinks.push(...publishContentVersion(db, row));
            if (info.name === 'User') syncProfileAssignment(db, (row.get('id') as ApexId).value);
            if (op === 'insert' && info.name === 'CollaborationGroup') {
                // the owner becomes a member with the Admin role ([Known]); inserted through the pipeline below
                const gm = new SObject(db.schema.getObject('CollaborationGroupMember')!);
                gm.setRaw('CollaborationGroupId', row.get('id') ?? null);
                gm.setRaw('MemberId', row.get('ownerid') ?? null);
                gm.setRaw('CollaborationRole', 'Admin');
                contentLinks.push(gm);
            }
            unique.update((row.get('id') as ApexId).value, before, row);
            const after = db.toSObject(info, row);
            after.readOnly = true;
            afterNew.set(i, after);
        } else if (op === 'delete') {
            const id = records[i].id!.value;
            opts.mergeInto?.(records[i].id!, oldRecs.get(i)!);
            db.deleteRow(info, id);
            deletedIds.add(id);
        } else {
            const id = records[i].id!.value;
            db.undeleteRow(info, id);
            cascadeUndelete(db, id);
            const after = db.toSObject(info, db.getRow(id)!.row);
            after.readOnly = true;
            afterNew.set(i, after);
        }
        saved.push(i);
    }

    // cascade once for the whole chunk (children are deleted without firing their triggers)
    cascadeDelete(db, info, deletedIds);
    // ContentDocumentLinks created by ContentVersion inserts go through the normal insert pipeline (their
    // triggers fire); no extra DML statement is counted for them.
    if (contentLinks.length) {
        const linkResults = runAttempt(
            env,
            'insert',
            contentLinks,
            contentLinks.map((_, k) => k),
            {}
        );
        const bad = linkResults.find((r) => !r.success);
        if (bad)
            throw new ApexPlatformError(
                'System.DmlException',
                formatDmlMessage('insert', bad.index, null, bad.errors[0])
            );
    }

    // 5. after triggers
    if (saved.length) {
        const newList = op === 'delete' ? null : listOf(afterNew, saved);
        const oldList = op === 'insert' || op === 'undelete' ? null : listOf(oldRecs, saved);
        if (fire('after', saved, newList, oldList)) {
            collectAddErrors(saved, op === 'delete' ? oldRecs : afterNew, fail);
        }
    }
    // 6. roll-ups of standard objects: Opportunity.Amount = Σ OpportunityLineItem.TotalPrice once the opportunity has
    // products (Object Reference "Opportunity": Amount "read-only if the opportunity has line items"). The parent
    // update goes through the normal pipeline, so Opportunity triggers fire (order of execution: roll-ups after
    // the child's after triggers).
    /** Ids in `field` of the new and old versions of the saved records (only the successful ones if asked). */
    const referencedIds = (field: string, successfulOnly: boolean) => {
        const ids = new Set<string>();
        for (const i of saved) {
            if (successfulOnly && results.has(i)) continue;
            for (const src of [afterNew.get(i), oldRecs.get(i)]) {
                const v = src?.getRaw(field);
                if (v instanceof ApexId) ids.add(v.value);
            }
        }
        return ids;
    };
    if (info.name === 'OpportunityLineItem' && saved.some((i) => !results.has(i))) {
        rollUpOpportunityAmounts(env, referencedIds('OpportunityId', true));
    }
    // CollaborationGroup.MemberCount follows its members (read-only count; no parent save procedure modelled)
    if (info.name === 'CollaborationGroupMember' && saved.length) {
        const groups = referencedIds('CollaborationGroupId', false);
        const gInfo = db.schema.getObject('CollaborationGroup')!;
        for (const g of groups) {
            if (!db.getRow(g)) continue;
            const n = db.rows('CollaborationGroupMember').filter((r) => {
                const x = r.get('collaborationgroupid');
                return x instanceof ApexId && x.value === g;
            }).length;
            db.updateRow(gInfo, g, new Map([['membercount', new ApexInteger(n)]]));
        }
    }
    // Order.TotalAmount = Σ OrderItem.TotalPrice (Object Reference "Order": TotalAmount, roll-up of the order
    // products); the order is saved through the pipeline (Order update triggers fire)
    if (info.name === 'OrderItem' && saved.some((i) => !results.has(i))) {
        rollUpOrderTotals(env, referencedIds('OrderId', true));
    }
    for (const i of saved) {
        if (!results.has(i)) {
            const id = op === 'insert' ? (afterNew.get(i)!.id as ApexId) : records[i].id;
            results.set(i, { index: i, id, success: true, errors: [] });
        }
    }
    return finish();

    function finish(): DmlRowResult[] {
        return idxs.filter((i) => results.has(i)).map((i) => results.get(i)!);
    }
}

function collectAddErrors(order: number[], recs: Map<number, SObject>, fail: (i: number, e: DmlError) => void) {
    for (const i of order) {
        const r = recs.get(i);
        if (r && r.errors.length) {
            const e = r.errors[0];
            fail(i, err(e.statusCode, e.message, e.fields));
        }
    }
}

/** Insert: a copy of `src` with picklist defaults and `defaultValue` formulas (dml/default-values.ts) on unset fields. */
/**
 * A parent given by an external Id (`child.Parent__r = new Parent__c(Ext__c = 'x')`) sets the lookup to the record
 * with that external Id, on insert, update and upsert (Apex Developer Guide, "Relating Records by Using an External
 * ID": "Associating records through the external ID field is an alternative to using the record ID"; "Creating
 * Parent and Child Records in a Single Statement Using Foreign Keys"). A reference that matches no record or
 * several, names more than one external Id, or comes with the lookup field also set fails on the platform with
 * errors whose text is not documented here: Unsupported. A parent given by its Id is left as before.
 */
function resolveExternalIdReferences(db: Database, src: SObject, target: SObject, site?: SourcePos): void {
    if (!src.parents.size) return;
    for (const f of src.info.fields.values()) {
        if (!f.referenceTo?.length || !f.relationshipName) continue;
        const parent = src.parents.get(f.relationshipName.toLowerCase());
        if (!(parent instanceof SObject) || parent.id) continue;
        const keys = [...parent.storedValues()]
            .map(([name, v]) => ({ field: parent.info.fields.get(name.toLowerCase()), v }))
            .filter((k) => k.field?.externalId && k.v !== null && k.v !== undefined);
        if (!keys.length) continue;
        const where = `${src.info.name}.${f.relationshipName}`;
        if (keys.length > 1)
            throw new ApexRuntimeUnsupported(`${where} given by more than one external Id field`, site);
        if (!f.referenceTo.some((t) => t.toLowerCase() === parent.info.name.toLowerCase()))
            throw new ApexRuntimeUnsupported(`${where} given by a ${parent.info.name} external Id`, site);
        const own = src.getRaw(f.name);
        if (own !== undefined && own !== null)
            throw new ApexRuntimeUnsupported(`${where} given by an external Id while ${f.name} is also set`, site);
        const key = keys[0];
        const kf = key.field!;
        const matches = db
            .rows(parent.info.name)
            .filter(
                (row) =>
                    row.get('isdeleted') !== true &&
                    sameValue(row.get(kf.name.toLowerCase()) ?? null, key.v as ApexPrimitive, !!kf.caseSensitive)
            );
        if (matches.length !== 1)
            throw new ApexRuntimeUnsupported(
                `${where} by external Id ${kf.name} matching ${matches.length} records (platform error text not documented)`,
                site
            );
        target.setRaw(f.name, matches[0].get('id') as ApexId);
    }
}

export function withDefaults(src: SObject, userId: string | null, site?: SourcePos): SObject {
    const rec = src.clone(false, false, true, true);
    rec.queried = null;
    for (const f of rec.info.fields.values()) {
        if (!f.createable || rec.isSet(f.name)) continue;
        const pick = f.picklistValues?.find((p) => p.isDefault);
        if (pick && f.defaultValue === undefined) {
            rec.setRaw(f.name, pick.value);
            continue;
        }
        if (f.defaultValue !== undefined) rec.setRaw(f.name, evalDefault(f, rec.info, userId, site));
    }
    return rec;
}

const TEXT_TYPES = new Set<string>(TEXT_FIELD_TYPES);

/**
 * The text Name field of a custom object (not a custom setting): required in the UI, but a record inserted through
 * the API or Apex without one is saved with its 15-character Id as the Name. [Obs] Salesforce Stack Exchange
 * "Id as Name after creating new object" (139392) and "Standard Name field required from standard page layout but not
 * from Apex code" (36801): `insert new CustomObject__c();` succeeds and Name holds the 15-character Id; no
 * Salesforce page states it.
 */
function idNamed(info: SObjectInfo, f: FieldInfo): boolean {
    return (
        info.custom &&
        !info.isCustomMetadata &&
        !info.customSettingsType &&
        f.name === 'Name' &&
        f.type === 'Text' &&
        !f.custom
    );
}

function insertIdAsName(info: SObjectInfo, row: Row): void {
    const f = info.fields.get('name');
    if (!f || !idNamed(info, f)) return;
    const v = row.get('name');
    if (v === undefined || v === null || v === '') row.set('name', (row.get('id') as ApexId).value.slice(0, 15));
}

/** System validation of one record (after before triggers). Returns the first error. */
function validate(
    db: Database,
    info: SObjectInfo,
    rec: SObject,
    selfId: string | null,
    unique: UniqueIndex,
    truncate = false
): DmlError | null {
    // required fields (all missing ones listed)
    const missing: string[] = [];
    for (const f of info.fields.values()) {
        if (!f.required || !f.createable) continue;
        const v = rec.getRaw(f.name);
        if (v !== undefined && v !== null && v !== '') continue;
        if (idNamed(info, f)) {
            // an insert takes the record Id as its Name (insertIdAsName); what an update that blanks it does is
            // not documented
            if (selfId === null) continue;
            throw new ApexRuntimeUnsupported(
                `update blanking the Name of a ${info.name} record (platform result unknown)`
            );
        }
        missing.push(f.name);
    }
    if (missing.length)
        return err('REQUIRED_FIELD_MISSING', `Required fields are missing: [${missing.join(', ')}]`, missing);

    for (const [name, v] of rec.storedValues()) {
        const f = info.fields.get(name.toLowerCase());
        if (!f || v === null) continue;
        if (
            truncate &&
            typeof v === 'string' &&
            TEXT_TYPES.has(f.type) &&
            f.type !== 'Picklist' &&
            f.type !== 'MultiselectPicklist' &&
            f.type !== 'Email' &&
            f.length !== undefined &&
            v.length > f.length
        ) {
            rec.setRaw(f.name, v.slice(0, f.length));
            continue;
        }
        if (typeof v === 'string' && TEXT_TYPES.has(f.type) && f.length !== undefined && v.length > f.length) {
            return err('STRING_TOO_LONG', `${labelOf(f)}: data value too large: ${v} (max length=${f.length})`, [
                f.name
            ]);
        }
        if (f.type === 'Picklist' && f.restrictedPicklist && f.picklistValues && typeof v === 'string') {
            if (!f.picklistValues.some((p) => p.value === v)) {
                return err(
                    'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
                    `${labelOf(f)}: bad value for restricted picklist field: ${v}`,
                    [f.name]
                );
            }
        }
        if (f.type === 'Email' && typeof v === 'string' && v !== '' && !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(v)) {
            return err('INVALID_EMAIL_ADDRESS', `${labelOf(f)}: invalid email address: ${v}`, [f.name]);
        }
        if (v instanceof ApexDecimal && f.precision !== undefined) {
            const intDigits = digitCount(v.setScale(0, 'DOWN').unscaled);
            const allowed = f.precision - (f.scale ?? 0);
            if (v.setScale(0, 'DOWN').signum() !== 0 && intDigits > allowed) {
                return err(
                    'NUMBER_OUTSIDE_VALID_RANGE',
                    `${labelOf(f)}: value outside of valid range on numeric field: ${v.toString()}`,
                    [f.name]
                );
            }
        }
        if ((f.type === 'Lookup' || f.type === 'MasterDetail') && f.referenceTo && v instanceof ApexId) {
            const target = db.getRow(v, true);
            const known = f.referenceTo.some((o) => db.schema.getObject(o));
            if (!target) {
                if (known) return err('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id', []);
            } else if (!f.referenceTo.some((o) => o.toLowerCase() === target.info.name.toLowerCase())) {
                return err(
                    'FIELD_INTEGRITY_EXCEPTION',
                    `field integrity exception: unknown (${labelOf(f)}: id value of incorrect type: ${v.value})`,
                    [f.name]
                );
            } else if (target.row.get('isdeleted') === true) {
                return err('ENTITY_IS_DELETED', 'entity is deleted', []);
            }
        }
    }
    // a custom price book entry needs a standard price first ([Obs] Knolle, "Salesforce Pricing Enhancements":
    // "FIELD_INTEGRITY_EXCEPTION, No standard price defined for this product")
    if (info.name === 'PricebookEntry' && db.seeded.standardPricebookId) {
        const pb = rec.getRaw('Pricebook2Id');
        const product = rec.getRaw('Product2Id');
        if (pb instanceof ApexId && pb.value !== db.seeded.standardPricebookId && product instanceof ApexId) {
            const hasStandard = db.rows('PricebookEntry').some((r) => {
                const rp = r.get('pricebook2id');
                const pr = r.get('product2id');
                return (
                    rp instanceof ApexId &&
                    rp.value === db.seeded.standardPricebookId &&
                    pr instanceof ApexId &&
                    pr.value === product.value
                );
            });
            if (!hasStandard) return err('FIELD_INTEGRITY_EXCEPTION', 'No standard price defined for this product', []);
        }
    }
    // uniqueness (unique / unique external id), respecting caseSensitive
    for (const f of info.fields.values()) {
        if (!f.unique) continue;
        const v = rec.getRaw(f.name);
        if (v === undefined || v === null || v === '') continue;
        const other = unique.lookup(f, v);
        if (other && other !== selfId) {
            const code = info.name === 'User' && f.name === 'Username' ? 'DUPLICATE_USERNAME' : 'DUPLICATE_VALUE';
            return err(code, `duplicate value found: ${f.name} duplicates value on record with id: ${other}`, []);
        }
    }
    return null;
}

const uniqueKey = (f: FieldInfo, v: ApexPrimitive): string => {
    const s = v instanceof ApexDecimal ? v.stripTrailingZeros().toString() : String(v);
    return f.caseSensitive ? s : s.toLowerCase();
};

/** Value → record Id index for the unique fields of one object, built lazily per chunk. */
class UniqueIndex {
    private idx = new Map<string, Map<string, string>>();
    constructor(
        private db: Database,
        private info: SObjectInfo
    ) {}
    private build(f: FieldInfo): Map<string, string> {
        let m = this.idx.get(f.name);
        if (!m) {
            m = new Map();
            for (const row of this.db.rows(this.info.name)) {
                const v = row.get(f.name.toLowerCase());
                if (v !== undefined && v !== null && v !== '') m.set(uniqueKey(f, v), (row.get('id') as ApexId).value);
            }
            this.idx.set(f.name, m);
        }
        return m;
    }
    lookup(f: FieldInfo, v: ApexPrimitive): string | undefined {
        return this.build(f).get(uniqueKey(f, v));
    }
    /** After a write: drop the record's old values, add the new ones. */
    update(id: string, before: Row | undefined, after: Row) {
        for (const [name, m] of this.idx) {
            const f = this.info.fields.get(name.toLowerCase())!;
            const old = before?.get(name.toLowerCase());
            if (old !== undefined && old !== null && m.get(uniqueKey(f, old)) === id) m.delete(uniqueKey(f, old));
            const nv = after.get(name.toLowerCase());
            if (nv !== undefined && nv !== null && nv !== '') m.set(uniqueKey(f, nv), id);
        }
    }
}

/**
 * Cascade on delete: Master-Detail children (and Account's Contacts/Opportunities/Cases) are deleted
 * without firing their triggers; other lookups to the record are cleared (SetNull).
 */
function cascadeDelete(db: Database, info: SObjectInfo, ids: Set<string>) {
    if (!ids.size) return;
    const cascadeStandard = info.name === 'Account' ? new Set(['contact', 'opportunity', 'case']) : new Set<string>();
    for (const rel of info.childRelationships.values()) {
        const child = db.schema.getObject(rel.childObject);
        if (!child) continue;
        const f = child.fields.get(rel.field.toLowerCase())!;
        const cascade = rel.cascadeDelete || cascadeStandard.has(child.name.toLowerCase());
        const childIds = new Set<string>();
        for (const row of db.rows(child.name)) {
            const v = row.get(rel.field.toLowerCase());
            if (!(v instanceof ApexId) || !ids.has(v.value)) continue;
            const cid = (row.get('id') as ApexId).value;
            if (cascade) childIds.add(cid);
            else if (f.type === 'Lookup' && !f.required)
                db.updateRow(child, cid, new Map([[rel.field.toLowerCase(), null]]));
        }
        if (childIds.size) {
            cascadeDelete(db, child, childIds);
            for (const row of db.rows(child.name)) {
                const cid = (row.get('id') as ApexId).value;
                if (!childIds.has(cid)) continue;
                db.deleteRow(child, cid);
                db.cascadeLog.set(cid, (row.get(rel.field.toLowerCase()) as ApexId).value);
            }
        }
    }
}

// ---------------------------------------------------------------------------------------------
// mixed DML (Apex Developer Guide, "sObjects That Cannot Be Used Together in DML Operations")
// ---------------------------------------------------------------------------------------------

const SETUP_OBJECTS = new Set([
    'fieldpermissions',
    'groupmember',
    'objectpermissions',
    'permissionset',
    'permissionsetassignment',
    'permissionsetgroup',
    'queuesobject',
    'setupentityaccess',
    'userrole',
    'territory2',
    'territory2model',
    'userterritory2association'
]);
const USER_SETUP_FIELDS = ['userroleid', 'isactive', 'forecastenabled', 'isportalenabled', 'username', 'profileid'];

type MixedKind = 'setup' | 'nonSetup' | 'neutral';

/**
 * Mixed-DML class of this DML on `rec`: the listed setup objects are 'setup'; Group is 'neutral' for
 * insert/update ("You can only insert and update a group in a transaction with other sObjects") and
 * 'setup' for delete; User is 'neutral' unless inserted with a UserRoleId or updated in one of
 * UserRoleId, IsActive, ForecastEnabled, IsPortalEnabled, Username, ProfileId (then 'setup');
 * everything else is 'nonSetup'. Neutral DML neither conflicts nor blocks later DML.
 */
function mixedKind(db: Database, op: DmlOp, rec: SObject): MixedKind {
    const n = rec.info.name.toLowerCase();
    if (SETUP_OBJECTS.has(n)) return 'setup';
    if (n === 'group') return op === 'delete' ? 'setup' : 'neutral';
    if (n !== 'user') return 'nonSetup';
    const role = rec.getRaw('UserRoleId');
    if (!rec.id) return role !== undefined && role !== null ? 'setup' : 'neutral';
    const row = db.getRow(rec.id)?.row;
    if (!row) return 'neutral';
    const changed = USER_SETUP_FIELDS.some((f) => {
        const v = rec.getRaw(f);
        return v !== undefined && String(v) !== String(row.get(f) ?? null);
    });
    return changed ? 'setup' : 'neutral';
}

function mixedDmlConflict(db: Database, records: SObject[], kinds: MixedKind[]): DmlError | null {
    if (!db.enforceMixedDml) return null;
    for (let i = 0; i < records.length; i++) {
        if (kinds[i] === 'neutral') continue;
        const other = kinds[i] === 'setup' ? db.mixedDml.nonSetup : db.mixedDml.setup;
        if (other) {
            return err(
                'MIXED_DML_OPERATION',
                `DML operation on setup object is not permitted after you have updated a non-setup object (or vice versa): ${records[i].info.name}, original object: ${other}`
            );
        }
    }
    return null;
}

function recordMixedDml(db: Database, records: SObject[], kinds: MixedKind[], results: DmlRowResult[]) {
    for (const res of results) {
        if (!res.success) continue;
        const k = kinds[res.index];
        if (k === 'setup') db.mixedDml.setup ??= records[res.index].info.name;
        else if (k === 'nonSetup') db.mixedDml.nonSetup ??= records[res.index].info.name;
    }
}

/** Undelete restores the records that were deleted with the parent by cascade ([Known], Recycle Bin). */
function cascadeUndelete(db: Database, parentId: string) {
    for (const [childId, pid] of [...db.cascadeLog]) {
        if (pid !== parentId) continue;
        db.cascadeLog.delete(childId);
        const found = db.getRow(childId, true);
        if (found && found.row.get('isdeleted') === true) {
            db.undeleteRow(found.info, childId);
            cascadeUndelete(db, childId);
        }
    }
}

/**
 * Inserting a ContentVersion without ContentDocumentId creates its ContentDocument (Title, LatestPublishedVersionId,
 * FileType/FileExtension/ContentSize, owner) and a ContentDocumentLink to the owner (ShareType I) plus one to
 * FirstPublishLocationId when set (Object Reference "ContentVersion": FirstPublishLocationId "ID of the location where
 * the version was first published"; ContentDocumentLink; [Obs] the owner link is returned by
 * `SELECT … FROM ContentDocumentLink WHERE ContentDocumentId = :id`). With ContentDocumentId set, a new version of that
 * document: VersionNumber + 1, earlier versions IsLatest = false, the document's LatestPublishedVersionId/Title move.
 * Returns the links still to insert (their triggers fire through the normal pipeline).
 */
function publishContentVersion(db: Database, row: Row): SObject[] {
    const schema = db.schema;
    const docInfo = schema.getObject('ContentDocument')!;
    const linkInfo = schema.getObject('ContentDocumentLink')!;
    const id = row.get('id') as ApexId;
    const pathOnClient = row.get('pathonclient');
    const ext = typeof pathOnClient === 'string' && /\.([^./\\]+)$/.exec(pathOnClient);
    const extension = ext ? ext[1].toLowerCase() : null;
    const body = row.get('versiondata');
    // the platform's Title default from PathOnClient is not pinned (with or without the extension?) → unsupported
    if (!row.get('title'))
        throw new ApexRuntimeUnsupported('ContentVersion insert without Title (platform default unverified)');
    // a file version with no bytes: orgs reject it ([Obs] a public sample's test expects the insert to fail), with an
    // error the documentation does not give → unsupported, never a silent success
    if (body instanceof ApexBlob && body.size() === 0 && typeof row.get('contenturl') !== 'string')
        throw new ApexRuntimeUnsupported(
            'ContentVersion insert with an empty VersionData (platform error not documented)'
        );
    row.set('fileextension', extension);
    row.set('filetype', fileTypeOf(extension, typeof row.get('contenturl') === 'string'));
    row.set(
        'contentsize',
        body && typeof body === 'object' && 'size' in body ? new ApexInteger((body as { size(): number }).size()) : null
    );
    row.set('islatest', true);
    const existing = row.get('contentdocumentid');
    if (existing instanceof ApexId) {
        const versions = db.rows('ContentVersion').filter((r) => {
            const d = r.get('contentdocumentid');
            return d instanceof ApexId && d.value === existing.value && (r.get('id') as ApexId).value !== id.value;
        });
        for (const v of versions)
            if (v.get('islatest') === true)
                db.updateRow(
                    schema.getObject('ContentVersion')!,
                    (v.get('id') as ApexId).value,
                    new Map([['islatest', false]])
                );
        row.set('versionnumber', String(versions.length + 1));
        db.updateRow(
            docInfo,
            existing.value,
            new Map<string, ApexPrimitive>([
                ['latestpublishedversionid', id],
                ['title', row.get('title') ?? null],
                ['fileextension', extension],
                ['filetype', row.get('filetype') ?? null],
                ['contentsize', row.get('contentsize') ?? null]
            ])
        );
        return [];
    }
    row.set('versionnumber', '1');
    const doc = db.insertRow(
        docInfo,
        new Map<string, ApexPrimitive>([
            ['title', row.get('title') ?? null],
            ['latestpublishedversionid', id],
            ['fileextension', extension],
            ['filetype', row.get('filetype') ?? null],
            ['contentsize', row.get('contentsize') ?? null],
            ['publishstatus', 'P'],
            ['ownerid', row.get('ownerid') ?? null]
        ])
    );
    const docId = doc.get('id') as ApexId;
    row.set('contentdocumentid', docId);
    const links: SObject[] = [];
    const link = (entity: ApexPrimitive, shareType: string) => {
        const l = new SObject(linkInfo);
        l.setRaw('ContentDocumentId', docId);
        l.setRaw('LinkedEntityId', entity);
        l.setRaw('ShareType', shareType);
        l.setRaw('Visibility', 'AllUsers');
        links.push(l);
    };
    const owner = row.get('ownerid') ?? (db.runningUserId ? new ApexId(db.runningUserId) : null);
    if (owner) link(owner, 'I');
    const first = row.get('firstpublishlocationid');
    if (first instanceof ApexId && (!(owner instanceof ApexId) || first.value !== owner.value)) link(first, 'V');
    return links;
}

/** ContentVersion.FileType from the extension (Object Reference: "FileType … determined by ContentUrl or PathOnClient"). */
function fileTypeOf(ext: string | null, isLink: boolean): string | null {
    if (isLink) return 'LINK';
    if (!ext) return 'UNKNOWN';
    const map: Record<string, string> = {
        txt: 'TEXT',
        csv: 'CSV',
        pdf: 'PDF',
        png: 'PNG',
        jpg: 'JPG',
        jpeg: 'JPEG',
        gif: 'GIF',
        doc: 'WORD',
        docx: 'WORD_X',
        xls: 'EXCEL',
        xlsx: 'EXCEL_X',
        ppt: 'POWER_POINT',
        pptx: 'POWER_POINT_X',
        zip: 'ZIP',
        xml: 'XML',
        html: 'HTML',
        htm: 'HTML',
        json: 'JSON',
        js: 'JAVASCRIPT',
        rtf: 'RTF',
        mp4: 'MP4',
        mp3: 'MP3',
        // [Obs] trailheadapps/redwoods-insurance: a 'Test.M4A' version is found by `ContentDocument.FileType IN ('M4A')`
        // in a test that passes in orgs
        m4a: 'M4A'
    };
    return map[ext] ?? 'UNKNOWN';
}

/**
 * PricebookEntry insert: Name / ProductCode from the product.
 * OpportunityLineItem / OrderItem insert: Product2Id and ListPrice come from the PricebookEntry; the parent's price book
 * is set from the entry when empty; an entry of another price book is refused ([Known] "FIELD_INTEGRITY_EXCEPTION,
 * field integrity exception: PricebookEntryId (pricebook entry is in a different pricebook than the one assigned to
 * the opportunity)" — wording unverified; Order: "…assigned to the Order, or Order has null pricebook").
 */
function derivePricebookFields(db: Database, info: SObjectInfo, rec: SObject): DmlError | null {
    if (info.name === 'PricebookEntry') {
        // Name and ProductCode mirror the product (Object Reference "PricebookEntry": read-only, from Product2)
        const pid = rec.getRaw('Product2Id');
        const prod = pid instanceof ApexId ? db.getRow(pid) : undefined;
        if (prod) {
            rec.setRaw('Name', prod.row.get('name') ?? null);
            rec.setRaw('ProductCode', prod.row.get('productcode') ?? null);
        }
        return null;
    }
    if (info.name !== 'OpportunityLineItem' && info.name !== 'OrderItem') return null;
    const pbeId = rec.getRaw('PricebookEntryId');
    if (!(pbeId instanceof ApexId)) return null;
    const pbe = db.getRow(pbeId);
    if (!pbe || pbe.info.name !== 'PricebookEntry') return null; // validate() reports the bad reference
    const product = pbe.row.get('product2id') ?? null;
    const cur = rec.getRaw('Product2Id');
    if (cur === undefined || cur === null) rec.setRaw('Product2Id', product);
    rec.setRaw('ListPrice', pbe.row.get('unitprice') ?? null);
    if (info.name === 'OpportunityLineItem') {
        const unit = rec.getRaw('UnitPrice');
        const total = rec.getRaw('TotalPrice');
        if ((unit === undefined || unit === null) && (total === undefined || total === null)) {
            // UnitPrice defaults to the entry's price when neither price is given (Object Reference "OpportunityLineItem")
            rec.setRaw('UnitPrice', pbe.row.get('unitprice') ?? null);
        }
    }
    const parentField = info.name === 'OpportunityLineItem' ? 'OpportunityId' : 'OrderId';
    const parentId = rec.getRaw(parentField);
    const parent = parentId instanceof ApexId ? db.getRow(parentId) : undefined;
    if (!parent) return null;
    const entryBook = pbe.row.get('pricebook2id');
    const parentBook = parent.row.get('pricebook2id') ?? null;
    if (parentBook === null && info.name === 'OpportunityLineItem' && entryBook instanceof ApexId) {
        db.updateRow(parent.info, (parent.row.get('id') as ApexId).value, new Map([['pricebook2id', entryBook]]));
        return null;
    }
    if (!(parentBook instanceof ApexId) || !(entryBook instanceof ApexId) || parentBook.value !== entryBook.value) {
        const which =
            info.name === 'OpportunityLineItem' ? 'the opportunity' : 'the Order, or Order has null pricebook';
        return err(
            'FIELD_INTEGRITY_EXCEPTION',
            `field integrity exception: PricebookEntryId (pricebook entry is in a different pricebook than the one assigned to ${which})`,
            ['PricebookEntryId']
        );
    }
    return null;
}

/** Opportunity.Amount roll-up (see runChunk step 6). With no line items left the Amount is kept (unverified). */
function rollUpOpportunityAmounts(env: DmlEnv, oppIds: Set<string>) {
    const db = env.db;
    const oppInfo = db.schema.getObject('Opportunity')!;
    const updates: SObject[] = [];
    for (const id of oppIds) {
        const opp = db.getRow(id);
        if (!opp || opp.row.get('isdeleted') === true) continue;
        const lines = db.rows('OpportunityLineItem').filter((r) => {
            const o = r.get('opportunityid');
            return o instanceof ApexId && o.value === id;
        });
        const has = lines.length > 0;
        if (opp.row.get('hasopportunitylineitem') !== has && oppInfo.fields.has('hasopportunitylineitem'))
            db.updateRow(oppInfo, id, new Map([['hasopportunitylineitem', has]]));
        if (!lines.length) continue;
        let sum = ApexDecimal.parse('0');
        for (const l of lines) {
            const t = l.get('totalprice');
            if (t instanceof ApexDecimal) sum = sum.add(t);
        }
        const cur = opp.row.get('amount');
        if (cur instanceof ApexDecimal && cur.compareTo(sum) === 0) continue;
        const u = new SObject(oppInfo);
        u.setRaw('Id', new ApexId(id));
        u.setRaw('Amount', sum);
        updates.push(u);
    }
    updateOrThrow(env, updates, {});
}

function rollUpOrderTotals(env: DmlEnv, orderIds: Set<string>) {
    const db = env.db;
    const info = db.schema.getObject('Order')!;
    if (!info.fields.has('totalamount')) return;
    const updates: SObject[] = [];
    for (const id of orderIds) {
        const order = db.getRow(id);
        if (!order) continue;
        let sum = ApexDecimal.parse('0');
        for (const l of db.rows('OrderItem')) {
            const o = l.get('orderid');
            const t = l.get('totalprice');
            if (o instanceof ApexId && o.value === id && t instanceof ApexDecimal) sum = sum.add(t);
        }
        const cur = order.row.get('totalamount');
        if (cur instanceof ApexDecimal && cur.compareTo(sum) === 0) continue;
        const u = new SObject(info);
        u.setRaw('Id', new ApexId(id));
        u.setRaw('TotalAmount', sum);
        updates.push(u);
    }
    updateOrThrow(env, updates, { allowReadOnlyFields: true });
}

/** Platform-side update of derived values; the first failure becomes a DmlException. */
function updateOrThrow(env: DmlEnv, updates: SObject[], opts: DmlOptions) {
    if (!updates.length) return;
    const res = runAttempt(
        env,
        'update',
        updates,
        updates.map((_, k) => k),
        opts
    );
    const bad = res.find((r) => !r.success);
    if (bad)
        throw new ApexPlatformError(
            'System.DmlException',
            formatDmlMessage('update', bad.index, bad.id, bad.errors[0])
        );
}
