// A Session = one loaded Program + one Interpreter + the platform services (async queue, callouts, test
// context). The runner and the CLI both drive Sessions.
import './stdlib';
import { ApexRuntimeUnsupported } from './errors';
import { loadUnit } from './frontend/cache';
import { Interpreter, Program } from './interp/interpreter';
import { ApexCompileError, ApexThrow, describeApexError, isUnsupported } from './interp/exceptions';
import { installServices } from './stdlib/services';
import { SchemaRegistry } from './schema';
import { Database } from './db';
import { installDataLayer } from './interp/data-bridge';
import { onApexStack } from './host/apex-stack';

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

export class Session {
    it: Interpreter;
    debug: DebugLine[] = [];
    constructor(
        public program: Program,
        opts: { projectDir?: string | null; sourceDirs?: string[] } = {}
    ) {
        this.it = new Interpreter(program, (line, level, message) => this.debug.push({ line, level, message }));
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
