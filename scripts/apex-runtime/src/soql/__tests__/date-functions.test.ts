/**
 * SOQL date functions. Source: SOQL and SOSL Reference, "Date Functions" (CALENDAR_MONTH 1 for January,
 * CALENDAR_QUARTER 1 for January 1 through March 31, DAY_IN_WEEK 1 for Sunday / 7 for Saturday, DAY_IN_YEAR 32 for
 * February 1, DAY_ONLY date portion of a dateTime, WEEK_IN_MONTH / WEEK_IN_YEAR first week = days 1–7; dateTime
 * values in UTC unless convertTimezone(); example `SELECT CALENDAR_YEAR(CreatedDate), SUM(Amount) FROM Opportunity
 * GROUP BY CALENDAR_YEAR(CreatedDate)`); FISCAL_* depend on org settings → unsupported.
 */
import { Database } from '../../db';
import { runQuery, QueryResult } from '..';
import { ApexDate, ApexDatetime, ApexDecimal, ApexInteger } from '../../values';
import { ApexRuntimeUnsupported } from '../../errors';
import { fixtureSchema, insertRow, seededDb, useRuntimeSettings } from '../../__tests__/support';

const schema = fixtureSchema();
let db: Database;
const ins = (obj: string, vals: Record<string, unknown>) => insertRow(db, obj, vals);
const q = (text: string): QueryResult => runQuery(text, { db, countLimits: false });
const lastNames = (r: QueryResult) => (r.kind === 'records' ? r.records.map((s) => s.get('LastName')) : []);

useRuntimeSettings({ now: () => Date.UTC(2026, 5, 15, 18), timeZone: 'America/Los_Angeles' });
beforeEach(() => {
    db = seededDb(schema);
    // 2026-02-01 is a Sunday; 2025-12-31 a Wednesday
    ins('Contact', { LastName: 'Feb', Birthdate: ApexDate.newInstance(2026, 2, 1) });
    ins('Contact', { LastName: 'Dec', Birthdate: ApexDate.newInstance(2025, 12, 31) });
    ins('Contact', { LastName: 'Apr', Birthdate: ApexDate.newInstance(2026, 4, 10) });
    ins('Contact', { LastName: 'None' });
});

test('WHERE with calendar functions on a Date field', () => {
    expect(
        lastNames(q('SELECT LastName FROM Contact WHERE CALENDAR_YEAR(Birthdate) = 2026 ORDER BY LastName'))
    ).toEqual(['Apr', 'Feb']);
    expect(lastNames(q('SELECT LastName FROM Contact WHERE CALENDAR_MONTH(Birthdate) = 12'))).toEqual(['Dec']);
    expect(lastNames(q('SELECT LastName FROM Contact WHERE CALENDAR_QUARTER(Birthdate) = 2'))).toEqual(['Apr']);
    expect(lastNames(q('SELECT LastName FROM Contact WHERE DAY_IN_YEAR(Birthdate) = 32'))).toEqual(['Feb']);
    expect(lastNames(q('SELECT LastName FROM Contact WHERE DAY_IN_WEEK(Birthdate) = 1'))).toEqual(['Feb']);
    expect(lastNames(q('SELECT LastName FROM Contact WHERE DAY_IN_WEEK(Birthdate) = 4'))).toEqual(['Dec']);
    expect(lastNames(q('SELECT LastName FROM Contact WHERE WEEK_IN_MONTH(Birthdate) = 2'))).toEqual(['Apr']);
    expect(lastNames(q('SELECT LastName FROM Contact WHERE WEEK_IN_YEAR(Birthdate) = 53'))).toEqual(['Dec']);
    expect(lastNames(q('SELECT LastName FROM Contact WHERE DAY_IN_MONTH(Birthdate) > 9 ORDER BY LastName'))).toEqual([
        'Apr',
        'Dec'
    ]);
});

test('GROUP BY and ORDER BY a date function (the documented example shape)', () => {
    const r = q(
        'SELECT CALENDAR_YEAR(Birthdate), COUNT(Id) FROM Contact WHERE Birthdate != null GROUP BY CALENDAR_YEAR(Birthdate) ORDER BY CALENDAR_YEAR(Birthdate) DESC'
    );
    if (r.kind !== 'aggregate') throw new Error('not aggregate');
    expect(r.rows.map((x) => [(x.get('expr0') as ApexInteger).value, (x.get('expr1') as ApexInteger).value])).toEqual([
        [2026, 2],
        [2025, 1]
    ]);
    // ORDER BY a date function on plain rows
    expect(
        lastNames(q('SELECT LastName FROM Contact WHERE Birthdate != null ORDER BY DAY_IN_MONTH(Birthdate)'))
    ).toEqual(['Feb', 'Apr', 'Dec']);
});

test('GROUP BY a date function with aliases and HAVING', () => {
    const r = q(
        'SELECT CALENDAR_YEAR(Birthdate) yr, COUNT(Id) n FROM Contact WHERE Birthdate != null GROUP BY CALENDAR_YEAR(Birthdate) HAVING COUNT(Id) > 0'
    );
    if (r.kind !== 'aggregate') throw new Error('not aggregate');
    const got = r.rows.map((x) => [(x.get('yr') as ApexInteger).value, (x.get('n') as ApexInteger).value]).sort();
    expect(got).toEqual([
        [2025, 1],
        [2026, 2]
    ]);
    const r2 = q('SELECT CALENDAR_MONTH(Birthdate), COUNT(Id) FROM Contact GROUP BY CALENDAR_MONTH(Birthdate)');
    if (r2.kind !== 'aggregate') throw new Error('not aggregate');
    const months = r2.rows.map((x) => x.get('expr0')).map((v) => (v instanceof ApexInteger ? v.value : v));
    expect(months.sort()).toEqual([12, 2, 4, null].sort());
    expect(r2.rows.every((x) => x.get('expr1') instanceof ApexInteger)).toBe(true);
});

test('dateTime fields: UTC by default, user time zone with convertTimezone(); DAY_ONLY and HOUR_IN_DAY', () => {
    const a = ins('Account', { Name: 'late' });
    // 2026-03-01 03:30 UTC = 2026-02-28 19:30 in Los Angeles
    db.setCreatedDate(a, new ApexDatetime(Date.UTC(2026, 2, 1, 3, 30)));
    const names = (text: string) => {
        const r = q(text);
        return r.kind === 'records' ? r.records.map((s) => s.get('Name')) : [];
    };
    expect(names('SELECT Name FROM Account WHERE CALENDAR_MONTH(CreatedDate) = 3')).toEqual(['late']);
    expect(names('SELECT Name FROM Account WHERE CALENDAR_MONTH(convertTimezone(CreatedDate)) = 2')).toEqual(['late']);
    expect(names('SELECT Name FROM Account WHERE HOUR_IN_DAY(CreatedDate) = 3')).toEqual(['late']);
    expect(names('SELECT Name FROM Account WHERE HOUR_IN_DAY(convertTimezone(CreatedDate)) = 19')).toEqual(['late']);
    expect(names('SELECT Name FROM Account WHERE DAY_ONLY(CreatedDate) = 2026-03-01')).toEqual(['late']);
    expect(names('SELECT Name FROM Account WHERE DAY_ONLY(convertTimezone(CreatedDate)) = 2026-02-28')).toEqual([
        'late'
    ]);
});

test('fiscal functions, date functions in a plain SELECT and non-date fields are not guessed', () => {
    expect(() => q('SELECT LastName FROM Contact WHERE FISCAL_YEAR(Birthdate) = 2026')).toThrow(ApexRuntimeUnsupported);
    expect(() => q('SELECT CALENDAR_YEAR(Birthdate) FROM Contact')).toThrow(ApexRuntimeUnsupported);
    expect(() => q('SELECT LastName FROM Contact WHERE DAY_ONLY(Birthdate) = 2026-02-01')).toThrow(
        /DAY_ONLY can only be used with dateTime fields/
    );
    void ApexDecimal;
});
