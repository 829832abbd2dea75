// The chaos run of issue #13: many approvals through the local org (the package's Apex in the local runtime, the
// shipped approval process, the worker's real HTTP callouts to the APIM + D365 emulator on 127.0.0.1) while about
// `faultRate` of the first sends get an injected fault. Then the retry job runs on the runtime clock until nothing
// is open. It checks that every Account ends Succeeded or Failed with a reason, none is lost, none is duplicated at
// the emulator.
//   npm run chaos                      1,000 approvals, 20 % faults (docs/local-org.md has the measured time)
//   npm run chaos -- --size 200 --seed 7 --fault-rate 0.2
// The bounded run inside `npm test` is scripts/start/__tests__/chaos.test.ts.
import * as path from 'node:path';
import { FAULT_KINDS, type FaultKind } from '../emulators/apim-d365';
import { show } from '../sandbox/runtime';
import { V } from '../apex-runtime/src';
import { apexLiteral, LocalOrg } from './org';
import { startSyncHttp } from './sync-http';

const ROOT = path.resolve(__dirname, '..', '..');

/**
 * Faults a real backend or gateway produces. Not `hang`: it holds the callout until the 120 s timeout (the
 * outcome is a transient timeout, as `backend-504` already covers, at two minutes per fault).
 */
export const CHAOS_FAULTS: readonly FaultKind[] = FAULT_KINDS.filter((kind) => kind !== 'hang');

export interface ChaosOptions {
    size: number;
    /** share of first sends that get a fault (default 0.2) */
    faultRate?: number;
    seed?: number;
    /** approvals per approving transaction (default 10) */
    batch?: number;
    log?: (line: string) => void;
}

export interface AccountOutcome {
    id: string;
    name: string;
    syncStatus: string;
    d365AccountNumber: string;
    requests: { status: string; lastError: string; attempts: number; category: string }[];
}

export interface ChaosReport {
    size: number;
    /** requests the emulator answered with an injected fault, per kind */
    faultsByKind: Record<string, number>;
    faultRate: number;
    drainRounds: number;
    seconds: { setup: number; approvals: number; drain: number; total: number };
    accounts: AccountOutcome[];
    /** every POST/PATCH the emulator received (status per request) */
    emulatorRequests: { salesforceId: string | undefined; status: number | undefined; fault?: string }[];
    /** the emulator's customer records per Salesforce Id */
    customersBySalesforceId: Map<string, string[]>;
    /** Synced Accounts without the D365 key: D365 answered 2xx with an empty or malformed body (no key to read) */
    unlinked: string[];
    /** problems found (empty = the run holds) */
    problems: string[];
}

const OPEN = new Set(['Queued', 'Processing', 'Retry Scheduled']);
const str = (v: V.ApexPrimitive | undefined): string => show(v);

function must(org: LocalOrg, label: string, apex: string, userId: string): string[] {
    const r = org.rt.tx(label, apex, userId);
    if (r.outcome.kind !== 'ok') {
        const o = r.outcome;
        throw new Error(`${label}: ${o.kind === 'exception' ? `${o.type}: ${o.message}` : o.message}`);
    }
    return r.debug;
}

export async function runChaos(opts: ChaosOptions): Promise<ChaosReport> {
    const t0 = Date.now();
    const log = opts.log ?? (() => undefined);
    const rate = opts.faultRate ?? 0.2;
    const batch = opts.batch ?? 10;
    const seed = opts.seed ?? 42;
    const http = startSyncHttp();
    const org = await LocalOrg.start(ROOT, { send: http.send });
    try {
        const approver = org.user('approver').id;
        const admin = org.user('admin').id;
        // the Accounts: Draft, owned by the approver, who submits them (the owner may submit) and decides
        for (let from = 0; from < opts.size; from += 200) {
            const n = Math.min(200, opts.size - from);
            must(
                org,
                'insert chaos Accounts',
                `List<Account> l = new List<Account>();
for (Integer i = ${from}; i < ${from + n}; i++) {
    l.add(new Account(Name = 'Chaos ' + String.valueOf(i).leftPad(4, '0'), BillingCity = 'Oslo', BillingCountry = 'NO'));
}
insert l;`,
                approver
            );
        }
        const ids = org.rt
            .rows('Account')
            .filter((r) => str(r.get('name')).startsWith('Chaos '))
            .map((r) => (r.get('id') as V.ApexId).value);
        // submit for approval (the shipped process; the submitter names the approver), 50 per transaction
        const workitems: string[] = [];
        for (let i = 0; i < ids.length; i += 50) {
            const debug = must(
                org,
                'submit chaos Accounts',
                `List<Approval.ProcessSubmitRequest> rs = new List<Approval.ProcessSubmitRequest>();
for (Id accountId : (List<Id>) JSON.deserialize(${apexLiteral(JSON.stringify(ids.slice(i, i + 50)))}, List<Id>.class)) {
    Approval.ProcessSubmitRequest r = new Approval.ProcessSubmitRequest();
    r.setObjectId(accountId);
    r.setNextApproverIds(new List<Id>{ (Id) ${apexLiteral(approver)} });
    rs.add(r);
}
List<Id> items = new List<Id>();
for (Approval.ProcessResult res : Approval.process(rs)) {
    items.addAll(res.getNewWorkitemIds());
}
System.debug('ITEMS' + JSON.serialize(items));`,
                approver
            );
            workitems.push(...(JSON.parse(debug.find((d) => d.startsWith('ITEMS'))!.slice(5)) as string[]));
        }
        const tSetup = Date.now();
        log(`chaos: ${ids.length} Accounts submitted in ${((tSetup - t0) / 1000).toFixed(1)} s`);

        // faults: one rule per kind, each applied to a request with chance c (seeded), so that about `rate` of all
        // requests (first sends and retries alike) get one: 1 - (1 - c)^kinds = rate
        const c = 1 - Math.pow(1 - rate, 1 / CHAOS_FAULTS.length);
        for (const [i, kind] of CHAOS_FAULTS.entries()) {
            // a short Retry-After keeps the run on a few clock steps (a 429's default is 30 s)
            await org.emulator.setFault({
                kind,
                times: Number.POSITIVE_INFINITY,
                chance: c,
                seed: seed * 100 + i,
                retryAfterSeconds: kind === 'backend-429' ? 5 : undefined
            });
        }
        for (let i = 0; i < workitems.length; i += batch) {
            must(
                org,
                'approve chaos Accounts',
                `List<Approval.ProcessWorkitemRequest> ws = new List<Approval.ProcessWorkitemRequest>();
for (Id item : (List<Id>) JSON.deserialize(${apexLiteral(JSON.stringify(workitems.slice(i, i + batch)))}, List<Id>.class)) {
    Approval.ProcessWorkitemRequest w = new Approval.ProcessWorkitemRequest();
    w.setWorkitemId(item);
    w.setAction('Approve');
    ws.add(w);
}
Approval.process(ws);`,
                approver
            );
            if ((i / batch) % 10 === 0)
                log(`chaos: approved ${Math.min(i + batch, workitems.length)}/${workitems.length}`);
        }
        const tApprovals = Date.now();

        // drain: the runtime clock moves past the backoffs; the retry job (what the scheduler runs every 15 min)
        // and the workers waiting as delayed Queueables send what is due
        let rounds = 0;
        const openCount = () =>
            org.rt.rows('D365_Sync_Request__c').filter((r) => OPEN.has(str(r.get('status__c')))).length;
        while (openCount() > 0 && rounds < 40) {
            rounds++;
            org.rt.advanceSeconds(16 * 60);
            must(org, 'retry job', 'new D365SyncRetryJob().execute(null);', admin);
        }
        const tDrain = Date.now();
        log(`chaos: drained in ${rounds} rounds, ${((tDrain - tApprovals) / 1000).toFixed(1)} s`);

        // what each Account ended as
        const requestsByAccount = new Map<string, AccountOutcome['requests']>();
        for (const r of org.rt.rows('D365_Sync_Request__c')) {
            const acc = (r.get('account__c') as V.ApexId).value;
            const list = requestsByAccount.get(acc) ?? [];
            list.push({
                status: str(r.get('status__c')),
                lastError: str(r.get('last_error__c')),
                attempts: Number(str(r.get('attempts__c')) || 0),
                category: str(r.get('error_category__c'))
            });
            requestsByAccount.set(acc, list);
        }
        const accounts: AccountOutcome[] = ids.map((id) => {
            const row = org.rt.db.getRow(id)?.row;
            return {
                id,
                name: str(row?.get('name')),
                syncStatus: str(row?.get('d365_sync_status__c')),
                d365AccountNumber: str(row?.get('d365_account_number__c')),
                requests: requestsByAccount.get(id) ?? []
            };
        });
        const received = await org.emulator.requests();
        const emulatorRequests = received
            .filter((r) => r.method !== 'GET')
            .map((r) => {
                let salesforceId: string | undefined;
                try {
                    salesforceId = (JSON.parse(r.body) as { salesforceId?: string }).salesforceId;
                } catch {
                    salesforceId = undefined;
                }
                return { salesforceId, status: r.status, fault: r.fault };
            });
        const customersBySalesforceId = new Map<string, string[]>();
        for (const c of await org.d365()) {
            const k = c.salesforceId ?? '';
            customersBySalesforceId.set(k, [...(customersBySalesforceId.get(k) ?? []), c.CustomerAccount]);
        }
        const problems = checkChaos(accounts, customersBySalesforceId);
        const tEnd = Date.now();
        return {
            size: ids.length,
            faultsByKind: Object.fromEntries(
                CHAOS_FAULTS.map((k) => [k, received.filter((r) => r.fault === k).length])
            ),
            faultRate: received.length ? received.filter((r) => r.fault).length / received.length : 0,
            drainRounds: rounds,
            seconds: {
                setup: (tSetup - t0) / 1000,
                approvals: (tApprovals - tSetup) / 1000,
                drain: (tDrain - tApprovals) / 1000,
                total: (tEnd - t0) / 1000
            },
            accounts,
            emulatorRequests,
            customersBySalesforceId,
            unlinked: accounts.filter((a) => a.syncStatus === 'Synced' && !a.d365AccountNumber).map((a) => a.name),
            problems
        };
    } finally {
        await org.stop();
        await http.close();
    }
}

/** The run's invariants; each broken one is a line. */
export function checkChaos(accounts: AccountOutcome[], customers: Map<string, string[]>): string[] {
    const problems: string[] = [];
    for (const a of accounts) {
        const open = a.requests.filter((r) => OPEN.has(r.status));
        if (!a.requests.length) problems.push(`${a.name}: lost (no sync request)`);
        if (open.length) problems.push(`${a.name}: still open (${open.map((r) => r.status).join(', ')})`);
        const held = customers.get(a.id) ?? [];
        if (held.length > 1) problems.push(`${a.name}: duplicated at D365 (${held.join(', ')})`);
        const latest = a.requests.find((r) => r.status === 'Succeeded' || r.status === 'Failed');
        if (a.syncStatus === 'Synced' && latest?.status === 'Succeeded') {
            // D365 holds it once; its key is on the Account, unless D365's 2xx carried no readable key (an empty
            // or malformed body: the engine accepts the write and links the key on the next send — see `unlinked`)
            if (held.length !== 1) problems.push(`${a.name}: Succeeded but D365 holds ${held.length} records`);
            else if (a.d365AccountNumber && held[0] !== a.d365AccountNumber) {
                problems.push(`${a.name}: D365 key ${a.d365AccountNumber} but D365 holds ${held[0]}`);
            }
        } else if (a.syncStatus === 'Failed' && latest?.status === 'Failed') {
            const failed = a.requests.find((r) => r.status === 'Failed');
            if (!failed?.lastError.trim()) problems.push(`${a.name}: Failed without a reason`);
        } else {
            problems.push(
                `${a.name}: ended ${a.syncStatus || '(blank)'} / ${latest?.status ?? 'no request'}, not Succeeded or Failed`
            );
        }
    }
    return problems;
}

function arg(name: string, fallback: number): number {
    const i = process.argv.indexOf(`--${name}`);
    const v = i >= 0 ? Number(process.argv[i + 1]) : fallback;
    if (!Number.isFinite(v)) throw new Error(`invalid --${name}`);
    return v;
}

if (require.main === module) {
    const size = arg('size', 1000);
    runChaos({
        size,
        faultRate: arg('fault-rate', 0.2),
        seed: arg('seed', 42),
        log: (l) => process.stdout.write(`${l}\n`)
    }).then(
        (r) => {
            const count = (s: string) => r.accounts.filter((a) => a.syncStatus === s).length;
            const customers = [...r.customersBySalesforceId.values()].reduce((n, l) => n + l.length, 0);
            process.stdout.write(
                `chaos: ${r.size} approvals; ${(r.faultRate * 100).toFixed(1)} % of the requests got a fault ${JSON.stringify(r.faultsByKind)}\n` +
                    `  Synced ${count('Synced')} (${r.unlinked.length} without the D365 key: 2xx with an empty or malformed body), Failed ${count('Failed')}; emulator: ${r.emulatorRequests.length} writes received, ${customers} customers\n` +
                    `  time: setup ${r.seconds.setup.toFixed(1)} s, approvals ${r.seconds.approvals.toFixed(1)} s, drain ${r.seconds.drain.toFixed(1)} s (${r.drainRounds} rounds), total ${r.seconds.total.toFixed(1)} s\n` +
                    (r.problems.length
                        ? `PROBLEMS:\n  ${r.problems.slice(0, 50).join('\n  ')}\n`
                        : 'chaos: every Account ended Succeeded or Failed with a reason; none lost, none duplicated\n')
            );
            process.exit(r.problems.length ? 1 : 0);
        },
        (e: Error) => {
            process.stderr.write(`chaos: ${e.stack ?? e.message}\n`);
            process.exit(1);
        }
    );
}
