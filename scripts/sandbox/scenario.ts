// The two-way scenario of the local sandbox, step by step, with an honest report and checks.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { V, type Row } from '../apex-runtime/src';
import type { RecordedRequest } from '../emulators/apim-d365';
import { API_VERSION, SalesforceRestEmulator } from '../emulators/salesforce-rest';
import { EmulatorHost } from './emulator-host';
import { SandboxRuntime, show, type TxReport } from './runtime';
import { limitsTable, table } from './report';
import { resyncApex } from '../resync/apex';
import { calloutUsername, localUsersApex } from './users';

const SANDBOX_DOMAIN = 'd365-sandbox.example.invalid';

export interface Check {
    step: string;
    ok: boolean;
    text: string;
}

export interface SandboxResult {
    checks: Check[];
    passed: number;
    failed: number;
    output: string;
    /** the runtime, for callers that inspect the final state (tests) */
    runtime: SandboxRuntime;
    requests: RecordedRequest[];
}

export interface SandboxOptions {
    projectDir?: string;
    /** receives the report as it is produced (default: nothing; the whole text is in `output`) */
    write?: (s: string) => void;
}

const str = (v: V.ApexPrimitive | undefined) => show(v);
const idOf = (v: V.ApexPrimitive | undefined) => (v instanceof V.ApexId ? v.value : String(v ?? ''));

/** A fresh random key per run, obviously local (never a realistic 32-hex key). */
function randomKey(): string {
    return `local-sandbox-${randomBytes(18).toString('base64url')}`;
}

export async function runSandbox(opts: SandboxOptions = {}): Promise<SandboxResult> {
    const projectDir = path.resolve(opts.projectDir ?? path.join(__dirname, '..', '..'));
    const key = randomKey();
    const wrongKey = randomKey();
    // the External Client App's consumer key and secret for the D365 → Salesforce direction, random per run
    const clientId = randomKey();
    const clientSecret = randomKey();
    const secrets = [key, wrongKey, clientId, clientSecret];
    let out = '';
    let raw = '';
    const write = (s: string): void => {
        raw += s;
        // last line of defence: a secret never reaches the report
        let safe = s;
        for (const k of secrets) safe = safe.split(k).join('REDACTED');
        out += safe;
        opts.write?.(safe);
    };
    const checks: Check[] = [];
    let step = '';
    const expect = (ok: boolean, text: string): boolean => {
        checks.push({ step, ok, text });
        write(`  ${ok ? 'PASS' : 'FAIL'}  ${text}\n`);
        return ok;
    };

    const emu = await EmulatorHost.start(key);
    let activeKey = key;
    let runtime: SandboxRuntime | undefined;
    let sfRest: SalesforceRestEmulator | undefined;
    let seen = 0;
    try {
        write(`Local sandbox — the package's Apex in the local Apex runtime, callouts to the APIM + D365 emulator\n`);
        write(`  project: ${projectDir}\n`);
        write(`  emulator: ${emu.url} (worker thread of this process, 127.0.0.1 only)\n`);
        write(`  Named Credential D365_APIM → ${emu.url} (metadata URL overridden for this run)\n`);
        write(
            `  subscription key: random for this run, given to the emulator and the credential store only — shown as REDACTED\n\n`
        );

        const rt = new SandboxRuntime({
            projectDir,
            urlOverrides: { D365_APIM: emu.url },
            credentials: (ec, param) =>
                ec.toLowerCase() === 'd365_apim' && param.toLowerCase() === 'subscriptionkey' ? activeKey : undefined
        });
        runtime = rt;
        rt.configureAsAdmin({ D365_APIM: emu.url });
        write(
            `  admin setup: Named Credential URL → subscription key → sending enabled (shipped: placeholder, off)\n\n`
        );

        // ---------------------------------------------------------------- reporting helpers
        const accounts = (): Row[] => rt.rows('Account');
        const outbox = (): Row[] => rt.rows('D365_Sync_Request__c');
        const attempts = (): Row[] => rt.rows('D365_Sync_Attempt__c');
        const nameOf = (accId: string): string =>
            str(
                accounts()
                    .find((a) => idOf(a.get('id')) === accId)
                    ?.get('name')
            );
        const showAccounts = (filter?: Set<string>): void => {
            write('Accounts\n');
            write(
                table(
                    ['Name', 'Approval', 'Sync status', 'D365 account', 'Last synced', 'Last error'],
                    accounts()
                        .filter((a) => !filter || filter.has(idOf(a.get('id'))))
                        .map((a) => [
                            str(a.get('name')),
                            str(a.get('d365_approval_status__c')),
                            str(a.get('d365_sync_status__c')),
                            str(a.get('d365_account_number__c')),
                            str(a.get('d365_last_synced__c')),
                            str(a.get('d365_last_sync_error__c'))
                        ])
                )
            );
        };
        const showOutbox = (): void => {
            write('Outbox D365_Sync_Request__c\n');
            write(
                table(
                    [
                        'Name',
                        'Account',
                        'Status',
                        'Reason',
                        'Attempts',
                        'HTTP',
                        'Category',
                        'Next attempt',
                        'Idempotency key',
                        'Last error'
                    ],
                    outbox().map((r) => [
                        str(r.get('name')),
                        nameOf(idOf(r.get('account__c'))),
                        str(r.get('status__c')),
                        str(r.get('trigger_reason__c')),
                        str(r.get('attempts__c')),
                        str(r.get('last_http_status__c')),
                        str(r.get('error_category__c')),
                        str(r.get('next_attempt_at__c')),
                        str(r.get('idempotency_key__c')),
                        str(r.get('last_error__c'))
                    ]),
                    70
                )
            );
            write('Attempts D365_Sync_Attempt__c\n');
            const byId = new Map(outbox().map((r) => [idOf(r.get('id')), r]));
            write(
                table(
                    ['Name', 'Request', 'Outcome', 'HTTP', 'Category', 'Attempted at'],
                    attempts().map((a) => [
                        str(a.get('name')),
                        str(byId.get(idOf(a.get('request__c')))?.get('name')),
                        str(a.get('outcome__c')),
                        str(a.get('http_status__c')),
                        str(a.get('error_category__c')),
                        str(a.get('attempted_at__c'))
                    ])
                )
            );
        };
        const newRequests = async (): Promise<RecordedRequest[]> => {
            const all = await emu.requests();
            const fresh = all.slice(seen);
            seen = all.length;
            write('Emulator: requests received in this step (subscription key as recorded by the emulator)\n');
            write(
                table(
                    ['#', 'Method', 'Path', 'Status', 'Key header', 'Key valid', 'X-Correlation-Id', 'Fault'],
                    fresh.map((r, i) => [
                        String(all.length - fresh.length + i + 1),
                        r.method,
                        r.path,
                        String(r.status ?? ''),
                        headerOf(r, 'ocp-apim-subscription-key') ?? '(missing)',
                        String(r.keyValid ?? ''),
                        headerOf(r, 'x-correlation-id') ?? '',
                        r.fault ?? ''
                    ])
                )
            );
            return fresh;
        };
        const runTx = (label: string, source: string, userId?: string): TxReport =>
            reportTx(rt.tx(label, source, userId));
        const reportTx = (r: TxReport): TxReport => {
            const label = r.label;
            write(`\n> ${label} — as ${userName(r.userId)}\n`);
            const o = r.outcome;
            write(
                `  outcome: ${o.kind === 'ok' ? 'completed' : o.kind === 'exception' ? `${o.type}: ${o.message}` : `${o.kind}: ${o.message}`}\n`
            );
            for (const j of r.jobs) if (j.error) write(`  async job ${j.name} failed: ${j.error}\n`);
            for (const d of r.debug) write(`  debug: ${d}\n`);
            write('Governor limits (used/limit; CPU is a statement count, heap a rough estimate)\n');
            write(limitsTable(r));
            return r;
        };
        const userName = (id: string): string => str(rt.db.getRow(id)?.row.get('username')) || id;
        const okTx = (r: TxReport): boolean =>
            expect(
                r.outcome.kind === 'ok' && r.jobs.every((j) => j.status === 'Completed'),
                `transaction "${r.label}" and its async jobs completed without an exception`
            );
        const debugValue = (r: TxReport, prefix: string): string =>
            (r.debug.find((d) => d.startsWith(prefix)) ?? '').slice(prefix.length);
        const rowsFor = (accId: string): Row[] => outbox().filter((r) => idOf(r.get('account__c')) === accId);
        const accountRow = (id: string): Row | undefined => accounts().find((a) => idOf(a.get('id')) === id);

        // ---------------------------------------------------------------- a. setup
        step = 'a. setup';
        write(
            `\n=== ${step}: approver (D365_Sync_User), API-only integration user (D365_Sync_Integration), callout user ===\n`
        );
        const setup = runTx('setup users and permission set assignments', localUsersApex(SANDBOX_DOMAIN));
        okTx(setup);
        // npm run setup -- --callout-user: the kick trigger (and so every worker and its callouts) runs as this user
        rt.configureCalloutUser(calloutUsername(SANDBOX_DOMAIN));
        const approverId = debugValue(setup, 'approver=');
        // Approve through the shipped approval process (a direct change to Approved is refused by the trigger):
        // the approver submits the Accounts they own, picks themselves (adhoc step) and approves.
        const approveThroughProcess = (accounts: string) => `
List<Approval.ProcessSubmitRequest> submits = new List<Approval.ProcessSubmitRequest>();
for (Account a : ${accounts}) {
    Approval.ProcessSubmitRequest r = new Approval.ProcessSubmitRequest();
    r.setObjectId(a.Id);
    r.setNextApproverIds(new List<Id>{ UserInfo.getUserId() });
    submits.add(r);
}
List<Approval.ProcessWorkitemRequest> approvals = new List<Approval.ProcessWorkitemRequest>();
for (Approval.ProcessResult submitted : Approval.process(submits)) {
    Approval.ProcessWorkitemRequest w = new Approval.ProcessWorkitemRequest();
    w.setWorkitemId(submitted.getNewWorkitemIds()[0]);
    w.setAction('Approve');
    approvals.add(w);
}
Approval.process(approvals);
`;
        const integrationId = debugValue(setup, 'integration=');
        expect(
            rt.permissionSetsOf(approverId).includes('D365_Sync_User'),
            'the approver holds D365_Sync_User (no External Credential access: the callout user calls out)'
        );
        expect(
            rt.db.customPermissionsOf(integrationId).has('d365_sync_integration_user'),
            'the integration user holds the custom permission D365_Sync_Integration_User (loop prevention)'
        );
        expect(
            rt.permissionSetsOf(rt.adminUserId).includes('D365_Sync_Admin'),
            'the admin running the retry job holds D365_Sync_Admin'
        );

        // ---------------------------------------------------------------- b. approve → push
        step = 'b. approve and push';
        write(`\n=== ${step}: the approver creates Draft Accounts, then the approval sets Approved ===\n`);
        const created = runTx(
            'insert 3 Draft Accounts',
            `
List<Account> accs = new List<Account>{
    new Account(Name = 'Acme Corporation', BillingCity = 'Seattle', BillingCountry = 'US'),
    new Account(Name = 'Globex Ltd', BillingCity = 'London', BillingCountry = 'GB'),
    new Account(Name = 'Initech GmbH', BillingCity = 'Berlin', BillingCountry = 'DE')
};
insert accs;
for (Account a : accs) { System.debug('id=' + a.Id); }
`,
            approverId
        );
        okTx(created);
        const firstIds = created.debug.filter((d) => d.startsWith('id=')).map((d) => d.slice(3));
        expect(outbox().length === 0, 'Draft Accounts open no outbox row');
        const approved = runTx(
            "submit and approve (approval process; final field update D365_Approval_Status__c = 'Approved')",
            approveThroughProcess("[SELECT Id FROM Account WHERE D365_Approval_Status__c = 'Draft']"),
            approverId
        );
        okTx(approved);
        showAccounts();
        showOutbox();
        const pushB = await newRequests();
        expect(
            approved.jobs.some((j) => j.name === 'D365SyncWorker'),
            'the trigger opened outbox rows and the worker ran after the transaction'
        );
        expect(
            firstIds.every((id) => rowsFor(id).length === 1 && str(rowsFor(id)[0].get('status__c')) === 'Succeeded'),
            'each approved Account has exactly one outbox row, Succeeded'
        );
        expect(
            firstIds.every((id) => /^SF-\d{6}$/.test(str(accountRow(id)?.get('d365_account_number__c')))),
            'D365_Account_Number__c holds the CustomerAccount the emulator assigned'
        );
        expect(
            pushB.length === 3 && pushB.every((r) => r.status === 200 && r.keyValid === true),
            '3 real HTTP POSTs reached the emulator with a valid key, all 200'
        );
        expect(approved.limits.callouts === 0, 'no callout in the trigger transaction (callouts run in the worker)');

        // ---------------------------------------------------------------- c. 503 → retry
        step = 'c. transient failure and retry';
        write(`\n=== ${step}: the next request gets HTTP 503, a waiting lane delivers it after the backoff ===\n`);
        await emu.setFault({ kind: 'backend-503', times: 1 });
        write('  emulator: fault backend-503 armed for the next request\n');
        const c1 = runTx(
            'insert Umbrella Inc (Draft)',
            `
Account a = new Account(Name = 'Umbrella Inc', BillingCity = 'Raccoon City', BillingCountry = 'US');
insert a;
System.debug('id=' + a.Id);
`,
            approverId
        );
        okTx(c1);
        const umbrellaId = debugValue(c1, 'id=');
        const c2 = runTx(
            'approve Umbrella Inc',
            approveThroughProcess("[SELECT Id FROM Account WHERE Name = 'Umbrella Inc']"),
            approverId
        );
        okTx(c2);
        showOutbox();
        const push503 = await newRequests();
        const uRow = rowsFor(umbrellaId)[0];
        const idem = str(uRow?.get('idempotency_key__c'));
        expect(push503.length === 1 && push503[0].status === 503, 'the emulator answered 503 to the push');
        expect(
            str(uRow?.get('status__c')) === 'Retry Scheduled' && str(uRow?.get('error_category__c')) === 'Transient',
            'the row is Retry Scheduled, category Transient'
        );
        const next = uRow?.get('next_attempt_at__c');
        const waitS = next instanceof V.ApexDatetime ? Math.ceil((Number(next.epochMs) - rt.now) / 1000) + 1 : 0;
        expect(waitS > 0, `Next_Attempt_At__c is in the future (backoff ${waitS - 1} s)`);
        const early = runTx('retry job before the backoff elapsed', 'new D365SyncRetryJob().execute(null);');
        okTx(early);
        const pushEarly = await newRequests();
        expect(pushEarly.length === 0, 'the retry job does not send a row before Next_Attempt_At__c');
        // the lane waits for the row as a delayed job (whole minutes, D365SyncWorker.waitMinutes): past both
        const advanceS = Math.max(Math.ceil(waitS / 60) * 60 + 5, 1);
        rt.advanceSeconds(advanceS);
        write(
            `\n  runtime clock advanced by ${advanceS} s (System.now() in the runtime), past the backoff and the lane's wait\n`
        );
        const retry = runTx(
            'D365SyncRetryJob.execute(null) — what the scheduler calls, run here as anonymous Apex',
            'new D365SyncRetryJob().execute(null);'
        );
        okTx(retry);
        showAccounts(new Set([umbrellaId]));
        showOutbox();
        const pushRetry = await newRequests();
        const uAfter = rowsFor(umbrellaId);
        expect(
            uAfter.length === 1 &&
                str(uAfter[0].get('status__c')) === 'Succeeded' &&
                str(uAfter[0].get('attempts__c')) === '2',
            'the same row is Succeeded after 2 attempts'
        );
        expect(
            pushRetry.length === 1 &&
                pushRetry[0].status === 200 &&
                headerOf(pushRetry[0], 'x-correlation-id') === idem &&
                headerOf(push503[0], 'x-correlation-id') === idem,
            `both attempts carried the same idempotency key (${idem})`
        );
        expect(
            /^SF-\d{6}$/.test(str(accountRow(umbrellaId)?.get('d365_account_number__c'))),
            'Umbrella Inc got its D365 account number'
        );

        // ---------------------------------------------------------------- d. D365 → Salesforce
        step = 'd. D365 writes back (loop prevention)';
        write(`\n=== ${step}: D365 calls the Salesforce REST API as the integration user ===\n`);
        const restTx: TxReport[] = [];
        sfRest = await SalesforceRestEmulator.start({
            runtime: rt,
            clientId,
            clientSecret,
            runAsUserId: integrationId,
            onTransaction: (r) => restTx.push(r)
        });
        write(
            `  Salesforce REST emulator: ${sfRest.url} (this process, 127.0.0.1 only; each write is a runtime transaction as the run-as user)\n`
        );
        write(
            `  External Client App D365_Sync_Inbound: client id and secret random for this run — shown as REDACTED; Run As = ${userName(integrationId)}\n`
        );
        const acmeNumber = str(accountRow(firstIds[0])?.get('d365_account_number__c'));
        const rowsBefore = outbox().length;
        // what D365 (APIM) does, exactly as docs/d365-handoff.md §2–3 describe it
        const tokenRes = await fetch(`${sfRest.url}/services/oauth2/token`, {
            method: 'POST',
            headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({
                grant_type: 'client_credentials',
                client_id: clientId,
                client_secret: clientSecret
            }).toString()
        });
        const tokenBody = (await tokenRes.json()) as {
            access_token?: string;
            instance_url?: string;
            token_type?: string;
            id?: string;
        };
        const accessToken = tokenBody.access_token ?? '';
        if (accessToken) secrets.push(accessToken);
        write(`  POST /services/oauth2/token (grant_type=client_credentials) → ${tokenRes.status}\n`);
        expect(
            tokenRes.status === 200 &&
                tokenBody.token_type === 'Bearer' &&
                tokenBody.instance_url === sfRest.url &&
                !!tokenBody.id?.endsWith(`/${integrationId}`),
            'D365 got a token with the client-credentials flow; it maps to the integration user'
        );
        const upsertPath = `/services/data/v${API_VERSION}/sobjects/Account/D365_Account_Number__c/${encodeURIComponent(acmeNumber)}`;
        const patchRes = await fetch(`${tokenBody.instance_url ?? sfRest.url}${upsertPath}`, {
            method: 'PATCH',
            headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
            // BillingCity is owned by both sides: D365 sends its change time with the write (d365-handoff.md §5.1)
            body: JSON.stringify({ BillingCity: 'Tacoma', D365_Modified_At__c: new Date(rt.now).toISOString() })
        });
        const patchBody = (await patchRes.json()) as { id?: string; success?: boolean; created?: boolean };
        write(
            `  PATCH ${upsertPath} → ${patchRes.status} ${JSON.stringify(patchBody)} (Sforce-Limit-Info: ${patchRes.headers.get('sforce-limit-info') ?? 'missing'})\n`
        );
        for (const r of restTx) reportTx(r);
        const d = restTx[0];
        if (d) okTx(d);
        else expect(false, 'the REST upsert ran a transaction in the runtime');
        showAccounts(new Set([firstIds[0]]));
        const pushD = await newRequests();
        expect(
            patchRes.status === 200 && patchBody.created === false && patchBody.id === firstIds[0],
            'the upsert matched the existing Account by its external id (200, created:false)'
        );
        expect(
            d?.userId === integrationId && str(accountRow(firstIds[0])?.get('lastmodifiedbyid')) === integrationId,
            "the write ran as the integration user (the token's run-as user)"
        );
        expect(
            str(accountRow(firstIds[0])?.get('billingcity')) === 'Tacoma',
            'the Account carries the change from D365'
        );
        expect(
            outbox().length === rowsBefore && pushD.length === 0,
            `no new outbox row and no callout: the change by the integration user is not echoed back to D365 (${rowsBefore} rows before and after)`
        );
        const statusBefore = str(accountRow(firstIds[0])?.get('d365_sync_status__c'));
        const refused = await fetch(`${sfRest.url}${upsertPath}`, {
            method: 'PATCH',
            headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
            body: JSON.stringify({ D365_Sync_Status__c: 'Failed' })
        });
        const refusedBody = (await refused.json()) as { errorCode?: string }[];
        write(
            `  PATCH with a field outside the integration permission set → ${refused.status} ${JSON.stringify(refusedBody)}\n`
        );
        expect(
            refused.status === 400 &&
                refusedBody[0]?.errorCode === 'INVALID_FIELD' &&
                str(accountRow(firstIds[0])?.get('d365_sync_status__c')) === statusBefore,
            'a field the integration user has no access to is refused (400 INVALID_FIELD), nothing written'
        );

        // field ownership (docs/field-mapping.md): Name is Salesforce's; BillingCity is shared, newer change wins
        const patch = async (body: Record<string, unknown>) => {
            const res = await fetch(`${sfRest!.url}${upsertPath}`, {
                method: 'PATCH',
                headers: { Authorization: `Bearer ${accessToken}`, 'Content-Type': 'application/json' },
                body: JSON.stringify(body)
            });
            return { status: res.status, body: (await res.json()) as unknown };
        };
        type RestErr = { message?: string; errorCode?: string; fields?: string[] }[];
        const rename = await patch({
            Name: 'Acme (renamed in D365)',
            D365_Modified_At__c: new Date(rt.now).toISOString()
        });
        write(`  PATCH of Name, a field Salesforce owns → ${rename.status} ${JSON.stringify(rename.body)}\n`);
        const renameErr = (rename.body as RestErr)[0];
        expect(
            rename.status === 400 &&
                renameErr?.errorCode === 'FIELD_CUSTOM_VALIDATION_EXCEPTION' &&
                renameErr.fields?.[0] === 'Name' &&
                str(accountRow(firstIds[0])?.get('name')) === 'Acme Corporation',
            'a field Salesforce owns is never written back: 400 FIELD_CUSTOM_VALIDATION_EXCEPTION on Name, nothing written'
        );
        const sfEdit = runTx(
            'the approver edits BillingCity, a field both sides own (stamps D365_SF_Modified_At__c)',
            `update new Account(Id = '${firstIds[0]}', BillingCity = 'Portland');`,
            approverId
        );
        okTx(sfEdit);
        await newRequests(); // the edit of an approved Account is pushed (Mapped Field Change); not the point here
        const stampValue = accountRow(firstIds[0])?.get('d365_sf_modified_at__c');
        const stampMs = stampValue instanceof V.ApexDatetime ? stampValue.epochMs : NaN;
        expect(!Number.isNaN(stampMs), `the Salesforce edit is stamped: D365_SF_Modified_At__c = ${str(stampValue)}`);
        const staleAt = new Date(stampMs - 60_000).toISOString();
        const stale = await patch({ BillingCity: 'Old City', D365_Modified_At__c: staleAt });
        write(
            `  PATCH with a change D365 made a minute before that edit → ${stale.status} ${JSON.stringify(stale.body)}\n`
        );
        for (const r of restTx.slice(1)) reportTx(r);
        const staleErr = (stale.body as RestErr)[0];
        expect(
            stale.status === 400 &&
                staleErr?.errorCode === 'FIELD_CUSTOM_VALIDATION_EXCEPTION' &&
                staleErr.fields?.[0] === 'D365_Modified_At__c' &&
                (staleErr.message ?? '').startsWith(`Stale D365 write refused: D365_Modified_At__c ${staleAt}`) &&
                (staleErr.message ?? '').includes('of BillingCity.') &&
                str(accountRow(firstIds[0])?.get('billingcity')) === 'Portland',
            'a stale D365 write is refused (400 FIELD_CUSTOM_VALIDATION_EXCEPTION naming BillingCity); the newer Salesforce edit stays'
        );
        const fresh = await patch({
            BillingCity: 'Salem',
            D365_Modified_At__c: new Date(stampMs + 60_000).toISOString()
        });
        write(
            `  PATCH with a change D365 made a minute after that edit → ${fresh.status} ${JSON.stringify(fresh.body)}\n`
        );
        expect(
            fresh.status === 200 && str(accountRow(firstIds[0])?.get('billingcity')) === 'Salem',
            'a D365 write newer than the Salesforce edit is accepted'
        );
        showAccounts(new Set([firstIds[0]]));
        await sfRest.stop();
        sfRest = undefined;
        // control: the same kind of change by the approver does go out (so the check above is a real decision)
        const rowsBeforeControl = outbox().length;
        const control = runTx(
            'control: the approver edits a mapped field of an approved Account',
            `Account a = [SELECT Id FROM Account WHERE Name = 'Globex Ltd']; a.BillingCity = 'Manchester'; update a;`,
            approverId
        );
        okTx(control);
        const pushControl = await newRequests();
        expect(
            outbox().length === rowsBeforeControl + 1 && pushControl.length === 1,
            'control: the same kind of change by a sales user opens a row and is pushed (Mapped Field Change)'
        );

        // ---------------------------------------------------------------- e. wrong key
        step = 'e. wrong subscription key';
        write(`\n=== ${step}: the credential store now holds a key the emulator does not know ===\n`);
        activeKey = wrongKey;
        const e1 = runTx(
            'insert and approve Stark Industries',
            `
Account a = new Account(Name = 'Stark Industries', BillingCity = 'New York', BillingCountry = 'US');
insert a;
System.debug('id=' + a.Id);
${approveThroughProcess('new List<Account>{ a }')}`,
            approverId
        );
        okTx(e1);
        const starkId = debugValue(e1, 'id=');
        showAccounts(new Set([starkId]));
        showOutbox();
        const pushE = await newRequests();
        const sRow = rowsFor(starkId)[0];
        expect(
            pushE.length === 1 && pushE[0].status === 401 && pushE[0].keyValid === false,
            'the emulator refused the key (401)'
        );
        expect(
            str(sRow?.get('status__c')) === 'Failed' && str(sRow?.get('error_category__c')) === 'Configuration',
            'the row is Failed, category Configuration (no pointless retries)'
        );
        expect(
            str(sRow?.get('last_error__c')).startsWith('D365 rejected the subscription key (HTTP 401).'),
            `plain-words message: "${str(sRow?.get('last_error__c')).slice(0, 90)}…"`
        );
        activeKey = key;

        // ---------------------------------------------------------------- f. resync
        step = 'f. resync';
        write(
            `\n=== ${step}: the key is fixed; an admin resyncs the failed Accounts (npm run resync -- --set failed) ===\n`
        );
        // the anonymous Apex `npm run resync` sends with sf apex run (scripts/resync/apex.ts)
        const resync = resyncApex({ kind: 'start', set: 'Failed' });
        const refusedResync = runTx('the approver tries to start a resync', resync, approverId);
        expect(
            refusedResync.outcome.kind === 'exception' &&
                refusedResync.outcome.type.endsWith('NotAllowedException') &&
                rt.rows('D365_Sync_Resync__c').length === 0,
            'a user without D365_Sync_Administer cannot start a resync (no run recorded)'
        );
        const rowsBeforeResync = rowsFor(starkId).length;
        const f1 = runTx('npm run resync -- --set failed', resync, rt.adminUserId);
        okTx(f1);
        const runs = rt.rows('D365_Sync_Resync__c');
        write('Resync runs D365_Sync_Resync__c\n');
        write(
            table(
                [
                    'Name',
                    'Selection',
                    'Status',
                    'Total',
                    'Processed',
                    'Enqueued',
                    'Skipped open',
                    'Errors',
                    'Started by'
                ],
                runs.map((r) => [
                    str(r.get('name')),
                    str(r.get('selection__c')),
                    str(r.get('status__c')),
                    str(r.get('total__c')),
                    str(r.get('processed__c')),
                    str(r.get('enqueued__c')),
                    str(r.get('skipped_open__c')),
                    str(r.get('errors__c')),
                    userName(idOf(r.get('createdbyid')))
                ])
            )
        );
        showAccounts(new Set([starkId]));
        const pushF = await newRequests();
        const run = runs[0];
        expect(
            runs.length === 1 &&
                str(run?.get('status__c')) === 'Completed' &&
                str(run?.get('total__c')) === '1' &&
                str(run?.get('enqueued__c')) === '1' &&
                idOf(run?.get('createdbyid')) === rt.adminUserId,
            'one audited run by the admin: Completed, 1 failed Account found and queued'
        );
        const starkRows = rowsFor(starkId);
        expect(
            starkRows.length === rowsBeforeResync + 1 &&
                str(starkRows[starkRows.length - 1]?.get('trigger_reason__c')) === 'Resync' &&
                str(starkRows[starkRows.length - 1]?.get('status__c')) === 'Succeeded',
            'Stark Industries got one new row (reason Resync), sent with the right key: Succeeded'
        );
        expect(
            pushF.length === 1 && pushF[0].status === 200 && pushF[0].keyValid === true,
            'exactly one request for the one failed Account (the approved, synced Accounts were not in the set)'
        );

        // ---------------------------------------------------------------- secrets
        step = 'secrets';
        write(`\n=== ${step} ===\n`);
        const requests = await emu.requests();
        const stored = [...outbox(), ...attempts()]
            .map((r) => [...r.values()].map((v) => str(v)).join('\n'))
            .join('\n');
        const leaks = (s: string) => secrets.some((k) => s.includes(k));
        expect(!leaks(JSON.stringify(requests)), 'the emulator recorded the key header as REDACTED, never the key');
        expect(!leaks(stored), 'no outbox or attempt row (request/response bodies, errors) contains the key');
        expect(!leaks(raw), 'the report (before the output filter) contains no key');

        const passed = checks.filter((c) => c.ok).length;
        const failed = checks.length - passed;
        write(`\nsandbox: ${passed} passed, ${failed} failed\n`);
        return { checks, passed, failed, output: out, runtime: rt, requests };
    } catch (e) {
        checks.push({ step, ok: false, text: `crashed: ${(e as Error).message}` });
        write(`\n  FAIL  the sandbox crashed in step "${step}": ${(e as Error).stack ?? e}\n`);
        const passed = checks.filter((c) => c.ok).length;
        write(`\nsandbox: ${passed} passed, ${checks.length - passed} failed\n`);
        return { checks, passed, failed: checks.length - passed, output: out, runtime: runtime!, requests: [] };
    } finally {
        await sfRest?.stop();
        await emu.stop();
    }
}

function headerOf(r: RecordedRequest, name: string): string | undefined {
    const e = Object.entries(r.headers).find(([k]) => k.toLowerCase() === name);
    return e?.[1];
}
