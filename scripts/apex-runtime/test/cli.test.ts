import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ClassCoverage } from '../src/runner/runner';

const main = path.join(__dirname, '../src/cli/main.ts');
const tsx = path.join(__dirname, '../../../node_modules/.bin/tsx');
const run = (...args: string[]) => spawnSync(tsx, [main, ...args], { encoding: 'utf8', cwd: os.tmpdir() });

describe('CLI', () => {
    it('run: prints USER_DEBUG lines and exits 0', () => {
        const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'apexrt-')), 'a.apex');
        fs.writeFileSync(f, "Integer x = 40;\nSystem.debug('x=' + (x + 2));\n");
        const r = run('run', f);
        expect(r.stdout).toBe('USER_DEBUG|[2]|DEBUG|x=42\n');
        expect(r.status).toBe(0);
    });
    it('run: an uncaught exception prints its type and message and exits non-zero', () => {
        const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'apexrt-')), 'b.apex');
        fs.writeFileSync(f, "System.debug('a');\nInteger i;\ni++;\n");
        const r = run('run', f);
        expect(r.stdout.split('\n').slice(0, 2)).toEqual([
            'USER_DEBUG|[1]|DEBUG|a',
            'System.NullPointerException: Attempt to de-reference a null object'
        ]);
        expect(r.status).toBe(1);
    });
    it('run: source that does not parse is a compile error naming the line, not an internal error', () => {
        const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'apexrt-')), 'c.apex');
        fs.writeFileSync(f, 'Integer x = (;\n');
        const r = run('run', f);
        expect(r.stdout).toMatch(/^Compile error: .*c\.apex: 1:\d+ /);
        expect(r.stdout).not.toMatch(/internal error/);
        expect(r.status).toBe(1);
    });
    it('run: compiles the block first; a block the org refuses runs nothing and names file, line and message', () => {
        const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'apexrt-')), 'd.apex');
        // the assignment compiles nowhere ("Illegal assignment from String to Integer"): the debug before it never runs
        fs.writeFileSync(f, "System.debug('before');\nInteger i = 'a';\n");
        const r = run('run', f);
        expect(r.stdout).toMatch(/^Compile error: .*d\.apex: 2: Illegal assignment from String to Integer\n$/);
        expect(r.status).toBe(1);
    });
    it('run --project: the block compiles against the project classes (a wrong use is refused, a right one runs)', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apexrt-'));
        const project = path.join(__dirname, 'fixtures/basic');
        const wrong = path.join(dir, 'wrong.apex');
        fs.writeFileSync(wrong, "System.debug('before');\nString r = Calc.apply(Calc.Mode.MUL, 6, 7);\n");
        const refused = run('run', wrong, '--project', project);
        expect(refused.stdout).toMatch(
            /^Compile error: .*wrong\.apex: 2: Illegal assignment from Integer to String\n$/
        );
        expect(refused.status).toBe(1);
        // a class declared in the block needs no access modifier (it is not a top-level type)
        const right = path.join(dir, 'right.apex');
        fs.writeFileSync(
            right,
            'class Local {\n    Integer twice(Integer n) {\n        return n * 2;\n    }\n}\n' +
                'System.debug(Calc.apply(Calc.Mode.MUL, 6, 7));\n'
        );
        const ok = run('run', right, '--project', project);
        expect(ok.stdout).toBe('USER_DEBUG|[6]|DEBUG|42\n');
        expect(ok.status).toBe(0);
    });
    it('test: exits non-zero when a test fails and writes --json/--junit', () => {
        const out = fs.mkdtempSync(path.join(os.tmpdir(), 'apexrt-'));
        const r = run(
            'test',
            '--project',
            path.join(__dirname, 'fixtures/basic'),
            '--json',
            path.join(out, 'r.json'),
            '--junit',
            path.join(out, 'j.xml')
        );
        expect(r.status).toBe(1);
        expect(r.stdout).toContain('=== Test Summary');
        expect(JSON.parse(fs.readFileSync(path.join(out, 'r.json'), 'utf8')).summary.testsRan).toBe(7);
        expect(fs.readFileSync(path.join(out, 'j.xml'), 'utf8')).toContain('<testsuites>');
        const ok = run('test', '--project', path.join(__dirname, 'fixtures/basic'), '--method', 'CalcTest.adds');
        expect(ok.status).toBe(0);
    });
});

describe('coverage floor (--min-coverage)', () => {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { coverageBelow } = require('../src/cli/main') as typeof import('../src/cli/main');
    const cls = (totalLines: number, totalCovered: number): ClassCoverage => ({
        name: 'C',
        kind: 'class',
        file: 'C.cls',
        lines: {},
        totalLines,
        totalCovered,
        coveredPercent: 0,
        uncovered: []
    });

    it('passes at or above the floor, over all classes together', () => {
        expect(coverageBelow([cls(10, 5), cls(10, 10)], 75)).toBeNull();
    });
    it('names the percentage, the floor and the line counts below it', () => {
        expect(coverageBelow([cls(10, 5), cls(10, 9)], 75)).toBe(
            'Coverage 70.0% is below the required 75% (14 of 20 lines).'
        );
    });
    it('rejects a run of only test classes (no lines) as 0%', () => {
        expect(coverageBelow([], 75)).toMatch(/^Coverage 0.0% is below/);
    });
    it('makes `apex test` exit non-zero when coverage is under the floor', () => {
        const r = run('test', '--project', path.join(__dirname, 'fixtures/basic'), '--min-coverage', '100');
        expect(r.stdout).toMatch(/Coverage [\d.]+% is below the required 100%/);
        expect(r.status).toBe(1);
    });
    it('refuses a floor that is not a percentage', () => {
        const r = run('test', '--min-coverage', 'lots');
        expect(r.status).toBe(2);
        expect(r.stderr).toContain('--min-coverage takes a percentage 0-100');
    });
});

/** A throwaway sfdx project with the given classes (name → source). */
function project(classes: Record<string, string>): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'apexrt-proj-'));
    const dir = path.join(root, 'force-app/main/default/classes');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
        path.join(root, 'sfdx-project.json'),
        '{ "packageDirectories": [{ "path": "force-app", "default": true }], "sourceApiVersion": "66.0" }'
    );
    for (const [name, source] of Object.entries(classes)) fs.writeFileSync(path.join(dir, `${name}.cls`), source);
    return root;
}

const PASSING_TEST =
    '@IsTest\nprivate class GoodTest {\n    @IsTest\n    static void adds() {\n        Assert.areEqual(2, 1 + 1);\n    }\n}\n';

describe('one rule for the outcome (summary, JSON and exit code)', () => {
    const dir = project({
        GoodTest: PASSING_TEST,
        Broken: 'public class Broken {\n    public void oops( {\n    }\n}\n'
    });

    it('test: a class that does not parse fails the run although every test passed, naming file and line', () => {
        const json = path.join(dir, 'r.json');
        const r = run('test', '--project', dir, '--json', json);
        expect(r.stdout).toContain('=== Compile Errors\nforce-app/main/default/classes/Broken.cls: 2:22');
        expect(r.stdout).toMatch(/Outcome\s+Failed/);
        expect(JSON.parse(fs.readFileSync(json, 'utf8')).summary.outcome).toBe('Failed');
        expect(r.status).toBe(1);
    });
    it('check: the same class makes check exit non-zero, naming file and line', () => {
        const r = run('check', '--project', dir);
        expect(r.stdout).toContain('error: force-app/main/default/classes/Broken.cls:2 ');
        expect(r.status).toBe(1);
    });
    it('test: the passing test alone passes', () => {
        const r = run('test', '--project', project({ GoodTest: PASSING_TEST }));
        expect(r.stdout).toMatch(/Outcome\s+Passed/);
        expect(r.status).toBe(0);
    });
});

describe('--now and --timezone (the clock and the running user time zone are test inputs)', () => {
    const script = (source: string): string => {
        const f = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'apexrt-')), 'clock.apex');
        fs.writeFileSync(f, source);
        return f;
    };
    const clock = script(
        [
            "System.debug(Datetime.now().formatGmt('yyyy-MM-dd HH:mm') + ' ' + String.valueOf(Date.today()));",
            'System.debug([SELECT TimeZoneSidKey FROM User WHERE Id = :UserInfo.getUserId()].TimeZoneSidKey);',
            "insert new Account(Name = 'Audit');",
            "System.debug([SELECT CreatedDate FROM Account].CreatedDate.formatGmt('yyyy-MM-dd HH:mm'));"
        ].join('\n')
    );

    it('run: Datetime.now(), Date.today(), the user time zone and audit fields follow them', () => {
        const r = run('run', clock, '--now', '2026-12-31T23:30:00Z', '--timezone', 'Asia/Tokyo');
        expect(r.stdout).toBe(
            'USER_DEBUG|[1]|DEBUG|2026-12-31 23:30 2027-01-01\n' +
                'USER_DEBUG|[2]|DEBUG|Asia/Tokyo\n' +
                'USER_DEBUG|[4]|DEBUG|2026-12-31 23:30\n'
        );
        expect(r.status).toBe(0);
    });
    it('run: the default running user stays in America/Los_Angeles, a day behind UTC at 03:50Z', () => {
        const r = run('run', clock, '--now', '2026-12-05T03:50:00Z');
        expect(r.stdout.split('\n').slice(0, 2)).toEqual([
            'USER_DEBUG|[1]|DEBUG|2026-12-05 03:50 2026-12-04',
            'USER_DEBUG|[2]|DEBUG|America/Los_Angeles'
        ]);
    });
    it('test: Test.setCreatedDate and Date.today() in a test class follow --now', () => {
        const dir = project({
            ClockTest: [
                '@IsTest',
                'private class ClockTest {',
                '    @IsTest',
                '    static void follows_the_clock() {',
                "        Account a = new Account(Name = 'Old');",
                '        insert a;',
                '        Test.setCreatedDate(a.Id, Datetime.now().addDays(-3));',
                '        Account read = [SELECT CreatedDate FROM Account WHERE Id = :a.Id];',
                '        Assert.areEqual(Date.newInstance(2026, 3, 5), read.CreatedDate.date());',
                '        Assert.areEqual(Date.newInstance(2026, 3, 8), Date.today());',
                '    }',
                '}',
                ''
            ].join('\n')
        });
        expect(run('test', '--project', dir, '--now', '2026-03-08T10:30:00Z').status).toBe(0);
        expect(run('test', '--project', dir, '--now', '2026-03-09T10:30:00Z').status).toBe(1);
    });
    it('refuses an instant without a zone and an unknown time zone', () => {
        const noZone = run('run', clock, '--now', '2026-12-31T23:30:00');
        expect(noZone.status).toBe(2);
        expect(noZone.stderr).toContain('not an ISO-8601 instant with a zone: "2026-12-31T23:30:00"');
        const badZone = run('test', '--timezone', 'Mars/Olympus_Mons');
        expect(badZone.status).toBe(2);
        expect(badZone.stderr).toContain('unknown time zone "Mars/Olympus_Mons"');
    });
});

describe('names the platform parser refuses', () => {
    it('a local variable named bulk or limit is the compile error Salesforce reports, in check and test', () => {
        const dir = project({
            GoodTest: PASSING_TEST,
            Reserved:
                'public class Reserved {\n    void m() {\n        Integer bulk = 1;\n        for (Integer limit : new List<Integer>()) {\n        }\n    }\n}\n'
        });
        const check = run('check', '--project', dir);
        expect(check.stdout).toContain('error: force-app/main/default/classes/Reserved.cls:3 ');
        expect(check.stdout).toContain("3:16 Unexpected token 'bulk'.");
        expect(check.stdout).toContain("4:21 Unexpected token 'limit'.");
        expect(check.status).toBe(1);
        expect(run('test', '--project', dir).status).toBe(1);
    });
    it('the same words stay usable where the platform accepts them: sObject fields, SOQL, method calls', () => {
        const dir = project({
            OkTest: [
                '@IsTest',
                'private class OkTest {',
                '    @IsTest',
                '    static void uses_keywords_in_allowed_places() {',
                "        Account a = new Account(Name = 'x');",
                '        insert a;',
                '        Integer n = [SELECT COUNT() FROM Account WHERE Name LIKE :a.Name LIMIT 1];',
                '        Assert.areEqual(1, n);',
                '        Assert.areEqual(2, Limits.getLimitQueries() > 0 ? 2 : 0);',
                '    }',
                '}',
                ''
            ].join('\n')
        });
        expect(run('check', '--project', dir).status).toBe(0);
        expect(run('test', '--project', dir).status).toBe(0);
    });
});
