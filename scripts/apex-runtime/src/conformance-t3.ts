// T3 — programs in the styles real Apex is written in: one mini SFDX project per style under
// conformance/t3/<style>/, every test expected to pass on a real org. Scored per outcome (Pass / Fail =
// silently wrong / Crash = internal error / Unsupported) against a committed ratchet (issue 11, item 4).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { discover } from './project/project';
import { runTests, type TestOutcome } from './runner/runner';

export const T3_ROOT = path.join(__dirname, '..', 'conformance', 't3');
export const RATCHET_FILE = path.join(T3_ROOT, 'ratchet.json');

export interface T3Test {
    project: string;
    /** `<project>/<Class>.<method>`: the ratchet key */
    id: string;
    outcome: TestOutcome;
    message: string | null;
}

export interface Ratchet {
    pass: number;
    silentlyWrong: number;
    internalErrors: number;
    unsupported: number;
    tests: Record<string, TestOutcome>;
}

export function t3Projects(root = T3_ROOT): string[] {
    return fs
        .readdirSync(root)
        .filter((d) => fs.existsSync(path.join(root, d, 'sfdx-project.json')))
        .sort();
}

export function runT3(root = T3_ROOT, projects = t3Projects(root)): T3Test[] {
    const out: T3Test[] = [];
    for (const project of projects) {
        const r = runTests(discover(path.join(root, project)), { classes: [], methods: [] });
        for (const t of r.tests) {
            out.push({
                project,
                id: `${project}/${t.className}.${t.methodName}`,
                outcome: t.outcome,
                message: t.message
            });
        }
        // A project the runner cannot load at all still counts: each compile error is one silently-wrong case.
        if (!r.tests.length) {
            for (const [i, e] of r.summary.compileErrors.entries()) {
                out.push({ project, id: `${project}/<compile ${i + 1}>`, outcome: 'Fail', message: e });
            }
        }
    }
    return out;
}

export function toRatchet(tests: T3Test[]): Ratchet {
    const count = (o: TestOutcome) => tests.filter((t) => t.outcome === o).length;
    return {
        pass: count('Pass'),
        silentlyWrong: count('Fail'),
        internalErrors: count('Crash'),
        unsupported: count('Unsupported'),
        tests: Object.fromEntries(tests.map((t) => [t.id, t.outcome]))
    };
}

/**
 * Ratchet violations, one readable line each; empty when `now` may replace `was`. Counts of silently-wrong and
 * internal-error outcomes are compared over the tests the ratchet already knows; a test new to the ratchet is a
 * violation unless `admitNew` (the `--update` run that records it).
 */
export function ratchetViolations(was: Ratchet, now: Ratchet, admitNew = false): string[] {
    const v: string[] = [];
    const known = Object.entries(now.tests).filter(([id]) => id in was.tests);
    const count = (o: TestOutcome) => known.filter(([, x]) => x === o).length;
    if (now.pass < was.pass) v.push(`pass dropped: ${was.pass} → ${now.pass}`);
    if (count('Fail') > was.silentlyWrong) v.push(`silently wrong rose: ${was.silentlyWrong} → ${count('Fail')}`);
    if (count('Crash') > was.internalErrors) v.push(`internal errors rose: ${was.internalErrors} → ${count('Crash')}`);
    for (const [id, o] of Object.entries(was.tests)) {
        if (o === 'Pass' && now.tests[id] !== 'Pass')
            v.push(`${id} stopped passing (now ${now.tests[id] ?? 'missing'})`);
    }
    if (!admitNew) {
        for (const id of Object.keys(now.tests).filter((x) => !(x in was.tests))) {
            v.push(`${id} is not in the ratchet yet (record it: npm run conformance:t3 -- --update)`);
        }
    }
    return v;
}

export function readRatchet(file = RATCHET_FILE): Ratchet {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as Ratchet;
}

const ROWS: [TestOutcome, string][] = [
    ['Pass', 'Pass'],
    ['Fail', 'Fail (the org passes these: silently wrong)'],
    ['Crash', 'internal error'],
    ['Unsupported', 'Unsupported']
];

/** The table (outcome | tests | share) for one group of tests, as Markdown. */
export function outcomeTable(tests: T3Test[]): string {
    const share = (n: number) => (tests.length ? `${((100 * n) / tests.length).toFixed(1)}%` : '—');
    const lines = ['| outcome | tests | share |', '|---|---|---|'];
    for (const [o, label] of ROWS) {
        const n = tests.filter((t) => t.outcome === o).length;
        lines.push(`| ${label} | ${n} | ${share(n)} |`);
    }
    return lines.join('\n');
}

/** Per-project summary (one row each) followed by the overall table. */
export function report(tests: T3Test[]): string {
    const projects = [...new Set(tests.map((t) => t.project))];
    const n = (p: string, o: TestOutcome) => tests.filter((t) => t.project === p && t.outcome === o).length;
    const lines = ['| project | tests | Pass | Fail | internal error | Unsupported |', '|---|---|---|---|---|---|'];
    for (const p of projects) {
        const all = tests.filter((t) => t.project === p).length;
        lines.push(`| ${p} | ${all} | ${n(p, 'Pass')} | ${n(p, 'Fail')} | ${n(p, 'Crash')} | ${n(p, 'Unsupported')} |`);
    }
    return `${lines.join('\n')}\n\nOverall (${tests.length} tests)\n\n${outcomeTable(tests)}`;
}
