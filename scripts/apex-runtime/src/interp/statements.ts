// Statement execution: blocks and scopes, loops (including SOQL for loops and user iterables), switch,
// try/catch/finally (uncatchable exceptions skip both), DML statements, System.runAs.
import type { Interpreter } from './interpreter';
import type { Expr, Stmt } from '../frontend/ast';
import { ApexList, ApexMap, ApexSet } from '../collections';
import type { PartialInfo } from '../collections';
import { ApexLimitThrow, ApexThrow } from './exceptions';
import { ApexObject, EnumValue } from './types';
import type { RType } from './types';
import * as V from '../values';
import { Scope, NORMAL, BREAK, CONTINUE, RETURN } from './state';
import { dataService } from './runtime-services';
import type { RuntimeServices } from './runtime-services';

/**
 * What `UserInfo.getUiTheme()` / `getUiThemeDisplayed()` can return: the themes the UserInfo Class page (Apex
 * Reference) lists, and of the same user attributes the Visualforce Developer Guide ("$User.UITheme and
 * $User.UIThemeDisplayed") says "Both variables return one of the following values". Which one a test (no UI
 * session) gets is not documented.
 */
export const UI_THEMES: readonly string[] = [
    'Theme1',
    'Theme2',
    'Theme3',
    'Theme4d',
    'Theme4t',
    'Theme4u',
    'PortalDefault',
    'Webstore'
];

/** Never instantiated: interpreter.ts installs these methods on Interpreter.prototype (`this` is the interpreter). */
export class StatementMethods {
    execBlock(this: Interpreter, stmts: Stmt[], scope: Scope): number {
        const f = this.frame;
        const saved = f.scope;
        f.scope = scope;
        try {
            for (const s of stmts) {
                const r = this.exec(s);
                if (r !== NORMAL) return r;
            }
            return NORMAL;
        } finally {
            f.scope = saved;
        }
    }

    exec(this: Interpreter, s: Stmt): number {
        const f = this.frame;
        if (s.kind !== 'Block') {
            this.curLine = s.line;
            f.line = s.line;
            f.cov?.add(s.line);
            this.tx.limits.step();
        }
        switch (s.kind) {
            case 'Block':
                return this.execBlock(s.stmts, new Scope(f.scope));
            case 'LocalVar': {
                const t = this.resolveType(s.type, f.cls);
                for (const d of s.decls) {
                    const lc = d.name.toLowerCase();
                    if (f.scope.vars.has(lc)) this.compileError(`Duplicate variable: ${d.name}`, d.line);
                    const v = d.init ? this.coerce(this.evalTyped(d.init, t), t) : null;
                    f.scope.vars.set(lc, s.final ? { t, v, final: { assigned: !!d.init } } : { t, v });
                }
                return NORMAL;
            }
            case 'ExprStmt':
                if (s.expr.kind === 'Assign' && s.expr.op === '=') {
                    const what = this.undecidedRead(s.expr.value);
                    if (what) {
                        const lv = this.lvalue(s.expr.target);
                        if (lv.undecided) {
                            lv.undecided(what, UI_THEMES);
                            return NORMAL;
                        }
                        lv.set(this.coerce(this.eval(s.expr.value), lv.type));
                        return NORMAL;
                    }
                }
                if (s.expr.kind === 'Assign') this.evalAssign(s.expr, false);
                else if (s.expr.kind === 'IncDec') this.evalIncDec(s.expr, false);
                else this.eval(s.expr);
                return NORMAL;
            case 'If':
                if (this.truthy(this.eval(s.cond))) return this.execScoped(s.then);
                return s.else ? this.execScoped(s.else) : NORMAL;
            case 'While':
                while (this.truthy(this.eval(s.cond))) {
                    const r = this.execScoped(s.body);
                    if (r === BREAK) break;
                    if (r === RETURN) return r;
                }
                return NORMAL;
            case 'DoWhile':
                do {
                    const r = this.execScoped(s.body);
                    if (r === BREAK) break;
                    if (r === RETURN) return r;
                    this.curLine = s.line;
                } while (this.truthy(this.eval(s.cond)));
                return NORMAL;
            case 'For': {
                const scope = new Scope(f.scope);
                const saved = f.scope;
                f.scope = scope;
                try {
                    for (const i of s.init) this.exec(i);
                    while (s.cond === null || this.truthy(this.eval(s.cond))) {
                        const r = this.execScoped(s.body);
                        if (r === BREAK) break;
                        if (r === RETURN) return r;
                        for (const u of s.update) this.eval(u);
                    }
                } finally {
                    f.scope = saved;
                }
                return NORMAL;
            }
            case 'ForEach': {
                const t = this.resolveType(s.type, f.cls);
                const coll = this.eval(s.iter);
                if (coll === null) this.npe();
                if (coll instanceof ApexList && coll.partial) return this.forEachPartial(s, t, coll.partial);
                let items: unknown[];
                if (coll instanceof ApexList && t.k === 'list' && this.services.isSoqlList?.(coll)) {
                    // SOQL for loop, list form: the body runs once per batch of 200 sObjects ("SOQL For Loops")
                    items = [];
                    for (let i = 0; i < coll.items.length; i += 200)
                        items.push(new ApexList(coll.elemType, coll.items.slice(i, i + 200)));
                } else if (coll instanceof ApexList) items = coll.items.slice();
                else if (coll instanceof ApexSet) items = coll.values();
                else if (coll instanceof ApexObject) items = this.iterateUser(coll);
                else this.unsupported(`for-each over ${this.typeOf(coll)}`, s.line);
                const lc = s.name.toLowerCase();
                const origLen = coll instanceof ApexList ? coll.items.length : -1;
                for (const it of items) {
                    const scope = new Scope(f.scope);
                    scope.vars.set(lc, { t, v: this.coerce(it, t) });
                    const r = this.withScope(scope, () => this.execInScope(s.body));
                    if (r === BREAK) break;
                    if (r === RETURN) return r;
                    if (coll instanceof ApexList && coll.items.length !== origLen) {
                        // modifying a list while iterating it
                        this.throwApex('FinalException', 'Cannot modify a collection while it is being iterated.');
                    }
                }
                return NORMAL;
            }
            case 'Switch':
                return this.execSwitch(s);
            case 'Try':
                return this.execTry(s);
            case 'Return':
                f.retVal = s.expr ? this.eval(s.expr) : null;
                return RETURN;
            case 'Throw': {
                const v = this.eval(s.expr);
                if (v === null) this.npe();
                if (!(v instanceof ApexObject) || !v.exc)
                    this.compileError('Throw expression must be an exception', s.line);
                throw new ApexThrow(v);
            }
            case 'Break':
                return BREAK;
            case 'Continue':
                return CONTINUE;
            case 'Dml':
                this.execDml(s);
                return NORMAL;
            case 'RunAs': {
                const args = s.args.map((a) => this.eval(a));
                const runAs = this.services.runAs as RuntimeServices['runAs'] | undefined;
                if (!runAs) this.unsupported('System.runAs', s.line);
                let r = NORMAL;
                runAs(this, args, () => {
                    r = this.execScoped(s.body);
                });
                return r;
            }
            case 'Unsupported':
                return this.unsupported(s.what, s.line);
        }
    }

    withScope<T>(this: Interpreter, scope: Scope, fn: () => T): T {
        const f = this.frame;
        const saved = f.scope;
        f.scope = scope;
        try {
            return fn();
        } finally {
            f.scope = saved;
        }
    }

    /**
     * A platform read whose value a test cannot know, when it is stored straight into an sObject field
     * (`e.ThemeDisplayed__c = UserInfo.getUiThemeDisplayed();`): the UserInfo Class page lists the themes but not the
     * one a test (no UI session) displays. The field is kept undecided (SObject.putUndecided): only reading it back is
     * Unsupported. Returns what the read is, or null for any other expression. The value is one of UI_THEMES, so a
     * comparison of its length can still be decided (operators.ts evalBin).
     */
    undecidedRead(this: Interpreter, e: Expr): string | null {
        if (e.kind !== 'Call' || e.args.length || !e.target) return null;
        const name = e.name.toLowerCase();
        if (name !== 'getuithemedisplayed' && name !== 'getuitheme') return null;
        if (!(this.services.test as { running?: boolean } | undefined)?.running) return null;
        const t = e.target;
        const names =
            t.kind === 'Name' ? [t.name] : t.kind === 'Dot' && t.target.kind === 'Name' ? [t.target.name, t.name] : [];
        const spelled = names.map((n) => n.toLowerCase()).join('.');
        if (spelled !== 'userinfo' && spelled !== 'system.userinfo') return null;
        // a project class or variable named UserInfo shadows the platform class
        if (names.length === 1 && (this.frame.scope.lookup('userinfo') || this.program.classes.has('userinfo')))
            return null;
        return `UserInfo.${e.name}() in a test (the theme without a UI session is not documented)`;
    }

    execInScope(this: Interpreter, s: Stmt): number {
        if (s.kind === 'Block') {
            for (const x of s.stmts) {
                const r = this.exec(x);
                if (r !== NORMAL) return r;
            }
            return NORMAL;
        }
        return this.exec(s);
    }

    execScoped(this: Interpreter, s: Stmt): number {
        if (s.kind === 'Block') return this.exec(s);
        return this.withScope(new Scope(this.frame.scope), () => this.exec(s));
    }

    iterateUser(this: Interpreter, o: ApexObject): unknown[] {
        // Iterable<T>: iterator() returning an Iterator with hasNext()/next()
        let it: unknown = o;
        if (o.cls.findMethods('iterator').length) it = this.callMethod(o, 'iterator', []);
        const out: unknown[] = [];
        for (let guard = 0; guard < 1_000_000; guard++) {
            if (!this.truthy(this.invokeOn(it, 'hasNext', []))) return out;
            out.push(this.invokeOn(it, 'next', []));
        }
        return out;
    }

    /** for-each over a partialList: the known elements, then unsupported unless the loop left early */
    forEachPartial(this: Interpreter, s: Extract<Stmt, { kind: 'ForEach' }>, t: RType, partial: PartialInfo): number {
        const lc = s.name.toLowerCase();
        for (const it of partial.known) {
            const scope = new Scope(this.frame.scope);
            scope.vars.set(lc, { t, v: this.coerce(it, t) });
            const r = this.withScope(scope, () => this.execInScope(s.body));
            if (r === BREAK) return NORMAL;
            if (r === RETURN) return r;
        }
        // a search whose key no unknown element can hold does nothing for them: the loop just ends
        const guard = unknownsSkipped(s.body, lc);
        if (guard && partial.neverMatches?.(guard.getter, this.eval(guard.value))) return NORMAL;
        // a loop that only indexes the elements into a map by a unique key: the map is known for every key no
        // unknown element holds (a later `get` of another key, its size or its entries stay unsupported)
        const put = keyedPut(s.body, lc);
        const neverMatches = partial.neverMatches;
        if (put && neverMatches) {
            const m = this.eval(put.map);
            if (m instanceof ApexMap && !m.partialKeys && Object.getPrototypeOf(m) === ApexMap.prototype) {
                m.partialKeys = {
                    what: `a map filled from ${partial.what}`,
                    knows: (k) => neverMatches(put.getter, k)
                };
                return NORMAL;
            }
        }
        return this.unsupported(`a loop over ${partial.what} past its known elements`, s.line);
    }

    execSwitch(this: Interpreter, s: Extract<Stmt, { kind: 'Switch' }>): number {
        const v = this.eval(s.expr);
        const f = this.frame;
        for (const w of s.whens) {
            if (w.values === null) return this.execScoped(w.body);
            for (const wv of w.values) {
                if (wv.kind === 'type') {
                    const t = this.resolveType(wv.type, f.cls);
                    // whether `when Decimal d` takes an Integer (as instanceof does) is not documented
                    if (t.k === 'prim' && V.isInstanceOnlyByConversion(v, t.name))
                        this.unsupported(`switch on type: a ${this.typeOf(v)} value against when ${t.name}`);
                    if (this.isInstance(v, t)) {
                        const scope = new Scope(f.scope);
                        scope.vars.set(wv.name.toLowerCase(), { t, v });
                        return this.withScope(scope, () => this.exec(w.body));
                    }
                } else if (wv.kind === 'enum') {
                    if (v instanceof EnumValue && v.name.toLowerCase() === wv.name.toLowerCase())
                        return this.execScoped(w.body);
                } else {
                    const lit = this.eval(wv.expr);
                    if (v === null ? lit === null : lit !== null && this.valueEquals(v, lit))
                        return this.execScoped(w.body);
                }
            }
        }
        return NORMAL;
    }

    execTry(this: Interpreter, s: Extract<Stmt, { kind: 'Try' }>): number {
        const f = this.frame;
        const depth = this.frames.length;
        let result = NORMAL;
        let skipFinally = false;
        try {
            try {
                result = this.exec(s.body);
            } catch (raw) {
                const e = this.toApexThrow(raw);
                if (!(e instanceof ApexThrow) || e instanceof ApexLimitThrow) throw e;
                this.frames.length = depth;
                this.curLine = f.line;
                let handled = false;
                for (const c of s.catches) {
                    const t = this.resolveType({ names: c.type, args: [] }, f.cls);
                    if ((t.k === 'class' && e.value.cls.isSubclassOf(t.cls)) || t.k === 'any') {
                        const scope = new Scope(f.scope);
                        scope.vars.set(c.name.toLowerCase(), { t, v: e.value });
                        result = this.withScope(scope, () => this.exec(c.body));
                        handled = true;
                        break;
                    }
                }
                if (!handled) throw e;
            }
        } catch (raw) {
            // "When exceptions are uncatchable, catch blocks, as well as finally blocks if any, aren't executed"
            // (Apex Developer Guide, "Exceptions in Apex": limit and assertion exceptions). An unsupported construct
            // or a runtime bug ends the test as it is too: `finally` code could replace it with an Apex exception.
            const x = this.toApexThrow(raw);
            if (!(x instanceof ApexThrow) || x instanceof ApexLimitThrow) skipFinally = true;
            throw x;
        } finally {
            if (s.fin && !skipFinally) {
                this.frames.length = Math.min(this.frames.length, depth);
                const r = this.exec(s.fin);
                if (r !== NORMAL) result = r;
            }
        }
        return result;
    }

    execDml(this: Interpreter, s: Extract<Stmt, { kind: 'Dml' }>): void {
        const dml = this.services.dml;
        if (!dml) this.unsupported(`DML ${s.op}`, s.line);
        // `insert as user` → the data layer's user-mode checks (dml/user-mode.ts); `as system` = default mode
        if (s.access && s.access !== 'asuser' && s.access !== 'assystem') this.unsupported(`DML ${s.access}`, s.line);
        const target = this.eval(s.expr);
        if (target === null) this.npe();
        if (s.op === 'merge') {
            if (s.access) this.unsupported(`merge ${s.access}`, s.line);
            dataService(this, 'merge', 'merge statement')(this, target, this.eval(s.expr2!), s.line);
            return;
        }
        dml(this, s.op, target, { allOrNone: true, externalIdField: s.extId, line: s.line, access: s.access });
    }
}

/** An expression whose evaluation has no effect and does not read the loop variable: a literal or a dotted name. */
function pureRead(e: Expr, loopVar: string): boolean {
    if (e.kind === 'Lit') return true;
    if (e.kind === 'Name') return e.name.toLowerCase() !== loopVar;
    if (e.kind === 'Dot') return !e.safe && pureRead(e.target, loopVar);
    return false;
}

/** `loopVar.getter() <op> value` (either side), the getter called without arguments. */
function keyTest(e: Expr, loopVar: string, op: '==' | '!='): { getter: string; value: Expr } | null {
    const isKeyCall = (call: Expr): call is Extract<Expr, { kind: 'Call' }> =>
        call.kind === 'Call' &&
        !call.safe &&
        call.args.length === 0 &&
        call.target?.kind === 'Name' &&
        call.target.name.toLowerCase() === loopVar;
    // `row.getRelationshipName().equals(v)` / `.equalsIgnoreCase(v)`: the same test as `==` (names compare ignoring case)
    if (
        op === '==' &&
        e.kind === 'Call' &&
        !e.safe &&
        e.args.length === 1 &&
        ['equals', 'equalsignorecase'].includes(e.name.toLowerCase()) &&
        e.target &&
        isKeyCall(e.target) &&
        pureRead(e.args[0], loopVar)
    )
        return { getter: e.target.name.toLowerCase(), value: e.args[0] };
    if (e.kind !== 'Bin' || e.op !== op) return null;
    for (const [call, value] of [
        [e.left, e.right],
        [e.right, e.left]
    ] as const) {
        if (isKeyCall(call) && pureRead(value, loopVar)) return { getter: call.name.toLowerCase(), value };
    }
    return null;
}

const leftmost = (e: Expr, op: '&&' | '||'): Expr => (e.kind === 'Bin' && e.op === op ? leftmost(e.left, op) : e);

const onlyContinue = (st: Stmt): boolean =>
    st.kind === 'Continue' || (st.kind === 'Block' && st.stmts.length === 1 && st.stmts[0].kind === 'Continue');

/**
 * A for-each body that is the lone statement `m.put(v.getKey(), v)` or `m.put(v.getKey(), v.getOther())` (getters
 * without arguments on the loop variable, `m` a dotted name): what it does for an unknown element is to add an entry
 * under that element's key, and nothing else.
 */
function keyedPut(body: Stmt, loopVar: string): { map: Expr; getter: string } | null {
    const stmts = body.kind === 'Block' ? body.stmts : [body];
    const st = stmts[0];
    if (stmts.length !== 1) return null;
    // `if (row.getKey() != null) m.put(…)`: a guard that only reads the element decides whether the put happens
    if (st?.kind === 'If' && st.else === null && guardReadsOnly(st.cond, loopVar)) return keyedPut(st.then, loopVar);
    if (st?.kind !== 'ExprStmt') return null;
    const e = st.expr;
    if (e.kind !== 'Call' || e.safe || e.name.toLowerCase() !== 'put' || e.args.length !== 2) return null;
    if (!e.target || !pureRead(e.target, loopVar) || e.target.kind === 'Lit') return null;
    const getterOfLoopVar = (x: Expr): string | null =>
        x.kind === 'Call' &&
        !x.safe &&
        x.args.length === 0 &&
        x.target?.kind === 'Name' &&
        x.target.name.toLowerCase() === loopVar
            ? x.name.toLowerCase()
            : null;
    const key = getterOfLoopVar(e.args[0]);
    const value = e.args[1];
    const valueOk = (value.kind === 'Name' && value.name.toLowerCase() === loopVar) || getterOfLoopVar(value) !== null;
    return key && valueOk ? { map: e.target, getter: key } : null;
}

/** A condition of comparisons, `!`, `&&`, `||` over literals, dotted names and argument-free getters of the loop variable. */
function guardReadsOnly(e: Expr, loopVar: string): boolean {
    switch (e.kind) {
        case 'Lit':
            return true;
        case 'Name':
            return e.name.toLowerCase() === loopVar || pureRead(e, loopVar);
        case 'Dot':
            return pureRead(e, loopVar);
        case 'Unary':
            return e.op === '!' && guardReadsOnly(e.expr, loopVar);
        case 'Bin':
            return (
                ['==', '!=', '&&', '||'].includes(e.op) &&
                guardReadsOnly(e.left, loopVar) &&
                guardReadsOnly(e.right, loopVar)
            );
        case 'Call':
            return (
                !e.safe && e.args.length === 0 && e.target?.kind === 'Name' && e.target.name.toLowerCase() === loopVar
            );
        default:
            return false;
    }
}

/**
 * The key test that, when false, makes a for-each body do nothing for an element: the body is a lone
 * `if (v.getX() == e && …) {…}` (no else), or starts with `if (v.getX() != e || …) continue;`. Both tests are
 * evaluated first, so nothing else in the body runs for an element that fails them.
 */
function unknownsSkipped(body: Stmt, loopVar: string): { getter: string; value: Expr } | null {
    const stmts = body.kind === 'Block' ? body.stmts : [body];
    const first = stmts[0];
    if (first?.kind !== 'If' || first.else !== null) return null;
    if (stmts.length === 1) {
        const k = keyTest(leftmost(first.cond, '&&'), loopVar, '==');
        if (k) return k;
    }
    return onlyContinue(first.then) ? keyTest(leftmost(first.cond, '||'), loopVar, '!=') : null;
}

/**
 * `rel.getChildSObject() == X.SObjectType` (either side), X an sObject type whose every relationship to the parent is
 * known (no local variable named X): an unknown element never matches it.
 */
function matchesCompleteChild(it: Interpreter, cond: Expr, loopVar: string, complete: ReadonlySet<string>): boolean {
    if (cond.kind !== 'Bin' || cond.op !== '==') return false;
    const isChildOf = (e: Expr): boolean =>
        e.kind === 'Call' &&
        e.args.length === 0 &&
        e.name.toLowerCase() === 'getchildsobject' &&
        e.target?.kind === 'Name' &&
        e.target.name.toLowerCase() === loopVar;
    const other = isChildOf(cond.left) ? cond.right : isChildOf(cond.right) ? cond.left : null;
    if (!other || other.kind !== 'Dot' || other.name.toLowerCase() !== 'sobjecttype' || other.target.kind !== 'Name')
        return false;
    const typeName = other.target.name.toLowerCase();
    if (it.frame.scope.lookup(typeName)) return false;
    return complete.has(typeName);
}
