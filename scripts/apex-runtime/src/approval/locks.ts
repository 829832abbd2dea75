/**
 * Approval-process record locks and who may write a locked record.
 *
 * Rules and sources:
 * - A record in an approval process is locked; "Salesforce admins can edit locked records. Depending on your approval
 *   process configuration settings, an assigned approver can also edit locked records. Locks and unlocks that are set
 *   programmatically use the same record editability settings" (Apex Reference, "Approval Class",
 *   https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexcode/apex_methods_system_approval.htm).
 *   Admin = "Modify All Data", or "Modify All" on the locked record's object (ProcessDefinition.LockType: "only an
 *   administrator can edit it. However, the currently assigned approver can also be allowed to edit the record",
 *   Object Reference "ProcessDefinition"); the current approver only with recordEditability AdminOrCurrentApprover.
 * - Detail records of a locked master share its lock; lookup children do not (douglascayers.com 2017-04-24 "How to
 *   lock related lists", citing the Salesforce docs); a trigger fired by an approval's field update that writes
 *   master-detail children fails for non-admins with ENTITY_IS_LOCKED, "the entity is locked for editing"
 *   (developer.salesforce.com/forums/ForumsMain?id=906F000000091ZWIAY; salesforce.stackexchange.com/q/267852).
 *   Running in system mode or without sharing does not lift the lock.
 * - The approval's own field updates write the locked record (the engine passes `approvalFieldUpdate`); DML that
 *   triggers make in the same transaction is checked like any other DML.
 * Not decided here (→ unsupported): whether the approver still is the "current approver" while the final actions of
 * the decision run (AdminOrCurrentApprover), users whose profile the access model does not know (whether they hold Modify
 * All Data is unknown).
 */
import { ApexRuntimeUnsupported, type SourcePos } from '../errors';
import { ApexId, type ApexPrimitive } from '../values';
import { AccessModel, type Database } from '../db';
import type { SObjectInfo } from '../schema';
import type { RecordEditability } from './definitions';

export interface RecordLock {
    editability: RecordEditability;
}

/** A submitted record waiting for its (single) approver. */
export interface PendingApproval {
    instanceId: string;
    workitemId: string;
    processFullName: string;
    recordId: string;
    objectName: string;
    submitterId: string;
    approverId: string;
    /** true while the final approval / rejection / recall actions run */
    deciding?: boolean;
}

export interface ApprovalState {
    /** record Id (18) → lock */
    locks: ReadonlyMap<string, RecordLock>;
    /** record Id (18) → its pending approval */
    pending: ReadonlyMap<string, PendingApproval>;
    /** work item Id (18) → record Id (18) */
    workitems: ReadonlyMap<string, string>;
}

const KEY = 'approval';
const EMPTY: ApprovalState = { locks: new Map(), pending: new Map(), workitems: new Map() };

export function approvalState(db: Database): ApprovalState {
    return db.getSide<ApprovalState>(KEY) ?? EMPTY;
}

/** Replace the state through a mutable copy (journaled: rolled back with the transaction's rows). */
export function changeApprovalState(
    db: Database,
    fn: (s: {
        locks: Map<string, RecordLock>;
        pending: Map<string, PendingApproval>;
        workitems: Map<string, string>;
    }) => void
): void {
    const cur = approvalState(db);
    const draft = { locks: new Map(cur.locks), pending: new Map(cur.pending), workitems: new Map(cur.workitems) };
    fn(draft);
    db.setSide(KEY, draft);
}

export const id18 = (id: ApexId | string): string => (id instanceof ApexId ? id : new ApexId(id)).value;

const KNOWN_PROFILES = new Set(['System Administrator', 'Standard User', 'Minimum Access - Salesforce']);

/** Whether `userId` may write a record locked by `lock` (the record `recordId` of `objectName`). */
export function mayEditLocked(
    db: Database,
    userId: string,
    objectName: string,
    recordId: string,
    lock: RecordLock,
    site?: SourcePos
): boolean {
    if (!userId)
        throw new ApexRuntimeUnsupported('editing a record locked by an approval process (no running user)', site);
    const g = new AccessModel(db).grants(userId);
    if (g.modifyAllData || g.objects.get(objectName.toLowerCase())?.modifyAll) return true;
    if (lock.editability === 'AdminOrCurrentApprover') {
        const p = approvalState(db).pending.get(recordId);
        if (p && p.approverId === id18(userId)) {
            // whether the approver still counts as "current" while the final actions run is not documented
            if (p.deciding)
                throw new ApexRuntimeUnsupported(
                    'the approver writing a record locked AdminOrCurrentApprover during the final approval actions',
                    site
                );
            return true;
        }
    }
    if (!KNOWN_PROFILES.has(g.profile))
        throw new ApexRuntimeUnsupported(
            `editing a record locked by an approval process as a user of profile '${g.profile}' (Modify All Data unknown)`,
            site
        );
    return false;
}

/** The lock over a record: its own, or (master-detail) the nearest locked master's. */
export function lockOver(
    db: Database,
    info: SObjectInfo,
    recordId: string | null,
    value: (fieldLc: string) => ApexPrimitive | undefined,
    depth = 0
): { recordId: string; objectName: string; lock: RecordLock } | null {
    const { locks } = approvalState(db);
    if (!locks.size) return null;
    if (recordId) {
        const own = locks.get(recordId);
        if (own) return { recordId, objectName: info.name, lock: own };
    }
    if (depth > 5) return null;
    for (const f of info.fields.values()) {
        if (f.type !== 'MasterDetail') continue;
        const pid = value(f.name.toLowerCase());
        if (!(pid instanceof ApexId)) continue;
        const parent = db.getRow(pid, true);
        if (!parent) continue;
        const hit = lockOver(db, parent.info, pid.value, (k) => parent.row.get(k), depth + 1);
        if (hit) return hit;
    }
    return null;
}

/**
 * ENTITY_IS_LOCKED for DML on a locked record or on a detail of a locked master, by the running user; null when the
 * DML may proceed. `own` = the record's own Id (update/delete/undelete), null on insert.
 */
export function lockViolation(
    db: Database,
    info: SObjectInfo,
    own: string | null,
    value: (fieldLc: string) => ApexPrimitive | undefined,
    site?: SourcePos
): { statusCode: string; message: string; fields: string[] } | null {
    const hit = lockOver(db, info, own, value);
    if (!hit || mayEditLocked(db, db.runningUserId, hit.objectName, hit.recordId, hit.lock, site)) return null;
    return { statusCode: 'ENTITY_IS_LOCKED', message: 'the entity is locked for editing', fields: [] };
}
