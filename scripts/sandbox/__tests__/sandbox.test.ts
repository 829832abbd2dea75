/**
 * The local sandbox end to end: the package's Apex in the local runtime, real HTTP through the D365_APIM Named
 * Credential to the APIM + D365 emulator (worker thread), the two-way scenario of docs/sandbox.md.
 */
import * as path from 'node:path';
import { runSandbox, type SandboxResult } from '../scenario';
import { EmulatorHost } from '../emulator-host';
import { SandboxRuntime } from '../runtime';
import { V, type Row } from '../../apex-runtime/src';

const PROJECT = path.resolve(__dirname, '../../..');
const s = (v: V.ApexPrimitive | undefined) => (v === null || v === undefined ? null : V.stringValueOf(v));

describe('npm run sandbox scenario', () => {
    let r: SandboxResult;
    beforeAll(async () => {
        r = await runSandbox({ projectDir: PROJECT });
    }, 120_000);

    test('every step expectation held', () => {
        expect(r.checks.filter((c) => !c.ok)).toEqual([]);
        expect(r.failed).toBe(0);
        expect(r.passed).toBeGreaterThanOrEqual(30);
        expect(new Set(r.checks.map((c) => c.step))).toEqual(
            new Set([
                'a. setup',
                'b. approve and push',
                'c. transient failure and retry',
                'd. D365 writes back (loop prevention)',
                'e. wrong subscription key',
                'f. resync',
                'secrets'
            ])
        );
        expect(r.output).toMatch(/sandbox: \d+ passed, 0 failed\n$/);
    });

    test('final state: outbox rows, account numbers, emulator requests', () => {
        const rows = r.runtime.rows('D365_Sync_Request__c');
        const byAccount = (name: string): Row[] => {
            const acc = r.runtime.rows('Account').find((a) => s(a.get('name'))!.startsWith(name))!;
            return rows.filter((x) => s(x.get('account__c')) === s(acc.get('id')));
        };
        expect(rows.map((x) => [s(x.get('status__c')), s(x.get('attempts__c'))])).toEqual([
            ['Succeeded', '1'],
            ['Succeeded', '1'],
            ['Succeeded', '1'],
            ['Succeeded', '2'],
            ['Succeeded', '1'], // the approver's edit of Acme's BillingCity (before the stale D365 write)
            ['Succeeded', '1'],
            ['Failed', '1'],
            ['Succeeded', '1'] // f. the resync of the failed Account, with the right key
        ]);
        expect(byAccount('Umbrella').length).toBe(1);
        expect(s(byAccount('Stark')[0].get('error_category__c'))).toBe('Configuration');
        expect(byAccount('Stark').map((x) => s(x.get('trigger_reason__c')))).toEqual(['Approved', 'Resync']);
        const runs = r.runtime.rows('D365_Sync_Resync__c');
        expect(runs.map((x) => [s(x.get('status__c')), s(x.get('total__c')), s(x.get('enqueued__c'))])).toEqual([
            ['Completed', '1', '1']
        ]);
        // the D365 write-backs opened nothing; the approver's edit of a shared field did (Mapped Field Change)
        expect(byAccount('Acme').length).toBe(2);
        expect(r.requests.map((q) => q.status)).toEqual([200, 200, 200, 503, 200, 200, 200, 401, 200]);
        expect(r.requests[3].headers['x-correlation-id']).toBe(r.requests[4].headers['x-correlation-id']);
        const numbers = r.runtime.rows('Account').map((a) => s(a.get('d365_account_number__c')));
        expect(numbers.filter((n) => n !== null).sort()).toEqual([
            'SF-000001',
            'SF-000002',
            'SF-000003',
            'SF-000004',
            'SF-000005'
        ]);
    });

    test('the key is never printed, recorded or stored', () => {
        // the sandbox's keys start with "local-sandbox-"; only REDACTED may appear in their place
        expect(r.output).not.toContain('local-sandbox-');
        expect(JSON.stringify(r.requests)).not.toContain('local-sandbox-');
        for (const q of r.requests) expect(q.headers['ocp-apim-subscription-key']).toBe('REDACTED');
        const stored = ['D365_Sync_Request__c', 'D365_Sync_Attempt__c', 'Account']
            .flatMap((o) => r.runtime.rows(o))
            .map((row) => [...row.values()].map((v) => String(s(v))).join('|'))
            .join('\n');
        expect(stored).not.toContain('local-sandbox-');
    });
});

describe('callouts through the runtime to the emulator', () => {
    const KEY = `local-sandbox-test-${process.pid}`;
    let emu: EmulatorHost;
    let rt: SandboxRuntime;
    beforeAll(async () => {
        emu = await EmulatorHost.start(KEY);
        rt = new SandboxRuntime({
            projectDir: PROJECT,
            urlOverrides: { D365_APIM: emu.url },
            credentials: (ec, p) => (ec === 'D365_APIM' && p === 'SubscriptionKey' ? KEY : undefined)
        });
        // the admin may use the D365_APIM principal through D365_Sync_Admin
        const grant = rt.tx(
            'grant',
            `insert new PermissionSetAssignment(AssigneeId = UserInfo.getUserId(),
    PermissionSetId = [SELECT Id FROM PermissionSet WHERE Name = 'D365_Sync_Admin'].Id);`
        );
        expect(grant.outcome).toEqual({ kind: 'ok' });
    }, 60_000);
    afterAll(async () => {
        await emu.stop();
    });

    const ping = `
HttpRequest req = new HttpRequest();
req.setEndpoint('callout:D365_APIM/api/accounts');
req.setMethod('POST');
req.setHeader('Content-Type', 'application/json');
req.setBody('{"OrganizationName":"Timeout Test","salesforceId":"0015h0000000999AAA"}');
req.setTimeout(700);
try {
    HttpResponse res = new Http().send(req);
    System.debug('status=' + res.getStatusCode());
} catch (CalloutException e) {
    System.debug('CalloutException: ' + e.getMessage());
}`;

    test('HttpRequest.setTimeout → CalloutException "Read timed out" on a hanging backend', async () => {
        await emu.setFault({ kind: 'hang', times: 1 });
        const t0 = Date.now();
        const res = rt.tx('timeout', ping);
        expect(res.debug).toEqual(['CalloutException: Read timed out']);
        expect(Date.now() - t0).toBeLessThan(10_000);
        expect(res.limits.callouts).toBe(1);
        const ok = rt.tx('no fault', ping);
        expect(ok.debug).toEqual(['status=200']);
    }, 60_000);

    test('a user without principal access gets the credential error, no request is sent', async () => {
        const before = (await emu.requests()).length;
        const setup = rt.tx(
            'user without D365_Sync_User',
            `User u = new User(LastName = 'No Access', Alias = 'noacc', Email = 'no-access@example.invalid',
    Username = 'no-access@d365-sandbox.example.invalid', ProfileId = [SELECT Id FROM Profile WHERE Name = 'Standard User'].Id,
    TimeZoneSidKey = 'GMT', LocaleSidKey = 'en_US', EmailEncodingKey = 'UTF-8', LanguageLocaleKey = 'en_US');
insert u; System.debug(u.Id);`
        );
        expect(setup.outcome).toEqual({ kind: 'ok' });
        const res = rt.tx('callout as that user', ping, setup.debug[0]);
        expect(res.debug[0]).toMatch(/^CalloutException: We couldn't access the credential\(s\).*"D365_APIM"/);
        expect((await emu.requests()).length).toBe(before);
    }, 60_000);

    test('an endpoint that is not a callout: URL is unsupported', () => {
        const res = rt.tx(
            'direct URL',
            `HttpRequest req = new HttpRequest(); req.setEndpoint('${emu.url}/api/accounts'); req.setMethod('GET'); new Http().send(req);`
        );
        expect(res.outcome).toMatchObject({ kind: 'unsupported' });
        expect((res.outcome as { message: string }).message).toMatch(/non-Named-Credential endpoint/);
    });
});
