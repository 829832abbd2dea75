import { FIXTURES, runGate } from './run-gate';

describe('typecheck', () => {
    it('rejects a type error in an LWC with file:line:col and the TS code', () => {
        const { status, output } = runGate('scripts/checks/typecheck.ts', [`${FIXTURES}/typecheck`]);
        expect(status).toBe(1);
        expect(output).toContain(
            `${FIXTURES}/typecheck/lwc/badTypes/badTypes.ts:8:9 TS2322 Type 'string' is not assignable to type 'number'.`
        );
    });
});
