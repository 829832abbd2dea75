// `npm run bench`: governor-limit usage of the package's sync path, measured by the local Apex runtime.
// D365 is an in-process responder (same Named Credential resolution and header injection, no HTTP) so that
// 10,000 callouts finish in reasonable time. Writes docs/benchmarks.md unless --no-write.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { SandboxRuntime, TxReport } from '../sandbox/runtime';
import { CALLOUT_USERNAME, insertDrafts, makeRuntime } from './org';
import { drainDoc, drainScenarios, renderDrain, runDrain, type DrainKnobs, type DrainResult } from './drain';
import { SYNC_LIMITS, ASYNC_LIMITS, zeroLimitCounters, type LimitCounters } from '../apex-runtime/src';
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

export { insertDrafts };

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
    Set<Id> claimed = D365SyncClaims.claimFrom(seen[k], s, token);
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

async function writeDoc(file: string, results: ScenarioResult[], drains: DrainResult[], full: boolean): Promise<void> {
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
- In the sections below queued workers run right after the transaction that enqueued them (no platform queue
  delay, no time). Volume, time and concurrency are measured in "Drain time" at the end.
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
    .join('\n')}
${drainDoc(drains, full)}`;
    // formatted as `npm run prettier` would, so the regenerated page passes prettier:verify (loaded here: the
    // module's top level also runs under Jest, where prettier's own dynamic imports are not allowed)
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(file)) ?? {};
    fs.writeFileSync(file, await prettier.format(md, { ...options, filepath: file }));
}

async function main(): Promise<number> {
    const projectDir = path.resolve(path.join(__dirname, '..', '..'));
    const argv = process.argv.slice(2);
    const write = !argv.includes('--no-write');
    const full = argv.includes('--full');
    const lanesArg = argv.find((a) => a.startsWith('--lanes='));
    const lanes = lanesArg ? lanesArg.slice('--lanes='.length).split(',').map(Number) : DEFAULT_LANES;
    const knobs = knobOverrides(argv);
    process.stdout.write(
        'bench: governor-limit usage measured by the local Apex runtime (in-process D365 responder)\n'
    );
    const results = runBench(projectDir, (s) => process.stdout.write(s));
    process.stdout.write(renderTable(results));
    process.stdout.write(`\nbench: drain time on a virtual clock${full ? ' (--full)' : ''}\n`);
    const drains: DrainResult[] = [];
    for (const sc of drainScenarios(projectDir, full, lanes, knobs)) {
        const r = runDrain(projectDir, sc);
        drains.push(r);
        process.stdout.write(
            `  ${sc.name}: drained in ${r.drainSeconds.toFixed(0)} s virtual, ${r.rateLimited} × 429, ${r.failures.length ? `FAIL: ${r.failures[0]}` : 'ok'} (${r.realSeconds.toFixed(1)} s real)\n`
        );
    }
    process.stdout.write(`\n${renderDrain(drains)}`);
    if (write) {
        const file = path.join(projectDir, 'docs', 'benchmarks.md');
        await writeDoc(file, results, drains, full);
        process.stdout.write(`\nwrote ${path.relative(process.cwd(), file)}\n`);
    }
    const ok =
        results.every((r) => !r.limitException && r.failures.length === 0) && drains.every((d) => !d.failures.length);
    return ok ? 0 : 1;
}

/** `--batch=N --threads=N --latency=MS --rate=CALLS/SECONDS|none`: the model's knobs for every drain row */
export function knobOverrides(argv: string[]): Partial<DrainKnobs> {
    const arg = (name: string): string | undefined =>
        argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
    const num = (name: string): number | undefined => {
        const v = arg(name);
        if (v === undefined) return undefined;
        const n = Number(v);
        if (!(n > 0)) throw new Error(`--${name} needs a positive number, got "${v}"`);
        return n;
    };
    const o: Partial<DrainKnobs> = {};
    const batch = num('batch');
    const threads = num('threads');
    const latency = num('latency');
    if (batch !== undefined) o.batchSize = batch;
    if (threads !== undefined) o.threads = threads;
    if (latency !== undefined) o.latencyMs = latency;
    const rate = arg('rate');
    if (rate === 'none') o.rateLimit = null;
    else if (rate !== undefined) {
        const [calls, secs] = rate.split('/').map(Number);
        if (!(calls > 0 && secs > 0)) throw new Error(`--rate needs CALLS/SECONDS or none, got "${rate}"`);
        o.rateLimit = { calls, renewalPeriodSeconds: secs };
    }
    return o;
}

/** the lanes measured when the package has `Worker_Lanes__c` (override: --lanes=4,6,8): 5 lanes at 300 ms stay under 20 calls/s */
const DEFAULT_LANES = [5];

if (require.main === module)
    main().then(
        (code) => (process.exitCode = code),
        (e: unknown) => {
            process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
            process.exitCode = 1;
        }
    );
