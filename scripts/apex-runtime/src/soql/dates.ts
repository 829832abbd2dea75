/**
 * SOQL date literals → inclusive day ranges in the running user's time zone.
 * Source: SOQL and SOSL Reference, "Date Formats and Date Literals" (e.g. "LAST_N_DAYS:1 includes
 * yesterday and today"; NEXT_N_DAYS:n starts at the next day; LAST_N_MONTHS:n ends with the previous
 * month). Fiscal literals need the org fiscal year settings → unsupported.
 */
import { ApexRuntimeUnsupported } from '../errors';
import { ApexDate } from '../values';

export interface DayRange {
    start: ApexDate;
    /** inclusive */
    end: ApexDate;
}

function quarterStart(d: ApexDate): ApexDate {
    return ApexDate.newInstance(d.year(), Math.floor((d.month() - 1) / 3) * 3 + 1, 1);
}

export function dateLiteralRange(name: string, n: number | undefined, today = ApexDate.today()): DayRange {
    const month0 = today.toStartOfMonth();
    const week0 = today.toStartOfWeek();
    const year0 = ApexDate.newInstance(today.year(), 1, 1);
    const need = () => {
        if (n === undefined) throw new ApexRuntimeUnsupported(`SOQL date literal ${name} without :n`);
        return n;
    };
    const r = (start: ApexDate, end: ApexDate): DayRange => ({ start, end });
    switch (name) {
        case 'YESTERDAY':
            return r(today.addDays(-1), today.addDays(-1));
        case 'TODAY':
            return r(today, today);
        case 'TOMORROW':
            return r(today.addDays(1), today.addDays(1));
        case 'LAST_WEEK':
            return r(week0.addDays(-7), week0.addDays(-1));
        case 'THIS_WEEK':
            return r(week0, week0.addDays(6));
        case 'NEXT_WEEK':
            return r(week0.addDays(7), week0.addDays(13));
        case 'LAST_MONTH':
            return r(month0.addMonths(-1), month0.addDays(-1));
        case 'THIS_MONTH':
            return r(month0, month0.addMonths(1).addDays(-1));
        case 'NEXT_MONTH':
            return r(month0.addMonths(1), month0.addMonths(2).addDays(-1));
        case 'LAST_90_DAYS':
            return r(today.addDays(-90), today);
        case 'NEXT_90_DAYS':
            return r(today.addDays(1), today.addDays(90));
        case 'LAST_N_DAYS':
            return r(today.addDays(-need()), today);
        case 'NEXT_N_DAYS':
            return r(today.addDays(1), today.addDays(need()));
        case 'N_DAYS_AGO':
            return r(today.addDays(-need()), today.addDays(-need()));
        case 'LAST_N_WEEKS':
            return r(week0.addDays(-7 * need()), week0.addDays(-1));
        case 'NEXT_N_WEEKS':
            return r(week0.addDays(7), week0.addDays(7 * need() + 6));
        case 'N_WEEKS_AGO':
            return r(week0.addDays(-7 * need()), week0.addDays(-7 * need() + 6));
        case 'LAST_N_MONTHS':
            return r(month0.addMonths(-need()), month0.addDays(-1));
        case 'NEXT_N_MONTHS':
            return r(month0.addMonths(1), month0.addMonths(need() + 1).addDays(-1));
        case 'N_MONTHS_AGO':
            return r(month0.addMonths(-need()), month0.addMonths(-need() + 1).addDays(-1));
        case 'THIS_QUARTER': {
            const q = quarterStart(today);
            return r(q, q.addMonths(3).addDays(-1));
        }
        case 'LAST_QUARTER': {
            const q = quarterStart(today).addMonths(-3);
            return r(q, q.addMonths(3).addDays(-1));
        }
        case 'NEXT_QUARTER': {
            const q = quarterStart(today).addMonths(3);
            return r(q, q.addMonths(3).addDays(-1));
        }
        case 'THIS_YEAR':
            return r(year0, year0.addYears(1).addDays(-1));
        case 'LAST_YEAR':
            return r(year0.addYears(-1), year0.addDays(-1));
        case 'NEXT_YEAR':
            return r(year0.addYears(1), year0.addYears(2).addDays(-1));
        case 'LAST_N_YEARS':
            return r(year0.addYears(-need()), year0.addDays(-1));
        case 'NEXT_N_YEARS':
            return r(year0.addYears(1), year0.addYears(need() + 1).addDays(-1));
        case 'N_YEARS_AGO':
            return r(year0.addYears(-need()), year0.addYears(-need() + 1).addDays(-1));
        default:
            throw new ApexRuntimeUnsupported(`SOQL date literal ${name}${n !== undefined ? ':' + n : ''}`);
    }
}
