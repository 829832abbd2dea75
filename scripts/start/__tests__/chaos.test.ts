/**
 * The chaos run of issue #13 in `npm test`: 1,000 approvals (as `npm run chaos`, docs/local-org.md; `CHAOS_SIZE`
 * sets another size): approvals
 * through the shipped approval process in the local org, the worker's real HTTP callouts to the APIM + D365
 * emulator on 127.0.0.1 with about 20 % of the requests faulted (seeded, every fault kind but `hang`), then the
 * retry job on the runtime clock until nothing is open.
 */
import { checkChaos, runChaos, type ChaosReport } from '../chaos';

const SIZE = Number(process.env.CHAOS_SIZE ?? 1000);

describe('chaos run on loopback', () => {
    let report: ChaosReport;
    beforeAll(async () => {
        report = await runChaos({ size: SIZE, faultRate: 0.2, seed: 42 });
    }, 300_000);

    test('about 20 % of the requests got a fault, of several kinds', () => {
        expect(report.faultRate).toBeGreaterThan(0.1);
        expect(report.faultRate).toBeLessThan(0.3);
        expect(Object.values(report.faultsByKind).filter((n) => n > 0).length).toBeGreaterThanOrEqual(5);
    });

    test('every Account ends Succeeded or Failed with a reason; none lost, none duplicated at the emulator', () => {
        expect(report.size).toBe(SIZE);
        expect(report.problems).toEqual([]);
        const synced = report.accounts.filter((a) => a.syncStatus === 'Synced');
        const failed = report.accounts.filter((a) => a.syncStatus === 'Failed');
        expect(synced.length + failed.length).toBe(SIZE);
        // D365 holds each Synced Account exactly once, and nothing else
        const held = [...report.customersBySalesforceId.entries()];
        expect(held.every(([, keys]) => keys.length === 1)).toBe(true);
        expect(new Set(held.map(([id]) => id))).toEqual(new Set(synced.map((a) => a.id)));
        // a permanent fault (validation-400) ends Failed with D365's reason, not in a retry loop
        for (const a of failed) expect(a.requests.some((r) => r.status === 'Failed' && r.lastError)).toBe(true);
    });

    test('the checks catch what they are for', () => {
        const a = report.accounts[0];
        const twice = new Map(report.customersBySalesforceId);
        twice.set(a.id, ['SF-1', 'SF-2']);
        expect(checkChaos([a], twice).join()).toMatch(/duplicated at D365/);
        expect(checkChaos([{ ...a, requests: [] }], report.customersBySalesforceId).join()).toMatch(/lost/);
        const open = { ...a, requests: [{ status: 'Retry Scheduled', lastError: '', attempts: 1, category: '' }] };
        expect(checkChaos([open], report.customersBySalesforceId).join()).toMatch(/still open/);
        const noReason = {
            ...a,
            syncStatus: 'Failed',
            requests: [{ status: 'Failed', lastError: ' ', attempts: 1, category: 'Data' }]
        };
        expect(checkChaos([noReason], new Map()).join()).toMatch(/Failed without a reason/);
    });
});
