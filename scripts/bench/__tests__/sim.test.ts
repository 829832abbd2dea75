/**
 * The drain bench's simulator core (scripts/bench/sim/core.ts): job ordering on the virtual clock, the thread pool,
 * serial lanes, the APIM rate limiter (429 + Retry-After), the outage window and the seeded random source.
 */
import { ApimModel, Scheduler, SlidingWindowLimiter, percentile, seededRandom, type SimJob } from '../sim/core';

type Log = { name: string; start: number }[];

function job(name: string, durationMs: number, log: Log, children: SimJob<null>[] = [], delayMs = 0): SimJob<null> {
    return {
        name,
        payload: null,
        run: (start) => {
            log.push({ name, start });
            return { durationMs, spawned: children.map((c) => ({ job: c, delayMs })) };
        }
    };
}

describe('Scheduler', () => {
    test('one thread runs ready jobs in ready order, each after the previous one ends', () => {
        const log: Log = [];
        const s = new Scheduler<null>(1);
        s.submit(job('b', 100, log), 10);
        s.submit(job('a', 100, log), 0);
        s.submit(job('c', 100, log), 10); // same ready time as b: submission order
        s.runUntil();
        expect(log).toEqual([
            { name: 'a', start: 0 },
            { name: 'b', start: 100 },
            { name: 'c', start: 200 }
        ]);
        expect(s.stats.lastEndMs).toBe(300);
        expect(s.stats.maxConcurrency).toBe(1);
        expect(s.stats.waitedMs).toBe(90 + 190);
    });

    test('K threads run K jobs at once; the next waits for the first free thread', () => {
        const log: Log = [];
        const s = new Scheduler<null>(2);
        for (const n of ['a', 'b', 'c']) s.submit(job(n, 1000, log), 0);
        s.runUntil();
        expect(log.map((l) => l.start)).toEqual([0, 0, 1000]);
        expect(s.stats.maxConcurrency).toBe(2);
        expect(s.stats.lastEndMs).toBe(2000);
    });

    test('a job started by another becomes ready when its parent ends (+ delay); start times never go back', () => {
        const log: Log = [];
        const s = new Scheduler<null>(4);
        s.submit(job('parent', 500, log, [job('child', 10, log)], 50), 0);
        s.submit(job('late', 10, log), 300);
        s.runUntil();
        expect(log).toEqual([
            { name: 'parent', start: 0 },
            { name: 'late', start: 300 },
            { name: 'child', start: 550 }
        ]);
    });

    test('a merging lane runs one job at a time and takes every job of its lane that is ready when it starts', () => {
        const runs: { start: number; merged: number }[] = [];
        const s = new Scheduler<number>(1);
        const ev = (n: number): SimJob<number> => ({
            name: `event ${n}`,
            lane: 'trigger',
            merge: true,
            payload: n,
            run: (start, merged) => {
                runs.push({ start, merged: merged.length });
                return { durationMs: 100, spawned: [] };
            }
        });
        s.submit(ev(1), 0);
        s.submit(ev(2), 20); // while 1 runs
        s.submit(ev(3), 50); // while 1 runs
        s.submit(ev(4), 500); // later on its own
        s.runUntil();
        expect(runs).toEqual([
            { start: 0, merged: 0 },
            { start: 100, merged: 1 }, // 2 took 3 along
            { start: 500, merged: 0 }
        ]);
    });

    test('runUntil stops at the horizon and leaves later jobs pending', () => {
        const log: Log = [];
        const s = new Scheduler<null>(1);
        s.submit(job('now', 1, log), 0);
        s.submit(job('later', 1, log), 10_000);
        s.runUntil(5000);
        expect(log.map((l) => l.name)).toEqual(['now']);
        expect(s.pending).toBe(1);
    });
});

describe('SlidingWindowLimiter', () => {
    test('in order: at most `calls` per window, then 429 with the seconds until the oldest call leaves', () => {
        const l = new SlidingWindowLimiter(3, 10);
        expect([l.tryAcquire(0), l.tryAcquire(1000), l.tryAcquire(2000)]).toEqual([null, null, null]);
        expect(l.tryAcquire(2500)).toBe(8); // the call at 0 leaves at 10 s: 7.5 s → 8
        expect(l.tryAcquire(10_000)).toBeNull(); // the window (0, 10 s] no longer holds the call at 0
        expect(l.maxInAnyWindow()).toBe(3);
    });

    test('Retry-After is at least 1 second', () => {
        const l = new SlidingWindowLimiter(1, 1);
        expect(l.tryAcquire(0)).toBeNull();
        expect(l.tryAcquire(999)).toBe(1);
    });

    test('out of order: a call earlier than calls already counted is refused if any window holding it would overflow', () => {
        const l = new SlidingWindowLimiter(2, 1);
        expect(l.tryAcquire(500)).toBeNull();
        expect(l.tryAcquire(900)).toBeNull();
        // a job that started earlier but ran second calls at 100: the window [100, 1100) would hold 3
        expect(l.tryAcquire(100)).not.toBeNull();
        // at -600 only windows ending before 500 hold it: accepted
        expect(l.tryAcquire(-600)).toBeNull();
        expect(l.maxInAnyWindow()).toBe(2);
    });

    test('no window ever holds more than `calls` accepted calls under random load', () => {
        const rnd = seededRandom(7);
        const l = new SlidingWindowLimiter(5, 1);
        const accepted: number[] = [];
        for (let i = 0; i < 2000; i++) {
            const t = Math.floor(rnd() * 60_000);
            if (l.tryAcquire(t) === null) accepted.push(t);
        }
        accepted.sort((a, b) => a - b);
        for (let i = 0, j = 0; i < accepted.length; i++) {
            while (accepted[j] <= accepted[i] - 1000) j++;
            expect(i - j + 1).toBeLessThanOrEqual(5);
        }
        expect(l.maxInAnyWindow()).toBeLessThanOrEqual(5);
        expect(accepted.length).toBeGreaterThan(200); // it does admit calls (at most 60 s × 5/s = 300 fit)
    });
});

describe('ApimModel', () => {
    const opts = {
        latencyMs: 300,
        latencyJitter: 0.1,
        rateLimit: { calls: 2, renewalPeriodSeconds: 1 },
        outage: { fromMs: 10_000, toMs: 20_000 },
        outageLatencyMs: 100,
        rejectLatencyMs: 20
    };
    const body = (id: string) => JSON.stringify({ salesforceId: id });

    test('creates with latency in ±jitter, 429 + Retry-After past the rate, 503 in the outage, timeouts, duplicates', () => {
        const m = new ApimModel(opts, seededRandom(1));
        const a = m.handle(0, body('A'), 20_000);
        expect(a).toMatchObject({ kind: 'response', statusCode: 201 });
        expect(a.latencyMs).toBeGreaterThanOrEqual(270);
        expect(a.latencyMs).toBeLessThanOrEqual(330);
        expect(m.handle(100, body('B'), 20_000)).toMatchObject({ statusCode: 201 });
        const limited = m.handle(200, body('C'), 20_000);
        expect(limited).toMatchObject({ statusCode: 429, headers: { 'Retry-After': '1' } });
        // the gateway's body, as scripts/emulators/apim-d365.ts sends it
        expect(limited.kind === 'response' && limited.body).toBe(
            '{ "statusCode": 429, "message": "Rate limit is exceeded. Try again in 1 seconds." }'
        );
        expect(m.handle(15_000, body('C'), 20_000)).toMatchObject({ statusCode: 503, latencyMs: 100 });
        expect(m.handle(25_000, body('C'), 200)).toEqual({ kind: 'timeout', latencyMs: 200 });
        expect(m.handle(30_000, body('A'), 20_000)).toMatchObject({ statusCode: 201 });
        expect(m.stats).toMatchObject({
            calls: 6,
            accepted: 3,
            rateLimited: 1,
            outage503: 1,
            timeouts: 1,
            duplicates: 1 // A twice
        });
        expect(m.createdAt.get('A')).toBe(a.latencyMs);
    });

    test('the same seed gives the same answers (the bench is deterministic)', () => {
        const run = (seed: number) => {
            const m = new ApimModel({ ...opts, rateLimit: null, outage: null }, seededRandom(seed));
            return Array.from({ length: 20 }, (_, i) => m.handle(i * 1000, body(String(i)), 20_000).latencyMs);
        };
        expect(run(3)).toEqual(run(3));
        expect(run(3)).not.toEqual(run(4));
    });
});

test('percentile: nearest rank', () => {
    expect(percentile([5, 1, 3, 2, 4], 50)).toBe(3);
    expect(percentile([5, 1, 3, 2, 4], 95)).toBe(5);
    expect(percentile([], 95)).toBe(0);
});
