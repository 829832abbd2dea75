// String class (Apex Reference Guide, "String Class"). Closed list: any other method is unsupported.
import * as V from '../values';
import type { Interpreter } from '../interp/interpreter';
import { registerNative, registerValueMethods, type NativeFn } from '../interp/natives';
import { NativeObject } from '../interp/types';
import { ApexList, ApexSet } from '../collections';
import { arity, jsInt, str } from './core';

const S: RType = { k: 'prim', name: 'String' };
import type { RType } from '../interp/types';

const self = (it: Interpreter, s: unknown): string => str(it, s);
// String.equals(stringOrId): "the passed-in object … represents the same binary sequence of characters"; where an
// Id is compared, its 15- and 18-character forms are equal (Apex Reference, String Class, equals(stringOrId) example)
const textOf = (v: unknown): string | null => (typeof v === 'string' ? v : v instanceof V.ApexId ? v.value : null);
function sameText(mine: string, other: unknown, mineIsId: boolean): boolean {
    const theirs = textOf(other);
    if (theirs === null) return false;
    const asIds =
        (mineIsId || other instanceof V.ApexId) && [15, 18].includes(mine.length) && [15, 18].includes(theirs.length);
    return asIds ? mine.slice(0, 15) === theirs.slice(0, 15) : mine === theirs;
}
const isBlank = (s: unknown): boolean => s === null || s === undefined || String(s).trim() === '';

function sIndex(it: Interpreter, s: string, i: number): void {
    if (i < 0 || i > s.length) it.throwApex('StringException', `Ending position out of bounds: ${i}`);
}

const methods: Record<string, NativeFn> = {
    length: (it, _a, s) => V.int(self(it, s).length),
    tolowercase: (it, _a, s) => self(it, s).toLowerCase(),
    touppercase: (it, _a, s) => self(it, s).toUpperCase(),
    trim: (it, _a, s) => self(it, s).replace(/^[\s\u0000-\u0020]+|[\s\u0000-\u0020]+$/g, ''),
    normalizespace: (it, _a, s) => self(it, s).trim().replace(/\s+/g, ' '),
    contains: (it, a, s) => self(it, s).includes(str(it, a[0])),
    containsignorecase: (it, a, s) => self(it, s).toLowerCase().includes(str(it, a[0]).toLowerCase()),
    startswith: (it, a, s) => self(it, s).startsWith(str(it, a[0])),
    startswithignorecase: (it, a, s) => self(it, s).toLowerCase().startsWith(str(it, a[0]).toLowerCase()),
    endswith: (it, a, s) => self(it, s).endsWith(str(it, a[0])),
    endswithignorecase: (it, a, s) => self(it, s).toLowerCase().endsWith(str(it, a[0]).toLowerCase()),
    equals: (it, a, s) => sameText(self(it, s), a[0], false),
    equalsignorecase: (it, a, s) => textOf(a[0]) !== null && self(it, s).toLowerCase() === textOf(a[0])!.toLowerCase(),
    compareto: (it, a, s) => {
        const x = self(it, s);
        const y = str(it, a[0]);
        for (let i = 0; i < Math.min(x.length, y.length); i++)
            if (x[i] !== y[i]) return V.int(x.charCodeAt(i) - y.charCodeAt(i));
        return V.int(x.length - y.length);
    },
    indexof: (it, a, s) => {
        arity(it, a, 1, 2);
        return V.int(self(it, s).indexOf(str(it, a[0]), a.length > 1 ? jsInt(it, a[1]) : 0));
    },
    indexofignorecase: (it, a, s) =>
        V.int(
            self(it, s)
                .toLowerCase()
                .indexOf(str(it, a[0]).toLowerCase(), a.length > 1 ? jsInt(it, a[1]) : 0)
        ),
    lastindexof: (it, a, s) => V.int(self(it, s).lastIndexOf(str(it, a[0]))),
    substring: (it, a, s) => {
        arity(it, a, 1, 2);
        const x = self(it, s);
        const b = jsInt(it, a[0]);
        const e = a.length > 1 ? jsInt(it, a[1]) : x.length;
        if (b < 0 || e > x.length || b > e) it.throwApex('StringException', `Ending position out of bounds: ${e}`);
        return x.substring(b, e);
    },
    left: (it, a, s) => self(it, s).slice(0, Math.max(0, jsInt(it, a[0]))),
    right: (it, a, s) => {
        const x = self(it, s);
        const n = Math.max(0, jsInt(it, a[0]));
        return n >= x.length ? x : x.slice(x.length - n);
    },
    mid: (it, a, s) => self(it, s).substr(Math.max(0, jsInt(it, a[0])), jsInt(it, a[1])),
    // abbreviate(maxWidth[, offset]): Apache Commons StringUtils.abbreviate semantics, which the String page's
    // examples follow ('Hello Maximillian'.abbreviate(9, 6) == '...Max...').
    abbreviate: (it, a, s) => {
        arity(it, a, 1, 2);
        const x = self(it, s);
        const n = jsInt(it, a[0]);
        if (n < 4) it.throwApex('StringException', 'Minimum abbreviation width is 4');
        if (x.length <= n) return x;
        if (a.length === 1) return x.slice(0, n - 3) + '...';
        let offset = Math.min(jsInt(it, a[1]), x.length);
        if (x.length - offset < n - 3) offset = x.length - (n - 3);
        if (offset <= 4) return x.slice(0, n - 3) + '...';
        if (n < 7)
            return it.unsupported(
                'String.abbreviate(maxWidth < 7, offset > 4): the platform message is not documented'
            );
        if (offset + n - 3 < x.length) {
            const rest = x.slice(offset);
            return '...' + (rest.length <= n - 3 ? rest : rest.slice(0, n - 6) + '...');
        }
        return '...' + x.slice(x.length - (n - 3));
    },
    charat: (it, a, s) => {
        const x = self(it, s);
        const i = jsInt(it, a[0]);
        if (i < 0 || i >= x.length) it.throwApex('StringException', `Char index out of bounds: ${i}`);
        return V.int(x.charCodeAt(i));
    },
    replace: (it, a, s) => self(it, s).split(str(it, a[0])).join(str(it, a[1])),
    replaceall: (it, a, s) => {
        const r = javaRegexFlags(it, str(it, a[0]));
        return self(it, s).replace(new RegExp(r.source, r.flags + 'g'), javaReplacement(str(it, a[1])));
    },
    replacefirst: (it, a, s) => {
        const r = javaRegexFlags(it, str(it, a[0]));
        return self(it, s).replace(new RegExp(r.source, r.flags), javaReplacement(str(it, a[1])));
    },
    split: (it, a, s) => {
        arity(it, a, 1, 2);
        const x = self(it, s);
        let parts = x === '' ? [''] : x.split(new RegExp(javaRegex(it, str(it, a[0]))));
        if (a.length === 1 || jsInt(it, a[1]) === 0)
            while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
        if (a.length > 1 && jsInt(it, a[1]) > 0) {
            // Java String.split(regex, limit): at most `limit` parts, the last holds the rest, trailing empty
            // strings are kept; a zero-width match at index 0 yields no leading empty string.
            const lim = jsInt(it, a[1]);
            const r = javaRegexFlags(it, str(it, a[0]));
            const re = new RegExp(r.source, r.flags + 'g');
            const out: string[] = [];
            let last = 0;
            let m: RegExpExecArray | null;
            while (out.length < lim - 1 && (m = re.exec(x))) {
                if (m[0] === '') re.lastIndex++;
                if (m.index === 0 && m[0] === '') continue;
                if (m.index > x.length) break;
                out.push(x.slice(last, m.index));
                last = m.index + m[0].length;
            }
            out.push(x.slice(last));
            return new ApexList(S, out);
        }
        if (parts.length > 1 && parts[0] === '' && x.length) parts = parts.slice(0); // Java keeps a leading empty string
        return new ApexList(S, parts);
    },
    isblank: (it, _a, s) => isBlank(self(it, s)),
    isnotblank: (it, _a, s) => !isBlank(self(it, s)),
    isempty: (it, _a, s) => self(it, s) === '',
    isnotempty: (it, _a, s) => self(it, s) !== '',
    isnumeric: (it, _a, s) => /^\d+$/.test(self(it, s)),
    isalpha: (it, _a, s) => /^[A-Za-z]+$/.test(self(it, s)),
    isalphanumeric: (it, _a, s) => /^[A-Za-z0-9]+$/.test(self(it, s)),
    capitalize: (it, _a, s) => {
        const x = self(it, s);
        return x.charAt(0).toUpperCase() + x.slice(1);
    },
    uncapitalize: (it, _a, s) => {
        const x = self(it, s);
        return x.charAt(0).toLowerCase() + x.slice(1);
    },
    repeat: (it, a, s) => {
        const n = jsInt(it, a[a.length - 1]);
        // the String Class page does not say what a negative count does
        if (n < 0) return it.unsupported(`String.repeat with a negative count (${n})`);
        if (a.length === 2) return Array(n).fill(self(it, s)).join(str(it, a[0]));
        return self(it, s).repeat(n);
    },
    reverse: (it, _a, s) => [...self(it, s)].reverse().join(''),
    leftpad: (it, a, s) => self(it, s).padStart(jsInt(it, a[0]), a.length > 1 ? str(it, a[1]) : ' '),
    rightpad: (it, a, s) => self(it, s).padEnd(jsInt(it, a[0]), a.length > 1 ? str(it, a[1]) : ' '),
    removestart: (it, a, s) => {
        const x = self(it, s);
        const p = str(it, a[0]);
        return p && x.startsWith(p) ? x.slice(p.length) : x;
    },
    removeend: (it, a, s) => {
        const x = self(it, s);
        const p = str(it, a[0]);
        return p && x.endsWith(p) ? x.slice(0, x.length - p.length) : x;
    },
    remove: (it, a, s) => self(it, s).split(str(it, a[0])).join(''),
    substringbefore: (it, a, s) => {
        const x = self(it, s);
        const i = x.indexOf(str(it, a[0]));
        return i < 0 ? x : x.slice(0, i);
    },
    substringafter: (it, a, s) => {
        const x = self(it, s);
        const sep = str(it, a[0]);
        const i = x.indexOf(sep);
        return i < 0 ? '' : x.slice(i + sep.length);
    },
    substringbeforelast: (it, a, s) => {
        const x = self(it, s);
        const i = x.lastIndexOf(str(it, a[0]));
        return i < 0 ? x : x.slice(0, i);
    },
    substringafterlast: (it, a, s) => {
        const x = self(it, s);
        const sep = str(it, a[0]);
        const i = x.lastIndexOf(sep);
        return i < 0 || i === x.length - sep.length ? '' : x.slice(i + sep.length);
    },
    countmatches: (it, a, s) => {
        const p = str(it, a[0]);
        return V.int(p ? self(it, s).split(p).length - 1 : 0);
    },
    deletewhitespace: (it, _a, s) => self(it, s).replace(/\s+/g, ''),
    escapesinglequotes: (it, _a, s) => self(it, s).replace(/'/g, "\\'"),
    tostring: (it, _a, s) => self(it, s),
    hashcode: (it, _a, s) => {
        const x = self(it, s);
        let h = 0;
        for (let i = 0; i < x.length; i++) h = (Math.imul(31, h) + x.charCodeAt(i)) | 0;
        return V.int(h);
    },
    getchars: (it, _a, s) =>
        new ApexList(
            { k: 'prim', name: 'Integer' },
            [...self(it, s)].map((c) => V.int(c.charCodeAt(0)))
        ),
    matches: (it, a, s) => {
        const r = javaRegexFlags(it, str(it, a[0]));
        return new RegExp('^(?:' + r.source + ')$', r.flags).test(self(it, s));
    }
};
const HTML4: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' };
const UNESCAPE4: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', nbsp: '\u00a0' };
/** Java Character.getType, by Unicode general category. */
const CATEGORIES = ['Lu', 'Ll', 'Lt', 'Lm', 'Lo', 'Mn', 'Me', 'Mc', 'Nd', 'Nl', 'No', 'Zs', 'Zl', 'Zp', 'Cc', 'Cf']
    .concat(['Co', 'Cs', 'Pd', 'Ps', 'Pe', 'Pc', 'Po', 'Sm', 'Sc', 'Sk', 'So', 'Pi', 'Pf'])
    .map((c) => [c, new RegExp(`^\\p{${c}}$`, 'u')] as const);
function charType(ch: string): string {
    for (const [c, re] of CATEGORIES) if (re.test(ch)) return c;
    return 'Cn';
}
/** StringUtils.splitByCharacterType(CamelCase) (Apex String.splitByCharacterType…). */
function splitByType(x: string, camel: boolean): string[] {
    const out: string[] = [];
    if (!x) return out;
    const cs = [...x];
    let start = 0;
    let cur = charType(cs[0]);
    for (let pos = 1; pos < cs.length; pos++) {
        const t = charType(cs[pos]);
        if (t === cur) continue;
        if (camel && t === 'Ll' && cur === 'Lu') {
            const ns = pos - 1;
            if (ns !== start) {
                out.push(cs.slice(start, ns).join(''));
                start = ns;
            }
        } else {
            out.push(cs.slice(start, pos).join(''));
            start = pos;
        }
        cur = t;
    }
    out.push(cs.slice(start).join(''));
    return out;
}
Object.assign(methods, {
    center: (it, a, s) => {
        const x = self(it, s);
        const size = jsInt(it, a[0]);
        const pad = a.length > 1 ? str(it, a[1]) : ' ';
        if (size <= x.length || !pad) return x;
        const left = Math.floor((size - x.length) / 2);
        return x.padStart(x.length + left, pad).padEnd(size, pad);
    },
    containsany: (it, a, s) => [...str(it, a[0])].some((c) => self(it, s).includes(c)),
    containsnone: (it, a, s) => ![...str(it, a[0])].some((c) => self(it, s).includes(c)),
    containsonly: (it, a, s) => [...self(it, s)].every((c) => str(it, a[0]).includes(c)),
    containswhitespace: (it, _a, s) => /\s/.test(self(it, s)),
    isalllowercase: (it, _a, s) => self(it, s).length > 0 && !/[^a-z]/.test(self(it, s)),
    isalluppercase: (it, _a, s) => self(it, s).length > 0 && !/[^A-Z]/.test(self(it, s)),
    isalphaspace: (it, _a, s) => /^[A-Za-z ]*$/.test(self(it, s)),
    isalphanumericspace: (it, _a, s) => /^[A-Za-z0-9 ]*$/.test(self(it, s)),
    isnumericspace: (it, _a, s) => /^[0-9 ]*$/.test(self(it, s)),
    iswhitespace: (it, _a, s) => /^\s*$/.test(self(it, s)),
    isasciiprintable: (it, _a, s) => /^[\x20-\x7E]*$/.test(self(it, s)),
    lastindexofignorecase: (it, a, s) => V.int(self(it, s).toLowerCase().lastIndexOf(str(it, a[0]).toLowerCase())),
    substringbetween: (it, a, s) => {
        const x = self(it, s);
        const open = str(it, a[0]);
        const close = a.length > 1 ? str(it, a[1]) : open;
        const i = x.indexOf(open);
        if (i < 0) return null;
        const j = x.indexOf(close, i + open.length);
        return j < 0 ? null : x.slice(i + open.length, j);
    },
    swapcase: (it, _a, s) =>
        [...self(it, s)].map((c) => (c === c.toUpperCase() ? c.toLowerCase() : c.toUpperCase())).join(''),
    removestartignorecase: (it, a, s) => {
        const x = self(it, s);
        const p = str(it, a[0]);
        return p && x.toLowerCase().startsWith(p.toLowerCase()) ? x.slice(p.length) : x;
    },
    removeendignorecase: (it, a, s) => {
        const x = self(it, s);
        const p = str(it, a[0]);
        return p && x.toLowerCase().endsWith(p.toLowerCase()) ? x.slice(0, x.length - p.length) : x;
    },
    escapehtml4: (it, _a, s) => self(it, s).replace(/[&<>"]/g, (c) => HTML4[c]),
    escapexml: (it, _a, s) => self(it, s).replace(/[&<>"']/g, (c) => (c === "'" ? '&apos;' : HTML4[c])),
    indexofany: (it, a, s) => {
        const x = self(it, s);
        const idx = [...str(it, a[0])].map((c) => x.indexOf(c)).filter((i) => i >= 0);
        return V.int(idx.length ? Math.min(...idx) : -1);
    },
    // Commons-Lang semantics, as the String class page describes them
    difference: (it, a, s) => {
        const x = self(it, s);
        const y = str(it, a[0]);
        let i = 0;
        while (i < x.length && i < y.length && x[i] === y[i]) i++;
        return i === x.length && i === y.length ? '' : y.slice(i);
    },
    indexofanybut: (it, a, s) => {
        const x = self(it, s);
        const chars = str(it, a[0]);
        if (!x || !chars) return V.int(-1);
        for (let i = 0; i < x.length; i++) if (!chars.includes(x[i])) return V.int(i);
        return V.int(-1);
    },
    unescapehtml4: (it, _a, s) =>
        self(it, s).replace(/&(#[0-9]+|#[xX][0-9a-fA-F]+|[A-Za-z][A-Za-z0-9]*);/g, (all, e: string) => {
            if (e[0] === '#')
                return String.fromCodePoint(
                    e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)
                );
            const named = UNESCAPE4[e];
            if (named !== undefined) return named;
            return it.unsupported(`String.unescapeHtml4 of the entity ${all}`);
        }),
    striphtmltags: (it, _a, s) => {
        const x = self(it, s);
        // the platform's handling of scripts, styles, comments and entities is not documented
        if (/<\s*(script|style)\b|<!--|&[#A-Za-z0-9]+;/i.test(x))
            return it.unsupported('String.stripHtmlTags on scripts, styles, comments or entities');
        return x.replace(/<[^>]*>/g, '');
    },
    indexofdifference: (it, a, s) => {
        const x = self(it, s);
        const y = str(it, a[0]);
        if (x === y) return V.int(-1);
        let i = 0;
        while (i < x.length && i < y.length && x[i] === y[i]) i++;
        return V.int(i);
    },
    // String.unescapeJava (Apex Reference, String Class: "Literals unescaped include escape sequences for quotes (\\")
    // and control characters, such as tab (\\t), and carriage return (\\n)"): \\ \' \" \b \t \n \f \r and
    // \\uXXXX; any other escape (octal, an unknown letter, a trailing backslash) is Unsupported — which
    // StringEscapeUtils version the platform follows there is not documented
    unescapejava: (it, a, s) => {
        arity(it, a, 0);
        const x = self(it, s);
        const simple: Record<string, string> = {
            '\\': '\\',
            "'": "'",
            '"': '"',
            b: '\b',
            t: '\t',
            n: '\n',
            f: '\f',
            r: '\r'
        };
        let out = '';
        for (let i = 0; i < x.length; i++) {
            if (x[i] !== '\\') {
                out += x[i];
                continue;
            }
            const c = x[i + 1];
            if (c !== undefined && simple[c] !== undefined) {
                out += simple[c];
                i++;
            } else if (c === 'u' && /^[0-9a-fA-F]{4}$/.test(x.slice(i + 2, i + 6))) {
                out += String.fromCharCode(parseInt(x.slice(i + 2, i + 6), 16));
                i += 5;
            } else return it.unsupported(`String.unescapeJava of the escape \\${c ?? ''}`);
        }
        return out;
    },
    // StringEscapeUtils.escapeCsv: quoted (quotes doubled) only when it contains a comma, quote, CR or LF
    escapecsv: (it, _a, s) => {
        const x = self(it, s);
        return /[",\r\n]/.test(x) ? '"' + x.replace(/"/g, '""') + '"' : x;
    },
    // StringEscapeUtils.escapeEcmaScript: ' " \ / escaped with a backslash, control characters as \b \n \t \f \r
    // or \uXXXX; characters above 0x7f as \uXXXX
    escapeecmascript: (it, _a, s) =>
        self(it, s).replace(/['"\\/]|[\u0000-\u001f]|[^\u0000-\u007f]/g, (c) => {
            const simple: Record<string, string> = { '\b': '\\b', '\n': '\\n', '\t': '\\t', '\f': '\\f', '\r': '\\r' };
            if (simple[c]) return simple[c];
            if (c.charCodeAt(0) < 0x20 || c.charCodeAt(0) > 0x7f)
                return '\\u' + c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0');
            return '\\' + c;
        }),
    getlevenshteindistance: (it, a, s) => {
        arity(it, a, 1, 2);
        const x = self(it, s);
        const y = str(it, a[0]);
        const d: number[] = Array.from({ length: y.length + 1 }, (_v, j) => j);
        for (let i = 1; i <= x.length; i++) {
            let prev = d[0];
            d[0] = i;
            for (let j = 1; j <= y.length; j++) {
                const tmp = d[j];
                d[j] = Math.min(d[j] + 1, d[j - 1] + 1, prev + (x[i - 1] === y[j - 1] ? 0 : 1));
                prev = tmp;
            }
        }
        const dist = d[y.length];
        if (a.length === 2) {
            const threshold = jsInt(it, a[1]);
            if (threshold < 0) it.unsupported('String.getLevenshteinDistance with a negative threshold');
            return V.int(dist > threshold ? -1 : dist);
        }
        return V.int(dist);
    },
    splitbycharactertype: (it, _a, s) => new ApexList(S, splitByType(self(it, s), false)),
    splitbycharactertypecamelcase: (it, _a, s) => new ApexList(S, splitByType(self(it, s), true)),
    codepointat: (it, a, s) => {
        const x = self(it, s);
        const i = jsInt(it, a[0]);
        if (i < 0 || i >= x.length) it.throwApex('StringException', `Char index out of bounds: ${i}`);
        return V.int(x.codePointAt(i)!);
    }
} as Record<string, NativeFn>);
registerValueMethods('String', methods);
// Id values answer the String methods on their 18-character text, plus getSObjectType via the data layer
registerValueMethods(
    'Id',
    Object.fromEntries(
        Object.entries(methods).map(([k, fn]) => [
            k,
            (it: Interpreter, a: unknown[], s: unknown) => fn(it, a, (s as V.ApexId).value)
        ])
    )
);
registerValueMethods('Id', { equals: (it, a, s) => sameText((s as V.ApexId).value, a[0], true) });

/** Java regex → JS RegExp source; refuse constructs with different meaning. */
export function javaRegex(it: Interpreter, re: string): string {
    return javaRegexFlags(it, re).source;
}
/**
 * Java regex → { JS source, flags }; a leading (?i)/(?s) — also after `^` anchors, which neither flag affects
 * (`^(?i)…` is whole-pattern case-insensitive in java.util.regex.Pattern) — becomes the flag; other Java-only syntax
 * is refused.
 */
export function javaRegexFlags(it: Interpreter, re: string): { source: string; flags: string } {
    let flags = '';
    const anchors = /^\^*/.exec(re)![0];
    re = re.slice(anchors.length);
    while (/^\(\?[is]+\)/.test(re)) {
        const m = /^\(\?([is]+)\)/.exec(re)!;
        flags += m[1].includes('i') && !flags.includes('i') ? 'i' : '';
        flags += m[1].includes('s') && !flags.includes('s') ? 's' : '';
        re = re.slice(m[0].length);
    }
    re = anchors + re;
    if (/\(\?[imsux-]+\)|\\[AZzGQE]|\+\+|\*\+|\?\+|\(\?>|\\p\{Java/.test(re))
        it.unsupported(`Java regular expression feature in '${re}'`);
    return { source: re, flags };
}
function javaReplacement(r: string): string {
    // Java uses $1 and \$ ; JS uses $1 and $$
    return r.replace(/\\\$/g, '$$$$').replace(/\\\\/g, '\\');
}

function joinItems(it: Interpreter, v: unknown): unknown[] {
    if (v instanceof ApexList) return v.items;
    if (v instanceof ApexSet) return v.values();
    if (v === null) return it.npe();
    return it.unsupported(`String.join on ${it.typeOf(v)}`);
}

registerNative(
    {
        name: 'Id',
        statics: {
            valueof: (it, a) => {
                arity(it, a, 1, 2);
                if (a.length === 2) return it.unsupported('Id.valueOf(String, Boolean)');
                if (a[0] === null) return null;
                return new V.ApexId(str(it, a[0]));
            }
        }
    },
    'system.id'
);
/**
 * String.format follows java.text.MessageFormat (Apex Reference, String.format): `''` is one quote, text between
 * single quotes is literal (braces included), `{n}` is the n-th argument. Typed elements (`{0,number,#}`) and
 * malformed patterns are not modelled.
 */
function messageFormat(it: Interpreter, pattern: string, items: unknown[]): string {
    // each argument becomes text once, in list order, before substitution: an object whose toString() has a side
    // effect runs it once per argument, used or not, and a placeholder repeated in the pattern repeats that text
    // (soql-lib's public suite relies on it: conditionLogic '1 AND 5 AND 5' binds :v5 twice and still binds :v6)
    const texts = items.map((x) => it.str(x));
    let out = '';
    let quoted = false;
    for (let i = 0; i < pattern.length; i++) {
        const c = pattern[i];
        if (c === "'") {
            if (pattern[i + 1] === "'") {
                out += "'";
                i++;
            } else quoted = !quoted;
        } else if (c === '{' && !quoted) {
            const end = pattern.indexOf('}', i);
            const body = end < 0 ? '' : pattern.slice(i + 1, end);
            if (!/^\s*\d+\s*$/.test(body))
                return it.unsupported(`String.format pattern element {${body}${end < 0 ? '' : '}'} (MessageFormat)`);
            const n = Number(body);
            out += n < texts.length ? texts[n] : `{${n}}`;
            i = end;
        } else out += c;
    }
    return out;
}

registerNative(
    {
        name: 'String',
        statics: {
            valueof: (it, a) => {
                arity(it, a, 1);
                // null, not 'null' (observed, unlike Java): public test factories test the result against null
                if (a[0] === null) return null;
                return it.str(a[0]);
            },
            isblank: (it, a) => isBlank(a[0]),
            isnotblank: (it, a) => !isBlank(a[0]),
            isempty: (it, a) => a[0] === null || a[0] === '',
            isnotempty: (it, a) => !(a[0] === null || a[0] === ''),
            join: (it, a) =>
                joinItems(it, a[0])
                    .map((x) => it.str(x))
                    .join(str(it, a[1])),
            escapesinglequotes: (it, a) => str(it, a[0]).replace(/'/g, "\\'"),
            // a null pattern is refused as a null argument to a system method, not as a null dereference [Obs:
            // j-fischer/rflib's logger test catches String.format(null, null) and finds 'Argument cannot be null']
            format: (it, a) =>
                a[0] === null
                    ? it.throwApex('NullPointerException', 'Argument cannot be null.')
                    : messageFormat(it, str(it, a[0]), joinItems(it, a[1])),
            fromchararray: (it, a) =>
                joinItems(it, a[0])
                    .map((c) => String.fromCharCode(jsInt(it, c)))
                    .join('')
        }
    },
    'system.string'
);

// ---------------------------------------------------------------- Pattern / Matcher (Apex Reference: Pattern Class,
// Matcher Class), on JavaScript RegExp with the Java-only features refused (javaRegexFlags).
interface MatcherState {
    re: RegExp;
    source: string;
    input: string;
    last: RegExpExecArray | null;
    pos: number;
}
const ms = (o: unknown) => (o as NativeObject).state as unknown as MatcherState;
const needMatch = (it: Interpreter, m: MatcherState): RegExpExecArray => {
    if (!m.last) return it.throwApex('StringException', 'No match found');
    return m.last;
};
const groupIndex = (it: Interpreter, m: RegExpExecArray, a: unknown[]): number => {
    const g = a.length ? jsInt(it, a[0]) : 0;
    if (g < 0 || g >= m.length) it.throwApex('StringException', `No group ${g}`);
    return g;
};
registerNative(
    {
        name: 'Pattern',
        statics: {
            compile: (it, a) => {
                const src = str(it, a[0]);
                const r = javaRegexFlags(it, src);
                try {
                    return new NativeObject('Pattern', { re: new RegExp(r.source, r.flags + 'g'), source: src });
                } catch {
                    return it.throwApex('StringException', `Invalid regex: ${src}`);
                }
            },
            matches: (it, a) => {
                const r = javaRegexFlags(it, str(it, a[0]));
                return new RegExp('^(?:' + r.source + ')$', r.flags).test(str(it, a[1]));
            },
            quote: (it, a) => str(it, a[0]).replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
        },
        methods: {
            matcher: (it, a, self) => {
                const st = (self as NativeObject).state as { re: RegExp; source: string };
                return new NativeObject('Matcher', {
                    re: new RegExp(st.re.source, st.re.flags),
                    source: st.source,
                    input: str(it, a[0]),
                    last: null,
                    pos: 0
                });
            },
            pattern: (it, _a, self) => (self as NativeObject).state.source,
            split: (it, a, self) => {
                const st = (self as NativeObject).state as { re: RegExp };
                const parts = str(it, a[0]).split(new RegExp(st.re.source, st.re.flags.replace('g', '')));
                while (parts.length > 1 && parts[parts.length - 1] === '') parts.pop();
                return new ApexList(S, parts);
            }
        }
    },
    'system.pattern'
);
registerNative(
    {
        name: 'Matcher',
        methods: {
            matches: (it, _a, self) => {
                const m = ms(self);
                const full = new RegExp('^(?:' + m.re.source + ')$', m.re.flags.replace('g', '')).exec(m.input);
                m.last = full;
                return !!full;
            },
            find: (it, a, self) => {
                const m = ms(self);
                if (a.length) m.pos = jsInt(it, a[0]);
                m.re.lastIndex = m.pos;
                const r = m.re.exec(m.input);
                m.last = r;
                if (r) m.pos = r.index + (r[0].length || 1);
                return !!r;
            },
            lookingat: (it, _a, self) => {
                const m = ms(self);
                const r = new RegExp('^(?:' + m.re.source + ')', m.re.flags.replace('g', '')).exec(m.input);
                m.last = r;
                return !!r;
            },
            group: (it, a, self) => {
                const r = needMatch(it, ms(self));
                return r[groupIndex(it, r, a)] ?? null;
            },
            groupcount: (it, _a, self) => V.int(new RegExp(ms(self).re.source + '|').exec('')!.length - 1),
            start: (it, a, self) => {
                const r = needMatch(it, ms(self));
                if (a.length) it.unsupported('Matcher.start(group)');
                return V.int(r.index);
            },
            end: (it, a, self) => {
                const r = needMatch(it, ms(self));
                if (a.length) it.unsupported('Matcher.end(group)');
                return V.int(r.index + r[0].length);
            },
            reset: (it, a, self) => {
                const m = ms(self);
                if (a.length) m.input = str(it, a[0]);
                m.pos = 0;
                m.last = null;
                return self;
            },
            replaceall: (it, a, self) => {
                const m = ms(self);
                return m.input.replace(new RegExp(m.re.source, m.re.flags), javaReplacement(str(it, a[0])));
            },
            replacefirst: (it, a, self) => {
                const m = ms(self);
                return m.input.replace(
                    new RegExp(m.re.source, m.re.flags.replace('g', '')),
                    javaReplacement(str(it, a[0]))
                );
            },
            hitend: (it) => it.unsupported('Matcher.hitEnd')
        }
    },
    'system.matcher'
);
