/**
 * Apex Decimal: arbitrary precision, scale-preserving (java.math.BigDecimal semantics), stored as a
 * BigInt unscaled value plus an integer scale. value = unscaled × 10^-scale.
 *
 * Sources:
 * - Apex Reference, "Decimal Class" (apex_methods_system_decimal.htm): scale rules, setScale /
 *   divide(divisor, scale[, roundingMode]) examples, RoundingMode table.
 * - Apex Developer Guide, "Decimal Data Type" / Primitive Data Types: "If the Decimal is created from a
 *   String, the scale is the number of characters after the decimal point"; from a non-decimal number
 *   "the number is first converted to a String".
 * - The `/` operator on Decimals without a scale is NOT documented. Implemented as Java
 *   `divide(divisor, new MathContext(33, HALF_EVEN))` so that 1.0/3.0 = 0.333… (33 digits) and
 *   1.0/4.0 = 0.25, as observed by force201 (2010, "Decimal scale"). Fidelity: UNVERIFIED
 *   (APEX-RUNTIME.md §2 #17, §3.7 #7).
 */
import { ApexPlatformError, mathError } from '../errors';

export type RoundingMode = 'UP' | 'DOWN' | 'CEILING' | 'FLOOR' | 'HALF_UP' | 'HALF_DOWN' | 'HALF_EVEN' | 'UNNECESSARY';

/** Precision used by the `/` operator (see header; unverified). */
export const DECIMAL_DIVISION_PRECISION = 33;

const TEN = 10n;
const pow10Cache: bigint[] = [1n];
export function pow10(n: number): bigint {
    if (n < 0) throw new RangeError('negative power');
    while (pow10Cache.length <= n) pow10Cache.push(pow10Cache[pow10Cache.length - 1] * TEN);
    return pow10Cache[n];
}

const absBig = (v: bigint) => (v < 0n ? -v : v);
export function digitCount(v: bigint): number {
    return v === 0n ? 1 : absBig(v).toString().length;
}

/** Divide n by d (d != 0) rounding the integer quotient with the given mode. */
export function roundDiv(n: bigint, d: bigint, mode: RoundingMode): bigint {
    if (d === 0n) throw mathError('Divide by 0');
    if (d < 0n) {
        n = -n;
        d = -d;
    }
    const q = n / d; // truncates toward zero
    const r = n % d;
    if (r === 0n) return q;
    const sign = n < 0n ? -1n : 1n;
    const twice = absBig(r) * 2n;
    const cmpHalf = twice === d ? 0 : twice > d ? 1 : -1;
    let awayFromZero: boolean;
    switch (mode) {
        case 'UP':
            awayFromZero = true;
            break;
        case 'DOWN':
            awayFromZero = false;
            break;
        case 'CEILING':
            awayFromZero = sign > 0n;
            break;
        case 'FLOOR':
            awayFromZero = sign < 0n;
            break;
        case 'HALF_UP':
            awayFromZero = cmpHalf >= 0;
            break;
        case 'HALF_DOWN':
            awayFromZero = cmpHalf > 0;
            break;
        case 'HALF_EVEN':
            awayFromZero = cmpHalf > 0 || (cmpHalf === 0 && absBig(q) % 2n === 1n);
            break;
        case 'UNNECESSARY':
            throw new ApexPlatformError('System.MathException', 'Rounding necessary');
        default:
            throw new RangeError(`unknown rounding mode ${String(mode)}`);
    }
    return awayFromZero ? q + sign : q;
}

export class ApexDecimal {
    readonly kind = 'Decimal' as const;
    constructor(
        readonly unscaled: bigint,
        readonly scale: number
    ) {}

    static readonly ZERO = new ApexDecimal(0n, 0);

    /** Parse Java BigDecimal string syntax: `-12.340`, `1E+3`, `.5`, `1.5e-3`. Throws TypeException on junk. */
    static parse(text: string): ApexDecimal {
        const m = /^\s*([+-]?)(\d*)(?:\.(\d*))?(?:[eE]([+-]?\d+))?\s*$/.exec(text);
        if (!m || (m[2] === '' && (m[3] === undefined || m[3] === ''))) {
            throw new ApexPlatformError('System.TypeException', `Invalid decimal: ${text}`);
        }
        const intPart = m[2] || '';
        const frac = m[3] || '';
        const exp = m[4] ? parseInt(m[4], 10) : 0;
        let unscaled = BigInt((intPart + frac).replace(/^0+(?=\d)/, '') || '0');
        if (m[1] === '-') unscaled = -unscaled;
        return new ApexDecimal(unscaled, frac.length - exp);
    }

    static fromInt(n: number | bigint): ApexDecimal {
        return new ApexDecimal(BigInt(n), 0);
    }

    /**
     * From a Double: "the number is first converted to a String" (Decimal Data Type), i.e. Java
     * `BigDecimal.valueOf(double)` which uses `Double.toString`: 1.0 → scale 1, 0.1 → 0.1.
     */
    static fromDouble(n: number): ApexDecimal {
        if (!Number.isFinite(n)) throw new ApexPlatformError('System.TypeException', `Invalid decimal: ${n}`);
        return ApexDecimal.parse(javaDoubleToString(n));
    }

    signum(): number {
        return this.unscaled === 0n ? 0 : this.unscaled < 0n ? -1 : 1;
    }
    /** Number of digits of the unscaled value (Decimal.precision()). */
    precision(): number {
        return digitCount(this.unscaled);
    }
    negate(): ApexDecimal {
        return new ApexDecimal(-this.unscaled, this.scale);
    }
    abs(): ApexDecimal {
        return this.unscaled < 0n ? this.negate() : this;
    }

    private static align(a: ApexDecimal, b: ApexDecimal): [bigint, bigint, number] {
        if (a.scale === b.scale) return [a.unscaled, b.unscaled, a.scale];
        if (a.scale > b.scale) return [a.unscaled, b.unscaled * pow10(a.scale - b.scale), a.scale];
        return [a.unscaled * pow10(b.scale - a.scale), b.unscaled, b.scale];
    }

    /** Scale of the result = max(scales) (BigDecimal.add). 1.10 + 2.0 = 3.10. */
    add(o: ApexDecimal): ApexDecimal {
        const [x, y, s] = ApexDecimal.align(this, o);
        return new ApexDecimal(x + y, s);
    }
    subtract(o: ApexDecimal): ApexDecimal {
        const [x, y, s] = ApexDecimal.align(this, o);
        return new ApexDecimal(x - y, s);
    }
    /** Scale of the result = sum of scales (BigDecimal.multiply). */
    multiply(o: ApexDecimal): ApexDecimal {
        return new ApexDecimal(this.unscaled * o.unscaled, this.scale + o.scale);
    }

    compareTo(o: ApexDecimal): number {
        const [x, y] = ApexDecimal.align(this, o);
        return x === y ? 0 : x < y ? -1 : 1;
    }
    /** Numeric equality ignoring scale (used for Apex `==`; 1.0 == 1.00, see §2 #17, unverified). */
    equalsValue(o: ApexDecimal): boolean {
        return this.compareTo(o) === 0;
    }

    /** Decimal.setScale(scale[, roundingMode]); default HALF_EVEN per the Decimal Class page ("half even rounding"). */
    setScale(newScale: number, mode: RoundingMode = 'HALF_EVEN'): ApexDecimal {
        if (newScale === this.scale) return this;
        if (newScale > this.scale) return new ApexDecimal(this.unscaled * pow10(newScale - this.scale), newScale);
        return new ApexDecimal(roundDiv(this.unscaled, pow10(this.scale - newScale), mode), newScale);
    }

    /** Decimal.divide(divisor, scale[, roundingMode]). Doc examples: 19.divide(100,3)=0.190; 12.4567.divide(7,2,UP)=1.78. */
    divideToScale(divisor: ApexDecimal, scale: number, mode: RoundingMode = 'HALF_EVEN'): ApexDecimal {
        if (divisor.unscaled === 0n) throw mathError('Divide by 0');
        // value = (ua/10^sa)/(ub/10^sb); at scale S: ua*10^(sb+S) / (ub*10^sa)
        let num = this.unscaled;
        let den = divisor.unscaled;
        const shift = divisor.scale + scale - this.scale;
        if (shift >= 0) num *= pow10(shift);
        else den *= pow10(-shift);
        return new ApexDecimal(roundDiv(num, den, mode), scale);
    }

    /** Java BigDecimal.divide(divisor, MathContext(precision, mode)). Used for the `/` operator. */
    divideToPrecision(
        divisor: ApexDecimal,
        precision = DECIMAL_DIVISION_PRECISION,
        mode: RoundingMode = 'HALF_EVEN'
    ): ApexDecimal {
        if (divisor.unscaled === 0n) throw mathError('Divide by 0');
        const preferred = this.scale - divisor.scale;
        if (this.unscaled === 0n) return new ApexDecimal(0n, Math.max(preferred, 0));
        // magnitude estimate of the quotient's integer digits
        const est = digitCount(this.unscaled) - this.scale - (digitCount(divisor.unscaled) - divisor.scale);
        let scale = precision - est;
        let q = this.divideToScale(divisor, scale, 'DOWN');
        // adjust so that |q| has exactly `precision` digits (or fewer only if the value is exact)
        for (let i = 0; i < 3 && digitCount(q.unscaled) < precision; i++) {
            scale += precision - digitCount(q.unscaled);
            q = this.divideToScale(divisor, scale, 'DOWN');
        }
        while (digitCount(q.unscaled) > precision) {
            scale -= 1;
            q = this.divideToScale(divisor, scale, 'DOWN');
        }
        let r = this.divideToScale(divisor, scale, mode);
        if (digitCount(r.unscaled) > precision) r = r.setScale(scale - 1, mode);
        // exact? then strip trailing zeros down to the preferred scale
        const exact = r.multiply(divisor).compareTo(this) === 0;
        if (exact) {
            let u = r.unscaled;
            let s = r.scale;
            while (s > preferred && u % TEN === 0n) {
                u /= TEN;
                s -= 1;
            }
            if (s < preferred && digitCount(u) + (preferred - s) <= precision) {
                u *= pow10(preferred - s);
                s = preferred;
            }
            return new ApexDecimal(u, s);
        }
        return r;
    }

    stripTrailingZeros(): ApexDecimal {
        if (this.unscaled === 0n) return new ApexDecimal(0n, 0);
        let u = this.unscaled;
        let s = this.scale;
        while (u % TEN === 0n) {
            u /= TEN;
            s -= 1;
        }
        return new ApexDecimal(u, s);
    }

    /** Decimal.round([mode]) → Long; default half-even (Decimal Class page). */
    roundToBigInt(mode: RoundingMode = 'HALF_EVEN'): bigint {
        return this.setScale(0, mode).unscaled;
    }

    /** Truncating conversion (intValue()/longValue()). */
    toBigIntTruncated(): bigint {
        return this.setScale(0, 'DOWN').unscaled;
    }

    toNumber(): number {
        return Number(this.toPlainString());
    }

    pow(n: number): ApexDecimal {
        if (n < 0 || n > 32767) throw mathError('Invalid operation');
        return new ApexDecimal(this.unscaled ** BigInt(n), this.scale * n);
    }

    /** Plain notation, never an exponent (Decimal.toPlainString()). */
    toPlainString(): string {
        const neg = this.unscaled < 0n;
        let digits = absBig(this.unscaled).toString();
        let out: string;
        if (this.scale <= 0) {
            out = this.unscaled === 0n ? '0' : digits + '0'.repeat(-this.scale);
            if (this.unscaled === 0n && this.scale < 0) out = '0';
        } else {
            if (digits.length <= this.scale) digits = '0'.repeat(this.scale - digits.length + 1) + digits;
            out = digits.slice(0, digits.length - this.scale) + '.' + digits.slice(digits.length - this.scale);
        }
        return (neg ? '-' : '') + out;
    }

    /**
     * Java BigDecimal.toString(): scientific notation when scale < 0 or the adjusted exponent < -6.
     * Apex String.valueOf(Decimal) shows `150.00` for Decimal.valueOf('150.00') ([Obs] §2 #16).
     */
    toString(): string {
        const digits = absBig(this.unscaled).toString();
        const adjusted = -this.scale + (digits.length - 1);
        if (this.scale >= 0 && adjusted >= -6) return this.toPlainString();
        const neg = this.unscaled < 0n ? '-' : '';
        const mantissa = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
        return `${neg}${mantissa}E${adjusted >= 0 ? '+' : ''}${adjusted}`;
    }
}

/**
 * Java `Double.toString(double)` formatting (Apex Double → String): `1.0`, `0.1`, `1.0E7`,
 * `1.234E-5`. Uses the shortest round-trip digits (JS) and Java's layout rules: plain for
 * 10^-3 <= |d| < 10^7, otherwise computerized scientific notation.
 */
export function javaDoubleToString(d: number): string {
    if (Number.isNaN(d)) return 'NaN';
    if (d === Infinity) return 'Infinity';
    if (d === -Infinity) return '-Infinity';
    if (d === 0) return Object.is(d, -0) ? '-0.0' : '0.0';
    const neg = d < 0;
    const a = Math.abs(d);
    const [mant, expStr] = a.toExponential().split('e');
    const exp = parseInt(expStr, 10);
    const digits = mant.replace('.', '');
    let out: string;
    if (a >= 1e-3 && a < 1e7) {
        if (exp >= 0) {
            const intDigits = digits.slice(0, exp + 1).padEnd(exp + 1, '0');
            const frac = digits.slice(exp + 1) || '0';
            out = `${intDigits}.${frac}`;
        } else {
            out = `0.${'0'.repeat(-exp - 1)}${digits}`;
        }
    } else {
        const frac = digits.slice(1) || '0';
        out = `${digits[0]}.${frac}E${exp}`;
    }
    return (neg ? '-' : '') + out;
}
