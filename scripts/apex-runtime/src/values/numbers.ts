/**
 * Apex numeric values: Integer (32-bit, wraps), Long (64-bit BigInt, wraps), Double (IEEE),
 * Decimal (see decimal.ts), plus promotion and arithmetic helpers.
 *
 * Sources:
 * - Apex Developer Guide, "Rules of Conversion" / "Overflow and Underflow of Data Type Values":
 *   Integer/Long overflow wraps silently; implicit widening Integer → Long → Double → Decimal
 *   ("once a value has been passed from a number of a lower type to a number of a higher type, the
 *   value is converted to the higher type").
 * - Apex Developer Guide, "Expression Operators": `/` on two Integers truncates (5/2 = 2).
 * - `1/0` → System.MathException "Divide by 0" ([Known], APEX-RUNTIME.md §2 #18, text unverified).
 */
import { mathError } from '../errors';
import { ApexDecimal, javaDoubleToString, RoundingMode } from './decimal';

export class ApexInteger {
    readonly kind = 'Integer' as const;
    readonly value: number;
    constructor(value: number) {
        this.value = value | 0;
    }
    toString(): string {
        return String(this.value);
    }
}

export class ApexLong {
    readonly kind = 'Long' as const;
    readonly value: bigint;
    constructor(value: bigint | number) {
        this.value = BigInt.asIntN(64, BigInt(value));
    }
    toString(): string {
        return this.value.toString();
    }
}

export class ApexDouble {
    readonly kind = 'Double' as const;
    constructor(readonly value: number) {}
    /** Java Double.toString layout: 1.0, 1.0E7 ... */
    toString(): string {
        return javaDoubleToString(this.value);
    }
}

export { ApexDecimal };
export type ApexNumber = ApexInteger | ApexLong | ApexDouble | ApexDecimal;
export type NumericKind = ApexNumber['kind'];

export const INTEGER_MAX = 2147483647;
export const INTEGER_MIN = -2147483648;

export const int = (n: number) => new ApexInteger(n);
export const long = (n: bigint | number) => new ApexLong(n);
export const dbl = (n: number) => new ApexDouble(n);
export const dec = (s: string | number) =>
    typeof s === 'string'
        ? ApexDecimal.parse(s)
        : Number.isInteger(s)
          ? ApexDecimal.fromInt(s)
          : ApexDecimal.fromDouble(s);

export function isApexNumber(v: unknown): v is ApexNumber {
    return v instanceof ApexInteger || v instanceof ApexLong || v instanceof ApexDouble || v instanceof ApexDecimal;
}

const RANK: Record<NumericKind, number> = { Integer: 0, Long: 1, Double: 2, Decimal: 3 };

/** Widen `v` to the numeric kind `to` (only widening; narrowing is a cast, see narrowTo). */
export function widen(v: ApexNumber, to: NumericKind): ApexNumber {
    if (v.kind === to) return v;
    if (RANK[to] < RANK[v.kind]) throw new RangeError(`cannot widen ${v.kind} to ${to}`);
    switch (to) {
        case 'Long':
            return new ApexLong(BigInt((v as ApexInteger).value));
        case 'Double':
            return new ApexDouble(v.kind === 'Long' ? Number(v.value) : (v as ApexInteger).value);
        case 'Decimal':
            if (v.kind === 'Double') return ApexDecimal.fromDouble(v.value);
            return ApexDecimal.fromInt((v as ApexInteger | ApexLong).value);
        default:
            return v;
    }
}

/** Common kind for a binary operation: the higher of the two ranks. */
export function promotedKind(a: ApexNumber, b: ApexNumber): NumericKind {
    return RANK[a.kind] >= RANK[b.kind] ? a.kind : b.kind;
}

/**
 * Explicit numeric conversion (casts and intValue()/longValue()/doubleValue()). Double/Decimal →
 * Integer/Long truncate toward zero; Long → Integer keeps the low 32 bits (Java narrowing).
 */
export function convertNumber(v: ApexNumber, to: NumericKind): ApexNumber {
    if (v.kind === to) return v;
    if (RANK[to] > RANK[v.kind]) return widen(v, to);
    const asBig = (): bigint => {
        switch (v.kind) {
            case 'Long':
                return v.value;
            case 'Double':
                return BigInt(Math.trunc(v.value));
            case 'Decimal':
                return v.toBigIntTruncated();
            default:
                return BigInt(v.value);
        }
    };
    switch (to) {
        case 'Integer':
            return new ApexInteger(Number(BigInt.asIntN(32, asBig())));
        case 'Long':
            return new ApexLong(asBig());
        case 'Double':
            return new ApexDouble((v as ApexDecimal).toNumber());
        default:
            return v;
    }
}

export type ArithOp = '+' | '-' | '*' | '/';

/** Binary arithmetic with Apex promotion. Decimal `/` uses the unverified precision rule (decimal.ts). */
export function arith(op: ArithOp, a: ApexNumber, b: ApexNumber): ApexNumber {
    const kind = promotedKind(a, b);
    const x = widen(a, kind);
    const y = widen(b, kind);
    switch (kind) {
        case 'Integer': {
            const p = (x as ApexInteger).value;
            const q = (y as ApexInteger).value;
            if (op === '+') return new ApexInteger(p + q);
            if (op === '-') return new ApexInteger(p - q);
            if (op === '*') return new ApexInteger(Math.imul(p, q));
            if (q === 0) throw mathError('Divide by 0');
            return new ApexInteger(Math.trunc(p / q));
        }
        case 'Long': {
            const p = (x as ApexLong).value;
            const q = (y as ApexLong).value;
            if (op === '+') return new ApexLong(p + q);
            if (op === '-') return new ApexLong(p - q);
            if (op === '*') return new ApexLong(p * q);
            if (q === 0n) throw mathError('Divide by 0');
            return new ApexLong(p / q);
        }
        case 'Double': {
            const p = (x as ApexDouble).value;
            const q = (y as ApexDouble).value;
            if (op === '+') return new ApexDouble(p + q);
            if (op === '-') return new ApexDouble(p - q);
            if (op === '*') return new ApexDouble(p * q);
            // UNVERIFIED: Double division by zero assumed to throw like Integer.
            if (q === 0) throw mathError('Divide by 0');
            return new ApexDouble(p / q);
        }
        default: {
            const p = x as ApexDecimal;
            const q = y as ApexDecimal;
            if (op === '+') return p.add(q);
            if (op === '-') return p.subtract(q);
            if (op === '*') return p.multiply(q);
            return p.divideToPrecision(q);
        }
    }
}

export function negate(a: ApexNumber): ApexNumber {
    switch (a.kind) {
        case 'Integer':
            return new ApexInteger(-a.value);
        case 'Long':
            return new ApexLong(-a.value);
        case 'Double':
            return new ApexDouble(-a.value);
        default:
            return a.negate();
    }
}

/** Numeric comparison after promotion: -1, 0, 1 (NaN compares as 0 only to itself is not modelled). */
export function compareNumbers(a: ApexNumber, b: ApexNumber): number {
    const kind = promotedKind(a, b);
    const x = widen(a, kind);
    const y = widen(b, kind);
    switch (kind) {
        case 'Decimal':
            return (x as ApexDecimal).compareTo(y as ApexDecimal);
        case 'Long': {
            const p = (x as ApexLong).value;
            const q = (y as ApexLong).value;
            return p === q ? 0 : p < q ? -1 : 1;
        }
        default: {
            const p = (x as ApexInteger | ApexDouble).value;
            const q = (y as ApexInteger | ApexDouble).value;
            return p === q ? 0 : p < q ? -1 : 1;
        }
    }
}

export function numbersEqual(a: ApexNumber, b: ApexNumber): boolean {
    return compareNumbers(a, b) === 0;
}

/** Math.mod(Integer|Long) — sign follows the dividend (Java %). */
export function mod(a: ApexInteger | ApexLong, b: ApexInteger | ApexLong): ApexInteger | ApexLong {
    if (a.kind === 'Integer' && b.kind === 'Integer') {
        if (b.value === 0) throw mathError('Divide by 0');
        return new ApexInteger(a.value % b.value);
    }
    const p = BigInt(a.value);
    const q = BigInt(b.value);
    if (q === 0n) throw mathError('Divide by 0');
    return new ApexLong(p % q);
}

/** Integer/Long bit operations (<<, >>, >>>, &, |, ^) with Java semantics. */
export function bitOp(op: '<<' | '>>' | '>>>' | '&' | '|' | '^', a: ApexNumber, b: ApexNumber): ApexNumber {
    if (a.kind === 'Integer' && (op === '<<' || op === '>>' || op === '>>>')) {
        const n = Number((b as ApexInteger | ApexLong).value) & 31;
        if (op === '<<') return new ApexInteger(a.value << n);
        if (op === '>>') return new ApexInteger(a.value >> n);
        return new ApexInteger(a.value >>> n);
    }
    if (a.kind === 'Long' && (op === '<<' || op === '>>' || op === '>>>')) {
        const n = BigInt(Number((b as ApexInteger | ApexLong).value) & 63);
        if (op === '<<') return new ApexLong(a.value << n);
        if (op === '>>') return new ApexLong(a.value >> n);
        return new ApexLong(BigInt.asUintN(64, a.value) >> n);
    }
    const kind = promotedKind(a, b);
    if (kind === 'Integer') {
        const p = (a as ApexInteger).value;
        const q = (b as ApexInteger).value;
        return new ApexInteger(op === '&' ? p & q : op === '|' ? p | q : p ^ q);
    }
    if (kind === 'Long') {
        const p = (widen(a, 'Long') as ApexLong).value;
        const q = (widen(b, 'Long') as ApexLong).value;
        return new ApexLong(op === '&' ? p & q : op === '|' ? p | q : p ^ q);
    }
    throw new TypeError(`bit operation ${op} on ${a.kind}/${b.kind}`);
}

/** Integer.valueOf(String) / Long.valueOf(String) style parsing. */
export function parseInteger(text: string): ApexInteger {
    const t = text.trim();
    if (!/^[+-]?\d+$/.test(t)) throw typeErr(`Invalid integer: ${text}`);
    const b = BigInt(t);
    if (b > 2147483647n || b < -2147483648n) throw typeErr(`Invalid integer: ${text}`);
    return new ApexInteger(Number(b));
}
export function parseLong(text: string): ApexLong {
    const t = text.trim();
    if (!/^[+-]?\d+$/.test(t)) throw typeErr(`Invalid long: ${text}`);
    const b = BigInt(t);
    if (b !== BigInt.asIntN(64, b)) throw typeErr(`Invalid long: ${text}`);
    return new ApexLong(b);
}
export function parseDouble(text: string): ApexDouble {
    const t = text.trim();
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?[dDfF]?$/.test(t)) throw typeErr(`Invalid double: ${text}`);
    return new ApexDouble(parseFloat(t));
}

import { typeError as typeErr } from '../errors';
export type { RoundingMode };

/**
 * Apex numeric literal text → value (lowering): `5` Integer, `5L` Long, `1.5` Decimal, `1.5d` Double.
 * An Integer literal beyond 32 bits is a compile error in Apex (Rules of Conversion, §2 #12): thrown
 * here as a TypeError for the lowering pass to report.
 */
export function parseNumericLiteral(text: string): ApexNumber {
    const t = text.trim();
    if (/^\d+[lL]$/.test(t)) return new ApexLong(BigInt(t.slice(0, -1)));
    if (/[dD]$/.test(t)) return new ApexDouble(parseFloat(t.slice(0, -1)));
    if (/^\d+$/.test(t)) {
        const b = BigInt(t);
        if (b > 2147483648n) throw new TypeError(`Illegal integer: ${t}`);
        return new ApexInteger(Number(b)); // 2147483648 only valid under unary minus; wraps like Java
    }
    return ApexDecimal.parse(t);
}
