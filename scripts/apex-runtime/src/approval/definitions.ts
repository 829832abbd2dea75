/**
 * Approval processes of the project, read from `approvalProcesses/*.approvalProcess-meta.xml` and the field updates of
 * `workflows/*.workflow-meta.xml` (Metadata API Developer Guide, "ApprovalProcess" and "Workflow": fields `active`,
 * `allowRecall`, `allowedSubmitters`, `approvalStep`, `entryCriteria`, `initialSubmissionActions`,
 * `finalApprovalActions`, `finalRejectionActions`, `recallActions`, `finalApprovalRecordLock`,
 * `finalRejectionRecordLock`, `recordEditability` = AdminOnly | AdminOrCurrentApprover;
 * https://developer.salesforce.com/docs/platform/api-metadata/references/meta-types/metadata-approvalprocess.html).
 *
 * Only the parts the engine (process.ts) can decide are kept as data; everything else is kept as the name of the
 * construct in `unsupported`, so the engine refuses the process when it is used instead of running a simpler one.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { SchemaRegistry } from '../schema';

export type RecordEditability = 'AdminOnly' | 'AdminOrCurrentApprover';

export interface FieldUpdateDef {
    name: string;
    field: string;
    /** Literal (with `literalValue`) or Null; other operations are `unsupported` */
    operation: 'Literal' | 'Null';
    literalValue: string | null;
}

export interface CriteriaItem {
    field: string;
    operation: 'equals' | 'notEqual';
    value: string;
}

export interface ApprovalStepDef {
    name: string;
    /**
     * approver: `adhoc` (chosen by the submitter), a named `user` (username) or the `Manager` of the submitter (or of
     * the record owner: nextAutomatedApprover.useApproverFieldOfRecordOwner)
     */
    approver: { type: 'adhoc' } | { type: 'user'; username: string } | { type: 'manager'; ofRecordOwner: boolean };
}

export interface ApprovalProcessDef {
    /** `Account.D365_Sync_Approval` */
    fullName: string;
    /** DeveloperName (`D365_Sync_Approval`) */
    name: string;
    object: string;
    file: string;
    active: boolean;
    allowRecall: boolean;
    /** submitter types; `owner` and `creator` are modelled */
    allowedSubmitters: string[];
    entryCriteria: CriteriaItem[];
    step: ApprovalStepDef | null;
    initialSubmission: FieldUpdateDef[];
    finalApproval: FieldUpdateDef[];
    finalRejection: FieldUpdateDef[];
    recall: FieldUpdateDef[];
    finalApprovalRecordLock: boolean;
    finalRejectionRecordLock: boolean;
    recordEditability: RecordEditability;
    /** constructs of this process the engine does not model (refused when the process is used) */
    unsupported: string[];
}

type X = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ARRAYS = new Set(['allowedSubmitters', 'approvalStep', 'criteriaItems', 'action', 'approver', 'fieldUpdates']);
const xml = new XMLParser({ parseTagValue: false, trimValues: true, isArray: (n) => ARRAYS.has(n) });
const bool = (v: unknown) => v === 'true' || v === true;

const cache = new WeakMap<SchemaRegistry, ApprovalProcessDef[]>();

/** The project's approval processes (parsed once per schema registry). */
export function approvalProcesses(schema: SchemaRegistry): ApprovalProcessDef[] {
    let defs = cache.get(schema);
    if (!defs) {
        defs = load(schema);
        cache.set(schema, defs);
    }
    return defs;
}

function load(schema: SchemaRegistry): ApprovalProcessDef[] {
    const updates = new Map<string, X>();
    for (const f of schema.setup.workflowFiles ?? []) {
        const object = path.basename(f, '.workflow-meta.xml');
        const w = (xml.parse(fs.readFileSync(f, 'utf8')).Workflow ?? {}) as X;
        for (const u of (w.fieldUpdates ?? []) as X[]) updates.set(`${object}.${u.fullName}`.toLowerCase(), u);
    }
    return (schema.setup.approvalFiles ?? []).map((f) => parse(f, updates));
}

function parse(file: string, updates: Map<string, X>): ApprovalProcessDef {
    const fullName = path.basename(file, '.approvalProcess-meta.xml');
    const [object, name] = fullName.split('.');
    const x = (xml.parse(fs.readFileSync(file, 'utf8')).ApprovalProcess ?? {}) as X;
    const unsupported: string[] = [];
    const actions = (tag: string): FieldUpdateDef[] => {
        const out: FieldUpdateDef[] = [];
        for (const a of ((x[tag] as X | undefined)?.action ?? []) as X[]) {
            if (a.type !== 'FieldUpdate') {
                unsupported.push(`${tag} action of type ${a.type} (${a.name})`);
                continue;
            }
            const u = updates.get(`${object}.${a.name}`.toLowerCase());
            if (!u) {
                unsupported.push(`${tag} field update ${a.name} not found in workflows/${object}.workflow-meta.xml`);
                continue;
            }
            if (u.targetObject || !['Literal', 'Null'].includes(u.operation)) {
                unsupported.push(
                    `field update ${a.name} (operation ${u.operation}${u.targetObject ? ', cross-object' : ''})`
                );
                continue;
            }
            out.push({
                name: String(a.name),
                field: String(u.field),
                operation: u.operation,
                literalValue: u.literalValue === undefined ? null : String(u.literalValue)
            });
        }
        return out;
    };
    const criteria: CriteriaItem[] = [];
    const ec = x.entryCriteria as X | undefined;
    if (ec?.formula) unsupported.push('entry criteria formula');
    if (ec?.booleanFilter) unsupported.push('entry criteria filter logic');
    for (const c of (ec?.criteriaItems ?? []) as X[]) {
        const parts = String(c.field).split('.');
        const value = c.value === undefined ? '' : String(c.value);
        if (
            parts.length !== 2 ||
            parts[0] !== object ||
            !['equals', 'notEqual'].includes(c.operation) ||
            value.includes(',')
        ) {
            unsupported.push(`entry criterion ${c.field} ${c.operation} ${value}`);
            continue;
        }
        criteria.push({ field: parts[1], operation: c.operation, value });
    }
    const steps = (x.approvalStep ?? []) as X[];
    if (steps.length !== 1) unsupported.push(`${steps.length} approval steps (one step is modelled)`);
    let step: ApprovalStepDef | null = null;
    const s0 = steps[0];
    const next = x.nextAutomatedApprover as X | undefined;
    if (s0) {
        for (const k of ['entryCriteria', 'approvalActions', 'rejectionActions', 'rejectBehavior'])
            if (s0[k] !== undefined) unsupported.push(`approval step ${k}`);
        if (bool(s0.allowDelegate)) unsupported.push('delegated approvers');
        const approvers = ((s0.assignedApprover as X | undefined)?.approver ?? []) as X[];
        const a = approvers[0];
        if (approvers.length === 1 && a.type === 'adhoc') step = { name: String(s0.name), approver: { type: 'adhoc' } };
        else if (approvers.length === 1 && a.type === 'user' && a.name)
            step = { name: String(s0.name), approver: { type: 'user', username: String(a.name) } };
        else if (approvers.length === 1 && a.type === 'userHierarchyField' && next?.userHierarchyField === 'Manager')
            step = {
                name: String(s0.name),
                approver: { type: 'manager', ofRecordOwner: bool(next.useApproverFieldOfRecordOwner) }
            };
        else
            unsupported.push(
                `approver type ${approvers.map((p) => p.type).join(', ') || 'none'}${next?.userHierarchyField ? ` (${next.userHierarchyField})` : ''} (adhoc, a named user and Manager are modelled)`
            );
    }
    const editability = String(x.recordEditability);
    if (editability !== 'AdminOnly' && editability !== 'AdminOrCurrentApprover')
        unsupported.push(`recordEditability ${editability}`);
    // the default lock after a final decision is not documented for the metadata field: refuse to guess it
    for (const k of ['finalApprovalRecordLock', 'finalRejectionRecordLock'])
        if (x[k] === undefined) unsupported.push(`${k} not set`);
    const submitters = ((x.allowedSubmitters ?? []) as X[]).map((s) => String(s.type));
    return {
        fullName,
        name,
        object,
        file,
        active: bool(x.active),
        allowRecall: bool(x.allowRecall),
        allowedSubmitters: submitters,
        entryCriteria: criteria,
        step,
        initialSubmission: actions('initialSubmissionActions'),
        finalApproval: actions('finalApprovalActions'),
        finalRejection: actions('finalRejectionActions'),
        recall: actions('recallActions'),
        finalApprovalRecordLock: bool(x.finalApprovalRecordLock),
        finalRejectionRecordLock: bool(x.finalRejectionRecordLock),
        recordEditability: editability === 'AdminOrCurrentApprover' ? 'AdminOrCurrentApprover' : 'AdminOnly',
        unsupported
    };
}
