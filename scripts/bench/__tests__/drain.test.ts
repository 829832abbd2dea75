/**
 * The drain model end to end on a small load: the package's real Apex on the virtual clock, with APIM's rate limit
 * tight enough to answer 429s. (The 1,000 / 10,000 scenarios are `npm run bench`.)
 */
import * as path from 'node:path';
import { DEFAULT_KNOBS, renderDrain, runDrain, type DrainScenario } from '../drain';

const PROJECT = path.resolve(__dirname, '../../..');

const scenario = (over: Partial<DrainScenario['knobs']>): DrainScenario => ({
    name: 'small initial load',
    mode: 'initial',
    accounts: 120,
    knobs: { ...DEFAULT_KNOBS, ...over },
    horizonMs: 4 * 3600_000
});

test('one async thread: the chain sends batch after batch, no 429, every Account once', () => {
    const r = runDrain(PROJECT, scenario({ threads: 1, rateLimit: null }));
    expect(r.failures).toEqual([]);
    expect([r.succeeded, r.accepted, r.duplicates, r.rateLimited]).toEqual([120, 120, 0, 0]);
    expect(r.maxConcurrency).toBe(1);
    // 120 calls at 300 ms ± 10 % one after another: 36 s plus dequeue delays and CPU
    expect(r.drainSeconds).toBeGreaterThan(120 * 0.27);
    expect(r.drainSeconds).toBeLessThan(120 * 0.33 + 20);
    expect(r.asyncMax.callouts).toBeLessThanOrEqual(50); // Batch_Size__c
    expect(r.maxCalloutSeconds).toBeLessThan(120);
}, 180_000);

test('a tight rate limit answers 429s; the package retries them, nothing is sent twice, the limit holds', () => {
    const knobs = { threads: 4, batchSize: 20, rateLimit: { calls: 2, renewalPeriodSeconds: 1 } };
    const r = runDrain(PROJECT, scenario(knobs));
    expect(r.failures).toEqual([]);
    expect(r.rateLimited).toBeGreaterThan(0);
    expect(r.calls).toBe(r.accepted + r.rateLimited + r.outage503 + r.timeouts);
    expect(r.retries).toBeGreaterThan(0);
    expect(r.duplicates).toBe(0);
    expect(r.maxCallsInRateWindow).toBeLessThanOrEqual(2);
    expect(r.succeeded + r.open + r.failedRows).toBe(120);
    // a 429 is pacing, not a failed attempt: before the throttle fix 68 of these 120 rows ended Failed
    expect(r.failedRows).toBe(0);
    expect(renderDrain([r])).toContain('| small initial load | 4 | as shipped | as shipped | 20 |');
    // deterministic: the same seed gives the same run
    const again = runDrain(PROJECT, scenario(knobs));
    expect([again.drainSeconds, again.calls, again.rateLimited, again.succeeded]).toEqual([
        r.drainSeconds,
        r.calls,
        r.rateLimited,
        r.succeeded
    ]);
}, 300_000);
