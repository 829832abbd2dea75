// Method and constructor resolution the way the Apex compiler does it: the candidates are the methods of the
// *static* type of the receiver (the lexical class for unqualified calls); a candidate is applicable when every
// argument's static type converts implicitly to its parameter type; the most specific applicable one wins
// (Apex Developer Guide, "Class Methods": overloads differ by parameter types; "Primitive Data Types" / "Rules
// of Conversion": Integer → Long → Double → Decimal widen implicitly, Id and String convert both ways; "Lists":
// a List<Account> is a List<SObject>). The chosen signature is then dispatched on the run-time class, so a
// subclass override runs but an overload that exists only in the subclass is never picked (it was invisible to
// the compiler). Where no static type is known (an expression this module does not type) the argument's
// run-time type stands in, which can only be more specific; a choice that stays ambiguous is reported as
// unsupported rather than guessed.
import type { Expr, MethodDecl, TypeRef } from '../frontend/ast';
import * as V from '../values';
import { ApexList, ApexMap, ApexSet } from '../collections';
import { nativeSupertypes } from './natives';
import { ApexObject, ClassInfo, EnumValue, NativeObject, RType, TypeValue, typeToString } from './types';
import type { Interpreter } from './interpreter';
import type { SchemaRegistry } from '../schema';

/** An argument's type for resolution: `static` when the compiler would know it, else taken from the value. */
export interface ArgType {
    t: RType | 'null';
    isStatic: boolean;
    value: unknown;
}

const NUMERIC: readonly string[] = ['Integer', 'Long', 'Double', 'Decimal'];

/** Static type of an argument expression, when it can be read off without evaluating anything again. */
export function staticTypeOf(it: Interpreter, e: Expr): RType | 'null' | null {
    const f = it.frame;
    const safe = (tr: TypeRef): RType | null => {
        try {
            return it.resolveType(tr, f.cls);
        } catch {
            return null;
        }
    };
    const known = (x: Expr): RType | null => {
        const t = staticTypeOf(it, x);
        return t === 'null' ? null : t;
    };
    switch (e.kind) {
        case 'Lit':
            return e.type === 'Null' ? 'null' : { k: 'prim', name: e.type };
        case 'Name': {
            const slot = f.scope.lookup(e.name.toLowerCase());
            if (slot) return slot.t;
            return fieldType(it, f.cls, e.name, f.thisObj !== null);
        }
        case 'This':
            return f.cls ? { k: 'class', cls: f.cls } : null;
        case 'Dot': {
            if (e.target.kind === 'This') return fieldType(it, f.cls, e.name, true);
            const t = known(e.target);
            if (t?.k === 'class') return fieldType(it, t.cls, e.name, true);
            if (t?.k === 'sobject' && t.name) return sobjectFieldType(it, t.name, e.name);
            return null;
        }
        case 'Index': {
            const t = known(e.target);
            return t?.k === 'list' ? t.elem : null;
        }
        case 'Call':
            return callType(it, e);
        case 'Cast':
        case 'New':
            return safe(e.type);
        default:
            return null;
    }
}

/** Declared return type of a call, when every overload of that arity agrees on it (else unknown). */
function callType(it: Interpreter, e: Extract<Expr, { kind: 'Call' }>): RType | null {
    const f = it.frame;
    const lc = e.name.toLowerCase();
    let cls: ClassInfo | null = null;
    if (e.target === null) {
        for (let c: ClassInfo | null = f.cls; c && !cls; c = c.outer) if (c.findMethods(lc).length) cls = c;
    } else if (e.target.kind === 'This') cls = f.cls;
    else {
        const t = staticTypeOf(it, e.target);
        if (t && t !== 'null') {
            if (t.k === 'class') cls = t.cls;
            else return collectionCallType(t, lc, e.args.length);
        } else if (e.target.kind === 'Name' && !f.scope.lookup(e.target.name.toLowerCase())) {
            // Foo.bar(): a static call on a class named by the target
            const named = it.lookupType([e.target.name], f.cls);
            if (named?.k === 'class') cls = named.cls;
        }
    }
    if (!cls || cls.builtin) return null;
    const cands = cls.findMethods(lc).filter((m) => m.params.length === e.args.length);
    const types = cands.map((m) => (m.returnType ? it.resolveType(m.returnType, cls!.ownerOfMethod(m)) : null));
    if (!types.length || types.some((t) => !t || typeKey(t) !== typeKey(types[0]!))) return null;
    return types[0];
}

/** The generic collection methods whose result type follows from the collection's declared type. */
function collectionCallType(t: RType, lc: string, argc: number): RType | null {
    // SObject.get(field) and AggregateResult.get(alias) return Object (Apex Reference, "SObject Class": get)
    if (argc === 1 && lc === 'get' && (t.k === 'sobject' || (t.k === 'native' && t.name === 'AggregateResult')))
        return { k: 'any' };
    if (t.k === 'list' && argc === 1 && (lc === 'get' || lc === 'remove')) return t.elem;
    if (t.k === 'map' && argc === 1 && (lc === 'get' || lc === 'remove')) return t.val;
    if (t.k === 'map' && argc === 0 && lc === 'values') return { k: 'list', elem: t.val };
    if (t.k === 'map' && argc === 0 && lc === 'keyset') return { k: 'set', elem: t.key };
    return null;
}

/** Declared type of `record.Field` on a statically known sObject type (a parent relationship is its sObject). */
function sobjectFieldType(it: Interpreter, object: string, name: string): RType | null {
    const schema = it.services.schema as SchemaRegistry | undefined;
    const info = schema?.getObject(object);
    const f = info?.fields.get(name.toLowerCase());
    if (f) return f.type === 'Location' || f.type === 'Address' ? null : { k: 'prim', name: f.apexType };
    const rel = info ? schema!.relationshipField(info.name, name) : undefined;
    return rel?.referenceTo?.length === 1 ? { k: 'sobject', name: rel.referenceTo[0] } : null;
}

function fieldType(it: Interpreter, cls: ClassInfo | null, name: string, instance: boolean): RType | null {
    const fi = cls?.findField(name.toLowerCase());
    if (!fi || (!instance && !fi.isStatic)) return null;
    try {
        return it.resolveType(fi.type, fi.owner);
    } catch {
        return null;
    }
}

/** Run-time type of a value, as the stand-in for an unknown static type. */
export function runtimeTypeOf(it: Interpreter, v: unknown): RType | 'null' {
    if (v === null || v === undefined) return 'null';
    const p = V.typeOfPrimitive(v);
    if (p) return { k: 'prim', name: p };
    if (v instanceof ApexList) return { k: 'list', elem: v.elemType };
    if (v instanceof ApexSet) return { k: 'set', elem: v.elemType };
    if (v instanceof ApexMap) return { k: 'map', key: v.keyType, val: v.valType };
    if (v instanceof ApexObject) return { k: 'class', cls: v.cls };
    if (v instanceof EnumValue)
        return typeof v.type === 'string' ? { k: 'native', name: v.type } : { k: 'class', cls: v.type };
    if (v instanceof NativeObject) return { k: 'native', name: v.cls };
    if (v instanceof TypeValue) return { k: 'native', name: 'Type' };
    const so = it.sobjectHooks.typeOf(v);
    if (so) return { k: 'sobject', name: so };
    return { k: 'native', name: it.typeOf(v) };
}

export function argTypes(it: Interpreter, exprs: Expr[] | null, values: unknown[]): ArgType[] {
    return values.map((value, i) => {
        const st = exprs?.[i] ? staticTypeOf(it, exprs[i]) : null;
        return st ? { t: st, isStatic: true, value } : { t: runtimeTypeOf(it, value), isStatic: false, value };
    });
}

function nativeIs(actual: string, wanted: string): boolean {
    return (
        actual.toLowerCase() === wanted.toLowerCase() ||
        (nativeSupertypes.get(actual)?.some((s) => s.toLowerCase() === wanted.toLowerCase()) ?? false)
    );
}

/**
 * Implicit conversion of a value of type `a` to `p` ("Rules of Conversion"; collections are covariant). `loose`
 * adds the conversions that are not widening — String → Id and Decimal → Double — which only count when no
 * overload takes the argument without them (an exact String parameter beats an Id one for a String argument).
 */
export function converts(it: Interpreter, a: RType, p: RType, elem = false, loose = true): boolean {
    if (p.k === 'any') return true;
    if (a.k === 'any') return false;
    switch (p.k) {
        case 'prim':
            if (a.k !== 'prim') return false;
            if (a.name === p.name) return true;
            // collections of Id and String are accepted for each other only in the loose pass: it is not documented
            // either way, and a refused call that the org compiles would be a false compile error
            if (elem)
                return (a.name === 'Id' && p.name === 'String') || (loose && a.name === 'String' && p.name === 'Id');
            if (NUMERIC.includes(a.name) && NUMERIC.includes(p.name))
                return (
                    NUMERIC.indexOf(a.name) < NUMERIC.indexOf(p.name) ||
                    (loose && a.name === 'Decimal' && p.name === 'Double')
                );
            if (a.name === 'Id' && p.name === 'String') return true;
            // Date → Datetime (midnight) is converted on assignment; taken only in the loose pass, like String → Id
            return loose && ((a.name === 'String' && p.name === 'Id') || (a.name === 'Date' && p.name === 'Datetime'));
        case 'list':
        case 'set':
            return a.k === p.k && converts(it, a.elem, p.elem, true);
        case 'map':
            return a.k === 'map' && converts(it, a.key, p.key, true) && converts(it, a.val, p.val, true);
        case 'class':
            if (a.k === 'class') return a.cls.isSubclassOf(p.cls);
            // List and Set implement Iterable (Apex Reference, "Iterable Interface"); its type argument is not tracked
            if ((a.k === 'list' || a.k === 'set') && p.cls.builtin && p.cls.name === 'Iterable') return true;
            return a.k === 'native' && p.cls.builtin && p.cls.kind === 'interface' && nativeIs(a.name, p.cls.name);
        case 'sobject':
            // AggregateResult is "a read-only sObject" (Apex Developer Guide, "Working with SOQL Aggregate
            // Functions"): an AggregateResult (or a List of them) binds to an SObject (List<SObject>) parameter
            if (a.k === 'native' && a.name === 'AggregateResult') return p.name === null;
            if (a.k !== 'sobject') return false;
            // a List<SObject> argument for a List<Opportunity> parameter (loose pass only; the value's own list
            // type is checked when it is bound). [Obs] orgs compile fflib-apex-common's domain constructors, called
            // with the List<SObject> of IConstructable.construct; a query's List<SObject> assigns the same way
            if (elem && loose && a.name === null) return true;
            return p.name === null || a.name?.toLowerCase() === p.name.toLowerCase();
        case 'native':
            if (a.k === 'native') return nativeIs(a.name, p.name);
            // AggregateResult is an sObject type: a List<SObject> argument (Database.query's result) binds to a
            // List<AggregateResult> parameter like it does to List<Account>, loose pass only (soql-lib's toList()
            // into its add(List<AggregateResult>) compiles on the platform)
            if (elem && loose && a.k === 'sobject' && a.name === null && p.name === 'AggregateResult') return true;
            if (a.k === 'class') {
                const iface = it.program.nativeInterfaces.get(p.name);
                return !!iface && a.cls.isSubclassOf(iface);
            }
            return false;
        default:
            return false;
    }
}

function applicable(it: Interpreter, a: ArgType, p: RType, loose: boolean): boolean {
    if (a.t === 'null') return true; // every Apex type, primitives included, holds null
    if (converts(it, a.t, p, false, loose)) return true;
    // A static type is what the compiler checks; a run-time stand-in only has to be accepted by the conversion
    // the call performs anyway (for example Date → Datetime), so it never turns a valid call into an error.
    if (a.isStatic || !loose) return false;
    if (it.isInstance(a.value, p)) return true;
    try {
        it.coerce(a.value, p);
        return true;
    } catch {
        return false;
    }
}

/** `m` is at least as specific as `n`: each of its parameter types converts to `n`'s. */
function asSpecific(it: Interpreter, m: RType[], n: RType[]): boolean {
    return m.every((t, i) => {
        const u = n[i];
        // String and Id convert both ways; Id is the narrower one, and Decimal → Double does not make Decimal narrower
        if (t.k === 'prim' && u.k === 'prim') {
            if (t.name === u.name) return true;
            if (t.name === 'String' && u.name === 'Id') return false;
            if (t.name === 'Decimal' && u.name === 'Double') return false;
        }
        // List<SObject> → List<Account> is accepted for a call, but it is no narrower: List<Account> stays the more
        // specific parameter
        if ((t.k === 'list' || t.k === 'set') && t.k === u.k && t.elem.k === 'sobject' && u.elem.k === 'sobject')
            return u.elem.name === null || t.elem.name?.toLowerCase() === u.elem.name.toLowerCase();
        return converts(it, t, u);
    });
}

function sameTypes(a: RType[], b: RType[]): boolean {
    return a.every((t, i) => typeKey(t) === typeKey(b[i]));
}

function typeKey(t: RType): string {
    return t.k === 'class' ? `class:${t.cls.topLevel.key}/${t.cls.key}` : typeToString(t).toLowerCase();
}

export interface CallSite {
    /** the type named in the platform's message: `from the type X` */
    typeName: string;
    name: string;
    ctor?: boolean;
}

function signatureText(args: ArgType[]): string {
    return args.map((a) => (a.t === 'null' ? 'NULL' : typeToString(a.t))).join(', ');
}

export function noSuchMethod(it: Interpreter, site: CallSite, args: ArgType[], line?: number): never {
    if (site.ctor)
        return it.compileError(
            `Constructor not defined: [${site.typeName}].<Constructor>(${signatureText(args)})`,
            line
        );
    // wording as the deploy compiler prints it: "Method does not exist or incorrect signature: void foo(String)
    // from the type Bar" (the expected return type is not known from a call statement; the platform prints void)
    return it.compileError(
        `Method does not exist or incorrect signature: void ${site.name}(${signatureText(args)}) from the type ${site.typeName}`,
        line
    );
}

/** Choose among `cands` (declared on, or inherited by, `cls`) for arguments of the given types. */
export function selectMethod(
    it: Interpreter,
    cands: MethodDecl[],
    args: ArgType[],
    cls: ClassInfo | null,
    site: CallSite,
    line?: number
): MethodDecl {
    const chosen = trySelectMethod(it, cands, args, cls, site, line);
    if (chosen) return chosen;
    // Public code compiles on the platform, so "no overload fits the declared types although the values would" points
    // at a conversion this model lacks more often than at a real compile error: refuse to decide instead of failing.
    const byValue = args.map((a) => ({ t: runtimeTypeOf(it, a.value), isStatic: false, value: a.value }));
    if (args.some((a) => a.isStatic) && trySelectMethod(it, cands, byValue, cls, site, line))
        return it.unsupported(
            `call ${site.typeName}.${site.name}(${signatureText(args)}): no overload takes the declared argument types, the values would fit`,
            line
        );
    return noSuchMethod(it, site, args, line);
}

/** Like selectMethod, but null when no candidate applies (the caller has further methods to try). */
export function trySelectMethod(
    it: Interpreter,
    cands: MethodDecl[],
    args: ArgType[],
    cls: ClassInfo | null,
    site: CallSite,
    line?: number
): MethodDecl | null {
    const params = (m: MethodDecl): RType[] => {
        const owner = cls ? cls.ownerOfMethod(m) : null;
        return m.params.map((p) => it.resolveType(p.type, owner));
    };
    const arity = cands.filter((m) => m.params.length === args.length).map((m) => ({ m, ps: params(m) }));
    const fits = (loose: boolean) => arity.filter(({ ps }) => ps.every((p, i) => applicable(it, args[i], p, loose)));
    const strict = fits(false);
    const ok = strict.length ? strict : fits(true);
    if (!ok.length) return null;
    if (ok.length === 1) return ok[0].m;
    const best = ok.filter((c) => ok.every((d) => d === c || asSpecific(it, c.ps, d.ps)));
    // the same signature seen twice (an override spelled differently) is one method: the first is the most derived
    if (best.length >= 1 && best.every((b) => sameTypes(b.ps, best[0].ps))) return best[0].m;
    // an overload declared with exactly the arguments' static types is the most specific one, whatever else the
    // arguments convert to (Query.apex: toString(Set<Id>) beside toString(Set<String>) and toString(Object), called
    // with a Set<Id>; Set<Id> and Set<String> convert both ways in this model, so neither is narrower)
    if (args.every((a) => a.isStatic && a.t !== 'null')) {
        const exact = ok.filter(({ ps }) => ps.every((p, i) => typeKey(p) === typeKey(args[i].t as RType)));
        if (exact.length >= 1 && exact.every((b) => sameTypes(b.ps, exact[0].ps))) return exact[0].m;
    }
    return it.unsupported(
        `ambiguous call ${site.typeName}.${site.name}(${signatureText(args)}): the platform's choice among ${ok.length} overloads is not modelled`,
        line
    );
}

/** The override of `m` (chosen on a static type) that an instance of `runtime` executes. */
export function dispatch(it: Interpreter, runtime: ClassInfo, staticCls: ClassInfo, m: MethodDecl): MethodDecl {
    if (runtime === staticCls) return m;
    const want = m.params.map((p) => it.resolveType(p.type, staticCls.ownerOfMethod(m)));
    // a static method of the same signature implements an interface method (ClassInfo.staticInterfaceImpls)
    const viaInterface = staticCls.ownerOfMethod(m).kind === 'interface';
    for (const statics of viaInterface ? [false, true] : [false])
        for (const c of runtime.findMethods(m.name.toLowerCase())) {
            if (c.modifiers.includes('static') !== statics || c.params.length !== want.length) continue;
            const ps = c.params.map((p) => it.resolveType(p.type, runtime.ownerOfMethod(c)));
            if (sameTypes(ps, want)) return c;
        }
    return m;
}
