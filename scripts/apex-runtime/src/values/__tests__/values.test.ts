/**
 * Value-layer conformance tests. Each expectation cites its source; [UNVERIFIED] marks rules the
 * design brief could not pin to a document (APEX-RUNTIME.md §4.2).
 */
import {
    ApexBlob,
    ApexDate,
    ApexDatetime,
    ApexDecimal,
    ApexDouble,
    ApexId,
    ApexInteger,
    ApexLong,
    ApexTime,
    arith,
    castPrimitive,
    coercePrimitive,
    concatString,
    dbl,
    dec,
    fromJsonScalar,
    fromXsdLiteral,
    idChecksum,
    IdGenerator,
    int,
    isInstanceOfPrimitive,
    javaDoubleToString,
    long,
    parseInteger,
    primitiveCompare,
    primitiveEquals,
    primitiveHashKey,
    resetRuntimeSettings,
    setRuntimeSettings,
    stringValueOf,
    typeOfPrimitive
} from '..';
import { ApexPlatformError, ApexRuntimeUnsupported } from '../../errors';

afterEach(() => resetRuntimeSettings());

function expectApexError(fn: () => unknown, type: string, message?: string) {
    try {
        fn();
    } catch (e) {
        expect(e).toBeInstanceOf(ApexPlatformError);
        expect((e as ApexPlatformError).apexType).toBe(type);
        if (message !== undefined) expect((e as Error).message).toBe(message);
        return;
    }
    throw new Error('expected an Apex exception');
}

describe('Integer / Long', () => {
    // Apex Developer Guide, "Rules of Conversion" → overflow wraps silently (§2 #11)
    it('Integer wraps at 32 bits', () => {
        expect((arith('+', int(2147483647), int(1)) as ApexInteger).value).toBe(-2147483648);
        expect((arith('*', int(65536), int(65536)) as ApexInteger).value).toBe(0);
    });
    // "Expression Operators": integer division truncates; Knolle "Calculations in Apex" 5/2 = 2 (§2 #14)
    it('Integer division truncates toward zero', () => {
        expect((arith('/', int(5), int(2)) as ApexInteger).value).toBe(2);
        expect((arith('/', int(-5), int(2)) as ApexInteger).value).toBe(-2);
    });
    // §2 #18 [UNVERIFIED text]
    it('division by zero throws MathException', () => {
        expectApexError(() => arith('/', int(1), int(0)), 'System.MathException', 'Divide by 0');
    });
    // §2 #13 [UNVERIFIED]: Long is 64-bit and wraps
    it('Long wraps at 64 bits and Integer promotes to Long', () => {
        const r = arith('+', long(9223372036854775807n), int(1)) as ApexLong;
        expect(r.kind).toBe('Long');
        expect(r.value).toBe(-9223372036854775808n);
    });
    it('parses Integer.valueOf strings and rejects junk', () => {
        expect(parseInteger(' 42 ').value).toBe(42);
        expectApexError(() => parseInteger('4x'), 'System.TypeException', 'Invalid integer: 4x');
        expectApexError(() => parseInteger('2147483648'), 'System.TypeException');
    });
});

describe('Decimal', () => {
    // Decimal Class / §2 #16: Decimal.valueOf('150.00') prints 150.00
    it('keeps the scale from its string form', () => {
        expect(ApexDecimal.parse('150.00').toString()).toBe('150.00');
        expect(ApexDecimal.parse('150.00').scale).toBe(2);
    });
    // Java BigDecimal.add: scale = max (design brief sketch: 1.10 + 2.0 = 3.10)
    it('add/subtract/multiply preserve scale like BigDecimal', () => {
        expect(dec('1.10').add(dec('2.0')).toString()).toBe('3.10');
        expect(dec('5.00').subtract(dec('0.5')).toString()).toBe('4.50');
        expect(dec('1.5').multiply(dec('2.25')).toString()).toBe('3.375');
    });
    // Decimal Class, divide(divisor, scale): "Decimal decimalNumber = 19; decimalNumber.divide(100, 3)" → 0.190
    it('divide(divisor, scale) — doc example 0.190', () => {
        expect(dec(19).divideToScale(dec(100), 3).toString()).toBe('0.190');
    });
    // Decimal Class, divide(divisor, scale, roundingMode): 12.4567.divide(7, 2, UP) → 1.78
    it('divide(divisor, scale, UP) — doc example 1.78', () => {
        expect(dec('12.4567').divideToScale(dec(7), 2, 'UP').toString()).toBe('1.78');
    });
    // force201 "Decimal scale" (2010) [Obs, UNVERIFIED on current orgs]: 1.0/3.0 = 0.333… (33 digits), 1.0/4.0 = 0.25
    it('operator / without scale (unverified precision rule)', () => {
        expect((arith('/', dec('1.0'), dec('3.0')) as ApexDecimal).toString()).toBe('0.' + '3'.repeat(33));
        expect((arith('/', dec('1.0000'), dec('3.00')) as ApexDecimal).toString()).toBe('0.' + '3'.repeat(33));
        expect((arith('/', dec('1.0'), dec('4.0')) as ApexDecimal).toString()).toBe('0.25');
    });
    // Java BigDecimal.divide(divisor, MathContext(33, HALF_EVEN)) results (the unverified `/` rule):
    // exact quotients keep the preferred scale (dividend scale - divisor scale), inexact ones 33 digits.
    it('operator / follows BigDecimal MathContext rules (unverified for Apex)', () => {
        const div = (a: string, b: string) => (arith('/', dec(a), dec(b)) as ApexDecimal).toString();
        expect(div('2', '3')).toBe('0.' + '6'.repeat(32) + '7');
        expect(div('-1', '3')).toBe('-0.' + '3'.repeat(33));
        expect(div('100', '4')).toBe('25');
        expect(div('1', '8')).toBe('0.125');
        expect(div('7.50', '2.5')).toBe('3.0');
        expect(div('10', '2.0')).toBe('5');
        expect(div('10', '3')).toBe('3.' + '3'.repeat(32));
        expect(() => div('1', '0')).toThrow('Divide by 0');
    });
    // Design brief §3.3: `Decimal d = 5; d/2` must give 2.5
    it('Decimal / Integer promotes and gives 2.5', () => {
        const r = arith('/', dec(5), int(2));
        expect(r.kind).toBe('Decimal');
        expect(r.toString()).toBe('2.5');
    });
    // Decimal Class, RoundingMode table: CEILING 5.5→6, 1.1→2, -1.1→-1, -2.7→-2; DOWN 5.5→5, -2.7→-2;
    // HALF_EVEN 5.5→6, 2.5→2; HALF_UP 2.5→3; HALF_DOWN 2.5→2; FLOOR -1.1→-2
    it('rounding modes follow the Decimal Class table', () => {
        const r = (s: string, m: Parameters<ApexDecimal['roundToBigInt']>[0]) => dec(s).roundToBigInt(m);
        expect([r('5.5', 'CEILING'), r('1.1', 'CEILING'), r('-1.1', 'CEILING'), r('-2.7', 'CEILING')]).toEqual([
            6n,
            2n,
            -1n,
            -2n
        ]);
        expect([r('5.5', 'DOWN'), r('-2.7', 'DOWN')]).toEqual([5n, -2n]);
        expect([r('5.5', 'HALF_EVEN'), r('2.5', 'HALF_EVEN'), r('2.5', 'HALF_UP'), r('2.5', 'HALF_DOWN')]).toEqual([
            6n,
            2n,
            3n,
            2n
        ]);
        expect(r('-1.1', 'FLOOR')).toBe(-2n);
        expectApexError(() => r('1.5', 'UNNECESSARY'), 'System.MathException');
    });
    it('setScale pads and rounds; equality ignores scale (§2 #17, UNVERIFIED)', () => {
        expect(dec('1.5').setScale(3).toString()).toBe('1.500');
        expect(dec('1.005').setScale(2, 'HALF_UP').toString()).toBe('1.01');
        expect(primitiveEquals(dec('1.0'), dec('1.00'))).toBe(true);
        expect(primitiveEquals(int(3), dec('3.0'))).toBe(true);
    });
    // Java BigDecimal.toString rules (Apex uses them; toPlainString never uses an exponent)
    it('toString switches to exponent notation like BigDecimal, toPlainString never does', () => {
        expect(dec('0.0000001').toString()).toBe('1E-7');
        expect(dec('0.0000001').toPlainString()).toBe('0.0000001');
        expect(dec('-0.001').toString()).toBe('-0.001');
    });
    // Decimal Data Type: created from a non-decimal number → converted to String first
    it('Double → Decimal uses the Double string form', () => {
        expect(ApexDecimal.fromDouble(0.1).toString()).toBe('0.1');
        expect(ApexDecimal.fromDouble(1).toString()).toBe('1.0');
    });
});

describe('Double', () => {
    // Java Double.toString layout (Apex Double → String)
    it('prints like Java', () => {
        expect(javaDoubleToString(1)).toBe('1.0');
        expect(javaDoubleToString(0.1)).toBe('0.1');
        expect(javaDoubleToString(12345678)).toBe('1.2345678E7');
        expect(javaDoubleToString(0.0001)).toBe('1.0E-4');
        expect(new ApexDouble(-2.5).toString()).toBe('-2.5');
    });
    // §2 #14: Double d = 5/2 → 2.0 (integer division happens first)
    it('Integer result widened to Double keeps the truncation', () => {
        const r = castPrimitive(arith('/', int(5), int(2)) as ApexInteger, 'Double') as ApexDouble;
        expect(r.toString()).toBe('2.0');
    });
});

describe('type tags and conversions', () => {
    // Design brief §3.3: `Object o = 1; o instanceof Integer` must be true
    it('instanceof uses runtime type tags', () => {
        expect(isInstanceOfPrimitive(int(1), 'Integer')).toBe(true);
        // a number is also an instance of the wider numeric types (T1 operators/instanceof-primitive-widening)
        expect(isInstanceOfPrimitive(int(1), 'Long')).toBe(true);
        expect(isInstanceOfPrimitive(dec('1.5'), 'Integer')).toBe(false);
        expect(isInstanceOfPrimitive(int(1), 'Object')).toBe(true);
        expect(isInstanceOfPrimitive(null, 'Integer')).toBe(false);
        expect(isInstanceOfPrimitive('x', 'string')).toBe(true);
        expect(typeOfPrimitive(dec('1'))).toBe('Decimal');
    });
    // Rules of Conversion: implicit widening Integer → Long → Double → Decimal (§2 #15)
    it('widens implicitly and refuses implicit narrowing', () => {
        expect(coercePrimitive(int(5), 'Decimal')!.toString()).toBe('5');
        expect((coercePrimitive(int(5), 'Long') as ApexLong).value).toBe(5n);
        expectApexError(
            () => coercePrimitive(dec('1.5'), 'Integer'),
            'System.TypeException',
            'Invalid conversion from runtime type Decimal to Integer'
        );
        expect((castPrimitive(dec('1.9'), 'Integer') as ApexInteger).value).toBe(1);
    });
    // §2 #2: String == ignores case; Set/Map keys are case-sensitive (§2 #22, #24)
    it('String equality ignores case but hash keys do not', () => {
        expect(primitiveEquals('abc', 'ABC')).toBe(true);
        expect(primitiveHashKey('abc') === primitiveHashKey('ABC')).toBe(false);
    });
    // §2 #7: relational operators with null are false (compare → undefined)
    it('comparison with null is undefined (operator yields false)', () => {
        expect(primitiveCompare(null, int(5))).toBeUndefined();
        // "A non-null String or ID value is always greater than a null value"
        expect(primitiveCompare('a', null)).toBe(1);
        expect(primitiveCompare(null, 'a')).toBe(-1);
        expect(primitiveCompare(int(2), long(3))).toBe(-1);
        expect(primitiveCompare(ApexDate.newInstance(2024, 1, 2), ApexDate.newInstance(2024, 1, 1))).toBe(1);
    });
    it('String.valueOf per type', () => {
        expect(stringValueOf(null)).toBe('null');
        expect(stringValueOf(true)).toBe('true');
        expect(stringValueOf(dbl(3))).toBe('3.0');
        expect(stringValueOf(ApexDate.newInstance(2024, 2, 29))).toBe('2024-02-29');
        expect(stringValueOf(ApexBlob.valueOf('hello'))).toBe('Blob[5]');
        expect(ApexBlob.valueOf('héllo').toString()).toBe('héllo');
    });
});

describe('Id', () => {
    // Case-safe 18-char id: SOAP API Developer Guide "ID Field Type" checksum; example 0015h0000000001 has
    // no uppercase letters → suffix AAA.
    it('computes the 18-character checksum', () => {
        expect(idChecksum('0015h0000000001')).toBe('AAA');
        expect(idChecksum('001A0000006Vm9r')).toBe('IAC');
        expect(new ApexId('001A0000006Vm9r').value).toBe('001A0000006Vm9rIAC');
    });
    // §2 #4 [Obs s2-labs; verify]: 15 and 18 forms compare equal as Ids; == is case-sensitive
    it('15 and 18 forms are equal; different case is not', () => {
        expect(primitiveEquals(new ApexId('001A0000006Vm9r'), new ApexId('001A0000006Vm9rIAC'))).toBe(true);
        expect(primitiveEquals(new ApexId('001A0000006Vm9r'), new ApexId('001a0000006Vm9r'))).toBe(false);
        expect(new ApexId('001A0000006Vm9r').keyPrefix).toBe('001');
    });
    it('rejects invalid ids with StringException', () => {
        expectApexError(() => new ApexId('abc'), 'System.StringException', 'Invalid id: abc');
        expectApexError(() => new ApexId('001A000000-Vm9r'), 'System.StringException');
    });
    it('keeps an 18-character id whose suffix is no checksum as written; its to15() is unsupported', () => {
        // orgs accept such ids (apex-rollup's RollupEvaluatorTests); what they make of the suffix is not documented
        expect(new ApexId('0066g000000000000X').value).toBe('0066g000000000000X');
        expect(() => new ApexId('0066g000000000000X').to15()).toThrow(ApexRuntimeUnsupported);
    });
    it('generates deterministic ids per key prefix', () => {
        const g = new IdGenerator();
        expect(g.next('001').value).toBe('0015h0000000001AAA');
        expect(g.next('001').value).toBe('0015h0000000002AAA');
        expect(g.next('003').value).toBe('0035h0000000001AAA');
    });
});

describe('Date / Datetime / Time', () => {
    // §2 #19 / Date Class: Date.newInstance(2024,2,28).addDays(1) → 2024-02-29
    it('Date arithmetic', () => {
        expect(ApexDate.newInstance(2024, 2, 28).addDays(1).toString()).toBe('2024-02-29');
        expect(ApexDate.newInstance(2024, 1, 31).addMonths(1).toString()).toBe('2024-02-29');
        expect(ApexDate.newInstance(2023, 1, 31).addMonths(1).toString()).toBe('2023-02-28');
        expect(ApexDate.newInstance(2024, 1, 1).daysBetween(ApexDate.newInstance(2024, 3, 1))).toBe(60);
        expect(ApexDate.newInstance(2024, 3, 1).daysBetween(ApexDate.newInstance(2024, 1, 1))).toBe(-60);
        // Date Class, monthsBetween: "March 1 and March 30 of the same year have 0 months between them"
        expect(ApexDate.newInstance(2024, 3, 1).monthsBetween(ApexDate.newInstance(2024, 3, 30))).toBe(0);
        expect(ApexDate.isLeapYear(2000)).toBe(true);
        expect(ApexDate.daysInMonth(2023, 2)).toBe(28);
        expect(ApexDate.valueOf('2024-07-04').dayOfYear()).toBe(186);
    });
    // Date Class toStartOfWeek: "the start of a week is Sunday in the United States locale, and Monday in European locales"
    it('toStartOfWeek depends on locale', () => {
        const thu = ApexDate.newInstance(2024, 7, 4);
        expect(thu.toStartOfWeek().toString()).toBe('2024-06-30');
        setRuntimeSettings({ locale: 'de_DE' });
        expect(thu.toStartOfWeek().toString()).toBe('2024-07-01');
    });
    // Datetime Class examples: newInstance(1960,2,17).addDays(2) == newInstance(1960,2,19);
    // newInstance(1997,1,31,7,8,16).addHours(3) == newInstance(1997,1,31,10,8,16)
    it('Datetime doc examples', () => {
        expect(ApexDatetime.newInstance(1960, 2, 17).addDays(2).epochMs).toBe(
            ApexDatetime.newInstance(1960, 2, 19).epochMs
        );
        expect(ApexDatetime.newInstance(1997, 1, 31, 7, 8, 16).addHours(3).epochMs).toBe(
            ApexDatetime.newInstance(1997, 1, 31, 10, 8, 16).epochMs
        );
    });
    // Datetime Class: newInstance uses the local time zone, newInstanceGmt GMT (§2 #19)
    it('local vs GMT construction and formatting', () => {
        setRuntimeSettings({ timeZone: 'America/Los_Angeles' });
        const d = ApexDatetime.newInstance(2024, 1, 15, 9, 30, 0); // PST = UTC-8
        expect(d.hourGmt()).toBe(17);
        expect(d.hour()).toBe(9);
        expect(d.formatGmt('yyyy-MM-dd HH:mm:ss')).toBe('2024-01-15 17:30:00');
        expect(d.format('yyyy-MM-dd HH:mm:ss Z')).toBe('2024-01-15 09:30:00 -0800');
        expect(d.format('EEE, d MMM yyyy h:mm a')).toBe('Mon, 15 Jan 2024 9:30 AM');
        // String.valueOf(Datetime): local time zone; debug/concat: GMT (§2 #20, UNVERIFIED)
        expect(stringValueOf(d)).toBe('2024-01-15 09:30:00');
        expect(concatString(d)).toBe('2024-01-15 17:30:00');
        // en_US format(): ICU "{1}, {0}" by default; JDK shape "2/3/2017 1:20 PM" ([Obs] robertwatson.me 2017)
        expect(d.format()).toBe('1/15/2024, 9:30 AM');
        setRuntimeSettings({ localeFormats: 'JDK' });
        expect(d.format()).toBe('1/15/2024 9:30 AM');
        const summer = ApexDatetime.newInstanceGmt(2024, 7, 1, 12, 0, 0);
        expect(summer.format('HH:mm z')).toBe('05:00 PDT');
        expect(summer.toIsoString()).toBe('2024-07-01T12:00:00.000Z');
    });
    it('valueOf parses local, valueOfGmt parses GMT, parseIso honours offsets', () => {
        setRuntimeSettings({ timeZone: 'Europe/Berlin' });
        expect(ApexDatetime.valueOf('2024-01-01 10:00:00').hourGmt()).toBe(9);
        expect(ApexDatetime.valueOfGmt('2024-01-01 10:00:00').hourGmt()).toBe(10);
        expect(ApexDatetime.parseIso('2024-01-01T10:00:00+02:00').hourGmt()).toBe(8);
        expectApexError(() => ApexDatetime.valueOf('yesterday'), 'System.TypeException');
    });
    it('date() is the local date; Date.today follows the clock and time zone', () => {
        setRuntimeSettings({ timeZone: 'America/Los_Angeles', now: () => Date.UTC(2024, 0, 1, 5, 0, 0) });
        expect(ApexDatetime.now().date().toString()).toBe('2023-12-31');
        expect(ApexDatetime.now().dateGmt().toString()).toBe('2024-01-01');
        expect(ApexDate.today().toString()).toBe('2023-12-31');
    });
    it('Time wraps around midnight and prints HH:mm:ss.SSSZ', () => {
        const t = ApexTime.newInstance(23, 30, 0, 5);
        expect(t.addHours(1).toString()).toBe('00:30:00.005Z');
        expect(ApexTime.newInstance(1, 2, 3, 4).toString()).toBe('01:02:03.004Z');
    });
    it('Date.format() / parse use the locale pattern', () => {
        expect(ApexDate.newInstance(2024, 2, 3).format()).toBe('2/3/2024');
        expect(ApexDate.parse('2/3/2024').toString()).toBe('2024-02-03');
        setRuntimeSettings({ locale: 'en_GB' });
        expect(ApexDate.newInstance(2024, 2, 3).format()).toBe('03/02/2024');
    });
});

describe('literals from metadata and JSON', () => {
    it('parses custom metadata XML values', () => {
        expect(fromXsdLiteral('true', 'xsd:boolean')).toBe(true);
        expect((fromXsdLiteral('50.0', 'xsd:double') as ApexDecimal).toString()).toBe('50.0');
        expect(fromXsdLiteral('x', 'xsd:string')).toBe('x');
        expect(fromXsdLiteral(undefined, 'xsd:string', true)).toBeNull();
        expect((fromXsdLiteral('2024-05-06', 'xsd:date') as ApexDate).toString()).toBe('2024-05-06');
    });
    it('converts JSON scalars to typed primitives', () => {
        expect((fromJsonScalar(42, 'Integer') as ApexInteger).value).toBe(42);
        expect((fromJsonScalar('2024-01-02T03:04:05.000Z', 'Datetime') as ApexDatetime).toIsoString()).toBe(
            '2024-01-02T03:04:05.000Z'
        );
        expect((fromJsonScalar(1.25, 'Decimal') as ApexDecimal).toString()).toBe('1.25');
        expect(() => fromJsonScalar('x', 'Boolean')).toThrow(ApexPlatformError);
    });
});

describe('numeric literals', () => {
    // Primitive Data Types: 5 Integer, 5L Long, 1.5 Decimal, 1.5d Double; Rules of Conversion §2 #12
    it('types literal text', () => {
        const { parseNumericLiteral } = jest.requireActual('..');
        expect(parseNumericLiteral('5').kind).toBe('Integer');
        expect(parseNumericLiteral('2147483648L').kind).toBe('Long');
        expect(parseNumericLiteral('1.50').toString()).toBe('1.50');
        expect(parseNumericLiteral('1.5d').kind).toBe('Double');
        expect(() => parseNumericLiteral('99999999999')).toThrow(TypeError);
    });
});
