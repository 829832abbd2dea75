/**
 * The local org's Setup (scripts/start/setup.ts): the kill switch and the stale/current subscription key, changed by
 * the admin only, and what they do to the next callout.
 */
import type * as http from 'node:http';
import * as path from 'node:path';
import { LocalOrg } from '../org';
import { applySetup, handleSetup, readSetup } from '../setup';

const ROOT = path.resolve(__dirname, '../../..');

/** Just enough of a ServerResponse to read what handleSetup answered. */
function fakeResponse(): { res: http.ServerResponse; answer: () => { status: number; body: unknown } } {
    let status = 0;
    let text = '';
    const res = {
        writeHead(s: number) {
            status = s;
            return res;
        },
        end(t: string) {
            text = t;
        }
    } as unknown as http.ServerResponse;
    return { res, answer: () => ({ status, body: JSON.parse(text) as unknown }) };
}

describe('local org Setup', () => {
    let org: LocalOrg;
    beforeAll(async () => {
        org = await LocalOrg.start(ROOT);
    }, 120_000);
    afterAll(async () => {
        await org?.stop();
    });

    test('starts as the install steps leave it: sending on, the current key', () => {
        expect(readSetup(org)).toEqual({ sendingEnabled: true, subscriptionKey: 'current' });
    });

    test('only the admin changes Setup; bad values are refused; other paths are not its business', async () => {
        const post = async (user: string, body: unknown) => {
            const { res, answer } = fakeResponse();
            await handleSetup(org, user, 'POST', '/org/setup', () => Promise.resolve(JSON.stringify(body)), res);
            return answer();
        };
        await expect(post('approver', { sendingEnabled: false })).resolves.toMatchObject({ status: 403 });
        await expect(post('admin', { sendingEnabled: 'no' })).resolves.toMatchObject({ status: 400 });
        await expect(post('admin', { subscriptionKey: 'abc123' })).resolves.toMatchObject({ status: 400 });
        expect(readSetup(org)).toEqual({ sendingEnabled: true, subscriptionKey: 'current' });
        const { res } = fakeResponse();
        expect(handleSetup(org, 'admin', 'GET', '/org/users', () => Promise.resolve(''), res)).toBe(false);
    });

    test('a stale key makes the next push fail with 401 (Configuration); the current key sends again', async () => {
        const id = org.accounts('approver').find((a) => a.name === 'Initech GmbH')!.id;
        expect(applySetup(org, { subscriptionKey: 'stale' })).toBeUndefined();
        expect(org.submit('sales', id).ok).toBe(true);
        expect(org.decide('approver', id, 'Approve').ok).toBe(true);
        const status = org.callApex('approver', 'D365SyncStatusController.getStatus', { accountId: id });
        expect(status).toMatchObject({
            ok: true,
            value: { syncStatus: 'Failed', latestRequest: { lastHttpStatus: 401, errorCategory: 'Configuration' } }
        });
        const requests = await org.emulator.requests();
        expect(requests.map((r) => r.keyValid)).toEqual([false]);
        // the key never appears in what the emulator recorded
        expect(JSON.stringify(requests)).not.toMatch(/local-org-/);
        applySetup(org, { subscriptionKey: 'current' });
        expect(readSetup(org).subscriptionKey).toBe('current');
    });

    test('the kill switch holds an approved Account in Queued: nothing is sent', async () => {
        const id = org.accounts('approver').find((a) => a.name === 'Globex Ltd')!.id;
        const sent = (await org.emulator.requests()).length;
        applySetup(org, { sendingEnabled: false });
        expect(org.submit('sales', id).ok).toBe(true);
        expect(org.decide('approver', id, 'Approve').ok).toBe(true);
        const status = org.callApex('approver', 'D365SyncStatusController.getStatus', { accountId: id });
        expect(status).toMatchObject({ ok: true, value: { syncStatus: 'Queued', syncEnabled: false } });
        expect((await org.emulator.requests()).length).toBe(sent);
        applySetup(org, { sendingEnabled: true });
    });
});
