// CLI: `npm run apex -- test …` and `npm run apex -- run FILE.apex …` (contract in docs/apex-runtime.md).
import * as fs from 'node:fs';
import * as path from 'node:path';
import { discover } from '../project/project';
import { loadProgram } from '../project/load';
import { Session } from '../session';
import { runTests, type ClassCoverage, type RunOptions } from '../runner/runner';
import { humanReport, writeJson, writeJunit } from '../runner/report';
import { checkProject, formatFindings } from '../runner/check';
import { checkTimeZone, parseInstant, withClock, type ClockOptions } from '../values';
import { callOnApexStack } from '../host/apex-stack';
import { formatTypeFinding, typecheckAnonymous, type TypeFinding } from '../typecheck';
import { ApexSyntaxErrors } from '../frontend/lower';
import { ApexCompileError } from '../interp/exceptions';

interface Args {
    cmd: string;
    positional: string[];
    project: string;
    sourceDirs: string[];
    classes: string[];
    methods: string[];
    json: string | null;
    junit: string | null;
    minCoverage: number | null;
    clock: ClockOptions;
}

function parseArgs(argv: string[]): Args {
    const a: Args = {
        cmd: argv[0] ?? '',
        positional: [],
        project: process.cwd(),
        sourceDirs: [],
        classes: [],
        methods: [],
        json: null,
        junit: null,
        minCoverage: null,
        clock: {}
    };
    for (let i = 1; i < argv.length; i++) {
        const x = argv[i];
        const next = (): string => {
            const v = argv[++i];
            if (v === undefined) throw new Error(`${x} needs a value`);
            return v;
        };
        if (x === '--project') a.project = path.resolve(next());
        else if (x === '--source-dir') a.sourceDirs.push(next());
        else if (x === '--class') a.classes.push(next());
        else if (x === '--method') a.methods.push(next());
        else if (x === '--json') a.json = next();
        else if (x === '--junit') a.junit = next();
        else if (x === '--now') a.clock.startAt = parseInstant(next());
        else if (x === '--timezone') a.clock.timeZone = checkTimeZone(next());
        else if (x === '--min-coverage') {
            const v = Number(next());
            if (!Number.isFinite(v) || v < 0 || v > 100) throw new Error('--min-coverage takes a percentage 0-100');
            a.minCoverage = v;
        } else if (x.startsWith('--')) throw new Error(`unknown option ${x}`);
        else a.positional.push(x);
    }
    return a;
}

const USAGE = `usage:
  apex check [--project DIR] [--source-dir DIR]...
  apex test [--project DIR] [--source-dir DIR]... [--class NAME]... [--method Class.method]... [--json FILE] [--junit FILE]
            [--min-coverage PERCENT] [--now ISO-8601-INSTANT] [--timezone IANA-ID]
  apex run FILE.apex [--project DIR] [--source-dir DIR]... [--now ISO-8601-INSTANT] [--timezone IANA-ID]`;

export function main(argv: string[]): number {
    let args: Args;
    try {
        args = parseArgs(argv);
    } catch (e) {
        process.stderr.write(`${(e as Error).message}\n${USAGE}\n`);
        return 2;
    }
    if (args.cmd === 'run') {
        const file = args.positional[0];
        if (!file) {
            process.stderr.write(`${USAGE}\n`);
            return 2;
        }
        const hasProject = args.sourceDirs.length > 0 || fs.existsSync(path.join(args.project, 'sfdx-project.json'));
        const program = loadProgram(
            hasProject
                ? discover(args.project, args.sourceDirs)
                : { root: args.project, sourceDirs: [], classes: [], triggers: [] }
        );
        const source = fs.readFileSync(file, 'utf8');
        const shown = path.relative(process.cwd(), path.resolve(file));
        const { session, outcome, refused } = withClock(args.clock, () => {
            const s = new Session(program, {
                projectDir: hasProject ? args.project : null,
                sourceDirs: args.sourceDirs.map((d) => path.resolve(args.project, d))
            });
            // the org compiles the block (against the project's classes) before running any of it: what it refuses
            // runs nothing
            const refused = compileAnonymous(s, source, shown);
            return { session: s, outcome: refused.length ? null : s.runAnonymous(source, shown), refused };
        });
        if (!outcome) {
            for (const f of refused) process.stdout.write(`Compile error: ${formatTypeFinding(f)}\n`);
            return 1;
        }
        for (const d of session.debug) process.stdout.write(`USER_DEBUG|[${d.line}]|${d.level}|${d.message}\n`);
        switch (outcome.kind) {
            case 'ok':
                return 0;
            case 'exception':
                process.stdout.write(`${outcome.type}: ${outcome.message}\n${outcome.stack}\n`);
                return 1;
            case 'unsupported':
                process.stdout.write(`unsupported: ${outcome.message.replace(/^ApexRuntimeUnsupported: /, '')}\n`);
                return 3;
            case 'compile':
                process.stdout.write(`Compile error: ${outcome.message}\n`);
                return 1;
            case 'crash':
                process.stdout.write(`internal error: ${outcome.message}\n${outcome.stack}\n`);
                return 4;
        }
    }
    if (args.cmd === 'check') {
        const findings = checkProject(discover(args.project, args.sourceDirs), {
            explicitSourceDirs: args.sourceDirs.length > 0
        });
        process.stdout.write(formatFindings(findings));
        return findings.some((f) => f.severity === 'error') ? 1 : 0;
    }
    if (args.cmd === 'test') {
        const opts: RunOptions = {
            classes: args.classes,
            methods: args.methods,
            explicitSourceDirs: args.sourceDirs.length > 0,
            clock: args.clock
        };
        const src = discover(args.project, args.sourceDirs);
        const result = runTests(src, opts);
        process.stdout.write(humanReport(result));
        if (args.json) writeJson(result, path.resolve(args.json));
        if (args.junit) writeJunit(result, path.resolve(args.junit));
        const coverageOk = args.minCoverage === null || coverageBelow(result.coverage, args.minCoverage) === null;
        if (!coverageOk) process.stdout.write(`${coverageBelow(result.coverage, args.minCoverage!)}\n`);
        return coverageOk && result.summary.outcome === 'Passed' ? 0 : 1;
    }
    process.stderr.write(`${USAGE}\n`);
    return 2;
}

/**
 * The compile pass over an anonymous block: the findings the org would refuse it for (an undecided finding is left to
 * the run). A block that does not parse, or whose inline class the org refuses to declare, is left to runAnonymous,
 * which reports it as the compile error it is.
 */
function compileAnonymous(session: Session, source: string, file: string): TypeFinding[] {
    try {
        return typecheckAnonymous(source, file, session).filter((f) => !f.unsupported);
    } catch (e) {
        if (e instanceof ApexSyntaxErrors || e instanceof ApexCompileError) return [];
        throw e;
    }
}

/** The platform's deploy rule, applied locally: overall line coverage of non-test code must reach the floor. */
export function coverageBelow(coverage: ClassCoverage[], floor: number): string | null {
    const total = coverage.reduce((n, c) => n + c.totalLines, 0);
    const covered = coverage.reduce((n, c) => n + c.totalCovered, 0);
    const percent = total ? (covered / total) * 100 : 0;
    return percent >= floor
        ? null
        : `Coverage ${percent.toFixed(1)}% is below the required ${floor}% (${covered} of ${total} lines).`;
}

// Apex runs on a stack deep enough for its own 1,000-frame limit (host/apex-stack.ts)
if (require.main === module)
    callOnApexStack<number>(__filename, 'main', [process.argv.slice(2)]).then(
        (code) => (process.exitCode = code),
        (e: Error) => {
            process.stderr.write(`internal error: ${e.message}\n`);
            process.exitCode = 4;
        }
    );
