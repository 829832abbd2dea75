import * as fs from 'node:fs';
import * as path from 'node:path';
import { main } from '../mapping/main';
import { MAPPING_MARKER } from '../mapping/mapping-records';
import {
    captureIo,
    cleanupTempDirs,
    expectGolden,
    FIXTURE_OBJECTS,
    listFiles,
    readJson,
    REPO,
    SECRET_PATTERNS,
    tempDir,
    writeJson,
    xmllint
} from './helpers';

afterAll(cleanupTempDirs);

const DEFAULT_CONFIG = path.join(REPO, 'config', 'd365-field-mapping.json');

interface MappingJson {
    object: string;
    mappings: Array<Record<string, unknown>>;
}

async function generate(args: string[]) {
    const io = captureIo();
    const code = await main(['--objects-dir', FIXTURE_OBJECTS, ...args], io);
    return { code, io };
}

/** Writes a config with the given mappings and runs the generator into a fresh folder. */
async function runWith(mappings: unknown, extra: Record<string, unknown> = {}) {
    const dir = tempDir('mapping-');
    const config = writeJson(path.join(dir, 'mapping.json'), { object: 'Account', mappings, ...extra });
    const out = path.join(dir, 'out');
    const result = await generate(['--config', config, '--out', out]);
    return { ...result, dir, out, config };
}

const valid = { name: 'Account_Name', source: 'Name', target: 'OrganizationName', type: 'string', required: true };

describe('mapping:generate with the default config', () => {
    let out: string;
    let first: Awaited<ReturnType<typeof generate>>;

    beforeAll(async () => {
        out = path.join(tempDir('mapping-default-'), 'out');
        first = await generate(['--out', out]);
    });

    it('writes one record per mapping and exits 0', () => {
        const mappings = readJson<MappingJson>(DEFAULT_CONFIG).mappings;
        expect(first.code).toBe(0);
        expect(listFiles(path.join(out, 'customMetadata'))).toEqual(
            mappings.map((m) => `D365_Field_Mapping.${String(m.name)}.md-meta.xml`).sort()
        );
    });

    it('matches the golden output', () => {
        expectGolden(out, 'mapping-default');
    });

    it('writes every data-model field, Sort_Order__c from array order and Active__c true', () => {
        const record = fs.readFileSync(
            path.join(out, 'customMetadata', 'D365_Field_Mapping.Billing_City.md-meta.xml'),
            'utf8'
        );
        for (const field of [
            'Object__c',
            'Source_Field__c',
            'Target_Property__c',
            'Data_Type__c',
            'Required__c',
            'Default_Value__c',
            'Max_Length__c',
            'Value_Map__c',
            'Sort_Order__c',
            'Active__c'
        ]) {
            expect(record).toContain(`<field>${field}</field>`);
        }
        const index = readJson<MappingJson>(DEFAULT_CONFIG).mappings.findIndex((m) => m.name === 'Billing_City');
        expect(record).toMatch(
            new RegExp(`<field>Sort_Order__c</field>\\s*<value xsi:type="xsd:double">${index + 1}\\.0</value>`)
        );
        expect(record).toMatch(/<field>Active__c<\/field>\s*<value xsi:type="xsd:boolean">true<\/value>/);
        expect(record).toMatch(/<field>Default_Value__c<\/field>\s*<value xsi:nil="true"\/>/);
        expect(record).toContain(MAPPING_MARKER);
    });

    it('does not make CustomerAccount required (empty until D365 answers the first push)', () => {
        const record = fs.readFileSync(
            path.join(out, 'customMetadata', 'D365_Field_Mapping.Account_Number.md-meta.xml'),
            'utf8'
        );
        expect(record).toMatch(
            /<field>Target_Property__c<\/field>\s*<value xsi:type="xsd:string">CustomerAccount<\/value>/
        );
        expect(record).toMatch(/<field>Required__c<\/field>\s*<value xsi:type="xsd:boolean">false<\/value>/);
    });

    it('writes XML that validates against the relaxed Metadata API schema', () => {
        const files = listFiles(out).map((f) => path.join(out, f));
        const result = xmllint(files);
        expect(result.output).toBe('');
        expect(result.ok).toBe(true);
    });

    it('is idempotent: a second run changes nothing', async () => {
        const before = listFiles(out).map((f) => fs.statSync(path.join(out, f)).mtimeMs);
        const second = await generate(['--out', out]);
        expect(second.code).toBe(0);
        expect(second.io.stdout.join('\n')).toContain('0 changes');
        expect(listFiles(out).map((f) => fs.statSync(path.join(out, f)).mtimeMs)).toEqual(before);
    });

    it('passes --check right after generating', async () => {
        const check = await generate(['--out', out, '--check']);
        expect(check.io.stderr.join('\n')).toBe('');
        expect(check.code).toBe(0);
    });

    it('contains no secret-looking value', () => {
        for (const file of listFiles(out)) {
            const text = fs.readFileSync(path.join(out, file), 'utf8');
            SECRET_PATTERNS.forEach((pattern) => expect(text).not.toMatch(pattern));
        }
    });

    it('validates the default config against the Account fields in force-app once they exist', async () => {
        const realObjects = path.join(REPO, 'force-app', 'main', 'default', 'objects');
        if (!fs.existsSync(path.join(realObjects, 'Account', 'fields', 'D365_Account_Number__c.field-meta.xml'))) {
            // The metadata part has not delivered the Account fields yet; the fixture run above covers the contract.
            return;
        }
        const io = captureIo();
        const code = await main(['--objects-dir', realObjects, '--out', path.join(tempDir(), 'out')], io);
        expect(io.stderr.filter((l) => !l.startsWith('warning')).join('\n')).toBe('');
        expect(code).toBe(0);
    });
});

describe('mapping:generate --check', () => {
    it('exits 3 and names the file when a committed record was edited by hand', async () => {
        const run = await runWith([valid]);
        const file = path.join(run.out, 'customMetadata', 'D365_Field_Mapping.Account_Name.md-meta.xml');
        fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('OrganizationName', 'Name'));
        const check = await generate(['--config', run.config, '--out', run.out, '--check']);
        expect(check.code).toBe(3);
        expect(check.io.stderr.join('\n')).toMatch(/differs .*D365_Field_Mapping\.Account_Name\.md-meta\.xml/);
        expect(fs.readFileSync(file, 'utf8')).toContain('<value xsi:type="xsd:string">Name</value>');
    });

    it('exits 3 when a record is missing or stale, and changes nothing', async () => {
        const run = await runWith([
            valid,
            { name: 'City', source: 'BillingCity', target: 'AddressCity', type: 'string' }
        ]);
        writeJson(run.config, {
            object: 'Account',
            mappings: [valid, { name: 'Phone', source: 'Phone', target: 'PrimaryContactPhone', type: 'string' }]
        });
        const before = listFiles(run.out);
        const check = await generate(['--config', run.config, '--out', run.out, '--check']);
        expect(check.code).toBe(3);
        const text = check.io.stderr.join('\n');
        expect(text).toMatch(/missing .*D365_Field_Mapping\.Phone\.md-meta\.xml/);
        expect(text).toMatch(/stale .*D365_Field_Mapping\.City\.md-meta\.xml/);
        expect(listFiles(run.out)).toEqual(before);
    });
});

describe('mapping:generate ownership of records', () => {
    it('removes records it generated earlier that are no longer configured, and never others', async () => {
        const run = await runWith([
            valid,
            { name: 'City', source: 'BillingCity', target: 'AddressCity', type: 'string' }
        ]);
        const dir = path.join(run.out, 'customMetadata');
        const handWritten = path.join(dir, 'D365_Field_Mapping.Hand_Made.md-meta.xml');
        fs.writeFileSync(
            handWritten,
            '<?xml version="1.0" encoding="UTF-8"?>\n<CustomMetadata xmlns="http://soap.sforce.com/2006/04/metadata"/>\n'
        );
        const otherType = path.join(dir, 'D365_Sync_Setting.Default.md-meta.xml');
        fs.writeFileSync(otherType, `<!-- ${MAPPING_MARKER} (quoted, other type) -->\n`);

        writeJson(run.config, { object: 'Account', mappings: [valid] });
        const second = await generate(['--config', run.config, '--out', run.out]);
        expect(second.code).toBe(0);
        expect(second.io.stdout.join('\n')).toMatch(/deleted .*D365_Field_Mapping\.City\.md-meta\.xml/);
        expect(listFiles(dir)).toEqual([
            'D365_Field_Mapping.Account_Name.md-meta.xml',
            'D365_Field_Mapping.Hand_Made.md-meta.xml',
            'D365_Sync_Setting.Default.md-meta.xml'
        ]);
    });

    it('refuses to overwrite a record it did not write', async () => {
        const dir = tempDir('mapping-own-');
        const out = path.join(dir, 'out');
        fs.mkdirSync(path.join(out, 'customMetadata'), { recursive: true });
        const foreign = path.join(out, 'customMetadata', 'D365_Field_Mapping.Account_Name.md-meta.xml');
        fs.writeFileSync(foreign, 'hand-written\n');
        const config = writeJson(path.join(dir, 'm.json'), { object: 'Account', mappings: [valid] });
        const run = await generate(['--config', config, '--out', out]);
        expect(run.code).toBe(1);
        expect(run.io.stderr.join('\n')).toContain('was not written by this generator');
        expect(fs.readFileSync(foreign, 'utf8')).toBe('hand-written\n');
    });
});

describe('mapping config validation', () => {
    const cases: Array<{ title: string; mappings: unknown; path: string; message: string; hint?: string }> = [
        {
            title: 'unknown source field, with a suggestion',
            mappings: [{ ...valid, source: 'BilingCity', target: 'AddressCity' }],
            path: '$.mappings[0].source',
            message: 'unknown field "BilingCity" on Account',
            hint: 'did you mean "BillingCity"?'
        },
        {
            title: 'type incompatible with the field type',
            mappings: [{ name: 'Phone', source: 'Phone', target: 'PrimaryContactPhone', type: 'number' }],
            path: '$.mappings[0].type',
            message: 'type "number" does not fit Account.Phone, which is a phone field',
            hint: 'use "type": "string"'
        },
        {
            title: 'boolean mapping on a datetime custom field',
            mappings: [{ name: 'Synced', source: 'D365_Last_Synced__c', target: 'Synced', type: 'boolean' }],
            path: '$.mappings[0].type',
            message: 'does not fit Account.D365_Last_Synced__c, which is a datetime field',
            hint: 'use "type": "datetime"'
        },
        {
            title: 'duplicate target',
            mappings: [valid, { name: 'Alias', source: 'Site', target: 'OrganizationName', type: 'string' }],
            path: '$.mappings[1].target',
            message: 'duplicate target "OrganizationName" (also mapped by $.mappings[0])'
        },
        {
            title: 'duplicate name, ignoring case',
            mappings: [valid, { name: 'account_name', source: 'Site', target: 'NameAlias', type: 'string' }],
            path: '$.mappings[1].name',
            message: 'duplicate name "account_name" (also used by $.mappings[0])'
        },
        {
            title: 'name starting with a digit',
            mappings: [{ ...valid, name: '1st_Name' }],
            path: '$.mappings[0].name',
            message: '"1st_Name" is not a valid Custom Metadata record name: it must start with a letter'
        },
        {
            title: 'name with a double underscore',
            mappings: [{ ...valid, name: 'Account__Name' }],
            path: '$.mappings[0].name',
            message: 'must not contain two consecutive underscores',
            hint: 'e.g. "Account_Name"'
        },
        {
            title: 'name with a trailing underscore',
            mappings: [{ ...valid, name: 'Account_Name_' }],
            path: '$.mappings[0].name',
            message: 'must not end with an underscore'
        },
        {
            title: 'name with other characters',
            mappings: [{ ...valid, name: 'Account-Name' }],
            path: '$.mappings[0].name',
            message: 'may contain only letters, digits and underscores'
        },
        {
            title: 'name longer than 40 characters',
            mappings: [{ ...valid, name: 'A'.repeat(41) }],
            path: '$.mappings[0].name',
            message: 'is 41 characters long (at most 40)'
        },
        {
            title: 'empty mapping list',
            mappings: [],
            path: '$.mappings',
            message: 'is empty: the config maps no field'
        },
        {
            title: 'D365_Account_Number__c marked required',
            mappings: [
                {
                    name: 'Number',
                    source: 'D365_Account_Number__c',
                    target: 'CustomerAccount',
                    type: 'string',
                    required: true
                }
            ],
            path: '$.mappings[0].required',
            message: 'D365_Account_Number__c must not be required: it stays empty until D365 answers the first push'
        },
        {
            title: 'unknown property, with a suggestion',
            mappings: [{ ...valid, maxlength: 10 }],
            path: '$.mappings[0].maxlength',
            message: 'unknown property "maxlength"',
            hint: 'did you mean "maxLength"?'
        },
        {
            title: 'unknown type',
            mappings: [{ ...valid, type: 'text' }],
            path: '$.mappings[0].type',
            message: '"text" is not a mapping type'
        },
        {
            title: 'valueMap on a string mapping',
            mappings: [{ ...valid, valueMap: { A: 'B' } }],
            path: '$.mappings[0].valueMap',
            message: 'applies only to "picklist" mappings, not "string"'
        },
        {
            title: 'default that does not fit the type',
            mappings: [
                { name: 'Employees', source: 'NumberOfEmployees', target: 'Employees', type: 'number', default: 'ten' }
            ],
            path: '$.mappings[0].default',
            message: 'default "ten" does not fit type "number"'
        },
        {
            title: 'maxLength on a number mapping',
            mappings: [{ name: 'Revenue', source: 'AnnualRevenue', target: 'Revenue', type: 'number', maxLength: 5 }],
            path: '$.mappings[0].maxLength',
            message: 'applies only to "string" and "picklist" mappings'
        },
        {
            title: 'unknown owner, naming entry and field, with a suggestion',
            mappings: [{ ...valid, owner: 'dynamics' }],
            path: '$.mappings[0].owner',
            message: '"dynamics" is not an owner (entry "Account_Name", field Account.Name)',
            hint: 'one of: salesforce, d365, both'
        },
        {
            title: 'owner with a typo',
            mappings: [{ ...valid, owner: 'bth' }],
            path: '$.mappings[0].owner',
            message: '"bth" is not an owner',
            hint: 'did you mean "both"?'
        },
        {
            title: 'owner that is not a string',
            mappings: [{ ...valid, owner: true }],
            path: '$.mappings[0].owner',
            message: 'true is not an owner'
        },
        {
            title: 'D365 owning a field Salesforce cannot write (formula)',
            mappings: [
                { name: 'Score', source: 'Credit_Score__c', target: 'CreditRating', type: 'number', owner: 'd365' }
            ],
            path: '$.mappings[0].owner',
            message:
                'Account.Credit_Score__c is read-only in Salesforce, so D365 cannot write it (owner "d365", entry "Score")',
            hint: 'use "owner": "salesforce"'
        },
        {
            title: 'missing target',
            mappings: [{ name: 'City', source: 'BillingCity', type: 'string' }],
            path: '$.mappings[0].target',
            message: 'is missing'
        }
    ];

    it.each(cases)('reports $title', async ({ mappings, path: jsonPath, message, hint }) => {
        const run = await runWith(mappings);
        const text = run.io.stderr.join('\n');
        expect(run.code).toBe(1);
        expect(text).toContain(`mapping.json: ${jsonPath}: `);
        expect(text).toContain(message);
        if (hint) {
            expect(text).toMatch(/\n    hint: /);
            expect(text).toContain(hint);
        }
        expect(listFiles(run.out)).toEqual([]);
    });

    it('reports every problem of a config at once', async () => {
        const run = await runWith([
            { ...valid, source: 'Nope__c' },
            { ...valid, name: 'Bad__Name', target: 'X' }
        ]);
        expect(run.code).toBe(1);
        expect(run.io.stderr[0]).toMatch(/Invalid configuration \(\d+ problems\)/);
        expect(run.io.stderr.join('\n')).toContain('$.mappings[0].source');
        expect(run.io.stderr.join('\n')).toContain('$.mappings[1].name');
    });

    it('reports malformed JSON with file, line and column', async () => {
        const dir = tempDir('mapping-json-');
        const file = path.join(dir, 'broken.json');
        fs.writeFileSync(
            file,
            '{\n  "object": "Account",\n  "mappings": [\n    { "name": "A" "source": "Name" }\n  ]\n}\n'
        );
        const run = await generate(['--config', file, '--out', path.join(dir, 'out')]);
        expect(run.code).toBe(1);
        expect(run.io.stderr.join('\n')).toMatch(/broken\.json:4:19: \$: malformed JSON/);
    });

    it('reports an empty file and a missing file as invalid config', async () => {
        const dir = tempDir('mapping-empty-');
        const empty = path.join(dir, 'empty.json');
        fs.writeFileSync(empty, '  \n');
        const emptyRun = await generate(['--config', empty, '--out', path.join(dir, 'out')]);
        expect(emptyRun.code).toBe(1);
        expect(emptyRun.io.stderr.join('\n')).toContain('the file is empty');
        const missingRun = await generate(['--config', path.join(dir, 'nope.json'), '--out', path.join(dir, 'out')]);
        expect(missingRun.code).toBe(1);
        expect(missingRun.io.stderr.join('\n')).toContain('file not found');
    });

    it('accepts custom fields from the package, picklist value maps and defaults', async () => {
        const run = await runWith([
            valid,
            {
                name: 'Status',
                source: 'D365_Approval_Status__c',
                target: 'Status',
                type: 'picklist',
                valueMap: { Approved: 'Yes', Rejected: 'No' },
                default: 'No'
            },
            { name: 'Employees', source: 'NumberOfEmployees', target: 'Employees', type: 'number', default: 0 }
        ]);
        expect(run.io.stderr.join('\n')).toBe('');
        expect(run.code).toBe(0);
        const status = fs.readFileSync(
            path.join(run.out, 'customMetadata', 'D365_Field_Mapping.Status.md-meta.xml'),
            'utf8'
        );
        expect(status).toContain(
            '<value xsi:type="xsd:string">{&quot;Approved&quot;:&quot;Yes&quot;,&quot;Rejected&quot;:&quot;No&quot;}</value>'
        );
        expect(status).toMatch(/<field>Default_Value__c<\/field>\s*<value xsi:type="xsd:string">No<\/value>/);
        const employees = fs.readFileSync(
            path.join(run.out, 'customMetadata', 'D365_Field_Mapping.Employees.md-meta.xml'),
            'utf8'
        );
        expect(employees).toMatch(/<field>Default_Value__c<\/field>\s*<value xsi:type="xsd:string">0<\/value>/);
        expect(xmllint(listFiles(run.out).map((f) => path.join(run.out, f))).ok).toBe(true);
    });

    it('warns about value-map keys that are not picklist values', async () => {
        const run = await runWith([
            {
                name: 'Status',
                source: 'D365_Approval_Status__c',
                target: 'Status',
                type: 'picklist',
                valueMap: { Aproved: 'Yes' }
            }
        ]);
        expect(run.code).toBe(0);
        expect(run.io.stderr.join('\n')).toContain('warning:');
        expect(run.io.stderr.join('\n')).toContain('Aproved');
    });
});

describe('mapping:generate field ownership (Owner__c)', () => {
    const ownerOf = (record: string) =>
        /<field>Owner__c<\/field>\s*<value xsi:type="xsd:string">([^<]*)<\/value>/.exec(record)?.[1];

    it('writes the owner of each entry, and salesforce for an entry without owner', async () => {
        const run = await runWith([
            valid,
            { name: 'Fax', source: 'Fax', target: 'PrimaryContactFax', type: 'string', owner: 'd365' },
            { name: 'Phone', source: 'Phone', target: 'PrimaryContactPhone', type: 'string', owner: 'both' }
        ]);
        expect(run.code).toBe(0);
        const record = (name: string) =>
            fs.readFileSync(path.join(run.out, 'customMetadata', `D365_Field_Mapping.${name}.md-meta.xml`), 'utf8');
        expect(ownerOf(record('Account_Name'))).toBe('salesforce');
        expect(ownerOf(record('Fax'))).toBe('d365');
        expect(ownerOf(record('Phone'))).toBe('both');
    });

    it('ships an explicit owner on every entry of the default config', () => {
        for (const m of readJson<MappingJson>(DEFAULT_CONFIG).mappings) {
            expect(['salesforce', 'd365', 'both']).toContain(m.owner);
        }
    });
});

describe('mapping:generate usage', () => {
    it('exits 2 on an unknown option', async () => {
        const run = await generate(['--frobnicate']);
        expect(run.code).toBe(2);
        expect(run.io.stderr.join('\n')).toContain("Unknown option '--frobnicate'");
        expect(run.io.stderr.join('\n')).toContain('Usage: npm run mapping:generate');
    });

    it('exits 2 when an option lacks its value', async () => {
        const run = await generate(['--config']);
        expect(run.code).toBe(2);
    });

    it('prints help and exits 0', async () => {
        const run = await generate(['--help']);
        expect(run.code).toBe(0);
        expect(run.io.stdout.join('\n')).toContain('--check');
    });
});
