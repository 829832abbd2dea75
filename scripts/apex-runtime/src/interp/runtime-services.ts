// The platform services an Interpreter calls out to, by key, with their types. Three installers fill them:
// stdlib/services.ts `installServices` (Test.*, async, callouts, runAs — always there in a Session),
// interp/data-bridge.ts `installDataLayer` (records, SOQL/SOSL, DML, users — optional: a bare interpreter reports
// the construct unsupported) and callouts/transport.ts `installCalloutTransport` (optional). A driver changes a
// service only through Session.wrapService. Type-only imports: this file has no runtime dependencies.
import type * as V from '../values';
import type { Interpreter } from './interpreter';
import type { ClassInfo, NativeObject } from './types';
import type { MethodDecl } from '../frontend/ast';
import type { ApexList, ApexMap } from '../collections';
import type { AsyncJob, RunningUser, TestState } from '../stdlib/services';
import type { SentEmail, SentNotification } from '../stdlib/messaging';
import type { ApprovalData } from '../approval/natives';
import type { TriggerEvent } from './data-bridge';
import type { Database } from '../db';
import type { AccessModel } from '../db/access';
import type { SchemaRegistry } from '../schema';

type It = Interpreter;
/** System.schedule / executeBatch / abortJob / enqueueJob style natives: (interpreter, Apex arguments) → value */
type NativeCall = (it: It, args: unknown[]) => unknown;
type QueryFn = (it: It, text: string, evalBind: (i: number) => unknown, line: number) => unknown;
export interface BatchRun {
    id: V.ApexId;
    job: import('./types').ApexObject;
    scope: number;
    ran: boolean;
}
/** an options bag of a DML statement (insert/update/… as user / as system) */
export interface DmlStatementOptions {
    allOrNone: boolean;
    externalIdField: string | null;
    line: number;
    access?: string | null;
}

/** installed by installServices (stdlib/services.ts) */
export interface CoreServices {
    test: TestState;
    /** the running user (the data layer's replaces the default user) */
    user: () => RunningUser;
    /** the user System.runAs switched to when there is no data layer */
    currentUser?: RunningUser;
    /** the async executions running, innermost last */
    asyncStack: AsyncJob[];
    asyncKind: () => AsyncJob['kind'] | null;
    /** > 0 while a scheduled job's execute runs */
    scheduledDepth?: number;
    enqueueFuture: (it: It, owner: ClassInfo, m: MethodDecl, args: unknown[]) => void;
    enqueueJob: (it: It, args: unknown[]) => V.ApexId;
    attachFinalizer: NativeCall;
    /** runs one async execution as its own transaction (drops the async work it requested when it fails) */
    asyncExecution: <T>(fn: () => T) => T;
    runJob: (it: It, job: AsyncJob) => void;
    schedule: NativeCall;
    abortJob: NativeCall;
    executeBatch: NativeCall;
    runBatch: (it: It, b: BatchRun) => void;
    /** runs the async work queued in this transaction (end of an anonymous run, Test.stopTest) */
    drainAsync: (it: It) => void;
    /** a host with a clock keeps a delayed Queueable (MinimumQueueableDelayInMinutes) until its time; absent: Unsupported */
    holdDelayedJob?: (job: AsyncJob) => void;
    httpSend: (it: It, req: NativeObject) => NativeObject;
    runAs: (it: It, args: unknown[], body: () => void) => void;
    /** outboxes (stdlib/messaging.ts): nothing is sent */
    sentEmails?: SentEmail[];
    sentNotifications?: SentNotification[];
    /** Math.random / UUID.randomUUID sources (a driver may seed them); default: the host's */
    random?: () => number;
    randomUUID?: () => string;
}

/** installed by installDataLayer (interp/data-bridge.ts) */
export interface DataServices {
    schema?: SchemaRegistry;
    database?: Database;
    beginTransaction?: () => void;
    /** AsyncApexJob rows */
    recordAsyncJob?: (jobType: string, className: string, methodName: string | null) => V.ApexId | undefined;
    updateAsyncJob?: (id: V.ApexId, status: string, error: string | null, items?: number, errors?: number) => void;
    /** CronTrigger / CronJobDetail rows */
    recordCronTrigger?: (name: string, cron: string, nextFireMs: number) => V.ApexId | undefined;
    removeCronTrigger?: (id: V.ApexId) => boolean;
    cronJobNamed?: (name: string) => boolean;
    standardPricebookId?: () => string | undefined;
    /** one async execution's database transaction (rollback on an exception); Session.observeAsyncTransactions */
    asyncTransaction?: <T>(fn: () => T) => T;
    setCreatedDate?: (id: V.ApexId, dt: V.ApexDatetime) => void;
    compareSObjects?: (a: unknown, b: unknown) => number;
    newSObject?: (name: string) => unknown;
    /** the runner's per-test database reset */
    db?: { snapshot(): unknown; restore(s: unknown): void; reset(): void };
    dbBaseline?: ReturnType<Database['snapshot']>;
    runningUserField?: (field: string) => V.ApexPrimitive | null;
    organizationField?: (field: string) => V.ApexPrimitive | null;
    userFromRecord?: (it: It, v: unknown) => RunningUser;
    currentUserId?: () => string;
    asUser?: <T>(userId: string, body: () => T) => T;
    eventSubscriber?: (it: It, eventType: string) => { userId: string; batchSize: number };
    fireTriggers?: (ev: TriggerEvent) => void;
    fidelityNotes?: string[];
    accessModel?: AccessModel;
    soql?: QueryFn;
    sosl?: QueryFn;
    dynamicSoql?: (it: It, text: string, bindMap: ApexMap | null, userMode?: boolean) => unknown;
    isSoqlList?: (v: unknown) => boolean;
    singleRow?: (l: ApexList) => unknown;
    approvalData?: ApprovalData;
    dml?: (it: It, op: string, target: unknown, opts: DmlStatementOptions) => unknown;
    dmlCall?: (it: It, op: string, args: unknown[]) => unknown;
    merge?: (it: It, master: unknown, dups: unknown, line: number) => void;
    databaseMerge?: NativeCall;
    convertLead?: NativeCall;
    /** Date/Datetime arithmetic hook (not installed: the interpreter's own rules apply) */
    dateArith?: (op: string, a: unknown, b: unknown) => unknown;
}

/** installed by installCalloutTransport (callouts/transport.ts): Http.send outside a test */
export interface TransportServices {
    calloutTransport?: (it: It, req: NativeObject) => NativeObject;
    /** the Savepoints set in this run, in order (Database.releaseSavepoint releases one and those after it) */
    savepoints?: NativeObject[];
}

export type RuntimeServices = CoreServices & DataServices & TransportServices;

/** every service key, checked both ways by the compiler (a key missing here or not declared above fails typecheck) */
export const SERVICE_KEYS: Readonly<Record<keyof RuntimeServices, true>> = {
    test: true,
    user: true,
    currentUser: true,
    asyncStack: true,
    asyncKind: true,
    scheduledDepth: true,
    enqueueFuture: true,
    enqueueJob: true,
    attachFinalizer: true,
    asyncExecution: true,
    runJob: true,
    schedule: true,
    abortJob: true,
    executeBatch: true,
    savepoints: true,
    runBatch: true,
    drainAsync: true,
    holdDelayedJob: true,
    httpSend: true,
    runAs: true,
    sentEmails: true,
    sentNotifications: true,
    random: true,
    randomUUID: true,
    schema: true,
    database: true,
    beginTransaction: true,
    recordAsyncJob: true,
    updateAsyncJob: true,
    recordCronTrigger: true,
    removeCronTrigger: true,
    cronJobNamed: true,
    standardPricebookId: true,
    asyncTransaction: true,
    setCreatedDate: true,
    compareSObjects: true,
    newSObject: true,
    db: true,
    dbBaseline: true,
    runningUserField: true,
    organizationField: true,
    userFromRecord: true,
    currentUserId: true,
    asUser: true,
    eventSubscriber: true,
    fireTriggers: true,
    fidelityNotes: true,
    accessModel: true,
    soql: true,
    sosl: true,
    dynamicSoql: true,
    isSoqlList: true,
    singleRow: true,
    approvalData: true,
    dml: true,
    dmlCall: true,
    merge: true,
    databaseMerge: true,
    convertLead: true,
    dateArith: true,
    calloutTransport: true
};

/**
 * A data-layer service, or `unsupported` when the interpreter runs without a data layer (never a host TypeError).
 * `what` names the construct that needed it.
 */
export function dataService<K extends keyof DataServices>(it: It, key: K, what: string): NonNullable<DataServices[K]> {
    return (it.services[key] ?? it.unsupported(`${what} (needs the data layer)`)) as NonNullable<DataServices[K]>;
}
