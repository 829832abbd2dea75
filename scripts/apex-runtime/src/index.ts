// The local Apex runtime's public interface: the only module code outside scripts/apex-runtime may import
// (scripts/apex-runtime/src/__tests__/public-interface.test.ts enforces it). Everything else under src/ is internal
// and may change without notice; add an export here (with a reason) before using something from outside.

// a session: one loaded program, one interpreter, its services; anonymous Apex and outcomes
export {
    Session,
    type SessionOptions,
    type Outcome,
    type DebugLine,
    type AsyncTransactionInfo,
    type AsyncTransactionObserver
} from './session';
export { discover, sourceDirsOf, type ProjectSources } from './project/project';
export { loadProgram } from './project/load';

// running a project's Apex tests (the CLI's `test`) and reporting them
export { runTests, type RunOptions, type RunResult, type TestResult, type ClassCoverage } from './runner/runner';
export { humanReport, toJunit, toSfJson, writeJson, writeJunit } from './runner/report';

// Apex values (Id, Datetime, Decimal…) and the runtime clock / time zone / locale settings
export * as V from './values';
export {
    runtimeSettings,
    setRuntimeSettings,
    resetRuntimeSettings,
    withClock,
    type RuntimeSettings,
    type ClockOptions
} from './values';

// the data layer as seen from outside: rows, the schema, the access model (the REST emulator answers with it)
export type { Database, Row } from './db';
export type { FieldInfo, SObjectInfo } from './schema';
export { AccessModel, recordEditable, type AccessAnswer } from './db/access';
// save / load of the data between runs (npm start's .local-org/ folder)
export { saveDatabase, loadDatabase, DB_FORMAT } from './db/persist';

// governor limits: the one table (GOVERNOR_LIMITS) and the per-transaction counters
export {
    GOVERNOR_LIMITS,
    SYNC_LIMITS,
    ASYNC_LIMITS,
    zeroLimitCounters,
    type LimitCounters,
    type LimitKey,
    type LimitValues
} from './limits/limits';

// callouts: the transport a session sends Http requests through, Named Credential resolution
export {
    namedCredentialTransport,
    FETCH_ANSWER_JS,
    responseOf,
    type FetchAnswer,
    type CalloutRequest,
    type CalloutResponse,
    type CalloutSender,
    type CalloutTransport,
    type RecordedCallout,
    type NamedCredentialTransportOptions
} from './callouts/transport';
export {
    CalloutError,
    loadCalloutMetadata,
    permissionSetsGrantPrincipal,
    type CalloutMetadata,
    type CredentialStore
} from './callouts/named-credentials';

// async work and platform events, for drivers that schedule it themselves (the drain bench)
export { newTestState, type AsyncJob, type TestState } from './stdlib/services';
export { deliverEvents, type PendingEvent } from './stdlib/events';
// cron expressions of System.schedule: a host with a clock fires scheduled jobs (npm start's async job loop)
export { parseCron, nextFireTime } from './stdlib/cron';

// errors thrown out of the interpreter
export { ApexThrow } from './interp/exceptions';
