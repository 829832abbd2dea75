import { FIXTURES, runGate } from './run-gate';

describe('prettier:verify', () => {
    it('rejects unformatted and unparseable Apex at the first differing line', () => {
        const { status, output } = runGate('scripts/checks/format.ts', ['--no-ignore', `${FIXTURES}/format`]);
        expect(status).toBe(1);
        expect(output).toContain(
            `${FIXTURES}/format/Unformatted.cls:1 prettier not formatted: found "public class Unformatted{", Prettier writes "public class Unformatted {"`
        );
        expect(output).toContain(
            `${FIXTURES}/format/Unparseable.cls:2:17 prettier cannot be parsed: Unexpected token ';'`
        );
        expect(output).not.toContain('Formatted.cls:');
        expect(output).toMatch(/3 files checked, 2 errors/);
    });

    it('keeps the bad fixtures out of the real run through .prettierignore', () => {
        const { status, output } = runGate('scripts/checks/format.ts', [`${FIXTURES}/format`]);
        expect(output).toMatch(/0 files checked, 0 errors/);
        expect(status).toBe(0);
    });
});
