import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { STEPS, runSteps, selectSteps } from './test-all';

const node = process.execPath;

describe('test-all', () => {
    it('names only npm scripts that exist', () => {
        const pkg = JSON.parse(readFileSync(path.join(__dirname, '..', '..', 'package.json'), 'utf8'));
        for (const step of STEPS) expect(pkg.scripts).toHaveProperty([step]);
    });

    it('runs every step after a failure and counts passes and failures', () => {
        const lines: string[] = [];
        const results = runSteps(
            [
                { name: 'first', command: [node, '-e', 'process.exit(0)'] },
                { name: 'broken', command: [node, '-e', 'process.exit(3)'] },
                { name: 'last', command: [node, '-e', 'process.exit(0)'] }
            ],
            (line) => lines.push(line)
        );
        expect(results.map((r) => [r.name, r.ok])).toEqual([
            ['first', true],
            ['broken', false],
            ['last', true]
        ]);
        expect(lines).toContainEqual(expect.stringMatching(/^✘ broken FAILED \(exit 3\) in \d+\.\d s$/));
        expect(lines[lines.length - 1]).toBe('gates: 2 passed, 1 failed');
    });

    it('selects steps with --only and --skip, keeping the order, and rejects unknown names', () => {
        expect(selectSteps(['--only', 'check:meta,lint'])).toEqual(['lint', 'check:meta']);
        expect(selectSteps(['--skip=check:pmd'])).toEqual(STEPS.filter((s) => s !== 'check:pmd'));
        expect(() => selectSteps(['--only', 'lnt'])).toThrow('Unknown step "lnt"');
    });
});
