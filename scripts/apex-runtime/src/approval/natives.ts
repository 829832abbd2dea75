/**
 * The Apex `Approval` namespace (Apex Reference "Approval Class", "ProcessSubmitRequest Class", "ProcessWorkitemRequest
 * Class", "ProcessResult Class", "LockResult Class", "UnlockResult Class";
 * https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexcode/apex_methods_system_approval.htm):
 * Approval.process (engine: process.ts), Approval.lock / unlock / isLocked (locks.ts).
 * - "Record locks and unlocks are treated as DML. They're blocked before a callout, they count toward your DML limits,
 *   and if a failure occurs, they're rolled back along with the rest of your transaction."
 * - lock/unlock need "Enable record locking and unlocking in Apex" (Process Automation Settings); the runtime assumes
 *   it is on (docs/apex-runtime.md). Who may lock or unlock is modelled for admins ("Modify All Data" or "Modify All"
 *   on the object) only; locking a locked record, unlocking an unlocked one and isLocked of a detail that is locked
 *   only through its master have no documented result → unsupported.
 */
import type { Interpreter } from '../interp/interpreter';
import { nativeSupertypes, registerNative, type NativeFn } from '../interp/natives';
import { NativeObject } from '../interp/types';
import { ApexList, ApexMap } from '../collections';
import { ApexId } from '../values';
import { AccessModel, SObject, type Database } from '../db';
import type { SchemaRegistry } from '../schema';
import type { DmlEnv, DmlError } from '../dml/dml';
import { arity, stateGetter as getter, stateSetter as setter, str } from '../stdlib/core';
import { approvalProcesses } from './definitions';
import { approvalState, changeApprovalState, id18, lockOver, type RecordLock } from './locks';
import { processRequests, type ProcessOutcome, type SubmitRequest, type WorkitemRequest } from './process';

/** What the data layer gives the approval model (installed by interp/data-bridge.ts). */
export interface ApprovalData {
    db: Database;
    schema: SchemaRegistry;
    env: (it: Interpreter) => DmlEnv;
}

const data = (it: Interpreter): ApprovalData =>
    (it.services.approvalData as ApprovalData | undefined) ?? it.unsupported('Approval (needs the data layer)');

type St = Record<string, unknown>;
const st = (o: unknown): St => (o as NativeObject).state;
const ID_LIST = { k: 'prim', name: 'Id' } as const;

const idOf = (it: Interpreter, v: unknown): string => {
    if (v === null || v === undefined) return it.npe();
    if (v instanceof ApexId) return v.value;
    if (v instanceof SObject) return v.id?.value ?? it.unsupported('Approval call with an sObject that has no Id');
    try {
        return new ApexId(str(it, v)).value;
    } catch {
        return it.throwApex('StringException', `Invalid id: ${String(v)}`);
    }
};
const idList = (it: Interpreter, v: unknown): string[] => {
    if (v === null || v === undefined) return [];
    if (!(v instanceof ApexList)) return it.throwApex('TypeException', `Expected a List<Id>, got ${it.typeOf(v)}`);
    return v.items.map((x) => idOf(it, x));
};
const asId = (it: Interpreter, v: unknown) => new ApexId(idOf(it, v));
const asIds = (it: Interpreter, v: unknown) => idList(it, v);
const toIdList = (v: unknown) =>
    new ApexList(
        ID_LIST,
        (v as string[]).map((x) => new ApexId(x))
    );
const bool = (it: Interpreter, v: unknown): boolean =>
    typeof v === 'boolean' ? v : it.throwApex('TypeException', `Expected a Boolean, got ${it.typeOf(v)}`);

const common: Record<string, NativeFn> = {
    setcomments: setter('comments', (it, v) => str(it, v)),
    getcomments: getter('comments'),
    setnextapproverids: setter('nextApproverIds', asIds),
    getnextapproverids: getter('nextApproverIds', toIdList)
};
nativeSupertypes.set('Approval.ProcessSubmitRequest', ['Approval.ProcessRequest']);
nativeSupertypes.set('Approval.ProcessWorkitemRequest', ['Approval.ProcessRequest']);
registerNative(
    {
        name: 'Approval.ProcessRequest',
        ctor: (it) =>
            it.compileError('Approval.ProcessRequest cannot be constructed: use a submit or work item request'),
        methods: common
    },
    'approval.processrequest'
);
registerNative(
    {
        name: 'Approval.ProcessSubmitRequest',
        ctor: (it, a) => {
            arity(it, a, 0);
            return new NativeObject('Approval.ProcessSubmitRequest', {});
        },
        methods: {
            ...common,
            setobjectid: setter('objectId', asId),
            getobjectid: getter('objectId'),
            setsubmitterid: setter('submitterId', asId),
            getsubmitterid: getter('submitterId'),
            setprocessdefinitionnameorid: setter('process', (it, v) => str(it, v)),
            getprocessdefinitionnameorid: getter('process'),
            setskipentrycriteria: setter('skip', bool),
            getskipentrycriteria: getter('skip')
        }
    },
    'approval.processsubmitrequest'
);
registerNative(
    {
        name: 'Approval.ProcessWorkitemRequest',
        ctor: (it, a) => {
            arity(it, a, 0);
            return new NativeObject('Approval.ProcessWorkitemRequest', {});
        },
        methods: {
            ...common,
            setworkitemid: setter('workitemId', asId),
            getworkitemid: getter('workitemId'),
            setaction: setter('action', (it, v) => str(it, v)),
            getaction: getter('action')
        }
    },
    'approval.processworkitemrequest'
);

const outcome = (self: unknown) => st(self).o as ProcessOutcome;
const errorList = (errors: DmlError[]) =>
    new ApexList(
        { k: 'native', name: 'Database.Error' },
        errors.map((e) => new NativeObject('Database.Error', { e }))
    );
registerNative(
    {
        name: 'Approval.ProcessResult',
        methods: {
            getentityid: (_it, _a, self) => (outcome(self).entityId ? new ApexId(outcome(self).entityId!) : null),
            getinstanceid: (_it, _a, self) => (outcome(self).instanceId ? new ApexId(outcome(self).instanceId!) : null),
            getinstancestatus: (_it, _a, self) => outcome(self).instanceStatus,
            getnewworkitemids: (_it, _a, self) => toIdList(outcome(self).newWorkitemIds),
            getactorids: (_it, _a, self) => toIdList(outcome(self).actorIds),
            geterrors: (_it, _a, self) => errorList(outcome(self).errors),
            issuccess: (_it, _a, self) => outcome(self).errors.length === 0
        }
    },
    'approval.processresult'
);
for (const name of ['Approval.LockResult', 'Approval.UnlockResult'])
    registerNative(
        {
            name,
            methods: {
                getid: (_it, _a, self) => new ApexId(st(self).id as string),
                geterrors: () => errorList([]),
                issuccess: () => true
            }
        },
        name.toLowerCase()
    );

function toRequest(it: Interpreter, v: unknown): SubmitRequest | WorkitemRequest {
    if (v === null || v === undefined) return it.npe();
    if (!(v instanceof NativeObject))
        return it.compileError(`Approval.process expects Approval.ProcessRequest, got ${it.typeOf(v)}`);
    const s = st(v);
    const next = (s.nextApproverIds as string[] | null) ?? [];
    if (v.cls === 'Approval.ProcessSubmitRequest')
        return {
            kind: 'submit',
            objectId: (s.objectId as ApexId | null)?.value ?? null,
            submitterId: (s.submitterId as ApexId | null)?.value ?? null,
            nextApproverIds: next,
            processNameOrId: (s.process as string | null) ?? null,
            skipEntryCriteria: s.skip === true
        };
    if (v.cls === 'Approval.ProcessWorkitemRequest')
        return {
            kind: 'workitem',
            workitemId: (s.workitemId as ApexId | null)?.value ?? null,
            action: (s.action as string | null) ?? null,
            nextApproverIds: next
        };
    return it.compileError(`Approval.process expects Approval.ProcessRequest, got ${v.cls}`);
}

function process(it: Interpreter, a: unknown[]): unknown {
    arity(it, a, 1, 2);
    const allOrNone = a.length === 2 ? bool(it, a[1]) : true;
    const single = !(a[0] instanceof ApexList);
    const items = a[0] instanceof ApexList ? a[0].items : [a[0]];
    const requests = items.map((x) => toRequest(it, x));
    const d = data(it);
    const outcomes = processRequests(
        { db: d.db, schema: d.schema, env: d.env(it), site: { file: it.file, line: it.curLine } },
        requests,
        allOrNone
    );
    const wrap = (o: ProcessOutcome) => new NativeObject('Approval.ProcessResult', { o });
    return single
        ? wrap(outcomes[0])
        : new ApexList({ k: 'native', name: 'Approval.ProcessResult' }, outcomes.map(wrap));
}

/** Approval.lock / Approval.unlock: admins only (see header); counted as DML. */
function lockOrUnlock(it: Interpreter, a: unknown[], lock: boolean): unknown {
    arity(it, a, 1, 2);
    if (a.length === 2) bool(it, a[1]);
    const single = !(a[0] instanceof ApexList);
    const ids = (a[0] instanceof ApexList ? a[0].items : [a[0]]).map((x) => idOf(it, x));
    const { db, schema } = data(it);
    const limits = it.tx.limits;
    limits.dml();
    limits.dmlRows(ids.length);
    limits.uncommittedWork = true;
    const state = approvalState(db);
    const locks = new Map<string, RecordLock>();
    for (const id of ids) {
        const found = db.getRow(id);
        if (!found) return it.unsupported(`Approval.${lock ? 'lock' : 'unlock'} of a record that does not exist`);
        const g = new AccessModel(db).grants(db.runningUserId);
        if (!g.modifyAllData && !g.objects.get(found.info.name.toLowerCase())?.modifyAll)
            return it.unsupported(
                `Approval.${lock ? 'lock' : 'unlock'} by a user without Modify All Data (rule not documented)`
            );
        if (state.locks.has(id) === lock)
            return it.unsupported(
                `Approval.${lock ? 'lock of a locked' : 'unlock of an unlocked'} record (result not documented)`
            );
        // "the same record editability settings as other approval-process locks": the pending approval's, else the
        // object's single active process's, else admins only
        const pending = state.pending.get(id);
        const defs = approvalProcesses(schema).filter((p) => p.active && p.object === found.info.name);
        const editability = pending
            ? (approvalProcesses(schema).find((p) => p.fullName === pending.processFullName)?.recordEditability ??
              'AdminOnly')
            : defs.length === 1
              ? defs[0].recordEditability
              : 'AdminOnly';
        locks.set(id, { editability });
    }
    changeApprovalState(db, (s) => {
        for (const [id, l] of locks) {
            if (lock) s.locks.set(id, l);
            else s.locks.delete(id);
        }
    });
    const cls = lock ? 'Approval.LockResult' : 'Approval.UnlockResult';
    const results = ids.map((id) => new NativeObject(cls, { id }));
    return single ? results[0] : new ApexList({ k: 'native', name: cls }, results);
}

function isLocked(it: Interpreter, a: unknown[]): unknown {
    arity(it, a, 1);
    const { db } = data(it);
    const one = (x: unknown): boolean => {
        const id = idOf(it, x);
        const found = db.getRow(id);
        if (!found) return it.unsupported('Approval.isLocked of a record that does not exist');
        const own = approvalState(db).locks.has(id18(id));
        if (!own && lockOver(db, found.info, null, (k) => found.row.get(k)))
            return it.unsupported(
                'Approval.isLocked of a detail record whose master is locked (result not documented)'
            );
        return own;
    };
    if (!(a[0] instanceof ApexList)) return one(a[0]);
    const m = new ApexMap(ID_LIST, { k: 'prim', name: 'Boolean' });
    for (const x of a[0].items) m.set(new ApexId(idOf(it, x)), one(x));
    return m;
}

registerNative(
    {
        name: 'Approval',
        statics: {
            process: (it, a) => process(it, a),
            lock: (it, a) => lockOrUnlock(it, a, true),
            unlock: (it, a) => lockOrUnlock(it, a, false),
            islocked: (it, a) => isLocked(it, a)
        }
    },
    'approval',
    'system.approval'
);
