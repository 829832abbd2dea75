// Cron expressions of `System.schedule` and the next fire time of a scheduled job (CronTrigger.NextFireTime).
// Apex Developer Guide, "Apex Scheduler" (Using the System.Schedule Method): `Seconds Minutes Hours
// Day_of_month Month Day_of_week [Optional_year]`; values 0–59, 0–59, 0–23, 1–31, 1–12 or JAN–DEC, 1–7 or
// SUN–SAT, 1970–2099; special characters `,` `-` `*` `?` `/` (and `L`, `W`, `#`, which this module leaves
// Unsupported); "The System.Schedule method uses the user's timezone for the basis of all schedules."
// The scheduler is Quartz-based: one of day-of-month and day-of-week must be `?` — any other shape is left
// Unsupported rather than guessed.
import { localFields, localToUtc } from '../values/datetime';

interface FieldSpec {
    name: string;
    min: number;
    max: number;
    names?: string[];
}

const SPECS: FieldSpec[] = [
    { name: 'Seconds', min: 0, max: 59 },
    { name: 'Minutes', min: 0, max: 59 },
    { name: 'Hours', min: 0, max: 23 },
    { name: 'Day_of_month', min: 1, max: 31 },
    {
        name: 'Month',
        min: 1,
        max: 12,
        names: ['JAN', 'FEB', 'MAR', 'APR', 'MAY', 'JUN', 'JUL', 'AUG', 'SEP', 'OCT', 'NOV', 'DEC']
    },
    { name: 'Day_of_week', min: 1, max: 7, names: ['SUN', 'MON', 'TUE', 'WED', 'THU', 'FRI', 'SAT'] },
    { name: 'Optional_year', min: 1970, max: 2099 }
];

const NAMES = new RegExp([...SPECS[4].names!, ...SPECS[5].names!].join('|'), 'g');

/** A parsed expression: the allowed values of each field; null = `?` (no specific value). */
export interface Cron {
    seconds: Set<number>;
    minutes: Set<number>;
    hours: Set<number>;
    daysOfMonth: Set<number> | null;
    months: Set<number>;
    /** 1 = Sunday … 7 = Saturday */
    daysOfWeek: Set<number> | null;
    years: Set<number> | null;
}

/** Why an expression is not modelled (the caller raises Unsupported with it), or the parsed expression. */
export type CronParse = { ok: true; cron: Cron } | { ok: false; unsupported: string };

function parseValue(text: string, spec: FieldSpec): number | null {
    const byName = spec.names?.indexOf(text.toUpperCase()) ?? -1;
    if (byName >= 0) return byName + spec.min;
    if (!/^\d+$/.test(text)) return null;
    const n = Number(text);
    return n >= spec.min && n <= spec.max ? n : null;
}

function parseField(text: string, spec: FieldSpec): Set<number> | null | string {
    if (text === '?') return null;
    const values = new Set<number>();
    for (const part of text.split(',')) {
        const [range, stepText] = part.split('/');
        const step = stepText === undefined ? 1 : Number(stepText);
        if (!Number.isInteger(step) || step < 1) return `${spec.name} "${text}"`;
        let from: number | null;
        let to: number | null;
        if (range === '*') [from, to] = [spec.min, spec.max];
        else if (range.includes('-')) {
            const [a, b] = range.split('-');
            [from, to] = [parseValue(a, spec), parseValue(b, spec)];
        } else {
            from = parseValue(range, spec);
            to = stepText === undefined ? from : spec.max;
        }
        if (from === null || to === null || from > to) return `${spec.name} "${text}"`;
        for (let v = from; v <= to; v += step) values.add(v);
    }
    return values;
}

export function parseCron(expression: string): CronParse {
    const fields = expression.trim().split(/\s+/);
    if (fields.length < 6 || fields.length > 7) return { ok: false, unsupported: `cron expression "${expression}"` };
    const parsed: (Set<number> | null)[] = [];
    for (let i = 0; i < fields.length; i++) {
        if (/[LW#]/.test(fields[i].toUpperCase().replace(NAMES, '')))
            return { ok: false, unsupported: `cron special character L, W or # in "${expression}"` };
        if (fields[i] === '?' && i !== 3 && i !== 5)
            return { ok: false, unsupported: `cron "?" outside day-of-month/day-of-week in "${expression}"` };
        const f = parseField(fields[i], SPECS[i]);
        if (typeof f === 'string') return { ok: false, unsupported: `cron field ${f} in "${expression}"` };
        parsed.push(f);
    }
    const [seconds, minutes, hours, daysOfMonth, months, daysOfWeek, years] = parsed;
    if ((daysOfMonth === null) === (daysOfWeek === null))
        return {
            ok: false,
            unsupported: `cron expression "${expression}" without exactly one "?" in day-of-month/day-of-week`
        };
    return {
        ok: true,
        cron: {
            seconds: seconds!,
            minutes: minutes!,
            hours: hours!,
            daysOfMonth,
            months: months!,
            daysOfWeek,
            years: years ?? null
        }
    };
}

const sorted = (s: Set<number>): number[] => [...s].sort((a, b) => a - b);

/**
 * The first instant strictly after `afterMs` that matches, in the time zone `tz`; null when none does
 * before the end of the year range (2099) — such a schedule never fires.
 */
export function nextFireTime(cron: Cron, afterMs: number, tz: string): number | null {
    const start = localFields(afterMs, tz);
    const [hours, minutes, seconds] = [sorted(cron.hours), sorted(cron.minutes), sorted(cron.seconds)];
    const lastYear = Math.min(2099, cron.years ? Math.max(...cron.years) : 2099);
    for (let day = Date.UTC(start.year, start.month - 1, start.day); ; day += 86_400_000) {
        const d = new Date(day);
        const [year, month, dom, dow] = [d.getUTCFullYear(), d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCDay() + 1];
        if (year > lastYear) return null;
        if (cron.years && !cron.years.has(year)) continue;
        if (!cron.months.has(month)) continue;
        if (cron.daysOfMonth && !cron.daysOfMonth.has(dom)) continue;
        if (cron.daysOfWeek && !cron.daysOfWeek.has(dow)) continue;
        for (const hour of hours)
            for (const minute of minutes)
                for (const second of seconds) {
                    const t = localToUtc({ year, month, day: dom, hour, minute, second }, tz);
                    if (t > afterMs) return t;
                }
    }
}
