// `npm test`: runs every offline gate in order, shows each one's output, result and time, keeps
// going after a failure, and ends with `gates: N passed, M failed` (exit 1 if any failed).
// Usage: npm test [-- --only lint,check:meta] [-- --skip check:pmd]
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

/** The gates, in order: each is an npm script. `build` must precede the checks of its output. */
export const STEPS: string[] = [
    'prettier:verify',
    'lint',
    'typecheck',
    'build',
    'check:lwc',
    'check:apex',
    'check:meta',
    'check:deploy',
    'check:pmd',
    'mapping:check',
    'integration:check',
    'test:unit',
    'test:apex',
    'test:apex:clocks'
];

const ROOT = path.resolve(__dirname, '..', '..');

function listOption(argv: string[], name: string): string[] | undefined {
    const i = argv.findIndex((a) => a === `--${name}` || a.startsWith(`--${name}=`));
    if (i < 0) return undefined;
    const value = argv[i].includes('=') ? argv[i].slice(argv[i].indexOf('=') + 1) : argv[i + 1];
    if (!value) throw new Error(`--${name} needs a comma-separated list of steps: ${STEPS.join(',')}`);
    return value
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean);
}

export function selectSteps(argv: string[]): string[] {
    const only = listOption(argv, 'only');
    const skip = listOption(argv, 'skip') ?? [];
    for (const name of [...(only ?? []), ...skip]) {
        if (!STEPS.includes(name)) throw new Error(`Unknown step "${name}". Steps: ${STEPS.join(', ')}`);
    }
    return STEPS.filter((s) => (!only || only.includes(s)) && !skip.includes(s));
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

export interface StepResult {
    name: string;
    ok: boolean;
    ms: number;
}

/** Runs each command in turn (output passes through), never stopping early, then prints the summary. */
export function runSteps(steps: { name: string; command: string[] }[], log = console.log): StepResult[] {
    const results: StepResult[] = [];
    const started = Date.now();
    for (const { name, command } of steps) {
        log(`\n▶ ${name}`);
        const t = Date.now();
        const run = spawnSync(command[0], command.slice(1), { cwd: ROOT, stdio: 'inherit' });
        const ok = run.status === 0;
        results.push({ name, ok, ms: Date.now() - t });
        const outcome = ok
            ? 'passed'
            : `FAILED (${run.error ? run.error.message : `exit ${run.status ?? run.signal}`})`;
        log(`${ok ? '✔' : '✘'} ${name} ${outcome} in ${seconds(Date.now() - t)}`);
    }
    log('\nSummary');
    for (const r of results) log(`  ${r.ok ? 'pass' : 'FAIL'}  ${r.name.padEnd(16)} ${seconds(r.ms).padStart(7)}`);
    const failed = results.filter((r) => !r.ok).length;
    log(`  total ${seconds(Date.now() - started)}`);
    log(`gates: ${results.length - failed} passed, ${failed} failed`);
    return results;
}

function main(): number {
    const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
    const steps = selectSteps(process.argv.slice(2)).map((name) => ({ name, command: [npm, 'run', '--silent', name] }));
    return runSteps(steps).some((r) => !r.ok) ? 1 : 0;
}

if (require.main === module) {
    try {
        process.exitCode = main();
    } catch (err) {
        console.error(err instanceof Error ? err.message : String(err));
        process.exitCode = 2;
    }
}
