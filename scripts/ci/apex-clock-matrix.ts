// `npm run test:apex:clocks`: the package's Apex tests at pinned clocks and time zones, so a test that depends on
// the hour CI happens to run fails in CI at any hour. Each cell is `apex test --now <instant> [--timezone <zone>]`.
// Usage: tsx scripts/ci/apex-clock-matrix.ts [--project DIR] [--jobs N]
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Instant {
    now: string;
    why: string;
}

/** Instants chosen where calendars disagree; the default running user is America/Los_Angeles. */
export const INSTANTS: Instant[] = [
    { now: '2026-12-05T03:50:00Z', why: 'evening before in Los Angeles: the user date is a day behind the UTC date' },
    { now: '2026-03-08T10:30:00Z', why: 'half an hour after Los Angeles springs forward (PST → PDT)' },
    { now: '2026-11-01T09:30:00Z', why: 'half an hour after Los Angeles falls back (PDT → PST)' },
    { now: '2026-12-31T23:30:00Z', why: 'end of month and year in UTC: already next year in Berlin and Tokyo' }
];

/** null = the runtime's default running user (America/Los_Angeles, a new scratch org's default). */
export const TIME_ZONES: (string | null)[] = [null, 'Europe/Berlin', 'Asia/Tokyo'];

export interface CellResult {
    now: string;
    timeZone: string | null;
    ok: boolean;
    testsRan: number;
    failures: string[];
}

const ROOT = path.resolve(__dirname, '..', '..');
const CLI = path.join(ROOT, 'scripts/apex-runtime/src/cli/main.ts');
const TSX = path.join(ROOT, 'node_modules/.bin/tsx');

interface JsonReport {
    summary: { outcome: string; testsRan: number; compileErrors: string[] };
    tests: { FullName: string; Outcome: string; Message: string | null }[];
}

function runCell(project: string, now: string, timeZone: string | null, outDir: string): Promise<CellResult> {
    const json = path.join(outDir, `${now.replace(/[:]/g, '')}-${(timeZone ?? 'default').replace('/', '_')}.json`);
    const args = [CLI, 'test', '--project', project, '--now', now, '--json', json];
    if (timeZone) args.push('--timezone', timeZone);
    return new Promise((resolve) => {
        let output = '';
        const child = spawn(TSX, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
        child.stdout.on('data', (d) => (output += d));
        child.stderr.on('data', (d) => (output += d));
        child.on('close', (code) => {
            const report: JsonReport | null = fs.existsSync(json) ? JSON.parse(fs.readFileSync(json, 'utf8')) : null;
            const failures = report
                ? [
                      ...report.summary.compileErrors,
                      ...report.tests
                          .filter((t) => t.Outcome !== 'Pass')
                          .map((t) => `${t.FullName} ${t.Outcome}: ${t.Message ?? ''}`)
                  ]
                : [output.trim() || `apex test exited ${code}`];
            resolve({ now, timeZone, ok: code === 0, testsRan: report?.summary.testsRan ?? 0, failures });
        });
    });
}

/** Runs every instant × time zone, `jobs` cells at a time. */
export async function runClockMatrix(project: string, jobs = Math.max(1, os.cpus().length)): Promise<CellResult[]> {
    const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'apex-clocks-'));
    const cells = INSTANTS.flatMap((i) => TIME_ZONES.map((tz) => ({ now: i.now, tz })));
    const results: CellResult[] = new Array(cells.length);
    let next = 0;
    const worker = async (): Promise<void> => {
        while (next < cells.length) {
            const i = next++;
            results[i] = await runCell(project, cells[i].now, cells[i].tz, outDir);
        }
    };
    await Promise.all(Array.from({ length: Math.min(jobs, cells.length) }, worker));
    fs.rmSync(outDir, { recursive: true, force: true });
    return results;
}

export function formatMatrix(results: CellResult[]): string {
    const lines = results.map(
        (r) =>
            `  ${r.ok ? 'pass' : 'FAIL'}  ${r.now}  ${(r.timeZone ?? 'America/Los_Angeles (default)').padEnd(30)} ${r.testsRan} tests` +
            r.failures.map((f) => `\n          ${f}`).join('')
    );
    const failed = results.filter((r) => !r.ok).length;
    return `${lines.join('\n')}\nclocks: ${results.length - failed} passed, ${failed} failed\n`;
}

async function main(argv: string[]): Promise<number> {
    const at = (name: string): string | undefined => {
        const i = argv.indexOf(name);
        return i >= 0 ? argv[i + 1] : undefined;
    };
    const project = path.resolve(at('--project') ?? ROOT);
    const jobs = Number(at('--jobs') ?? os.cpus().length);
    for (const i of INSTANTS) process.stdout.write(`  ${i.now}  ${i.why}\n`);
    const results = await runClockMatrix(project, jobs);
    process.stdout.write(formatMatrix(results));
    return results.every((r) => r.ok) ? 0 : 1;
}

if (require.main === module) {
    main(process.argv.slice(2)).then(
        (code) => (process.exitCode = code),
        (err: unknown) => {
            console.error(err instanceof Error ? err.message : String(err));
            process.exitCode = 2;
        }
    );
}
