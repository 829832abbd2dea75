import { FIXTURES, runGate } from './run-gate';

describe('lint', () => {
    it('rejects an LWC that breaks the LWC ESLint rules, naming file:line:col and the rule', () => {
        const { status, output } = runGate('scripts/checks/lint.ts', ['--no-ignore', `${FIXTURES}/lint`]);
        expect(status).toBe(1);
        const file = `${FIXTURES}/lint/lwc/badCounter/badCounter.ts`;
        expect(output).toContain(`${file}:8:9 @lwc/lwc/no-async-operation Restricted async operation "setTimeout"`);
        expect(output).toContain(`${file}:9:13 @lwc/lwc/no-api-reassignments`);
    });

    it('does not lint the fixtures in a normal run', () => {
        const { status, output } = runGate('scripts/checks/lint.ts', [`${FIXTURES}/lint`]);
        expect(output).toMatch(/lint: 0 files linted, 0 errors/);
        expect(status).toBe(0);
    });
});
