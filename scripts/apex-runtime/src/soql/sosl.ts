/**
 * SOSL in Apex tests (Apex Developer Guide, "Adding SOSL Queries to Unit Tests"; APEX-RUNTIME.md §2 #31):
 * a SOSL query in a test returns empty lists unless `Test.setFixedSearchResults(ids)` was called; then the records
 * with those Ids are the search result, and the WHERE / ORDER BY / LIMIT of each RETURNING item still apply.
 * Result: one list per RETURNING object, in RETURNING order (`List<List<SObject>>`).
 *
 * Supported: `FIND 'term' | {term} | :bind [IN ALL|NAME|EMAIL|PHONE|SIDEBAR FIELDS] RETURNING Obj[(fields [WHERE …]
 * [ORDER BY …] [LIMIT n] [OFFSET n])], … [LIMIT n]`. The search term is not evaluated against data (fixed results
 * decide the matches); its bind is still evaluated (index 0) so bind numbering matches the text order.
 * `WITH HIGHLIGHT`, `WITH SNIPPET[(target_length=n)]`, `WITH SPELL_CORRECTION = true|false` are accepted while no
 * fixed results are set (the lists are empty whatever they ask). Unsupported: no RETURNING clause, those three with
 * fixed results (highlighted or snippet text is not modelled), the other WITH clauses (DIVISION, NETWORK, METADATA,
 * DATA CATEGORY, PricebookId…), UPDATE TRACKING/VIEWSTAT, outside tests (the interpreter decides that).
 *
 * Binds: numbered in text order of `:` outside string literals (the FIND bind first); the caller's `evalBind(i)` is
 * called for exactly those indices, in order, once each.
 */
import { ApexRuntimeUnsupported, queryError, SourcePos } from '../errors';
import type { Database } from '../db';
import type { SObject } from '../db';
import { runQuery, QueryEnv } from './eval';

export interface SoslEnv {
    db: Database;
    /** Test.setFixedSearchResults ids (18- or 15-char strings); null/undefined = not set → every list empty */
    fixedIds?: string[] | null;
    evalBind?(index: number): unknown;
    site?: SourcePos;
    access?: QueryEnv['access'];
}

export interface SoslResult {
    /** per RETURNING item: sObject type and records */
    lists: { sobjectType: string; records: SObject[] }[];
}

/** Split on top-level commas (outside parentheses and quotes). */
function splitTop(s: string): string[] {
    const out: string[] = [];
    let depth = 0;
    let quote = false;
    let cur = '';
    for (let i = 0; i < s.length; i++) {
        const c = s[i];
        if (quote) {
            cur += c;
            if (c === '\\') cur += s[++i] ?? '';
            else if (c === "'") quote = false;
            continue;
        }
        if (c === "'") quote = true;
        else if (c === '(') depth++;
        else if (c === ')') depth--;
        if (c === ',' && depth === 0) {
            out.push(cur.trim());
            cur = '';
        } else cur += c;
    }
    if (cur.trim()) out.push(cur.trim());
    return out;
}

/** Number of binds (`:` outside string literals) in a text. */
function countBinds(s: string): number {
    let n = 0;
    let quote = false;
    for (let i = 0; i < s.length; i++) {
        const c = s[i];
        if (quote) {
            if (c === '\\') i++;
            else if (c === "'") quote = false;
        } else if (c === "'") quote = true;
        else if (c === ':') n++;
    }
    return n;
}

export function runSosl(text: string, env: SoslEnv): SoslResult {
    const unsupported = (what: string) => new ApexRuntimeUnsupported(`SOSL ${what}`, env.site);
    const src = text.trim().replace(/^\[/, '').replace(/\]$/, '').trim();
    const m =
        /^FIND\s+('(?:[^'\\]|\\.)*'|\{[^}]*\}|:\s*[\w.]+(?:\([^)]*\))?)\s+(?:IN\s+(?:ALL|NAME|EMAIL|PHONE|SIDEBAR)\s+FIELDS\s+)?RETURNING\s+([\s\S]+)$/i.exec(
            src
        );
    if (!m) {
        if (/^FIND\b/i.test(src) && !/\bRETURNING\b/i.test(src)) throw unsupported('without RETURNING');
        throw queryError(`unexpected token in SOSL query: ${src.slice(0, 40)}`);
    }
    let bindIndex = 0;
    if (m[1].startsWith(':')) {
        env.evalBind?.(bindIndex);
        bindIndex++;
    }
    let returning = m[2].trim();
    // global clauses after the RETURNING list, found at top level (outside parentheses and string literals)
    const mask = topLevelMask(returning);
    const fixed = env.fixedIds ?? null;
    const w = /\b(WITH|UPDATE)\b/i.exec(mask);
    if (w) {
        // WITH HIGHLIGHT / SNIPPET / SPELL_CORRECTION shape how matches are found and shown, never whether a test
        // search without fixed results finds anything: it returns empty lists ("Adding SOSL Queries to Unit Tests")
        let tail = returning.slice(w.index).trim();
        returning = returning.slice(0, w.index);
        for (;;) {
            const c =
                /^WITH\s+(HIGHLIGHT|SNIPPET(?:\s*\(\s*target_length\s*=\s*\d+\s*\))?|SPELL_CORRECTION\s*=\s*(?:true|false))(?=\s|$)\s*/i.exec(
                    tail
                );
            if (!c) break;
            if (fixed)
                throw unsupported(`WITH ${c[1].split(/[\s(=]/)[0].toUpperCase()} with Test.setFixedSearchResults`);
            tail = tail.slice(c[0].length);
        }
        if (tail && !/^LIMIT\s+\d+\s*$/i.test(tail)) throw unsupported(tail.split(/\s+/).slice(0, 2).join(' '));
        returning += ' ' + tail;
    }
    let globalLimit: number | undefined;
    const gl = /\s+LIMIT\s+(\d+)\s*$/i.exec(topLevelMask(returning));
    if (gl) {
        globalLimit = parseInt(gl[1], 10);
        returning = returning.slice(0, gl.index);
    }
    const lists: SoslResult['lists'] = [];
    let remaining = globalLimit;
    for (const item of splitTop(returning)) {
        const im = /^(\w+)\s*(?:\(([\s\S]*)\))?$/.exec(item);
        if (!im) throw queryError(`unexpected token in SOSL RETURNING: ${item}`);
        const obj = env.db.schema.requireObject(im[1], env.site);
        const inner = (im[2] ?? '').trim();
        const parts =
            /^([\s\S]*?)(?:\s+WHERE\s+([\s\S]*?))?(?:\s+ORDER\s+BY\s+([\s\S]*?))?(?:\s+LIMIT\s+(\S+))?(?:\s+OFFSET\s+(\S+))?$/i.exec(
                ' ' + inner
            )!;
        const fields = parts[1].trim() || 'Id';
        const itemBinds = countBinds(inner);
        const offset = bindIndex;
        bindIndex += itemBinds;
        if (!fixed) {
            // the binds of this item are still evaluated once, like the platform evaluates the statement's binds
            for (let k = 0; k < itemBinds; k++) env.evalBind?.(offset + k);
            lists.push({ sobjectType: obj.name, records: [] });
            continue;
        }
        let soql = `SELECT ${fields} FROM ${obj.name} WHERE Id IN :__fixed`;
        if (parts[2]) soql += ` AND (${parts[2]})`;
        if (parts[3]) soql += ` ORDER BY ${parts[3]}`;
        if (parts[4]) soql += ` LIMIT ${parts[4]}`;
        if (parts[5]) soql += ` OFFSET ${parts[5]}`;
        const r = runQuery(soql, {
            db: env.db,
            site: env.site,
            countLimits: false,
            access: env.access,
            binds: { evalBind: (i: number) => (i === 0 ? fixed : env.evalBind?.(offset + i - 1)) }
        });
        let records = r.kind === 'records' ? r.records : [];
        if (remaining !== undefined) {
            records = records.slice(0, Math.max(0, remaining));
            remaining -= records.length;
        }
        lists.push({ sobjectType: obj.name, records });
    }
    return { lists };
}

/** The text with everything inside parentheses or string literals replaced by `_` (same length). */
function topLevelMask(s: string): string {
    let depth = 0;
    let quote = false;
    let out = '';
    for (let i = 0; i < s.length; i++) {
        const c = s[i];
        if (quote) {
            out += '_';
            if (c === '\\') {
                out += '_';
                i++;
            } else if (c === "'") quote = false;
            continue;
        }
        if (c === "'") {
            quote = true;
            out += '_';
        } else if (c === '(') {
            depth++;
            out += '_';
        } else if (c === ')') {
            depth--;
            out += '_';
        } else out += depth > 0 ? '_' : c;
    }
    return out;
}
