// `npm run bench`: governor-limit usage of the package's sync path, measured by the local Apex runtime.
// D365 is an in-process responder (same Named Credential resolution and header injection, no HTTP) so that
// 10,000 callouts finish in reasonable time. Writes docs/benchmarks.md unless --no-write.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { randomBytes } from 'node:crypto';
import { SandboxRuntime, type TxReport } from '../sandbox/runtime';
import type { LimitCounters } from '../apex-runtime/src/limits/limits';
import { SYNC_LIMITS, ASYNC_LIMITS, zeroLimitCounters } from '../apex-runtime/src/limits/limits';
import type { CalloutResponse } from '../apex-runtime/src/callouts/transport';
import { table } from '../sandbox/report';

const KEYS: (keyof LimitCounters)[] = [
    'soqlQueries',
    'queryRows',
    'dmlStatements',
    'dmlRows',
    'callouts',
    'queueableJobs',
    'cpuSteps',
    'heapEstimate'
];

export interface ScenarioResult {
    name: string;
    transactions: number;
    asyncJobs: number;
    /** Transaction Finalizer runs, each in its own transaction after its job */
    finalizerRuns: number;
    syncMax: LimitCounters;
    asyncMax: LimitCounters;
    callouts: number;
    outboxRows: number;
    succeeded: number;
    notSucceeded: number;
    limitException: boolean;
    failures: string[];
    notes: string[];
    seconds: number;
}

const max = (a: LimitCounters, b: LimitCounters): LimitCounters => {
    const o = { ...a };
    for (const k of Object.keys(o) as (keyof LimitCounters)[]) o[k] = Math.max(a[k], b[k]);
    return o;
};

/** the user the kick trigger runs as (npm run setup -- --callout-user), so the one that calls out */
const CALLOUT_USERNAME = 'd365-callout@d365-bench.example.invalid';

/** what D365 answers a push in the bench: by default 200 with a new `CustomerAccount` */
export type BenchResponder = (req: {
    url: string;
    method: string;
    headers: { name: string; value: string }[];
    body: string | null;
    timeoutMs: number;
}) => CalloutResponse;

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

export function measure(
    name: string,
    projectDir: string,
    body: (
        rt: SandboxRuntime,
        approverId: string,
        run: (label: string, src: string, asUserId?: string) => TxReport,
        note: (s: string) => void
    ) => void
): ScenarioResult {
    const t0 = Date.now();
    const { rt, approverId, calls } = makeRuntime(projectDir);
    const res: ScenarioResult = {
        name,
        transactions: 0,
        asyncJobs: 0,
        finalizerRuns: 0,
        syncMax: zeroLimitCounters(),
        asyncMax: zeroLimitCounters(),
        callouts: 0,
        outboxRows: 0,
        succeeded: 0,
        notSucceeded: 0,
        limitException: false,
        failures: [],
        notes: [],
        seconds: 0
    };
    const run = (label: string, src: string, asUserId = approverId): TxReport => {
        const r = rt.tx(label, src, asUserId);
        res.transactions++;
        res.syncMax = max(res.syncMax, r.limits);
        for (const j of r.jobs) {
            if (j.finalizer) res.finalizerRuns++;
            else res.asyncJobs++;
            res.asyncMax = max(res.asyncMax, j.limits);
            if (j.error) res.failures.push(`${label} / ${j.name}: ${j.error}`);
        }
        if (r.outcome.kind !== 'ok')
            res.failures.push(
                `${label}: ${r.outcome.kind === 'exception' ? `${r.outcome.type}: ${r.outcome.message}` : `${r.outcome.kind}: ${'message' in r.outcome ? r.outcome.message : ''}`}`
            );
        res.limitException ||= r.limitException;
        return r;
    };
    body(rt, approverId, run, (n) => res.notes.push(n));
    const rows = rt.rows('D365_Sync_Request__c');
    res.outboxRows = rows.length;
    res.succeeded = rows.filter((r) => String(r.get('status__c')) === 'Succeeded').length;
    res.notSucceeded = rows.length - res.succeeded;
    res.callouts = calls();
    res.seconds = (Date.now() - t0) / 1000;
    return res;
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
// the approval's field update: one DML with the Ids only (no query of the approving code is counted)
export const approve = (ids: string): string => `
List<Account> accs = new List<Account>();
for (String i : '${ids}'.split(',')) { accs.add(new Account(Id = i, D365_Approval_Status__c = 'Approved')); }
update accs;`;
export const drafts = (rt: SandboxRuntime, uid: string, n: number, prefix: string): string => {
    const r = rt.tx('drafts', insertDrafts(n, prefix), uid);
    if (r.outcome.kind !== 'ok') throw new Error(`draft insert failed: ${JSON.stringify(r.outcome)}`);
    return r.debug[0];
};

/**
 * Several worker chains started at the same moment, interleaved at their claim: every chain first reads the oldest
 * due rows (the same ones — nobody has claimed yet), then they lock and claim one after the other, as row locks
 * serialise them on the platform; each enqueues a root worker with what it claimed. Shows whether parallel chains
 * get disjoint work (the debug line lists the rows each chain claimed).
 */
export const concurrentChains = (chains: number, dueRows: number) =>
    function body(
        rt: SandboxRuntime,
        uid: string,
        run: (label: string, src: string, asUserId?: string) => TxReport,
        note: (s: string) => void
    ): void {
        const ids = drafts(rt, uid, dueRows, 'Parallel');
        // chains are started by the kick trigger, so as the callout user
        const calloutUser = rt.rows('User').find((u) => u.get('username') === CALLOUT_USERNAME);
        run(
            'seed due rows',
            `List<D365_Sync_Request__c> rows = new List<D365_Sync_Request__c>();
for (String i : '${ids}'.split(',')) { rows.add(D365SyncTransitions.newRow(i, 'Approved')); }
insert rows;`
        );
        const r = run(
            `${chains} chains claim at once`,
            `D365_Sync_Setting__mdt s = D365SyncSettings.current();
List<List<Id>> seen = new List<List<Id>>();
for (Integer k = 0; k < ${chains}; k++) {
    seen.add(new D365SyncRequestSelector().selectDueIds(D365SyncClock.now(), s.Batch_Size__c.intValue()));
}
List<String> sizes = new List<String>();
for (Integer k = 0; k < ${chains}; k++) {
    String token = D365SyncTransitions.newClaimToken();
    Set<Id> claimed = D365SyncService.claimFrom(seen[k], s, token);
    sizes.add(String.valueOf(claimed.size()));
    if (!claimed.isEmpty()) { System.enqueueJob(new D365SyncWorker(claimed, token)); }
}
System.debug(String.join(sizes, '/'));`,
            calloutUser ? String((calloutUser.get('id') as { value: string }).value) : uid
        );
        note(`rows claimed per chain at the same moment: ${r.debug[0] ?? '?'} (disjoint: each row is claimed once)`);
    };

export function runBench(projectDir: string, log: (s: string) => void = () => undefined): ScenarioResult[] {
    const out: ScenarioResult[] = [];
    const measured = (r: ScenarioResult) => {
        out.push(r);
        log(`  ${r.name}: ${r.transactions} transactions, ${r.asyncJobs} async jobs, ${r.seconds.toFixed(1)} s\n`);
    };
    measured(
        measure('1 approval', projectDir, (rt, uid, run) => {
            run('approve 1', approve(drafts(rt, uid, 1, 'One')));
        })
    );
    measured(
        measure('200 Accounts approved in one DML', projectDir, (rt, uid, run) => {
            run('approve 200', approve(drafts(rt, uid, 200, 'Bulk')));
        })
    );
    measured(measure('4 worker chains started at once over 400 due rows', projectDir, concurrentChains(4, 400)));
    measured(
        measure('data load: 10,000 approved Accounts, 50 transactions of 200', projectDir, (rt, uid, run, note) => {
            for (let b = 0; b < 50; b++) run(`load batch ${b + 1}`, insertDrafts(200, `Load ${b}`, 'Approved'));
            // whatever the chains left (Max_Chain_Depth__c), the retry job picks up
            for (let i = 0; i < 50; i++) {
                const left = rt
                    .rows('D365_Sync_Request__c')
                    .filter((r) => String(r.get('status__c')) !== 'Succeeded').length;
                if (i === 0)
                    note(
                        `after the 50 load transactions (and the workers they enqueued): ${left} rows not yet Succeeded`
                    );
                if (!left) {
                    note(`retry-job runs needed to drain: ${i}`);
                    break;
                }
                rt.advanceSeconds(3600);
                run(`retry job run ${i + 1}`, 'new D365SyncRetryJob().execute(null);');
            }
        })
    );
    return out;
}

const LABELS: Record<string, string> = {
    soqlQueries: 'SOQL queries',
    queryRows: 'query rows',
    dmlStatements: 'DML statements',
    dmlRows: 'DML rows',
    callouts: 'callouts',
    queueableJobs: 'queueable jobs enqueued',
    cpuSteps: 'CPU proxy (statements)',
    heapEstimate: 'heap estimate (bytes)'
};

export function renderTable(results: ScenarioResult[]): string {
    const limitOf = (k: keyof LimitCounters, async: boolean): string => {
        const l = (async ? ASYNC_LIMITS : SYNC_LIMITS) as Record<string, number>;
        return l[k] === undefined ? 'n/a' : String(l[k]);
    };
    let s = '';
    for (const r of results) {
        s += `\n${r.name} — ${r.transactions} transactions, ${r.asyncJobs} async jobs, ${r.callouts} callouts answered, outbox rows ${r.outboxRows} (${r.succeeded} Succeeded, ${r.notSucceeded} other), LimitException: ${r.limitException ? 'YES' : 'no'}, ${r.seconds.toFixed(1)} s\n`;
        s += table(
            ['per-transaction maximum', 'sync', 'sync limit', 'async job', 'async limit'],
            KEYS.map((k) => [
                LABELS[k],
                String(r.syncMax[k]),
                limitOf(k, false),
                String(r.asyncMax[k]),
                limitOf(k, true)
            ])
        );
        for (const n of r.notes) s += `  ${n}\n`;
        for (const f of r.failures.slice(0, 5)) s += `  failure: ${f}\n`;
        if (r.failures.length > 5) s += `  … ${r.failures.length - 5} more failures\n`;
    }
    return s;
}

function writeDoc(file: string, results: ScenarioResult[]): void {
    const date = new Date().toISOString().slice(0, 16).replace('T', ' ');
    const rows = (r: ScenarioResult) =>
        KEYS.map((k) => {
            const sl = (SYNC_LIMITS as Record<string, number>)[k];
            const al = (ASYNC_LIMITS as Record<string, number>)[k];
            return `| ${LABELS[k]} | ${r.syncMax[k]} | ${sl ?? 'n/a'} | ${r.asyncMax[k]} | ${al ?? 'n/a'} |`;
        }).join('\n');
    const md = `# Benchmarks — governor limits measured by the local Apex runtime

Measured ${date} UTC with \`npm run bench\` (\`scripts/bench/run.ts\`), which regenerates this page.

What is measured: the package's own Apex (trigger → outbox → \`D365SyncWorker\` → \`D365SyncRetryJob\`) in the local
Apex runtime, each anonymous transaction and each async job execution counted separately (per-transaction
**maximum** shown). D365 is an in-process responder behind the same \`callout:D365_APIM\` resolution and
header injection as the sandbox (every push answered 200 with a new \`CustomerAccount\`), so no HTTP time is
included. Settings: \`D365_Sync_Setting__mdt.Default\` as shipped (batch 50, chain depth 5).

How far to trust the numbers:
- SOQL, query rows, DML statements/rows, callouts and enqueued jobs are counted by the runtime exactly where the
  platform counts them (\`src/limits/limits.ts\`), but the runtime is not the platform: platform-internal work
  (managed packages, Flows, sharing recalculation) is not there.
- **CPU proxy** is the number of Apex statements executed, not milliseconds; **heap** is a rough estimate of
  collection/object allocations, not the platform's heap measurement. Use them to compare runs, not against the
  10 s / 6 MB limits.
- A data load through the Bulk API arrives as transactions of up to 200 records; here each batch is one
  anonymous transaction inserting 200 Accounts with \`D365_Approval_Status__c = 'Approved'\` as a user holding
  \`D365_Sync_Data_Load\` (without it the trigger refuses approvals that bypass the approval process); queued workers run
  right after the transaction that enqueued them (no platform queue delay); if rows were left, the retry job
  would drain them (clock advanced by 1 h between runs) — the section says how many runs were needed.
- Not a per-transaction limit but worth watching: every async job execution counts against the org's daily
  asynchronous Apex executions (250,000 or 200 × user licences per 24 h, whichever is greater); the number of
  async job executions per scenario is given below.

${results
    .map(
        (r) => `## ${r.name}

${r.transactions} transactions, ${r.asyncJobs} async job executions (+ ${r.finalizerRuns} finalizer runs), ${r.callouts} callouts answered; outbox rows:
${r.outboxRows} (${r.succeeded} Succeeded, ${r.notSucceeded} other). LimitException: **${r.limitException ? 'yes' : 'none'}**.
${r.failures.length ? `Failures: ${r.failures.length} (first: \`${r.failures[0].replace(/`/g, "'")}\`).` : 'No transaction or job failed.'}
${r.notes.map((n) => `${n[0].toUpperCase()}${n.slice(1)}.`).join('\n')}
Wall time in the runtime: ${r.seconds.toFixed(1)} s.

| per-transaction maximum | sync | sync limit | async job | async limit |
| --- | --- | --- | --- | --- |
${rows(r)}
`
    )
    .join('\n')}`;
    fs.writeFileSync(file, md);
}

function main(): number {
    const projectDir = path.resolve(path.join(__dirname, '..', '..'));
    const write = !process.argv.includes('--no-write');
    process.stdout.write(
        'bench: governor-limit usage measured by the local Apex runtime (in-process D365 responder)\n'
    );
    const results = runBench(projectDir, (s) => process.stdout.write(s));
    process.stdout.write(renderTable(results));
    if (write) {
        const file = path.join(projectDir, 'docs', 'benchmarks.md');
        writeDoc(file, results);
        process.stdout.write(`\nwrote ${path.relative(process.cwd(), file)}\n`);
    }
    return results.every((r) => !r.limitException && r.failures.length === 0) ? 0 : 1;
}

if (require.main === module) process.exitCode = main();
