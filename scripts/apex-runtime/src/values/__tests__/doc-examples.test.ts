/**
 * Examples modelled on the method pages of the Apex Reference (Date Class, Datetime Class, Time Class,
 * Decimal Class); expected values follow each method's documented contract (inputs re-authored, not copied).
 * The two quoted precision() sentences are the documented examples.
 */
import { ApexDate, ApexDatetime, ApexDecimal, ApexTime, dec, resetRuntimeSettings, setRuntimeSettings } from '..';

beforeEach(() => setRuntimeSettings({ timeZone: 'America/Los_Angeles' }));
afterEach(() => resetRuntimeSettings());

describe('Date Class examples', () => {
    it('addMonths / addYears / day / dayOfYear / daysInMonth / isLeapYear / toStartOfMonth', () => {
        expect(ApexDate.newInstance(1960, 2, 17).addMonths(2).toString()).toBe('1960-04-17'); // addMonths
        expect(ApexDate.newInstance(1983, 7, 15).addYears(2).toString()).toBe('1985-07-15'); // addYears
        expect(ApexDate.newInstance(1989, 4, 21).day()).toBe(21); // day
        expect(ApexDate.newInstance(1998, 10, 21).dayOfYear()).toBe(294); // dayOfYear
        expect(ApexDate.daysInMonth(1960, 2)).toBe(29); // daysInMonth
        expect(ApexDate.isLeapYear(1960)).toBe(true); // isLeapYear
        expect(ApexDate.newInstance(1987, 12, 17).toStartOfMonth().toString()).toBe('1987-12-01'); // toStartOfMonth
        expect(ApexDate.newInstance(2008, 1, 1).daysBetween(ApexDate.newInstance(2008, 1, 30))).toBe(29); // daysBetween
        expect(ApexDate.valueOf('2008-07-18').month()).toBe(7); // valueOf
    });
});

describe('Datetime Class examples', () => {
    it('addX methods keep local wall time', () => {
        expect(ApexDatetime.newInstance(1999, 2, 11, 8, 6, 16).addMinutes(7).epochMs).toBe(
            ApexDatetime.newInstance(1999, 2, 11, 8, 13, 16).epochMs
        ); // addMinutes
        expect(ApexDatetime.newInstance(1990, 11, 21).addMonths(5).epochMs).toBe(
            ApexDatetime.newInstance(1991, 4, 21).epochMs
        ); // addMonths
        expect(ApexDatetime.newInstance(2002, 1, 18, 8, 30, 12).addSeconds(5).epochMs).toBe(
            ApexDatetime.newInstance(2002, 1, 18, 8, 30, 17).epochMs
        ); // addSeconds
        expect(ApexDatetime.newInstance(2009, 12, 17).addYears(1).epochMs).toBe(
            ApexDatetime.newInstance(2010, 12, 17).epochMs
        ); // addYears
    });
    it('GMT accessors and formatGmt', () => {
        const dt = ApexDatetime.newInstanceGmt(2006, 3, 16, 23, 0, 0);
        expect(dt.hourGmt()).toBe(23); // hourGmt
        expect(dt.dayGmt()).toBe(16); // dayGmt
        expect(dt.formatGmt('yyyy-MM-dd HH:mm:ss')).toBe('2006-03-16 23:00:00'); // formatGmt
        expect(dt.date().toString()).toBe('2006-03-16'); // date() in the user's zone (PST: 15:00)
        expect(dt.getTime()).toBe(1142550000000n); // getTime
    });
});

describe('Time Class examples', () => {
    it('newInstance / addX / accessors', () => {
        const t = ApexTime.newInstance(1, 2, 3, 4); // newInstance
        expect(t.addHours(4).hour()).toBe(5); // addHours
        expect(ApexTime.newInstance(18, 30, 2, 20).addMinutes(16).minute()).toBe(46); // addMinutes
        expect(ApexTime.newInstance(1, 2, 3, 4).addSeconds(5).second()).toBe(8); // addSeconds
        expect(ApexTime.newInstance(1, 2, 3, 4).addMilliseconds(25).millisecond()).toBe(29); // addMilliseconds
    });
});

describe('Decimal Class examples', () => {
    it('scale / precision / setScale / stripTrailingZeros / abs / pow', () => {
        expect(dec('4.12').scale).toBe(2); // scale
        expect(dec('123.45').precision()).toBe(5); // precision: "if the Decimal value was 123.45, precision returns 5"
        expect(dec('123.123').precision()).toBe(6); // precision: "If the Decimal value is 123.123, precision returns 6"
        expect(dec('3.14159').setScale(2).toString()).toBe('3.14'); // setScale
        expect(dec('1.10').stripTrailingZeros().toString()).toBe('1.1'); // stripTrailingZeros
        expect(dec('0.000').stripTrailingZeros().toString()).toBe('0'); // stripTrailingZeros of zero
        expect(dec('-1.5').abs().toString()).toBe('1.5'); // abs
        expect(dec('3.5').pow(2).toString()).toBe('12.25'); // pow
        expect(ApexDecimal.parse('150.00').toPlainString()).toBe('150.00'); // toPlainString
    });
});
