// The compile pass: checks every class, trigger (and anonymous unit) the way the deploy compiler does, before any
// test runs. Messages use the compiler's own wording (jorje's messages_en_US.properties: "Variable does not exist:
// {0}", "Method does not exist or incorrect signature: {0} from the type {1}", "Illegal assignment from {0} to
// {1}", "Illegal conversion from {0} to {1}", "Duplicate variable: {0}", "Duplicate field: {0}", "Class {0} must
// implement the method: {1}", "Class {0} must implement the abstract method: {1}", "Missing return statement
// required return type: {0}", "Void method must not return a value", "Condition expression must be of type
// Boolean: {0}", "Constructor not defined: [{0}].<Constructor>{1}", "Method is not visible: {0}", "Variable is not
// visible: {0}", "Invalid type: {0}").
//
// The rule that overrides every check: a class the org accepts must never be refused. Every expression gets a
// static type or `null` (unknown), and unknown silences every check that depends on it. Types are unknown for
// platform members the runtime's registry does not describe, Object-typed expressions, dynamic sObject access,
// SOQL results and unknown namespaces; member lookups on a class whose hierarchy includes a platform type (an
// Exception subclass, a platform interface) or a type that does not resolve are not decided either.
import type { Expr, MethodDecl, Stmt, TypeDecl, TypeRef, TriggerDecl, AnonymousUnit } from '../frontend/ast';
import type { Interpreter } from '../interp/interpreter';
import { ApexCompileError, isUnsupported } from '../interp/exceptions';
import { ClassInfo, RType, typeToString } from '../interp/types';
import type { SchemaRegistry } from '../schema';
import { FIELD_TYPES } from '../schema';
import { isOneKeyTypo } from '../schema/typos';
import { editDistance, mayBePlatformName, reportableInvalidType } from './names';
import { valueMethods } from '../interp/natives';
import {
    DATABASE_DML_RESULT,
    MATH_STATIC,
    OPAQUE_RESULT_TYPES,
    STRING_INSTANCE,
    describeCallType,
    primType
} from './platform-methods';

export interface TypeFinding {
    file: string;
    line: number;
    message: string;
    /** not an error: a construct whose outcome in the org is not decided (`apex check` lists it as unsupported) */
    unsupported?: true;
}

/** null = unknown (silences dependent checks); 'null' = the null literal. */
type Ty = RType | 'null' | null;

const NUMERIC = ['Integer', 'Long', 'Double', 'Decimal'];
const BOOL: RType = { k: 'prim', name: 'Boolean' };
const STR: RType = { k: 'prim', name: 'String' };
const INT: RType = { k: 'prim', name: 'Integer' };
const prim = (name: string): RType => ({ k: 'prim', name: name as never });
/**
 * Platform interfaces and the methods a class implementing them must define: [lower-case name, arity, the signature
 * as the compiler names it] (Apex Reference pages of each interface).
 */
const PLATFORM_INTERFACE_METHODS: Record<string, [string, number, string][]> = {
    comparable: [['compareto', 1, 'Integer System.Comparable.compareTo(Object)']],
    schedulable: [['execute', 1, 'void System.Schedulable.execute(System.SchedulableContext)']],
    queueable: [['execute', 1, 'void System.Queueable.execute(System.QueueableContext)']],
    finalizer: [['execute', 1, 'void System.Finalizer.execute(System.FinalizerContext)']],
    httpcalloutmock: [['respond', 1, 'System.HttpResponse System.HttpCalloutMock.respond(System.HttpRequest)']],
    callable: [['call', 2, 'Object System.Callable.call(String, Map<String,ANY>)']],
    stubprovider: [
        [
            'handlemethodcall',
            6,
            'Object System.StubProvider.handleMethodCall(Object, String, System.Type, List<System.Type>, List<String>, List<Object>)'
        ]
    ],
    'database.batchable': [
        ['start', 1, 'System.Iterable<ANY> Database.Batchable.start(Database.BatchableContext)'],
        ['execute', 2, 'void Database.Batchable.execute(Database.BatchableContext, List<ANY>)'],
        ['finish', 1, 'void Database.Batchable.finish(Database.BatchableContext)']
    ]
};
/** primitives that are surely not numeric / not Boolean (Object and the like stay undecided) */
const NOT_NUMERIC = new Set(['String', 'Boolean', 'Id', 'Blob']);
const NOT_BOOLEAN = new Set(['String', 'Id', 'Blob', ...NUMERIC]);
/** A cast between two of these families never succeeds (`(Integer) 'x'`); numbers cast among themselves, Id and
 *  String into each other. Other primitives (Date, Datetime, Time, Blob) are left undecided. */
const castFamily = (p: string): string | null =>
    NUMERIC.includes(p) ? 'number' : p === 'String' || p === 'Id' ? 'text' : p === 'Boolean' ? 'Boolean' : null;
/** expressions the compiler refuses as statements ("Expression cannot be a statement.") */
const NOT_STATEMENTS = new Set<Expr['kind']>(['Lit', 'Name', 'Dot', 'Bin', 'Cond', 'InstanceOf', 'Unary', 'Index']);
/** methods every object answers (Object's), never reported as missing */
const OBJECT_METHODS = new Set(['equals', 'hashcode', 'tostring', 'clone', 'gettypename']);

class Scope {
    vars = new Map<string, Ty>();
    /** final locals declared with a value */
    finals = new Set<string>();
    constructor(public parent: Scope | null) {}
    isFinal(lc: string): boolean {
        for (let s: Scope | null = this; s; s = s.parent) if (s.vars.has(lc)) return s.finals.has(lc);
        return false;
    }
    lookup(lc: string): { t: Ty } | undefined {
        for (let s: Scope | null = this; s; s = s.parent) if (s.vars.has(lc)) return { t: s.vars.get(lc)! };
        return undefined;
    }
}

interface Ctx {
    cls: ClassInfo | null;
    file: string;
    /** the method's return type: undefined outside methods, 'void' for void methods and constructors */
    ret?: RType | 'void' | null;
    /** anonymous Apex: names may come from the block's top level, members are not decided */
    anon: AnonymousUnit | null;
    /** inside a method body: whether it is static, and whether it is a constructor (undefined elsewhere) */
    member?: { isStatic: boolean; isCtor: boolean };
}

type Target = { kind: 'value'; t: Ty } | { kind: 'type'; t: RType } | { kind: 'ns'; names: string[] };

export class TypeChecker {
    findings: TypeFinding[] = [];
    private mute = 0;
    private closedCache = new Map<ClassInfo, boolean>();

    constructor(
        private it: Interpreter,
        private schema: SchemaRegistry | null
    ) {}

    private typeNames: string[] | null = null;
    /** Names of the project's classes, interfaces, enums (inner ones too) and custom objects. */
    private projectTypeNames(): string[] {
        if (!this.typeNames) {
            this.typeNames = [...this.it.program.classes.values()].flatMap((c) => [
                c.name,
                // an inner type's ClassInfo name is qualified (`Outer.Inner`); code names it by its simple name
                ...[...(c.inner?.values() ?? [])].map((i) => i.name.split('.').pop()!)
            ]);
        }
        return this.typeNames;
    }

    private err(ctx: Ctx, line: number, message: string): void {
        if (this.mute) return;
        this.findings.push({ file: ctx.file, line, message });
    }

    // ------------------------------------------------------------------ types
    private lookup(names: string[], cls: ClassInfo | null): RType | null {
        try {
            return this.it.lookupType(names, cls);
        } catch (e) {
            if (undecidable(e)) return null;
            throw e;
        }
    }

    /** Resolve a written type; unknown types give null (and, when certain, "Invalid type"). */
    private resolve(tr: TypeRef, ctx: Ctx, line: number, report = true): RType | null {
        const lc = tr.names.map((n) => n.toLowerCase());
        const bare = lc.join('.').replace(/^system\./, '');
        if (bare === 'list' || bare === 'set' || bare === 'map') {
            const expected = bare === 'map' ? 2 : 1;
            if (report && tr.args.length && tr.args.length !== expected) {
                const name = { list: 'List', set: 'Set', map: 'Map' }[bare];
                this.err(
                    ctx,
                    line,
                    `Invalid type argument count for ${name}: expected ${expected} but found ${tr.args.length}`
                );
            }
            const args = tr.args.map((a) => this.resolve(a, ctx, line, report));
            if (args.some((a) => a === null)) return null;
            if (bare === 'map') return args.length === 2 ? { k: 'map', key: args[0]!, val: args[1]! } : null;
            if (args.length !== 1) return null;
            return bare === 'list' ? { k: 'list', elem: args[0]! } : { k: 'set', elem: args[0]! };
        }
        for (const a of tr.args) this.resolve(a, ctx, line, report);
        const t = this.lookup(tr.names, ctx.cls);
        if (t) return tr.args.length ? null : t; // a parameterised platform type (Iterable<T>, Batchable<T>)
        if (report && !ctx.anon && reportableInvalidType(tr.names, this.projectTypeNames()))
            this.err(ctx, line, `Invalid type: ${tr.names.join('.')}`);
        return null;
    }

    private resolveDecl(tr: TypeRef, owner: ClassInfo | null): RType | null {
        try {
            return this.it.resolveType(tr, owner);
        } catch (e) {
            if (undecidable(e)) return null;
            throw e;
        }
    }

    /**
     * A class whose members the pass may call missing: every class and interface above it is a project type that
     * resolves. A platform supertype (Exception, Queueable, …) brings members the pass does not know.
     */
    private closed(ci: ClassInfo): boolean {
        const hit = this.closedCache.get(ci);
        if (hit !== undefined) return hit;
        this.closedCache.set(ci, false);
        let ok = !ci.builtin && !!ci.decl;
        if (ok) {
            try {
                this.it.ensureResolved(ci);
            } catch (e) {
                if (!undecidable(e)) throw e;
                ok = false;
            }
        }
        if (ok && ci.decl!.extends && (!ci.superclass || !this.closed(ci.superclass))) ok = false;
        if (ok && ci.decl!.implements.length !== ci.interfaces.length) ok = false;
        if (ok) for (const i of ci.interfaces) if (!this.closed(i)) ok = false;
        this.closedCache.set(ci, ok);
        return ok;
    }

    private fieldType(fi: { type: TypeRef; owner: ClassInfo }): Ty {
        const t = this.resolveDecl(fi.type, fi.owner);
        return t && t.k === 'any' ? null : t;
    }

    private known(t: Ty): t is RType {
        return t !== null && t !== 'null' && t.k !== 'any' && t.k !== 'void';
    }

    private name(t: Ty): string {
        return t === 'null' ? 'NULL' : t === null ? 'Object' : typeToString(t);
    }

    /**
     * True only when no implicit conversion can take a value of static type `a` to `p` (Apex Developer Guide,
     * "Rules of Conversion"). Anything the pass cannot model answers false.
     */
    private incompatible(a: Ty, p: RType | null, elem = false): boolean {
        if (!this.known(a) || !p || p.k === 'any' || p.k === 'void' || p.k === 'native') return false;
        if (a.k === 'native')
            // a DML result (Database.SaveResult …) converts to nothing but itself and Object
            return (
                OPAQUE_RESULT_TYPES.has(a.name.toLowerCase()) &&
                (p.k === 'prim' ||
                    p.k === 'list' ||
                    p.k === 'set' ||
                    p.k === 'map' ||
                    p.k === 'sobject' ||
                    (p.k === 'class' && !p.cls.builtin))
            );
        if (p.k === 'prim') {
            if (a.k !== 'prim') return a.k !== 'class' || !a.cls.builtin;
            if (a.name === p.name) return false;
            if (NUMERIC.includes(a.name) && NUMERIC.includes(p.name))
                return (
                    !elem &&
                    NUMERIC.indexOf(a.name) > NUMERIC.indexOf(p.name) &&
                    !(a.name === 'Decimal' && p.name === 'Double')
                );
            const pair = `${a.name}>${p.name}`;
            return !['Id>String', 'String>Id', 'Date>Datetime'].includes(pair);
        }
        if (a.k === 'prim')
            return (
                p.k === 'list' ||
                p.k === 'set' ||
                p.k === 'map' ||
                p.k === 'sobject' ||
                (p.k === 'class' && !p.cls.builtin)
            );
        if (p.k === 'list' || p.k === 'set') {
            if (a.k === 'map') return true;
            if (a.k !== p.k) return a.k === 'list' || a.k === 'set';
            return this.incompatible(a.elem, p.elem, true);
        }
        if (p.k === 'map') {
            if (a.k === 'list' || a.k === 'set') return true;
            return a.k === 'map' && (this.incompatible(a.key, p.key, true) || this.incompatible(a.val, p.val, true));
        }
        if (p.k === 'class' && a.k === 'class') {
            // unrelated project classes (neither derives from the other); interfaces are left undecided
            if (p.cls.builtin || a.cls.builtin || p.cls.kind === 'interface' || a.cls.kind === 'interface')
                return false;
            if (!this.closed(p.cls) || !this.closed(a.cls)) return false;
            return !a.cls.isSubclassOf(p.cls) && !p.cls.isSubclassOf(a.cls);
        }
        if (p.k === 'class' && !p.cls.builtin)
            return a.k === 'list' || a.k === 'set' || a.k === 'map' || a.k === 'sobject';
        if (p.k === 'sobject')
            return a.k === 'list' || a.k === 'set' || a.k === 'map' || (a.k === 'class' && !a.cls.builtin);
        return false;
    }

    /** `Foo x = y` where y never converts to Foo, except a downcast (a superclass value needs an explicit cast). */
    private assignmentRefused(a: Ty, p: RType | null): boolean {
        if (this.incompatible(a, p)) return true;
        return false;
    }

    // ------------------------------------------------------------------ declarations
    /** `inBlock`: a type declared in an anonymous block (it is not a top-level type: see checkDeclarationRules). */
    checkClass(decl: TypeDecl, ci: ClassInfo, inBlock = false): void {
        const ctx: Ctx = { cls: ci, file: decl.file, anon: null };
        this.checkDuplicates(decl, ctx);
        this.checkDeclarationRules(decl, ci, ctx, inBlock);
        if (decl.extends) this.resolve(decl.extends, ctx, decl.line);
        for (const i of decl.implements) this.resolve(i, ctx, decl.line);
        if (decl.kind === 'class' && !decl.modifiers.includes('abstract')) {
            this.checkImplements(ci, ctx, decl.line);
            this.checkPlatformImplements(decl, ci, ctx);
        }
        if (decl.kind === 'class') this.checkOverrides(decl, ci, ctx);
        const classScope = new Scope(null);
        for (const mem of [...decl.staticInit, ...decl.instanceInit]) {
            if (mem.kind === 'field') {
                const t = this.resolve(mem.field.type, ctx, mem.field.line);
                for (const d of mem.field.decls)
                    if (d.init) this.checkAssign(this.expr(d.init, classScope, ctx), t, ctx, d.line, 'assign');
            } else if (mem.kind === 'block') this.stmt(mem.body, new Scope(classScope), ctx);
            else {
                const p = mem.prop;
                const t = this.resolve(p.type, ctx, p.line);
                if (p.getter && p.getter !== 'auto') this.stmt(p.getter, new Scope(classScope), { ...ctx, ret: null });
                if (p.setter && p.setter !== 'auto') {
                    const s = new Scope(classScope);
                    s.vars.set('value', t && t.k === 'any' ? null : t);
                    this.stmt(p.setter, s, { ...ctx, ret: 'void' });
                }
            }
        }
        for (const m of [...decl.methods, ...decl.ctors]) this.method(m, ctx, decl.ctors.includes(m));
        for (const inner of decl.inner) {
            const ici = ci.inner.get(inner.name.toLowerCase());
            if (ici) this.checkClass(inner, ici);
        }
    }

    checkTrigger(t: TriggerDecl): void {
        const ctx: Ctx = { cls: null, file: t.file, anon: null };
        this.stmt(t.body, new Scope(null), ctx);
    }

    checkAnonymous(u: AnonymousUnit): void {
        const ctx: Ctx = { cls: null, file: u.file, anon: u };
        const top = new Scope(null);
        this.stmt(u.body, top, ctx);
        for (const m of u.methods) this.method(m, ctx, false);
    }

    private checkDuplicates(decl: TypeDecl, ctx: Ctx): void {
        const seen = new Set<string>();
        for (const mem of [...decl.staticInit, ...decl.instanceInit]) {
            const names =
                mem.kind === 'field'
                    ? mem.field.decls.map((d) => ({ n: d.name, line: d.line }))
                    : mem.kind === 'prop'
                      ? [{ n: mem.prop.name, line: mem.prop.line }]
                      : [];
            for (const { n, line } of names) {
                if (seen.has(n.toLowerCase())) this.err(ctx, line, `Duplicate field: ${n}`);
                seen.add(n.toLowerCase());
            }
        }
        const inner = new Set<string>();
        for (const i of decl.inner) {
            if (inner.has(i.name.toLowerCase())) this.err(ctx, i.line, `Type name already in use: ${i.name}`);
            inner.add(i.name.toLowerCase());
        }
        // two methods with the same name and parameter types (as written, after resolution)
        const sigs = new Map<string, MethodDecl>();
        for (const m of [...decl.methods, ...decl.ctors]) {
            const ps = m.params.map((p) => this.resolveDecl(p.type, ctx.cls));
            if (ps.some((p) => p === null)) continue;
            const key = `${decl.ctors.includes(m) ? 'new ' : ''}${m.name.toLowerCase()}(${ps.map((p) => typeToString(p!).toLowerCase()).join(',')})`;
            if (sigs.has(key)) {
                const ret = m.returnType ? m.returnType.names.join('.') : 'void';
                this.err(
                    ctx,
                    m.line,
                    `Method already defined: ${ret} ${m.name}(${ps.map((p) => typeToString(p!)).join(', ')}) from the type ${ctx.cls!.name}`
                );
            }
            sigs.set(key, m);
        }
    }

    /** A concrete class must implement every interface method and inherited abstract method (by name and arity). */
    private checkImplements(ci: ClassInfo, ctx: Ctx, line: number): void {
        if (!this.closed(ci)) return;
        const concrete = (name: string, arity: number): boolean => {
            for (let c: ClassInfo | null = ci; c; c = c.superclass)
                for (const m of c.methods.get(name) ?? [])
                    if (m.params.length === arity && m.body !== null && !m.modifiers.includes('abstract')) return true;
            return false;
        };
        const sig = (m: MethodDecl, owner: ClassInfo): string => {
            const ps = m.params.map((p) => {
                const t = this.resolveDecl(p.type, owner);
                return t ? typeToString(t) : p.type.names.join('.');
            });
            const ret = m.returnType ? this.resolveDecl(m.returnType, owner) : null;
            const rs = m.returnType ? (ret ? typeToString(ret) : m.returnType.names.join('.')) : 'void';
            return `${rs} ${owner.name}.${m.name}(${ps.join(', ')})`;
        };
        const reported = new Set<string>();
        const visitIface = (i: ClassInfo): void => {
            for (const [lc, ms] of i.methods)
                for (const m of ms) {
                    const s = sig(m, i);
                    if (!concrete(lc, m.params.length) && !reported.has(s)) {
                        reported.add(s);
                        this.err(ctx, line, `Class ${ci.name} must implement the method: ${s}`);
                    }
                }
            for (const sup of i.interfaces) visitIface(sup);
            if (i.superclass) visitIface(i.superclass); // `interface B extends A`
        };
        for (let c: ClassInfo | null = ci; c; c = c.superclass) {
            for (const i of c.interfaces) visitIface(i);
            if (c !== ci && c.hasModifier('abstract'))
                for (const [lc, ms] of c.methods)
                    for (const m of ms)
                        if (m.modifiers.includes('abstract') && !concrete(lc, m.params.length)) {
                            const s = sig(m, c);
                            if (!reported.has(s)) {
                                reported.add(s);
                                this.err(ctx, line, `Class ${ci.name} must implement the abstract method: ${s}`);
                            }
                        }
        }
    }

    /** Rules on the declaration itself: visibility, exception naming, test method shapes, modifiers. */
    private checkDeclarationRules(decl: TypeDecl, ci: ClassInfo, ctx: Ctx, inBlock: boolean): void {
        const annotated = (anns: { name: string }[], name: string) => anns.some((a) => a.name.toLowerCase() === name);
        const isTest = annotated(decl.annotations, 'istest');
        // a class declared in an anonymous block needs no access modifier: the block runs it without one ([Obs]:
        // bitbucket.org/RoseSilverSoftware/illuminatedcloud/issues/1738, `class Test {…}` in anonymous Apex executes)
        if (!ci.outer && !inBlock && !isTest && !decl.modifiers.some((m) => m === 'public' || m === 'global'))
            this.err(ctx, decl.line, 'Top-level type must have public or global visibility');
        if (decl.kind === 'class') {
            // the superclass chain must be known to say the class is not an exception (a managed type may be one)
            let known = true;
            for (let c: ClassInfo | null = ci; c && !c.builtin; c = c.superclass)
                if (c.decl?.extends && !c.superclass) known = false;
            const endsWithException = /exception$/i.test(decl.name);
            if (ci.isException && !endsWithException)
                this.err(
                    ctx,
                    decl.line,
                    `Classes extending Exception must have a name ending in 'Exception': ${decl.name}`
                );
            else if (endsWithException && known && !ci.isException)
                this.err(ctx, decl.line, `Exception class must extend another Exception class: ${decl.name}`);
        }
        for (const m of [...decl.methods, ...decl.ctors]) {
            if (decl.kind === 'class') {
                const abstract = m.modifiers.includes('abstract');
                if (abstract && m.body) this.err(ctx, m.line, 'Abstract methods cannot have a body');
                if (!abstract && !m.body) this.err(ctx, m.line, 'Method must have a body');
            }
            const dup = m.modifiers.find((x, i) => m.modifiers.indexOf(x) !== i);
            if (dup) this.err(ctx, m.line, `Duplicate modifier: ${dup}`);
            const testMethod = annotated(m.annotations, 'istest') || m.modifiers.includes('testmethod');
            const setup = annotated(m.annotations, 'testsetup');
            if ((testMethod || setup) && m.params.length) this.err(ctx, m.line, 'Test methods must have no arguments');
            if (setup && m.returnType && m.returnType.names.join('.').toLowerCase() !== 'void')
                this.err(ctx, m.line, 'Test setup method must return void');
        }
    }

    /** A concrete class implementing a platform interface must have its methods (by name and arity). */
    private checkPlatformImplements(decl: TypeDecl, ci: ClassInfo, ctx: Ctx): void {
        // the whole superclass chain must be project classes the pass can read
        for (let c: ClassInfo | null = ci; c; c = c.superclass) {
            if (c.builtin || !c.decl) return;
            if (c.decl.extends && !c.superclass) return;
        }
        const has = (name: string, arity: number): boolean => {
            for (let c: ClassInfo | null = ci; c; c = c.superclass)
                if ((c.methods.get(name) ?? []).some((m) => m.params.length === arity && m.body !== null)) return true;
            return false;
        };
        for (const ref of decl.implements) {
            const key = ref.names
                .join('.')
                .toLowerCase()
                .replace(/^system\./, '');
            const methods = PLATFORM_INTERFACE_METHODS[key];
            if (!methods) continue;
            const resolved = this.lookup(ref.names, ci);
            if (resolved && resolved.k === 'class' && !resolved.cls.builtin) continue; // a project type of that name
            for (const [name, arity, sig] of methods)
                if (!has(name, arity)) this.err(ctx, decl.line, `Class ${ci.name} must implement the method: ${sig}`);
        }
    }

    /**
     * Inheritance rules between project classes: only a virtual or abstract class can be extended, and a method that
     * redefines an inherited virtual or abstract one (same name and parameter types) must say `override`.
     */
    private checkOverrides(decl: TypeDecl, ci: ClassInfo, ctx: Ctx): void {
        if (!this.closed(ci) || !ci.superclass) return;
        const sup = ci.superclass;
        if (sup.kind === 'class' && !sup.hasModifier('virtual') && !sup.hasModifier('abstract'))
            this.err(ctx, decl.line, `Non-virtual and non-abstract type cannot be extended: ${sup.name}`);
        const params = (m: MethodDecl, owner: ClassInfo): string | null => {
            const ps = m.params.map((p) => this.resolveDecl(p.type, owner));
            return ps.some((p) => !p) ? null : ps.map((p) => typeToString(p!).toLowerCase()).join(',');
        };
        for (const m of decl.methods) {
            if (m.modifiers.includes('override') || m.modifiers.includes('static')) continue;
            const mine = params(m, ci);
            if (mine === null) continue;
            for (let c: ClassInfo | null = sup; c; c = c.superclass) {
                const hit = (c.methods.get(m.name.toLowerCase()) ?? []).find(
                    (x) =>
                        (x.modifiers.includes('virtual') || x.modifiers.includes('abstract')) &&
                        // no access modifier is private ("If you do not specify an access modifier, the method or
                        // variable is private", Apex Developer Guide "Access Modifiers"): a subclass method of the same
                        // signature needs no `override` — orgs compile fflib-apex-common's selectors, which implement
                        // `abstract Schema.SObjectType getSObjectType();` with a plain public method
                        ['public', 'protected', 'global'].some((a) => x.modifiers.includes(a)) &&
                        !x.modifiers.includes('static') &&
                        params(x, c!) === mine
                );
                if (hit) {
                    const ret = m.returnType ? m.returnType.names.join('.') : 'void';
                    this.err(
                        ctx,
                        m.line,
                        `Method must use the override keyword: ${ret} ${ci.name}.${m.name}(${m.params.map((p) => p.type.names.join('.')).join(', ')})`
                    );
                    break;
                }
            }
        }
    }

    private method(m: MethodDecl, outer: Ctx, isCtor: boolean): void {
        const ret = isCtor || !m.returnType ? 'void' : this.resolve(m.returnType, outer, m.line);
        const ctx: Ctx = {
            ...outer,
            ret: ret && ret !== 'void' && ret.k === 'any' ? null : ret,
            member: outer.cls ? { isStatic: m.modifiers.includes('static'), isCtor } : undefined
        };
        const scope = new Scope(null);
        for (const p of m.params) {
            const lc = p.name.toLowerCase();
            if (scope.vars.has(lc)) this.err(ctx, m.line, `Duplicate variable: ${p.name}`);
            const t = this.resolve(p.type, outer, m.line);
            scope.vars.set(lc, t && t.k === 'any' ? null : t);
        }
        if (!m.body) return;
        if (isCtor && m.body.kind === 'Block')
            m.body.stmts.forEach((x, i) => {
                if (i > 0 && x.kind === 'ExprStmt' && x.expr.kind === 'CtorCall')
                    this.err(
                        ctx,
                        x.line,
                        `Call to '${x.expr.which}()' must be the first statement in a constructor method`
                    );
            });
        this.stmt(m.body, new Scope(scope), ctx);
        if (
            m.returnType &&
            !isCtor &&
            !(m.returnType.names.length === 1 && m.returnType.names[0].toLowerCase() === 'void')
        )
            if (completes(m.body) === true)
                this.err(ctx, m.line, `Missing return statement required return type: ${m.returnType.names.join('.')}`);
    }

    // ------------------------------------------------------------------ statements
    private declare(scope: Scope, name: string, t: Ty, ctx: Ctx, line: number): void {
        const lc = name.toLowerCase();
        if (scope.lookup(lc)) this.err(ctx, line, `Duplicate variable: ${name}`);
        scope.vars.set(lc, t);
    }

    /** loops the statement being checked is inside, in the current method (break / continue need one) */
    private loops = 0;

    private loopBody(body: Stmt, scope: Scope, ctx: Ctx): void {
        this.loops++;
        try {
            this.stmt(body, scope, ctx);
        } finally {
            this.loops--;
        }
    }

    private cond(e: Expr, scope: Scope, ctx: Ctx): void {
        const t = this.expr(e, scope, ctx);
        if (this.known(t) && !(t.k === 'prim' && t.name === 'Boolean'))
            this.err(ctx, e.line, `Condition expression must be of type Boolean: ${this.name(t)}`);
    }

    private stmt(s: Stmt, scope: Scope, ctx: Ctx): void {
        switch (s.kind) {
            case 'Block': {
                const inner = new Scope(scope);
                s.stmts.forEach((x, i) => {
                    // only the plain case: a statement right after return/throw/break/continue in the same block
                    const prev = s.stmts[i - 1];
                    if (prev && ['Return', 'Throw', 'Break', 'Continue'].includes(prev.kind))
                        this.err(ctx, x.line, 'Unreachable statement');
                    this.stmt(x, inner, ctx);
                });
                return;
            }
            case 'LocalVar': {
                const t = this.resolve(s.type, ctx, s.line);
                const vt = t && t.k === 'any' ? null : t;
                for (const d of s.decls) {
                    // the initialiser is typed before the name is in scope
                    if (d.init) this.checkAssign(this.expr(d.init, scope, ctx), t, ctx, d.line, 'assign');
                    this.declare(scope, d.name, vt, ctx, d.line);
                    if (s.final && d.init) scope.finals.add(d.name.toLowerCase());
                }
                return;
            }
            case 'ExprStmt':
                if (NOT_STATEMENTS.has(s.expr.kind)) this.err(ctx, s.line, 'Expression cannot be a statement.');
                if (s.expr.kind === 'CtorCall' && !ctx.member?.isCtor)
                    this.err(
                        ctx,
                        s.line,
                        `Call to '${s.expr.which}()' must be the first statement in a constructor method`
                    );
                this.expr(s.expr, scope, ctx);
                return;
            case 'Break':
            case 'Continue':
                if (!this.loops) this.err(ctx, s.line, `${s.kind} statement must be in loop`);
                return;
            case 'If':
                this.cond(s.cond, scope, ctx);
                this.stmt(s.then, new Scope(scope), ctx);
                if (s.else) this.stmt(s.else, new Scope(scope), ctx);
                return;
            case 'While':
            case 'DoWhile':
                this.cond(s.cond, scope, ctx);
                this.loopBody(s.body, new Scope(scope), ctx);
                return;
            case 'For': {
                const fs = new Scope(scope);
                for (const i of s.init) this.stmt(i, fs, ctx);
                if (s.cond) this.cond(s.cond, fs, ctx);
                for (const u of s.update) this.expr(u, fs, ctx);
                this.loopBody(s.body, new Scope(fs), ctx);
                return;
            }
            case 'ForEach': {
                const over = this.primName(this.expr(s.iter, scope, ctx));
                if (over) this.err(ctx, s.line, `Loop must iterate over collection: ${over}`);
                const fs = new Scope(scope);
                const t = this.resolve(s.type, ctx, s.line);
                this.declare(fs, s.name, t && t.k === 'any' ? null : t, ctx, s.line);
                this.loopBody(s.body, fs, ctx);
                return;
            }
            case 'Switch':
                this.expr(s.expr, scope, ctx);
                if (s.whens.slice(0, -1).some((w) => w.values === null))
                    this.err(ctx, s.line, "'when else' must be the last when block");
                for (const w of s.whens) {
                    const ws = new Scope(scope);
                    for (const v of w.values ?? []) {
                        if (v.kind === 'lit') this.expr(v.expr, scope, ctx);
                        else if (v.kind === 'type') {
                            const t = this.resolve(v.type, ctx, s.line);
                            this.declare(ws, v.name, t, ctx, s.line);
                        }
                    }
                    this.stmt(w.body, ws, ctx);
                }
                return;
            case 'Try':
                this.stmt(s.body, new Scope(scope), ctx);
                for (const c of s.catches) {
                    const cs = new Scope(scope);
                    const t = this.resolve({ names: c.type, args: [] }, ctx, c.line);
                    if (t && !this.mayBeException(t))
                        this.err(ctx, c.line, `Catch block variable must be of type exception: ${typeToString(t)}`);
                    this.declare(cs, c.name, t, ctx, c.line);
                    this.stmt(c.body, cs, ctx);
                }
                if (s.fin) this.stmt(s.fin, new Scope(scope), ctx);
                return;
            case 'Return': {
                const t = s.expr ? this.expr(s.expr, scope, ctx) : null;
                if (s.expr && ctx.member?.isCtor) this.err(ctx, s.line, 'Constructors must not return a value');
                else if (s.expr && ctx.ret === 'void') this.err(ctx, s.line, 'Void method must not return a value');
                else if (s.expr && ctx.ret && ctx.ret !== 'void') this.checkAssign(t, ctx.ret, ctx, s.line, 'convert');
                return;
            }
            case 'Throw': {
                const t = this.expr(s.expr, scope, ctx);
                if (this.known(t) && !this.mayBeException(t))
                    this.err(ctx, s.line, `Throw expression must be of type exception: ${this.name(t)}`);
                return;
            }
            case 'Dml': {
                const t = this.expr(s.expr, scope, ctx);
                const elem = this.known(t) && (t.k === 'list' || t.k === 'set') ? t.elem : t;
                if (this.known(elem) && (elem.k === 'prim' || (elem.k === 'class' && !elem.cls.builtin)))
                    this.err(ctx, s.line, `DML requires SObject or SObject list type: ${this.name(t)}`);
                if (s.expr2) this.expr(s.expr2, scope, ctx);
                return;
            }
            case 'RunAs':
                for (const a of s.args) this.expr(a, scope, ctx);
                this.stmt(s.body, new Scope(scope), ctx);
                return;
            default:
                return;
        }
    }

    private checkAssign(a: Ty, p: RType | null, ctx: Ctx, line: number, how: 'assign' | 'convert'): void {
        const word = how === 'assign' ? 'assignment' : 'conversion';
        // the result of a void method used as a value (`Integer n = log();`), whatever the target type
        if (a && a !== 'null' && a.k === 'void' && p && p.k !== 'void') {
            this.err(ctx, line, `Illegal ${word} from void to ${typeToString(p)}`);
            return;
        }
        if (!this.assignmentRefused(a, p)) return;
        this.err(ctx, line, `Illegal ${word} from ${this.name(a)} to ${typeToString(p!)}`);
    }

    // ------------------------------------------------------------------ names and members
    /** A variable or field visible by simple name, or undefined. */
    private nameValue(name: string, scope: Scope, ctx: Ctx, line: number): { t: Ty } | undefined {
        const lc = name.toLowerCase();
        const local = scope.lookup(lc);
        if (local) return local;
        for (let c: ClassInfo | null = ctx.cls; c; c = c.outer) {
            const fi = c.findField(lc);
            if (!fi) continue;
            // an inherited field named like a type (`Test`, a static property of a superclass, next to System.Test):
            // which one the compiler picks is not decided (DLRS's RollupSummaries calls Test.isRunningTest() there)
            if (fi.owner !== c && this.lookup([name], c)) return { t: null };
            // a name that is also a type (`Logger.log()` next to a field `logger`) is not decided
            if (c === ctx.cls && ctx.member?.isStatic && !fi.isStatic && this.closed(c) && !this.lookup([name], c))
                this.err(
                    ctx,
                    line,
                    `Non static field cannot be referenced from a static context: ${fi.name} from the type ${fi.owner.name}`
                );
            return { t: this.fieldType(fi) };
        }
        return undefined;
    }

    /** A local, parameter or field in scope whose name is at most two edits from `name` (and not the same). */
    private nearVariable(name: string, scope: Scope, ctx: Ctx): boolean {
        const lc = name.toLowerCase();
        // a capitalised name is more likely a class or namespace the pass does not know than a misspelt variable
        if (lc.length < 4 || !/^[a-z]/.test(name) || mayBePlatformName(name)) return false;
        const names: string[] = [];
        for (let s: Scope | null = scope; s; s = s.parent) names.push(...s.vars.keys());
        for (let c: ClassInfo | null = ctx.cls; c; c = c.outer)
            for (let k: ClassInfo | null = c; k; k = k.superclass) names.push(...k.fields.keys());
        return names.some((n) => n !== lc && n.length >= 4 && editDistance(n, lc) <= 2);
    }

    /** A local or parameter (2+ letters) one edit from `name` (3+ letters, lower-case first, no platform name). */
    private nearShortLocal(name: string, scope: Scope): boolean {
        const lc = name.toLowerCase();
        if (lc.length < 3 || !/^[a-z]/.test(name) || mayBePlatformName(name) || isPlatformNamespace(name)) return false;
        for (let s: Scope | null = scope; s; s = s.parent)
            for (const n of s.vars.keys()) if (n !== lc && n.length >= 2 && editDistance(n, lc) === 1) return true;
        return false;
    }

    /** Every class of the lexical chain (and its supertypes) is a project type the pass knows completely. */
    private lexicalClosed(ctx: Ctx): boolean {
        if (ctx.anon) return false;
        // a platform interface brings no field, and no method a concrete class does not declare
        for (let c: ClassInfo | null = ctx.cls; c; c = c.outer) if (!this.methodsKnown(c, false)) return false;
        return true;
    }

    private target(e: Expr, scope: Scope, ctx: Ctx): Target {
        if (e.kind === 'Name') {
            const v = this.nameValue(e.name, scope, ctx, e.line);
            if (v) return { kind: 'value', t: v.t };
            const t = this.lookup([e.name], ctx.cls);
            if (t) return { kind: 'type', t };
            // an unknown first segment may be a namespace (managed packages included): refused only when it is a
            // near-miss of a variable in scope (`acount.Name` next to `account`)
            if (!ctx.anon && !isPlatformNamespace(e.name) && this.nearVariable(e.name, scope, ctx))
                this.err(ctx, e.line, `Variable does not exist: ${e.name}`);
            return { kind: 'ns', names: [e.name] };
        }
        if (e.kind === 'Dot' && !e.safe) {
            const base = this.target(e.target, scope, ctx);
            if (base.kind === 'ns') {
                const names = [...base.names, e.name];
                const t = this.lookup(names, ctx.cls);
                return t ? { kind: 'type', t } : { kind: 'ns', names };
            }
            if (base.kind === 'type') return this.staticMember(base.t, e.name, ctx, e.line);
            return { kind: 'value', t: this.member(base.t, e.name, ctx, e.line) };
        }
        return { kind: 'value', t: this.expr(e, scope, ctx) };
    }

    /** `Type.name`: an inner type, a static field or an enum value. */
    private staticMember(t: RType, name: string, ctx: Ctx, line: number): Target {
        if (t.k !== 'class' || t.cls.builtin) return { kind: 'value', t: null };
        const lc = name.toLowerCase();
        const ci = t.cls;
        if (ci.kind === 'enum') {
            if (ci.enumValues.some((v) => v.name.toLowerCase() === lc)) return { kind: 'value', t };
            this.err(ctx, line, `Variable does not exist: ${name}`);
            return { kind: 'value', t: null };
        }
        const fi = ci.findField(lc);
        // a static variable named like an inner type wins in an expression (Apex Developer Guide, "Namespace, Class,
        // and Variable Name Precedence": name1 is a class, name2 a static variable)
        const staticVar = fi?.isStatic;
        for (let c: ClassInfo | null = ci; c && !staticVar; c = c.superclass) {
            const inner = c.inner.get(lc);
            if (inner) return { kind: 'type', t: { k: 'class', cls: inner } };
        }
        if (fi) {
            this.visibleField(fi, ctx, line);
            return { kind: 'value', t: this.fieldType(fi) };
        }
        if (this.closed(ci)) this.err(ctx, line, `Variable does not exist: ${name}`);
        return { kind: 'value', t: null };
    }

    /** `value.name` on a value of static type t. */
    private member(t: Ty, name: string, ctx: Ctx, line: number): Ty {
        if (!this.known(t)) return null;
        const lc = name.toLowerCase();
        if (t.k === 'class' && !t.cls.builtin) {
            const fi = t.cls.findField(lc);
            if (fi) {
                this.visibleField(fi, ctx, line);
                return this.fieldType(fi);
            }
            if (t.cls.kind === 'class' && this.closed(t.cls)) this.err(ctx, line, `Variable does not exist: ${name}`);
            return null;
        }
        if (t.k === 'sobject' && t.name) return this.sobjectField(t.name, name, ctx, line);
        return null;
    }

    private sobjectField(object: string, name: string, ctx: Ctx, line: number): Ty {
        const info = this.schema?.getObject(object);
        if (!info) return null;
        const f = info.fields.get(name.toLowerCase());
        if (f) return FIELD_TYPES[f.type].typed ? prim(f.apexType) : null;
        const rel = this.schema!.relationshipField(info.name, name);
        if (rel) return rel.referenceTo?.length === 1 ? { k: 'sobject', name: rel.referenceTo[0] } : null;
        // a custom field the project does not define (a managed package's has a namespace), on a custom object of the
        // project or on a standard object — inline SOQL already refuses the same name ("No such column")
        if (/^[A-Za-z][A-Za-z0-9_]*__c$/i.test(name) && name.split('__').length === 2)
            this.err(ctx, line, `Variable does not exist: ${name}`);
        else if (this.fieldTypo(info, name)) this.err(ctx, line, `Variable does not exist: ${name}`);
        return null;
    }

    /**
     * A name no field or relationship of the object has and that is a one-keystroke misspelling of one of its
     * fields (`acc.Nmae`): "all sObject and field references are validated against actual object and field names"
     * (Apex Developer Guide, "Validating sObjects and Fields"). Any other unknown name on a standard object stays
     * undecided (the catalogue is a subset).
     */
    private fieldTypo(info: { name: string; fields: Map<string, unknown> }, name: string): boolean {
        const lc = name.toLowerCase();
        // custom names (`X__c`, `X__r` child relationships) are decided elsewhere or not at all
        if (lc.includes('__') || info.fields.has(lc) || this.schema!.relationshipField(info.name, name)) return false;
        return isOneKeyTypo(name, info.fields.keys());
    }

    /** Apex Developer Guide, "Access Modifiers" (the interpreter's rule, decided from the lexical class). */
    private isVisible(mods: string[], anns: { name: string }[], owner: ClassInfo, from: ClassInfo | null): boolean {
        if (owner.builtin || owner.kind === 'interface' || owner.kind === 'enum') return true;
        if (mods.includes('public') || mods.includes('global') || mods.includes('webservice')) return true;
        if (!from) return true; // triggers and anonymous code: not decided here
        if (from.topLevel === owner.topLevel) return true;
        // protected: subclasses, and (not decided here) their inner classes
        if (mods.includes('protected'))
            for (let c: ClassInfo | null = from; c; c = c.outer) if (c.isSubclassOf(owner)) return true;
        if (!from.topLevel.isTestClass) return false;
        // @TestVisible on the member or (not decided here) on an enclosing class
        const tv = (a: { name: string }[]): boolean => a.some((x) => x.name.toLowerCase() === 'testvisible');
        if (tv(anns)) return true;
        for (let c: ClassInfo | null = owner; c; c = c.outer) if (tv(c.decl?.annotations ?? [])) return true;
        return false;
    }

    private visibleField(
        fi: { name: string; mods: string[]; anns: { name: string }[]; owner: ClassInfo },
        ctx: Ctx,
        line: number
    ): void {
        if (ctx.anon || !ctx.cls) return;
        if (!this.isVisible(fi.mods, fi.anns, fi.owner, ctx.cls))
            this.err(ctx, line, `Variable is not visible: ${fi.owner.name}.${fi.name}`);
    }

    /** The type of an assignment target's base expression, typed without reporting (its own findings come later). */
    private quietBaseType(base: Expr, scope: Scope, ctx: Ctx): Ty {
        this.mute++;
        try {
            const b = this.target(base, scope, ctx);
            return b.kind === 'ns' ? null : b.t;
        } finally {
            this.mute--;
        }
    }

    /** A final field of this class assigned in a method (not its declaration, an initializer or a constructor). */
    private checkFinalField(target: Expr, scope: Scope, ctx: Ctx): void {
        if (!ctx.cls) return;
        // `Other.CONSTANT = v` / `other.finalField = v`: a final field of another top-level class is never assignable
        // here (neither a declaration, nor an initializer, nor a constructor of its class)
        if (target.kind === 'Dot' && !target.safe && target.target.kind !== 'This' && !ctx.anon) {
            const t = this.quietBaseType(target.target, scope, ctx);
            if (this.known(t) && t.k === 'class' && !t.cls.builtin) {
                const fi = t.cls.findField(target.name.toLowerCase());
                const elsewhere = fi && fi.owner.topLevel !== ctx.cls.topLevel;
                const inMethod = fi && fi.owner === ctx.cls && ctx.member && !ctx.member.isCtor;
                if (fi && fi.mods.includes('final') && !fi.prop && (elsewhere || inMethod))
                    this.err(
                        ctx,
                        target.line,
                        `Final members can only be assigned in their declaration, init blocks, or constructors: ${fi.name}`
                    );
            }
            return;
        }
        if (!ctx.member || ctx.member.isCtor) return;
        let name: string;
        if (target.kind === 'Name' && !scope.lookup(target.name.toLowerCase())) name = target.name;
        else if (target.kind === 'Dot' && !target.safe && target.target.kind === 'This') name = target.name;
        else return;
        const fi = ctx.cls.findField(name.toLowerCase());
        if (fi && fi.owner === ctx.cls && fi.mods.includes('final') && !fi.prop)
            this.err(
                ctx,
                target.line,
                `Final members can only be assigned in their declaration, init blocks, or constructors: ${fi.name}`
            );
    }

    /** `obj.prop = v` from another top-level class, where the property's setter is private (`{ get; private set; }`). */
    private checkSetter(target: Expr, scope: Scope, ctx: Ctx): void {
        if (target.kind !== 'Dot' || target.safe || ctx.anon || !ctx.cls) return;
        const t = this.quietBaseType(target.target, scope, ctx);
        if (!this.known(t) || t.k !== 'class' || t.cls.builtin) return;
        const fi = t.cls.findField(target.name.toLowerCase());
        if (!fi?.prop || !fi.prop.setterMods.length) return;
        if (!this.isVisible(fi.prop.setterMods, fi.anns, fi.owner, ctx.cls))
            this.err(ctx, target.line, `Variable is not visible: ${fi.owner.name}.${fi.name}`);
    }

    // ------------------------------------------------------------------ calls
    private args(args: Expr[], scope: Scope, ctx: Ctx): Ty[] {
        return args.map((a) => this.expr(a, scope, ctx));
    }

    private sigText(ts: Ty[]): string {
        return ts.map((t) => this.name(t)).join(', ');
    }

    /**
     * Methods of a project class named `name`: report when none can take the arguments. Returns the call's type
     * when every applicable overload agrees on it.
     */
    /** Whether some method `lc` of the class can take the arguments (callOn's applicability test, without reports). */
    private fitsAny(ci: ClassInfo, lc: string, argTs: Ty[]): boolean {
        return ci
            .findMethods(lc)
            .some(
                (m) =>
                    m.params.length === argTs.length &&
                    m.params.every(
                        (p, i) => !this.incompatible(argTs[i], this.resolveDecl(p.type, ci.ownerOfMethod(m)))
                    )
            );
    }

    /**
     * Whether every method `ci` answers is known: its class chain is project classes that resolve, and a platform
     * interface it implements adds nothing undeclared — no static method ever (`T.m()`), and no instance method on
     * a concrete class (it must declare each one). A platform superclass (Exception) stays undecided.
     */
    private methodsKnown(ci: ClassInfo, staticCall: boolean): boolean {
        if (this.closed(ci)) return true;
        if (!this.classChainKnown(ci)) return false;
        return staticCall || (ci.kind === 'class' && !ci.decl!.modifiers.includes('abstract'));
    }

    private callOn(ci: ClassInfo, name: string, argTs: Ty[], ctx: Ctx, line: number, staticCall = false): Ty {
        const lc = name.toLowerCase();
        const all = ci.findMethods(lc);
        const byArity = all.filter((m) => m.params.length === argTs.length);
        const fits = byArity.filter((m) => {
            const owner = ci.ownerOfMethod(m);
            return m.params.every((p, i) => !this.incompatible(argTs[i], this.resolveDecl(p.type, owner)));
        });
        if (!fits.length) {
            if (ci.kind !== 'enum' && this.methodsKnown(ci, staticCall) && !OBJECT_METHODS.has(lc))
                this.err(
                    ctx,
                    line,
                    `Method does not exist or incorrect signature: void ${name}(${this.sigText(argTs)}) from the type ${ci.name}`
                );
            return null;
        }
        if (
            !ctx.anon &&
            ctx.cls &&
            fits.every((m) => !this.isVisible(m.modifiers, m.annotations, ci.ownerOfMethod(m), ctx.cls))
        ) {
            this.err(ctx, line, `Method is not visible: ${this.methodSig(fits[0], ci.ownerOfMethod(fits[0]))}`);
        }
        const rets = fits.map((m) =>
            m.returnType ? this.resolveDecl(m.returnType, ci.ownerOfMethod(m)) : ({ k: 'void' } as RType)
        );
        if (rets.some((r) => !r) || rets.some((r) => typeToString(r!) !== typeToString(rets[0]!))) return null;
        const r = rets[0]!;
        return r.k === 'any' ? null : r;
    }

    /** `g()` in a static method of the class where every `g` taking that many arguments is an instance method. */
    private staticContextCall(ci: ClassInfo, name: string, argTs: Ty[], ctx: Ctx, line: number): void {
        if (!this.closed(ci) && !this.classChainKnown(ci)) return;
        const byArity = ci.findMethods(name.toLowerCase()).filter((m) => m.params.length === argTs.length);
        if (!byArity.length || byArity.some((m) => m.modifiers.includes('static'))) return;
        this.err(
            ctx,
            line,
            `Non static method cannot be referenced from a static context: ${this.methodSig(byArity[0], ci.ownerOfMethod(byArity[0]))}`
        );
    }

    /**
     * Every class above `ci` is a project class that resolves (interfaces may be platform ones: they add no static
     * method, so whether `ci.m()` has a static overload is decided by the chain alone).
     */
    private classChainKnown(ci: ClassInfo): boolean {
        for (let c: ClassInfo | null = ci; c; c = c.superclass) {
            if (c.builtin || !c.decl) return false;
            try {
                this.it.ensureResolved(c);
            } catch (e) {
                if (!undecidable(e)) throw e;
                return false;
            }
            if (c.decl.extends && !c.superclass) return false;
        }
        return true;
    }

    private methodSig(m: MethodDecl, owner: ClassInfo): string {
        const ps = m.params.map((p) => {
            const t = this.resolveDecl(p.type, owner);
            return t ? typeToString(t) : p.type.names.join('.');
        });
        return `${m.returnType ? m.returnType.names.join('.') : 'void'} ${owner.name}.${m.name}(${ps.join(', ')})`;
    }

    private call(e: Extract<Expr, { kind: 'Call' }>, scope: Scope, ctx: Ctx): Ty {
        const argTs = this.args(e.args, scope, ctx);
        const lc = e.name.toLowerCase();
        if (e.target === null) {
            // the nearest enclosing class with a method of that name that takes the arguments: an inner class's
            // method of the same name but another signature does not hide the outer class's (DLRS's LREngine, a
            // packaged app, calls the outer static isAggregateBasedRollup(op) from an inner no-argument namesake)
            let first: ClassInfo | null = null;
            let chosen: ClassInfo | null = null;
            for (let c: ClassInfo | null = ctx.cls; c && !chosen; c = c.outer) {
                if (!c.findMethods(lc).length) continue;
                first ??= c;
                if (this.fitsAny(c, lc, argTs)) chosen = c;
            }
            const owner = chosen ?? first;
            if (owner) {
                if (owner === ctx.cls && ctx.member?.isStatic)
                    this.staticContextCall(owner, e.name, argTs, ctx, e.line);
                return this.callOn(owner, e.name, argTs, ctx, e.line);
            }
            if (ctx.anon || !ctx.cls || !this.lexicalClosed(ctx) || OBJECT_METHODS.has(lc)) return null;
            this.err(
                ctx,
                e.line,
                `Method does not exist or incorrect signature: void ${e.name}(${this.sigText(argTs)}) from the type ${ctx.cls.name}`
            );
            return null;
        }
        if (e.target.kind === 'Super') return null;
        if (e.target.kind === 'This') {
            if (!ctx.cls) return null;
            return this.callOn(ctx.cls, e.name, argTs, ctx, e.line);
        }
        const tg = this.target(e.target, scope, ctx);
        // `ctxx.add(x)` next to a local `ctx`: a name right before a call is a value or a class, never a namespace,
        // so a short unknown name one edit from a local is that local misspelt (longer ones: nearVariable)
        if (
            tg.kind === 'ns' &&
            e.target.kind === 'Name' &&
            !ctx.anon &&
            this.nearShortLocal(e.target.name, scope) &&
            !this.nearVariable(e.target.name, scope, ctx)
        )
            this.err(ctx, e.line, `Variable does not exist: ${e.target.name}`);
        if (tg.kind === 'ns') return this.platformStaticCall(tg.names.join('.'), e.name, argTs, ctx, e.line);
        if (tg.kind === 'type') {
            const t = tg.t;
            if (t.k === 'class' && !t.cls.builtin) {
                if (t.cls.kind === 'enum') {
                    if (lc === 'values' && !argTs.length) return { k: 'list', elem: t };
                    if (lc === 'valueof' && argTs.length === 1) return t;
                    return null;
                }
                // `Util.instanceMethod()` from a class outside Util's hierarchy (invalid.non.static.method.context);
                // inside the hierarchy (`Base.m()` in a subclass) the pass stays undecided
                const within = ctx.cls && (ctx.cls.topLevel === t.cls.topLevel || ctx.cls.isSubclassOf(t.cls));
                if (!ctx.anon && ctx.cls && !within) this.staticContextCall(t.cls, e.name, argTs, ctx, e.line);
                return this.callOn(t.cls, e.name, argTs, ctx, e.line, true);
            }
            if (t.k === 'prim') {
                // `String.isBlnk(s)`: a static String method the Apex Reference does not list
                if (t.name === 'String' && !STRING_METHODS_DOC.has(lc) && !OBJECT_METHODS.has(lc))
                    this.err(
                        ctx,
                        e.line,
                        `Method does not exist or incorrect signature: void ${e.name}(${this.sigText(argTs)}) from the type String`
                    );
                return staticPlatformCall([t.name], lc);
            }
            if (t.k === 'native') return this.platformStaticCall(t.name, e.name, argTs, ctx, e.line);
            return null;
        }
        const t = tg.t;
        if (!this.known(t)) return null;
        // an enum value's name() is a String, its ordinal() an Integer (Apex Developer Guide, "Enums")
        const isEnum =
            (t.k === 'class' && t.cls.kind === 'enum') ||
            (t.k === 'native' && PLATFORM_ENUMS.has(t.name.toLowerCase().replace(/^system\./, '')));
        // describe chains: record.getSObjectType().getDescribe().getName() is a String
        if (t.k === 'sobject' && lc === 'getsobjecttype' && !argTs.length)
            return { k: 'native', name: 'Schema.SObjectType' };
        if (t.k === 'native') return describeCallType(t.name, lc);
        if (isEnum && !argTs.length && (lc === 'name' || lc === 'ordinal')) return lc === 'name' ? STR : INT;
        if (t.k === 'class' && !t.cls.builtin && t.cls.kind !== 'enum')
            return this.callOn(t.cls, e.name, argTs, ctx, e.line);
        if (t.k === 'prim' && t.name === 'String' && STRING_INSTANCE.has(lc))
            return this.platformOverloads('String', STRING_INSTANCE.get(lc)!, e.name, argTs, ctx, e.line);
        if (
            t.k === 'prim' &&
            t.name === 'String' &&
            // `record.Field.addError(msg)` is the field-level addError of the SObject class, not a String method
            !(lc === 'adderror' && e.target?.kind === 'Dot') &&
            !STRING_METHODS_DOC.has(lc) &&
            !(lc in (valueMethods.get('String') ?? {})) &&
            !OBJECT_METHODS.has(lc)
        )
            this.err(
                ctx,
                e.line,
                `Method does not exist or incorrect signature: void ${e.name}(${this.sigText(argTs)}) from the type String`
            );
        if (t.k === 'list' || t.k === 'set' || t.k === 'map') {
            const kind = t.k === 'list' ? 'List' : t.k === 'set' ? 'Set' : 'Map';
            if (!COLLECTION_METHODS[t.k].has(lc) && !(lc in (valueMethods.get(kind) ?? {})))
                this.err(
                    ctx,
                    e.line,
                    `Method does not exist or incorrect signature: void ${e.name}(${this.sigText(argTs)}) from the type ${typeToString(t)}`
                );
        }
        return valueCallType(t, lc, argTs.length);
    }

    /**
     * A call of a platform method whose every overload the pass knows (platform-methods.ts): no overload of that
     * arity whose parameters can take the arguments is refused; otherwise the result type when all fitting overloads
     * agree. `Number` parameters take any number.
     */
    private platformOverloads(
        typeName: string,
        overloads: { params: string[]; ret: string }[],
        name: string,
        argTs: Ty[],
        ctx: Ctx,
        line: number
    ): Ty {
        const fits = overloads.filter(
            (o) =>
                o.params.length === argTs.length &&
                o.params.every(
                    (p, i) => p === 'Object' || !this.incompatible(argTs[i], prim(p === 'Number' ? 'Decimal' : p))
                )
        );
        if (!fits.length) {
            this.err(
                ctx,
                line,
                `Method does not exist or incorrect signature: void ${name}(${this.sigText(argTs)}) from the type ${typeName}`
            );
            return null;
        }
        return fits.every((o) => o.ret === fits[0].ret) ? primType(fits[0].ret) : null;
    }

    /** `Math.max(a, b)`, `Database.insert(x)`, `System.debug(x)`: a static call on a platform class. */
    private platformStaticCall(cls: string, name: string, argTs: Ty[], ctx: Ctx, line: number): Ty {
        const c = cls.toLowerCase().replace(/^system\.(?=.)/, '');
        const lc = name.toLowerCase();
        if (c === 'math' && MATH_STATIC.has(lc)) {
            const r = this.platformOverloads('Math', MATH_STATIC.get(lc)!, name, argTs, ctx, line);
            // max/min/abs/mod of Integers is an Integer (the Integer overload is the most specific)
            const allInt =
                argTs.length > 0 &&
                argTs.every((a) => a !== null && a !== 'null' && a.k === 'prim' && a.name === 'Integer');
            return r ?? (allInt && ['max', 'min', 'abs', 'mod'].includes(lc) ? INT : null);
        }
        if (c === 'database' && lc in DATABASE_DML_RESULT && argTs.length >= 1) {
            const a = argTs[0];
            if (!this.known(a)) return null;
            const one: RType = { k: 'native', name: DATABASE_DML_RESULT[lc] };
            if (a.k === 'list') return { k: 'list', elem: one };
            if (a.k === 'sobject' || (a.k === 'prim' && a.name === 'Id' && (lc === 'delete' || lc === 'undelete')))
                return one;
            return null;
        }
        // void platform methods (System Class, Assert Class): their result is no value
        if ((c === 'system' && /^(debug|assert|assertequals|assertnotequals)$/.test(lc)) || c === 'assert')
            return { k: 'void' };
        return staticPlatformCall(cls.split('.'), lc);
    }

    private newExpr(e: Extract<Expr, { kind: 'New' }>, scope: Scope, ctx: Ctx): Ty {
        const t = this.resolve(e.type, ctx, e.line);
        const argTs = e.args && !e.fieldInits ? this.args(e.args, scope, ctx) : [];
        for (const fi of e.fieldInits ?? []) this.expr(fi.value, scope, ctx);
        // `new Account(Nmae = 'x')`: a misspelled field of a known object (field.does.not.exist; wording unverified)
        if (t && t.k === 'sobject' && t.name && e.fieldInits) {
            const info = this.schema?.getObject(t.name);
            for (const fi of e.fieldInits)
                if (
                    info &&
                    !info.fields.has(fi.name.toLowerCase()) &&
                    (this.fieldTypo(info, fi.name) ||
                        (/^[A-Za-z][A-Za-z0-9_]*__c$/i.test(fi.name) && fi.name.split('__').length === 2))
                )
                    this.err(ctx, e.line, `Field does not exist: ${fi.name} on ${info.name}`);
        }
        for (const x of e.listInit ?? []) this.expr(x, scope, ctx);
        for (const [k, v] of e.mapInit ?? []) {
            this.expr(k, scope, ctx);
            this.expr(v, scope, ctx);
        }
        if (e.arraySize) this.expr(e.arraySize, scope, ctx);
        if (
            t &&
            t.k === 'class' &&
            !t.cls.builtin &&
            t.cls.kind === 'class' &&
            e.args &&
            !e.fieldInits &&
            this.closed(t.cls)
        ) {
            const ctors = t.cls.decl!.ctors;
            const ok = ctors.length
                ? ctors.some(
                      (c) =>
                          c.params.length === argTs.length &&
                          c.params.every((p, i) => !this.incompatible(argTs[i], this.resolveDecl(p.type, t.cls)))
                  )
                : argTs.length === 0;
            if (!ok)
                this.err(ctx, e.line, `Constructor not defined: [${t.cls.name}].<Constructor>(${this.sigText(argTs)})`);
            else if (t.cls.hasModifier('abstract'))
                this.err(ctx, e.line, `Abstract classes cannot be constructed: ${t.cls.name}`);
        }
        if (t && t.k === 'class' && !t.cls.builtin && t.cls.kind === 'interface' && e.args && !e.fieldInits)
            this.err(ctx, e.line, `Type cannot be constructed: ${t.cls.name}`);
        return t;
    }

    // ------------------------------------------------------------------ expressions
    expr(e: Expr, scope: Scope, ctx: Ctx): Ty {
        switch (e.kind) {
            case 'Lit':
                return e.type === 'Null' ? 'null' : prim(e.type);
            case 'Name': {
                const v = this.nameValue(e.name, scope, ctx, e.line);
                if (v) return v.t;
                if (this.lookup([e.name], ctx.cls)) return null; // a type name in value position: not decided
                if (!ctx.anon && this.lexicalClosed(ctx) && !isPlatformNamespace(e.name))
                    this.err(ctx, e.line, `Variable does not exist: ${e.name}`);
                return null;
            }
            case 'This':
                if (ctx.member?.isStatic) this.err(ctx, e.line, 'This cannot be referenced in a static context');
                return ctx.cls ? { k: 'class', cls: ctx.cls } : null;
            case 'Super':
                return null;
            case 'Dot': {
                if (e.safe) return this.member(this.expr(e.target, scope, ctx), e.name, ctx, e.line);
                const tg = this.target(e, scope, ctx);
                return tg.kind === 'value' ? tg.t : null;
            }
            case 'Call':
                return this.call(e, scope, ctx);
            case 'CtorCall':
                this.args(e.args, scope, ctx);
                return null;
            case 'Index': {
                const t = this.expr(e.target, scope, ctx);
                this.expr(e.index, scope, ctx);
                return this.known(t) && t.k === 'list' ? norm(t.elem) : null;
            }
            case 'New':
                return this.newExpr(e, scope, ctx);
            case 'Cast': {
                const from = this.primName(this.expr(e.expr, scope, ctx));
                const to = norm(this.resolve(e.type, ctx, e.line));
                const into = this.primName(to);
                if (from && into && castFamily(from) && castFamily(into) && castFamily(from) !== castFamily(into))
                    this.err(
                        ctx,
                        e.line,
                        `Incompatible types since an instance of ${from} is never an instance of ${into}`
                    );
                return to;
            }
            case 'Unary': {
                const t = this.expr(e.expr, scope, ctx);
                const p = this.primName(t);
                if (e.op === '!') {
                    if (p && p !== 'Boolean' && NOT_BOOLEAN.has(p))
                        this.err(ctx, e.line, '! operator can only be applied to boolean expressions');
                    return BOOL;
                }
                if (e.op === '-' && p && !NUMERIC.includes(p) && NOT_NUMERIC.has(p))
                    this.err(ctx, e.line, 'Unary negation must use a numeric argument');
                return p && NUMERIC.includes(p) ? t : null;
            }
            case 'IncDec': {
                const t = this.expr(e.target, scope, ctx);
                const p = this.primName(t);
                if (p && NOT_NUMERIC.has(p)) {
                    const which = !e.prefix
                        ? 'postfix increment/decrement'
                        : e.op === '++'
                          ? 'prefix increment'
                          : 'prefix decrement';
                    this.err(ctx, e.line, `Unary ${which} can only be applied to numeric expressions: ${p}`);
                }
                return p && NUMERIC.includes(p) ? t : null;
            }
            case 'Bin': {
                const a = this.expr(e.left, scope, ctx);
                const b = this.expr(e.right, scope, ctx);
                this.checkOperands(e.op, a, b, ctx, e.line);
                return this.binary(e.op, a, b);
            }
            case 'InstanceOf':
                this.expr(e.expr, scope, ctx);
                this.resolve(e.type, ctx, e.line);
                return BOOL;
            case 'Cond': {
                this.expr(e.cond, scope, ctx);
                const a = this.expr(e.then, scope, ctx);
                const b = this.expr(e.else, scope, ctx);
                return this.known(a) && this.known(b) && typeToString(a) === typeToString(b) ? a : null;
            }
            case 'Assign': {
                // a final local assigned again: the org refuses it, as a compile error or as System.FinalException
                // ("Using the final Keyword" does not say which), so neither a pass nor an error
                if (e.target.kind === 'Name' && scope.isFinal(e.target.name.toLowerCase()) && !this.mute)
                    this.findings.push({
                        file: ctx.file,
                        line: e.line,
                        message: `second assignment of final local ${e.target.name}`,
                        unsupported: true
                    });
                this.checkFinalField(e.target, scope, ctx);
                const target = this.expr(e.target, scope, ctx);
                const value = this.expr(e.value, scope, ctx);
                if (e.op === '=' && this.known(target)) this.checkAssign(value, target, ctx, e.line, 'assign');
                this.checkSetter(e.target, scope, ctx);
                return this.known(target) ? target : null;
            }
            case 'ClassLit':
                this.resolve(e.type, ctx, e.line);
                return null;
            case 'CastOrBin':
                // `(a) - b`: which reading the compiler takes depends on what `a` names; check neither
                this.mute++;
                try {
                    this.expr(e.cast, scope, ctx);
                    this.expr(e.bin, scope, ctx);
                } finally {
                    this.mute--;
                }
                return null;
            case 'Soql':
            case 'Sosl':
                for (const b of e.binds) this.expr(b, scope, ctx);
                return null;
            default:
                return null;
        }
    }

    /** false only for types that are surely no exception: primitives, collections, sObjects, other project classes */
    private mayBeException(t: RType): boolean {
        if (t.k === 'prim' || t.k === 'list' || t.k === 'set' || t.k === 'map' || t.k === 'sobject') return false;
        if (t.k === 'class' && !t.cls.builtin) {
            if (t.cls.kind !== 'class') return false;
            for (let c: ClassInfo | null = t.cls; c; c = c.superclass)
                if (c.decl?.extends && !c.superclass) return true;
            return t.cls.isException;
        }
        return true;
    }

    private primName(t: Ty): string | null {
        return this.known(t) && t.k === 'prim' ? t.name : null;
    }

    /** Operand types the compiler refuses for `&&`/`||` and `==`/`!=` (only between clearly different primitives). */
    private checkOperands(op: string, a: Ty, b: Ty, ctx: Ctx, line: number): void {
        const pa = this.primName(a);
        const pb = this.primName(b);
        if (!pa || !pb) return;
        if ((op === '&&' || op === '||') && [pa, pb].some((p) => p !== 'Boolean' && NOT_BOOLEAN.has(p)))
            this.err(ctx, line, 'Logical operator can only be applied to Boolean');
        // `'a' - 1`, `1 * true`: invalid.numeric.arguments.expression (`+` with a String is concatenation)
        if (['-', '*', '/'].includes(op) && [pa, pb].some((p) => NOT_NUMERIC.has(p)))
            this.err(ctx, line, 'Arithmetic expressions must use numeric arguments');
        if (op === '+' && [pa, pb].includes('Boolean') && ![pa, pb].some((p) => p === 'String' || p === 'Id'))
            this.err(ctx, line, 'Arithmetic expressions must use numeric arguments');
        if (op === '==' || op === '!=' || op === '<' || op === '>' || op === '<=' || op === '>=') {
            const family = (p: string) =>
                NUMERIC.includes(p) ? 'number' : p === 'String' || p === 'Boolean' ? p : null;
            const fa = family(pa);
            const fb = family(pb);
            if (fa && fb && fa !== fb)
                this.err(ctx, line, `Comparison arguments must be compatible types: ${pa}, ${pb}`);
        }
    }

    private binary(op: string, a: Ty, b: Ty): Ty {
        if (['==', '!=', '===', '!==', '<', '>', '<=', '>=', '&&', '||'].includes(op)) return BOOL;
        const pa = this.known(a) && a.k === 'prim' ? a.name : null;
        const pb = this.known(b) && b.k === 'prim' ? b.name : null;
        if (op === '+' && (pa === 'String' || pb === 'String')) return STR;
        if (!pa || !pb) return null;
        if (['+', '-', '*', '/'].includes(op) && NUMERIC.includes(pa) && NUMERIC.includes(pb))
            return prim(NUMERIC[Math.max(NUMERIC.indexOf(pa), NUMERIC.indexOf(pb))]);
        if (['&', '|', '^'].includes(op) && pa === 'Boolean' && pb === 'Boolean') return BOOL;
        return null;
    }
}

/** the runtime refused to resolve (unsupported) or found its own error: the pass does not decide */
const undecidable = (e: unknown): boolean => isUnsupported(e) || e instanceof ApexCompileError;

/**
 * String instance methods (Apex Reference, "String Class"): the runtime's registry plus the documented ones it does
 * not implement, so a call outside this list is refused and one inside it is never.
 */
const STRING_METHODS_DOC = new Set([
    ...`abbreviate capitalize center charat codepointat codepointbefore codepointcount compareto contains containsany
    containsignorecase containsnone containsonly containswhitespace countmatches deletewhitespace difference endswith
    endswithignorecase equals equalsignorecase escapecsv escapeecmascript escapehtml3 escapehtml4 escapejava
    escapesinglequotes escapeunicode escapexml format fromchararray getchars getcommonprefix getlevenshteindistance
    hashcode indexof indexofany indexofanybut indexofchar indexofdifference indexofignorecase isalllowercase
    isalluppercase isalpha isalphaspace isalphanumeric isalphanumericspace isasciiprintable isblank isempty isnotblank
    isnotempty isnumeric isnumericspace iswhitespace join lastindexof lastindexofchar lastindexofignorecase left
    leftpad length matches mid normalizespace offsetbycodepoints remove removeend removeendignorecase removestart
    removestartignorecase repeat replace replaceall replacefirst reverse right rightpad split splitbycharactertype
    splitbycharactertypecamelcase startswith startswithignorecase striphtmltags substring substringafter
    substringafterlast substringbefore substringbeforelast substringbetween swapcase tolowercase touppercase tostring
    trim uncapitalize unescapecsv unescapeecmascript unescapehtml3 unescapehtml4 unescapejava unescapeunicode
    unescapexml valueof valueofgmt fromcodepoint containsanyignorecase tochararray comparetoignorecase`
        .split(/\s+/)
        .filter(Boolean)
]);

/** List, Set and Map instance methods (Apex Reference, "List Class", "Set Class", "Map Class"), generously. */
const COLLECTION_METHODS: Record<'list' | 'set' | 'map', Set<string>> = {
    list: new Set(
        'add addall clear clone contains deepclone equals get getsobjecttype hashcode indexof isempty iterator remove set size sort tostring removeall retainall containsall'.split(
            ' '
        )
    ),
    set: new Set(
        'add addall clear clone contains containsall equals hashcode isempty iterator remove removeall retainall size tostring'.split(
            ' '
        )
    ),
    map: new Set(
        'clear clone containskey deepclone equals get getsobjecttype hashcode isempty keyset put putall remove size tostring values'.split(
            ' '
        )
    )
};

const norm = (t: RType | null): Ty => (t && t.k === 'any' ? null : t);

const PLATFORM_NAMESPACES = new Set(
    'system database schema connectapi auth messaging metadata approval eventbus flow cache dom reports site label apexpages trigger userinfo limits test json math crypto encodingutil process canvas support wave invocable sfc slack datasource functions visualeditor kbmanagement txnsecurity userprovisioning commercepayments lxscheduler'.split(
        ' '
    )
);
const isPlatformNamespace = (n: string): boolean => PLATFORM_NAMESPACES.has(n.toLowerCase());

/** The few static platform methods whose result type is certain (Apex Reference: String, Integer, Date, …). */
function staticPlatformCall(names: string[], lc: string): Ty {
    const cls = names
        .join('.')
        .toLowerCase()
        .replace(/^system\./, '');
    if (cls === 'string' && lc === 'valueof') return STR;
    if (cls === 'string' && ['isblank', 'isnotblank', 'isempty', 'isnotempty'].includes(lc)) return BOOL;
    if (cls === 'string' && ['join', 'escapesinglequotes', 'format'].includes(lc)) return STR;
    if (['integer', 'long', 'decimal', 'double', 'boolean', 'id', 'date', 'datetime'].includes(cls) && lc === 'valueof')
        return prim(NUMERIC.find((n) => n.toLowerCase() === cls) ?? cls.charAt(0).toUpperCase() + cls.slice(1));
    const fixed = STATIC_RESULTS.get(`${cls}.${lc}`);
    if (fixed) return prim(fixed);
    // every Limits.getX() / getLimitX() returns an Integer (Limits Class)
    if (cls === 'limits' && lc.startsWith('get')) return INT;
    return null;
}

/** System enums (Apex Reference, "System Namespace"): values answer name() and ordinal() as every enum's do. */
const PLATFORM_ENUMS = new Set(['triggeroperation', 'logginglevel', 'quiddity']);

/** Static platform methods whose every overload returns one type (Apex Reference: Date, Datetime, System, UserInfo,
 *  EncodingUtil, JSON, Test, Crypto classes). */
const STATIC_RESULTS = new Map<string, string>(
    (
        'date.today:Date date.newinstance:Date system.today:Date datetime.now:Datetime system.now:Datetime ' +
        'datetime.newinstance:Datetime datetime.newinstancegmt:Datetime system.currenttimemillis:Long ' +
        'system.isbatch:Boolean system.isfuture:Boolean system.isqueueable:Boolean system.isscheduled:Boolean ' +
        'test.isrunningtest:Boolean userinfo.getuserid:Id userinfo.getprofileid:Id userinfo.getorganizationid:Id ' +
        'userinfo.getname:String userinfo.getusername:String userinfo.getuseremail:String userinfo.getfirstname:String ' +
        'userinfo.getlastname:String userinfo.getorganizationname:String userinfo.getlocale:String ' +
        'userinfo.getlanguage:String userinfo.getusertype:String encodingutil.urlencode:String ' +
        'encodingutil.urldecode:String encodingutil.base64encode:String encodingutil.converttohex:String ' +
        'encodingutil.base64decode:Blob json.serialize:String json.serializepretty:String blob.valueof:Blob ' +
        'crypto.getrandominteger:Integer crypto.getrandomlong:Long'
    )
        .split(' ')
        .map((x) => x.split(':') as [string, string])
);

/** Result types of value methods the runtime implements and whose result is fixed. */
function valueCallType(t: RType, lc: string, argc: number): Ty {
    if (t.k === 'list' || t.k === 'set' || t.k === 'map') {
        if (lc === 'size' && argc === 0) return INT;
        if (lc === 'isempty' && argc === 0) return BOOL;
        if ((lc === 'contains' || lc === 'containskey') && argc === 1) return BOOL;
        if (t.k === 'list' && argc === 1 && lc === 'get') return norm(t.elem);
        if (t.k === 'map' && argc === 1 && lc === 'get') return norm(t.val);
        if (t.k === 'map' && argc === 0 && lc === 'keyset') return { k: 'set', elem: t.key };
        if (t.k === 'map' && argc === 0 && lc === 'values') return { k: 'list', elem: t.val };
        return null;
    }
    if (t.k === 'prim' && t.name === 'String') {
        if (['length', 'indexof', 'lastindexof', 'compareto'].includes(lc)) return INT;
        if (
            [
                'trim',
                'touppercase',
                'tolowercase',
                'substring',
                'replace',
                'replaceall',
                'left',
                'right',
                'capitalize'
            ].includes(lc)
        )
            return STR;
        if (['contains', 'startswith', 'endswith', 'equalsignorecase', 'isnumeric'].includes(lc)) return BOOL;
    }
    return null;
}

/**
 * Whether control can reach the end of `s` (Java-style reachability, as the Apex compiler applies it for "Missing
 * return statement"): true = it can, false = it cannot, null = not decided (loops on constants, switch).
 */
export function completes(s: Stmt): boolean | null {
    switch (s.kind) {
        case 'Return':
        case 'Throw':
            return false;
        case 'Break':
        case 'Continue':
            return null;
        case 'Block': {
            for (const x of s.stmts) {
                const c = completes(x);
                if (c !== true) return c;
            }
            return true;
        }
        case 'If': {
            if (!s.else) return true;
            const a = completes(s.then);
            const b = completes(s.else);
            if (a === true || b === true) return true;
            return a === false && b === false ? false : null;
        }
        case 'Try': {
            if (s.fin) {
                const f = completes(s.fin);
                if (f !== true) return f;
            }
            const parts = [completes(s.body), ...s.catches.map((c) => completes(c.body))];
            if (parts.includes(true)) return true;
            return parts.every((p) => p === false) ? false : null;
        }
        case 'While':
        case 'For': {
            const c = s.cond;
            if (!c || (c.kind === 'Lit' && c.value === true)) return null;
            return true;
        }
        case 'ForEach':
            return true;
        case 'DoWhile':
        case 'Switch':
            return null;
        case 'RunAs':
            return completes(s.body);
        default:
            return true;
    }
}

export type { Scope };
