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
