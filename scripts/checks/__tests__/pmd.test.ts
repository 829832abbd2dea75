import { FIXTURES, runGate } from './run-gate';

describe('check:pmd', () => {
    const dir = `${FIXTURES}/pmd`;
    // One run (one JVM) over the rejected and the accepted fixtures.
    const { status, output } = runGate('scripts/checks/pmd.ts', [dir, `${FIXTURES}/pmd-justified`]);

    it('fails', () => {
        expect(status).toBe(1);
    });

    it('rejects SOQL injection (Security, severity 2) at file:line', () => {
        expect(output).toContain(
            `${dir}/AccountSearch.cls:8 ApexSOQLInjection [sev 2, Security] Avoid untrusted/unescaped variables`
        );
    });

    it('rejects any Security rule whatever its severity', () => {
        expect(output).toContain(`${dir}/NoSharing.cls:4 ApexSharingViolations [sev 3, Security]`);
    });

    it('applies the committed config (query in a loop raised to severity 2)', () => {
        expect(output).toContain(`${dir}/QueryInLoop.cls:13 OperationWithLimitsInLoop [sev 2]`);
    });

    it('rejects suppressions without a reason', () => {
        expect(output).toContain(
            `${dir}/Suppressed.cls:2 suppression @SuppressWarnings('PMD.ExcessiveParameterList') without a reason`
        );
        expect(output).toContain(`${dir}/Suppressed.cls:4 suppression NOPMD without a reason`);
    });

    it('accepts a suppression that states its reason', () => {
        expect(output).not.toContain('Justified.cls');
        expect(output).toMatch(/check:pmd: 5 Apex files, \d+ rules, .*5 errors/);
    });
});
