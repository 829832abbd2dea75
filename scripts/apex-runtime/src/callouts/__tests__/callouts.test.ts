/**
 * Named Credential resolution, External Credential header injection and the opt-in callout transport.
 * Sources: Salesforce Help "Named Credentials" / "External Credentials" (callout:<Name>/<path>, custom headers
 * with {!$Credential.<EC>.<Parameter>} formulas, principal access through permission sets); Apex Reference
 * "HttpRequest.setTimeout" (CalloutException "Read timed out").
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import {
    CalloutError,
    loadCalloutMetadata,
    permissionSetsGrantPrincipal,
    redact,
    resolveCallout
} from '../named-credentials';
import { installCalloutTransport, namedCredentialTransport, type CalloutRequest } from '../transport';
import { ApexRuntimeUnsupported } from '../../errors';
import { loadProgram } from '../../project/load';
import { Session } from '../../session';
import { newTestState } from '../../stdlib/services';

const PROJECT = path.resolve(__dirname, '../../../../..');
// obviously fake, generated per run; never a realistic 32-hex key
const KEY = `unit-test-fake-${process.pid}-${Date.now()}`;

function fixture(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nc-'));
    const w = (rel: string, text: string) => {
        fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
        fs.writeFileSync(path.join(dir, rel), text);
    };
    w(
        'namedCredentials/Shop.namedCredential-meta.xml',
        `<?xml version="1.0" encoding="UTF-8"?><NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata">
<allowMergeFieldsInHeader>true</allowMergeFieldsInHeader><label>Shop</label>
<namedCredentialParameters><parameterName>Url</parameterName><parameterType>Url</parameterType><parameterValue>https://shop.example.invalid/v2/</parameterValue></namedCredentialParameters>
<namedCredentialParameters><externalCredential>Shop_EC</externalCredential><parameterName>ExternalCredential</parameterName><parameterType>Authentication</parameterType></namedCredentialParameters>
<namedCredentialType>SecuredEndpoint</namedCredentialType></NamedCredential>`
    );
    w(
        'namedCredentials/Open.namedCredential-meta.xml',
        `<?xml version="1.0" encoding="UTF-8"?><NamedCredential xmlns="http://soap.sforce.com/2006/04/metadata"><label>Open</label>
<namedCredentialParameters><parameterName>Url</parameterName><parameterType>Url</parameterType><parameterValue>http://open.example.invalid</parameterValue></namedCredentialParameters>
</NamedCredential>`
    );
    w(
        'externalCredentials/Shop_EC.externalCredential-meta.xml',
        `<?xml version="1.0" encoding="UTF-8"?><ExternalCredential xmlns="http://soap.sforce.com/2006/04/metadata">
<authenticationProtocol>Custom</authenticationProtocol>
<externalCredentialParameters><parameterGroup>P</parameterGroup><parameterName>P</parameterName><parameterType>NamedPrincipal</parameterType><sequenceNumber>1</sequenceNumber></externalCredentialParameters>
<externalCredentialParameters><parameterGroup>DefaultGroup</parameterGroup><parameterName>X-Tenant</parameterName><parameterType>AuthHeader</parameterType><parameterValue>t-{!$Credential.Shop_EC.Tenant}</parameterValue><sequenceNumber>2</sequenceNumber></externalCredentialParameters>
<externalCredentialParameters><parameterGroup>DefaultGroup</parameterGroup><parameterName>X-Api-Key</parameterName><parameterType>AuthHeader</parameterType><parameterValue>{!$Credential.Shop_EC.ApiKey}</parameterValue><sequenceNumber>1</sequenceNumber></externalCredentialParameters>
<label>Shop</label></ExternalCredential>`
    );
    w(
        'permissionsets/Shoppers.permissionset-meta.xml',
        `<?xml version="1.0" encoding="UTF-8"?><PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata"><label>S</label>
<externalCredentialPrincipalAccesses><enabled>true</enabled><externalCredentialPrincipal>Shop_EC-P</externalCredentialPrincipal></externalCredentialPrincipalAccesses></PermissionSet>`
    );
    w(
        'permissionsets/Disabled.permissionset-meta.xml',
        `<?xml version="1.0" encoding="UTF-8"?><PermissionSet xmlns="http://soap.sforce.com/2006/04/metadata"><label>D</label>
<externalCredentialPrincipalAccesses><enabled>false</enabled><externalCredentialPrincipal>Shop_EC-P</externalCredentialPrincipal></externalCredentialPrincipalAccesses></PermissionSet>`
    );
    return dir;
}

const store = (ec: string, p: string): string | undefined =>
    ec === 'Shop_EC' && p === 'ApiKey' ? KEY : ec === 'Shop_EC' && p === 'Tenant' ? 'acme' : undefined;

describe('named credential metadata', () => {
    test('reads the project D365_APIM credentials', () => {
        const md = loadCalloutMetadata(PROJECT);
        const nc = md.namedCredentials.get('d365_apim')!;
        expect(nc.url).toBe('https://d365-apim.invalid/d365');
        expect(nc.externalCredential).toBe('D365_APIM');
        const ec = md.externalCredentials.get('d365_apim')!;
        expect(ec.principals).toEqual(['APIM_Subscription']);
        expect(ec.headers).toEqual([
            { name: 'Ocp-Apim-Subscription-Key', value: '{!$Credential.D365_APIM.SubscriptionKey}' }
        ]);
        expect(permissionSetsGrantPrincipal(md, ['D365_Sync_Callout'], 'D365_APIM')).toBe(true);
        expect(permissionSetsGrantPrincipal(md, ['D365_Sync_User'], 'D365_APIM')).toBe(false);
        expect(permissionSetsGrantPrincipal(md, ['D365_Sync_Admin'], 'D365_APIM')).toBe(true);
        expect(permissionSetsGrantPrincipal(md, ['D365_Sync_Integration'], 'D365_APIM')).toBe(false);
        expect(permissionSetsGrantPrincipal(md, [], 'D365_APIM')).toBe(false);
    });

    test('resolves callout:<Name>/<path> and injects headers in sequence order', () => {
        const md = loadCalloutMetadata(fixture(), undefined);
        const r = resolveCallout('callout:Shop/orders?x=1', md, { credentials: store })!;
        expect(r.url).toBe('https://shop.example.invalid/v2/orders?x=1');
        expect(r.injectedHeaders).toEqual([
            { name: 'X-Api-Key', value: KEY },
            { name: 'X-Tenant', value: 't-acme' }
        ]);
        expect(r.secrets).toEqual([KEY, 'acme']);
        expect(resolveCallout('callout:shop', md, { credentials: store })!.url).toBe('https://shop.example.invalid/v2');
        expect(resolveCallout('callout:Open/a/b', md)!).toEqual({
            url: 'http://open.example.invalid/a/b',
            namedCredential: 'Open',
            injectedHeaders: [],
            secrets: []
        });
    });

    test('URL override, missing parameter, unknown credential, principal access', () => {
        const md = loadCalloutMetadata(fixture());
        expect(resolveCallout('callout:Shop/orders', md, { urlOverrides: { shop: 'http://127.0.0.1:9/' } })!.url).toBe(
            'http://127.0.0.1:9/orders'
        );
        // a parameter the store does not hold leaves its header out (APIM then sees no key)
        expect(resolveCallout('callout:Shop/x', md, { credentials: () => undefined })!.injectedHeaders).toEqual([]);
        expect(() => resolveCallout('callout:Nope/x', md)).toThrow(CalloutError);
        expect(() =>
            resolveCallout('callout:Shop/x', md, { credentials: store, canUsePrincipal: () => false })
        ).toThrow(/We couldn't access the credential\(s\).*"Shop_EC"/);
        expect(resolveCallout('https://shop.example.invalid/x', md)).toBeNull();
        expect(permissionSetsGrantPrincipal(md, ['shoppers'], 'Shop_EC')).toBe(true);
        expect(permissionSetsGrantPrincipal(md, ['Disabled'], 'Shop_EC')).toBe(false);
    });

    test('redact replaces every occurrence', () => {
        expect(redact(`a${KEY}b${KEY}`, [KEY])).toBe('aREDACTEDbREDACTED');
    });
});

describe('namedCredentialTransport', () => {
    const md = loadCalloutMetadata(fixture());
    const req = (endpoint: string, body: string | null = null): CalloutRequest => ({
        endpoint,
        method: 'POST',
        headers: [
            { name: 'Content-Type', value: 'application/json' },
            { name: 'X-Api-Key', value: 'apex-may-not-set-this' }
        ],
        body,
        timeoutMs: 1234
    });

    test('sends the key, records it only as REDACTED (headers, body, errors)', () => {
        const sent: unknown[] = [];
        const recorded: unknown[] = [];
        const t = namedCredentialTransport({
            metadata: md,
            credentials: store,
            send: (r) => {
                sent.push(r);
                return { statusCode: 201, status: 'Created', headers: [], body: '{}' };
            },
            record: (c) => recorded.push(c)
        });
        const res = t(req('callout:Shop/orders', `{"echo":"${KEY}"}`));
        expect(res.statusCode).toBe(201);
        expect(sent).toEqual([
            {
                url: 'https://shop.example.invalid/v2/orders',
                method: 'POST',
                headers: [
                    { name: 'Content-Type', value: 'application/json' },
                    { name: 'X-Api-Key', value: KEY },
                    { name: 'X-Tenant', value: 't-acme' }
                ],
                body: `{"echo":"${KEY}"}`,
                timeoutMs: 1234
            }
        ]);
        expect(JSON.stringify(recorded)).not.toContain(KEY);
        expect(recorded[0]).toMatchObject({
            headers: [
                { name: 'Content-Type', value: 'application/json' },
                { name: 'X-Api-Key', value: 'REDACTED' },
                { name: 'X-Tenant', value: 'REDACTED' }
            ],
            body: '{"echo":"REDACTED"}',
            statusCode: 201
        });
        const failing = namedCredentialTransport({
            metadata: md,
            credentials: store,
            send: () => {
                throw new CalloutError(`boom ${KEY}`);
            },
            record: (c) => recorded.push(c)
        });
        expect(() => failing(req('callout:Shop/x'))).toThrow(CalloutError);
        expect(JSON.stringify(recorded)).not.toContain(KEY);
    });

    test('a non-callout endpoint is unsupported', () => {
        const t = namedCredentialTransport({ metadata: md, credentials: store, send: () => fail('no send') });
        expect(() => t(req('https://shop.example.invalid/orders'))).toThrow(ApexRuntimeUnsupported);
    });

    test('real HTTP: connection refused → CalloutError', async () => {
        // a port that was free a moment ago (nothing listens on it)
        const srv = net.createServer();
        await new Promise<void>((r) => srv.listen(0, '127.0.0.1', () => r()));
        const port = (srv.address() as net.AddressInfo).port;
        await new Promise<void>((r) => srv.close(() => r()));
        const t = namedCredentialTransport({
            metadata: md,
            credentials: store,
            urlOverrides: { Shop: `http://127.0.0.1:${port}` }
        });
        expect(() => t(req('callout:Shop/x'))).toThrow(/Unable to connect: ECONNREFUSED/);
    });
});

describe('the interpreter hook (services.calloutTransport)', () => {
    const APEX = `
HttpRequest req = new HttpRequest();
req.setEndpoint('callout:Shop/orders');
req.setMethod('POST');
req.setBody('{"a":1}');
try {
    HttpResponse res = new Http().send(req);
    System.debug(res.getStatusCode() + ' ' + res.getStatus() + ' ' + res.getHeader('x-answer') + ' ' + res.getBody());
} catch (CalloutException e) {
    System.debug('CalloutException: ' + e.getMessage());
}`;
    const session = (): Session =>
        new Session(loadProgram({ root: os.tmpdir(), sourceDirs: [], classes: [], triggers: [] }));

    test('outside a test without a transport: unsupported (unchanged)', () => {
        const s = session();
        const o = s.runAnonymous(APEX);
        expect(o).toMatchObject({ kind: 'unsupported' });
        expect((o as { message: string }).message).toMatch(/HTTP callout outside a test/);
    });

    test('outside a test with a transport: the answer reaches Apex; CalloutError → CalloutException', () => {
        const s = session();
        const md = loadCalloutMetadata(fixture());
        let answer: 'ok' | 'fail' = 'ok';
        installCalloutTransport(
            s.it,
            namedCredentialTransport({
                metadata: md,
                credentials: store,
                send: () => {
                    if (answer === 'fail') throw new CalloutError('Read timed out');
                    return {
                        statusCode: 202,
                        status: 'Accepted',
                        headers: [{ name: 'X-Answer', value: '42' }],
                        body: 'done'
                    };
                }
            })
        );
        expect(s.runAnonymous(APEX)).toEqual({ kind: 'ok' });
        answer = 'fail';
        expect(s.runAnonymous(APEX)).toEqual({ kind: 'ok' });
        expect(s.debug.map((d) => d.message)).toEqual(['202 Accepted 42 done', 'CalloutException: Read timed out']);
    });

    test('in a test context the transport is never used: Test.setMock stays required', () => {
        const s = session();
        let calls = 0;
        installCalloutTransport(s.it, () => {
            calls++;
            return { statusCode: 200, status: 'OK', headers: [], body: '' };
        });
        s.it.services.test = newTestState(true);
        expect(s.runAnonymous(APEX)).toEqual({ kind: 'ok' });
        expect(s.debug.map((d) => d.message)).toEqual([
            'CalloutException: Methods defined as TestMethod do not support Web service callouts'
        ]);
        expect(calls).toBe(0);
    });
});
