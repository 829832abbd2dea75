/**
 * The local Salesforce REST emulator (D365 → Salesforce): OAuth client credentials, upsert by External ID,
 * sObject Collections upsert and GET, backed by the local Apex runtime as the run-as user.
 */
import type { SandboxRuntime } from '../../sandbox/runtime';
import { V } from '../../apex-runtime/src';
import type { SalesforceRestEmulator } from '../salesforce-rest';
import {
    call,
    COLLECTION,
    newRuntime,
    seedAccounts,
    startEmulator,
    tokenFor,
    UPSERT,
    type Users
} from './salesforce-rest-fixture';

const str = (v: V.ApexPrimitive | undefined) => (v === null || v === undefined ? null : V.stringValueOf(v));
/** D365's change time: writes to fields both sides own carry it (docs/d365-handoff.md §5.1, D365FieldOwnership). */
const D365_TIME = { D365_Modified_At__c: '2030-01-01T00:00:00.000Z' };

describe('Salesforce REST emulator', () => {
    let rt: SandboxRuntime;
    let users: Users;
    let emu: SalesforceRestEmulator;
    let clientId: string;
    let clientSecret: string;
    let token: string;
    const others: SalesforceRestEmulator[] = [];
    const output: string[] = [];
    let restore: (() => void) | undefined;

    const account = (key: string) =>
        rt.rows('Account').find((a) => str(a.get('d365_account_number__c'))?.toLowerCase() === key.toLowerCase());
    const outboxRows = () => rt.rows('D365_Sync_Request__c').length;

    beforeAll(async () => {
        // everything the process writes while the emulator runs, to prove no secret is printed
        const w = process.stdout.write.bind(process.stdout);
        const e = process.stderr.write.bind(process.stderr);
        const log = console.log;
        process.stdout.write = ((s: string | Uint8Array, ...a: never[]) => {
            output.push(String(s));
            return w(s, ...a);
        }) as typeof process.stdout.write;
        process.stderr.write = ((s: string | Uint8Array, ...a: never[]) => {
            output.push(String(s));
            return e(s, ...a);
        }) as typeof process.stderr.write;
        console.log = (...a: unknown[]) => output.push(a.map(String).join(' '));
        restore = () => {
            process.stdout.write = w;
            process.stderr.write = e;
            console.log = log;
        };
        ({ rt, users } = newRuntime());
        seedAccounts(rt, { 'Acme Corporation': 'C-000123', 'Globex Ltd': 'C-000456', 'Initech GmbH': 'C-000789' });
        ({ emu, clientId, clientSecret } = await startEmulator(rt, users.integration));
        token = await tokenFor(emu.url, clientId, clientSecret);
    }, 60_000);

    afterAll(async () => {
        restore?.();
        await emu?.stop();
        for (const o of others) await o.stop();
    });

    const other = async (runAs: string | null, extra = {}) => {
        const o = await startEmulator(rt, runAs, extra);
        others.push(o.emu);
        return o;
    };

    describe('POST /services/oauth2/token', () => {
        test('client credentials → token response with the documented fields, bound to the run-as user', async () => {
            const r = await call(emu.url, 'POST', '/services/oauth2/token', {
                form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }
            });
            expect(r.status).toBe(200);
            const t = r.json as Record<string, string>;
            expect(Object.keys(t).sort()).toEqual(
                ['access_token', 'id', 'instance_url', 'issued_at', 'scope', 'signature', 'token_type'].sort()
            );
            expect(t.token_type).toBe('Bearer');
            expect(t.scope).toBe('api');
            expect(t.instance_url).toBe(emu.url);
            expect(t.id).toBe(`https://login.salesforce.com/id/${rt.db.seeded.orgId}/${users.integration}`);
            expect(Number(t.issued_at)).toBeGreaterThan(Date.now() - 60_000);
            expect(t.access_token).not.toBe(token); // a new token per request
            expect(r.headers.get('sforce-limit-info')).toBeNull(); // not an API request
        });

        test('HTTP Basic client authentication is accepted as well', async () => {
            const basic = Buffer.from(`${clientId}:${clientSecret}`).toString('base64');
            const res = await fetch(`${emu.url}/services/oauth2/token`, {
                method: 'POST',
                headers: { Authorization: `Basic ${basic}`, 'Content-Type': 'application/x-www-form-urlencoded' },
                body: 'grant_type=client_credentials'
            });
            expect(res.status).toBe(200);
        });

        test.each([
            ['wrong secret', () => ({ client_id: clientId, client_secret: `${clientSecret}x` })],
            ['wrong client id', () => ({ client_id: 'someone-else', client_secret: clientSecret })],
            ['no secret', () => ({ client_id: clientId })]
        ])('%s → 400 invalid_client', async (_n, creds) => {
            const r = await call(emu.url, 'POST', '/services/oauth2/token', {
                form: { grant_type: 'client_credentials', ...(creds() as Record<string, string>) }
            });
            expect(r.status).toBe(400);
            expect(r.json).toEqual({ error: 'invalid_client', error_description: 'invalid client credentials' });
        });

        test('another grant type → 400 unsupported_grant_type', async () => {
            const r = await call(emu.url, 'POST', '/services/oauth2/token', {
                form: { grant_type: 'password', client_id: clientId, client_secret: clientSecret }
            });
            expect(r.status).toBe(400);
            expect(r.json).toEqual({ error: 'unsupported_grant_type', error_description: 'grant type not supported' });
        });

        test('no run-as user on the app → 400 invalid_grant', async () => {
            const o = await other(null);
            const r = await call(o.emu.url, 'POST', '/services/oauth2/token', {
                form: { grant_type: 'client_credentials', client_id: o.clientId, client_secret: o.clientSecret }
            });
            expect(r.status).toBe(400);
            expect((r.json as { error: string }).error).toBe('invalid_grant');
        });

        test('GET on the token endpoint → 405', async () => {
            expect((await call(emu.url, 'GET', '/services/oauth2/token')).status).toBe(405);
        });
    });

    describe('Authorization: Bearer', () => {
        const invalid = [{ message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }];
        test('missing or unknown token → 401 INVALID_SESSION_ID, nothing changes', async () => {
            const before = str(account('C-000123')!.get('name'));
            const none = await call(emu.url, 'PATCH', `${UPSERT}C-000123`, { body: { Name: 'x' } });
            const bad = await call(emu.url, 'PATCH', `${UPSERT}C-000123`, { token: 'nope', body: { Name: 'x' } });
            const coll = await call(emu.url, 'PATCH', COLLECTION, { token: 'nope', body: { records: [] } });
            for (const r of [none, bad, coll]) {
                expect(r.status).toBe(401);
                expect(r.json).toEqual(invalid);
            }
            expect(str(account('C-000123')!.get('name'))).toBe(before);
        });

        test('a revoked token → 401; a new token works', async () => {
            const o = await other(users.integration);
            const t = await tokenFor(o.emu.url, o.clientId, o.clientSecret);
            expect(
                (
                    await call(
                        o.emu.url,
                        'GET',
                        `/services/data/v66.0/sobjects/Account/${account('C-000789')!.get('id')}`,
                        { token: t }
                    )
                ).status
            ).toBe(200);
            o.emu.revokeAll();
            expect(
                (
                    await call(
                        o.emu.url,
                        'GET',
                        `/services/data/v66.0/sobjects/Account/${account('C-000789')!.get('id')}`,
                        { token: t }
                    )
                ).status
            ).toBe(401);
            const t2 = await tokenFor(o.emu.url, o.clientId, o.clientSecret);
            expect(
                (
                    await call(
                        o.emu.url,
                        'GET',
                        `/services/data/v66.0/sobjects/Account/${account('C-000789')!.get('id')}`,
                        { token: t2 }
                    )
                ).status
            ).toBe(200);
        });

        test('the session times out after inactivity', async () => {
            const o = await other(users.integration, { sessionTimeoutMs: 50 });
            const t = await tokenFor(o.emu.url, o.clientId, o.clientSecret);
            await new Promise((r) => setTimeout(r, 120));
            const r = await call(o.emu.url, 'PATCH', `${UPSERT}C-000123`, { token: t, body: {} });
            expect(r.status).toBe(401);
        });
    });

    describe('PATCH /sobjects/Account/D365_Account_Number__c/{value}', () => {
        test('one match → 200 created:false; the change lands, case-insensitive key, no outbox row (loop prevention)', async () => {
            const acme = account('C-000123')!;
            const rows = outboxRows();
            const r = await call(emu.url, 'PATCH', `${UPSERT}c-000123`, {
                token,
                body: {
                    BillingStreet: "1 Main's \\ new\nstreet\u0001",
                    BillingCity: 'Tacoma',
                    BillingPostalCode: '98052',
                    BillingState: 'WA',
                    BillingCountry: 'USA',
                    Phone: '+1 425 555 0100',
                    Fax: null,
                    Website: 'https://www.contoso.example',
                    ...D365_TIME
                }
            });
            expect(r.status).toBe(200);
            expect(r.json).toEqual({ id: str(acme.get('id')), success: true, errors: [], created: false });
            expect(r.headers.get('content-type')).toMatch(/^application\/json/);
            expect(r.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/100000$/);
            const after = account('C-000123')!;
            expect(str(after.get('billingstreet'))).toBe("1 Main's \\ new\nstreet\u0001");
            expect(after.get('d365_modified_at__c')).toEqual(
                new V.ApexDatetime(Date.parse(D365_TIME.D365_Modified_At__c))
            );
            expect(str(after.get('billingcity'))).toBe('Tacoma');
            expect(str(after.get('lastmodifiedbyid'))).toBe(users.integration);
            expect(outboxRows()).toBe(rows);
        });

        test('the key value is URL-decoded', async () => {
            seedAccounts(rt, { 'Slash Co': 'A B/C?x' });
            const r = await call(emu.url, 'PATCH', `${UPSERT}${encodeURIComponent('A B/C?x')}`, {
                token,
                body: { BillingCity: 'Oslo', ...D365_TIME }
            });
            expect(r.status).toBe(200);
            expect(str(account('A B/C?x')!.get('billingcity'))).toBe('Oslo');
        });

        test('no match, user may create → 201 created:true (a user with Create on Account)', async () => {
            const o = await other(users.creator);
            const t = await tokenFor(o.emu.url, o.clientId, o.clientSecret);
            const r = await call(o.emu.url, 'PATCH', `${UPSERT}C-NEW-1`, { token: t, body: { Name: 'New Co' } });
            expect(r.status).toBe(201);
            const created = account('C-NEW-1')!;
            expect(r.json).toEqual({ id: str(created.get('id')), success: true, errors: [], created: true });
            expect(str(created.get('createdbyid'))).toBe(users.creator);
        });

        test('no match with the shipped permission set (no Create) → refused, nothing inserted', async () => {
            const n = rt.rows('Account').length;
            const r = await call(emu.url, 'PATCH', `${UPSERT}C-UNKNOWN`, { token, body: { Name: 'Nobody' } });
            expect(r.status).toBe(403);
            expect(r.json).toEqual([
                {
                    message: 'insufficient access rights on object: no create permission on Account',
                    errorCode: 'INSUFFICIENT_ACCESS_OR_READONLY'
                }
            ]);
            expect(rt.rows('Account').length).toBe(n);
        });

        test('several records carry the key → 300 with their URLs, nothing changes', async () => {
            seedAccounts(rt, { 'Dup One': 'DUP-1', 'Dup Two': 'DUP-2' });
            // a data problem the unique field normally prevents: force it below the DML layer
            const two = rt.rows('Account').find((a) => str(a.get('d365_account_number__c')) === 'DUP-2')!;
            two.set('d365_account_number__c', 'dup-1');
            const r = await call(emu.url, 'PATCH', `${UPSERT}DUP-1`, { token, body: { Name: 'Changed' } });
            expect(r.status).toBe(300);
            const ids = rt
                .rows('Account')
                .filter((a) => str(a.get('d365_account_number__c'))?.toLowerCase() === 'dup-1')
                .map((a) => `/services/data/v66.0/sobjects/Account/${str(a.get('id'))}`);
            expect(r.json).toEqual(ids);
            expect(ids).toHaveLength(2);
            expect(rt.rows('Account').filter((a) => str(a.get('name')) === 'Changed')).toEqual([]);
        });

        test.each([
            ['an unknown field', `${UPSERT.replace('D365_Account_Number__c', 'Nope__c')}X`],
            ['a field that is not an External ID', `${UPSERT.replace('D365_Account_Number__c', 'Name')}X`],
            ['an unknown object', `${UPSERT.replace('Account', 'Nope__c')}X`],
            ['an unknown resource', '/services/data/v66.0/nothing/here'],
            ['an unknown API version', `${UPSERT.replace('v66.0', 'v99.0')}X`]
        ])('%s in the URL → 404 NOT_FOUND', async (_n, p) => {
            const r = await call(emu.url, 'PATCH', p, { token, body: {} });
            expect(r.status).toBe(404);
            expect(r.json).toEqual([{ message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }]);
        });

        test('bad JSON → 400 JSON_PARSER_ERROR', async () => {
            for (const body of ['{"Name": ', '[1,2]', '{"Name": {"x": 1}}']) {
                const r = await call(emu.url, 'PATCH', `${UPSERT}C-000456`, { token, body });
                expect(r.status).toBe(400);
                expect((r.json as { errorCode: string }[])[0].errorCode).toBe('JSON_PARSER_ERROR');
            }
        });

        test('a field the schema does not have, or the user cannot see → 400 INVALID_FIELD', async () => {
            for (const f of ['Bogus__c', 'Description', 'D365_Sync_Status__c']) {
                const r = await call(emu.url, 'PATCH', `${UPSERT}C-000456`, { token, body: { [f]: 'x' } });
                expect(r.status).toBe(400);
                expect(r.json).toEqual([
                    { message: `No such column '${f}' on sobject of type Account`, errorCode: 'INVALID_FIELD' }
                ]);
            }
            expect(str(account('C-000456')!.get('description'))).toBeNull();
        });

        test('a field the user may see but not write → 400 INVALID_FIELD_FOR_INSERT_UPDATE', async () => {
            const r = await call(emu.url, 'PATCH', `${UPSERT}C-000456`, {
                token,
                body: { Id: str(account('C-000456')!.get('id')), Name: 'Not applied' }
            });
            expect(r.status).toBe(400);
            expect(r.json).toEqual([
                {
                    message:
                        'Unable to create/update fields: Id. Please check the security settings of this field and verify that it is read/write for your profile or permission set.',
                    errorCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
                    fields: ['Id']
                }
            ]);
            expect(str(account('C-000456')!.get('name'))).toBe('Globex Ltd');
        });

        test("a DML error from the runtime's validation → 400 [{message, errorCode, fields}], nothing changes", async () => {
            const r = await call(emu.url, 'PATCH', `${UPSERT}C-000456`, {
                token,
                body: { BillingCity: 'x'.repeat(41), ...D365_TIME }
            });
            expect(r.status).toBe(400);
            expect(r.json).toEqual([
                {
                    message: expect.stringMatching(/data value too large/),
                    errorCode: 'STRING_TOO_LONG',
                    fields: ['BillingCity']
                }
            ]);
            expect(str(account('C-000456')!.get('name'))).toBe('Globex Ltd');
            const req = await call(emu.url, 'PATCH', `${UPSERT}C-000456`, { token, body: { Name: null } });
            expect(req.status).toBe(400);
            // Name is owned by Salesforce in the shipped mapping: the package's trigger refuses D365's change
            // (D365FieldOwnership) before the required-field check is reached
            expect(req.json).toEqual([
                {
                    message: expect.stringMatching(/^Name is owned by Salesforce/),
                    errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
                    fields: ['Name']
                }
            ]);
        });

        test('the external ID field in the body is refused (the URL carries it)', async () => {
            for (const v of ['C-999999', 'C-000456']) {
                const r = await call(emu.url, 'PATCH', `${UPSERT}C-000456`, {
                    token,
                    body: { D365_Account_Number__c: v }
                });
                expect(r.status).toBe(400);
                expect((r.json as { errorCode: string; fields: string[] }[])[0]).toMatchObject({
                    errorCode: 'INVALID_FIELD',
                    fields: ['D365_Account_Number__c']
                });
            }
            expect(str(account('C-000456')!.get('d365_account_number__c'))).toBe('C-000456');
        });

        test("an access question the runtime's model cannot answer → 500 'not modelled', no guess", async () => {
            // the System Administrator profile's FLS on a custom field no permission set grants is unknown
            const o = await other(rt.adminUserId);
            const t = await tokenFor(o.emu.url, o.clientId, o.clientSecret);
            const r = await call(o.emu.url, 'PATCH', `${UPSERT}C-000456`, {
                token: t,
                body: { D365_Sync_Status__c: 'Pending' }
            });
            expect(r.status).toBe(500);
            expect((r.json as { message: string }[])[0].message).toMatch(
                /^not modelled by the local Salesforce REST emulator: read access to Account\.D365_Sync_Status__c/
            );
        });

        test('API version below 46.0: an update answers 204 without a body', async () => {
            const r = await call(emu.url, 'PATCH', `${UPSERT.replace('v66.0', 'v45.0')}C-000789`, {
                token,
                body: { Phone: '+44 20 7946 0000', ...D365_TIME }
            });
            expect(r.status).toBe(204);
            expect(r.text).toBe('');
            expect(str(account('C-000789')!.get('phone'))).toBe('+44 20 7946 0000');
        });

        test('other methods on the resource → 405', async () => {
            expect((await call(emu.url, 'DELETE', `${UPSERT}C-000456`, { token })).status).toBe(405);
        });
    });

    describe('PATCH /composite/sobjects/Account/D365_Account_Number__c', () => {
        const rec = (key: string, fields: Record<string, unknown>) => ({
            attributes: { type: 'Account' },
            D365_Account_Number__c: key,
            ...fields
        });

        test('allOrNone false: per-record results in request order, statusCode errors, successes kept', async () => {
            const rows = outboxRows();
            const r = await call(emu.url, 'PATCH', COLLECTION, {
                token,
                body: {
                    allOrNone: false,
                    records: [
                        rec('C-000123', { BillingCity: 'Everett', ...D365_TIME }),
                        rec('C-000456', { BillingCity: 'y'.repeat(41), ...D365_TIME }),
                        rec('C-NOPE', { Name: 'Not allowed' }),
                        rec('C-000789', { Website: 'https://initech.example', ...D365_TIME })
                    ]
                }
            });
            expect(r.status).toBe(200);
            expect(r.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/100000$/);
            expect(r.json).toEqual([
                { id: str(account('C-000123')!.get('id')), success: true, errors: [], created: false },
                {
                    id: null,
                    success: false,
                    errors: [
                        {
                            statusCode: 'STRING_TOO_LONG',
                            message: expect.stringMatching(/data value too large/),
                            fields: ['BillingCity']
                        }
                    ]
                },
                {
                    id: null,
                    success: false,
                    errors: [
                        {
                            statusCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
                            message: 'insufficient access rights on object: no create permission on Account',
                            fields: []
                        }
                    ]
                },
                { id: str(account('C-000789')!.get('id')), success: true, errors: [], created: false }
            ]);
            expect(str(account('C-000123')!.get('billingcity'))).toBe('Everett');
            expect(str(account('C-000789')!.get('website'))).toBe('https://initech.example');
            expect(account('C-NOPE')).toBeUndefined();
            expect(outboxRows()).toBe(rows);
        });

        test('allOrNone true: one failure rolls the whole call back', async () => {
            const r = await call(emu.url, 'PATCH', COLLECTION, {
                token,
                body: {
                    allOrNone: true,
                    records: [
                        rec('C-000123', { BillingCity: 'Spokane', ...D365_TIME }),
                        rec('C-000456', { Name: null })
                    ]
                }
            });
            expect(r.status).toBe(200);
            const res = r.json as { success: boolean; errors: { statusCode: string }[] }[];
            expect(res.map((x) => [x.success, x.errors[0]?.statusCode])).toEqual([
                [false, 'ALL_OR_NONE_OPERATION_ROLLED_BACK'],
                [false, 'FIELD_CUSTOM_VALIDATION_EXCEPTION'] // Name is Salesforce's (D365FieldOwnership)
            ]);
            expect(str(account('C-000123')!.get('billingcity'))).toBe('Everett');
            expect(str(account('C-000456')!.get('name'))).toBe('Globex Ltd');
        });

        test.each([
            [
                'more than 200 records',
                () => ({ records: Array.from({ length: 201 }, (_, i) => rec(`K${i}`, {})) }),
                'EXCEEDED_ID_LIMIT'
            ],
            [
                'a record without the key',
                () => ({ records: [{ attributes: { type: 'Account' }, Name: 'x' }] }),
                'INVALID_FIELD'
            ],
            [
                'a record of another type',
                () => ({ records: [{ ...rec('C-000123', {}), attributes: { type: 'Contact' } }] }),
                'INVALID_TYPE'
            ],
            ['no records array', () => ({ allOrNone: false }), 'JSON_PARSER_ERROR'],
            ['an unknown field in a record', () => ({ records: [rec('C-000123', { Bogus__c: 1 })] }), 'INVALID_FIELD'],
            ['malformed JSON', () => '{"records": [', 'JSON_PARSER_ERROR']
        ])('%s → 400 %s', async (_n, body, code) => {
            const r = await call(emu.url, 'PATCH', COLLECTION, { token, body: body() });
            expect(r.status).toBe(400);
            expect((r.json as { errorCode: string }[])[0].errorCode).toBe(code);
        });
    });

    describe('GET /sobjects/Account/{id}', () => {
        test('200 with the fields the user may read (field-level security of the integration user)', async () => {
            const acme = account('C-000123')!;
            const id = str(acme.get('id'))!;
            const r = await call(emu.url, 'GET', `/services/data/v66.0/sobjects/Account/${id}`, { token });
            expect(r.status).toBe(200);
            const body = r.json as Record<string, unknown>;
            expect(body.attributes).toEqual({ type: 'Account', url: `/services/data/v66.0/sobjects/Account/${id}` });
            expect(body).toMatchObject({ Id: id, BillingCity: 'Everett', D365_Account_Number__c: 'C-000123' });
            expect(body).not.toHaveProperty('Description');
            expect(body).not.toHaveProperty('D365_Sync_Status__c');
            const some = await call(emu.url, 'GET', `/services/data/v66.0/sobjects/Account/${id}?fields=Name,Phone`, {
                token
            });
            expect(Object.keys(some.json as object)).toEqual(['attributes', 'Name', 'Phone']);
        });

        test('unknown or malformed id → 404', async () => {
            for (const id of ['0015h0000000999AAA', 'not-an-id']) {
                const r = await call(emu.url, 'GET', `/services/data/v66.0/sobjects/Account/${id}`, { token });
                expect(r.status).toBe(404);
            }
        });
    });

    describe('limits, secrets, shutdown', () => {
        test('past the API request limit → 403 REQUEST_LIMIT_EXCEEDED; Sforce-Limit-Info counts every API call', async () => {
            const o = await other(users.integration, { apiLimit: 2 });
            const t = await tokenFor(o.emu.url, o.clientId, o.clientSecret);
            const seen: string[] = [];
            for (let i = 0; i < 3; i++) {
                const r = await call(o.emu.url, 'PATCH', `${UPSERT}C-000789`, { token: t, body: {} });
                seen.push(`${r.status} ${r.headers.get('sforce-limit-info')}`);
                if (i === 2)
                    expect(r.json).toEqual([
                        { message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }
                    ]);
            }
            expect(seen).toEqual(['200 api-usage=1/2', '200 api-usage=2/2', '403 api-usage=3/2']);
        });

        test('the secret and tokens are never recorded, echoed or printed', async () => {
            const all = [emu, ...others];
            const recorded = JSON.stringify(all.map((e) => e.requests));
            expect(recorded).not.toContain(clientSecret);
            expect(recorded).not.toContain(token);
            expect(recorded).not.toMatch(/local-test-secret-/);
            expect(output.join('')).not.toContain(clientSecret);
            expect(output.join('')).not.toContain(token);
            // error answers do not echo what was sent
            const r = await call(emu.url, 'PATCH', `${UPSERT}C-000123`, { token: `${token}x`, body: {} });
            expect(r.text).not.toContain(token);
            const w = await call(emu.url, 'POST', '/services/oauth2/token', {
                form: { grant_type: 'client_credentials', client_id: clientId, client_secret: `${clientSecret}!` }
            });
            expect(w.text).not.toContain(clientSecret);
            expect(emu.requests.every((q) => Object.keys(q).sort().join() === 'method,path,status,userId')).toBe(true);
        });

        test('stop() closes the port', async () => {
            const o = await other(users.integration);
            await o.emu.stop();
            others.splice(others.indexOf(o.emu), 1);
            await expect(fetch(`${o.emu.url}/services/oauth2/token`, { method: 'POST' })).rejects.toThrow();
        });
    });
});
