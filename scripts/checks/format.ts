// Gates `prettier:verify` (check) and `prettier` (--write): Prettier with prettier-plugin-apex over
// Apex, LWC TypeScript/HTML/CSS, the tooling's TypeScript and the JSON/YAML config. An unformatted
// file is reported at the first line that differs from Prettier's output.
// Usage: tsx scripts/checks/format.ts [--write] [--no-ignore] [files or folders…]
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as prettier from 'prettier';
import { checkApexSource } from './apex-syntax';
import { Finding, PROJECT_ROOT, listFiles, parseArgs, report, runMain } from './lib/common';

/** Folder (relative to the project root) → file extensions Prettier owns there. */
const FORMATTED: Record<string, string[]> = {
    'force-app': ['.cls', '.trigger', '.ts', '.html', '.css', '.json'],
    scripts: ['.ts', '.cjs', '.mjs', '.json'],
    types: ['.ts'],
    config: ['.json', '.yml', '.yaml'],
    '.github': ['.yml', '.yaml'],
    '.': ['.json', '.js', '.cjs']
};

function isFormattedType(file: string): boolean {
    const rel = path.relative(PROJECT_ROOT, file);
    const top = rel.includes(path.sep) ? rel.split(path.sep)[0] : '.';
    return (FORMATTED[top] ?? []).includes(path.extname(file));
}

const IGNORE_FILES = ['.prettierignore', '.gitignore'].map((f) => path.join(PROJECT_ROOT, f));

/** First 1-based line where two texts differ, with both versions of that line. */
function firstDifference(actual: string, expected: string): { line: number; found: string; wanted: string } {
    const a = actual.split('\n');
    const e = expected.split('\n');
    let i = 0;
    while (i < a.length && i < e.length && a[i] === e[i]) i++;
    return { line: i + 1, found: a[i] ?? '<end of file>', wanted: e[i] ?? '<end of file>' };
}

const clip = (s: string): string => JSON.stringify(s.length > 70 ? `${s.slice(0, 67)}...` : s);

export interface FormatOptions {
    write?: boolean;
    /** Apply .prettierignore/.gitignore (default). Tests turn it off to check fixtures. */
    useIgnoreFiles?: boolean;
    /** Targets came from the command line rather than the default folder table. */
    explicitTargets?: boolean;
}

export async function checkFormatting(
    targets: string[],
    options: FormatOptions = {}
): Promise<{ files: string[]; findings: Finding[]; written: string[] }> {
    // Default run: the per-folder table. Folders named on the command line: every formatted kind.
    const anyKind = new Set(Object.values(FORMATTED).flat());
    const accept = options.explicitTargets ? (f: string) => anyKind.has(path.extname(f)) : isFormattedType;
    const candidates = listFiles(targets, accept);
    const files: string[] = [];
    const findings: Finding[] = [];
    const written: string[] = [];
    for (const file of candidates) {
        const config = (await prettier.resolveConfig(file)) ?? {};
        const info = await prettier.getFileInfo(file, {
            ignorePath: options.useIgnoreFiles === false ? undefined : IGNORE_FILES,
            plugins: config.plugins,
            resolveConfig: true
        });
        if (info.ignored || !info.inferredParser) continue;
        files.push(file);
        const source = readFileSync(file, 'utf8');
        let formatted: string;
        try {
            formatted = await prettier.format(source, { ...config, filepath: file });
        } catch (err) {
            const e = err as { message?: string; loc?: { start?: { line?: number; column?: number } } };
            const lines = String(e.message ?? err)
                .split('\n')
                .map((l) => l.trim())
                .filter((l) => l && !/^at /.test(l) && !/^>?\s*\d+ \|/.test(l) && !/^\|/.test(l));
            const message = [...new Set(lines)].join(' ').replace(/\s+\(\d+:\d+\)$/, '');
            // prettier-plugin-apex gives no location: take it from the Apex parser.
            const where =
                e.loc?.start ?? (/\.(cls|trigger)$/i.test(file) ? checkApexSource(file, source)[0] : undefined);
            findings.push({
                file,
                line: where?.line,
                column: where?.column,
                rule: 'prettier',
                message: `cannot be parsed: ${message}`
            });
            continue;
        }
        if (formatted === source) continue;
        if (options.write) {
            writeFileSync(file, formatted);
            written.push(file);
            continue;
        }
        const diff = firstDifference(source, formatted);
        findings.push({
            file,
            line: diff.line,
            rule: 'prettier',
            message: `not formatted: found ${clip(diff.found)}, Prettier writes ${clip(diff.wanted)} (run npm run prettier)`
        });
    }
    return { files, findings, written };
}

async function main(): Promise<number> {
    const started = Date.now();
    const { flags, targets } = parseArgs(process.argv.slice(2));
    const write = flags.has('write');
    const { files, findings, written } = await checkFormatting(targets.length ? targets : [PROJECT_ROOT], {
        write,
        explicitTargets: targets.length > 0,
        useIgnoreFiles: !flags.has('no-ignore')
    });
    if (write) for (const f of written) console.log(`formatted ${path.relative(process.cwd(), f)}`);
    return report(write ? 'prettier' : 'prettier:verify', findings, `${files.length} files checked`, started);
}

if (require.main === module) runMain(main);
