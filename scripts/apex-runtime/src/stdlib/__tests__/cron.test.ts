import { nextFireTime, parseCron, type Cron } from '../cron';

const cron = (expression: string): Cron => {
    const p = parseCron(expression);
    if (!p.ok) throw new Error(p.unsupported);
    return p.cron;
};
const next = (expression: string, afterIso: string, tz = 'America/Los_Angeles'): string | null => {
    const t = nextFireTime(cron(expression), Date.parse(afterIso), tz);
    return t === null ? null : new Date(t).toISOString();
};

describe('cron expressions of System.schedule (Apex Scheduler)', () => {
    it('fires at the next matching second in the user time zone', () => {
        // 03:50Z on 5 December is 19:50 on 4 December in Los Angeles: 02:00 local is 10:00Z on the 5th
        expect(next('0 0 2 * * ?', '2026-12-05T03:50:00Z')).toBe('2026-12-05T10:00:00.000Z');
        expect(next('0 0 2 * * ?', '2026-12-05T03:50:00Z', 'Europe/Berlin')).toBe('2026-12-06T01:00:00.000Z');
    });
    it('reads lists, ranges, increments and month and day names', () => {
        expect(next('0 0,30 9-17 ? * MON-FRI', '2026-12-04T17:45:00Z', 'GMT')).toBe('2026-12-07T09:00:00.000Z');
        expect(next('0 0/15 * * * ?', '2026-12-05T10:07:00Z', 'GMT')).toBe('2026-12-05T10:15:00.000Z');
        expect(next('0 0 6 1 JAN ? 2098', '2026-12-05T00:00:00Z', 'GMT')).toBe('2098-01-01T06:00:00.000Z');
        expect(next('20 30 8 10 2 ?', '2026-12-05T00:00:00Z', 'GMT')).toBe('2027-02-10T08:30:20.000Z');
    });
    it('follows daylight saving: 08:00 local is 16:00Z in winter and 15:00Z in summer', () => {
        expect(next('0 0 8 * * ?', '2026-03-07T17:00:00Z')).toBe('2026-03-08T15:00:00.000Z');
        expect(next('0 0 8 * * ?', '2026-03-06T17:00:00Z')).toBe('2026-03-07T16:00:00.000Z');
    });
    it('never fires when the years are past', () => {
        expect(next('0 0 0 3 9 ? 2022', '2026-12-05T00:00:00Z')).toBeNull();
    });
    it('leaves L, W, #, a "?" outside the day fields and two specific day fields unsupported', () => {
        for (const unsupported of [
            '0 0 0 L * ?',
            '0 0 0 15W * ?',
            '0 0 0 ? * 6#3',
            '? 0 0 * * ?',
            '0 0 0 * * *',
            '0 0 0 ? * ?',
            '0 0 25 * * ?',
            '0 0 0 * * ? 1969'
        ])
            expect(parseCron(unsupported).ok).toBe(false);
    });
});
