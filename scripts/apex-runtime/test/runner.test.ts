import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discover } from '../src/project/project';
import { runTests } from '../src/runner/runner';
import { humanReport, toJunit, toSfJson } from '../src/runner/report';

const fixture = path.join(__dirname, 'fixtures/basic');

describe('test runner', () => {
    const r = runTests(discover(fixture), { classes: [], methods: [] });
    const byName = Object.fromEntries(r.tests.map((t) => [t.methodName, t]));

    it('discovers @IsTest methods and reports Pass / Fail / Unsupported', () => {
        expect(r.tests.map((t) => `${t.methodName}:${t.outcome}`).sort()).toEqual(
            [
                'adds:Pass',
                'callout:Pass',
                'failsOnPurpose:Fail',
                'noMock:Pass',
                'queueable:Pass',
                'staticsReset:Pass',
                'unsupportedThing:Unsupported'
            ].sort()
        );
        expect(byName.failsOnPurpose.message).toBe(
            'System.AssertException: Assertion Failed: mul: Expected: 7, Actual: 6'
        );
        expect(byName.failsOnPurpose.stackTrace).toBe('Class.CalcTest.failsOnPurpose: line 22, column 1');
        expect(byName.unsupportedThing.message).toMatch(
            /^unsupported: String\.escapeUnicode\(\) at .*CalcTest\.cls:50$/
        );
        expect(r.summary.outcome).toBe('Failed');
    });

    it('records governor-limit usage per test', () => {
        expect(byName.callout.limits.callouts).toBe(1);
        expect(byName.queueable.limits.queueableJobs).toBe(1);
        expect(byName.adds.limits.callouts).toBe(0);
        expect(byName.adds.limits.cpuSteps).toBeGreaterThan(0);
    });

    it('computes line coverage of non-test classes', () => {
        const calc = r.coverage.find((c) => c.name === 'Calc')!;
        expect(r.coverage.map((c) => c.name)).toEqual(['Calc']);
        expect(calc.uncovered).toEqual([19]);
        expect(calc.totalLines).toBe(calc.totalCovered + 1);
    });

    it('filters by --class and --method', () => {
        const one = runTests(discover(fixture), { classes: [], methods: ['CalcTest.adds'] });
        expect(one.tests.map((t) => t.methodName)).toEqual(['adds']);
        expect(one.summary.outcome).toBe('Passed');
        const none = runTests(discover(fixture), { classes: ['NoSuchTest'], methods: [] });
        expect(none.tests).toHaveLength(0);
        expect(none.summary.outcome).toBe('Failed');
    });

    it('writes sf-style JSON, JUnit and a human summary', () => {
        const j = toSfJson(r) as {
            summary: Record<string, unknown>;
            tests: Record<string, unknown>[];
            coverage: { coverage: unknown[] };
        };
        expect(j.summary).toMatchObject({ outcome: 'Failed', testsRan: 7, passing: 5, failing: 1, unsupported: 1 });
        expect(j.tests.find((t) => t.MethodName === 'callout')).toMatchObject({
            Outcome: 'Pass',
            FullName: 'CalcTest.callout',
            ApexClass: { Name: 'CalcTest' }
        });
        expect(j.coverage.coverage).toHaveLength(1);
        const x = toJunit(r);
        expect(x).toContain('<testsuite name="force.apex"');
        expect(x).toContain('failures="1" errors="1"');
        expect(x).toContain('<error type="Unsupported"');
        const h = humanReport(r);
        expect(h).toContain('=== Test Summary');
        expect(h).toMatch(/Calc\s+\d+%\s+19/);
    });

    it('reports a syntax error as a compile error, not a pass', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apexrt-'));
        fs.writeFileSync(
            path.join(dir, 'sfdx-project.json'),
            JSON.stringify({ packageDirectories: [{ path: 'src' }] })
        );
        fs.mkdirSync(path.join(dir, 'src'));
        fs.writeFileSync(path.join(dir, 'src/Broken.cls'), 'public class Broken { Integer x = ; }');
        const res = runTests(discover(dir), { classes: [], methods: [] });
        expect(res.summary.compileErrors[0]).toMatch(/Broken\.cls/);
        expect(res.summary.outcome).toBe('Failed');
    });
});
