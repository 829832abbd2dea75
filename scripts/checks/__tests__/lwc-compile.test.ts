import { compileBundles } from '../lwc-compile';
import { FIXTURES, runGate } from './run-gate';

describe('check:lwc', () => {
    it('rejects what the platform LWC compiler rejects, with file:line:col', () => {
        const { status, output } = runGate('scripts/checks/lwc-compile.ts', [`${FIXTURES}/lwc-compile`]);
        expect(status).toBe(1);
        expect(output).toContain(
            `${FIXTURES}/lwc-compile/lwc/downlevelled/downlevelled.js:45:12 LWC1104 SyntaxError: "api" can only be used as a class decorator`
        );
        expect(output).toMatch(
            new RegExp(
                `${FIXTURES}/lwc-compile/lwc/brokenTemplate/brokenTemplate\\.html:\\d+:\\d+ LWC1058 Invalid HTML syntax`
            )
        );
    });

    it('accepts a valid bundle', () => {
        const { files, findings } = compileBundles([`${FIXTURES}/metadata/good`]);
        expect(files.map((f) => f.split('/').pop())).toEqual(['okCard.html', 'okCard.js']);
        expect(findings).toEqual([]);
    });
});
