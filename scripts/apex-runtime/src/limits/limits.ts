// Governor limits per transaction context (Apex Developer Guide, "Execution Governors and Limits").
// Breaching a limit throws System.LimitException, which Apex code cannot catch.
import { ApexPlatformError } from '../errors';

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

export const SYNC_LIMITS = {
    soqlQueries: 100,
    soslQueries: 20,
    emailInvocations: 10,
    queryRows: 50000,
    dmlStatements: 150,
    dmlRows: 10000,
    callouts: 100,
    queueableJobs: 50,
    futureCalls: 50
};
export const ASYNC_LIMITS = { ...SYNC_LIMITS, soqlQueries: 200, queueableJobs: 1, futureCalls: 0 };

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
    limits: typeof SYNC_LIMITS = SYNC_LIMITS;
    /** set when DML or an async enqueue happened in this transaction (uncommitted work) */
    uncommittedWork = false;

    private bump(k: keyof LimitCounters, n: number, limit: number | null, msg: string): void {
        this.used[k] += n;
        this.total[k] += n;
        if (limit !== null && this.used[k] > limit) throw new LimitBreach(`${msg}: ${this.used[k]}`);
    }
    soql(): void {
        this.bump('soqlQueries', 1, this.limits.soqlQueries, 'Too many SOQL queries');
    }
    /** SOSL statements of the current context (kept apart from LimitCounters, whose shape other tools copy). */
    soslUsed = 0;
    private savedSosl: number[] = [];
    sosl(): void {
        this.soslUsed++;
        if (this.soslUsed > this.limits.soslQueries) throw new LimitBreach(`Too many SOSL queries: ${this.soslUsed}`);
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
            throw new LimitBreach(`Too many Email Invocations: ${this.emailInvocations}`);
    }
    queryRows(n: number): void {
        this.bump('queryRows', n, this.limits.queryRows, 'Too many query rows');
    }
    dml(): void {
        this.bump('dmlStatements', 1, this.limits.dmlStatements, 'Too many DML statements');
        this.uncommittedWork = true;
    }
    dmlRows(n: number): void {
        this.bump('dmlRows', n, this.limits.dmlRows, 'Too many DML rows');
    }
    callout(): void {
        this.bump('callouts', 1, this.limits.callouts, 'Too many callouts');
    }
    queueable(): void {
        this.bump('queueableJobs', 1, this.limits.queueableJobs, 'Too many queueable jobs added to the queue');
        this.uncommittedWork = true;
    }
    future(): void {
        this.bump('futureCalls', 1, this.limits.futureCalls, 'Too many future calls');
        this.uncommittedWork = true;
    }
    step(): void {
        this.used.cpuSteps++;
        this.total.cpuSteps++;
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
        this.limits = SYNC_LIMITS;
    }
}

/** "Maximum number of EventBus.publish calls for platform events configured to publish immediately" (Execution Governors and Limits) */
export const PUBLISH_IMMEDIATE_LIMIT = 150;

let current: Limits = new Limits();
export function currentLimits(): Limits {
    return current;
}
export function setCurrentLimits(l: Limits): void {
    current = l;
}
