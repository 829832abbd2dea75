import Ajv from 'ajv';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { validateIntegrationConfig } from '../integration/integration-config';
import { validateMappingConfig } from '../mapping/mapping-config';
import { recordValues } from '../mapping/mapping-records';
import { ConfigError } from '../lib/errors';
import { FIXTURE_OBJECTS, readJson, REPO } from './helpers';

const schema = (name: string) => readJson<object>(path.join(REPO, 'config', 'schemas', `${name}.schema.json`));
const config = (name: string) => readJson<Record<string, any>>(path.join(REPO, 'config', `${name}.json`));
const ajv = new Ajv({ allErrors: true, allowUnionTypes: true });

function validatorAccepts(fn: () => unknown): boolean {
    try {
        fn();
        return true;
    } catch (error) {
        if (error instanceof ConfigError) {
            return false;
        }
        throw error;
    }
}

describe('JSON Schemas and the generators agree', () => {
    const mappingSchema = ajv.compile(schema('d365-field-mapping'));
    const integrationSchema = ajv.compile(schema('d365-integration'));
    const base = config('d365-field-mapping');
    const one = { name: 'Account_Name', source: 'Name', target: 'OrganizationName', type: 'string' };

    it('accept the default configs', () => {
        expect(mappingSchema(base)).toBe(true);
        expect(integrationSchema(config('d365-integration'))).toBe(true);
        expect(validatorAccepts(() => validateMappingConfig(base, 'm.json', { objectsDir: FIXTURE_OBJECTS }))).toBe(
            true
        );
        expect(validatorAccepts(() => validateIntegrationConfig(config('d365-integration'), 'i.json'))).toBe(true);
    });

    it.each([
        ['an empty mapping list', { object: 'Account', mappings: [] }],
        ['a name with a double underscore', { object: 'Account', mappings: [{ ...one, name: 'A__B' }] }],
        ['a name with a trailing underscore', { object: 'Account', mappings: [{ ...one, name: 'A_' }] }],
        ['a name of 41 characters', { object: 'Account', mappings: [{ ...one, name: 'A'.repeat(41) }] }],
        ['an unknown type', { object: 'Account', mappings: [{ ...one, type: 'text' }] }],
        ['an unknown property', { object: 'Account', mappings: [{ ...one, maxlength: 3 }] }],
        ['a valueMap on a string mapping', { object: 'Account', mappings: [{ ...one, valueMap: { a: 'b' } }] }],
        [
            'a maxLength on a number mapping',
            { object: 'Account', mappings: [{ ...one, source: 'AnnualRevenue', type: 'number', maxLength: 3 }] }
        ]
    ])('reject %s', (_title, value) => {
        expect(mappingSchema(value)).toBe(false);
        expect(validatorAccepts(() => validateMappingConfig(value, 'm.json', { objectsDir: FIXTURE_OBJECTS }))).toBe(
            false
        );
    });

    it.each([
        ['a consumer secret', (c: Record<string, any>) => (c.externalClientApp.consumerSecret = 'x')],
        ['an unknown IP policy', (c: Record<string, any>) => (c.policies.ipRelaxation = 'Open')],
        ['a session timeout Setup does not offer', (c: Record<string, any>) => (c.policies.sessionTimeoutMinutes = 5)],
        ['another flow', (c: Record<string, any>) => (c.oauth.flow = 'password')]
    ])('reject an integration config with %s', (_title, change) => {
        const value = config('d365-integration');
        change(value);
        expect(integrationSchema(value)).toBe(false);
        expect(validatorAccepts(() => validateIntegrationConfig(value, 'i.json'))).toBe(false);
    });
});

describe('generated records and the CMDT type', () => {
    it('use exactly the fields of D365_Field_Mapping__mdt when the type is in the package', () => {
        const fieldsDir = path.join(
            REPO,
            'force-app',
            'main',
            'default',
            'objects',
            'D365_Field_Mapping__mdt',
            'fields'
        );
        if (!fs.existsSync(fieldsDir)) {
            return; // the metadata part has not delivered the type yet
        }
        const mapping = validateMappingConfig(config('d365-field-mapping'), 'm.json', { objectsDir: FIXTURE_OBJECTS });
        const written = recordValues('Account', mapping.mappings[0])
            .map(([field]) => field)
            .sort();
        const defined = fs
            .readdirSync(fieldsDir)
            .filter((f) => f.endsWith('.field-meta.xml'))
            .map((f) => f.replace('.field-meta.xml', ''))
            .sort();
        expect(written).toEqual(defined);
    });
});

describe('docs/field-mapping.md', () => {
    it('lists every mapping of the default config in its table, in order', () => {
        const doc = fs.readFileSync(path.join(REPO, 'docs', 'field-mapping.md'), 'utf8');
        const rows = [...doc.matchAll(/^\| (\d+) +\| `([^`]+)` +\| `([^`]+)` +\| `([^`]+)` +\|/gm)].map((m) => [
            Number(m[1]),
            m[2],
            m[3],
            m[4]
        ]);
        const expected = (config('d365-field-mapping').mappings as Array<Record<string, string>>).map((m, i) => [
            i + 1,
            m.name,
            m.source,
            m.target
        ]);
        expect(rows).toEqual(expected);
    });
});
