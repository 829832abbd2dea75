// Operators and conversions: binary operators (comparison, arithmetic, string concatenation, Date/Datetime
// arithmetic, bit operations, short-circuit), explicit casts and numeric casts.
import type { Interpreter } from './interpreter';
import * as V from '../values';
import type { Expr } from '../frontend/ast';
import { ApexList, ApexMap, ApexSet } from '../collections';
import { typeToString } from './types';
import type { RType } from './types';
import { staticTypeOf } from './overloads';
import { decideComparison } from './undecided';

export const NUMERIC_KINDS: readonly string[] = ['Integer', 'Long', 'Double', 'Decimal'];

/** Never instantiated: interpreter.ts installs these methods on Interpreter.prototype (`this` is the interpreter). */
export class OperatorMethods {
    /**
     * `(Integer) 5.2`, `(Double) count`, `(Integer) Math.floor(x)`: a cast between numeric primitives converts
     * (Double/Decimal → Integer/Long truncate); a cast of an `Object` holding another number kind is a run-time
     * check that fails ([Obs] "You can't hop more than one data type per cast": `Object o = 5.2; (Integer) o` throws
     * "Invalid conversion from runtime type Decimal to Integer", salesforce.stackexchange.com/questions/207118).
     * Which applies depends on the operand's static type; where this runtime cannot tell, it says so.
     */
    numericCast(this: Interpreter, operand: Expr, v: V.ApexNumber, to: V.NumericKind): unknown {
        const kind = this.numericStatic(operand);
        if (kind === 'numeric') return V.convertNumber(v, to);
        // from Object: the run-time check of `cast` (Decimal and Double convert both ways; others throw)
        if (kind === 'object') return this.cast(v, { k: 'prim', name: to } as RType);
        return this.unsupported(`cast of a ${v.kind} value to ${to} from an expression whose static type is not known`);
    }

    /** Whether an expression's static type is a numeric primitive, Object, or not known here. */
    numericStatic(this: Interpreter, e: Expr): 'numeric' | 'object' | 'unknown' {
        const numeric = (t: RType | 'null' | null) =>
            t !== null && t !== 'null' && t.k === 'prim' && NUMERIC_KINDS.includes(t.name);
        switch (e.kind) {
            case 'Bin':
                if (['+', '-', '*', '/'].includes(e.op)) {
                    const l = this.numericStatic(e.left);
                    const r = this.numericStatic(e.right);
                    return l === 'numeric' && r === 'numeric' ? 'numeric' : 'unknown';
                }
                return 'unknown';
            case 'Unary':
                return e.op === '-' || e.op === '+' ? this.numericStatic(e.expr) : 'unknown';
            case 'Cond': {
                const a = this.numericStatic(e.then);
                return a === this.numericStatic(e.else) ? a : 'unknown';
            }
            case 'Call':
                // every method of the Math class takes and returns numbers (Apex Reference, "Math Class")
                if (
                    e.target?.kind === 'Name' &&
                    e.target.name.toLowerCase() === 'math' &&
                    !this.frame.scope.lookup('math')
                )
                    return 'numeric';
                break;
        }
        const t = staticTypeOf(this, e);
        if (numeric(t)) return 'numeric';
        if (t !== null && t !== 'null' && t.k === 'any') return 'object';
        return 'unknown';
    }

    cast(this: Interpreter, v: unknown, t: RType): unknown {
        if (v === null || v === undefined) return null;
        if (t.k === 'any') return v;
        if (t.k === 'prim' && V.isPrimitive(v)) {
            if (V.isApexNumber(v) && ['Integer', 'Long', 'Double', 'Decimal'].includes(t.name)) {
                if (v.kind === t.name) return v;
                // Double and Decimal convert both ways ([Obs]: `(Double) ar.get('total')` and `(Decimal) ar.get('total')`
                // on the same SUM() result both run in orgs), and a number converts to a wider type it is
                // `instanceof` ([Obs]: fflib-apex-mocks' DecimalBetween casts `(Decimal) arg` of an Integer in tests that
                // pass in orgs); narrowing (Decimal to Integer) stays a TypeException
                if (V.isInstanceOfPrimitive(v, t.name)) return V.convertNumber(v, t.name as V.NumericKind);
                return this.throwApex('TypeException', `Invalid conversion from runtime type ${v.kind} to ${t.name}`);
            }
            if (t.name === 'Datetime' && v instanceof V.ApexDate) return this.coerce(v, t);
            if (t.name === 'Id' && typeof v === 'string') return this.coerce(v, t);
            if (t.name === 'String' && v instanceof V.ApexId) return v.value;
        }
        if (t.k === 'sobject' && this.isInstance(v, t)) return v;
        if (this.isInstance(v, t)) return v;
        if (
            (t.k === 'list' && v instanceof ApexList) ||
            (t.k === 'map' && v instanceof ApexMap) ||
            (t.k === 'set' && v instanceof ApexSet)
        ) {
            // a collection keeps its runtime element type: a List<Object> (deserializeUntyped, new List<Object>)
            // does not become a List<String> by a cast ([Known]: "Invalid conversion from runtime type List<ANY>
            // to List<String>"); other element casts keep the same collection
            const elemOf = (c: ApexList | ApexSet | ApexMap) => (c instanceof ApexMap ? c.valType : c.elemType);
            const target = t.k === 'map' ? t.val : t.elem;
            if (elemOf(v).k === 'any' && target.k === 'prim') {
                const from =
                    v instanceof ApexMap
                        ? `Map<${typeToString(v.keyType)},ANY>`
                        : `${v instanceof ApexSet ? 'Set' : 'List'}<ANY>`;
                return this.throwApex(
                    'TypeException',
                    `Invalid conversion from runtime type ${from} to ${typeToString(t)}`
                );
            }
            return v;
        }
        return this.throwApex(
            'TypeException',
            `Invalid conversion from runtime type ${this.typeOf(v)} to ${typeToString(t)}`
        );
    }

    evalBin(this: Interpreter, op: string, l: Expr, r: Expr, line: number): unknown {
        if (op === '&&') return this.truthy(this.eval(l)) && this.truthy(this.eval(r));
        if (op === '||') return this.truthy(this.eval(l)) || this.truthy(this.eval(r));
        if (op === '??') {
            const a = this.eval(l);
            return a !== null ? a : this.eval(r);
        }
        let a: unknown;
        let b: unknown;
        let leftDone = false;
        try {
            a = this.eval(l);
            leftDone = true;
            b = this.eval(r);
        } catch (err) {
            // a comparison may still be decided over an undecided operand's documented candidates (undecided.ts)
            return decideComparison(this, op, l, r, leftDone, a, err, line);
        }
        // `+` of two nulls: with a String operand it is concatenation, and each null renders "null"
        // (APEX-RUNTIME §2 #5: `String s; 'a' + s` → 'anull'), so two null Strings give 'nullnull'; with numbers or
        // dates it is the NullPointerException below; operands whose static types are not known here → unsupported
        if (op === '+' && a === null && b === null) {
            const lt = staticTypeOf(this, l);
            const rt = staticTypeOf(this, r);
            const isString = (t: RType | 'null' | null) =>
                t !== null && t !== 'null' && t.k === 'prim' && t.name === 'String';
            const known = (t: RType | 'null' | null) => t !== null && t !== 'null' && t.k === 'prim';
            if (isString(lt) || isString(rt)) return 'nullnull';
            if (!known(lt) || !known(rt))
                return this.unsupported('+ of two null values whose static types are not known', line);
        }
        // `+` of a null String and a non-String value (a null `String` + an SObjectType, a number…) is concatenation,
        // the null rendering "null" (APEX-RUNTIME §2 #5); a null whose static type is not String is the
        // NullPointerException of arithmetic — unless the other operand cannot take part in arithmetic, when only a
        // String operand compiles (Apex Developer Guide, Expression Operators: `+` concatenates when either is a String)
        if (op === '+' && (a === null) !== (b === null) && typeof a !== 'string' && typeof b !== 'string') {
            const nullSide = a === null ? l : r;
            const other = a === null ? b : a;
            const t = staticTypeOf(this, nullSide);
            const isString = t !== null && t !== 'null' && t.k === 'prim' && t.name === 'String';
            const arithmetic =
                V.isApexNumber(other) ||
                other instanceof V.ApexDate ||
                other instanceof V.ApexDatetime ||
                other instanceof V.ApexTime;
            if (isString || !arithmetic)
                return a === null ? 'null' + this.str(other, true) : this.str(other, true) + 'null';
        }
        return this.binary(op, a, b, line);
    }

    binary(this: Interpreter, op: string, a: unknown, b: unknown, line: number): unknown {
        switch (op) {
            case '==':
                return this.opEquals(a, b);
            case '!=':
                return !this.opEquals(a, b);
            case '===':
                return (
                    a === b || (V.isPrimitive(a) && V.isPrimitive(b) && a !== null && b !== null && this.opEquals(a, b))
                );
            case '!==':
                return !(
                    a === b ||
                    (V.isPrimitive(a) && V.isPrimitive(b) && a !== null && b !== null && this.opEquals(a, b))
                );
            case '<':
            case '>':
            case '<=':
            case '>=': {
                if (a === null || b === null) {
                    // §2 #7: null with numbers/dates → false; a non-null String/Id is greater than null
                    const isStr = (x: unknown) => typeof x === 'string' || x instanceof V.ApexId;
                    if (isStr(a) || isStr(b)) {
                        const c = a === null && b === null ? 0 : a === null ? -1 : 1;
                        return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
                    }
                    return false;
                }
                const c =
                    V.isPrimitive(a) && V.isPrimitive(b)
                        ? V.primitiveCompare(a as V.ApexPrimitive, b as V.ApexPrimitive)
                        : undefined;
                if (c === undefined)
                    this.compileError(
                        `Comparison arguments must be compatible types: ${this.typeOf(a)}, ${this.typeOf(b)}`,
                        line
                    );
                return op === '<' ? c < 0 : op === '>' ? c > 0 : op === '<=' ? c <= 0 : c >= 0;
            }
            case '+':
                if (typeof a === 'string' || typeof b === 'string') return this.str(a, true) + this.str(b, true);
                break;
        }
        if (a === null || b === null) this.npe();
        if (op === '&' || op === '|' || op === '^') {
            if (typeof a === 'boolean' && typeof b === 'boolean')
                return op === '&' ? a && b : op === '|' ? a || b : a !== b;
        }
        const dateOp = this.services.dateArith as ((op: string, a: unknown, b: unknown) => unknown) | undefined;
        if (!V.isApexNumber(a) || !V.isApexNumber(b)) {
            if (dateOp && (op === '+' || op === '-')) {
                const r = dateOp(op, a, b);
                if (r !== undefined) return r;
            }
            if (a instanceof V.ApexDate && V.isApexNumber(b) && (op === '+' || op === '-')) {
                const n = Number((V.convertNumber(b, 'Integer') as V.ApexInteger).value);
                return a.addDays(op === '+' ? n : -n);
            }
            if (a instanceof V.ApexDatetime && V.isApexNumber(b) && (op === '+' || op === '-')) {
                // Datetime + n adds n days (fractional allowed)
                const days = V.isApexNumber(b) ? Number((V.convertNumber(b, 'Double') as V.ApexDouble).value) : 0;
                return new V.ApexDatetime(a.epochMs + (op === '+' ? 1 : -1) * Math.round(days * 86400000));
            }
            return this.unsupported(`operator ${op} on ${this.typeOf(a)} and ${this.typeOf(b)}`, line);
        }
        switch (op) {
            case '+':
            case '-':
            case '*':
            case '/':
                return V.arith(op, a, b);
            case '<<':
            case '>>':
            case '>>>':
            case '&':
            case '|':
            case '^':
                return V.bitOp(op, a, b);
        }
        return this.unsupported(`operator ${op}`, line);
    }
}
