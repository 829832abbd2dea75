// A Session = one loaded Program + one Interpreter + the platform services (async queue, callouts, test
// context). The runner and the CLI both drive Sessions.
import './stdlib';
import { ApexRuntimeUnsupported } from './errors';
import { loadUnit } from './frontend/cache';
import { ApexSyntaxErrors } from './frontend/lower';
import { Interpreter, Program } from './interp/interpreter';
import { ApexCompileError, ApexThrow, describeApexError, isUnsupported } from './interp/exceptions';
import { installServices, newTestState, type AsyncJob } from './stdlib/services';
import { installCalloutTransport, type CalloutTransport } from './callouts/transport';
import { SchemaRegistry } from './schema';
import { Database } from './db';
import { installDataLayer } from './interp/data-bridge';
import { onApexStack } from './host/apex-stack';
import { registerNativeIn, type NativeClassDef } from './interp/natives';
import { runtimeSettings, type RuntimeSettings } from './values/settings';

export interface DebugLine {
    line: number;
    level: string;
    message: string;
}

export type Outcome =
    | { kind: 'ok' }
    | { kind: 'exception'; type: string; message: string; stack: string; line: number }
    | { kind: 'unsupported'; construct: string; message: string }
    | { kind: 'compile'; message: string }
    | { kind: 'crash'; message: string; stack: string };

export interface SessionOptions {
    /** sfdx project root: object metadata comes from its package directories */
    projectDir?: string | null;
    /** explicit source folders (the CLI's --source-dir): object metadata from those folders only */
    sourceDirs?: string[];
    /**
     * This session's own clock, time zone and locale, over the process-wide settings in force at creation; they
     * are not changed by setRuntimeSettings/withClock later. Absent: the session follows the process-wide settings.
     */
    settings?: Partial<RuntimeSettings>;
}

/** Which async execution a transaction runs: a job, a @future call, a Finalizer, a platform-event delivery. */
export interface AsyncTransactionInfo {
    /** `Class.method` for @future, the job's class for a Queueable, `job` when no job is on the stack (events) */
    name: string;
    /** a Transaction Finalizer's run (after its job, in a transaction of its own) */
    finalizer: boolean;
    /** the running async job, null for a platform-event delivery */
    job: AsyncJob | null;
}

/**
 * Sees (and wraps) every async execution: `run()` runs it as its own transaction (rollback on an exception) and
 * must be called exactly once; `it.tx.limits.used` inside is the execution's own usage.
 */
export type AsyncTransactionObserver = <T>(info: AsyncTransactionInfo, run: () => T) => T;

type Services = Interpreter['services'];

export class Session {
    it: Interpreter;
    debug: DebugLine[] = [];
    constructor(
        public program: Program,
        opts: SessionOptions = {}
    ) {
        this.it = new Interpreter(program, (line, level, message) => this.debug.push({ line, level, message }));
        if (opts.settings) this.it.ctx.settings = { ...runtimeSettings(), ...opts.settings };
        installServices(this.it);
        let schema: SchemaRegistry;
        if (opts.sourceDirs?.length) {
            // explicit --source-dir: object metadata comes from those folders, not from sfdx-project.json
            schema = SchemaRegistry.standard();
            for (const d of opts.sourceDirs) schema.loadProject(d);
        } else schema = opts.projectDir ? SchemaRegistry.load(opts.projectDir) : SchemaRegistry.standard();
        const db = new Database(schema);
        db.seed();
        installDataLayer(this.it, schema, db);
    }

    /** the session's data layer (records, savepoints, the running user) */
    get database(): Database {
        return this.it.services.database as Database;
    }

    /**
     * Observe every async execution (Queueable, @future, Finalizer, batch phase, platform-event delivery) as a
     * transaction of its own. Observers stack: the last one added runs outermost.
     */
    observeAsyncTransactions(observer: AsyncTransactionObserver): void {
        this.wrapService('asyncTransaction', (inner) => {
            const run = inner as <T>(fn: () => T) => T;
            return <T>(fn: () => T): T => observer(this.asyncTransactionInfo(), () => run(fn));
        });
    }

    private asyncTransactionInfo(): AsyncTransactionInfo {
        const stack = this.it.services.asyncStack;
        const top = stack[stack.length - 1];
        const finalizer = top?.inFinalizer === true;
        const jobName = top?.future
            ? `${top.future.owner.name}.${top.future.method.name}`
            : (top?.job?.cls?.name ?? 'job');
        // A Transaction Finalizer runs in its own transaction after its job; it is named after that job.
        return { name: finalizer ? `${jobName} finalizer` : jobName, finalizer, job: top ?? null };
    }

    /**
     * Add a platform class that only this session has (or replace one for it alone), e.g. a probe in a test;
     * other sessions in the process keep the shared registry.
     */
    registerNative(def: NativeClassDef, ...aliases: string[]): void {
        registerNativeIn(this.it.ctx, def, ...aliases);
    }

    /** Send `Http.send` callouts made outside a test through this transport (null: none, callouts unsupported). */
    setCalloutTransport(transport: CalloutTransport | null): void {
        installCalloutTransport(this.it, transport);
    }

    /**
     * Replace one platform service by a wrapper of it (e.g. a seeded `random`, or async work collected instead of
     * run at the end of a transaction). The one sanctioned way for a driver to change a service.
     */
    wrapService<K extends keyof Services & string>(key: K, wrap: (inner: Services[K]) => Services[K]): void {
        this.it.services[key] = wrap(this.it.services[key]);
    }

    /** Start a fresh transaction outside a test: no frames, fresh limits, empty async queue, debug log and test state. */
    beginTransaction(): void {
        const it = this.it;
        it.newTransaction();
        it.frames.length = 0;
        it.services.asyncStack = [];
        it.services.test = newTestState(false);
        this.database.beginTransaction();
        this.debug = [];
    }

    /** Classify any error thrown out of the interpreter. */
    classify(e: unknown): Outcome {
        const x = this.it.toApexThrow(e);
        if (x instanceof ApexThrow) {
            const d = describeApexError(x)!;
            return {
                kind: 'exception',
                type: d.type,
                message: d.message,
                stack: x.value.exc?.stack ?? '',
                line: x.value.exc?.line ?? 0
            };
        }
        if (isUnsupported(x))
            return {
                kind: 'unsupported',
                construct: (x as ApexRuntimeUnsupported).construct,
                message: (x as Error).message
            };
        if (x instanceof ApexCompileError) return { kind: 'compile', message: x.message };
        // source that does not parse is the compiler's refusal, not a runtime fault
        if (x instanceof ApexSyntaxErrors) return { kind: 'compile', message: x.message };
        const err = x as Error;
        // the host stack ran out before Apex's own 1,000-frame limit: off the Apex stack the caller should use
        // host/apex-stack.ts; on it, the runtime recursed too deeply by itself
        const depth = (err as { apexDepth?: number } | null)?.apexDepth ?? 0;
        const hint =
            err instanceof RangeError && /call stack/i.test(err.message)
                ? ` (host stack exhausted at Apex call depth ${depth}; ${onApexStack() ? 'a runtime bug' : 'run Apex through host/apex-stack'})`
                : '';
        return { kind: 'crash', message: String(err?.message ?? err) + hint, stack: String(err?.stack ?? '') };
    }

    runAnonymous(source: string, file = 'anonymous.apex'): Outcome {
        try {
            const u = loadUnit(source, file, 'anonymous');
            if (u.unit !== 'anonymous') throw new Error('not an anonymous unit');
            for (const t of u.anon.types) this.program.classes.set(t.name.toLowerCase(), this.program.declare(t, null));
            this.it.runAnonymous(u.anon);
            this.it.services.drainAsync?.(this.it);
            return { kind: 'ok' };
        } catch (e) {
            return this.classify(e);
        }
    }
}
