import * as fs from 'node:fs';
import * as path from 'node:path';
import { T3_ROOT, ratchetViolations, readRatchet, runT3, t3Projects, toRatchet } from '../src/conformance-t3';

describe('T3 real-world styles (mini SFDX projects, ratchet)', () => {
    const projects = t3Projects();

    it.each(projects)('%s cites the documentation it relies on', (p) => {
        const cites = path.join(T3_ROOT, p, 'CITES.md');
        expect(fs.existsSync(cites)).toBe(true);
        expect(fs.readFileSync(cites, 'utf8')).toMatch(/https:\/\/developer\.salesforce\.com\//);
    });

    it('holds the ratchet: pass never drops, silently wrong and internal errors never rise', () => {
        const now = toRatchet(runT3(T3_ROOT, projects));
        expect(ratchetViolations(readRatchet(), now)).toEqual([]);
    });

    it('admits new tests only when recording them, at whatever outcome', () => {
        const was = {
            pass: 1,
            silentlyWrong: 0,
            internalErrors: 0,
            unsupported: 0,
            tests: { 'p/A.a': 'Pass' as const }
        };
        const now = { ...was, silentlyWrong: 1, tests: { 'p/A.a': 'Pass' as const, 'q/B.b': 'Fail' as const } };
        expect(ratchetViolations(was, now, true)).toEqual([]);
        expect(ratchetViolations(was, now)).toEqual([
            'q/B.b is not in the ratchet yet (record it: npm run conformance:t3 -- --update)'
        ]);
    });

    it('flags a drop in the pass count and a test that stopped passing', () => {
        const was = {
            pass: 2,
            silentlyWrong: 0,
            internalErrors: 0,
            unsupported: 0,
            tests: { 'p/A.a': 'Pass', 'p/A.b': 'Pass' }
        } as const;
        const now = {
            pass: 1,
            silentlyWrong: 1,
            internalErrors: 0,
            unsupported: 0,
            tests: { 'p/A.a': 'Pass', 'p/A.b': 'Fail' }
        } as const;
        expect(ratchetViolations({ ...was, tests: { ...was.tests } }, { ...now, tests: { ...now.tests } })).toEqual([
            'pass dropped: 2 → 1',
            'silently wrong rose: 0 → 1',
            'p/A.b stopped passing (now Fail)'
        ]);
    });
});
