/**
 * Default values of custom fields (`<defaultValue>`), applied on insert to fields the record leaves unset. A small
 * documented subset of the formula language is evaluated; anything else is unsupported, never guessed:
 * - literals: numbers, 'text' / "text", true / false;
 * - TODAY() (a Date, in the user's time zone) and NOW() (a Datetime) — Salesforce Help "TODAY", "NOW";
 * - Date ± Number of whole days ("TODAY() +5 calculates the date five days ahead of today", Help "TODAY") and
 *   Datetime ± Number of days (Help "NOW"); Number ± Number;
 * - $User.Id — the user whose insert applies the default (Help "$User" global variable).
 */
import { ApexRuntimeUnsupported } from '../errors';
import type { SourcePos } from '../errors';
import { ApexDate, ApexDatetime, ApexDecimal, ApexId, runtimeSettings } from '../values';
import type { ApexPrimitive } from '../values';
import type { FieldInfo, SObjectInfo } from '../schema';
import { coerceFieldValue } from '../schema';

const TOKEN = /\s*(?:(\d+(?:\.\d+)?)|'([^']*)'|"([^"]*)"|(TODAY\(\s*\)|NOW\(\s*\)|\$User\.Id|true|false)|([+-]))/iy;

type Term = ApexPrimitive;

/** The value of `f`'s default for a record inserted by `userId`. */
export function evalDefault(f: FieldInfo, info: SObjectInfo, userId: string | null, site?: SourcePos): ApexPrimitive {
    const text = f.defaultValue!.trim();
    const no = (): never => {
        throw new ApexRuntimeUnsupported(`default value formula '${text}' on ${info.name}.${f.name}`, site);
    };
    const tokens: { num?: string; str?: string; word?: string; op?: string }[] = [];
    TOKEN.lastIndex = 0;
    while (TOKEN.lastIndex < text.length) {
        const at = TOKEN.lastIndex;
        const m = TOKEN.exec(text);
        if (!m || m.index !== at) no();
        const [, num, s1, s2, word, op] = m!;
        tokens.push({ num, str: s1 ?? s2, word, op });
        if (TOKEN.lastIndex === at) no();
    }
    let i = 0;
    const term = (): Term => {
        let sign = 1;
        while (tokens[i]?.op) sign *= tokens[i++].op === '-' ? -1 : 1;
        const t = tokens[i++] ?? no();
        if (t.num !== undefined) return ApexDecimal.parse((sign < 0 ? '-' : '') + t.num);
        if (sign < 0) no();
        if (t.str !== undefined) return t.str;
        const w = (t.word ?? no()).replace(/\s+/g, '').toLowerCase();
        if (w === 'true' || w === 'false') return w === 'true';
        if (w === 'today()') return ApexDate.today();
        if (w === 'now()') return new ApexDatetime(runtimeSettings().now());
        if (w === '$user.id') return userId ? new ApexId(userId) : no();
        return no();
    };
    let v = term();
    while (i < tokens.length) {
        const op = tokens[i++].op ?? no();
        const r = term();
        if (!(r instanceof ApexDecimal)) no();
        const n = (r as ApexDecimal).toNumber() * (op === '-' ? -1 : 1);
        if (v instanceof ApexDate && Number.isInteger(n)) v = v.addDays(n);
        else if (v instanceof ApexDatetime) v = new ApexDatetime(v.epochMs + Math.round(n * 86_400_000));
        else if (v instanceof ApexDecimal) v = op === '-' ? v.subtract(r as ApexDecimal) : v.add(r as ApexDecimal);
        else no();
    }
    return coerceFieldValue(f, v);
}
