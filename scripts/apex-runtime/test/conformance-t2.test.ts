import * as fs from 'node:fs';
import * as path from 'node:path';
import { discover } from '../src/project/project';
import { runTests } from '../src/runner/runner';

const root = path.join(__dirname, '../conformance/t2');
const projects = fs.readdirSync(root).filter((d) => fs.existsSync(path.join(root, d, 'expected.json')));

interface Expected {
    sources: string[];
    unverified: Record<string, string>;
    tests: Record<string, string>;
}

describe('T2 platform rules (mini SFDX projects)', () => {
    for (const p of projects.sort()) {
        const expected = JSON.parse(fs.readFileSync(path.join(root, p, 'expected.json'), 'utf8')) as Expected;
        it(`${p}`, () => {
            expect(expected.sources.length).toBeGreaterThan(0);
            const r = runTests(discover(path.join(root, p)), { classes: [], methods: [] });
            const got = Object.fromEntries(
                r.tests.map((t) => [
                    `${t.className}.${t.methodName}`,
                    t.outcome === 'Pass' ? 'Pass' : `${t.outcome}: ${t.message}`
                ])
            );
            const want = Object.fromEntries(
                Object.entries(expected.tests).map(([k, v]) => [
                    k,
                    v === 'Pass' ? 'Pass' : expect.stringMatching(new RegExp(`^${v}`))
                ])
            );
            expect(got).toEqual(want);
        });
    }
});
