// Conformance corpus loader: T1 = anonymous-Apex snippets with `//# expect:` directives,
// T2 = mini SFDX projects with an `expected.json` of per-test outcomes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { Program } from './interp/interpreter';
import { Session } from './session';
import { discover } from './project/project';
import { runTests } from './runner/runner';
import { typecheckAnonymous } from './typecheck';

export interface T1Case {
    id: string;
    file: string;
    source: string;
    url: string;
    title: string;
    unverified: string | null;
    expectDebug: string[];
    expectException: string | null;
}

export function loadT1(dir: string): T1Case[] {
    const out: T1Case[] = [];
    for (const area of fs.readdirSync(dir).sort()) {
        const ad = path.join(dir, area);
        if (!fs.statSync(ad).isDirectory()) continue;
        for (const f of fs
            .readdirSync(ad)
            .filter((x) => x.endsWith('.apex'))
            .sort()) {
            const file = path.join(ad, f);
            const source = fs.readFileSync(file, 'utf8');
            const directive = (k: string) =>
                [...source.matchAll(new RegExp(`^//# ${k}: ?(.*)$`, 'gm'))].map((m) => m[1]);
            const url = directive('source')[0];
            if (!url) throw new Error(`${file}: every T1 case must cite its source (//# source: URL)`);
            out.push({
                id: `${area}/${f.replace(/\.apex$/, '')}`,
                file,
                source,
                url,
                title: directive('title')[0] ?? '',
                unverified: directive('unverified')[0] ?? null,
                expectDebug: directive('expect'),
                expectException: directive('expect-exception')[0] ?? null
            });
        }
    }
    return out;
}

export interface T1Result {
    ok: boolean;
    debug: string[];
    outcome: string;
}

export function runT1(c: T1Case): T1Result {
    // the org compiles an anonymous block before running any of it: a compile error runs nothing
    const refused = typecheckAnonymous(c.source, c.id + '.apex').filter((f) => !f.unsupported);
    if (refused.length) {
        const f = refused[0];
        const outcome = `compile: ${f.message} at ${f.file}:${f.line}`;
        const ok = c.expectDebug.length === 0 && outcome === c.expectException;
        return { ok, debug: [], outcome };
    }
    const s = new Session(new Program());
    const o = s.runAnonymous(c.source, c.id + '.apex');
    const debug = s.debug.map((d) => d.message);
    const outcome =
        o.kind === 'ok' ? 'ok' : o.kind === 'exception' ? `${o.type}: ${o.message}` : `${o.kind}: ${o.message}`;
    const debugOk = JSON.stringify(debug) === JSON.stringify(c.expectDebug);
    const excOk = c.expectException ? outcome === c.expectException : o.kind === 'ok';
    return { ok: debugOk && excOk, debug, outcome };
}

/** Every T1 case of `dir`, by id (run on the Apex stack by the Jest suite: host/apex-stack.ts). */
export function runT1Corpus(dir: string): Record<string, T1Result> {
    return Object.fromEntries(loadT1(dir).map((c) => [c.id, runT1(c)]));
}

/** The T2 projects under `root` (folders with an `expected.json`). */
export const t2Projects = (root: string): string[] =>
    fs
        .readdirSync(root)
        .filter((d) => fs.existsSync(path.join(root, d, 'expected.json')))
        .sort();

/** Per T2 project: `Class.method` → `Pass` or `<Outcome>: <message>`. */
export function runT2Corpus(root: string): Record<string, Record<string, string>> {
    return Object.fromEntries(
        t2Projects(root).map((p) => {
            const r = runTests(discover(path.join(root, p)), { classes: [], methods: [] });
            const got = r.tests.map((t) => [
                `${t.className}.${t.methodName}`,
                t.outcome === 'Pass' ? 'Pass' : `${t.outcome}: ${t.message}`
            ]);
            return [p, Object.fromEntries(got)];
        })
    );
}
