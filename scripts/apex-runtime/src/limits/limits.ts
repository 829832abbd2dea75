// Governor limits per transaction context (Apex Developer Guide, "Execution Governors and Limits").
// Breaching a limit throws System.LimitException, which Apex code cannot catch.
import { ApexPlatformError } from '../errors';
import { activeContext } from '../context';

export interface LimitCounters {
    soqlQueries: number;
    queryRows: number;
    dmlStatements: number;
    dmlRows: number;
    callouts: number;
    queueableJobs: number;
    futureCalls: number;
    /** deterministic proxy: statements executed (not milliseconds) */
    cpuSteps: number;
    /** rough estimate in bytes of live collection/object data created */
    heapEstimate: number;
}

/**
 * The governor limits, one row each (Apex Developer Guide, "Execution Governors and Limits": the per-transaction
 * table, synchronous and asynchronous columns). The table drives counting, `Limits.get*()` / `getLimit*()`,
 * the reports, the bench and the sandbox. `method` is the stem of the Limits methods; rows without one have no
 * Limits method on the platform. CPU time and heap are estimates (statements executed, bytes of data created),
 * reported but never enforced; past the publish-immediately and callout-time limits the runtime is Unsupported
 * (the platform's messages there are not documented).
 */
export const GOVERNOR_LIMITS = {
    soqlQueries: { method: 'Queries', sync: 100, async: 200, message: 'Too many SOQL queries' },
    queryRows: { method: 'QueryRows', sync: 50000, async: 50000, message: 'Too many query rows' },
    soslQueries: { method: 'SoslQueries', sync: 20, async: 20, message: 'Too many SOSL queries' },
    dmlStatements: { method: 'DmlStatements', sync: 150, async: 150, message: 'Too many DML statements' },
    dmlRows: { method: 'DmlRows', sync: 10000, async: 10000, message: 'Too many DML rows' },
    callouts: { method: 'Callouts', sync: 100, async: 100, message: 'Too many callouts' },
    /** "Maximum cumulative timeout for all callouts (HTTP requests or Web services calls) in a transaction" */
    calloutTimeMs: { method: null, sync: 120000, async: 120000 },
    queueableJobs: {
        method: 'QueueableJobs',
        sync: 50,
        async: 1,
        message: 'Too many queueable jobs added to the queue'
    },
    /** asynchronous column: none from @future or batch; a Queueable may make 50 (see QUEUEABLE_LIMITS) */
    futureCalls: { method: 'FutureCalls', sync: 50, async: 0, message: 'Too many future calls' },
    emailInvocations: { method: 'EmailInvocations', sync: 10, async: 10, message: 'Too many Email Invocations' },
    /** "Maximum number of EventBus.publish calls for platform events configured to publish immediately" */
    publishImmediateDml: { method: 'PublishImmediateDML', sync: 150, async: 150 },
    cpuTimeMs: { method: 'CpuTime', sync: 10000, async: 60000 },
    heapBytes: { method: 'HeapSize', sync: 6000000, async: 12000000 }
} as const;

export type LimitKey = keyof typeof GOVERNOR_LIMITS;
/** the limits counted in LimitCounters (reported per test, in the bench and the sandbox) */
type CountedKey = Exclude<keyof LimitCounters, 'cpuSteps' | 'heapEstimate'>;
export type LimitValues = Record<LimitKey, number>;

const column = (c: 'sync' | 'async'): LimitValues =>
    Object.fromEntries(Object.entries(GOVERNOR_LIMITS).map(([k, row]) => [k, row[c]])) as LimitValues;

export const SYNC_LIMITS: LimitValues = column('sync');
export const ASYNC_LIMITS: LimitValues = column('async');
/** A Queueable is asynchronous but may call 50 @future methods. */
export const QUEUEABLE_LIMITS: LimitValues = { ...ASYNC_LIMITS, futureCalls: SYNC_LIMITS.futureCalls };
export const PUBLISH_IMMEDIATE_LIMIT = GOVERNOR_LIMITS.publishImmediateDml.sync;

/**
 * Runaway guard (not a platform limit): past this many statements and loop iterations in one test or anonymous run,
 * or this much wall time once it runs Apex, the run stops as Unsupported. The org stops a transaction at its CPU time
 * limit (`System.LimitException: Apex CPU time limit exceeded`), which is time, not a count the runtime can match; the
 * largest public test measured so far runs about 60,000 statements, so reaching the guard means a loop that does not
 * end here (a runtime defect or an Apex loop the org would stop), never a result to guess.
 */
export const RUNAWAY_STEPS = 10_000_000;
export const RUNAWAY_WALL_MS = 300_000;

/** Apex call-stack depth: 1,000 frames (the 1,001st raises LimitException). */
export const MAX_STACK_DEPTH = 1000;

/** Thrown for a breached limit; the interpreter turns it into an uncatchable System.LimitException. */
export class LimitBreach extends ApexPlatformError {
    constructor(message: string) {
        super('System.LimitException', message);
    }
}

/** A fresh set of counters, all zero. */
export const zeroLimitCounters = (): LimitCounters => ({
    soqlQueries: 0,
    queryRows: 0,
    dmlStatements: 0,
    dmlRows: 0,
    callouts: 0,
    queueableJobs: 0,
    futureCalls: 0,
    cpuSteps: 0,
    heapEstimate: 0
});

export class Limits {
    used: LimitCounters = zeroLimitCounters();
    /** sum over every context of this test (setup context + startTest context + async jobs) */
    total: LimitCounters = zeroLimitCounters();
    private saved: LimitCounters[] = [];
    limits: LimitValues = SYNC_LIMITS;
    /** set when DML or an async enqueue happened in this transaction (uncommitted work) */
    uncommittedWork = false;
    /** set by Database.releaseSavepoint: uncommittedWork no longer tells whether a callout is allowed */
    savepointReleased = false;
    /** set once Database.getQueryLocator ran: the rows a locator retrieves are not counted (see Limits natives) */
    queryLocatorUsed = false;
    /** set once Database.getCursor ran: whether creating a cursor counts as a query is not documented */
    cursorUsed = false;
    /** Cursor.fetch calls in this transaction (at most 100: Apex Reference, "Cursor Class") */
    cursorFetches = 0;
    /** set once a query with a parent-to-child subquery in SELECT ran (Limits.getAggregateQueries, Limits natives) */
    selectSubqueryUsed = false;

    /** what a key of GOVERNOR_LIMITS has used in the current context (Limits.get<method>()) */
    usage(key: LimitKey): number {
        switch (key) {
            case 'soslQueries':
                return this.soslUsed;
            case 'emailInvocations':
                return this.emailInvocations;
            case 'publishImmediateDml':
                return this.immediatePublishes;
            case 'calloutTimeMs':
                return this.calloutMs;
            case 'cpuTimeMs':
                // a deterministic proxy (statements executed), not the platform's CPU milliseconds
                return Math.floor(this.used.cpuSteps / 1000);
            case 'heapBytes':
                return this.used.heapEstimate;
            default:
                return this.used[key];
        }
    }
    /** wall time of a real callout (the sandbox's transport); mocked callouts in tests take none */
    calloutMs = 0;
    private savedCalloutMs: number[] = [];
    /** adds a callout's wall time; true once the transaction is past its callout-time limit */
    calloutTime(ms: number): boolean {
        this.calloutMs += ms;
        return this.calloutMs > this.limits.calloutTimeMs;
    }
    private bump(k: CountedKey, n: number): void {
        this.used[k] += n;
        this.total[k] += n;
        if (this.used[k] > this.limits[k]) throw new LimitBreach(`${GOVERNOR_LIMITS[k].message}: ${this.used[k]}`);
    }
    soql(): void {
        this.bump('soqlQueries', 1);
    }
    /** SOSL statements of the current context (kept apart from LimitCounters, whose shape other tools copy). */
    soslUsed = 0;
    private savedSosl: number[] = [];
    sosl(): void {
        this.soslUsed++;
        if (this.soslUsed > this.limits.soslQueries)
            throw new LimitBreach(`${GOVERNOR_LIMITS.soslQueries.message}: ${this.soslUsed}`);
    }
    /** EventBus.publish calls of the current context (a callout after one is unsupported) */
    eventPublishes = 0;
    /** of them, calls for events configured to publish immediately (Limits.getPublishImmediateDML) */
    immediatePublishes = 0;
    private savedEvents: [number, number][] = [];
    /** Messaging.sendEmail invocations of the current context (kept apart from LimitCounters, like SOSL). */
    emailInvocations = 0;
    private savedEmail: number[] = [];
    email(): void {
        this.emailInvocations++;
        // "Total number of sendEmail methods allowed: 10" (Execution Governors and Limits); message text [Obs]
        if (this.emailInvocations > this.limits.emailInvocations)
            throw new LimitBreach(`${GOVERNOR_LIMITS.emailInvocations.message}: ${this.emailInvocations}`);
    }
    queryRows(n: number): void {
        this.bump('queryRows', n);
    }
    dml(): void {
        this.bump('dmlStatements', 1);
        this.uncommittedWork = true;
    }
    dmlRows(n: number): void {
        this.bump('dmlRows', n);
    }
    callout(): void {
        this.bump('callouts', 1);
    }
    queueable(): void {
        this.bump('queueableJobs', 1);
        this.uncommittedWork = true;
    }
    future(): void {
        this.bump('futureCalls', 1);
        this.uncommittedWork = true;
    }
    step(): void {
        this.used.cpuSteps++;
        this.total.cpuSteps++;
    }
    /** statements and loop iterations of the whole run (Test.startTest does not reset them) */
    private ticks = 0;
    private startedAt = 0;
    /** one statement or loop iteration: null, or the reason once the run is past the runaway guard */
    tick(): string | null {
        if ((++this.ticks & 0x3ff) !== 0) return null;
        if (this.startedAt === 0) this.startedAt = Date.now();
        if (this.ticks >= RUNAWAY_STEPS)
            return `a run of more than ${RUNAWAY_STEPS.toLocaleString('en-US')} statements and loop iterations (the org's CPU time limit is not measured)`;
        if (Date.now() - this.startedAt > RUNAWAY_WALL_MS)
            return `a run of more than ${RUNAWAY_WALL_MS / 1000} s of interpretation (the org's CPU time limit is not measured)`;
        return null;
    }
    heap(bytes: number): void {
        this.used.heapEstimate += bytes;
        this.total.heapEstimate += bytes;
    }
    /** Test.startTest(): a fresh set of limits until stopTest(). */
    push(limits = SYNC_LIMITS): void {
        this.saved.push(this.used);
        this.savedSosl.push(this.soslUsed);
        this.savedEmail.push(this.emailInvocations);
        this.savedEvents.push([this.eventPublishes, this.immediatePublishes]);
        this.savedCalloutMs.push(this.calloutMs);
        this.calloutMs = 0;
        this.eventPublishes = 0;
        this.immediatePublishes = 0;
        this.used = zeroLimitCounters();
        this.soslUsed = 0;
        this.emailInvocations = 0;
        this.limits = limits;
    }
    pop(): void {
        this.used = this.saved.pop() ?? zeroLimitCounters();
        this.soslUsed = this.savedSosl.pop() ?? 0;
        this.emailInvocations = this.savedEmail.pop() ?? 0;
        [this.eventPublishes, this.immediatePublishes] = this.savedEvents.pop() ?? [0, 0];
        this.calloutMs = this.savedCalloutMs.pop() ?? 0;
        this.limits = SYNC_LIMITS;
    }
}

/** counters used when no session is active (data-layer code run directly, e.g. by unit tests) */
const processLimits = new Limits();
/** The running transaction's counters: those of the active session (context.ts). */
export function currentLimits(): Limits {
    return activeContext().limits ?? processLimits;
}
