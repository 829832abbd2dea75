// Gate `typecheck`: strict `tsc --noEmit` over every TypeScript program of the project, printed as
// `file:line:col TSxxxx message`:
//   lwc        tsconfig.json          the LWC sources + types/**/*.d.ts
//   lwc-tests  tsconfig.json + jest/node types: the LWC Jest tests
//   scripts    tsconfig.scripts.json  the tooling under scripts/ (CommonJS via tsx, node + jest types)
// tsconfig.json maps every bundle `c/<name>` to its `<name>.ts` (TypeScript allows one `*` per
// path, so one entry per bundle): imports between components and `createElement('c-x', { is: X })`
// in tests are typed with the real module. The gate fails when that list is out of date;
// `npm run typecheck -- --write-paths` rewrites it.
// Usage: tsx scripts/checks/typecheck.ts [--write-paths] [files…]   (files: checked with the LWC
//        options, plus jest types for *.test.ts; used by the gate's own tests)
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import * as ts from 'typescript';
import { Finding, PROJECT_ROOT, listFiles, packageDirectories, parseArgs, report, runMain } from './lib/common';

function readConfig(file: string): ts.ParsedCommandLine {
    const parsed = ts.getParsedCommandLineOfConfigFile(
        path.join(PROJECT_ROOT, file),
        {},
        {
            ...ts.sys,
            onUnRecoverableConfigFileDiagnostic: (d) => {
                throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
            }
        }
    );
    if (!parsed) throw new Error(`Cannot read ${file}`);
    return parsed;
}

function toFinding(d: ts.Diagnostic): Finding {
    const message = ts.flattenDiagnosticMessageText(d.messageText, ' ');
    if (!d.file || d.start === undefined) return { file: 'tsconfig', rule: `TS${d.code}`, message };
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    return { file: d.file.fileName, line: line + 1, column: character + 1, rule: `TS${d.code}`, message };
}

// Parsed files shared between the LWC programs (lib.dom.d.ts, lwc types…): parse each once.
const sourceFiles = new Map<string, ts.SourceFile | undefined>();

function check(rootNames: string[], options: ts.CompilerOptions): Finding[] {
    if (rootNames.length === 0) return [];
    const host = ts.createCompilerHost(options);
    const parse = host.getSourceFile.bind(host);
    host.getSourceFile = (fileName, languageVersion, onError, shouldCreate) => {
        // Shared only between programs with the same parse/bind settings (as a language service does).
        const key = `${JSON.stringify([languageVersion, options.module, options.moduleResolution, options.strict])}:${fileName}`;
        if (!sourceFiles.has(key)) sourceFiles.set(key, parse(fileName, languageVersion, onError, shouldCreate));
        return sourceFiles.get(key);
    };
    const program = ts.createProgram({ rootNames, options: { ...options, noEmit: true }, host });
    return ts.getPreEmitDiagnostics(program).map(toFinding);
}

/** LWC bundle folders (`…/lwc/<name>/`) below the given roots. */
function lwcBundles(roots: string[]): string[] {
    const tsFiles = listFiles(roots.filter(existsSync), (f) => f.endsWith('.ts'));
    const bundles = tsFiles.map((f) => path.dirname(f)).filter((d) => path.basename(path.dirname(d)) === 'lwc');
    return [...new Set(bundles)];
}

/** `c/<name>` → `./…/lwc/<name>/<name>.ts` for every TypeScript bundle below the roots. */
export function bundlePaths(roots: string[], relativeTo = PROJECT_ROOT): Record<string, string[]> {
    const paths: Record<string, string[]> = {};
    for (const bundle of lwcBundles(roots).sort()) {
        const name = path.basename(bundle);
        const main = path.join(bundle, `${name}.ts`);
        if (existsSync(main)) paths[`c/${name}`] = [`./${path.relative(relativeTo, main).split(path.sep).join('/')}`];
    }
    return paths;
}

const TSCONFIG = path.join(PROJECT_ROOT, 'tsconfig.json');

/** Differences between tsconfig.json's `c/*` paths and the bundles on disk. */
function stalePaths(expected: Record<string, string[]>): Finding[] {
    const actual = (JSON.parse(readFileSync(TSCONFIG, 'utf8')).compilerOptions?.paths ?? {}) as Record<
        string,
        string[]
    >;
    const findings: Finding[] = [];
    for (const [name, target] of Object.entries(expected)) {
        if (JSON.stringify(actual[name]) !== JSON.stringify(target)) {
            findings.push({
                file: TSCONFIG,
                rule: 'lwc-paths',
                message: `compilerOptions.paths needs "${name}": ["${target[0]}"] (npm run typecheck -- --write-paths)`
            });
        }
    }
    for (const name of Object.keys(actual)) {
        if (name.startsWith('c/') && !expected[name]) {
            findings.push({
                file: TSCONFIG,
                rule: 'lwc-paths',
                message: `compilerOptions.paths has "${name}" but no such bundle`
            });
        }
    }
    return findings;
}

async function writePaths(expected: Record<string, string[]>): Promise<void> {
    const config = JSON.parse(readFileSync(TSCONFIG, 'utf8'));
    const others = Object.fromEntries(
        Object.entries((config.compilerOptions.paths ?? {}) as Record<string, string[]>).filter(
            ([k]) => !k.startsWith('c/')
        )
    );
    config.compilerOptions.paths = { ...others, ...expected };
    const prettier = await import('prettier');
    const options = (await prettier.resolveConfig(TSCONFIG)) ?? {};
    writeFileSync(TSCONFIG, await prettier.format(JSON.stringify(config), { ...options, filepath: TSCONFIG }));
}

/** Options for LWC Jest tests: jest and node types (JSON fixtures are loaded with require). */
function lwcTestOptions(base: ts.CompilerOptions): ts.CompilerOptions {
    return { ...base, types: ['jest', 'node'] };
}

function typeDeclarations(): string[] {
    const dir = path.join(PROJECT_ROOT, 'types');
    return existsSync(dir) ? listFiles([dir], (f) => f.endsWith('.d.ts')) : [];
}

export interface ProgramResult {
    name: string;
    files: number;
    findings: Finding[];
}

export function typecheckProject(): ProgramResult[] {
    const lwc = readConfig('tsconfig.json');
    const scripts = readConfig('tsconfig.scripts.json');
    const lwcTests = listFiles(packageDirectories(), (f) => /[\\/]lwc[\\/](?:.*[\\/])?__tests__[\\/].*\.ts$/.test(f));
    return [
        {
            name: 'lwc',
            files: lwc.fileNames.length,
            findings: [...stalePaths(bundlePaths(packageDirectories())), ...check(lwc.fileNames, lwc.options)]
        },
        {
            name: 'lwc-tests',
            files: lwcTests.length,
            findings: check([...lwcTests, ...typeDeclarations()], lwcTestOptions(lwc.options))
        },
        { name: 'scripts', files: scripts.fileNames.length, findings: check(scripts.fileNames, scripts.options) }
    ];
}

/** Type-checks the given files with the LWC compiler options (plus jest types for tests). */
export function typecheckFiles(files: string[]): Finding[] {
    const lwc = readConfig('tsconfig.json');
    const abs = files.map((f) => path.resolve(f));
    const options = abs.some((f) => f.endsWith('.test.ts')) ? lwcTestOptions(lwc.options) : lwc.options;
    return check([...abs, ...typeDeclarations()], options);
}

async function main(): Promise<number> {
    const started = Date.now();
    const { flags, targets } = parseArgs(process.argv.slice(2));
    if (flags.has('write-paths')) {
        await writePaths(bundlePaths(packageDirectories()));
        console.log('typecheck: wrote the c/<name> paths of tsconfig.json');
    }
    if (targets.length) {
        const files = listFiles(targets, (f) => f.endsWith('.ts'));
        return report('typecheck', typecheckFiles(files), `${files.length} files`, started);
    }
    const results = typecheckProject();
    const summary = results.map((r) => `${r.name} ${r.files} files`).join(', ');
    return report(
        'typecheck',
        results.flatMap((r) => r.findings),
        summary,
        started
    );
}

if (require.main === module) runMain(main);
