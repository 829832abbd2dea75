// Gate `lint`: ESLint (eslint.config.js, @salesforce/eslint-config-lwc recommendedTs) over the LWC
// sources and tests; prints `file:line:col rule message`. Errors fail the gate, warnings do not.
// Usage: tsx scripts/checks/lint.ts [--no-ignore] [files or folders…]   (default: the package directories)
import { ESLint } from 'eslint';
import { Finding, PROJECT_ROOT, packageDirectories, parseArgs, report, runMain } from './lib/common';

export async function lint(targets: string[], useIgnores = true): Promise<{ files: number; findings: Finding[] }> {
    const eslint = new ESLint({ cwd: PROJECT_ROOT, ignore: useIgnores, errorOnUnmatchedPattern: false });
    const results = await eslint.lintFiles(targets);
    const findings: Finding[] = results.flatMap((r) =>
        r.messages.map((m) => ({
            file: r.filePath,
            line: m.line,
            column: m.column,
            rule: m.ruleId ?? (m.fatal ? 'parse-error' : 'eslint'),
            message: m.message,
            severity: m.severity === 2 ? ('error' as const) : ('warning' as const)
        }))
    );
    return { files: results.length, findings };
}

async function main(): Promise<number> {
    const started = Date.now();
    const { flags, targets } = parseArgs(process.argv.slice(2));
    const { files, findings } = await lint(targets.length ? targets : packageDirectories(), !flags.has('no-ignore'));
    return report('lint', findings, `${files} files linted`, started);
}

if (require.main === module) runMain(main);
