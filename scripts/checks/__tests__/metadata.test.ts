import { existsSync } from 'node:fs';
import * as path from 'node:path';
import { checkMetadata, expectedRoots, rootElement, schemaDir } from '../metadata';
import { FIXTURES, runGate } from './run-gate';

const BAD = `${FIXTURES}/metadata/bad`;
const schemaPresent = existsSync(path.join(schemaDir(), 'metadata-roots-relaxed.xsd'));

describe('check:meta', () => {
    describe('bad metadata', () => {
        const { status, output } = runGate('scripts/checks/metadata.ts', [BAD]);

        it('fails', () => {
            expect(status).toBe(1);
        });

        it('rejects a root element that does not match the file suffix', () => {
            expect(output).toContain(
                `${BAD}/classes/WrongRoot.cls-meta.xml:2 wrong-root root element <ApexTrigger> but a "WrongRoot.cls-meta.xml" file must have <ApexClass>`
            );
        });

        it('rejects a class without its -meta.xml', () => {
            expect(output).toContain(
                `${BAD}/classes/MissingMeta.cls:1 missing-meta Apex class without MissingMeta.cls-meta.xml`
            );
        });

        it('rejects malformed XML and a missing namespace', () => {
            expect(output).toContain(
                `${BAD}/classes/Malformed.cls-meta.xml:5:1 malformed-xml Expected closing tag 'ApexClass'`
            );
            expect(output).toContain(
                `${BAD}/classes/NoNamespace.cls-meta.xml:2 namespace root element <ApexClass> must declare`
            );
        });

        it('rejects an LWC bundle without its .js', () => {
            expect(output).toContain(`${BAD}/lwc/noJs lwc-bundle LWC bundle without noJs.js`);
        });

        if (schemaPresent) {
            it('rejects an unknown element (schema)', () => {
                expect(output).toContain(
                    `${BAD}/classes/UnknownElement.cls-meta.xml:5 schema Element 'sharingModel': This element is not expected.`
                );
            });

            it('rejects a wrong enum value (schema)', () => {
                expect(output).toContain(
                    `${BAD}/classes/WrongEnum.cls-meta.xml:4 schema Element 'status': [facet 'enumeration'] The value 'Enabled' is not an element of the set`
                );
            });
        } else {
            it('runs without the schema only when told to skip it explicitly', () => {
                expect(process.env.SF_METADATA_SCHEMA).toBe('skip');
                expect(output).toContain('SCHEMA VALIDATION SKIPPED');
            });
        }
    });

    it('accepts valid metadata and converts it with SDR', async () => {
        const result = await checkMetadata([`${FIXTURES}/metadata/good`]);
        expect(result.findings).toEqual([]);
        expect(result.metaFiles).toBe(2);
        expect(result.components).toBe(2);
    });

    it('reports a suffix that neither the registry nor SDR know', async () => {
        const dir = `${FIXTURES}/metadata/unknown-suffix`;
        const { findings } = await checkMetadata([dir]);
        const file = path.resolve(dir, 'widgets/Thing.widget-meta.xml');
        expect(findings).toContainEqual(
            expect.objectContaining({
                file,
                line: 2,
                rule: 'unknown-type',
                message: expect.stringContaining('".widget"')
            })
        );
        expect(findings).toContainEqual(expect.objectContaining({ rule: 'sdr-convert TypeInferenceError' }));
    });

    it('fails with a clear message when the schema folder is missing', async () => {
        const saved = { dir: process.env.SF_METADATA_SCHEMA_DIR, mode: process.env.SF_METADATA_SCHEMA };
        process.env.SF_METADATA_SCHEMA_DIR = '/nonexistent/salesforce-metadata';
        delete process.env.SF_METADATA_SCHEMA;
        try {
            const { findings } = await checkMetadata([`${FIXTURES}/metadata/good`], { convert: false });
            expect(findings).toEqual([
                expect.objectContaining({
                    rule: 'schema-missing',
                    message: expect.stringContaining('Metadata API schema not found')
                })
            ]);
        } finally {
            for (const [key, value] of [
                ['SF_METADATA_SCHEMA_DIR', saved.dir],
                ['SF_METADATA_SCHEMA', saved.mode]
            ] as const) {
                if (value === undefined) delete process.env[key];
                else process.env[key] = value;
            }
        }
    });

    it('knows the expected root of files from the SDR registry', () => {
        expect(expectedRoots('x/objects/A__c/fields/B__c.field-meta.xml')).toEqual(['CustomField']);
        expect(expectedRoots('x/lwc/myCard/myCard.js-meta.xml')).toEqual(['LightningComponentBundle']);
        expect(expectedRoots('x/settings/Account.settings-meta.xml')).toEqual(['AccountSettings']);
        expect(expectedRoots('x/namedCredentials/N.namedCredential-meta.xml')).toEqual(['NamedCredential']);
        expect(rootElement('<?xml version="1.0"?>\n<!-- c -->\n<ApexClass xmlns="urn:x"/>')).toEqual({
            name: 'ApexClass',
            namespace: 'urn:x'
        });
    });
});
