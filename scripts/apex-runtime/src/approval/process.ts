/**
 * Approval.process: submit (ProcessSubmitRequest), Approve / Reject / Removed (ProcessWorkitemRequest) against the
 * project's approval processes (definitions.ts), with the record locks of locks.ts.
 *
 * Rules and sources (Apex Reference "Approval Class", "ProcessSubmitRequest Class", "ProcessWorkitemRequest Class",
 * "ProcessResult Class"; Metadata API "ApprovalProcess"; Salesforce Help "Approval Process Actions"):
 * - Submit: the record must match the entry criteria of an active process of its object (unless
 *   setSkipEntryCriteria(true)) and must not already be pending; the record is locked (recordEditability), a work item
 *   is assigned to the step's approver, then the initial submission actions run. Result status `Pending`.
 * - Approve / Reject: the final approval / rejection actions run while the record is still locked, then the record is
 *   locked or unlocked as finalApprovalRecordLock / finalRejectionRecordLock say. Result status `Approved` / `Rejected`.
 * - Removed (recall): the recall actions run, then the record is unlocked. Result status `Removed`.
 * - Field updates are one `update` of the records per action group, run as the running user: before/after update
 *   triggers fire and DML those triggers make is checked against the locks like any DML ("Triggers and Order of
 *   Execution"); the field update itself may write the locked record.
 * - A failure with allOrNone (the default) throws System.DmlException `Process failed. First exception on row N;
 *   first error: CODE, message: []`; the errors NO_APPLICABLE_PROCESS "No applicable approval process was found." and
 *   ALREADY_IN_PROCESS "Cannot submit object already in process." are the platform's ([Known], not pinned to a page).
 * Not modelled (unsupported, never guessed): several active processes on one object (their order is not in the
 * metadata), submitters outside `owner`/`creator`, an adhoc step without a chosen approver, acting on a work item as
 * someone who is neither its approver nor an admin, unknown work items, every construct definitions.ts lists.
 * Approximations (docs/apex-runtime.md): each action group's field update counts as one DML statement; whether an
 * approval field update fires the update triggers a second time (workflow re-fire) is not modelled.
 */
import { ApexPlatformError, ApexRuntimeUnsupported, type SourcePos } from '../errors';
import { ApexId } from '../values';
import { AccessModel, SObject, type Database } from '../db';
import type { SchemaRegistry } from '../schema';
import { executeDml, type DmlEnv, type DmlError } from '../dml/dml';
import { approvalProcesses, type ApprovalProcessDef, type FieldUpdateDef } from './definitions';
import { approvalState, changeApprovalState, id18, type PendingApproval } from './locks';

export interface ApprovalCtx {
    db: Database;
    schema: SchemaRegistry;
    env: DmlEnv;
    site: SourcePos;
}

export interface SubmitRequest {
    kind: 'submit';
    objectId: string | null;
    submitterId: string | null;
    nextApproverIds: string[];
    processNameOrId: string | null;
    skipEntryCriteria: boolean;
}

export interface WorkitemRequest {
    kind: 'workitem';
    workitemId: string | null;
    action: string | null;
    nextApproverIds: string[];
}

export interface ProcessOutcome {
    entityId: string | null;
    instanceId: string | null;
    instanceStatus: string | null;
    newWorkitemIds: string[];
    actorIds: string[];
    errors: DmlError[];
}

type Step = 'submit' | 'approve' | 'reject' | 'recall';

interface Plan {
    index: number;
    step: Step;
    recordId: string;
    def: ApprovalProcessDef;
    /** submit: new pending approval; otherwise the one being decided */
    pending: PendingApproval;
}

const STATUS: Record<Step, string> = { submit: 'Pending', approve: 'Approved', reject: 'Rejected', recall: 'Removed' };
const fail = (statusCode: string, message: string): DmlError => ({ statusCode, message, fields: [] });

/** Runs the requests; throws DmlException on a failure when allOrNone. */
export function processRequests(
    ctx: ApprovalCtx,
    requests: (SubmitRequest | WorkitemRequest)[],
    allOrNone: boolean
): ProcessOutcome[] {
    const outcomes: ProcessOutcome[] = requests.map(() => ({
        entityId: null,
        instanceId: null,
        instanceStatus: null,
        newWorkitemIds: [],
        actorIds: [],
        errors: []
    }));
    const plans: Plan[] = [];
    const seen = new Set<string>();
    requests.forEach((r, index) => {
        const p = r.kind === 'submit' ? planSubmit(ctx, r, index) : planWorkitem(ctx, r, index);
        if ('statusCode' in p) outcomes[index].errors.push(p);
        else if (seen.has(p.recordId))
            unsupported(ctx, 'two approval requests for one record in one Approval.process call');
        else {
            seen.add(p.recordId);
            plans.push(p);
        }
    });
    throwFirst(outcomes, allOrNone);
    const sp = ctx.db.savepoint();
    let active = plans;
    // allOrNone=false: like DML, roll back and retry the requests that succeeded (at most 3 attempts)
    for (let attempt = 1; attempt <= 3 && active.length; attempt++) {
        const failed = run(ctx, active);
        if (!failed.size) break;
        ctx.db.rollback(sp);
        for (const [i, e] of failed) outcomes[i].errors.push(e);
        if (allOrNone) throwFirst(outcomes, true);
        active = active.filter((p) => !failed.has(p.index));
        if (attempt === 3) unsupported(ctx, 'Approval.process partial failure after 3 attempts');
    }
    for (const p of active) {
        const o = outcomes[p.index];
        o.entityId = p.recordId;
        o.instanceId = p.pending.instanceId;
        o.instanceStatus = STATUS[p.step];
        if (p.step === 'submit') {
            o.newWorkitemIds = [p.pending.workitemId];
            o.actorIds = [p.pending.approverId];
        }
    }
    return outcomes;
}

function throwFirst(outcomes: ProcessOutcome[], allOrNone: boolean) {
    if (!allOrNone) return;
    const i = outcomes.findIndex((o) => o.errors.length);
    if (i < 0) return;
    const e = outcomes[i].errors[0];
    throw new ApexPlatformError(
        'System.DmlException',
        `Process failed. First exception on row ${i}; first error: ${e.statusCode}, ${e.message}: []`,
        { op: 'update', failures: [{ index: i, id: null, error: e }] }
    );
}

function unsupported(ctx: ApprovalCtx, what: string): never {
    throw new ApexRuntimeUnsupported(what, ctx.site);
}

function usable(ctx: ApprovalCtx, def: ApprovalProcessDef): ApprovalProcessDef {
    if (def.unsupported.length)
        unsupported(ctx, `approval process ${def.fullName}: ${def.unsupported.join('; ')} (${def.file})`);
    return def;
}

function planSubmit(ctx: ApprovalCtx, r: SubmitRequest, index: number): Plan | DmlError {
    const { db } = ctx;
    if (!r.objectId) return unsupported(ctx, 'Approval.ProcessSubmitRequest without an object Id');
    const found = db.getRow(r.objectId);
    if (!found) return unsupported(ctx, `Approval.process of a record that does not exist (${r.objectId})`);
    const recordId = id18(r.objectId);
    if (approvalState(db).pending.has(recordId))
        return fail('ALREADY_IN_PROCESS', 'Cannot submit object already in process.');
    const active = approvalProcesses(ctx.schema).filter((d) => d.active && d.object === found.info.name);
    let def: ApprovalProcessDef | undefined;
    if (r.processNameOrId) {
        def = active.find((d) => d.name === r.processNameOrId);
        if (!def)
            return unsupported(
                ctx,
                `Approval.process with process ${r.processNameOrId} (not an active process of ${found.info.name})`
            );
    } else if (active.length > 1) {
        return unsupported(
            ctx,
            `${active.length} active approval processes on ${found.info.name} (their order is not in the metadata)`
        );
    } else def = active[0];
    if (!def) return fail('NO_APPLICABLE_PROCESS', 'No applicable approval process was found.');
    usable(ctx, def);
    if (!r.skipEntryCriteria && !matches(ctx, def, found.row))
        return fail('NO_APPLICABLE_PROCESS', 'No applicable approval process was found.');
    const submitterId = id18(r.submitterId ?? db.runningUserId);
    const isOwner = (found.row.get('ownerid') as ApexId | undefined)?.value === submitterId;
    const isCreator = (found.row.get('createdbyid') as ApexId | undefined)?.value === submitterId;
    const allowed =
        (def.allowedSubmitters.includes('owner') && isOwner) ||
        (def.allowedSubmitters.includes('creator') && isCreator);
    if (!allowed)
        return unsupported(
            ctx,
            `submitting for approval as a user outside the modelled allowed submitters (${def.allowedSubmitters.join(', ')})`
        );
    const step = def.step!;
    let approverId: string;
    if (step.approver.type === 'adhoc') {
        if (r.nextApproverIds.length !== 1)
            return unsupported(
                ctx,
                `an adhoc approval step with ${r.nextApproverIds.length} chosen approvers (one is modelled)`
            );
        approverId = id18(r.nextApproverIds[0]);
    } else if (step.approver.type === 'manager') {
        const whose = step.approver.ofRecordOwner
            ? (found.row.get('ownerid') as ApexId | undefined)?.value
            : submitterId;
        const manager = whose ? db.getRow(whose)?.row.get('managerid') : undefined;
        // the submit-time error for a user without a manager is not documented
        if (!(manager instanceof ApexId))
            return unsupported(
                ctx,
                `a Manager approver for a ${step.approver.ofRecordOwner ? 'record owner' : 'submitter'} without a manager`
            );
        if (r.nextApproverIds.length) return unsupported(ctx, 'next approver ids on a step with an automatic approver');
        approverId = manager.value;
    } else {
        const username = step.approver.username;
        const u = db.rows('User').find((x) => x.get('username') === username);
        if (!u) return unsupported(ctx, `approver user ${username} (not in this org's data)`);
        approverId = (u.get('id') as ApexId).value;
    }
    const approver = db.getRow(approverId)?.row;
    if (!approver || approverId.slice(0, 3) !== '005' || approver.get('isactive') === false)
        return unsupported(ctx, `approver ${approverId} (not an active user)`);
    return {
        index,
        step: 'submit',
        recordId,
        def,
        pending: {
            instanceId: db.ids.next('04g').value,
            workitemId: db.ids.next('04i').value,
            processFullName: def.fullName,
            recordId,
            objectName: found.info.name,
            submitterId,
            approverId
        }
    };
}

function planWorkitem(ctx: ApprovalCtx, r: WorkitemRequest, index: number): Plan {
    const { db } = ctx;
    const recordId = r.workitemId ? approvalState(db).workitems.get(id18(r.workitemId)) : undefined;
    if (!recordId)
        return unsupported(ctx, `Approval.ProcessWorkitemRequest for an unknown work item (${r.workitemId})`);
    const pending = approvalState(db).pending.get(recordId)!;
    const def = usable(
        ctx,
        approvalProcesses(ctx.schema).find((d) => d.fullName === pending.processFullName)!
    );
    if (r.nextApproverIds.length) return unsupported(ctx, 'next approvers on a single-step approval');
    const actor = id18(db.runningUserId);
    const g = new AccessModel(db).grants(actor);
    const step: Step | undefined = { approve: 'approve', reject: 'reject', removed: 'recall' }[
        String(r.action).toLowerCase() as 'approve'
    ] as Step | undefined;
    if (!step) return unsupported(ctx, `Approval.ProcessWorkitemRequest action '${r.action}'`);
    // "The current user must be an assigned approver" (REST API "Approve a Record"); recall: the submitter when
    // allowRecall, "If set to false, only administrators can recall approval requests" (Metadata API ApprovalProcess)
    const mayAct =
        step === 'recall'
            ? g.modifyAllData || (def.allowRecall && actor === pending.submitterId)
            : actor === pending.approverId;
    if (!mayAct)
        return unsupported(
            ctx,
            step === 'recall'
                ? 'recalling an approval as a user who is not its submitter or an admin'
                : 'deciding an approval as a user who is not its assigned approver'
        );
    return { index, step, recordId, def, pending };
}

function matches(ctx: ApprovalCtx, def: ApprovalProcessDef, row: Map<string, unknown>): boolean {
    const info = ctx.schema.getObject(def.object)!;
    return def.entryCriteria.every((c) => {
        const f = info.fields.get(c.field.toLowerCase());
        if (!f || !['Picklist', 'Text'].includes(f.type))
            return unsupported(ctx, `entry criterion on ${def.object}.${c.field} (${f?.type ?? 'unknown field'})`);
        const v = row.get(f.name.toLowerCase());
        const same = (v === null || v === undefined ? '' : String(v)) === c.value;
        return c.operation === 'equals' ? same : !same;
    });
}

/** One attempt: state changes and field updates in order; returns the failed requests (index → error). */
function run(ctx: ApprovalCtx, plans: Plan[]): Map<number, DmlError> {
    const failed = new Map<number, DmlError>();
    const of = (s: Step) => plans.filter((p) => p.step === s);
    const submits = of('submit');
    changeApprovalState(ctx.db, (st) => {
        for (const p of submits) {
            st.locks.set(p.recordId, { editability: p.def.recordEditability });
            st.pending.set(p.recordId, p.pending);
            st.workitems.set(p.pending.workitemId, p.recordId);
        }
    });
    fieldUpdates(ctx, submits, (d) => d.initialSubmission, failed);
    for (const step of ['approve', 'reject', 'recall'] as const) {
        const group = of(step);
        changeApprovalState(ctx.db, (st) => {
            for (const p of group) st.pending.set(p.recordId, { ...p.pending, deciding: true });
        });
        fieldUpdates(
            ctx,
            group,
            (d) => (step === 'approve' ? d.finalApproval : step === 'reject' ? d.finalRejection : d.recall),
            failed
        );
        changeApprovalState(ctx.db, (st) => {
            for (const p of group) {
                st.pending.delete(p.recordId);
                st.workitems.delete(p.pending.workitemId);
                const keep =
                    step === 'approve'
                        ? p.def.finalApprovalRecordLock
                        : step === 'reject' && p.def.finalRejectionRecordLock;
                if (keep) st.locks.set(p.recordId, { editability: 'AdminOnly' });
                else st.locks.delete(p.recordId);
            }
        });
    }
    return failed;
}

function fieldUpdates(
    ctx: ApprovalCtx,
    plans: Plan[],
    actions: (d: ApprovalProcessDef) => FieldUpdateDef[],
    failed: Map<number, DmlError>
) {
    const withUpdates = plans.filter((p) => actions(p.def).length);
    // a checkbox field update's literal is 1 or 0 in metadata (workflow fieldUpdates retrieved from orgs)
    const literal = (c: ApprovalCtx, type: string, u: FieldUpdateDef): string | boolean | null =>
        type !== 'Checkbox'
            ? u.literalValue
            : u.literalValue === '1'
              ? true
              : u.literalValue === '0'
                ? false
                : unsupported(c, `checkbox field update ${u.name} with literal ${u.literalValue}`);
    if (!withUpdates.length) return;
    const records = withUpdates.map((p) => {
        const info = ctx.schema.getObject(p.def.object)!;
        const rec = new SObject(info);
        rec.setRaw('Id', new ApexId(p.recordId));
        for (const u of actions(p.def)) {
            const f = info.fields.get(u.field.toLowerCase());
            if (!f || !['Picklist', 'Text', 'TextArea', 'LongTextArea', 'Checkbox'].includes(f.type))
                unsupported(
                    ctx,
                    `field update ${u.name} on ${p.def.object}.${u.field} (${f?.type ?? 'unknown field'})`
                );
            rec.put(f.name, u.operation === 'Null' ? null : literal(ctx, f.type, u));
        }
        return rec;
    });
    const results = executeDml(ctx.env, 'update', records, { allOrNone: false, approvalFieldUpdate: true });
    for (const r of results) if (!r.success) failed.set(withUpdates[r.index].index, r.errors[0]);
}
