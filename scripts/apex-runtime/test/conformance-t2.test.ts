import * as fs from 'node:fs';
import * as path from 'node:path';
import { t2Projects } from '../src/conformance';
import { callOnApexStack } from '../src/host/apex-stack';

const root = path.join(__dirname, '../conformance/t2');
const projects = t2Projects(root);

interface Expected {
    sources: string[];
    unverified: Record<string, string>;
    tests: Record<string, string>;
}

// the projects run where the CLI runs Apex: on a stack deep enough for Apex's 1,000 frames
let results: Record<string, Record<string, string>> = {};
beforeAll(async () => {
    results = await callOnApexStack(path.join(__dirname, '../src/conformance.ts'), 'runT2Corpus', [root]);
}, 120_000);

describe('T2 platform rules (mini SFDX projects)', () => {
    for (const p of projects) {
        const expected = JSON.parse(fs.readFileSync(path.join(root, p, 'expected.json'), 'utf8')) as Expected;
        it(`${p}`, () => {
            expect(expected.sources.length).toBeGreaterThan(0);
            const want = Object.fromEntries(
                Object.entries(expected.tests).map(([k, v]) => [
                    k,
                    v === 'Pass' ? 'Pass' : expect.stringMatching(new RegExp(`^${v}`))
                ])
            );
            expect(results[p]).toEqual(want);
        });
    }
});
