/**
 * Contract check: docs/openapi/d365-inbound.openapi.yaml (generated from config, what the D365 team builds against)
 * and the local Salesforce REST emulator must not drift. Every path + method + documented status code is produced
 * against the emulator, and every JSON answer is validated against the documented response schema. A status code
 * added to the document without a way to produce it here fails this test; so does an answer the fake gives that
 * the schema does not allow.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import type { SandboxRuntime } from '../../sandbox/runtime';
import type { SalesforceRestEmulator } from '../salesforce-rest';
import {
    call,
    newRuntime,
    PROJECT,
    seedAccounts,
    startEmulator,
    tokenFor,
    type Reply,
    type Users
} from './salesforce-rest-fixture';

interface Operation {
    responses: Record<string, { content?: Record<string, { schema?: unknown }> }>;
    parameters?: { name: string; in: string }[];
}
type Doc = { paths: Record<string, Record<string, Operation>>; components: Record<string, unknown> };

const doc = parse(fs.readFileSync(path.join(PROJECT, 'docs/openapi/d365-inbound.openapi.yaml'), 'utf8')) as Doc;
const METHODS = ['get', 'put', 'post', 'patch', 'delete'];
const pairs = Object.entries(doc.paths).flatMap(([p, ops]) =>
    Object.keys(ops)
        .filter((m) => METHODS.includes(m))
        .map((m) => ({ path: p, method: m.toUpperCase(), op: ops[m] }))
);
const cases = pairs.flatMap(({ path: p, method, op }) =>
    Object.keys(op.responses).map((status) => ({ key: `${method} ${p} ${status}`, path: p, method, status, op }))
);

const ajv = new Ajv({ strict: false, allErrors: true, validateFormats: false });
ajv.addSchema({ components: doc.components }, 'openapi');
/** OpenAPI 3.0 `nullable` → JSON Schema, refs into the document. */
function jsonSchema(s: unknown): unknown {
    if (Array.isArray(s)) return s.map(jsonSchema);
    if (!s || typeof s !== 'object') return s;
    const o: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(s)) {
        if (k === '$ref' && typeof v === 'string') o[k] = `openapi${v}`;
        else if (k !== 'nullable' && k !== 'example') o[k] = jsonSchema(v);
    }
    if ((s as { nullable?: boolean }).nullable && typeof o.type === 'string') o.type = [o.type, 'null'];
    return o;
}
// nullable inside components too
ajv.removeSchema('openapi');
ajv.addSchema(jsonSchema({ components: doc.components }) as object, 'openapi');

describe('docs/openapi/d365-inbound.openapi.yaml ⇄ the Salesforce REST emulator', () => {
    let rt: SandboxRuntime;
    let users: Users;
    const emus: SalesforceRestEmulator[] = [];
    let main: Awaited<ReturnType<typeof startEmulator>>;
    let token: string;

    beforeAll(async () => {
        ({ rt, users } = newRuntime());
        seedAccounts(rt, {
            'Acme Corporation': 'C-000123',
            'Globex Ltd': 'C-000456',
            'Dup A': 'DUP-A',
            'Dup B': 'DUP-B'
        });
        const b = rt.rows('Account').find((a) => a.get('d365_account_number__c') === 'DUP-B')!;
        b.set('d365_account_number__c', 'dup-a'); // a data problem below the DML layer, for the 300 case
        main = await startEmulator(rt, users.integration);
        emus.push(main.emu);
        token = await tokenFor(main.emu.url, main.clientId, main.clientSecret);
    }, 60_000);
    afterAll(async () => {
        for (const e of emus) await e.stop();
    });

    const fill = (p: string, key: string) => p.replace('{customerAccount}', encodeURIComponent(key));
    const withUser = async (userId: string, extra = {}) => {
        const o = await startEmulator(rt, userId, extra);
        emus.push(o.emu);
        return { url: o.emu.url, token: await tokenFor(o.emu.url, o.clientId, o.clientSecret) };
    };
    const TOKEN = '/services/oauth2/token';
    const ONE = '/services/data/v66.0/sobjects/Account/D365_Account_Number__c/{customerAccount}';
    const MANY = '/services/data/v66.0/composite/sobjects/Account/D365_Account_Number__c';
    const rec = (key: string, fields: Record<string, unknown> = {}) => ({
        attributes: { type: 'Account' },
        D365_Account_Number__c: key,
        ...fields
    });

    /** How to make the emulator answer each documented status. */
    // fields owned by both sides need D365's change time (docs/d365-handoff.md §5.1)
    const D365_TIME = { D365_Modified_At__c: '2030-01-01T00:00:00.000Z' };
    const producers: Record<string, () => Promise<Reply>> = {
        [`POST ${TOKEN} 200`]: () =>
            call(main.emu.url, 'POST', TOKEN, {
                form: { grant_type: 'client_credentials', client_id: main.clientId, client_secret: main.clientSecret }
            }),
        [`POST ${TOKEN} 400`]: () =>
            call(main.emu.url, 'POST', TOKEN, {
                form: { grant_type: 'client_credentials', client_id: main.clientId, client_secret: 'wrong' }
            }),
        [`PATCH ${ONE} 200`]: () =>
            call(main.emu.url, 'PATCH', fill(ONE, 'C-000123'), {
                token,
                body: { BillingCity: 'Seattle', ...D365_TIME }
            }),
        [`PATCH ${ONE} 201`]: async () => {
            const c = await withUser(users.creator); // only with Create on Account (not the shipped permission set)
            return call(c.url, 'PATCH', fill(ONE, 'C-NEW'), { token: c.token, body: { Name: 'New Co' } });
        },
        // documented for older API versions: the same resource under v45.0
        [`PATCH ${ONE} 204`]: () =>
            call(main.emu.url, 'PATCH', fill(ONE, 'C-000456').replace('v66.0', 'v45.0'), {
                token,
                body: { Phone: '+1 425 555 0100', ...D365_TIME }
            }),
        [`PATCH ${ONE} 300`]: () => call(main.emu.url, 'PATCH', fill(ONE, 'DUP-A'), { token, body: { Name: 'x' } }),
        [`PATCH ${ONE} 400`]: () =>
            call(main.emu.url, 'PATCH', fill(ONE, 'C-000123'), { token, body: { BillingCity: 'x'.repeat(41) } }),
        [`PATCH ${ONE} 401`]: () =>
            call(main.emu.url, 'PATCH', fill(ONE, 'C-000123'), { token: 'expired', body: { Name: 'x' } }),
        [`PATCH ${ONE} 403`]: () =>
            call(main.emu.url, 'PATCH', fill(ONE, 'C-NO-SUCH'), { token, body: { Name: 'No create' } }),
        [`PATCH ${ONE} 404`]: () =>
            call(main.emu.url, 'PATCH', fill(ONE, 'X').replace('D365_Account_Number__c', 'Nope__c'), {
                token,
                body: {}
            }),
        [`PATCH ${MANY} 200`]: () =>
            call(main.emu.url, 'PATCH', MANY, {
                token,
                body: { allOrNone: false, records: [rec('C-000123', { Phone: '1' }), rec('C-000456', { Name: null })] }
            }),
        [`PATCH ${MANY} 400`]: () =>
            call(main.emu.url, 'PATCH', MANY, {
                token,
                body: { records: Array.from({ length: 201 }, (_, i) => rec(`K-${i}`)) }
            }),
        [`PATCH ${MANY} 401`]: () => call(main.emu.url, 'PATCH', MANY, { token: 'expired', body: { records: [] } }),
        [`PATCH ${MANY} 403`]: async () => {
            const l = await withUser(users.integration, { apiLimit: 0 });
            return call(l.url, 'PATCH', MANY, { token: l.token, body: { records: [rec('C-000123')] } });
        }
    };

    test('the document has the operations the hand-off describes', () => {
        expect(pairs.map((p) => `${p.method} ${p.path}`).sort()).toEqual([
            `PATCH ${MANY}`,
            `PATCH ${ONE}`,
            `POST ${TOKEN}`
        ]);
    });

    test('every documented status has a producer here (no silent drift)', () => {
        expect(cases.map((c) => c.key).filter((k) => !producers[k])).toEqual([]);
        expect(Object.keys(producers).filter((k) => !cases.some((c) => c.key === k))).toEqual([]);
    });

    test.each(cases.map((c) => [c.key, c] as const))('%s', async (_k, c) => {
        const r = await producers[c.key]();
        expect(r.status).toBe(Number(c.status));
        const schema = c.op.responses[c.status].content?.['application/json']?.schema;
        if (schema) {
            expect(r.headers.get('content-type')).toMatch(/^application\/json/);
            const validate = ajv.compile(jsonSchema(schema) as object);
            const ok = validate(r.json);
            expect(ok ? [] : validate.errors).toEqual([]);
        } else {
            expect(r.text).toBe('');
        }
        // every authenticated API call reports the org's usage (an unauthenticated one is not counted)
        if (c.path.startsWith('/services/data/') && c.status !== '401')
            expect(r.headers.get('sforce-limit-info')).toMatch(/^api-usage=\d+\/\d+$/);
    });

    test('the schema check is not vacuous: a wrong shape fails it', () => {
        const v = ajv.compile(
            jsonSchema(doc.paths[ONE].patch.responses['400'].content!['application/json'].schema) as object
        );
        expect(v([{ message: 'm', errorCode: 'E', fields: ['F'] }])).toBe(true);
        expect(v({ message: 'm', errorCode: 'E' })).toBe(false);
        const t = ajv.compile(
            jsonSchema(doc.paths[TOKEN].post.responses['200'].content!['application/json'].schema) as object
        );
        expect(t({ access_token: 1 })).toBe(false);
    });

    test('methods the document does not list are not served on its paths', async () => {
        for (const { path: p } of pairs) {
            const url = fill(p, 'C-000123');
            const served = new Set(pairs.filter((x) => x.path === p).map((x) => x.method));
            for (const m of ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'].filter((x) => !served.has(x))) {
                const r = await call(main.emu.url, m, url, { token, body: m === 'GET' ? undefined : {} });
                expect([m, r.status]).toEqual([m, 405]);
            }
        }
    });
});
