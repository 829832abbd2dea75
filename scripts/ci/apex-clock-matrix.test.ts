import * as path from 'node:path';
import { formatMatrix, INSTANTS, runClockMatrix, TIME_ZONES } from './apex-clock-matrix';

const FIXTURE = path.join(__dirname, '__fixtures__/clock-dependent-project');

describe('clock matrix (npm run test:apex:clocks)', () => {
    it('covers a date behind UTC, both daylight-saving changes of the default zone and the end of a year', () => {
        expect(INSTANTS.map((i) => i.now)).toEqual([
            '2026-12-05T03:50:00Z',
            '2026-03-08T10:30:00Z',
            '2026-11-01T09:30:00Z',
            '2026-12-31T23:30:00Z'
        ]);
        expect(TIME_ZONES).toEqual([null, 'Europe/Berlin', 'Asia/Tokyo']);
    });

    it('fails on a test that holds only while the user date equals the UTC date, naming the cells', async () => {
        const results = await runClockMatrix(FIXTURE, 2);
        const cell = (now: string, tz: string | null) => results.find((r) => r.now === now && r.timeZone === tz)!;

        expect(results).toHaveLength(INSTANTS.length * TIME_ZONES.length);
        // Los Angeles is still on 4 December at 03:50Z; Berlin and Tokyo are on the UTC date
        expect(cell('2026-12-05T03:50:00Z', null).ok).toBe(false);
        expect(cell('2026-12-05T03:50:00Z', null).failures[0]).toMatch(
            /^DueTodayTest\.it_should_treat_the_utc_date_as_today Fail: System\.AssertException: .*Expected: 2026-12-04.*Actual: 2026-12-05/
        );
        expect(cell('2026-12-05T03:50:00Z', 'Europe/Berlin').ok).toBe(true);
        // 23:30Z on 31 December is already 2027 in Berlin and Tokyo, still 2026 in Los Angeles
        expect(cell('2026-12-31T23:30:00Z', 'Asia/Tokyo').ok).toBe(false);
        expect(cell('2026-12-31T23:30:00Z', null).ok).toBe(true);
        expect(formatMatrix(results)).toMatch(/\nclocks: \d+ passed, [1-9]\d* failed\n$/);
    }, 120_000);
});
