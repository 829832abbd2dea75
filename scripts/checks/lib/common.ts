// Shared helpers for the offline quality gates: project paths, file discovery and one output
// format for every finding (`file:line:col message`), so editors and CI logs can jump to it.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import * as path from 'node:path';

export const PROJECT_ROOT = path.resolve(__dirname, '..', '..', '..');

/** Folders no gate ever looks into. */
const SKIPPED_DIRS = new Set([
    'node_modules',
    '.git',
    '.sf',
    '.sfdx',
    '.tmp',
    '.localdevserver',
    'coverage',
    'mdapi_out'
]);

export interface Finding {
    file: string;
    line?: number;
    column?: number;
    /** Rule or check id, e.g. `ApexSOQLInjection`, `TS2322`, `wrong-root`. */
    rule?: string;
    message: string;
    severity?: 'error' | 'warning';
}

/** Path as printed: relative to the current directory when inside it, otherwise absolute. */
export function displayPath(file: string): string {
    const rel = path.relative(process.cwd(), path.resolve(file));
    return rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : path.resolve(file);
}

export function formatFinding(f: Finding): string {
    let where = displayPath(f.file);
    if (f.line !== undefined) {
        where += `:${f.line}`;
        if (f.column !== undefined) where += `:${f.column}`;
    }
    const prefix = f.severity === 'warning' ? 'warning ' : '';
    return `${where} ${prefix}${f.rule ? `${f.rule} ` : ''}${f.message}`;
}

/** The package directories named in sfdx-project.json (default target of the Salesforce gates). */
export function packageDirectories(root = PROJECT_ROOT): string[] {
    const project = JSON.parse(readFileSync(path.join(root, 'sfdx-project.json'), 'utf8')) as {
        packageDirectories: { path: string }[];
    };
    return project.packageDirectories.map((d) => path.join(root, d.path)).filter((d) => existsSync(d));
}

/** Every file below the given files/folders (files are returned as given) that `accept` keeps. */
export function listFiles(targets: string[], accept: (file: string) => boolean): string[] {
    const out: string[] = [];
    const visit = (p: string, explicit: boolean): void => {
        const abs = path.resolve(p);
        if (!existsSync(abs)) throw new Error(`No such file or folder: ${p}`);
        if (statSync(abs).isDirectory()) {
            if (!explicit && SKIPPED_DIRS.has(path.basename(abs))) return;
            for (const name of readdirSync(abs).sort()) visit(path.join(abs, name), false);
        } else if (explicit || accept(abs)) {
            out.push(abs);
        }
    };
    for (const t of targets) visit(t, true);
    return [...new Set(out)];
}

/** Splits argv into flags (`--name` / `--name=value`) and positional targets. */
export function parseArgs(argv: string[]): { flags: Map<string, string | true>; targets: string[] } {
    const flags = new Map<string, string | true>();
    const targets: string[] = [];
    for (const arg of argv) {
        if (arg.startsWith('--')) {
            const [name, value] = arg.slice(2).split(/=(.*)/s, 2);
            flags.set(name, value ?? true);
        } else {
            targets.push(arg);
        }
    }
    return { flags, targets };
}

/**
 * Prints the findings and a one-line summary, and sets the exit code: 1 when any finding is an
 * error. Warnings are printed but do not fail the gate.
 */
export function report(gate: string, findings: Finding[], summary: string, startedAt: number): number {
    const sorted = [...findings].sort(
        (a, b) =>
            displayPath(a.file).localeCompare(displayPath(b.file)) ||
            (a.line ?? 0) - (b.line ?? 0) ||
            (a.column ?? 0) - (b.column ?? 0)
    );
    for (const f of sorted) console.log(formatFinding(f));
    const errors = findings.filter((f) => f.severity !== 'warning').length;
    const warnings = findings.length - errors;
    const ms = Date.now() - startedAt;
    const counts = `${errors} error${errors === 1 ? '' : 's'}${warnings ? `, ${warnings} warning${warnings === 1 ? '' : 's'}` : ''}`;
    console.log(`${gate}: ${summary}, ${counts} (${(ms / 1000).toFixed(1)} s)`);
    return errors > 0 ? 1 : 0;
}

/** Runs a gate's main function and turns a crash into exit code 2 with a readable message. */
export function runMain(main: () => Promise<number>): void {
    main().then(
        (code) => {
            process.exitCode = code;
        },
        (err: unknown) => {
            console.error(err instanceof Error ? (err.stack ?? err.message) : String(err));
            process.exitCode = 2;
        }
    );
}
