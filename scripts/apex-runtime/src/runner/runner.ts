// Test runner: discovery of @IsTest classes/methods and @TestSetup, per-method isolation (fresh statics,
// limits, mocks, async queue, DB snapshot), outcomes Pass / Fail / Unsupported / Crash, line coverage.
// Rules: APEX-RUNTIME.md §3.6; Apex Developer Guide "Using Test Setup Methods" (setup data rolled back per
// method), "IsTest Annotation" (SeeAllData), SE 140551 (statics do not survive between test methods).
import type { MethodDecl } from '../frontend/ast';
import type { ClassInfo } from '../interp/types';
import { Program } from '../interp/interpreter';
import { loadProgram } from '../project/load';
import type { ProjectSources } from '../project/project';
import { Session, type Outcome } from '../session';
import { defaultUser, newTestState } from '../stdlib/services';
import type { LimitCounters } from '../limits/limits';
import { withClock, type ClockOptions } from '../values';
import { formatTypeFinding, typecheckProgram } from '../typecheck';

export interface RunOptions {
    classes: string[];
    methods: string[];
    /** true when the sources came from --source-dir (schema is then read from those folders too) */
    explicitSourceDirs?: boolean;
    /** `--now` / `--timezone`: the instant the run starts at and the default running user's time zone */
    clock?: ClockOptions;
}

export type TestOutcome = 'Pass' | 'Fail' | 'Unsupported' | 'Crash';

export interface TestResult {
    className: string;
    methodName: string;
    outcome: TestOutcome;
    message: string | null;
    stackTrace: string | null;
    unsupported: string | null;
    runTimeMs: number;
    limits: LimitCounters;
    debug: string[];
}

export interface ClassCoverage {
    name: string;
    kind: 'class' | 'trigger';
    file: string;
    lines: Record<string, 0 | 1>;
    totalLines: number;
    totalCovered: number;
    coveredPercent: number;
    uncovered: number[];
}

export interface RunResult {
    summary: {
        outcome: 'Passed' | 'Failed';
        testsRan: number;
        passing: number;
        failing: number;
        unsupported: number;
        crashed: number;
        skipped: number;
        passRate: string;
        failRate: string;
        testStartTime: string;
        testExecutionTimeMs: number;
        testRunCoverage: string;
        compileErrors: string[];
    };
    tests: TestResult[];
    coverage: ClassCoverage[];
}

const hasAnn = (anns: { name: string }[], n: string): boolean => anns.some((a) => a.name.toLowerCase() === n);
const annParam = (anns: { name: string; params: Record<string, unknown> }[], n: string, p: string): unknown =>
    anns.find((a) => a.name.toLowerCase() === n)?.params[p];

export function isTestClass(c: ClassInfo): boolean {
    return !!c.decl && hasAnn(c.decl.annotations, 'istest');
}

export function isTestMethod(m: MethodDecl): boolean {
    return hasAnn(m.annotations, 'istest') || m.modifiers.includes('testmethod');
}

function outcomeOf(o: Outcome): {
    outcome: TestOutcome;
    message: string | null;
    stack: string | null;
    unsupported: string | null;
} {
    switch (o.kind) {
        case 'ok':
            return { outcome: 'Pass', message: null, stack: null, unsupported: null };
        case 'exception':
            return { outcome: 'Fail', message: `${o.type}: ${o.message}`, stack: o.stack, unsupported: null };
        case 'unsupported':
            return {
                outcome: 'Unsupported',
                message: `unsupported: ${o.message.replace(/^ApexRuntimeUnsupported: /, '')}`,
                stack: null,
                unsupported: o.construct
            };
        case 'compile':
            return { outcome: 'Fail', message: `Compile error: ${o.message}`, stack: null, unsupported: null };
        case 'crash':
            return { outcome: 'Crash', message: `internal error: ${o.message}`, stack: o.stack, unsupported: null };
    }
}

/**
 * The one rule for a run's outcome, used by the summary, the JSON report and the exit code: it passed when
 * every class compiled, at least one test ran and every test passed.
 */
export function runOutcome(tests: { outcome: TestOutcome }[], compileErrors: string[]): 'Passed' | 'Failed' {
    return tests.length > 0 && !compileErrors.length && tests.every((t) => t.outcome === 'Pass') ? 'Passed' : 'Failed';
}

export function runTests(src: ProjectSources, opts: RunOptions): RunResult {
    return withClock(opts.clock ?? {}, () => runAtCurrentClock(src, opts));
}

function runAtCurrentClock(src: ProjectSources, opts: RunOptions): RunResult {
    const start = Date.now();
    const compileErrors: string[] = [];
    const program: Program = loadProgram(src, compileErrors);
    const session = new Session(program, {
        projectDir: src.root,
        sourceDirs: opts.explicitSourceDirs ? src.sourceDirs : []
    });
    const it = session.it;
    // the compile pass: a class the org would refuse fails the run, as a syntax error does
    // an undecided finding is reported by the runtime when the code runs, never as a compile error
    compileErrors.push(
        ...typecheckProgram(program, it)
            .filter((f) => !f.unsupported)
            .map(formatTypeFinding)
    );
    const tests: TestResult[] = [];

    const wantClass = (c: ClassInfo) =>
        !opts.classes.length && !opts.methods.length
            ? true
            : opts.classes.some((n) => n.toLowerCase() === c.key) ||
              opts.methods.some((m) => m.split('.')[0].toLowerCase() === c.key);
    const wantMethod = (c: ClassInfo, m: MethodDecl) =>
        !opts.methods.length ||
        opts.classes.some((n) => n.toLowerCase() === c.key) ||
        opts.methods.some((x) => x.toLowerCase() === `${c.key}.${m.name.toLowerCase()}`);

    const testClasses = [...program.classes.values()]
        .filter(isTestClass)
        .filter(wantClass)
        .sort((a, b) => a.name.localeCompare(b.name));

    const freshContext = (): void => {
        it.newTransaction();
        it.services.test = newTestState(true);
        it.services.currentUser = defaultUser();
        it.services.asyncStack = [];
        it.frames.length = 0;
        it.services.beginTransaction?.();
    };

    for (const cls of testClasses) {
        const decl = cls.decl!;
        const methods = decl.methods.filter((m) => isTestMethod(m) && wantMethod(cls, m));
        const setups = decl.methods.filter((m) => hasAnn(m.annotations, 'testsetup'));
        const classSeeAll = annParam(decl.annotations, 'istest', 'seealldata') === true;
        const db = it.services.db;
        db?.reset();
        let setupFailure: ReturnType<typeof outcomeOf> | null = null;
        let snapshot: unknown = null;
        if (setups.length && methods.length) {
            freshContext();
            for (const s of setups) {
                const o = (() => {
                    try {
                        it.runStatic(cls, s);
                        return { kind: 'ok' } as Outcome;
                    } catch (e) {
                        return session.classify(e);
                    }
                })();
                if (o.kind !== 'ok') {
                    setupFailure = outcomeOf(o);
                    break;
                }
            }
            snapshot = db?.snapshot() ?? null;
        }
        for (const m of methods) {
            const t0 = Date.now();
            session.debug = [];
            freshContext();
            if (snapshot !== null) db?.restore(snapshot);
            else if (!setups.length) db?.reset();
            it.services.beginTransaction?.();
            let res: ReturnType<typeof outcomeOf>;
            const seeAll = classSeeAll || annParam(m.annotations, 'istest', 'seealldata') === true;
            if (seeAll)
                res = {
                    outcome: 'Unsupported',
                    message: 'unsupported: @IsTest(SeeAllData=true) (no org data locally)',
                    stack: null,
                    unsupported: 'SeeAllData=true'
                };
            else if (setupFailure) res = { ...setupFailure, message: `@TestSetup failed: ${setupFailure.message}` };
            else if (!m.modifiers.includes('static'))
                res = {
                    outcome: 'Fail',
                    message: 'Compile error: test methods must be static',
                    stack: null,
                    unsupported: null
                };
            else {
                let o: Outcome;
                try {
                    it.runStatic(cls, m);
                    o = { kind: 'ok' };
                } catch (e) {
                    o = session.classify(e);
                }
                res = outcomeOf(o);
            }
            tests.push({
                className: cls.name,
                methodName: m.name,
                outcome: res.outcome,
                message: res.message,
                stackTrace: res.stack,
                unsupported: res.unsupported,
                runTimeMs: Date.now() - t0,
                limits: { ...it.tx.limits.total },
                debug: session.debug.map((d) => `USER_DEBUG|[${d.line}]|${d.level}|${d.message}`)
            });
        }
    }

    const coverage: ClassCoverage[] = [];
    for (const [file, lines] of program.executable) {
        const info = program.fileNames.get(file)!;
        if (info.kind === 'class') {
            const c = program.classes.get(info.name.toLowerCase());
            if (c && isTestClass(c)) continue;
        }
        const covered = it.coverage.get(file) ?? new Set<number>();
        const map: Record<string, 0 | 1> = {};
        const uncovered: number[] = [];
        for (const l of lines) {
            map[String(l)] = covered.has(l) ? 1 : 0;
            if (!covered.has(l)) uncovered.push(l);
        }
        const totalCovered = lines.length - uncovered.length;
        coverage.push({
            name: info.name,
            kind: info.kind,
            file,
            lines: map,
            totalLines: lines.length,
            totalCovered,
            coveredPercent: lines.length ? Math.round((totalCovered / lines.length) * 100) : 100,
            uncovered
        });
    }
    coverage.sort((a, b) => a.name.localeCompare(b.name));

    const passing = tests.filter((t) => t.outcome === 'Pass').length;
    const failing = tests.filter((t) => t.outcome === 'Fail').length;
    const unsupported = tests.filter((t) => t.outcome === 'Unsupported').length;
    const crashed = tests.filter((t) => t.outcome === 'Crash').length;
    const total = coverage.reduce((n, c) => n + c.totalLines, 0);
    const cov = coverage.reduce((n, c) => n + c.totalCovered, 0);
    const pct = (n: number) => (tests.length ? `${Math.round((n / tests.length) * 100)}%` : '0%');
    return {
        summary: {
            outcome: runOutcome(tests, compileErrors),
            testsRan: tests.length,
            passing,
            failing,
            unsupported,
            crashed,
            skipped: 0,
            passRate: pct(passing),
            failRate: pct(tests.length - passing),
            testStartTime: new Date(start).toISOString(),
            testExecutionTimeMs: Date.now() - start,
            testRunCoverage: total ? `${Math.round((cov / total) * 100)}%` : '0%',
            compileErrors
        },
        tests,
        coverage
    };
}
