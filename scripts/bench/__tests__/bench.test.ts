/**
 * The benchmark harness measures what the runtime counts, per transaction and per async job.
 * (The 10,000-Account load is `npm run bench`; here the small scenarios, which finish in about a second.)
 */
import * as path from 'node:path';
import { approve, concurrentChains, drafts, knobOverrides, measure, renderTable } from '../run';

const PROJECT = path.resolve(__dirname, '../../..');

test('1 approval: one sync transaction, the kick trigger, one worker job with one callout', () => {
    const r = measure('1 approval', PROJECT, (rt, uid, run) => {
        run('approve 1', approve(drafts(rt, uid, 1, 'One')));
    });
    expect(r.failures).toEqual([]);
    expect(r.transactions).toBe(1);
    expect(r.asyncJobs).toBe(2); // the kick trigger's delivery, then the worker it enqueues
    expect(r.finalizerRuns).toBe(1); // the worker's Transaction Finalizer, in a transaction of its own
    expect(r.callouts).toBe(1);
    expect(r.syncMax.callouts).toBe(0);
    expect(r.syncMax.queueableJobs).toBe(0); // the approver enqueues nothing: the kick trigger does
    expect(r.asyncMax.callouts).toBe(1);
    expect(r.succeeded).toBe(1);
    expect(r.limitException).toBe(false);
}, 60_000);

test('200 approvals in one DML: the worker chain sends batches of Batch_Size__c (50)', () => {
    const r = measure('200', PROJECT, (rt, uid, run) => {
        run('approve 200', approve(drafts(rt, uid, 200, 'Bulk')));
    });
    expect(r.failures).toEqual([]);
    expect(r.asyncJobs).toBe(5); // the kick trigger + a chain of 4 workers
    expect(r.finalizerRuns).toBe(4);
    expect(r.asyncMax.callouts).toBe(50);
    expect(r.callouts).toBe(200);
    expect([r.outboxRows, r.succeeded]).toEqual([200, 200]);
    expect(r.syncMax.dmlStatements).toBeLessThanOrEqual(150);
    expect(r.limitException).toBe(false);
    const t = renderTable([r]);
    expect(t).toMatch(/callouts\s+0\s+100\s+50\s+100/);
    expect(t).toContain('LimitException: no');
}, 60_000);

test('parallel chains get disjoint work: each chain claims its own batch, every row is sent once', () => {
    const r = measure('parallel', PROJECT, concurrentChains(3, 150));
    expect(r.failures).toEqual([]);
    expect(r.notes[0]).toContain('50/50/50');
    expect(r.callouts).toBe(150);
    expect([r.outboxRows, r.succeeded]).toEqual([150, 150]);
    expect(r.limitException).toBe(false);
}, 60_000);

test('drain knobs from the command line: batch, threads, latency, rate (or none); bad values refused', () => {
    expect(knobOverrides(['--batch=100', '--threads=5', '--latency=500', '--rate=100/5'])).toEqual({
        batchSize: 100,
        threads: 5,
        latencyMs: 500,
        rateLimit: { calls: 100, renewalPeriodSeconds: 5 }
    });
    expect(knobOverrides(['--rate=none'])).toEqual({ rateLimit: null });
    expect(knobOverrides([])).toEqual({});
    expect(() => knobOverrides(['--batch=0'])).toThrow(/--batch needs a positive number/);
    expect(() => knobOverrides(['--rate=20'])).toThrow(/--rate needs CALLS\/SECONDS/);
});
