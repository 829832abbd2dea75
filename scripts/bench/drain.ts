// Drain time (issue #12 item 2): how long approved Accounts take to reach D365, measured by running the package's
// REAL Apex in the local runtime, one transaction at a time, on a virtual clock (sim/core.ts):
//  - every async execution the package causes (the kick trigger's delivery, each D365SyncWorker and its Finalizer,
//    the scheduled D365SyncRetryJob) becomes a job that is ready at a virtual time; a pool of K org async threads
//    runs ready jobs, earliest first; what a job enqueues becomes ready when it ends (+ a seeded dequeue delay);
//  - a job's virtual duration = its callouts' latency (APIM model: D365 latency, 429 + Retry-After, outage 503,
//    timeouts) + a CPU estimate from the statements it executed; `Datetime.now()` / `System.currentTimeMillis()`
//    inside it read the virtual clock, so the package's backoff, Retry-After and callout-time budget see it;
//  - every transaction is checked against GOVERNOR_LIMITS (the runtime also throws LimitException itself) and the
//    120 s callout time (virtual), and the run fails on any limit, job failure, duplicate or undelivered Account.
import * as fs from 'node:fs';
import * as path from 'node:path';
import {
    ApexThrow,
    CalloutError,
    GOVERNOR_LIMITS,
    V,
    deliverEvents,
    zeroLimitCounters,
    type AsyncJob,
    type LimitCounters,
    type PendingEvent
} from '../apex-runtime/src';
import type { JobRun, SandboxRuntime } from '../sandbox/runtime';
import { ApimModel, MinHeap, Scheduler, percentile, seededRandom, type JobResult, type SimJob } from './sim/core';
import { insertDrafts, makeRuntime } from './org';

/** The knobs of one run. Times in ms of virtual time. */
export interface DrainKnobs {
    /** org async threads running this org's jobs at once (not published by Salesforce: an assumption, see docs) */
    threads: number;
    /** D365_Sync_Setting__mdt.Batch_Size__c */
    batchSize: number;
    /** D365_Sync_Setting__mdt.Worker_Lanes__c (max parallel worker chains); null = leave the package default */
    lanes: number | null;
    /** D365_Sync_Setting__mdt.Max_Chain_Depth__c; null = as shipped (5) */
    chainDepth: number | null;
    latencyMs: number;
    latencyJitter: number;
    /** APIM rate limit per subscription; null = none */
    rateLimit: { calls: number; renewalPeriodSeconds: number } | null;
    /** delay between a job's end (or a commit) and the start of the job it enqueued, drawn uniformly */
    dequeueDelayMs: [number, number];
    /** delay between a commit that published a kick and its delivery, drawn uniformly */
    eventDelayMs: [number, number];
    /** CPU estimate: virtual ms per Apex statement executed */
    cpuMsPerStatement: number;
    /** every how many minutes D365SyncRetryJob runs (scheduleEvery(15) in the package's setup) */
    retryJobMinutes: number;
    seed: number;
}

export const DEFAULT_KNOBS: DrainKnobs = {
    threads: 10,
    batchSize: 50,
    lanes: null,
    chainDepth: null,
    latencyMs: 300,
    latencyJitter: 0.1,
    rateLimit: { calls: 20, renewalPeriodSeconds: 1 },
    dequeueDelayMs: [100, 1000],
    eventDelayMs: [100, 500],
    cpuMsPerStatement: 0.005,
    retryJobMinutes: 15,
    seed: 12
};

export type DrainMode = 'steady' | 'initial' | 'outage';

export interface DrainScenario {
    name: string;
    mode: DrainMode;
    accounts: number;
    knobs: DrainKnobs;
    /** steady/outage: approvals per second arriving, in transactions of `perTx` */
    arrivalPerSecond?: number;
    perTx?: number;
    /** outage: D365 down from `outageFromMs` after the first approval, for `outageMs` */
    outageFromMs?: number;
    outageMs?: number;
    /** stop after this much virtual time (ms) whatever is left */
    horizonMs?: number;
}

const LIMIT_KEYS = ['soqlQueries', 'queryRows', 'dmlStatements', 'dmlRows', 'callouts', 'queueableJobs'] as const;

export interface DrainResult {
    scenario: DrainScenario;
    /** first approval → last Account accepted by D365 (virtual s) */
    drainSeconds: number;
    /** last approval committed (virtual s after the first) */
    arrivalSeconds: number;
    acceptedPerSecond: number;
    callsPerSecond: number;
    maxConcurrency: number;
    asyncExecutions: number;
    calls: number;
    accepted: number;
    rateLimited: number;
    outage503: number;
    timeouts: number;
    retries: number;
    duplicates: number;
    maxCallsInRateWindow: number;
    succeeded: number;
    failedRows: number;
    open: number;
    /** approval → accepted by D365, per Account (virtual s) */
    latencyP50: number;
    latencyP95: number;
    latencyMax: number;
    retryJobRuns: number;
    asyncMax: LimitCounters;
    syncMax: LimitCounters;
    maxCalloutSeconds: number;
    maxCpuMsAsync: number;
    maxCpuMsSync: number;
    failures: string[];
    realSeconds: number;
}

const START = Date.parse('2026-12-07T09:00:00Z');

type Payload = { kind: 'job'; job: AsyncJob } | { kind: 'events'; events: PendingEvent[] } | { kind: 'other' };

const maxOf = (a: LimitCounters, b: LimitCounters): LimitCounters => {
    const o = { ...a };
    for (const k of Object.keys(o) as (keyof LimitCounters)[]) o[k] = Math.max(a[k], b[k]);
    return o;
};

/** Sets a number field of the `Default` settings record (a Setup edit, as in the sandbox). */
function setSetting(rt: SandboxRuntime, field: string, value: number): void {
    const row = rt.rows('D365_Sync_Setting__mdt').find((r) => r.get('developername') === 'Default')!;
    row.set(field.toLowerCase(), V.ApexDecimal.parse(String(value)));
}

/** whether the package has `D365_Sync_Setting__mdt.Worker_Lanes__c` (the lanes knob) */
export function hasLanesField(projectDir: string): boolean {
    return fs.existsSync(
        path.join(
            projectDir,
            'force-app/main/default/objects/D365_Sync_Setting__mdt/fields/Worker_Lanes__c.field-meta.xml'
        )
    );
}

export function runDrain(projectDir: string, sc: DrainScenario): DrainResult {
    const t0real = Date.now();
    const k = sc.knobs;
    const random = seededRandom(k.seed);
    const uniform = ([a, b]: [number, number]) => Math.round(a + (b - a) * random()); // whole ms: Apex reads them
    const clock = { now: START - 3600_000 };
    const outage =
        sc.mode === 'outage'
            ? {
                  fromMs: START + (sc.outageFromMs ?? 60_000),
                  toMs: START + (sc.outageFromMs ?? 60_000) + (sc.outageMs ?? 300_000)
              }
            : null;
    const apim = new ApimModel(
        {
            latencyMs: k.latencyMs,
            latencyJitter: k.latencyJitter,
            rateLimit: k.rateLimit,
            outage,
            outageLatencyMs: 100,
            rejectLatencyMs: 20
        },
        random
    );
    let jobCalloutMs = 0;
    const calledIds = new Set<string>();
    const { rt, approverId } = makeRuntime(projectDir, {
        clock: () => clock.now,
        respond: (req) => {
            const a = apim.handle(clock.now, req.body, req.timeoutMs);
            clock.now += a.latencyMs;
            jobCalloutMs += a.latencyMs;
            try {
                calledIds.add(String((JSON.parse(req.body ?? '{}') as { salesforceId?: string }).salesforceId));
            } catch {
                /* not JSON: counted as a call only */
            }
            if (a.kind === 'timeout') throw new CalloutError('Read timed out');
            return {
                statusCode: a.statusCode,
                status: a.statusCode === 201 ? 'Created' : String(a.statusCode),
                headers: Object.entries(a.headers).map(([name, value]) => ({ name, value })),
                body: a.body
            };
        }
    });
    setSetting(rt, 'Batch_Size__c', k.batchSize);
    if (k.chainDepth !== null) setSetting(rt, 'Max_Chain_Depth__c', k.chainDepth);
    if (k.lanes !== null) {
        if (!hasLanesField(projectDir)) throw new Error('the package has no Worker_Lanes__c yet: lanes must be null');
        setSetting(rt, 'Worker_Lanes__c', k.lanes);
    }

    const session = rt.session;
    const it = session.it;
    // Apex's Math.random (the package's backoff jitter) and UUIDs (claim tokens) from seeded sources too
    const apexRandom = seededRandom(k.seed + 1);
    session.wrapService('random', () => apexRandom);
    session.wrapService('randomUUID', () => (): string => {
        const h = Array.from({ length: 32 }, () => Math.floor(apexRandom() * 16).toString(16));
        h[12] = '4';
        h[16] = '89ab'[Math.floor(apexRandom() * 4)];
        const x = h.join('');
        return `${x.slice(0, 8)}-${x.slice(8, 12)}-${x.slice(12, 16)}-${x.slice(16, 20)}-${x.slice(20)}`;
    });
    // A job runs at once in real time but lasts until its virtual end. The package counts running lanes by
    // AsyncApexJob, so the rows must follow virtual time: the job's own row says Processing until its end, when its
    // final status is written; a job it enqueued is committed with it, so that row is hidden (a status no query of
    // the package counts) until the end and then Queued.
    type JobUpdate = [V.ApexId, string, string | null, number?, number?];
    let updateJob: (...a: JobUpdate) => void = () => undefined;
    const jobInfo = rt.db.schema.getObject('AsyncApexJob');
    const setStatus = (id: V.ApexId, status: string): void => {
        if (jobInfo && rt.db.getRow(id)) rt.db.updateRow(jobInfo, id.value, new Map([['status', status]]));
    };
    let deferred: { updates: JobUpdate[]; enqueued: V.ApexId[] } | null = null;
    session.wrapService('updateAsyncJob', (inner) => {
        updateJob = inner as (...a: JobUpdate) => void;
        return (...a: JobUpdate): void => {
            if (!deferred) return updateJob(...a);
            deferred.updates.push(a);
            setStatus(a[0], 'Processing');
        };
    });
    session.wrapService('recordAsyncJob', (inner) => {
        const recordJob = inner as (...a: unknown[]) => V.ApexId | undefined;
        return (...a: unknown[]): V.ApexId | undefined => {
            const id = recordJob(...a);
            if (deferred && id) deferred.enqueued.push(id);
            return id;
        };
    });
    const completions = new MinHeap<{ at: number; seq: number; apply: () => void }>((a, b) =>
        a.at !== b.at ? a.at < b.at : a.seq < b.seq
    );
    let completionSeq = 0;
    const completeUntil = (t: number): void => {
        const saved = clock.now;
        while (completions.size && completions.peek()!.at <= t) {
            const c = completions.pop()!;
            clock.now = c.at;
            c.apply();
        }
        clock.now = saved;
    };
    // the async work a transaction asked for, collected instead of run at its end (the scheduler runs it)
    const captured: { jobs: AsyncJob[]; events: PendingEvent[] } = { jobs: [], events: [] };
    session.wrapService('drainAsync', () => (it2: typeof it) => {
        const t = it2.services.test as {
            queue: AsyncJob[];
            batchQueue: unknown[];
            scheduledToRun: unknown[];
            events?: PendingEvent[];
        };
        if (t.batchQueue.length || t.scheduledToRun.length)
            throw new Error('the drain bench does not model Batch Apex or System.schedule from a job');
        captured.jobs.push(...t.queue.splice(0));
        captured.events.push(...(t.events ?? []).splice(0));
    });
    const takeCaptured = (): { jobs: AsyncJob[]; events: PendingEvent[] } => {
        const c = { jobs: captured.jobs.splice(0), events: captured.events.splice(0) };
        return c;
    };

    const res: DrainResult = {
        scenario: sc,
        drainSeconds: 0,
        arrivalSeconds: 0,
        acceptedPerSecond: 0,
        callsPerSecond: 0,
        maxConcurrency: 0,
        asyncExecutions: 0,
        calls: 0,
        accepted: 0,
        rateLimited: 0,
        outage503: 0,
        timeouts: 0,
        retries: 0,
        duplicates: 0,
        maxCallsInRateWindow: 0,
        succeeded: 0,
        failedRows: 0,
        open: 0,
        latencyP50: 0,
        latencyP95: 0,
        latencyMax: 0,
        retryJobRuns: 0,
        asyncMax: zeroLimitCounters(),
        syncMax: zeroLimitCounters(),
        maxCalloutSeconds: 0,
        maxCpuMsAsync: 0,
        maxCpuMsSync: 0,
        failures: [],
        realSeconds: 0
    };

    const sched = new Scheduler<Payload>(k.threads);
    const approvedAt = new Map<string, number>();

    // what a finished transaction started: its jobs join the pool, its kicks the kick trigger's lane
    const spawnFrom = (c: { jobs: AsyncJob[]; events: PendingEvent[] }): JobResult<Payload>['spawned'] => [
        // AsyncOptions.MinimumQueueableDelayInMinutes: the job becomes ready no earlier than the delay
        ...c.jobs.map((job) => ({
            job: asyncJob(job),
            delayMs: (job.delayMinutes ?? 0) * 60_000 + uniform(k.dequeueDelayMs)
        })),
        ...(c.events.length ? [{ job: delivery(c.events), delayMs: uniform(k.eventDelayMs) }] : [])
    ];
    // a kick delivery is an async execution held to the SYNCHRONOUS limits (Platform Events Developer Guide: "the
    // synchronous limits apply to platform event triggers"), so its maxima go with the synchronous column
    const recordRuns = (label: string, runs: JobRun[], syncLimits = false): number => {
        let steps = 0;
        for (const r of runs) {
            res.asyncExecutions++;
            steps += r.limits.cpuSteps;
            if (syncLimits) {
                res.syncMax = maxOf(res.syncMax, r.limits);
                res.maxCpuMsSync = Math.max(res.maxCpuMsSync, r.limits.cpuSteps * k.cpuMsPerStatement);
            } else {
                res.asyncMax = maxOf(res.asyncMax, r.limits);
                res.maxCpuMsAsync = Math.max(res.maxCpuMsAsync, r.limits.cpuSteps * k.cpuMsPerStatement);
            }
            if (r.error) res.failures.push(`${label} / ${r.name}: ${r.error}`);
        }
        return steps;
    };
    const runAsync = (label: string, start: number, body: () => void): JobResult<Payload> => {
        completeUntil(start);
        clock.now = start;
        jobCalloutMs = 0;
        apim.limiter?.prune(start);
        deferred = { updates: [], enqueued: [] };
        const runs = rt.asyncRun(() => {
            try {
                body();
            } catch (e) {
                // the job's failure is recorded by the runtime (JobRun.error); anything else is the bench's problem
                if (!(it.toApexThrow(e) instanceof ApexThrow)) throw e;
            }
            it.services.drainAsync(it); // collect what the job enqueued or published
        });
        res.maxCalloutSeconds = Math.max(res.maxCalloutSeconds, jobCalloutMs / 1000);
        const steps = recordRuns(label, runs, label === 'kick trigger');
        const duration = clock.now - start + Math.ceil(steps * k.cpuMsPerStatement);
        const { updates, enqueued } = deferred!;
        deferred = null;
        const started = takeCaptured();
        // a job a failed execution enqueued was rolled back with it: it stays hidden
        const committed = new Set(started.jobs.map((j) => j.id.value));
        for (const id of enqueued) setStatus(id, 'Committing (bench)');
        completions.push({
            at: start + duration,
            seq: completionSeq++,
            apply: () => {
                for (const u of updates) updateJob(...u);
                for (const id of enqueued) if (committed.has(id.value)) setStatus(id, 'Queued');
            }
        });
        return { durationMs: duration, spawned: spawnFrom(started) };
    };
    const asyncJob = (job: AsyncJob): SimJob<Payload> => ({
        name: job.job?.cls?.name ?? 'job',
        payload: { kind: 'job', job },
        run: (start) => runAsync(job.job?.cls?.name ?? 'job', start, () => it.services.runJob(it, job))
    });
    const delivery = (events: PendingEvent[]): SimJob<Payload> => ({
        name: 'kick trigger',
        lane: 'D365SyncKickTrigger',
        merge: true,
        payload: { kind: 'events', events },
        run: (start, merged) =>
            runAsync('kick trigger', start, () => {
                const all = [...events, ...merged.flatMap((m) => (m.kind === 'events' ? m.events : []))];
                (it.services.test as { events?: PendingEvent[] }).events = all;
                deliverEvents(it, false);
            })
    });
    // a synchronous transaction (an approval, a data-load batch, the scheduled retry job) at virtual time `start`
    const syncTx = (label: string, src: string, userId: string, start: number, onOk?: (debug: string[]) => void) => {
        completeUntil(start);
        clock.now = start;
        const r = rt.tx(label, src, userId);
        res.syncMax = maxOf(res.syncMax, r.limits);
        res.maxCpuMsSync = Math.max(res.maxCpuMsSync, r.limits.cpuSteps * k.cpuMsPerStatement);
        const o = r.outcome;
        if (o.kind === 'ok') onOk?.(r.debug);
        else res.failures.push(`${label}: ${o.kind}: ${'message' in o ? o.message : ''}`);
        return {
            durationMs: Math.ceil(r.limits.cpuSteps * k.cpuMsPerStatement + r.limits.dmlRows * 0.5),
            spawned: spawnFrom(takeCaptured())
        };
    };

    // Drafts exist before the clock starts (steady / outage approve them over time).
    const n = sc.accounts;
    const draftIds: string[] = [];
    if (sc.mode !== 'initial') {
        for (let i = 0; i < n; i += 200) {
            const r = rt.tx('drafts', insertDrafts(Math.min(200, n - i), `Draft ${i}`), approverId);
            if (r.outcome.kind !== 'ok') throw new Error(`draft insert failed: ${JSON.stringify(r.outcome)}`);
            draftIds.push(...r.debug[0].split(','));
            takeCaptured();
        }
    }
    let lastArrival = START;
    const arrive = (at: number, label: string, src: string, ids: () => string[]): void =>
        sched.submit(
            {
                name: label,
                lane: 'users',
                payload: { kind: 'other' },
                run: (start) => {
                    lastArrival = Math.max(lastArrival, start);
                    return syncTx(label, src, approverId, start, (debug) => {
                        for (const id of ids().length ? ids() : (debug[0] ?? '').split(',')) approvedAt.set(id, start);
                    });
                }
            },
            at
        );
    if (sc.mode === 'initial') {
        // a data load: Bulk-API-style transactions of 200 Approved Accounts, all submitted at the start
        for (let i = 0, b = 0; i < n; i += 200, b++)
            arrive(START, `load ${b + 1}`, insertDrafts(Math.min(200, n - i), `Load ${b}`, 'Approved'), () => []);
    } else {
        const perTx = sc.perTx ?? 10;
        const gap = (perTx / (sc.arrivalPerSecond ?? 20)) * 1000;
        let at = START;
        for (let i = 0; i < n; i += perTx) {
            const ids = draftIds.slice(i, i + perTx);
            arrive(
                at,
                `approve ${i / perTx + 1}`,
                `List<Account> accs = new List<Account>();
for (String i : '${ids.join(',')}'.split(',')) { accs.add(new Account(Id = i, D365_Approval_Status__c = 'Approved')); }
update accs;`,
                () => ids
            );
            at += Math.round(gap * (0.5 + random())); // seeded jitter around the mean rate
        }
    }
    // the scheduled retry job (cron every retryJobMinutes), re-armed while rows are open
    const openRows = (): number =>
        rt.rows('D365_Sync_Request__c').filter((r) => !['Succeeded', 'Failed'].includes(String(r.get('status__c'))))
            .length;
    const period = k.retryJobMinutes * 60_000;
    const retryJob = (): SimJob<Payload> => ({
        name: 'D365SyncRetryJob',
        payload: { kind: 'other' },
        run: (start) => {
            res.retryJobRuns++;
            const r = syncTx('retry job', 'new D365SyncRetryJob().execute(null);', rt.adminUserId, start);
            if (openRows() > 0 || sched.pending > 0) sched.submit(retryJob(), start + period);
            return r;
        }
    });
    sched.submit(retryJob(), START + period);

    const horizon = START + (sc.horizonMs ?? 8 * 3600_000);
    while (sched.step(horizon)) {
        if (apim.createdAt.size >= n && sched.pending === 0) break;
        if (res.failures.length > 20) break;
    }

    const rows = rt.rows('D365_Sync_Request__c');
    res.succeeded = rows.filter((r) => String(r.get('status__c')) === 'Succeeded').length;
    res.failedRows = rows.filter((r) => String(r.get('status__c')) === 'Failed').length;
    res.open = rows.length - res.succeeded - res.failedRows;
    const s = apim.stats;
    const lastAccepted = s.lastAcceptedMs ?? START;
    res.drainSeconds = (lastAccepted - START) / 1000;
    res.arrivalSeconds = (lastArrival - START) / 1000;
    res.calls = s.calls;
    res.accepted = s.accepted;
    res.rateLimited = s.rateLimited;
    res.outage503 = s.outage503;
    res.timeouts = s.timeouts;
    res.duplicates = s.duplicates;
    res.retries = s.calls - calledIds.size;
    res.maxCallsInRateWindow = apim.limiter?.maxInAnyWindow() ?? 0;
    res.maxConcurrency = sched.stats.maxConcurrency;
    const active = Math.max(0.001, res.drainSeconds);
    res.acceptedPerSecond = s.accepted / active;
    res.callsPerSecond = s.calls / active;
    if (sc.mode === 'initial') for (const id of apim.createdAt.keys()) approvedAt.set(id, START);
    const lat: number[] = [];
    for (const [id, at] of apim.createdAt) {
        const a = approvedAt.get(id) ?? approvedAt.get(id.slice(0, 15));
        if (a !== undefined) lat.push((at - a) / 1000);
    }
    res.latencyP50 = percentile(lat, 50);
    res.latencyP95 = percentile(lat, 95);
    res.latencyMax = percentile(lat, 100);
    res.failures.push(...checkDrain(res));
    res.realSeconds = (Date.now() - t0real) / 1000;
    return res;
}

/**
 * What makes a drain run fail: a governor limit, a duplicate create, the rate limit exceeded. An Account not delivered
 * within the horizon is a measured result (the table shows it), not a failure of the bench.
 */
export function checkDrain(r: DrainResult): string[] {
    const out: string[] = [];
    for (const key of LIMIT_KEYS) {
        const l = GOVERNOR_LIMITS[key];
        if (r.syncMax[key] > l.sync) out.push(`sync ${key} ${r.syncMax[key]} > ${l.sync}`);
        if (r.asyncMax[key] > l.async) out.push(`async ${key} ${r.asyncMax[key]} > ${l.async}`);
    }
    if (r.maxCalloutSeconds * 1000 > GOVERNOR_LIMITS.calloutTimeMs.async)
        out.push(`callout time ${r.maxCalloutSeconds.toFixed(1)} s > 120 s in one transaction`);
    if (r.maxCpuMsAsync > GOVERNOR_LIMITS.cpuTimeMs.async) out.push(`CPU estimate ${r.maxCpuMsAsync} ms > async limit`);
    if (r.maxCpuMsSync > GOVERNOR_LIMITS.cpuTimeMs.sync) out.push(`CPU estimate ${r.maxCpuMsSync} ms > sync limit`);
    if (r.duplicates > 0) out.push(`${r.duplicates} duplicate creates at the emulator`);
    const rl = r.scenario.knobs.rateLimit;
    if (rl && r.maxCallsInRateWindow > rl.calls) out.push(`rate limit exceeded: ${r.maxCallsInRateWindow} calls`);
    return out;
}

/** chain depth of the "production" lanes rows: `Max_Chain_Depth__c` raised as docs/sync-engine.md suggests */
export const DEEP_CHAIN = 100;

/**
 * The scenarios of `npm run bench`. Default: 1,000 Accounts in every mode (steady, initial load, outage) for the
 * package as shipped (\`Worker_Lanes__c\` 1, \`Max_Chain_Depth__c\` 5) and for each lanes value with chain depth
 * ${DEEP_CHAIN}, the serial baseline (one async thread) as an initial load, and 10,000 as an initial load for each
 * lanes value with chain depth ${DEEP_CHAIN}. \`--full\` adds 10,000 in every mode for every variant (lanes with the
 * shipped chain depth too, the baseline as an initial load) and 50,000 in every mode for the deep lanes variants.
 */
export function drainScenarios(
    projectDir: string,
    full: boolean,
    lanes: number[] = [],
    overrides: Partial<DrainKnobs> = {}
): DrainScenario[] {
    const base = { ...DEFAULT_KNOBS, ...overrides };
    const withLanes = hasLanesField(projectDir) ? lanes : [];
    type Kind = 'baseline' | 'shipped' | 'lanes' | 'deep';
    type Variant = { tag: string; knobs: DrainKnobs; kind: Kind };
    const variants: Variant[] = [
        // one chain that never stops for depth: the serial chain the goal is measured against
        {
            tag: 'serial baseline (1 async thread, 1 lane)',
            knobs: { ...base, threads: 1, lanes: 1, chainDepth: DEEP_CHAIN },
            kind: 'baseline'
        },
        { tag: 'package as shipped', knobs: base, kind: 'shipped' },
        ...withLanes.map((l): Variant => ({ tag: `${l} lanes`, knobs: { ...base, lanes: l }, kind: 'lanes' })),
        ...withLanes.map((l): Variant => ({
            tag: `${l} lanes, chain depth ${DEEP_CHAIN}`,
            knobs: { ...base, lanes: l, chainDepth: DEEP_CHAIN },
            kind: 'deep'
        }))
    ];
    const wanted = (n: number, mode: DrainMode, v: Variant): boolean => {
        // the baseline is the same serial chain whatever the arrivals: measured as an initial load
        if (v.kind === 'baseline') return mode === 'initial' && (n === 1000 || (full && n === 10_000));
        if (n === 1000) return v.kind !== 'lanes' || full; // at 1,000 the shipped depth does not bind 5+ lanes
        if (n === 10_000) return full || (mode === 'initial' && v.kind === 'deep');
        return full && v.kind === 'deep';
    };
    const out: DrainScenario[] = [];
    for (const n of [1000, 10_000, 50_000])
        for (const mode of ['steady', 'initial', 'outage'] as DrainMode[])
            for (const v of variants)
                if (wanted(n, mode, v))
                    out.push({
                        name: `${n.toLocaleString('en-US')} ${mode}, ${v.tag}`,
                        mode,
                        accounts: n,
                        knobs: v.knobs,
                        arrivalPerSecond: 20,
                        perTx: 10,
                        outageFromMs: 30_000,
                        outageMs: 300_000
                    });
    return out;
}

const fmtS = (s: number): string => (s >= 120 ? `${(s / 60).toFixed(1)} min` : `${s.toFixed(0)} s`);

/** The drain section of docs/benchmarks.md (and the console). */
export function renderDrain(results: DrainResult[]): string {
    const rows = results.map((r) => {
        const k = r.scenario.knobs;
        return `| ${r.scenario.name} | ${k.threads} | ${k.lanes ?? 'as shipped'} | ${k.chainDepth ?? 'as shipped'} | ${k.batchSize} | ${fmtS(r.drainSeconds)} | ${r.scenario.mode === 'initial' ? '—' : fmtS(r.arrivalSeconds)} | ${r.acceptedPerSecond.toFixed(1)} | ${r.callsPerSecond.toFixed(1)} | ${r.maxConcurrency} | ${r.rateLimited} | ${r.outage503} | ${r.timeouts} | ${r.retries} | ${r.duplicates} | ${fmtS(r.latencyP50)} / ${fmtS(r.latencyP95)} | ${r.retryJobRuns} | ${r.asyncExecutions} | ${r.succeeded === r.scenario.accounts ? 'all' : `**${r.succeeded}** (${r.failedRows} Failed, ${r.open} open)`} | ${r.failures.length ? `**FAIL** (${r.failures.length})` : 'ok'} |`;
    });
    const limits = results.map((r) => {
        const a = r.asyncMax;
        const s = r.syncMax;
        return `| ${r.scenario.name} | ${a.soqlQueries} / ${s.soqlQueries} | ${a.queryRows} / ${s.queryRows} | ${a.dmlStatements} / ${s.dmlStatements} | ${a.dmlRows} / ${s.dmlRows} | ${a.callouts} | ${a.queueableJobs} / ${s.queueableJobs} | ${r.maxCalloutSeconds.toFixed(1)} | ${Math.round(r.maxCpuMsAsync)} / ${Math.round(r.maxCpuMsSync)} | ${r.maxCallsInRateWindow} |`;
    });
    const fails = results
        .filter((r) => r.failures.length)
        .map((r) => `- ${r.scenario.name}: ${r.failures.slice(0, 3).join('; ')}`);
    return `| scenario | async threads | lanes | chain depth | batch | drain time | arrivals over | accepted/s | calls/s | max concurrent jobs | 429s | 503s | timeouts | retries | duplicates | latency p50 / p95 | retry-job runs | async executions | Succeeded | limits, duplicates, rate |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${rows.join('\n')}

Per-transaction maxima over every transaction of the run (async job / synchronous transaction):

| scenario | SOQL (200/100) | query rows (50,000) | DML (150) | DML rows (10,000) | callouts (100) | queueables (1/50) | callout time s (120) | CPU estimate ms (60,000/10,000) | most calls in one rate window |
| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |
${limits.join('\n')}
${fails.length ? `\nFailures:\n${fails.join('\n')}\n` : ''}`;
}

/** The "Drain time" section of docs/benchmarks.md: the model, its assumptions and knobs, then the tables. */
export function drainDoc(results: DrainResult[], full: boolean): string {
    const k = DEFAULT_KNOBS;
    const lanesNote =
        '**lanes** sets `D365_Sync_Setting__mdt.Worker_Lanes__c` (max parallel worker chains; as shipped: 1) and ' +
        `**chain depth** \`Max_Chain_Depth__c\` (as shipped: 5, the Developer Edition limit; production orgs can raise it, ` +
        `rows with ${DEEP_CHAIN} show that). Other values: \`npm run bench -- --lanes=4,6,8 --batch=100 --threads=5 ` +
        `--rate=100/5 --latency=500\` (lanes; \`Batch_Size__c\`; async threads; APIM calls/seconds, \`none\` for no limit; ` +
        'D365 ms per call), with `--no-write` to keep this page.';
    return `## Drain time (virtual clock)

How long approved Accounts take to reach D365, with several async jobs interleaved, D365 latency and APIM's rate
limit (issue #12). Goal: 10,000 approvals in ≤ 10 minutes at 300 ms per call, without breaking a per-transaction
limit or the rate limit; one serial chain needs 10,000 × 0.3 s ≈ 50 minutes.

How it is measured (\`scripts/bench/drain.ts\`, simulator core \`scripts/bench/sim/core.ts\`): the package's **real
Apex** runs in the local runtime, one transaction at a time, on a **virtual clock**. Every async execution the
package causes is a job that becomes ready at a virtual time: the kick trigger's delivery of \`D365_Sync_Kick__e\`,
each \`D365SyncWorker\` (with its Transaction Finalizer, counted inside the job's time) and the scheduled
\`D365SyncRetryJob\`. A pool of **K org async threads** runs ready jobs, earliest first; what a job enqueues becomes
ready when it ends. A job's virtual duration is its callouts' latency plus a CPU estimate; \`Datetime.now()\` and
\`System.currentTimeMillis()\` inside it read the virtual clock, so the package's backoff, \`Retry-After\` handling
and 118 s callout budget see the simulated time. Same seed, same numbers.

Assumptions (each a knob in \`DEFAULT_KNOBS\`, \`scripts/bench/drain.ts\`):
- **K = ${k.threads} async threads** for this org's jobs; the serial baseline uses K = 1, one lane and a chain depth of
  ${DEEP_CHAIN}, so every job waits for the one before it and the chain never stops early (one serial chain). Salesforce publishes no number of concurrent async executions per org: async
  requests run on shared, multi-tenant resources on a best-effort basis, with no timing guarantee ("Asynchronous
  Processing in Force.com", developer.salesforce.com), and an org with more than 2,000 unprocessed requests in the
  queue is delayed (Apex Developer Guide, "Future Methods"). Measure the real concurrency in an org before relying on
  K.
- A job starts ${k.dequeueDelayMs[0]}–${k.dequeueDelayMs[1]} ms after it became ready when a thread is free (dequeue
  delay, drawn from the seeded random source); a published kick is delivered ${k.eventDelayMs[0]}–${k.eventDelayMs[1]} ms
  after its commit. A job enqueued with \`AsyncOptions.MinimumQueueableDelayInMinutes\` (a lane waiting for rows due
  soon) becomes ready that many minutes after the job that enqueued it ends (plus the dequeue delay).
- A kick delivery runs with the synchronous limits (Platform Events Developer Guide, "Subscribe to Platform Event
  Notifications with Apex Triggers": "the synchronous limits apply to platform event triggers"), so it may enqueue up to
  50 jobs: one delivery starts every missing lane. Its maxima are in the synchronous column of the limits table.
- The kick trigger runs on its own single lane: a platform event trigger processes events sequentially, one batch
  (≤ 2,000 events) at a time (Platform Events Developer Guide, "Subscribe to Platform Event Notifications with Apex
  Triggers"); every kick published before a delivery starts is in that delivery.
- D365 answers in ${k.latencyMs} ms ± ${k.latencyJitter * 100} % (seeded); a call longer than the request's timeout
  (\`Timeout_Ms__c\`, 20 s) times out.
- APIM allows **${k.rateLimit ? `${k.rateLimit.calls} calls per ${k.rateLimit.renewalPeriodSeconds} s` : 'unlimited calls'}** per
  subscription in a sliding window and answers 429 with \`Retry-After\` past it, as the \`rate-limit\` /
  \`rate-limit-by-key\` policies do (Microsoft Learn, "Limit call rate by key": sliding window, renewal period ≤ 300 s);
  refused calls are not counted. The model keeps the invariant an in-order limiter keeps (no window ever holds more
  accepted calls than allowed; the last column of the limits table checks it).
- Outage scenarios: D365 answers 503 to every call that passes the rate limit, from 30 s after the first approval
  for 5 minutes (the emulator's \`outage\` option).
- CPU estimate: ${k.cpuMsPerStatement * 1000} µs per Apex statement executed (the runtime counts statements, not time);
  it adds to a job's duration and is checked against the 10 s / 60 s CPU limits.
- The retry job runs every ${k.retryJobMinutes} minutes (\`scheduleEvery(15)\`) on a pool thread, as an anonymous
  synchronous transaction (synchronous limits, stricter than a scheduled job's).
- A job's DML applies when it runs (at its virtual start) rather than at its end: rows are claimed in the transaction
  before the one that sends them, so this does not change who sends what.

Scenarios: **steady** — approvals arrive at 20 per second in transactions of 10 (seeded jitter) by a user holding
\`D365_Sync_Data_Load\`; **initial** — a data load, Bulk-API-style transactions of 200 Approved Accounts all submitted at
0 s (run one after another); **outage** — steady, with D365 down as above. **Drain time** = first approval → last
Account accepted by D365; **latency** = an Account's approval commit → accepted by D365; **retries** = calls beyond
each Account's first; **duplicates** = a second create of an Account D365 already had (must be 0). A run fails on any
transaction or job failure, a governor limit exceeded (\`GOVERNOR_LIMITS\`, plus 120 s callout time per transaction in
virtual time), a duplicate, or a rate-limit window over its limit. Accounts not \`Succeeded\` when the run stops (8 h of
virtual time, or nothing left to run) are a result, shown in the **Succeeded** column.
${full ? 'This page ran `npm run bench -- --full`.' : 'This page ran the default set (`npm run bench`): 1,000 Accounts in every mode, the serial baseline as an initial load, and 10,000 as an initial load with the lanes rows. `npm run bench -- --full` adds 10,000 in every mode and 50,000 for the deep-chain lanes rows (many minutes of real time: the interpreter needs several ms of CPU per Account sent).'}
Knobs per row: **async threads** K, **lanes**, **chain depth**, **batch** (\`Batch_Size__c\`).
${lanesNote}

${renderDrain(results)}`;
}
