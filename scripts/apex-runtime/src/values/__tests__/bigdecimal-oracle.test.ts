/**
 * Oracle test: expected values were produced by java.math.BigDecimal / Double.toString on OpenJDK 17
 * (generator: random unscaled values in [-1e6, 1e6], scales -1..5, seed 42; columns: x, y, x.add(y),
 * x.multiply(y), x.divide(y, MathContext(33, HALF_EVEN)), x.divide(y, 3, HALF_UP), x.setScale(1, HALF_EVEN),
 * x.stripTrailingZeros(), x.toPlainString(); `D` rows: Double.toString(d)). This pins our Decimal to Java
 * BigDecimal semantics; whether Apex's `/` uses MathContext(33) stays UNVERIFIED (§2 #17).
 */
import * as fs from 'fs';
import * as path from 'path';
import { ApexDecimal, javaDoubleToString } from '..';

const rows = fs
    .readFileSync(path.join(__dirname, 'bigdecimal-java17.tsv'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => l.split('\t'));

describe('Decimal matches java.math.BigDecimal (OpenJDK 17 generated table)', () => {
    it('has a meaningful table', () => {
        expect(rows.length).toBeGreaterThan(200);
    });
    it.each(rows.filter((r) => r[0] !== 'D'))('%s op %s', (a, b, add, mul, div, div3, set1, strip, plain) => {
        const x = ApexDecimal.parse(a);
        const y = ApexDecimal.parse(b);
        expect(x.add(y).toString()).toBe(add);
        expect(x.multiply(y).toString()).toBe(mul);
        if (div !== 'ERR') {
            expect(x.divideToPrecision(y).toString()).toBe(div);
            expect(x.divideToScale(y, 3, 'HALF_UP').toString()).toBe(div3);
        }
        expect(x.setScale(1, 'HALF_EVEN').toString()).toBe(set1);
        expect(x.stripTrailingZeros().toString()).toBe(strip);
        expect(x.toPlainString()).toBe(plain);
    });
    it.each(rows.filter((r) => r[0] === 'D'))('Double.toString %s', (_d, javaText, value) => {
        expect(javaDoubleToString(parseFloat(value))).toBe(javaText);
    });
});
