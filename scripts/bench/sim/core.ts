// The discrete-event core of the drain benchmark (`npm run bench`, docs/benchmarks.md "Drain time"): a seeded
// random source, a virtual clock, a pool of org async threads plus serial lanes, and the APIM model (sliding-window
// rate limit with 429 + Retry-After, an outage window answering 503, backend latency and timeouts). Pure: no Apex
// here, so the rules are unit-tested on their own (scripts/bench/__tests__/sim.test.ts).

/** mulberry32: a small seeded PRNG, so every bench run makes the same choices. Values in [0, 1). */
export function seededRandom(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

/** A binary min-heap; `before(a, b)` is the order. */
export class MinHeap<T> {
    private items: T[] = [];
    constructor(private readonly before: (a: T, b: T) => boolean) {}
    get size(): number {
        return this.items.length;
    }
    peek(): T | undefined {
        return this.items[0];
    }
    push(x: T): void {
        const a = this.items;
        a.push(x);
        let i = a.length - 1;
        while (i > 0) {
            const p = (i - 1) >> 1;
            if (!this.before(a[i], a[p])) break;
            [a[i], a[p]] = [a[p], a[i]];
            i = p;
        }
    }
    pop(): T | undefined {
        const a = this.items;
        if (!a.length) return undefined;
        const top = a[0];
        const last = a.pop()!;
        if (a.length) {
            a[0] = last;
            let i = 0;
            for (;;) {
                const l = 2 * i + 1;
                const r = l + 1;
                let m = i;
                if (l < a.length && this.before(a[l], a[m])) m = l;
                if (r < a.length && this.before(a[r], a[m])) m = r;
                if (m === i) break;
                [a[i], a[m]] = [a[m], a[i]];
                i = m;
            }
        }
        return top;
    }
}

/** What a job did, as the scheduler needs it: how long it took (virtual ms) and what became ready after it. */
export interface JobResult<P> {
    durationMs: number;
    /** jobs this one started; each becomes ready `delayMs` after this job ends */
    spawned: { job: SimJob<P>; delayMs: number }[];
}

export interface SimJob<P> {
    name: string;
    /**
     * undefined: runs on one of the org's async threads (the pool). A lane name: runs on that lane's single thread,
     * one at a time, in ready order (a user's transactions; a platform-event trigger, which processes events
     * sequentially: Platform Events Developer Guide, "Subscribe to Platform Event Notifications with Apex Triggers").
     */
    lane?: string;
    /** lane jobs only: every job of the lane that is ready when this one starts is merged into it (one trigger
     * delivery takes all events published so far, up to 2,000 per batch) */
    merge?: boolean;
    payload: P;
    /** runs the job at virtual time `startMs`; `merged` = payloads of the lane jobs merged into this one */
    run: (startMs: number, merged: P[]) => JobResult<P>;
}

interface Entry<P> {
    job: SimJob<P>;
    readyAt: number;
    seq: number;
}

export interface SchedulerStats {
    jobsRun: number;
    /** most pool jobs running at the same virtual time */
    maxConcurrency: number;
    /** virtual time the last job ended */
    lastEndMs: number;
    /** total virtual ms pool jobs waited between ready and start (thread contention) */
    waitedMs: number;
}

/**
 * A pool of `threads` async threads plus serial lanes, on a virtual clock. Jobs run one at a time in real time, in
 * the order of their virtual start: the earliest-ready job takes the first free thread (FIFO by ready time, then by
 * submission). A job's effects (DML, the jobs it enqueues) apply when it runs; the jobs it starts become ready when
 * it ends. Start times never decrease, so a job can only be started by one that started before it.
 */
export class Scheduler<P> {
    private seq = 0;
    private readonly pool = new MinHeap<Entry<P>>((a, b) =>
        a.readyAt !== b.readyAt ? a.readyAt < b.readyAt : a.seq < b.seq
    );
    private readonly lanes = new Map<string, { queue: MinHeap<Entry<P>>; freeAt: number }>();
    /** end times of the pool jobs that may still be running */
    private readonly running = new MinHeap<number>((a, b) => a < b);
    readonly stats: SchedulerStats = { jobsRun: 0, maxConcurrency: 0, lastEndMs: 0, waitedMs: 0 };
    /** virtual time of the job being run (the clock jobs read) */
    now = 0;

    constructor(readonly threads: number) {
        if (!(threads >= 1)) throw new RangeError('at least one async thread');
    }

    submit(job: SimJob<P>, readyAt: number): void {
        const e: Entry<P> = { job, readyAt, seq: this.seq++ };
        if (job.lane === undefined) return this.pool.push(e);
        let lane = this.lanes.get(job.lane);
        if (!lane) {
            lane = {
                queue: new MinHeap<Entry<P>>((a, b) =>
                    a.readyAt !== b.readyAt ? a.readyAt < b.readyAt : a.seq < b.seq
                ),
                freeAt: -Infinity
            };
            this.lanes.set(job.lane, lane);
        }
        lane.queue.push(e);
    }

    get pending(): number {
        let n = this.pool.size;
        for (const l of this.lanes.values()) n += l.queue.size;
        return n;
    }

    private poolStart(e: Entry<P>): number {
        const free = this.running.size < this.threads ? -Infinity : this.running.peek()!;
        return Math.max(e.readyAt, free);
    }

    /** Runs the next job; false when nothing is left (or the next start would be after `untilMs`). */
    step(untilMs = Infinity): boolean {
        let best: { start: number; seq: number; lane: string | null } | null = null;
        const head = this.pool.peek();
        if (head) best = { start: this.poolStart(head), seq: head.seq, lane: null };
        for (const [name, l] of this.lanes) {
            const h = l.queue.peek();
            if (!h) continue;
            const start = Math.max(h.readyAt, l.freeAt);
            if (!best || start < best.start || (start === best.start && h.seq < best.seq))
                best = { start, seq: h.seq, lane: name };
        }
        if (!best || best.start > untilMs) return false;
        const start = best.start;
        this.now = start;
        let result: JobResult<P>;
        if (best.lane === null) {
            const e = this.pool.pop()!;
            while (this.running.size && this.running.peek()! <= start) this.running.pop();
            this.stats.waitedMs += start - e.readyAt;
            result = e.job.run(start, []);
            this.running.push(start + result.durationMs);
            this.stats.maxConcurrency = Math.max(this.stats.maxConcurrency, this.running.size);
            this.finish(e.job, start, result);
        } else {
            const l = this.lanes.get(best.lane)!;
            const e = l.queue.pop()!;
            const merged: P[] = [];
            while (e.job.merge && l.queue.size && l.queue.peek()!.readyAt <= start)
                merged.push(l.queue.pop()!.job.payload);
            result = e.job.run(start, merged);
            l.freeAt = start + result.durationMs;
            this.finish(e.job, start, result);
        }
        return true;
    }

    private finish(_job: SimJob<P>, start: number, r: JobResult<P>): void {
        const end = start + r.durationMs;
        this.stats.jobsRun++;
        this.stats.lastEndMs = Math.max(this.stats.lastEndMs, end);
        for (const s of r.spawned) this.submit(s.job, end + s.delayMs);
    }

    /** Runs jobs until none is left or the next would start after `untilMs`. */
    runUntil(untilMs = Infinity): void {
        while (this.step(untilMs));
    }
}

/**
 * APIM's `rate-limit` / `rate-limit-by-key` policy: at most `calls` accepted calls in any sliding window of
 * `renewalPeriodSeconds` (≤ 300 s), else 429 with `Retry-After` (Microsoft Learn, "Limit call rate by key"). The
 * bench runs jobs one after another on a virtual clock, so a call can arrive with a time earlier than calls already
 * counted (an earlier-started job ran first); a call is therefore accepted only if EVERY window containing it stays
 * within `calls` — the same invariant an in-order sliding window keeps — and the calls of the job that ran first
 * keep their place. Rejected calls are not counted (APIM's `increment-condition` can make that choice; the default
 * counts every call, which would only add 429s).
 */
export class SlidingWindowLimiter {
    private stamps: number[] = []; // sorted accepted-call times
    readonly periodMs: number;
    constructor(
        readonly calls: number,
        renewalPeriodSeconds: number
    ) {
        if (!(calls >= 1)) throw new RangeError('calls must be ≥ 1');
        if (!(renewalPeriodSeconds > 0 && renewalPeriodSeconds <= 300))
            throw new RangeError('renewalPeriodSeconds must be in (0, 300]');
        this.periodMs = renewalPeriodSeconds * 1000;
    }

    private lowerBound(t: number): number {
        let lo = 0;
        let hi = this.stamps.length;
        while (lo < hi) {
            const m = (lo + hi) >> 1;
            if (this.stamps[m] < t) lo = m + 1;
            else hi = m;
        }
        return lo;
    }

    /** accepted calls in the half-open window [from, from + period) */
    countIn(from: number): number {
        return this.lowerBound(from + this.periodMs) - this.lowerBound(from);
    }

    /** Accept a call at `t` (→ null) or refuse it (→ whole seconds to wait, ≥ 1). */
    tryAcquire(t: number): number | null {
        const p = this.periodMs;
        // windows [s, s + p) containing t: s in (t - p, t]. The count of a window only rises when its right edge
        // passes an accepted call, so the fullest windows start just after t - p or just after (y - p) for an
        // accepted call y in (t, t + p) (a call of a job that ran first but is later in virtual time).
        const eps = 1e-6;
        const starts = [t - p + eps];
        for (let i = this.lowerBound(t + eps); i < this.stamps.length && this.stamps[i] < t + p; i++)
            starts.push(this.stamps[i] - p + eps);
        let blockedUntil = -Infinity;
        for (const s of starts) {
            if (this.countIn(s) + 1 > this.calls) {
                // this window is full: wait until its oldest call has left a window ending at the retry
                const first = this.stamps[this.lowerBound(s)];
                blockedUntil = Math.max(blockedUntil, first + p);
            }
        }
        if (blockedUntil === -Infinity) {
            this.stamps.splice(this.lowerBound(t + eps), 0, t);
            // only the windows holding t changed
            for (const s of starts) this.maxSeen = Math.max(this.maxSeen, this.countIn(s));
            return null;
        }
        return Math.max(1, Math.ceil((blockedUntil - t) / 1000));
    }

    private maxSeen = 0;
    /** most accepted calls found in any window so far (a check that the limit held) */
    maxInAnyWindow(): number {
        return this.maxSeen;
    }

    /** Forgets calls before `t - period`: no call earlier than `t` can arrive any more (start times only grow). */
    prune(t: number): void {
        const cut = this.lowerBound(t - this.periodMs);
        if (cut > 1024) this.stamps = this.stamps.slice(cut);
    }
}

export interface ApimModelOptions {
    /** D365 time per call (ms), before jitter */
    latencyMs: number;
    /** ± fraction of the latency drawn from the seeded random source (0.1 = ±10 %) */
    latencyJitter: number;
    rateLimit: { calls: number; renewalPeriodSeconds: number } | null;
    /** D365 unavailable in [fromMs, toMs): the gateway answers 503 after `outageLatencyMs` */
    outage: { fromMs: number; toMs: number } | null;
    outageLatencyMs: number;
    /** time APIM takes to answer a 429 */
    rejectLatencyMs: number;
}

export type ApimAnswer =
    | { kind: 'response'; statusCode: number; headers: Record<string, string>; body: string; latencyMs: number }
    | { kind: 'timeout'; latencyMs: number };

export interface ApimStats {
    calls: number;
    accepted: number;
    rateLimited: number;
    outage503: number;
    timeouts: number;
    /** 2xx for an Account that D365 already had: a second create of the same row */
    duplicates: number;
    firstCallMs: number | null;
    lastAcceptedMs: number | null;
}

/**
 * APIM in front of D365, on the virtual clock, answering as scripts/emulators/apim-d365.ts does (same order of
 * checks, same bodies) without HTTP: the rate limit first (429 + Retry-After), then the outage window (the backend's
 * 503), then D365 (201 with a new CustomerAccount after the drawn latency; a call whose latency exceeds the request
 * timeout times out). In process because one HTTP round trip per callout (a child process each, see
 * src/callouts/transport.ts) would make 10,000 callouts take many minutes.
 */
export class ApimModel {
    readonly limiter: SlidingWindowLimiter | null;
    readonly stats: ApimStats = {
        calls: 0,
        accepted: 0,
        rateLimited: 0,
        outage503: 0,
        timeouts: 0,
        duplicates: 0,
        firstCallMs: null,
        lastAcceptedMs: null
    };
    /** virtual time of the first accepted create per salesforceId */
    readonly createdAt = new Map<string, number>();
    private next = 1;

    constructor(
        readonly opts: ApimModelOptions,
        private readonly random: () => number
    ) {
        this.limiter = opts.rateLimit
            ? new SlidingWindowLimiter(opts.rateLimit.calls, opts.rateLimit.renewalPeriodSeconds)
            : null;
    }

    handle(t: number, body: string | null, timeoutMs: number): ApimAnswer {
        this.stats.calls++;
        this.stats.firstCallMs ??= t;
        if (this.limiter) {
            const wait = this.limiter.tryAcquire(t);
            if (wait !== null) {
                this.stats.rateLimited++;
                return {
                    kind: 'response',
                    statusCode: 429,
                    headers: { 'Retry-After': String(wait), 'Content-Type': 'application/json' },
                    body: `{ "statusCode": 429, "message": "Rate limit is exceeded. Try again in ${wait} seconds." }`,
                    latencyMs: this.opts.rejectLatencyMs
                };
            }
        }
        const o = this.opts.outage;
        if (o && t >= o.fromMs && t < o.toMs) {
            this.stats.outage503++;
            return {
                kind: 'response',
                statusCode: 503,
                headers: { 'Content-Type': 'application/json' },
                body: JSON.stringify({ error: { code: '', message: 'Service Unavailable' } }),
                latencyMs: this.opts.outageLatencyMs
            };
        }
        const j = this.opts.latencyJitter;
        const latency = Math.round(this.opts.latencyMs * (1 - j + 2 * j * this.random()));
        if (latency > timeoutMs) {
            this.stats.timeouts++;
            return { kind: 'timeout', latencyMs: timeoutMs };
        }
        let sfId = '';
        try {
            sfId = String((JSON.parse(body ?? '{}') as { salesforceId?: string }).salesforceId ?? '');
        } catch {
            sfId = '';
        }
        this.stats.accepted++;
        this.stats.lastAcceptedMs = Math.max(this.stats.lastAcceptedMs ?? 0, t + latency);
        if (this.createdAt.has(sfId)) this.stats.duplicates++;
        else this.createdAt.set(sfId, t + latency);
        return {
            kind: 'response',
            statusCode: 201,
            headers: { 'Content-Type': 'application/json; charset=utf-8' },
            body: JSON.stringify({
                status: 'Created',
                CustomerAccount: `SF-${String(this.next++).padStart(6, '0')}`,
                dataAreaId: 'usmf'
            }),
            latencyMs: latency
        };
    }
}

/** p-th percentile (0..100) of a list of numbers (nearest rank); 0 for an empty list. */
export function percentile(values: number[], p: number): number {
    if (!values.length) return 0;
    const s = [...values].sort((a, b) => a - b);
    const rank = Math.min(s.length, Math.max(1, Math.ceil((p / 100) * s.length)));
    return s[rank - 1];
}
