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
    permissionSetsGrantPrincipal,
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

export class SandboxRuntime {
    readonly session: Session;
    readonly db: Database;
    readonly metadata: CalloutMetadata;
    private offsetMs = 0;
    /** delayed Queueables waiting on the clock (see the constructor) */
    private delayed: { job: AsyncJob; readyAtMs: number }[] = [];
    private jobs: JobRun[] = [];
    private callouts: RecordedCallout[] = [];

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
        this.session.observeAsyncTransactions(({ name, finalizer }, run) => {
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
        for (const nc of this.db.rows('NamedCredential')) {
            const url = Object.entries(urls).find(
                ([k]) => k.toLowerCase() === String(nc.get('developername')).toLowerCase()
            );
            if (url) nc.set('endpoint', url[1]);
        }
        const settings = this.db.rows('D365_Sync_Setting__mdt').find((r) => r.get('developername') === 'Default');
        if (!settings) throw new Error('D365_Sync_Setting__mdt.Default is not in the project');
        settings.set('enabled__c', true);
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
