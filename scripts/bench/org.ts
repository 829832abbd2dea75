// The bench's org: the local runtime on this project, configured as `npm run setup` would (Named Credential URL,
// sending on, a callout user for the kick trigger), an approver with D365_Sync_User + D365_Sync_Data_Load, and an
// in-process D365 responder behind the same Named Credential resolution and header injection (no HTTP).
import { randomBytes } from 'node:crypto';
import { SandboxRuntime } from '../sandbox/runtime';
import type { CalloutResponse, CalloutSender } from '../apex-runtime/src';

/** the user the kick trigger runs as (npm run setup -- --callout-user), so the one that calls out */
export const CALLOUT_USERNAME = 'd365-callout@d365-bench.example.invalid';

/** what D365 answers a push in the bench: by default 200 with a new `CustomerAccount` */
export type BenchResponder = CalloutSender;

export function makeRuntime(
    projectDir: string,
    opts: { respond?: BenchResponder; clock?: () => number } = {}
): { rt: SandboxRuntime; approverId: string; calls: () => number } {
    const key = `local-bench-${randomBytes(12).toString('base64url')}`;
    let n = 0;
    const responder = (req: Parameters<BenchResponder>[0]): CalloutResponse => {
        const ok = req.headers.some((h) => h.name.toLowerCase() === 'ocp-apim-subscription-key' && h.value === key);
        if (!ok) return { statusCode: 401, status: 'Unauthorized', headers: [], body: '{"statusCode":401}' };
        n++;
        if (opts.respond) return opts.respond(req);
        return {
            statusCode: 200,
            status: 'OK',
            headers: [{ name: 'Content-Type', value: 'application/json; charset=utf-8' }],
            body: JSON.stringify({
                status: 'Created',
                CustomerAccount: `SF-${String(n).padStart(6, '0')}`,
                dataAreaId: 'usmf'
            })
        };
    };
    const rt = new SandboxRuntime({
        projectDir,
        urlOverrides: { D365_APIM: 'http://127.0.0.1:1' },
        credentials: (ec, p) => (ec === 'D365_APIM' && p === 'SubscriptionKey' ? key : undefined),
        send: responder,
        clock: opts.clock
    });
    rt.configureAsAdmin({ D365_APIM: 'http://127.0.0.1:1' });
    const setup = rt.tx(
        'setup',
        `
User u = new User(LastName = 'Approver', Alias = 'appr', Email = 'approver@example.invalid',
    Username = 'approver@d365-bench.example.invalid', ProfileId = [SELECT Id FROM Profile WHERE Name = 'Standard User'].Id,
    TimeZoneSidKey = 'America/Los_Angeles', LocaleSidKey = 'en_US', EmailEncodingKey = 'UTF-8', LanguageLocaleKey = 'en_US');
insert u;
// D365_Sync_Data_Load: the bench sets Approved directly (the data-load path the trigger allows with it)
for (PermissionSet ps : [SELECT Id FROM PermissionSet WHERE Name IN ('D365_Sync_User', 'D365_Sync_Data_Load')])
    insert new PermissionSetAssignment(AssigneeId = u.Id, PermissionSetId = ps.Id);
// the callout user npm run setup --callout-user configures: every worker (and its callouts) runs as this user
User callout = new User(LastName = 'D365 Callout', Alias = 'd365out', Email = 'd365-callout@example.invalid',
    Username = '${CALLOUT_USERNAME}', ProfileId = [SELECT Id FROM Profile WHERE Name = 'Minimum Access - Salesforce'].Id,
    TimeZoneSidKey = 'GMT', LocaleSidKey = 'en_US', EmailEncodingKey = 'UTF-8', LanguageLocaleKey = 'en_US');
insert callout;
insert new PermissionSetAssignment(AssigneeId = callout.Id, PermissionSetId = [SELECT Id FROM PermissionSet WHERE Name = 'D365_Sync_Callout'].Id);
System.debug(u.Id);`
    );
    if (setup.outcome.kind !== 'ok') throw new Error(`bench setup failed: ${JSON.stringify(setup.outcome)}`);
    rt.configureCalloutUser(CALLOUT_USERNAME);
    return { rt, approverId: setup.debug[0], calls: () => n };
}

export const insertDrafts = (n: number, prefix: string, status = 'Draft'): string => `
List<Account> accs = new List<Account>();
for (Integer i = 0; i < ${n}; i++) {
    accs.add(new Account(Name = '${prefix} ' + i, BillingCity = 'City ' + i, BillingCountry = 'US', D365_Approval_Status__c = '${status}'));
}
insert accs;
List<String> ids = new List<String>();
for (Account a : accs) { ids.add(a.Id); }
System.debug(String.join(ids, ','));`;
