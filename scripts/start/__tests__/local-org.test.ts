/**
 * The local org behind `npm start`, without a browser: its HTTP endpoints (who may call them, what they answer)
 * and how page params become Apex arguments.
 */
import { request } from 'node:http';
import * as path from 'node:path';
import { apexArg, apexLiteral, auraMethods } from '../org';
import { startLocalOrgServer, type LocalOrgServer } from '../server';

const ROOT = path.resolve(__dirname, '../../..');

describe('params → Apex', () => {
    test('string literals cannot end early (quotes, backslashes, newlines escaped)', () => {
        expect(apexLiteral("a'); delete x; //")).toBe("'a\\'); delete x; //'");
        expect(apexLiteral('a\\\nb')).toBe("'a\\\\\\nb'");
    });

    test('declared types decide the conversion', () => {
        expect(apexArg('Id', '0015h0000000001AAA')).toBe("(Id) '0015h0000000001AAA'");
        expect(apexArg('Boolean', true)).toBe('true');
        expect(apexArg('Integer', 5)).toBe("(Integer) JSON.deserialize('5', Integer.class)");
        expect(apexArg('List<Id>', ['a'])).toBe('(List<Id>) JSON.deserialize(\'["a"]\', List<Id>.class)');
        expect(apexArg('Id', undefined)).toBe('null');
        // a number where an Id is declared is not spliced in: it goes through JSON.deserialize (which refuses it)
        expect(apexArg('Id', 5)).toBe("(Id) JSON.deserialize('5', Id.class)");
    });

    test('only @AuraEnabled methods of the project are callable, with their parameter names', () => {
        const m = auraMethods(ROOT);
        expect(m.get('d365syncstatuscontroller.getstatus')?.params).toEqual([{ type: 'Id', name: 'accountId' }]);
        expect(m.has('d365syncworker.execute')).toBe(false);
    });
});

describe('local org HTTP endpoints', () => {
    let server: LocalOrgServer;
    beforeAll(async () => {
        server = await startLocalOrgServer({
            projectDir: ROOT,
            port: 0,
            outDir: path.join(ROOT, '.tmp', 'start-test')
        });
    }, 180_000);
    afterAll(async () => {
        await server?.stop();
    });

    const call = async (p: string, user: string | null, body?: unknown) => {
        const res = await fetch(`${server.url}${p}`, {
            method: body === undefined ? 'GET' : 'POST',
            headers: user ? { 'X-Local-User': user } : {},
            body: body === undefined ? undefined : JSON.stringify(body)
        });
        return {
            status: res.status,
            body: (await res.json()) as Record<string, unknown> & { body?: { message: string } }
        };
    };

    test('bound to 127.0.0.1; serves the page and SLDS', async () => {
        expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
        const page = await fetch(`${server.url}/`);
        expect(page.status).toBe(200);
        expect(await page.text()).toContain('/dist/app.js');
        expect((await fetch(`${server.url}/assets/styles/salesforce-lightning-design-system.min.css`)).status).toBe(
            200
        );
        expect((await fetch(`${server.url}/../package.json`)).status).toBe(404);
    });

    test('every call names a local user; unknown methods are refused', async () => {
        expect((await call('/org/users', null)).status).toBe(401);
        expect((await call('/org/users', 'someone')).status).toBe(401);
        const unknown = await call('/apex/D365SyncWorker.execute', 'admin', {});
        expect(unknown.status).toBe(404);
        expect(unknown.body.body?.message).toBe('No @AuraEnabled method D365SyncWorker.execute');
    });

    test('the controller runs as the chosen user: without D365_Sync_User the status is refused', async () => {
        const asApprover = await call('/apex/D365SyncStatusController.getStatus', 'approver', {
            accountId: '0015h0000000003AAA'
        });
        expect(asApprover.status).toBe(200);
        expect(asApprover.body.value).toMatchObject({ accountName: 'Initech GmbH', approvalStatus: 'Draft' });
        const asIntegration = await call('/apex/D365SyncStatusController.getStatus', 'integration', {
            accountId: '0015h0000000003AAA'
        });
        expect(asIntegration.status).toBe(500);
        expect(asIntegration.body.body?.message).toMatch(/D365 Sync User permission set/);
    });

    test('approval: only the assigned approver; what the runtime does not model is reported unsupported', async () => {
        const id = '0015h0000000003AAA';
        expect((await call(`/org/accounts/${id}/approve`, 'approver', {})).status).toBe(400); // nothing pending
        expect((await call(`/org/accounts/${id}/submit`, 'sales', {})).status).toBe(200);
        const byAdmin = await call(`/org/accounts/${id}/approve`, 'admin', {});
        expect(byAdmin.status).toBe(500);
        expect(byAdmin.body.body?.message).toMatch(/^unsupported: /);
        const rejected = await call(`/org/accounts/${id}/reject`, 'approver', {});
        expect(rejected.status).toBe(200);
        const after = await call(`/org/accounts/${id}`, 'approver');
        expect(after.body).toMatchObject({ approvalStatus: 'Rejected', pendingApproval: false });
        expect(await server.org.d365()).toEqual([]);
    });

    test('fault panel: an armed backend-503 makes the next push Retry Scheduled', async () => {
        expect((await call('/org/faults', 'admin', { kind: 'no-such-fault' })).status).toBe(400);
        const armed = await call('/org/faults', 'admin', { kind: 'backend-503', times: 1 });
        expect(armed.body.armed).toEqual([{ kind: 'backend-503', times: 1 }]);
        const id = '0015h0000000002AAA';
        expect((await call(`/org/accounts/${id}/submit`, 'sales', {})).status).toBe(200);
        expect((await call(`/org/accounts/${id}/approve`, 'approver', {})).status).toBe(200);
        const status = await call('/apex/D365SyncStatusController.getStatus', 'approver', { accountId: id });
        expect(status.body.value).toMatchObject({
            approvalStatus: 'Approved',
            latestRequest: { status: 'Retry Scheduled', lastHttpStatus: 503, errorCategory: 'Transient' }
        });
        expect((await call('/org/faults/clear', 'admin', {})).body.armed).toEqual([]);
    });

    test('Edit: an update as the user; a record locked by a pending approval refuses it', async () => {
        const id = '0015h0000000001AAA';
        const edited = await call(`/org/accounts/${id}/edit`, 'approver', { billingCity: 'Tacoma' });
        expect(edited.status).toBe(200);
        expect((await call(`/org/accounts/${id}`, 'approver')).body).toMatchObject({ billingCity: 'Tacoma' });
        expect((await call(`/org/accounts/${id}/submit`, 'sales', {})).status).toBe(200);
        const locked = await call(`/org/accounts/${id}/edit`, 'approver', { billingCity: "O'Fallon" });
        expect(locked.status).toBe(500);
        expect(locked.body.body?.message).toMatch(/ENTITY_IS_LOCKED/);
        expect((await call(`/org/accounts/${id}`, 'approver')).body).toMatchObject({ billingCity: 'Tacoma' });
    });

    test('the Host header must be the loopback address (DNS rebinding)', async () => {
        const status = await new Promise<number>((resolve, reject) => {
            const req = request(
                `${server.url}/org/users`,
                { headers: { Host: 'attacker.example', 'X-Local-User': 'admin' } },
                (res) => {
                    res.resume();
                    resolve(res.statusCode ?? 0);
                }
            );
            req.on('error', reject);
            req.end();
        });
        expect(status).toBe(421);
    });
});
