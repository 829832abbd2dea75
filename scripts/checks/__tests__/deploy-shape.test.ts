import { FIXTURES, runGate } from './run-gate';

const FIX = `${FIXTURES}/deploy-shape`;
const BAD = `${FIX}/bad/force-app`;

describe('check:deploy', () => {
    describe('sabotage fixture', () => {
        const { status, output } = runGate('scripts/checks/deploy-shape.ts', [BAD]);

        it('fails', () => {
            expect(status).toBe(1);
        });

        it('rejects lwc/__tests__ resolved as an LWC bundle with no files, and its package.xml member', () => {
            expect(output).toContain(
                `${BAD}/main/default/lwc/__tests__ no-files LightningComponentBundle "__tests__" is resolved as a component`
            );
            expect(output).toContain(
                '(deploy zip)/package.xml unbacked-member LightningComponentBundle "__tests__" is named in package.xml but the converted zip has no file for it'
            );
        });

        it('rejects an LWC bundle whose .ts was not built to .js', () => {
            expect(output).toContain(
                `${BAD}/main/default/lwc/unbuilt/unbuilt.js-meta.xml missing-content LWC bundle "unbuilt" would deploy without unbuilt.js (compiled from its .ts by npm run build)`
            );
        });

        it('rejects TypeScript, tests, fixtures and tool configuration that would deploy', () => {
            for (const file of ['labels.ts', 'leaky.test.js', '__fixtures__/record.json', 'jsconfig.json']) {
                expect(output).toContain(`(deploy zip)/lwc/leaky/${file} not-deployable would deploy a`);
            }
        });

        it('does not flag the well-formed bundle or its forceignored tests', () => {
            expect(output).not.toMatch(/okCard/);
            expect(output).toContain('check:deploy: 4 components resolved by SDR, 7 errors');
        });
    });

    it('passes the same layout once .forceignore also hides the __tests__ folder itself', () => {
        const { status, output } = runGate('scripts/checks/deploy-shape.ts', [`${FIX}/good/force-app`]);
        expect(output).toContain('check:deploy: 1 components resolved by SDR, 0 errors');
        expect(status).toBe(0);
    });

    it('reports a component the CLI cannot resolve instead of crashing', () => {
        const { status, output } = runGate('scripts/checks/deploy-shape.ts', [`${FIX}/unresolvable/force-app`]);
        expect(output).toContain('sdr-resolve ExpectedSourceFilesError');
        expect(output).toContain("NoSource.cls-meta.xml: Expected source files for type 'ApexClass'");
        expect(status).toBe(1);
    });
});
