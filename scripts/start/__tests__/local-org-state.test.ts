/**
 * The local org's later steps of issue #13, without a browser: the org saved in a state folder and resumed (users,
 * pending approval work items, sync rows, scheduled jobs, what D365 holds), a reset; the async job loop on the org's
 * clock (a `Retry Scheduled` row retried by itself, a scheduled retry job fired); "edit in D365" written back through
 * the Salesforce REST fake as the integration user with no echo to D365 (docs/d365-handoff.md §3, §5.1, §6); the
 * sales user who submits and the approver who decides.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { LocalOrg, STATE_FILE } from '../org';

const ROOT = path.resolve(__dirname, '../../..');
const ACME = '0015h0000000001AAA';
const GLOBEX = '0015h0000000002AAA';
const INITECH = '0015h0000000003AAA';

const account = (org: LocalOrg, id: string) => org.accounts('sales').find((a) => a.id === id)!;

describe('saved org: resume and reset', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-org-state-'));
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

    test('a restart resumes users, the pending work item, sync rows, scheduled jobs and D365; --reset starts fresh', async () => {
        const first = await LocalOrg.start(ROOT, { stateDir: dir });
        let users: string[];
        try {
            expect(first.started).toBe('fresh');
            users = [...first.users.values()].map((u) => `${u.key}=${u.id}`);
            // Acme: submitted by the sales user, approved by the approver → pushed to D365
            expect(first.submit('sales', ACME).ok).toBe(true);
            expect(first.decide('approver', ACME, 'Approve').ok).toBe(true);
            // Globex: D365 answers 503 → Retry Scheduled, a worker lane waits for it (a held delayed Queueable)
            await first.emulator.setFault({ kind: 'backend-503', times: 1 });
            expect(first.submit('sales', GLOBEX).ok).toBe(true);
            expect(first.decide('approver', GLOBEX, 'Approve').ok).toBe(true);
            expect(account(first, GLOBEX).syncStatus).toBe('Retry Scheduled');
            expect(first.rt.nextDelayedJobAt()).not.toBeNull();
            // Initech: submitted, still waiting for the approver when the org stops
            expect(first.submit('sales', INITECH).ok).toBe(true);
            const scheduled = first.callApex('admin', 'D365SyncAdminController.scheduleRetryJob', { minutes: 15 });
            expect(scheduled.ok).toBe(true);
            await first.save();
        } finally {
            await first.stop();
        }
        expect(fs.existsSync(path.join(dir, STATE_FILE))).toBe(true);

        const second = await LocalOrg.start(ROOT, { stateDir: dir });
        try {
            expect(second.started).toBe('resumed');
            expect([...second.users.values()].map((u) => `${u.key}=${u.id}`)).toEqual(users!);
            expect(account(second, ACME)).toMatchObject({ syncStatus: 'Synced', d365AccountNumber: 'SF-000001' });
            expect((await second.d365()).map((c) => [c.CustomerAccount, c.salesforceId])).toEqual([
                ['SF-000001', ACME]
            ]);
            // the waiting lane was not saved: its AsyncApexJob is Aborted and the workers were kicked again,
            // so the Retry Scheduled row is still retried by itself once its time has come
            expect(second.abortedAtLoad).toBeGreaterThanOrEqual(1);
            expect(second.rt.rows('AsyncApexJob').some((j) => j.get('status') === 'Aborted')).toBe(true);
            expect(account(second, GLOBEX).syncStatus).toBe('Retry Scheduled');
            const waitingUntil = second.rt.nextDelayedJobAt();
            expect(waitingUntil).not.toBeNull();
            second.rt.advanceSeconds(Math.ceil((waitingUntil! - second.rt.now) / 1000) + 1);
            expect(second.tick().length).toBe(1);
            expect(account(second, GLOBEX)).toMatchObject({ syncStatus: 'Synced', d365AccountNumber: 'SF-000002' });
            // the work item id survived the restart: the approver decides the pending approval
            expect(second.pendingApproval(INITECH)).toBe(true);
            expect(second.decide('approver', INITECH, 'Approve')).toEqual({ ok: true, value: true });
            // Ids and D365 numbers go on from the saved ones
            expect(account(second, INITECH)).toMatchObject({ syncStatus: 'Synced', d365AccountNumber: 'SF-000003' });
            // the scheduled retry jobs survived with their class: they fire on the resumed org's clock
            expect(second.rt.rows('CronTrigger').length).toBe(4);
            second.rt.advanceSeconds(16 * 60);
            const fired = second.tick().filter((r) => r.label.startsWith('scheduled job D365 Sync Retry :'));
            expect(fired.length).toBeGreaterThanOrEqual(1);
            expect(fired[0].jobs.map((j) => `${j.name} ${j.status}`)).toContain('D365SyncRetryJob Completed');
        } finally {
            await second.stop();
        }

        const fresh = await LocalOrg.start(ROOT, { stateDir: dir, reset: true });
        try {
            expect(fresh.started).toBe('fresh');
            expect(account(fresh, ACME)).toMatchObject({ approvalStatus: 'Draft', d365AccountNumber: '' });
            expect(await fresh.d365()).toEqual([]);
            expect(fresh.rt.rows('CronTrigger')).toEqual([]);
        } finally {
            await fresh.stop();
        }
    }, 240_000);
});

test('a saved org that cannot be read is refused with the way out, never half-loaded', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'local-org-bad-'));
    try {
        fs.writeFileSync(path.join(dir, STATE_FILE), '{"format":"local-org/1", "db": ');
        await expect(LocalOrg.start(ROOT, { stateDir: dir })).rejects.toThrow(
            /cannot read the saved org .*; start with --reset/
        );
        fs.writeFileSync(path.join(dir, STATE_FILE), '{"format":"local-org/0"}');
        await expect(LocalOrg.start(ROOT, { stateDir: dir })).rejects.toThrow(
            /is not a saved local org \(local-org\/0\); start with --reset/
        );
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
});

describe('one org in memory: the async job loop, edit in D365, the sales user', () => {
    let org: LocalOrg;
    beforeAll(async () => {
        org = await LocalOrg.start(ROOT);
    }, 120_000);
    afterAll(async () => {
        await org?.stop();
    });

    test('the sales user submits but cannot approve; the approver approves', () => {
        expect(org.users.get('sales')?.username).toMatch(/^sales@/);
        expect(org.users.get('sales')?.id).not.toBe(org.users.get('approver')?.id);
        expect(org.submit('sales', ACME).ok).toBe(true);
        const bySales = org.decide('sales', ACME, 'Approve');
        expect(bySales.ok).toBe(false);
        expect(!bySales.ok && bySales.body.message).toMatch(/^unsupported: .*not its assigned approver/);
        expect(org.pendingApproval(ACME)).toBe(true);
    });

    test('a Retry Scheduled row is retried by the loop once the org clock reaches its time, not before', async () => {
        await org.emulator.setFault({ kind: 'backend-503', times: 1 });
        expect(org.decide('approver', ACME, 'Approve').ok).toBe(true);
        expect(account(org, ACME).syncStatus).toBe('Retry Scheduled');
        expect(org.tick()).toEqual([]); // nothing is due yet
        expect(account(org, ACME).syncStatus).toBe('Retry Scheduled');
        const waitingUntil = org.rt.nextDelayedJobAt();
        expect(waitingUntil).not.toBeNull();
        org.rt.advanceSeconds(Math.ceil((waitingUntil! - org.rt.now) / 1000) + 1);
        const ran = org.tick();
        expect(ran.map((r) => r.label)).toEqual(['delayed Queueables']);
        expect(ran[0].jobs.some((j) => j.name === 'D365SyncWorker' && j.status === 'Completed')).toBe(true);
        expect(account(org, ACME)).toMatchObject({ syncStatus: 'Synced', d365AccountNumber: 'SF-000001' });
    });

    test('a scheduled retry job fires when its CronTrigger is due, as its owner, and moves on', () => {
        expect(org.callApex('admin', 'D365SyncAdminController.scheduleRetryJob', { minutes: 15 }).ok).toBe(true);
        const triggers = () =>
            org.rt
                .rows('CronTrigger')
                .map((r) => ({ times: Number(String(r.get('timestriggered'))), next: r.get('nextfiretime') }));
        expect(triggers().every((t) => t.times === 0)).toBe(true);
        org.rt.advanceSeconds(16 * 60); // every cron slot of 15 minutes has come at least once
        const ran = org.tick().filter((r) => r.label.startsWith('scheduled job D365 Sync Retry :'));
        expect(ran.length).toBeGreaterThanOrEqual(1);
        for (const r of ran) {
            expect(r.outcome).toEqual({ kind: 'ok' });
            expect(r.userId).toBe(org.users.get('admin')?.id);
            expect(r.jobs.some((j) => j.name === 'D365SyncRetryJob' && j.status === 'Completed')).toBe(true);
        }
        expect(triggers().filter((t) => t.times === 1).length).toBe(ran.length);
        // fired once each: nothing more is due at the same time
        expect(org.tick().filter((r) => r.label.startsWith('scheduled job'))).toEqual([]);
    });

    test('edit in D365: written back as the integration user, the record changes, nothing echoes to D365', async () => {
        const before = (await org.emulator.requests()).length;
        const r = await org.editInD365('SF-000001', { AddressCity: 'Tacoma' });
        expect(r.status).toBe(200);
        expect(r.body).toMatchObject({ id: ACME, success: true, created: false });
        expect(r.record).toMatchObject({ CustomerAccount: 'SF-000001', version: 2 }); // 1 on create by the push, + this edit
        expect(r.record.fields.AddressCity).toBe('Tacoma');
        expect(account(org, ACME).billingCity).toBe('Tacoma');
        const row = org.rt.db.getRow(ACME)!.row;
        expect(String(row.get('lastmodifiedbyid'))).toBe(org.users.get('integration')?.id);
        // loop prevention: no new sync row, no request to APIM/D365
        expect(account(org, ACME).syncStatus).toBe('Synced');
        expect((await org.emulator.requests()).length).toBe(before);
    });

    test('edit in D365 of a field Salesforce owns is refused before D365 changes; a stale write is refused', async () => {
        await expect(org.editInD365('SF-000001', { OrganizationName: 'Renamed' })).rejects.toThrow(
            /OrganizationName is not a D365 property D365 writes back/
        );
        // a Salesforce user edits the shared field later than D365's change time: D365's next write is stale
        expect(org.edit('sales', ACME, { billingCity: 'Portland' }).ok).toBe(true);
        org.rt.advanceSeconds(-120);
        const stale = await org.editInD365('SF-000001', { AddressCity: 'Old City' });
        org.rt.advanceSeconds(120);
        expect(stale.status).toBe(400);
        expect(stale.body).toMatchObject([{ errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION' }]);
        expect(account(org, ACME).billingCity).toBe('Portland');
    });
});
