// The sandbox's view of the local Apex runtime: one Session on this project, transactions run as a given user,
// governor-limit usage captured per transaction and per async job, callouts through Named Credentials.
import * as path from 'node:path';
import {
    Session,
    V,
    discover,
    loadCalloutMetadata,
    loadProgram,
    namedCredentialTransport,
    nextFireTime,
    parseCron,
    permissionSetsGrantPrincipal,
    saveDatabase,
    loadDatabase,
    zeroLimitCounters,
    type CalloutMetadata,
    type AsyncJob,
    type CalloutSender,
    type CredentialStore,
    type Database,
    type LimitCounters,
    type Outcome,
    type RecordedCallout,
    type Row
} from '../apex-runtime/src';

export interface JobRun {
    name: string;
    /** a Transaction Finalizer's run (after its job, in a transaction of its own) */
    finalizer: boolean;
    status: 'Completed' | 'Failed';
    error: string | null;
    limits: LimitCounters;
}

export interface TxReport {
    label: string;
    userId: string;
    outcome: Outcome;
    /** the synchronous transaction's usage */
    limits: LimitCounters;
    /** each async job execution is its own transaction with its own usage */
    jobs: JobRun[];
    callouts: RecordedCallout[];
    debug: string[];
    limitException: boolean;
}

export interface SandboxRuntimeOptions {
    projectDir: string;
    /** Named Credential → base URL (e.g. the emulator) */
    urlOverrides: Record<string, string>;
    credentials: CredentialStore;
    /** replace the HTTP layer (benchmarks) */
    send?: CalloutSender;
    /** freeze the runtime clock at this time (ms); default: the real clock (plus `advanceSeconds` offsets) */
    fixedNowMs?: number;
    /** a clock of the caller's (the bench's virtual clock); replaces `fixedNowMs` and the real clock */
    clock?: () => number;
}

const copy = (l: LimitCounters): LimitCounters => ({ ...l });

/** side data (journaled, saved with the database): CronTrigger Id → the Schedulable's class, for `fireDueScheduledJobs` */
const SCHEDULED_CLASSES = 'sandbox.scheduledClasses';

export class SandboxRuntime {
    readonly session: Session;
    readonly db: Database;
    readonly metadata: CalloutMetadata;
    private offsetMs = 0;
    /** delayed Queueables waiting on the clock (see the constructor) */
    private delayed: { job: AsyncJob; readyAtMs: number }[] = [];
    private jobs: JobRun[] = [];
    private callouts: RecordedCallout[] = [];
    /** set while `fireDueScheduledJobs` runs a CronTrigger: System.schedule then hands the job to the async queue */
    private firing: { id: V.ApexId; name: string; cron: string; cls: string } | null = null;

    constructor(readonly opts: SandboxRuntimeOptions) {
        const projectDir = path.resolve(opts.projectDir);
        const errors: string[] = [];
        const program = loadProgram(discover(projectDir), errors);
        if (errors.length) throw new Error(`Apex compile errors:\n${errors.join('\n')}`);
        this.session = new Session(program, { projectDir });
        this.db = this.session.database;
        this.metadata = loadCalloutMetadata(projectDir);
        V.setRuntimeSettings({ now: () => this.now });
        // a delayed Queueable (AsyncOptions.MinimumQueueableDelayInMinutes) waits on this runtime's clock: it runs
        // with the first transaction (`tx`) that starts once its delay has passed, after that transaction's code
        this.session.wrapService(
            'holdDelayedJob',
            () => (job: AsyncJob) => this.delayed.push({ job, readyAtMs: this.now + (job.delayMinutes ?? 0) * 60_000 })
        );
        // remember each scheduled job's class (the platform keeps the job itself; the runtime has only the
        // CronTrigger row), so that a host clock can fire it later, also after a save and load
        this.session.wrapService('schedule', (inner) => (it2, args) => {
            const job = args[2] as { cls?: { name?: string } } | null;
            if (this.firing) {
                const t = (this.session.it.services.test as { scheduledToRun: unknown[] }).scheduledToRun;
                t.push({ id: this.firing.id, name: this.firing.name, cron: this.firing.cron, job });
                return this.firing.id;
            }
            const id = inner(it2, args);
            if (id instanceof V.ApexId && job?.cls?.name) {
                const known = this.db.getSide<Map<string, string>>(SCHEDULED_CLASSES) ?? new Map<string, string>();
                this.db.setSide(SCHEDULED_CLASSES, new Map(known).set(id.value, job.cls.name));
            }
            return id;
        });
        this.session.setCalloutTransport(
            namedCredentialTransport({
                metadata: this.metadata,
                urlOverrides: opts.urlOverrides,
                credentials: opts.credentials,
                canUsePrincipal: (ec) =>
                    permissionSetsGrantPrincipal(this.metadata, this.permissionSetsOf(this.db.runningUserId), ec),
                send: opts.send,
                record: (c) => this.callouts.push(c)
            })
        );
        // Each async job execution is its own transaction: fresh static variables and its own limits. The
        // runtime's runJob pushes fresh limits around this hook, so `it.tx.limits.used` here is the job's usage.
        const it = this.session.it;
        this.session.observeAsyncTransactions(({ name: jobName, finalizer }, run) => {
            // a scheduled job fired by `fireDueScheduledJobs` is named by its class (the runtime's info has none)
            const name =
                this.firing && (it.services.scheduledDepth ?? 0) > 0 && jobName === 'job' ? this.firing.cls : jobName;
            const tx = it.tx;
            const savedStatics = tx.statics;
            const savedInit = tx.staticInitStarted;
            tx.statics = new Map();
            tx.staticInitStarted = new Set();
            let error: string | null = null;
            try {
                return run();
            } catch (e) {
                const c = this.session.classify(e);
                error =
                    c.kind === 'exception'
                        ? `${c.type}: ${c.message}`
                        : c.kind === 'ok'
                          ? null
                          : `${c.kind}: ${c.message}`;
                throw e;
            } finally {
                this.jobs.push({
                    name,
                    finalizer,
                    status: error ? 'Failed' : 'Completed',
                    error,
                    limits: copy(it.tx.limits.used)
                });
                tx.statics = savedStatics;
                tx.staticInitStarted = savedInit;
            }
        });
    }

    /** the runtime clock: real time (or the fixed time) plus what `advanceSeconds` added */
    get now(): number {
        return (this.opts.clock?.() ?? this.opts.fixedNowMs ?? Date.now()) + this.offsetMs;
    }

    advanceSeconds(s: number): void {
        this.offsetMs += s * 1000;
    }

    /** Names of the permission sets assigned to a user (PermissionSetAssignment rows). */
    permissionSetsOf(userId: string): string[] {
        const uid = new V.ApexId(userId).value;
        const out: string[] = [];
        for (const a of this.db.rows('PermissionSetAssignment')) {
            if ((a.get('assigneeid') as V.ApexId | null)?.value !== uid) continue;
            const ps = this.db.getRow(a.get('permissionsetid') as V.ApexId)?.row;
            if (ps) out.push(String(ps.get('name')));
        }
        return out;
    }

    get adminUserId(): string {
        return this.db.seeded.adminUserId;
    }

    /** Run anonymous Apex as one transaction (then its async jobs, each its own transaction) as a user. */
    tx(label: string, source: string, asUserId: string = this.adminUserId): TxReport {
        const it = this.session.it;
        this.beginTransaction();
        const ready = this.delayed.filter((d) => d.readyAtMs <= this.now);
        this.delayed = this.delayed.filter((d) => d.readyAtMs > this.now);
        // its delay has passed: it runs like any queued job
        for (const d of ready)
            (it.services.test as { queue: AsyncJob[] }).queue.push({ ...d.job, delayMinutes: undefined });
        const savedUser = this.db.runningUserId;
        const savedSettings = { ...V.runtimeSettings() };
        this.db.runningUserId = new V.ApexId(asUserId).value;
        // the running user's time zone and locale, as System.runAs does
        const user = this.db.getRow(this.db.runningUserId)?.row;
        const tz = user?.get('timezonesidkey');
        const loc = user?.get('localesidkey');
        V.setRuntimeSettings({
            ...(typeof tz === 'string' ? { timeZone: tz } : {}),
            ...(typeof loc === 'string' ? { locale: loc } : {})
        });
        const sp = this.db.savepoint();
        let outcome: Outcome;
        try {
            outcome = this.session.runAnonymous(source, `${label}.apex`);
        } finally {
            this.db.runningUserId = savedUser;
            V.setRuntimeSettings(savedSettings);
        }
        const limits = copy(it.tx.limits.used);
        // an uncaught exception rolls the synchronous transaction back (jobs never ran: they start after it)
        if (outcome.kind !== 'ok' && !this.jobs.length) this.db.rollback(sp);
        const isLimit = (s: string | null) => !!s && /LimitException/.test(s);
        return {
            label,
            userId: asUserId,
            outcome,
            limits,
            jobs: this.jobs,
            callouts: this.callouts,
            debug: this.session.debug.map((d) => d.message),
            limitException:
                (outcome.kind === 'exception' && /LimitException/.test(outcome.type)) ||
                this.jobs.some((j) => isLimit(j.error))
        };
    }

    /**
     * Runs `fn` (which runs queued async work itself, e.g. `services.runJob`) in a fresh context, as the platform
     * starts an async job: no running frames, fresh statics and limits per job (the `asyncTransaction` hook), an
     * empty async queue that collects what the job enqueues. Returns the job executions it saw (job, finalizer).
     */
    asyncRun(fn: () => void): JobRun[] {
        this.beginTransaction();
        fn();
        return this.jobs;
    }

    /** A fresh transaction on the virtual clock: no frames, fresh statics and limits, empty async queue and logs. */
    private beginTransaction(): void {
        this.session.beginTransaction();
        V.setRuntimeSettings({ now: () => this.now });
        this.jobs = [];
        this.callouts = [];
    }

    /** When the first held delayed Queueable may start (ms on this runtime's clock); null = none held. */
    nextDelayedJobAt(): number | null {
        return this.delayed.length ? Math.min(...this.delayed.map((d) => d.readyAtMs)) : null;
    }

    /**
     * Runs the delayed Queueables whose delay has passed, each its own transaction (as the user who enqueued it),
     * in an otherwise empty transaction — what the platform's async queue does on its own. Null when none is due.
     */
    runDueDelayedJobs(): TxReport | null {
        const at = this.nextDelayedJobAt();
        if (at === null || at > this.now) return null;
        return this.tx('delayed Queueables', '// the async queue: held jobs whose delay has passed\n');
    }

    /**
     * Fires the scheduled jobs (System.schedule) whose CronTrigger.NextFireTime has come, on this runtime's
     * clock: each as its own transaction of a NEW instance of the job's class (no-argument constructor), run as
     * the CronTrigger's owner (the user who scheduled it), in a scheduled context (System.isScheduled, async
     * limits, SchedulableContext.getTriggerId). The platform keeps the scheduled object itself; this runtime
     * keeps only its class, so state set on the instance before scheduling is not carried — the package's jobs
     * hold none outside tests. Then the row moves on: TimesTriggered + 1, PreviousFireTime, NextFireTime (once,
     * however many fire times the clock skipped, e.g. while `npm start` was stopped).
     */
    fireDueScheduledJobs(): TxReport[] {
        const out: TxReport[] = [];
        const classes = this.db.getSide<Map<string, string>>(SCHEDULED_CLASSES) ?? new Map<string, string>();
        const due = this.db
            .rows('CronTrigger')
            .filter((r) => r.get('state') === 'WAITING')
            .filter((r) => {
                const next = r.get('nextfiretime');
                return next instanceof V.ApexDatetime && next.epochMs <= this.now;
            })
            .sort(
                (a, b) =>
                    (a.get('nextfiretime') as V.ApexDatetime).epochMs -
                    (b.get('nextfiretime') as V.ApexDatetime).epochMs
            );
        for (const ct of due) {
            const id = ct.get('id') as V.ApexId;
            const cls = classes.get(id.value);
            const cron = String(ct.get('cronexpression'));
            const detail = this.db.getRow(ct.get('cronjobdetailid') as V.ApexId)?.row;
            const name = String(detail?.get('name') ?? '');
            const owner = (ct.get('ownerid') as V.ApexId | null)?.value ?? this.adminUserId;
            const firedAt = this.now;
            let report: TxReport;
            if (!cls) {
                // scheduled without this runtime seeing the class: nothing to run (reported, never a pass)
                const construct = `a scheduled job whose class is unknown (${name})`;
                report = {
                    label: `scheduled job ${name}`,
                    userId: owner,
                    outcome: { kind: 'unsupported', construct, message: `unsupported: ${construct}` },
                    limits: zeroLimitCounters(),
                    jobs: [],
                    callouts: [],
                    debug: [],
                    limitException: false
                };
            } else {
                this.firing = { id, name, cron, cls };
                try {
                    report = this.tx(`scheduled job ${name}`, `System.schedule('', '', new ${cls}());`, owner);
                } finally {
                    this.firing = null;
                }
                // the class has no no-argument constructor the anonymous code can call: the platform would run the
                // stored object, this runtime cannot make one — unsupported, not a compile error of the user's code
                if (report.outcome.kind === 'compile') {
                    const construct = `firing a scheduled ${cls} without a public no-argument constructor`;
                    report = {
                        ...report,
                        outcome: { kind: 'unsupported', construct, message: `unsupported: ${construct}` }
                    };
                }
            }
            out.push(report);
            const row = this.db.getRow(id)?.row;
            if (!row) continue; // the job unscheduled itself
            const parsed = parseCron(cron);
            const tz = String(row.get('timezonesidkey') ?? 'GMT');
            const next = parsed.ok ? nextFireTime(parsed.cron, Math.max(firedAt, this.now), tz) : null;
            const info = this.db.schema.getObject('CronTrigger')!;
            this.db.updateRow(
                info,
                id.value,
                new Map<string, V.ApexPrimitive>([
                    ['previousfiretime', new V.ApexDatetime(firedAt)],
                    ['nextfiretime', next === null ? null : new V.ApexDatetime(next)],
                    ['timestriggered', V.int(Number(show(row.get('timestriggered')) || 0) + 1)],
                    ['state', next === null ? 'COMPLETE' : 'WAITING']
                ])
            );
            this.db.beginTransaction();
        }
        return out;
    }

    /** The data as JSON text (`saveDatabase`): rows, Id counters, approval state, scheduled jobs' classes. */
    saveState(): string {
        return saveDatabase(this.db);
    }

    /**
     * Replaces the data with saved text. Held delayed Queueables are not saved (they are interpreter objects):
     * their AsyncApexJob rows — every job still Queued/Holding/Preparing/Processing, as nothing runs between
     * transactions — become Aborted, so the package counts no lane that will never run (a kick or the retry job
     * starts new ones). Returns how many were aborted.
     */
    loadState(text: string): number {
        loadDatabase(this.db, text);
        this.delayed = [];
        const info = this.db.schema.getObject('AsyncApexJob');
        let aborted = 0;
        if (!info) return 0;
        for (const r of this.db.rows('AsyncApexJob')) {
            if (!['Queued', 'Holding', 'Preparing', 'Processing'].includes(String(r.get('status')))) continue;
            this.db.updateRow(
                info,
                (r.get('id') as V.ApexId).value,
                new Map<string, V.ApexPrimitive>([
                    ['status', 'Aborted'],
                    ['completeddate', new V.ApexDatetime(this.now)],
                    ['extendedstatus', 'not saved by the local org: it stopped while the job waited']
                ])
            );
            aborted++;
        }
        this.db.beginTransaction();
        return aborted;
    }

    rows(objectName: string): Row[] {
        return this.db.rows(objectName);
    }

    /**
     * The admin's post-install steps, in the documented order: Named Credential URL (the package ships the
     * reserved `.invalid` placeholder, so nothing is sent before this), then — the key is in the credential
     * store — switch sending on (`D365_Sync_Setting__mdt.Default.Enabled__c`, shipped off). Setup edits, not
     * DML: written straight into the seeded rows.
     */
    configureAsAdmin(urls: Record<string, string>): void {
        this.pointNamedCredentials(urls);
        const settings = this.db.rows('D365_Sync_Setting__mdt').find((r) => r.get('developername') === 'Default');
        if (!settings) throw new Error('D365_Sync_Setting__mdt.Default is not in the project');
        settings.set('enabled__c', true);
    }

    /** Named Credential URLs (Setup edits), e.g. to this run's emulator port after a saved org is loaded. */
    pointNamedCredentials(urls: Record<string, string>): void {
        for (const nc of this.db.rows('NamedCredential')) {
            const url = Object.entries(urls).find(
                ([k]) => k.toLowerCase() === String(nc.get('developername')).toLowerCase()
            );
            if (url) nc.set('endpoint', url[1]);
        }
    }

    /**
     * What `npm run setup -- --callout-user` does: the kick trigger's PlatformEventSubscriberConfig (shipped in
     * first-install without a user) names the callout user, and the settings record remembers the username.
     */
    configureCalloutUser(username: string): void {
        const config = (this.db.schema.setup.eventSubscriberConfigs ?? []).find(
            (c) => c.consumer === 'D365SyncKickTrigger'
        );
        if (!config) throw new Error('first-install has no PlatformEventSubscriberConfig for D365SyncKickTrigger');
        config.user = username;
        const settings = this.db.rows('D365_Sync_Setting__mdt').find((r) => r.get('developername') === 'Default');
        if (!settings) throw new Error('D365_Sync_Setting__mdt.Default is not in the project');
        settings.set('callout_user__c', username);
    }
}

/** Display a stored value: Ids 18 chars, datetimes GMT ISO, decimals plain. */
export function show(v: V.ApexPrimitive | undefined): string {
    if (v === null || v === undefined) return '';
    if (v instanceof V.ApexDatetime) return v.toIsoString();
    return V.stringValueOf(v);
}
