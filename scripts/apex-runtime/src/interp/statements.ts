// Statement execution: blocks and scopes, loops (including SOQL for loops and user iterables), switch,
// try/catch/finally (uncatchable exceptions skip both), DML statements, System.runAs.
import type { Interpreter } from './interpreter';
import type { Expr, Stmt } from '../frontend/ast';
import { ApexList, ApexSet } from '../collections';
import type { PartialInfo } from '../collections';
import { ApexLimitThrow, ApexThrow } from './exceptions';
import { ApexObject, EnumValue } from './types';
import type { RType } from './types';
import * as V from '../values';
import { Scope, NORMAL, BREAK, CONTINUE, RETURN } from './state';
import { dataService } from './runtime-services';
import type { RuntimeServices } from './runtime-services';
import { UI_THEMES, undecidedRead } from './undecided';

/** Stops a run that does not end (limits.ts RUNAWAY_STEPS): Unsupported, since the org's limit is CPU time. */
function runawayGuard(it: Interpreter): void {
    const why = it.tx.limits.tick();
    if (why) it.unsupported(why);
}

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
            runawayGuard(this);
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
                    const what = undecidedRead(this, s.expr.value);
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
                    runawayGuard(this);
                    const r = this.execScoped(s.body);
                    if (r === BREAK) break;
                    if (r === RETURN) return r;
                }
                return NORMAL;
            case 'DoWhile':
                do {
                    runawayGuard(this);
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
                        runawayGuard(this);
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

    /** for-each over a partialList: the known elements, then unsupported unless the loop left early or skips the rest */
    forEachPartial(this: Interpreter, s: Extract<Stmt, { kind: 'ForEach' }>, t: RType, partial: PartialInfo): number {
        const lc = s.name.toLowerCase();
        for (const it of partial.known) {
            const scope = new Scope(this.frame.scope);
            scope.vars.set(lc, { t, v: this.coerce(it, t) });
            const r = this.withScope(scope, () => this.execInScope(s.body));
            if (r === BREAK) return NORMAL;
            if (r === RETURN) return r;
        }
        // the list's owner may know that the body does nothing for the elements it lacks: the loop just ends
        if (partial.unknownsSkipped?.(s.body, lc, (e) => this.eval(e))) return NORMAL;
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
