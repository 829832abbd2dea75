import * as fs from 'node:fs';
import * as path from 'node:path';
import { parse } from 'yaml';
import { main } from '../integration/main';
import { INTEGRATION_MARKER } from '../integration/integration-plan-common';
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

const DEFAULT_CONFIG = path.join(REPO, 'config', 'd365-integration.json');
const DEFAULT_MAPPING = path.join(REPO, 'config', 'd365-field-mapping.json');

interface Dirs {
    root: string;
    out: string;
    docs: string;
}

function dirs(prefix: string): Dirs {
    const root = tempDir(prefix);
    return { root, out: path.join(root, 'force-app'), docs: path.join(root, 'docs') };
}

async function generate(d: Dirs, args: string[] = []) {
    const io = captureIo();
    const code = await main(['--objects-dir', FIXTURE_OBJECTS, '--out', d.out, '--docs-dir', d.docs, ...args], io);
    return { code, io };
}

/** An integration config in a temp folder pointing at a mapping config written next to it. */
function configWith(d: Dirs, change: (config: Record<string, any>) => void, mapping?: unknown): string {
    const config = readJson<Record<string, any>>(DEFAULT_CONFIG);
    if (mapping) {
        config.mappingConfig = writeJson(path.join(d.root, 'mapping.json'), mapping);
    }
    change(config);
    return writeJson(path.join(d.root, 'integration.json'), config);
}

function read(file: string): string {
    return fs.readFileSync(file, 'utf8');
}

describe('integration:generate splits admin-owned parts from what every deploy overwrites', () => {
    // The run-as user / client-credentials switch (OAuth policies) and the global OAuth settings are set by the
    // admin after the first install: a redeploy of force-app must not reset them (docs/metadata.md).
    it('writes the OAuth policies and global OAuth settings into --first-install-out, the rest into --out', async () => {
        const d = dirs('integration-split-');
        const firstInstall = path.join(d.root, 'first-install');
        const { code } = await generate(d, ['--first-install-out', firstInstall]);
        expect(code).toBe(0);
        expect(listFiles(firstInstall)).toEqual([
            'extlClntAppGlobalOauthSets/D365_Sync_Inbound_glbloauth.ecaGlblOauth-meta.xml',
            'extlClntAppOauthPolicies/D365_Sync_Inbound_oauthPlcy.ecaOauthPlcy-meta.xml'
        ]);
        expect(listFiles(d.out)).toEqual([
            'externalClientApps/D365_Sync_Inbound.eca-meta.xml',
            'extlClntAppOauthSettings/D365_Sync_Inbound_oauth.ecaOauth-meta.xml',
            'extlClntAppPolicies/D365_Sync_Inbound_plcy.ecaPlcy-meta.xml',
            'permissionsets/D365_Sync_Integration.permissionset-meta.xml'
        ]);
        expect((await generate(d, ['--first-install-out', firstInstall, '--check'])).code).toBe(0);
    });
});

describe('integration:generate with the default configs', () => {
    const d = dirs('integration-default-');
    let first: Awaited<ReturnType<typeof generate>>;

    beforeAll(async () => {
        first = await generate(d);
    });

    it('writes the External Client App, the permission set and both documents', () => {
        expect(first.code).toBe(0);
        expect(listFiles(d.out)).toEqual([
            'externalClientApps/D365_Sync_Inbound.eca-meta.xml',
            'extlClntAppGlobalOauthSets/D365_Sync_Inbound_glbloauth.ecaGlblOauth-meta.xml',
            'extlClntAppOauthPolicies/D365_Sync_Inbound_oauthPlcy.ecaOauthPlcy-meta.xml',
            'extlClntAppOauthSettings/D365_Sync_Inbound_oauth.ecaOauth-meta.xml',
            'extlClntAppPolicies/D365_Sync_Inbound_plcy.ecaPlcy-meta.xml',
            'permissionsets/D365_Sync_Integration.permissionset-meta.xml'
        ]);
        expect(listFiles(d.docs)).toEqual(['d365-handoff.md', 'openapi/d365-inbound.openapi.yaml']);
    });

    it('matches the golden output', () => {
        expectGolden(d.root, 'integration-default');
    });

    it('writes XML that validates against the relaxed Metadata API schema', () => {
        const result = xmllint(listFiles(d.out).map((f) => path.join(d.out, f)));
        expect(result.output).toBe('');
        expect(result.ok).toBe(true);
    });

    it('never writes a consumer key, consumer secret, password or token', () => {
        for (const file of [
            ...listFiles(d.out).map((f) => path.join(d.out, f)),
            ...listFiles(d.docs).map((f) => path.join(d.docs, f))
        ]) {
            const text = read(file);
            SECRET_PATTERNS.forEach((pattern) =>
                expect({ file, match: pattern.test(text) }).toEqual({ file, match: false })
            );
        }
        expect(first.io.text()).not.toMatch(/secret=|<consumer/i);
    });

    it('configures the client-credentials flow, Api scope and pre-authorisation by the permission set', () => {
        const global = read(
            path.join(d.out, 'extlClntAppGlobalOauthSets/D365_Sync_Inbound_glbloauth.ecaGlblOauth-meta.xml')
        );
        expect(global).toContain('<isClientCredentialsFlowEnabled>true</isClientCredentialsFlowEnabled>');
        const settings = read(path.join(d.out, 'extlClntAppOauthSettings/D365_Sync_Inbound_oauth.ecaOauth-meta.xml'));
        expect(settings).toContain('<commaSeparatedOauthScopes>Api</commaSeparatedOauthScopes>');
        const policy = read(
            path.join(d.out, 'extlClntAppOauthPolicies/D365_Sync_Inbound_oauthPlcy.ecaOauthPlcy-meta.xml')
        );
        expect(policy).toContain('<permittedUsersPolicyType>AdminApprovedPreAuthorized</permittedUsersPolicyType>');
        expect(policy).toContain('<commaSeparatedPermissionSet>D365_Sync_Integration</commaSeparatedPermissionSet>');
        // No run-as user in the default config: no user element, flow off until the admin picks the user.
        expect(policy).not.toContain('clientCredentialsFlowUser');
        expect(policy).toContain('<isClientCredentialsFlowEnabled>false</isClientCredentialsFlowEnabled>');
        expect(first.io.stderr.join('\n')).toContain('runAsUsername is empty');
    });

    it('grants API Only, the integration custom permission and FLS on the mapped fields', () => {
        const ps = read(path.join(d.out, 'permissionsets/D365_Sync_Integration.permissionset-meta.xml'));
        expect(ps).toMatch(/<userPermissions>\s*<enabled>true<\/enabled>\s*<name>ApiUserOnly<\/name>/);
        expect(ps).toMatch(/<customPermissions>\s*<enabled>true<\/enabled>\s*<name>D365_Sync_Integration_User<\/name>/);
        expect(ps).toMatch(
            /<allowCreate>false<\/allowCreate>[\s\S]*<allowEdit>true<\/allowEdit>\s*<allowRead>true<\/allowRead>[\s\S]*<object>Account<\/object>/
        );
        const grants = [
            ...ps.matchAll(/<editable>(true|false)<\/editable>\s*<field>([^<]+)<\/field>\s*<readable>true<\/readable>/g)
        ].map((m) => `${m[2]}:${m[1] === 'true' ? 'edit' : 'read'}`);
        // Name is required (no FLS, owner salesforce: the trigger guards it); address components share
        // Account.BillingAddress; the shipped mapping shares address, phone, fax and website (owner both) and gives
        // D365 its key (owner d365); D365 writes its change time, reads the Salesforce edit stamp.
        expect(grants).toEqual([
            'Account.BillingAddress:edit',
            'Account.D365_Account_Number__c:edit',
            'Account.D365_Modified_At__c:edit',
            'Account.D365_SF_Modified_At__c:read',
            'Account.Fax:edit',
            'Account.Phone:edit',
            'Account.Website:edit'
        ]);
    });

    it('describes in the OpenAPI document exactly the writable mapped fields, with resolvable references', () => {
        const doc = parse(read(path.join(d.docs, 'openapi/d365-inbound.openapi.yaml'))) as Record<string, any>;
        expect(doc.openapi).toBe('3.0.3');
        const mapping = readJson<{ mappings: Array<{ source: string; owner?: string }> }>(DEFAULT_MAPPING);
        // only what D365 may write: owner d365 or both (the key travels in the URL), plus D365's change time
        const expected = mapping.mappings
            .filter((m) => m.owner === 'd365' || m.owner === 'both')
            .map((m) => m.source)
            .filter((s) => s !== 'D365_Account_Number__c');
        expect(expected.length).toBeGreaterThan(0);
        expect(Object.keys(doc.components.schemas.AccountFields.properties)).toEqual([
            ...expected,
            'D365_Modified_At__c'
        ]);
        expect(Object.keys(doc.paths)).toEqual([
            '/services/oauth2/token',
            '/services/data/v66.0/sobjects/Account/D365_Account_Number__c/{customerAccount}',
            '/services/data/v66.0/composite/sobjects/Account/D365_Account_Number__c'
        ]);
        const upsert =
            doc.paths['/services/data/v66.0/sobjects/Account/D365_Account_Number__c/{customerAccount}'].patch;
        expect(Object.keys(upsert.responses)).toEqual(
            expect.arrayContaining(['200', '201', '204', '300', '400', '401'])
        );
        const records = doc.components.schemas.AccountCollection.properties.records;
        expect(records.maxItems).toBe(200);
        const refs = JSON.stringify(doc).match(/#\/components\/schemas\/[A-Za-z]+/g) ?? [];
        for (const ref of refs) {
            expect(doc.components.schemas).toHaveProperty(ref.split('/').pop() as string);
        }
    });

    it('lists the same fields in the hand-off table as in the OpenAPI document', () => {
        const handoff = read(path.join(d.docs, 'd365-handoff.md'));
        const doc = parse(read(path.join(d.docs, 'openapi/d365-inbound.openapi.yaml'))) as Record<string, any>;
        for (const [field, schema] of Object.entries<Record<string, string>>(
            doc.components.schemas.AccountFields.properties
        )) {
            const d365 = /D365 `([^`]+)`/.exec(schema.description)?.[1];
            expect(handoff).toMatch(new RegExp(`\\| \`${d365}\` +\\| \`${field}\` +\\|`));
        }
        expect(handoff).toContain(
            'PATCH https://your-domain.my.salesforce.com/services/data/v66.0/sobjects/Account/D365_Account_Number__c/<CustomerAccount>'
        );
        expect(handoff).toContain('At most **200 records**');
        expect(handoff).toContain(INTEGRATION_MARKER);
    });

    it('is idempotent and passes --check', async () => {
        const second = await generate(d);
        expect(second.code).toBe(0);
        expect(second.io.stdout.join('\n')).toContain('0 changes');
        const check = await generate(d, ['--check']);
        expect(check.code).toBe(0);
    });

    it('detects drift with --check and changes nothing', async () => {
        const ps = path.join(d.out, 'permissionsets/D365_Sync_Integration.permissionset-meta.xml');
        const original = read(ps);
        fs.writeFileSync(ps, original.replace('<allowCreate>false</allowCreate>', '<allowCreate>true</allowCreate>'));
        const check = await generate(d, ['--check']);
        expect(check.code).toBe(3);
        expect(check.io.stderr.join('\n')).toMatch(/differs .*D365_Sync_Integration\.permissionset-meta\.xml/);
        expect(read(ps)).toContain('<allowCreate>true</allowCreate>');
        await generate(d);
        expect(read(ps)).toBe(original);
    });
});

describe('integration:generate follows the mapping config', () => {
    it('grants read-only access to a formula field, skips required fields, and adds it to the documents', async () => {
        const d = dirs('integration-mapping-');
        const config = configWith(d, () => undefined, {
            object: 'Account',
            mappings: [
                {
                    name: 'Account_Name',
                    source: 'Name',
                    target: 'OrganizationName',
                    type: 'string',
                    owner: 'd365',
                    required: true
                },
                { name: 'Score', source: 'Credit_Score__c', target: 'CreditRating', type: 'number' },
                { name: 'Region', source: 'Region_Code__c', target: 'SalesDistrict', type: 'string', owner: 'both' },
                {
                    name: 'Shipping_City',
                    source: 'ShippingCity',
                    target: 'DeliveryAddressCity',
                    type: 'string',
                    owner: 'd365'
                }
            ]
        });
        const run = await generate(d, ['--config', config]);
        expect(run.io.stderr.filter((l) => !l.startsWith('note')).join('\n')).toBe('');
        expect(run.code).toBe(0);
        const ps = read(path.join(d.out, 'permissionsets/D365_Sync_Integration.permissionset-meta.xml'));
        expect(ps).toMatch(
            /<editable>false<\/editable>\s*<field>Account\.Credit_Score__c<\/field>\s*<readable>true<\/readable>/
        );
        expect(ps).toMatch(/<editable>true<\/editable>\s*<field>Account\.ShippingAddress<\/field>/);
        expect(ps).not.toContain('Region_Code__c');
        const doc = parse(read(path.join(d.docs, 'openapi/d365-inbound.openapi.yaml'))) as Record<string, any>;
        expect(Object.keys(doc.components.schemas.AccountFields.properties)).toEqual([
            'Name',
            'Region_Code__c',
            'ShippingCity',
            'D365_Modified_At__c'
        ]);
        const handoff = read(path.join(d.docs, 'd365-handoff.md'));
        expect(handoff).toMatch(
            /\| `CreditRating` +\| `Credit_Score__c` +\| number +\| Salesforce +\| read-only in Salesforce — do not send +\|/
        );
    });

    it('writes a legacy Connected App only with --legacy-connected-app, and removes it again without', async () => {
        const d = dirs('integration-legacy-');
        const config = configWith(d, (c) => (c.oauth.runAsUsername = 'd365.integration@example.com.invalid'));
        const withApp = await generate(d, ['--config', config, '--legacy-connected-app']);
        expect(withApp.code).toBe(0);
        expect(withApp.io.stderr.join('\n')).toContain('Connected App creation is blocked');
        const file = path.join(d.out, 'connectedApps/D365_Sync_Inbound_Legacy.connectedApp-meta.xml');
        const app = read(file);
        expect(app).toContain('<isClientCredentialEnabled>true</isClientCredentialEnabled>');
        expect(app).toContain(
            '<oauthClientCredentialUser>d365.integration@example.com.invalid</oauthClientCredentialUser>'
        );
        expect(app).toContain('<scopes>Api</scopes>');
        expect(app).not.toMatch(/consumer(Key|Secret)/);
        expect(xmllint([file]).ok).toBe(true);
        const policy = read(
            path.join(d.out, 'extlClntAppOauthPolicies/D365_Sync_Inbound_oauthPlcy.ecaOauthPlcy-meta.xml')
        );
        expect(policy).toContain(
            '<clientCredentialsFlowUser>d365.integration@example.com.invalid</clientCredentialsFlowUser>'
        );
        expect(policy).toContain('<isClientCredentialsFlowEnabled>true</isClientCredentialsFlowEnabled>');

        const check = await generate(d, ['--config', config, '--check']);
        expect(check.code).toBe(3);
        expect(check.io.stderr.join('\n')).toMatch(/stale .*D365_Sync_Inbound_Legacy\.connectedApp-meta\.xml/);
        const without = await generate(d, ['--config', config]);
        expect(without.code).toBe(0);
        expect(fs.existsSync(file)).toBe(false);
    });

    it('fails with the mapping error when the mapping config is invalid', async () => {
        const d = dirs('integration-badmap-');
        const config = configWith(d, () => undefined, {
            object: 'Account',
            mappings: [{ name: 'X', source: 'Nope__c', target: 'X', type: 'string' }]
        });
        const run = await generate(d, ['--config', config]);
        expect(run.code).toBe(1);
        expect(run.io.stderr.join('\n')).toContain('$.mappings[0].source: unknown field "Nope__c" on Account');
        expect(listFiles(d.root).filter((f) => !f.endsWith('.json'))).toEqual([]);
    });
});

describe('integration:generate turns field ownership into permissions and documents', () => {
    const ownership = {
        object: 'Account',
        mappings: [
            { name: 'Phone', source: 'Phone', target: 'PrimaryContactPhone', type: 'string', owner: 'salesforce' },
            { name: 'Fax', source: 'Fax', target: 'PrimaryContactFax', type: 'string', owner: 'd365' },
            { name: 'Website', source: 'Website', target: 'PrimaryContactURL', type: 'string', owner: 'both' },
            { name: 'Site', source: 'Site', target: 'SiteName', type: 'string' }
        ]
    };
    const grantsOf = (ps: string) =>
        [
            ...ps.matchAll(
                /<editable>(true|false)<\/editable>\s*<field>([^<]+)<\/field>\s*<readable>(true|false)<\/readable>/g
            )
        ].map((m) => `${m[2]}:${m[1] === 'true' ? 'edit' : m[3] === 'true' ? 'read' : 'none'}`);

    it('gives the integration user edit only where D365 may write (d365, both), read on the rest', async () => {
        const d = dirs('integration-owner-');
        const run = await generate(d, ['--config', configWith(d, () => undefined, ownership)]);
        expect(run.code).toBe(0);
        const ps = read(path.join(d.out, 'permissionsets/D365_Sync_Integration.permissionset-meta.xml'));
        expect(grantsOf(ps)).toEqual([
            'Account.D365_Account_Number__c:edit',
            'Account.D365_Modified_At__c:edit',
            'Account.D365_SF_Modified_At__c:read',
            'Account.Fax:edit',
            'Account.Phone:read',
            'Account.Site:read',
            'Account.Website:edit'
        ]);
        const doc = parse(read(path.join(d.docs, 'openapi/d365-inbound.openapi.yaml'))) as Record<string, any>;
        expect(Object.keys(doc.components.schemas.AccountFields.properties)).toEqual([
            'Fax',
            'Website',
            'D365_Modified_At__c'
        ]);
        const stale =
            doc.paths['/services/data/v66.0/sobjects/Account/D365_Account_Number__c/{customerAccount}'].patch.responses[
                '400'
            ].content['application/json'].examples.staleWrite.value;
        expect(stale).toEqual([
            expect.objectContaining({ errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION', fields: ['D365_Modified_At__c'] })
        ]);
        expect(stale[0].message).toMatch(/^Stale D365 write refused: D365_Modified_At__c .* of Website\./);
        const handoff = read(path.join(d.docs, 'd365-handoff.md'));
        expect(handoff).toMatch(/\| `PrimaryContactPhone` +\| `Phone` +\| [^|]+\| Salesforce +\| Salesforce owns it/);
        expect(handoff).toMatch(/\| `PrimaryContactURL` +\| `Website` +\| [^|]+\| both +\| refused when older/);
        expect(handoff).toContain('The fields owned by both are `Website`.');
    });

    it('keeps the D365-owned fields read-only in the user-facing permission sets, and nothing else of them', async () => {
        const d = dirs('integration-owner-users-');
        const setsDir = path.join(d.out, 'permissionsets');
        fs.mkdirSync(setsDir, { recursive: true });
        const userSet = path.join(setsDir, 'D365_Sync_User.permissionset-meta.xml');
        const original = read(
            path.join(REPO, 'force-app/main/default/permissionsets/D365_Sync_User.permissionset-meta.xml')
        )
            .replace(/^<!--.*-->\n/m, '')
            // a hand-written edit grant on a field D365 owns: the generator must take it back
            .replace(
                '    <fieldPermissions>\n        <editable>false</editable>\n        <field>Account.D365_Approval_Status__c',
                '    <fieldPermissions>\n        <editable>true</editable>\n        <field>Account.Fax</field>\n        <readable>true</readable>\n    </fieldPermissions>\n    <fieldPermissions>\n        <editable>false</editable>\n        <field>Account.D365_Approval_Status__c'
            );
        fs.writeFileSync(userSet, original);
        const config = configWith(d, () => undefined, ownership);
        expect((await generate(d, ['--config', config])).code).toBe(0);
        const patched = read(userSet);
        const grants = grantsOf(patched);
        expect(grants).toContain('Account.Fax:read');
        expect(grants).toContain('Account.D365_Modified_At__c:read');
        expect(grants).toContain('Account.D365_SF_Modified_At__c:read');
        expect(grants.filter((g) => /^Account\.(Phone|Website|Site):/.test(g))).toEqual([]);
        // everything else is the hand-written file, byte for byte
        const others = (text: string) =>
            text
                .replace(/^<!--.*-->\n/m, '')
                .replace(
                    /^ {4}<fieldPermissions>\n {8}<editable>\w+<\/editable>\n {8}<field>Account\.(Fax|D365_Modified_At__c|D365_SF_Modified_At__c)<\/field>\n.*\n {4}<\/fieldPermissions>\n/gm,
                    ''
                );
        expect(others(patched)).toBe(others(original));
        expect(patched).toContain('kept read-only by npm run integration:generate');
        expect(patched).not.toContain(INTEGRATION_MARKER);
        // the Admin set is not in this package folder: nothing is created for it
        expect(fs.existsSync(path.join(setsDir, 'D365_Sync_Admin.permissionset-meta.xml'))).toBe(false);
        const again = await generate(d, ['--config', config, '--check']);
        expect(again.code).toBe(0);
    });
});

describe('integration config validation', () => {
    const cases: Array<{ title: string; change: (c: Record<string, any>) => void; path: string; message: string }> = [
        {
            title: 'a secret in the config',
            change: (c) => (c.externalClientApp.consumerSecret = 'placeholder'),
            path: '$.externalClientApp.consumerSecret',
            message: 'looks like a secret; secrets never go into the config or the metadata'
        },
        {
            title: 'an unknown OAuth scope',
            change: (c) => (c.oauth.scopes = ['Apii']),
            path: '$.oauth.scopes[0]',
            message: '"Apii" is not an OAuth scope name'
        },
        {
            title: 'a too broad scope',
            change: (c) => (c.oauth.scopes = ['Api', 'Full']),
            path: '$.oauth.scopes[1]',
            message: 'scope "Full" is broader than D365 needs'
        },
        {
            title: 'another OAuth flow',
            change: (c) => (c.oauth.flow = 'password'),
            path: '$.oauth.flow',
            message: '"password" is not supported'
        },
        {
            title: 'a bad contact e-mail',
            change: (c) => (c.externalClientApp.contactEmail = 'admins'),
            path: '$.externalClientApp.contactEmail',
            message: '"admins" is not valid'
        },
        {
            title: 'an invalid app name',
            change: (c) => (c.externalClientApp.name = 'D365 Sync'),
            path: '$.externalClientApp.name',
            message: 'is not a valid API name'
        },
        {
            title: 'an unknown IP policy',
            change: (c) => (c.policies.ipRelaxation = 'Relaxed'),
            path: '$.policies.ipRelaxation',
            message: 'is not an IP relaxation policy'
        },
        {
            title: 'an unsupported session timeout',
            change: (c) => (c.policies.sessionTimeoutMinutes = 17),
            path: '$.policies.sessionTimeoutMinutes',
            message: 'is not a session timeout Setup offers'
        }
    ];

    it.each(cases)('reports $title', async ({ change, path: jsonPath, message }) => {
        const d = dirs('integration-invalid-');
        const config = configWith(d, change);
        const run = await generate(d, ['--config', config]);
        expect(run.code).toBe(1);
        expect(run.io.stderr.join('\n')).toContain(`integration.json: ${jsonPath}: `);
        expect(run.io.stderr.join('\n')).toContain(message);
        expect(listFiles(d.out)).toEqual([]);
    });

    it('exits 2 on a usage error', async () => {
        const run = await generate(dirs('integration-usage-'), ['--legacy']);
        expect(run.code).toBe(2);
    });
});
