// Expression evaluation: the dispatch over expression kinds, literals, list indexing. Operators and casts
// are in operators.ts, member access in members.ts, calls in calls.ts, `new` in objects.ts.
import type { Interpreter } from './interpreter';
import * as V from '../values';
import type { Expr } from '../frontend/ast';
import { ApexList, ApexMap } from '../collections';
import { TypeValue } from './types';
import type { RType } from './types';
import { NUMERIC_KINDS } from './operators';

/** Never instantiated: interpreter.ts installs these methods on Interpreter.prototype (`this` is the interpreter). */
export class ExpressionMethods {
    /** Evaluate with a known target type (for `new List<…>{}` shortcuts and typed literals). */
    evalTyped(this: Interpreter, e: Expr, _t: RType): unknown {
        return this.eval(e);
    }

    eval(this: Interpreter, e: Expr): unknown {
        switch (e.kind) {
            case 'Lit':
                return this.literal(e);
            case 'Name':
                return this.evalName(e.name, e.line);
            case 'This':
                if (!this.frame.thisObj) this.compileError('this cannot be referenced in a static context', e.line);
                return this.frame.thisObj;
            case 'Super':
                return this.frame.thisObj;
            case 'Dot':
                return this.evalDot(e);
            case 'Call':
                return this.evalCall(e);
            case 'CtorCall':
                return this.compileError('Constructor call must be the first statement in a constructor', e.line);
            case 'Index': {
                this.shortAt = null;
                const t = this.eval(e.target);
                // `a?.b[0]`: the index is part of the short-circuited chain (Safe Navigation Operator)
                if (t === null && this.chainShortCircuited(e.target)) return this.shortCircuit(e);
                const i = this.eval(e.index);
                if (t === null) this.npe();
                if (t instanceof ApexList) return t.items[this.listIndex(t, i)];
                if (t instanceof ApexMap) return t.get(i);
                return this.unsupported(`index on ${this.typeOf(t)}`, e.line);
            }
            case 'New':
                return this.evalNew(e);
            case 'Cast': {
                const t = this.resolveType(e.type, this.frame.cls);
                const v = this.eval(e.expr);
                if (t.k === 'prim' && V.isApexNumber(v) && NUMERIC_KINDS.includes(t.name) && v.kind !== t.name)
                    return this.numericCast(e.expr, v, t.name as V.NumericKind);
                return this.cast(v, t);
            }
            case 'CastOrBin': {
                const c = e.cast as Extract<Expr, { kind: 'Cast' }>;
                const name = c.type.names[0].toLowerCase();
                const isVar = this.frame.scope.lookup(name) || this.findField(name);
                return isVar ? this.eval(e.bin) : this.eval(e.cast);
            }
            case 'Unary': {
                const v = this.eval(e.expr);
                if (e.op === '!') return !this.truthy(v);
                if (v === null) this.npe();
                if (!V.isApexNumber(v)) this.compileError(`Arithmetic on ${this.typeOf(v)}`, e.line);
                if (e.op === '-') return V.negate(v);
                if (e.op === '+') return v;
                return V.bitOp('^', v, v.kind === 'Long' ? V.long(-1) : V.int(-1));
            }
            case 'IncDec':
                return this.evalIncDec(e, true);
            case 'Bin':
                return this.evalBin(e.op, e.left, e.right, e.line);
            case 'InstanceOf':
                return this.isInstance(this.eval(e.expr), this.resolveType(e.type, this.frame.cls));
            case 'Cond':
                return this.truthy(this.eval(e.cond)) ? this.eval(e.then) : this.eval(e.else);
            case 'Assign':
                return this.evalAssign(e, true);
            case 'ClassLit':
                return new TypeValue(this.resolveType(e.type, this.frame.cls));
            case 'Soql': {
                const q = this.services.soql;
                if (!q) return this.unsupported('SOQL query', e.line);
                return q(this, e.text, (i: number) => this.eval(e.binds[i]), e.line);
            }
            case 'Sosl': {
                const q = this.services.sosl;
                if (!q) return this.unsupported('SOSL query', e.line);
                return q(this, e.text, (i: number) => this.eval(e.binds[i]), e.line);
            }
            case 'Unsupported':
                return this.unsupported(e.what, e.line);
        }
    }

    /**
     * An assignment. Only an assignment used as a value reads its target back; an assignment statement runs the
     * property's set accessor alone: "The code in a set accessor executes when the property is assigned a new value"
     * (Apex Developer Guide, "Apex Properties"), so `x = null;` does not run a lazy get accessor
     * (`if (x == null) x = load();`) — that read would cache a stale value. T1 classes/property-assign-runs-set-only.
     */
    evalAssign(this: Interpreter, e: Extract<Expr, { kind: 'Assign' }>, wantValue: boolean): unknown {
        const lv = this.lvalue(e.target);
        let v: unknown;
        if (e.op === '=') v = this.eval(e.value);
        else {
            const op = e.op.slice(0, -1);
            v = this.binary(op, lv.get(), this.eval(e.value), e.line);
        }
        lv.set(this.coerce(v, lv.type));
        return wantValue ? lv.get() : undefined;
    }

    /** `x++` / `++x`: one read and one write of the target; only a prefix form used as a value reads it again. */
    evalIncDec(this: Interpreter, e: Extract<Expr, { kind: 'IncDec' }>, wantValue: boolean): unknown {
        const lv = this.lvalue(e.target);
        const old = lv.get();
        if (old === null) this.npe();
        if (!V.isApexNumber(old)) this.compileError(`${e.op} on ${this.typeOf(old)}`, e.line);
        const nv = V.arith(e.op === '++' ? '+' : '-', old, V.int(1));
        lv.set(this.coerce(nv.kind === old.kind ? nv : V.convertNumber(nv, old.kind), lv.type));
        if (!wantValue) return undefined;
        return e.prefix ? lv.get() : old;
    }

    literal(this: Interpreter, e: Extract<Expr, { kind: 'Lit' }>): unknown {
        if (e.type === 'String' || e.type === 'Boolean' || e.type === 'Null') return e.value;
        const hit = this.literalCache.get(e);
        if (hit !== undefined) return hit;
        const text = String(e.value);
        let v: unknown;
        if (e.type === 'Integer') {
            const n = Number(text);
            if (n > 2147483647 || n < -2147483648) this.compileError(`Illegal integer: ${text}`, e.line);
            v = V.int(n);
        } else if (e.type === 'Long') v = V.long(BigInt(text));
        else if (e.type === 'Double') v = V.dbl(Number(text));
        else v = V.ApexDecimal.parse(text);
        this.literalCache.set(e, v);
        return v;
    }

    listIndex(this: Interpreter, l: ApexList, i: unknown): number {
        if (i === null) this.npe();
        const n = V.isApexNumber(i) ? Number((V.convertNumber(i, 'Integer') as V.ApexInteger).value) : NaN;
        if (!(n >= 0 && n < l.items.length)) this.throwApex('ListException', `List index out of bounds: ${n}`);
        return n;
    }
}
