import { checkApexFiles, checkApexSource } from '../apex-syntax';
import { FIXTURES, runGate } from './run-gate';

describe('check:apex', () => {
    it('rejects an Apex class and a trigger with syntax errors, naming file:line:col', () => {
        const { status, output } = runGate('scripts/checks/apex-syntax.ts', [`${FIXTURES}/apex-syntax`]);
        expect(status).toBe(1);
        expect(output).toContain(`${FIXTURES}/apex-syntax/BrokenSyntax.cls:4:9 syntax missing ';' at 'return'`);
        expect(output).toContain(`${FIXTURES}/apex-syntax/BrokenTrigger.trigger:2:34 syntax missing ')' at '{'`);
        expect(output).toMatch(/check:apex: 2 Apex files parsed, 2 errors/);
    });

    it('accepts valid Apex', () => {
        const { files, findings } = checkApexFiles([`${FIXTURES}/metadata/good`]);
        expect(files).toHaveLength(1);
        expect(findings).toEqual([]);
    });

    it('parses triggers with the trigger grammar and classes with the class grammar', () => {
        const trigger = 'trigger T on Account(before insert) {\n    System.debug(1);\n}\n';
        expect(checkApexSource('T.trigger', trigger)).toEqual([]);
        expect(checkApexSource('T.cls', trigger).length).toBeGreaterThan(0);
    });
});
