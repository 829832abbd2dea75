// Platform services with transaction semantics: Test.*, async (Queueable + Finalizers), HTTP callouts with
// mocks, System.runAs, FeatureManagement. Rules and sources:
//  - Test.startTest/stopTest: fresh limits inside; async calls made after startTest are collected and run
//    synchronously at stopTest (Apex Developer Guide, "Using Limits, startTest, and stopTest"). Each once per test.
//  - HttpCalloutMock: Test.setMock routes callouts to respond(req); with no mock: "Methods defined as TestMethod
//    do not support Web service callouts" ([Obs], APEX-RUNTIME.md §2 #46).
//  - Uncommitted work: DML or an async enqueue before a callout → CalloutException "You have uncommitted work
//    pending. Please commit or rollback before calling out" (Apex Developer Guide, "Performing DML Operations
//    and Mock Callouts"; KB 000385708). DML before Test.startTest with the callout after it is allowed.
//  - Callout from trigger context: "Callout from triggers are currently not supported." ([Obs], §2 #48).
//  - Queueable: 50 enqueueJob per sync transaction, 1 from a running job; chaining in tests →
//    System.AsyncException "Maximum stack depth has been reached." (Queueable Apex docs; [Obs] SE 313498).
import * as V from '../values';
import type { Interpreter } from '../interp/interpreter';
import { registerNative, type NativeFn } from '../interp/natives';
import { ApexObject, NativeObject, TypeValue, typeToString, EnumValue, ClassInfo } from '../interp/types';
import type { MethodDecl } from '../frontend/ast';
import type { SchemaRegistry } from '../schema/registry';
import { ApexThrow } from '../interp/exceptions';
import { ApexList, ApexMap, ApexSet } from '../collections';
import { ASYNC_LIMITS, QUEUEABLE_LIMITS } from '../limits/limits';
import { deliverEvents } from './events';
import { nextFireTime, parseCron } from './cron';
import { arity, str, jsInt } from './core';
import { setCurrentPage } from './pages';
import { loadDocument, newDocument } from './dom';
import { snapshotJob, snapshotQueueable } from './job-snapshot';

export interface AsyncJob {
    id: V.ApexId;
    job: ApexObject;
    kind: 'queueable' | 'future';
    /** @future: the method and its arguments (job is then unused) */
    future?: { owner: ClassInfo; method: MethodDecl; args: unknown[]; callout: boolean };
    finalizer: ApexObject | null;
    status: 'Queued' | 'Completed' | 'Failed' | 'Aborted';
    /** 1 for a job enqueued by a synchronous transaction, parent + 1 when chained */
    depth: number;
    /** AsyncOptions.MaximumQueueableStackDepth (inherited by chained jobs), null = no maximum */
    maxDepth: number | null;
    /** AsyncOptions.MinimumQueueableDelayInMinutes (outside tests only): the job starts no earlier than this */
    delayMinutes?: number;
    /** a phase of a batch job (start/execute/finish) */
    batch?: boolean;
    /** the Finalizer of this job is running */
    inFinalizer?: boolean;
    /** the user whose transaction enqueued the job: the job and its Finalizer run as this user */
    userId?: string;
    /** AsyncOptions.DuplicateSignature (its parts), compared at enqueue time */
    signature?: string;
}

export interface TestState {
    running: boolean;
    startCalled: boolean;
    stopCalled: boolean;
    inStartStop: boolean;
    httpMock: ApexObject | null;
    /** jobs collected for stopTest (tests) or end of transaction (anonymous run) */
    queue: AsyncJob[];
    /** jobs enqueued outside startTest/stopTest in a test: recorded, never run */
    notRun: AsyncJob[];
    jobs: AsyncJob[];
    scheduled: { id: V.ApexId; name: string; cron: string; job: ApexObject }[];
    scheduledToRun: { id: V.ApexId; name: string; cron: string; job: ApexObject }[];
    batches: { id: V.ApexId; job: ApexObject; scope: number; ran: boolean }[];
    batchQueue: { id: V.ApexId; job: ApexObject; scope: number; ran: boolean }[];
    /** Test.setFixedSearchResults ids (18-char) for the SOSL queries that follow; null = not set */
    fixedSearchIds: string[] | null;
    /** FeatureManagement.setPackage*Value in this test (lower-case name → value); a test's DML is rolled back */
    featureValues: Map<string, unknown>;
}

export interface RunningUser {
    id: V.ApexId;
    username: string;
    name: string;
    orgId: V.ApexId;
    customPermissions: Set<string>;
    isDefault: boolean;
}

export function newTestState(running: boolean): TestState {
    return {
        running,
        startCalled: false,
        stopCalled: false,
        inStartStop: false,
        httpMock: null,
        queue: [],
        notRun: [],
        jobs: [],
        scheduled: [],
        scheduledToRun: [],
        batches: [],
        batchQueue: [],
        fixedSearchIds: null,
        featureValues: new Map()
    };
}

export function defaultUser(): RunningUser {
    return {
        id: new V.ApexId('0055h0000000001'),
        username: 'apex-runtime-user@example.invalid',
        name: 'Apex Runtime User',
        orgId: new V.ApexId('00D5h0000000001'),
        customPermissions: new Set(),
        isDefault: true
    };
}

function cls(it: Interpreter, o: unknown, iface: string): boolean {
    return o instanceof ApexObject && o.cls.isSubclassOf(it.builtinInterface(iface));
}

export function installServices(it: Interpreter): void {
    const s = it.services;
    s.test = newTestState(false);
    s.user = () => s.currentUser ?? (s.currentUser = defaultUser());
    s.asyncStack = [] as AsyncJob[];
    s.asyncKind = () => (s.asyncStack.length ? (s.asyncStack[s.asyncStack.length - 1] as AsyncJob).kind : null);

    // @future (Apex Developer Guide, "Future Methods"): static void, primitive arguments (or collections of
    // them), at most 50 per transaction, none from a future or batch context; callout=true allows callouts.
    s.enqueueFuture = (it2: Interpreter, owner: ClassInfo, m: MethodDecl, args: unknown[]) => {
        if (!m.modifiers.includes('static') || m.returnType)
            it2.compileError('Future methods must be static and return void');
        const current: AsyncJob | undefined = s.asyncStack[s.asyncStack.length - 1];
        if (current?.kind === 'future' || current?.batch)
            it2.throwApex(
                'AsyncException',
                'Future method cannot be called from a future or batch method: ' + `${owner.name}.${m.name}`
            );
        for (const a of args)
            if (
                a instanceof ApexObject ||
                (a !== null &&
                    typeof a === 'object' &&
                    'kind' in (a as object) &&
                    (a as { kind: string }).kind === 'SObject')
            )
                it2.compileError('Unsupported parameter type for a future method');
        it2.tx.limits.future();
        const ann = m.annotations.find((x) => x.name.toLowerCase() === 'future')!;
        const rec: AsyncJob = {
            id: s.recordAsyncJob?.('Future', owner.topLevel.name, m.name) ?? it.ctx.ids.next('707'),
            job: null as unknown as ApexObject,
            kind: 'future',
            future: { owner, method: m, args, callout: ann.params.callout === true },
            userId: s.currentUserId?.(),
            finalizer: null,
            status: 'Queued',
            depth: 1,
            maxDepth: null
        };
        const t: TestState = s.test;
        t.jobs.push(rec);
        if (t.running && !t.inStartStop) t.notRun.push(rec);
        else t.queue.push(rec);
    };

    s.enqueueJob = (it2: Interpreter, args: unknown[]) => {
        arity(it2, args, 1, 2, 3);
        const job = args[0];
        if (job === null) it2.npe();
        if (!cls(it2, job, 'Queueable'))
            it2.compileError(`System.enqueueJob requires a Queueable, got ${it2.typeOf(job)}`);
        let maxDepth: number | null = null;
        let delayMinutes: number | undefined;
        let signature: string | undefined;
        const t0: TestState = s.test;
        if (args.length > 1) {
            const o = args[1];
            if (!(o instanceof NativeObject) || o.cls !== 'AsyncOptions')
                return it2.unsupported('System.enqueueJob with a delay');
            if (o.state.minimumqueueabledelayinminutes !== null) {
                // Outside tests the delay is kept on the job for a host that schedules on a clock (the drain bench);
                // how a delayed job behaves at Test.stopTest() is not documented, so a test gets Unsupported.
                // AsyncOptions Class: "Minimum queueable delay" in minutes; System.enqueueJob(queueable, delay):
                // 0–10 minutes (values outside are not modelled).
                const d = jsInt(it2, o.state.minimumqueueabledelayinminutes);
                if (t0.running) return it2.unsupported('AsyncOptions.MinimumQueueableDelayInMinutes in an Apex test');
                if (d < 0 || d > 10)
                    return it2.unsupported(`AsyncOptions.MinimumQueueableDelayInMinutes outside 0–10 (${d})`);
                delayMinutes = d;
            }
            const sig = o.state.duplicatesignature;
            if (sig !== null) {
                if (!(sig instanceof NativeObject) || sig.cls !== 'QueueableDuplicateSignature')
                    return it2.unsupported('AsyncOptions.DuplicateSignature that is not a built signature');
                signature = sig.state.key as string;
            }
            if (o.state.maximumqueueablestackdepth !== null) maxDepth = jsInt(it2, o.state.maximumqueueablestackdepth);
        }
        const t: TestState = s.test;
        const parent: AsyncJob | undefined = s.asyncStack[s.asyncStack.length - 1];
        if (t.running && parent?.kind === 'queueable')
            it2.throwApex('AsyncException', 'Maximum stack depth has been reached.');
        const depth = parent ? parent.depth + 1 : 1;
        const max = maxDepth ?? parent?.maxDepth ?? null;
        if (max !== null && depth > max) it2.throwApex('AsyncException', 'Maximum stack depth has been reached.');
        // "Detecting Duplicate Queueable Jobs": a job whose signature matches one already in the processing queue
        // (queued, or running) gets DuplicateMessageException with the message of the Builder class's example.
        if (
            signature !== undefined &&
            (t.jobs.some((j) => j.signature === signature && j.status === 'Queued') ||
                (s.asyncStack as AsyncJob[]).some((j) => j.signature === signature))
        )
            it2.throwApex('DuplicateMessageException', 'Attempt to enqueue job with duplicate queueable signature');
        // the org runs the state serialized at this call (job-snapshot.ts)
        const queued = snapshotQueueable(it2, job as ApexObject);
        it2.tx.limits.queueable();
        const rec: AsyncJob = {
            id: s.recordAsyncJob?.('Queueable', (job as ApexObject).cls.topLevel.name, null) ?? it.ctx.ids.next('707'),
            job: queued,
            kind: 'queueable',
            userId: s.currentUserId?.(),
            finalizer: null,
            status: 'Queued',
            depth,
            maxDepth: max,
            ...(delayMinutes ? { delayMinutes } : {}),
            ...(signature !== undefined ? { signature } : {})
        };
        t.jobs.push(rec);
        if (t.running && !t.inStartStop) t.notRun.push(rec);
        else t.queue.push(rec);
        return rec.id;
    };

    s.attachFinalizer = (it2: Interpreter, args: unknown[]) => {
        arity(it2, args, 1);
        const job: AsyncJob | undefined = s.asyncStack[s.asyncStack.length - 1];
        // messages: Apex Developer Guide, "Transaction Finalizers Error Messages" (the exception type is not stated
        // there; AsyncException is this runtime's choice)
        if (!job || job.kind !== 'queueable' || job.batch || job.inFinalizer)
            it2.throwApex('AsyncException', 'System.attachFinalizer(Finalizer) is not allowed in this context');
        if (args[0] === null) it2.throwApex('AsyncException', 'Argument cannot be null');
        if (!cls(it2, args[0], 'Finalizer'))
            it2.compileError(`Class ${it2.typeOf(args[0])} must implement the Finalizer interface`);
        if (job.finalizer)
            it2.throwApex('AsyncException', 'More than one Finalizer cannot be attached to same Async Apex Job');
        job.finalizer = args[0] as ApexObject;
        return null;
    };

    const asyncTx = <T>(fn: () => T): T => (s.asyncTransaction ?? (<U>(f: () => U) => f()))(fn);
    /**
     * Runs one async execution as its own transaction. When it ends in an exception, its DML is rolled back (by
     * `asyncTransaction`) and the async work it requested is dropped: enqueued jobs, @future calls and batches are
     * committed with the transaction that requested them (Queueable Apex; Transaction Finalizers).
     */
    const asyncExecution = <T>(fn: () => T): T => {
        const t: TestState = s.test;
        const mark = [t.queue.length, t.batchQueue.length, t.scheduledToRun.length];
        try {
            return asyncTx(fn);
        } catch (e) {
            t.queue.splice(mark[0]);
            t.batchQueue.splice(mark[1]);
            t.scheduledToRun.splice(mark[2]);
            throw e;
        }
    };
    s.asyncExecution = asyncExecution;

    // A queueable or @future job (and its Finalizer) runs as the user whose transaction enqueued it, not as
    // whoever is running when it starts (Apex Developer Guide, "Queueable Apex" / "Transaction Finalizers";
    // docs/apex-runtime.md): so a callout from the job uses that user's External Credential principal access.
    s.runJob = (it2: Interpreter, job: AsyncJob) => {
        const asUser = s.asUser;
        if (job.userId && asUser) return asUser(job.userId, () => runJobBody(it2, job));
        return runJobBody(it2, job);
    };

    const runJobBody = (it2: Interpreter, job: AsyncJob) => {
        const limits = it2.tx.limits;
        const savedWork = limits.uncommittedWork;
        // limits table: future calls are 0 from a future context, 50 from a queueable (Execution Governors and Limits)
        limits.push(job.kind === 'future' ? ASYNC_LIMITS : QUEUEABLE_LIMITS);
        limits.uncommittedWork = false;
        s.asyncStack.push(job);
        let failure: ApexThrow | null = null;
        try {
            const tx = asyncExecution;
            if (job.future) tx(() => it2.invoke(job.future!.owner, job.future!.method, null, job.future!.args, true));
            else
                tx(() =>
                    it2.callObjectMethod(
                        job.job,
                        'execute',
                        [new NativeObject('QueueableContext', { jobId: job.id })],
                        it2.curLine
                    )
                );
            job.status = 'Completed';
            s.updateAsyncJob?.(job.id, 'Completed', null);
        } catch (e) {
            const x = it2.toApexThrow(e);
            if (!(x instanceof ApexThrow)) throw x;
            job.status = 'Failed';
            s.updateAsyncJob?.(job.id, 'Failed', `${x.value.cls.apexName}: ${x.value.exc?.message ?? ''}`);
            failure = x;
        } finally {
            s.asyncStack.pop();
            limits.pop();
            limits.uncommittedWork = savedWork;
        }
        if (job.finalizer) {
            limits.push(ASYNC_LIMITS);
            limits.uncommittedWork = false;
            try {
                const fctx = new NativeObject('FinalizerContext', {
                    jobId: job.id,
                    result: new EnumValue(
                        'System.ParentJobResult',
                        failure ? 'UNHANDLED_EXCEPTION' : 'SUCCESS',
                        failure ? 1 : 0
                    ),
                    exception: failure ? failure.value : null
                });
                s.asyncStack.push({ ...job, finalizer: null, inFinalizer: true });
                const fin = job.finalizer;
                asyncExecution(() => it2.callObjectMethod(fin, 'execute', [fctx], it2.curLine));
            } finally {
                s.asyncStack.pop();
                limits.pop();
            }
        }
        // The Finalizer runs, and the job's exception still reaches the test: it surfaces from Test.stopTest() even
        // when a Finalizer is attached (not stated in "Transaction Finalizers"; observed in public suites that catch
        // the job's message around stopTest with a Finalizer attached, and salesforce.stackexchange.com q. 365995).
        if (failure) throw failure;
    };

    s.schedule = (it2: Interpreter, args: unknown[]) => {
        arity(it2, args, 3);
        const [name, cron, job] = args;
        if (!cls(it2, job, 'Schedulable')) it2.compileError('System.schedule requires a Schedulable');
        const expr = str(it2, cron).trim().split(/\s+/);
        if (expr.length < 6 || expr.length > 7) it2.throwApex('StringException', `Unexpected end of expression.`);
        const parsed = parseCron(str(it2, cron));
        if (!parsed.ok) return it2.unsupported(parsed.unsupported);
        // "The System.Schedule method uses the user's timezone for the basis of all schedules" (Apex Scheduler)
        const nextFire = nextFireTime(parsed.cron, V.runtimeSettings().now(), V.runtimeSettings().timeZone);
        if (nextFire === null)
            return it2.unsupported(`System.schedule with a cron expression that never fires ("${str(it2, cron)}")`);
        const t: TestState = s.test;
        if (
            s.cronJobNamed
                ? s.cronJobNamed(str(it2, name))
                : t.scheduled.some((x: { name: string }) => x.name === str(it2, name))
        )
            it2.throwApex(
                'AsyncException',
                `The Apex job named "${str(it2, name)}" is already scheduled for execution.`
            );
        // the scheduled job runs the instance serialized here (job-snapshot.ts), not the caller's object
        const scheduled = snapshotJob(it2, job as ApexObject, 'System.schedule of a Schedulable');
        const rec = {
            id:
                (s.recordCronTrigger?.(str(it2, name), str(it2, cron), nextFire) as V.ApexId | undefined) ??
                it.ctx.ids.next('08e'),
            name: str(it2, name),
            cron: str(it2, cron),
            job: scheduled
        };
        t.scheduled.push(rec);
        // In tests a job scheduled between startTest and stopTest runs once at stopTest ("Testing the Apex
        // Scheduler"); otherwise it is only recorded (cron timing is not simulated).
        if (t.running && t.inStartStop) t.scheduledToRun.push(rec);
        return rec.id;
    };

    // System.abortJob (Apex Reference, System class: "Stops the specified job"; Salesforce Help 000385103: pass the
    // AsyncApexJob Id for batch, future and queueable jobs, the CronTrigger Id for scheduled jobs). A scheduled job
    // is unscheduled: its CronTrigger/CronJobDetail rows disappear from queries and its name can be reused
    // (unverified: the docs only say the job stops). A job that has not run yet is dropped and its AsyncApexJob
    // row becomes Aborted. Any other Id (unknown, already run, running) is unsupported: the result is not documented.
    s.abortJob = (it2: Interpreter, args: unknown[]) => {
        arity(it2, args, 1);
        const raw = args[0];
        if (raw === null || raw === undefined) return it2.unsupported('System.abortJob(null)');
        let id: V.ApexId;
        try {
            id = raw instanceof V.ApexId ? raw : new V.ApexId(String(raw));
        } catch {
            return it2.unsupported('System.abortJob with an invalid Id');
        }
        const t: TestState = s.test;
        const si = t.scheduled.findIndex((x) => x.id.value === id.value);
        if (si >= 0) {
            const [rec] = t.scheduled.splice(si, 1);
            const ri = t.scheduledToRun.indexOf(rec);
            if (ri >= 0) t.scheduledToRun.splice(ri, 1);
            s.removeCronTrigger?.(rec.id);
            return null;
        }
        // a job scheduled in an earlier transaction of this run (e.g. @TestSetup): its CronTrigger row is all there is
        if (s.removeCronTrigger?.(id)) return null;
        const dropFrom = <T extends { id: V.ApexId }>(list: T[]): boolean => {
            const i = list.findIndex((x) => x.id.value === id.value);
            if (i < 0) return false;
            list.splice(i, 1);
            return true;
        };
        const job = t.jobs.find((j) => j.id.value === id.value && j.status === 'Queued');
        const batch = t.batches.find((b) => b.id.value === id.value && !b.ran);
        if (job && (dropFrom(t.queue) || dropFrom(t.notRun))) {
            job.status = 'Aborted';
            s.updateAsyncJob?.(job.id, 'Aborted', null, 0, 0);
            return null;
        }
        if (batch && dropFrom(t.batchQueue)) {
            t.batches.splice(t.batches.indexOf(batch), 1);
            s.updateAsyncJob?.(batch.id, 'Aborted', null, 0, 0);
            return null;
        }
        return it2.unsupported('System.abortJob of a job that is not scheduled or queued in this run');
    };

    // Batch Apex (Apex Developer Guide, "Using Batch Apex" / "Testing Batch Apex"): in a test only one execute()
    // may run; start() returning more records than the scope gives System.UnexpectedException (KB 000386014).
    s.executeBatch = (it2: Interpreter, args: unknown[]) => {
        arity(it2, args, 1, 2);
        const job = args[0];
        if (!cls(it2, job, 'Database.Batchable'))
            it2.compileError('Database.executeBatch requires a Database.Batchable');
        const scope = args.length > 1 ? jsInt(it2, args[1]) : 200;
        if (scope < 1 || scope > 2000)
            it2.throwApex('InvalidParameterValueException', `Scope size must be between 1 and 2000: ${scope}`);
        const t: TestState = s.test;
        const current: AsyncJob | undefined = s.asyncStack[s.asyncStack.length - 1];
        if (t.running && t.batches.some((b) => b.ran)) it2.unsupported('chained batch jobs in a test');
        // the job runs the state serialized here (job-snapshot.ts); runBatch restores it for each transaction
        const queued = snapshotJob(it2, job as ApexObject, 'Database.executeBatch of a batch job');
        it2.tx.limits.uncommittedWork = true;
        const rec = {
            id:
                (s.recordAsyncJob?.('BatchApex', (job as ApexObject).cls.topLevel.name, null) as
                    V.ApexId | undefined) ?? it.ctx.ids.next('707'),
            job: queued,
            scope,
            ran: false,
            fromAsync: !!current
        };
        t.batches.push(rec);
        if (t.running && !t.inStartStop) return rec.id;
        t.batchQueue.push(rec);
        return rec.id;
    };
    s.runBatch = (it2: Interpreter, b: { id: V.ApexId; job: ApexObject; scope: number; ran: boolean }) => {
        const t: TestState = s.test;
        b.ran = true;
        const limits = it2.tx.limits;
        const ctx = new NativeObject('Database.BatchableContext', { jobId: b.id });
        // "Using State in Batch Apex": start, each execute and finish are separate transactions. Without
        // Database.Stateful each one starts from the state serialized at executeBatch ("set back to their original
        // values"); with it the instance state is serialized after each one and carried to the next.
        const stateful = cls(it2, b.job, 'Database.Stateful');
        let state: ApexObject = b.job;
        const stateFor = (): ApexObject =>
            stateful ? state : snapshotJob(it2, b.job, 'Database.executeBatch of a batch job');
        const carry = (used: ApexObject) => {
            if (stateful) state = snapshotJob(it2, used, 'a Database.Stateful batch job between its transactions');
        };
        const phase = <T>(fn: () => T): T => {
            limits.push({ ...ASYNC_LIMITS, futureCalls: 0 });
            limits.uncommittedWork = false;
            s.asyncStack.push({
                id: b.id,
                job: b.job,
                kind: 'queueable',
                finalizer: null,
                status: 'Queued',
                depth: 1,
                maxDepth: null,
                batch: true
            });
            try {
                return asyncExecution(fn);
            } finally {
                s.asyncStack.pop();
                limits.pop();
            }
        };
        const errorText = (e: unknown): string | null => {
            const x = it2.toApexThrow(e);
            return x instanceof ApexThrow ? `${x.value.cls.apexName}: ${x.value.exc?.message ?? ''}` : null;
        };
        let started: unknown;
        try {
            const job = stateFor();
            started = phase(() => it2.callObjectMethod(job, 'start', [ctx], it2.curLine));
            carry(job);
        } catch (e) {
            const msg = errorText(e);
            if (msg !== null) s.updateAsyncJob?.(b.id, 'Failed', msg, 0);
            throw e;
        }
        let records: unknown[];
        if (started instanceof NativeObject && started.cls === 'Database.QueryLocator')
            records = started.state.records as unknown[];
        else if (started instanceof ApexList) records = started.items;
        else return it2.unsupported(`Batchable.start returning ${it2.typeOf(started)}`);
        const chunks: unknown[][] = [];
        for (let i = 0; i < records.length; i += b.scope) chunks.push(records.slice(i, i + b.scope));
        if (t.running && chunks.length > 1)
            it2.throwApex(
                'UnexpectedException',
                'No more than one executeBatch can be called from within a testmethod. Please make sure the iterable returned from your start method matches the batch size, resulting in one executeBatch invocation.'
            );
        // Using Batch Apex: each execute() is its own transaction; a failed one is rolled back without undoing the
        // others, the job goes on and finish() still runs. AsyncApexJob: NumberOfErrors = failed batches,
        // ExtendedStatus = the first error. The first failure is rethrown afterwards (from Test.stopTest()).
        let firstFailure: unknown = null;
        let firstMessage: string | null = null;
        let errors = 0;
        for (const c of chunks) {
            const job = stateFor();
            try {
                phase(() => it2.callObjectMethod(job, 'execute', [ctx, new ApexList({ k: 'any' }, c)], it2.curLine));
                carry(job);
            } catch (e) {
                const msg = errorText(e);
                if (msg === null) throw e;
                // whether a failed execute() still saves the Stateful state it changed is not documented
                if (stateful)
                    it2.unsupported('a Database.Stateful batch job going on after a failed execute() (its state then)');
                errors++;
                if (firstFailure === null) {
                    firstFailure = e;
                    firstMessage = msg;
                }
            }
        }
        try {
            const job = stateFor();
            phase(() => it2.callObjectMethod(job, 'finish', [ctx], it2.curLine));
        } finally {
            s.updateAsyncJob?.(b.id, 'Completed', firstMessage, chunks.length, errors);
        }
        if (firstFailure !== null) throw firstFailure;
    };

    s.drainAsync = (it2: Interpreter) => {
        const t: TestState = s.test;
        while (t.scheduledToRun.length) {
            const sj = t.scheduledToRun.shift()!;
            const limits = it2.tx.limits;
            limits.push(ASYNC_LIMITS);
            limits.uncommittedWork = false;
            s.scheduledDepth = (s.scheduledDepth ?? 0) + 1;
            try {
                asyncExecution(() =>
                    it2.callObjectMethod(
                        sj.job,
                        'execute',
                        [new NativeObject('SchedulableContext', { triggerId: sj.id })],
                        it2.curLine
                    )
                );
            } finally {
                s.scheduledDepth--;
                limits.pop();
            }
        }
        // Every queued job is its own transaction: one failing does not stop the others. The first failure is
        // rethrown after all have run (it surfaces from Test.stopTest(), as before).
        let first: unknown = null;
        const atStopTest = t.running;
        do {
            while (t.queue.length || t.batchQueue.length) {
                try {
                    if (t.queue.length && t.queue[0].delayMinutes) {
                        // run now, the job would start before the platform lets it: a host with a clock holds it
                        // (`holdDelayedJob`: the sandbox) or schedules it (the drain bench has its own drainAsync)
                        const hold = s.holdDelayedJob;
                        if (!hold)
                            return it2.unsupported(
                                'a delayed Queueable (AsyncOptions.MinimumQueueableDelayInMinutes) run without a clock'
                            );
                        hold(t.queue.shift()!);
                        continue;
                    }
                    if (t.queue.length) s.runJob(it2, t.queue.shift()!);
                    else s.runBatch(it2, t.batchQueue.shift()!);
                } catch (e) {
                    if (!(it2.toApexThrow(e) instanceof ApexThrow)) throw e;
                    first ??= e;
                }
            }
            // platform events queued in this transaction (or by the jobs above) are delivered after them
        } while (deliverEvents(it2, atStopTest));
        if (first) throw first;
    };

    s.httpSend = (it2: Interpreter, req: NativeObject): NativeObject => {
        const limits = it2.tx.limits;
        const current: AsyncJob | undefined = s.asyncStack[s.asyncStack.length - 1];
        if (it2.tx.triggerDepth > 0 && !current)
            it2.throwApex('CalloutException', 'Callout from triggers are currently not supported.');
        if (current && (current.future ? !current.future.callout : !cls(it2, current.job, 'Database.AllowsCallouts')))
            it2.throwApex(
                'CalloutException',
                'Callout not allowed from this future method. Please enable callout by annotating the future method. eg: @Future(callout=true)'
            );
        // whether an email sent earlier in the transaction blocks a callout is not documented
        if (limits.emailInvocations > 0)
            it2.unsupported('HTTP callout after Messaging.sendEmail in the same transaction');
        // nor whether publishing a platform event does
        if (limits.eventPublishes > 0) it2.unsupported('HTTP callout after EventBus.publish in the same transaction');
        // a released savepoint no longer blocks a callout, DML still does: the two are not told apart here
        if (limits.uncommittedWork && limits.savepointReleased)
            it2.unsupported('HTTP callout after Database.releaseSavepoint with work pending in the transaction');
        if (limits.uncommittedWork)
            it2.throwApex(
                'CalloutException',
                'You have uncommitted work pending. Please commit or rollback before calling out'
            );
        const endpoint = req.state.endpoint as string | null;
        if (!endpoint) it2.throwApex('CalloutException', 'Endpoint URL is not set');
        limits.callout();
        const t: TestState = s.test;
        if (!t.running)
            return s.calloutTransport // opt-in transport outside tests (src/callouts)
                ? s.calloutTransport(it2, req)
                : it2.unsupported('HTTP callout outside a test (no network in the local runtime)');
        if (!t.httpMock)
            it2.throwApex('CalloutException', 'Methods defined as TestMethod do not support Web service callouts');
        const res = it2.callObjectMethod(t.httpMock, 'respond', [req], it2.curLine);
        if (!(res instanceof NativeObject) || res.cls !== 'HttpResponse') {
            if (res === null) it2.npe();
            it2.compileError('HttpCalloutMock.respond must return an HttpResponse');
        }
        return res as NativeObject;
    };

    s.runAs = (it2: Interpreter, args: unknown[], body: () => void) => {
        const toUser = s.userFromRecord;
        if (!toUser) return it2.unsupported('System.runAs (needs the User/PermissionSet model of the data layer)');
        if (args.length !== 1) it2.unsupported('System.runAs(Version)');
        const saved = s.currentUser;
        s.currentUser = toUser(it2, args[0]);
        try {
            body();
        } finally {
            s.currentUser = saved;
        }
    };
}

// ---------------------------------------------------------------- Test
const testClass: Record<string, NativeFn> = {
    isrunningtest: (it) => !!it.services.test?.running,
    starttest: (it) => {
        const t: TestState = it.services.test;
        if (!t.running) it.unsupported('Test.startTest outside a test');
        if (t.startCalled) it.throwApex('FinalException', 'Testing already started');
        t.startCalled = true;
        t.inStartStop = true;
        it.tx.limits.push();
        it.tx.limits.uncommittedWork = false;
        return null;
    },
    stoptest: (it) => {
        const t: TestState = it.services.test;
        if (!t.running) it.unsupported('Test.stopTest outside a test');
        if (t.stopCalled) it.throwApex('FinalException', 'Testing already stopped');
        t.stopCalled = true;
        if (!t.startCalled) {
            // stopTest without startTest: no separate context to close (verify)
            return null;
        }
        t.inStartStop = false;
        try {
            it.services.drainAsync(it);
        } finally {
            it.tx.limits.pop();
        }
        return null;
    },
    setmock: (it, args) => {
        arity(it, args, 2);
        const t = args[0];
        if (!(t instanceof TypeValue)) return it.compileError('Test.setMock expects a Type');
        const name = typeToString(t.t).toLowerCase();
        if (name !== 'httpcalloutmock') return it.unsupported(`Test.setMock(${typeToString(t.t)})`);
        if (args[1] !== null && !cls(it, args[1], 'HttpCalloutMock'))
            it.compileError('mock does not implement HttpCalloutMock');
        it.services.test.httpMock = args[1] as ApexObject | null;
        return null;
    },
    getstandardpricebookid: (it) => {
        const id = it.services.standardPricebookId?.() as string | undefined;
        if (!id) return it.unsupported('Test.getStandardPricebookId');
        return new V.ApexId(id);
    },
    // Apex Developer Guide "Adding SOSL Queries to Unit Tests": the Ids become the result of every subsequent SOSL
    // query in the test method (each RETURNING item's WHERE/LIMIT still applies — src/soql/sosl.ts).
    setfixedsearchresults: (it, args) => {
        arity(it, args, 1);
        if (!it.services.test?.running) return it.unsupported('Test.setFixedSearchResults outside a test');
        const list = args[0];
        if (list === null) {
            it.services.test.fixedSearchIds = null;
            return null;
        }
        if (!(list instanceof ApexList)) return it.compileError('Test.setFixedSearchResults expects a List<Id>');
        it.services.test.fixedSearchIds = list.items.map((x) => {
            if (x instanceof V.ApexId) return x.value;
            if (typeof x === 'string') {
                try {
                    return new V.ApexId(x).value;
                } catch {
                    return it.throwApex('StringException', `Invalid id: ${x}`);
                }
            }
            return it.compileError('Test.setFixedSearchResults expects a List<Id>');
        });
        return null;
    },
    loaddata: (it) => it.unsupported('Test.loadData'),
    createstub: (it, args) => {
        arity(it, args, 2);
        const t = args[0];
        if (!cls(it, args[1], 'StubProvider')) it.compileError('Test.createStub requires a System.StubProvider');
        // Apex Developer Guide, "Apex Stub API Limitations": these can't be mocked. The platform's error for them
        // is not documented, so they are unsupported rather than a guessed exception.
        const refused = (what: string) =>
            it.unsupported(
                `Test.createStub of ${what} (the Stub API cannot mock it; the platform's error is not documented)`
            );
        if (!(it.services.test as TestState).running) return it.unsupported('Test.createStub outside a test');
        if (!(t instanceof TypeValue) || t.t.k !== 'class' || t.t.cls.builtin)
            return refused('a system type or an sObject');
        const c = t.t.cls;
        if (c.outer) return refused(`the inner class ${c.name}`);
        if (c.isSubclassOf(it.builtinInterface('Database.Batchable')))
            return refused(`${c.name}, which implements Database.Batchable`);
        const ctors = c.decl?.ctors ?? [];
        if (ctors.length && ctors.every((m) => m.modifiers.includes('private')))
            return refused(`${c.name}, which has only private constructors`);
        const o = new ApexObject(c);
        o.stub = args[1] as ApexObject;
        return o;
    },
    setcreateddate: (it, args) => {
        arity(it, args, 2);
        if (!it.services.setCreatedDate) return it.unsupported('Test.setCreatedDate');
        if (args[0] === null || args[1] === null) return it.npe();
        it.services.setCreatedDate(args[0] as V.ApexId, args[1] as V.ApexDatetime);
        return null;
    },
    enqueuebatchjobs: (it) => it.unsupported('Test.enqueueBatchJobs'),
    geteventbus: (it, args) => {
        arity(it, args, 0);
        if (!it.services.test?.running) return it.unsupported('Test.getEventBus outside a test');
        return new NativeObject('EventBus.TestBroker', {});
    },
    testinstall: (it) => it.unsupported('Test.testInstall'),
    setcurrentpage: (it, args) => setCurrentPage(it, args)
};
registerNative({ name: 'Test', statics: testClass }, 'system.test');

// ---------------------------------------------------------------- Queueable / Finalizer contexts
registerNative(
    { name: 'SchedulableContext', methods: { gettriggerid: (it, _a, self) => (self as NativeObject).state.triggerId } },
    'system.schedulablecontext'
);
registerNative(
    {
        name: 'AsyncInfo',
        statics: {
            getcurrentqueueablestackdepth: (it) => {
                const j: AsyncJob | undefined = it.services.asyncStack[it.services.asyncStack.length - 1];
                return V.int(j ? j.depth : 0);
            },
            getmaximumqueueablestackdepth: (it) => {
                const j: AsyncJob | undefined = it.services.asyncStack[it.services.asyncStack.length - 1];
                return j && j.maxDepth !== null ? V.int(j.maxDepth) : null;
            },
            hasmaxstackdepth: (it) => {
                const j: AsyncJob | undefined = it.services.asyncStack[it.services.asyncStack.length - 1];
                return !!j && j.maxDepth !== null;
            }
        }
    },
    'system.asyncinfo'
);
registerNative(
    { name: 'QueueableContext', methods: { getjobid: (it, _a, self) => (self as NativeObject).state.jobId } },
    'system.queueablecontext'
);
registerNative(
    {
        name: 'FinalizerContext',
        methods: {
            getasyncapexjobid: (it, _a, self) => (self as NativeObject).state.jobId,
            getresult: (it, _a, self) => (self as NativeObject).state.result,
            getexception: (it, _a, self) => (self as NativeObject).state.exception,
            getrequestid: (it) => it.unsupported('FinalizerContext.getRequestId')
        }
    },
    'system.finalizercontext'
);
registerNative(
    {
        name: 'ParentJobResult',
        staticProps: {
            success: () => new EnumValue('System.ParentJobResult', 'SUCCESS', 0),
            unhandled_exception: () => new EnumValue('System.ParentJobResult', 'UNHANDLED_EXCEPTION', 1)
        }
    },
    'system.parentjobresult'
);

// ---------------------------------------------------------------- HTTP
type St = Record<string, unknown>;
const st = (o: unknown): St => (o as NativeObject).state;
const headersOf = (o: unknown): Map<string, [string, string]> => st(o).headers as Map<string, [string, string]>;
const httpCommon = (kind: string): Record<string, NativeFn> => ({
    setbody: (it, a, self) => {
        st(self).body = a[0] === null ? null : str(it, a[0]);
        return null;
    },
    getbody: (it, _a, self) => st(self).body ?? (kind === 'HttpResponse' ? '' : ''),
    setheader: (it, a, self) => {
        arity(it, a, 2);
        const k = str(it, a[0]);
        headersOf(self).set(k.toLowerCase(), [k, a[1] === null ? (null as unknown as string) : str(it, a[1])]);
        return null;
    },
    getheader: (it, a, self) => headersOf(self).get(str(it, a[0]).toLowerCase())?.[1] ?? null,
    getbodyasblob: (it, _a, self) =>
        st(self).body === null || st(self).body === undefined ? null : V.ApexBlob.valueOf(st(self).body as string),
    setbodyasblob: (it, a, self) => {
        const b = a[0] as V.ApexBlob | null;
        st(self).body = b === null ? null : Buffer.from(b.bytes).toString('utf8');
        return null;
    }
});
registerNative(
    {
        name: 'HttpRequest',
        ctor: () =>
            new NativeObject('HttpRequest', {
                endpoint: null,
                method: null,
                body: null,
                timeout: 10000,
                headers: new Map(),
                compressed: false
            }),
        methods: {
            ...httpCommon('HttpRequest'),
            setendpoint: (it, a, self) => {
                st(self).endpoint = str(it, a[0]);
                return null;
            },
            getendpoint: (it, _a, self) => st(self).endpoint,
            setmethod: (it, a, self) => {
                st(self).method = str(it, a[0]);
                return null;
            },
            getmethod: (it, _a, self) => st(self).method,
            settimeout: (it, a, self) => {
                const ms = jsInt(it, a[0]);
                if (ms < 1 || ms > 120000)
                    it.throwApex('CalloutException', `Timeout value must be between 1 and 120000 milliseconds: ${ms}`);
                st(self).timeout = ms;
                return null;
            },
            setcompressed: (it, a, self) => {
                st(self).compressed = !!a[0];
                return null;
            },
            getcompressed: (it, _a, self) => st(self).compressed,
            setclientcertificatename: (it) => it.unsupported('HttpRequest.setClientCertificateName'),
            setbodydocument: (it) => it.unsupported('HttpRequest.setBodyDocument (serialising XML)'),
            tostring: (it, _a, self) => `System.HttpRequest[Endpoint=${st(self).endpoint}, Method=${st(self).method}]`
        }
    },
    'system.httprequest'
);
registerNative(
    {
        name: 'HttpResponse',
        ctor: () =>
            new NativeObject('HttpResponse', { status: null, statusCode: V.int(0), body: null, headers: new Map() }),
        methods: {
            ...httpCommon('HttpResponse'),
            setstatuscode: (it, a, self) => {
                st(self).statusCode = V.int(jsInt(it, a[0]));
                return null;
            },
            getstatuscode: (it, _a, self) => st(self).statusCode,
            setstatus: (it, a, self) => {
                st(self).status = a[0] === null ? null : str(it, a[0]);
                return null;
            },
            getstatus: (it, _a, self) => st(self).status,
            getheaderkeys: (it, _a, self) =>
                new ApexList(
                    { k: 'prim', name: 'String' },
                    [...headersOf(self).values()].map((h) => h[0])
                ),
            // "Retrieves the body returned in the response as a DOM document" (HttpResponse Class)
            getbodydocument: (it, _a, self) => {
                const body = st(self).body as string | null | undefined;
                if (body === null || body === undefined || body === '')
                    return it.unsupported('HttpResponse.getBodyDocument() of an empty body');
                return loadDocument(it, newDocument(), body);
            },
            tostring: (it, _a, self) =>
                `System.HttpResponse[Status=${st(self).status}, StatusCode=${(st(self).statusCode as V.ApexInteger).value}]`
        }
    },
    'system.httpresponse'
);
registerNative(
    {
        name: 'Http',
        ctor: () => new NativeObject('Http'),
        methods: {
            send: (it, a) => {
                arity(it, a, 1);
                if (a[0] === null) it.npe();
                return it.services.httpSend(it, a[0] as NativeObject);
            }
        }
    },
    'system.http'
);

// ---------------------------------------------------------------- FeatureManagement
// Feature parameters are the project's `featureParameters/` metadata. A subscriber's Apex writes only the
// SubscriberToLmo ones; a check reads the value set in this test, else the metadata default
// (https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexcode/apex_class_System_FeatureManagement.htm,
// https://developer.salesforce.com/docs/atlas.en-us.api_meta.meta/api_meta/meta_featureparameterinteger.htm).
// What the org does with a name the package does not declare, a read-only (LmoToSubscriber) parameter or a null
// value is not documented: those stay unsupported rather than a guessed exception.
type FeatureType = 'Integer' | 'Boolean' | 'Date';
function featureParameter(it: Interpreter, a: unknown[], type: FeatureType, method: string) {
    const name = a[0] === null || a[0] === undefined ? '' : str(it, a[0]);
    const params = (it.services.schema as SchemaRegistry | undefined)?.setup.featureParameters;
    const p = params?.get(name.toLowerCase());
    if (!p || p.type !== type)
        it.unsupported(`FeatureManagement.${method} of '${name}', which is no FeatureParameter${type} of the project`);
    return p;
}
function setFeatureValue(it: Interpreter, a: unknown[], type: FeatureType): null {
    arity(it, a, 2);
    const method = `setPackage${type}Value`;
    const p = featureParameter(it, a, type, method);
    if (p.direction !== 'SubscriberToLmo')
        it.unsupported(`FeatureManagement.${method} of '${p.name}', whose data flow is ${p.direction || 'not given'}`);
    if (a[1] === null) it.unsupported(`FeatureManagement.${method} with a null value`);
    it.services.test.featureValues.set(p.name.toLowerCase(), a[1]);
    return null;
}
function checkFeatureValue(it: Interpreter, a: unknown[], type: FeatureType): unknown {
    arity(it, a, 1);
    const p = featureParameter(it, a, type, `checkPackage${type}Value`);
    const set = it.services.test.featureValues.get(p.name.toLowerCase());
    if (set !== undefined) return set;
    if (type === 'Integer' && /^-?\d+$/.test(p.value.trim())) return V.int(Number(p.value));
    if (type === 'Boolean' && /^(true|false)$/i.test(p.value.trim())) return p.value.trim().toLowerCase() === 'true';
    return it.unsupported(`FeatureManagement.checkPackage${type}Value of '${p.name}' (default value '${p.value}')`);
}

registerNative(
    {
        name: 'FeatureManagement',
        statics: {
            checkpermission: (it, a) => {
                arity(it, a, 1);
                const name = str(it, a[0]);
                const user = it.services.user() as RunningUser;
                // The default test user holds no custom permission: custom permissions come only from
                // permission sets / profiles, and the local runtime models only permission-set assignments.
                return [...user.customPermissions].some((p) => p.toLowerCase() === name.toLowerCase());
            },
            setpackagebooleanvalue: (it, a) => setFeatureValue(it, a, 'Boolean'),
            setpackageintegervalue: (it, a) => setFeatureValue(it, a, 'Integer'),
            setpackagedatevalue: (it, a) => setFeatureValue(it, a, 'Date'),
            checkpackagebooleanvalue: (it, a) => checkFeatureValue(it, a, 'Boolean'),
            checkpackageintegervalue: (it, a) => checkFeatureValue(it, a, 'Integer'),
            checkpackagedatevalue: (it, a) => checkFeatureValue(it, a, 'Date')
        }
    },
    'system.featuremanagement'
);

export { ApexMap };

registerNative({
    name: 'Database.BatchableContext',
    methods: {
        getjobid: (it, _a, self) => (self as NativeObject).state.jobId,
        getchildjobid: (it, _a, self) => (self as NativeObject).state.jobId
    }
});
