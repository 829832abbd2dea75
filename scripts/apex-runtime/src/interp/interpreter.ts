// The interpreter: a tree-walking evaluator over the lowered AST (src/frontend/ast.ts).
// Values: null | boolean | string | values/* primitives | ApexList/ApexSet/ApexMap | ApexObject | EnumValue |
// TypeValue | NativeObject | SObject (data layer).
//
// This class is the façade every other module uses (`it.eval`, `it.invoke`, `it.coerce`…). It owns the state
// (transaction, frames, coverage, services), errors, frames and the entry points; the evaluator itself lives in
// modules of `this: Interpreter` methods installed on the prototype below, one per seam:
//   typing.ts      type resolution, instanceof, implicit conversion, access checks
//   value-ops.ts   equality, hashing, String rendering, Boolean tests
//   statements.ts  statement execution
//   expressions.ts expression dispatch, literals, indexing
//   operators.ts   binary operators, casts
//   members.ts     names, fields, properties, statics access, lvalues
//   objects.ts     static initialisation, `new`, constructors
//   calls.ts       method resolution and dispatch, static/platform/value calls
// Plain-function modules they call: undecided.ts (values a test cannot know, decided over documented candidates).
import type { AnonymousUnit, MethodDecl, TriggerDecl } from '../frontend/ast';
import { ApexPlatformError, ApexRuntimeUnsupported } from '../errors';
import { LimitBreach, MAX_STACK_DEPTH } from '../limits/limits';
import { activateContext, RuntimeContext } from '../context';
import { noSObjectHooks, type SObjectHooks } from './sobject-hooks';
import { ApexCompileError, ApexLimitThrow, ApexThrow } from './exceptions';
import { ANY, ApexObject, ClassInfo, RType } from './types';
import { Program } from './program';
import { Scope, TxState, type DebugSink, type Frame } from './state';
import type { RuntimeServices } from './runtime-services';
import { TypingMethods } from './typing';
import { ValueOpMethods } from './value-ops';
import { StatementMethods } from './statements';
import { ExpressionMethods } from './expressions';
import { OperatorMethods } from './operators';
import { MemberMethods } from './members';
import { ObjectMethods } from './objects';
import { CallMethods } from './calls';

// moved to program.ts / state.ts; re-exported so importers of interpreter.ts keep working
export { Program } from './program';
export { TxState, type DebugSink, type Frame } from './state';

const METHOD_MODULES = [
    TypingMethods,
    ValueOpMethods,
    StatementMethods,
    ExpressionMethods,
    OperatorMethods,
    MemberMethods,
    ObjectMethods,
    CallMethods
];

/** The methods of the modules above, as members of the class (installed on its prototype at the end of this file). */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export interface Interpreter
    extends
        TypingMethods,
        ValueOpMethods,
        StatementMethods,
        ExpressionMethods,
        OperatorMethods,
        MemberMethods,
        ObjectMethods,
        CallMethods {}

// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging
export class Interpreter {
    tx = new TxState();
    frames: Frame[] = [];
    coverage = new Map<string, Set<number>>();
    curLine = 0;
    /** the chain node that last returned null by a `?.` short-circuit, and the frame depth (MemberMethods.shortCircuit) */
    shortAt: { node: object; depth: number } | null = null;
    /** the chain node that last read a null parent relationship of an sObject (MemberMethods.nullParentRead) */
    nullParentAt: { node: object; depth: number } | null = null;
    /** test-run state and platform hooks, set by the runner / stdlib */
    isTest = false;
    /** filled by installServices (+ installDataLayer, installCalloutTransport) before any Apex runs: see Session */
    services: RuntimeServices = {} as RuntimeServices;
    // per-interpreter caches and walk state of the method modules (typing.ts, value-ops.ts, expressions.ts)
    typeCache = new WeakMap<object, RType>();
    literalCache = new WeakMap<object, unknown>();
    objIds = new WeakMap<object, number>();
    nextObjId = 1;
    /** Values on the path of each recursive walk (rendering, hashing, equality, JSON), to detect cycles. */
    readonly walking = new Map<string, Set<object>>();
    /** the data layer's view of sObjects (installDataLayer fills it; without one no value is an sObject) */
    readonly sobjectHooks: SObjectHooks = noSObjectHooks();
    /** this interpreter's share of the state code without an interpreter reads (context.ts) */
    readonly ctx = new RuntimeContext();

    constructor(
        public program: Program,
        public debug: DebugSink
    ) {
        this.ctx.limits = this.tx.limits;
        this.ctx.equality = { hash: (v) => this.hashKey(v), equals: (a, b) => this.valueEquals(a, b) };
        this.enter();
    }

    /** Make this interpreter's context the active one (context.ts): before it runs anything. */
    enter(): void {
        activateContext(this.ctx);
    }

    /** Start a new transaction: fresh statics and limits. */
    newTransaction(): void {
        this.tx = new TxState();
        this.ctx.limits = this.tx.limits;
        this.enter();
    }

    get frame(): Frame {
        return this.frames[this.frames.length - 1];
    }

    get file(): string {
        return this.frames.length ? this.frame.file : '';
    }

    // ================================================================ errors
    unsupported(construct: string, line = this.curLine): never {
        throw new ApexRuntimeUnsupported(construct, { file: this.file, line });
    }

    compileError(msg: string, line = this.curLine): never {
        throw new ApexCompileError(msg, this.file, line);
    }

    stackTrace(): string {
        return this.frames
            .slice()
            .reverse()
            .map((f) => `${f.where}: line ${f.line}, column 1`)
            .join('\n');
    }

    /** Create (not throw) an exception object of a built-in or user exception class. */
    makeException(type: string | ClassInfo, message: string | null, cause: ApexObject | null = null): ApexObject {
        const cls = typeof type === 'string' ? this.builtinException(type) : type;
        const o = new ApexObject(cls);
        o.exc = { message, cause, line: this.curLine, stack: this.stackTrace() };
        return o;
    }

    builtinException(type: string): ClassInfo {
        const c = this.program.builtins.get(type.toLowerCase().replace(/^system\./, ''));
        if (!c) throw new ApexRuntimeUnsupported(`exception type ${type}`, { file: this.file, line: this.curLine });
        return c;
    }

    builtinInterface(name: string): ClassInfo {
        const c = this.program.builtins.get(name.toLowerCase());
        if (!c) throw new Error(`no built-in interface ${name}`);
        return c;
    }

    throwApex(type: string, message: string): never {
        throw new ApexThrow(this.makeException(type, message));
    }

    npe(): never {
        this.throwApex('NullPointerException', 'Attempt to de-reference a null object');
    }

    /** Convert a platform error raised by runtime code into an Apex exception in flight. */
    toApexThrow(e: unknown): unknown {
        // a host stack overflow: remember how deep Apex was where it happened (for the Crash message)
        if (e instanceof RangeError && !('apexDepth' in e)) Object.assign(e, { apexDepth: this.frames.length });
        if (e instanceof LimitBreach) return new ApexLimitThrow(this.makeException('LimitException', e.message));
        if (e instanceof ApexPlatformError) {
            const o = this.makeException(e.apexType, e.message);
            if (e.details !== undefined) o.fields.set('__details', e.details);
            return new ApexThrow(o);
        }
        // the data layer raises Unsupported without a position: report it where the Apex code reached it
        if (e instanceof ApexRuntimeUnsupported && !e.file && this.file) {
            const at = new ApexRuntimeUnsupported(e.construct, { file: this.file, line: this.curLine });
            at.candidates = e.candidates;
            return at;
        }
        return e;
    }

    // ================================================================ frames and coverage
    pushFrame(f: Partial<Frame> & { where: string; file: string }): Frame {
        // Apex allows 1,000 frames; the 1,001st is an uncatchable LimitException (text [Obs]: GitHub
        // jamessimone/salesforce-round-robin#8, SFDO-Community/declarative-lookup-rollup-summaries#1008).
        if (this.frames.length >= MAX_STACK_DEPTH)
            throw new LimitBreach(`Maximum stack depth reached: ${MAX_STACK_DEPTH + 1}`);
        // entering Apex (a test method, an anonymous block, a trigger, a job): this session's state is the active one
        if (this.frames.length === 0) this.enter();
        const frame: Frame = {
            cls: null,
            thisObj: null,
            scope: new Scope(null),
            line: this.curLine,
            cov: this.covFor(f.file),
            anon: null,
            retVal: null,
            accessor: null,
            sharing: this.sharingFor(f.cls ?? null),
            ...f
        };
        this.frames.push(frame);
        return frame;
    }

    private sharingFor(cls: ClassInfo | null): 'with' | 'without' {
        const mods = cls?.decl?.modifiers ?? [];
        if (mods.includes('with sharing')) return 'with';
        if (mods.includes('without sharing')) return 'without';
        return this.frames.length ? this.frame.sharing : 'without';
    }

    popFrame(): void {
        this.frames.pop();
        if (this.frames.length) this.curLine = this.frame.line;
    }

    private covFor(file: string): Set<number> | null {
        if (!this.program.executable.has(file)) return null;
        let s = this.coverage.get(file);
        if (!s) {
            s = new Set();
            this.coverage.set(file, s);
        }
        return s;
    }

    // ================================================================ entry points
    /** Run an anonymous unit. */
    runAnonymous(anon: AnonymousUnit, types: ClassInfo[] = []): void {
        void types;
        this.pushFrame({ where: 'AnonymousBlock', file: anon.file, anon });
        try {
            this.exec(anon.body);
        } catch (e) {
            throw this.toApexThrow(e);
        } finally {
            this.popFrame();
        }
    }

    /** Run a static (test) method with no arguments. */
    runStatic(cls: ClassInfo, m: MethodDecl): unknown {
        try {
            return this.invoke(cls, m, null, []);
        } catch (e) {
            throw this.toApexThrow(e);
        }
    }

    /** Fire the triggers of one object/event. */
    runTrigger(t: TriggerDecl, setup: (scope: Map<string, unknown>) => void): void {
        const frame = this.pushFrame({ where: `Trigger.${t.name}`, file: t.file, sharing: 'without' });
        this.tx.triggerDepth++;
        try {
            const ctx = new Map<string, unknown>();
            setup(ctx);
            for (const [k, v] of ctx) frame.scope.vars.set(k, { t: ANY, v });
            this.exec(t.body);
        } catch (e) {
            throw this.toApexThrow(e);
        } finally {
            this.tx.triggerDepth--;
            this.popFrame();
        }
    }
}

// Install the module methods as prototype methods of the class, as if declared in its body.
for (const methods of METHOD_MODULES)
    for (const [name, d] of Object.entries(Object.getOwnPropertyDescriptors(methods.prototype)))
        if (name !== 'constructor') Object.defineProperty(Interpreter.prototype, name, d);
