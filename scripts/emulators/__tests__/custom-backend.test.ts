import { ApimEmulator, startApimEmulator } from '../apim-d365';
import { PRIMARY_KEY, post, send } from './http-client';

// A body as D365PayloadBuilder builds it from config/d365-field-mapping.json, plus salesforceId.
const CONTOSO = {
    OrganizationName: 'Contoso Ltd',
    AddressStreet: '1 Main Street',
    AddressCity: 'Seattle',
    AddressZipCode: '98052',
    AddressCountryRegionId: 'USA',
    PrimaryContactPhone: '+1 425 555 0100',
    salesforceId: '0015h0000000001AAA'
};

describe('D365 backend, custom mode (POST/GET /api/accounts)', () => {
    let emulator: ApimEmulator;
    let url: string;

    beforeEach(async () => {
        emulator = await startApimEmulator({ keys: [PRIMARY_KEY] });
        url = `${emulator.url}/api/accounts`;
    });
    afterEach(() => emulator.stop());

    it('creates a customer and answers 200 with status, CustomerAccount and dataAreaId', async () => {
        const reply = await post(url, PRIMARY_KEY, CONTOSO, 'key-1');
        expect(reply.status).toBe(200);
        expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(reply.body).toBe('{"status":"Created","CustomerAccount":"SF-000001","dataAreaId":"usmf"}');
        expect(reply.headers['idempotent-replayed']).toBeUndefined();

        const stored = emulator.customers.get('SF-000001');
        expect(stored).toMatchObject({
            CustomerAccount: 'SF-000001',
            dataAreaId: 'usmf',
            salesforceId: '0015h0000000001AAA',
            version: 1
        });
        expect(stored?.fields).toEqual({
            OrganizationName: 'Contoso Ltd',
            AddressStreet: '1 Main Street',
            AddressCity: 'Seattle',
            AddressZipCode: '98052',
            AddressCountryRegionId: 'USA',
            PrimaryContactPhone: '+1 425 555 0100'
        });
        expect(emulator.requests[0]).toMatchObject({
            method: 'POST',
            path: '/api/accounts',
            status: 200,
            body: JSON.stringify(CONTOSO),
            keySource: 'header',
            keyValid: true
        });
        expect(emulator.requests[0].headers['idempotency-key']).toBe('key-1');
        expect(emulator.requests[0].headers['content-type']).toBe('application/json;charset=UTF-8');
    });

    it('numbers new customers in sequence, honouring the prefix and first number options', async () => {
        await emulator.stop();
        emulator = await startApimEmulator({
            keys: [PRIMARY_KEY],
            accountNumberPrefix: 'C-',
            firstAccountNumber: 123,
            dataAreaId: 'demf'
        });
        url = `${emulator.url}/api/accounts`;
        const first = await post(url, PRIMARY_KEY, { OrganizationName: 'A', salesforceId: '001A' }, 'a');
        const second = await post(url, PRIMARY_KEY, { OrganizationName: 'B', salesforceId: '001B' }, 'b');
        expect(JSON.parse(first.body)).toEqual({ status: 'Created', CustomerAccount: 'C-000123', dataAreaId: 'demf' });
        expect(JSON.parse(second.body)).toEqual({ status: 'Created', CustomerAccount: 'C-000124', dataAreaId: 'demf' });
    });

    it('upserts by salesforceId: a new key for the same record updates it and merges the fields', async () => {
        await post(url, PRIMARY_KEY, CONTOSO, 'key-1');
        const update = await post(
            url,
            PRIMARY_KEY,
            { OrganizationName: 'Contoso Limited', AddressCity: null, salesforceId: CONTOSO.salesforceId },
            'key-2'
        );
        expect(update.status).toBe(200);
        expect(update.body).toBe('{"status":"Updated","CustomerAccount":"SF-000001","dataAreaId":"usmf"}');
        expect(emulator.customers.size).toBe(1);
        const stored = emulator.customers.get('SF-000001');
        expect(stored?.version).toBe(2);
        expect(stored?.fields.OrganizationName).toBe('Contoso Limited');
        expect(stored?.fields.AddressCity).toBeNull();
        expect(stored?.fields.AddressStreet).toBe('1 Main Street');
    });

    it('creates a separate customer for another salesforceId', async () => {
        await post(url, PRIMARY_KEY, CONTOSO, 'key-1');
        const other = await post(url, PRIMARY_KEY, { ...CONTOSO, salesforceId: '0015h0000000002AAA' }, 'key-2');
        expect(JSON.parse(other.body)).toEqual({ status: 'Created', CustomerAccount: 'SF-000002', dataAreaId: 'usmf' });
        expect(emulator.customers.size).toBe(2);
    });

    it('is idempotent by Idempotency-Key: the same key twice returns the same answer and changes nothing', async () => {
        const first = await post(url, PRIMARY_KEY, CONTOSO, 'same-key');
        const second = await post(url, PRIMARY_KEY, { ...CONTOSO, OrganizationName: 'Changed' }, 'same-key');
        expect(second.status).toBe(200);
        expect(second.body).toBe(first.body);
        expect(second.headers['idempotent-replayed']).toBe('true');
        expect(emulator.customers.size).toBe(1);
        expect(emulator.customers.get('SF-000001')?.fields.OrganizationName).toBe('Contoso Ltd');
        expect(emulator.customers.get('SF-000001')?.version).toBe(1);
    });

    it('uses X-Correlation-Id when Idempotency-Key is absent', async () => {
        const headers = {
            'Content-Type': 'application/json',
            'Ocp-Apim-Subscription-Key': PRIMARY_KEY,
            'X-Correlation-Id': 'corr-1'
        };
        const body = JSON.stringify({ OrganizationName: 'No SF id' });
        const first = await send(url, { method: 'POST', headers, body });
        const second = await send(url, { method: 'POST', headers, body });
        expect(first.body).toBe('{"status":"Created","CustomerAccount":"SF-000001","dataAreaId":"usmf"}');
        expect(second.body).toBe(first.body);
        expect(second.headers['idempotent-replayed']).toBe('true');
        expect(emulator.customers.size).toBe(1);
    });

    it('without any idempotency header and without salesforceId every POST creates a customer', async () => {
        const headers = { 'Content-Type': 'application/json', 'Ocp-Apim-Subscription-Key': PRIMARY_KEY };
        const body = JSON.stringify({ OrganizationName: 'Anonymous' });
        await send(url, { method: 'POST', headers, body });
        await send(url, { method: 'POST', headers, body });
        expect([...emulator.customers.keys()]).toEqual(['SF-000001', 'SF-000002']);
    });

    it('updates the customer named by CustomerAccount, and creates one with a given unknown number', async () => {
        await post(url, PRIMARY_KEY, CONTOSO, 'key-1');
        const byNumber = await post(
            url,
            PRIMARY_KEY,
            { CustomerAccount: 'sf-000001', OrganizationName: 'By number' },
            'k2'
        );
        expect(JSON.parse(byNumber.body)).toEqual({
            status: 'Updated',
            CustomerAccount: 'SF-000001',
            dataAreaId: 'usmf'
        });
        expect(emulator.customers.get('SF-000001')?.salesforceId).toBe(CONTOSO.salesforceId);

        const given = await post(
            url,
            PRIMARY_KEY,
            { CustomerAccount: 'US-042', dataAreaId: 'usrt', OrganizationName: 'Given', salesforceId: '001X' },
            'k3'
        );
        expect(JSON.parse(given.body)).toEqual({ status: 'Created', CustomerAccount: 'US-042', dataAreaId: 'usrt' });
    });

    it('answers 409 when CustomerAccount belongs to another Salesforce record', async () => {
        await post(url, PRIMARY_KEY, CONTOSO, 'key-1');
        const clash = await post(
            url,
            PRIMARY_KEY,
            { CustomerAccount: 'SF-000001', OrganizationName: 'Other', salesforceId: '0015h0000000009AAA' },
            'key-2'
        );
        expect(clash.status).toBe(409);
        expect(JSON.parse(clash.body)).toEqual({
            status: 'Error',
            errors: [
                {
                    field: 'CustomerAccount',
                    message: 'Customer account SF-000001 belongs to another Salesforce record.'
                }
            ]
        });
    });

    it('validates the body: OrganizationName required, JSON object, string keys, JSON content type', async () => {
        const cases: Array<[unknown, number, unknown]> = [
            [
                { salesforceId: '001A' },
                400,
                { status: 'Error', errors: [{ field: 'OrganizationName', message: 'OrganizationName is required.' }] }
            ],
            [
                { OrganizationName: '   ' },
                400,
                { status: 'Error', errors: [{ field: 'OrganizationName', message: 'OrganizationName is required.' }] }
            ],
            [
                '{"OrganizationName":',
                400,
                { status: 'Error', errors: [{ field: null, message: 'The request body is not valid JSON.' }] }
            ],
            [
                '["OrganizationName"]',
                400,
                { status: 'Error', errors: [{ field: null, message: 'The request body must be a JSON object.' }] }
            ],
            [
                { OrganizationName: 'X', salesforceId: 42 },
                400,
                { status: 'Error', errors: [{ field: 'salesforceId', message: 'salesforceId must be a string.' }] }
            ]
        ];
        for (const [body, status, expected] of cases) {
            const reply = await post(url, PRIMARY_KEY, body);
            expect({ status: reply.status, body: JSON.parse(reply.body) as unknown }).toEqual({
                status,
                body: expected
            });
        }
        const text = await send(url, {
            method: 'POST',
            headers: { 'Content-Type': 'text/plain', 'Ocp-Apim-Subscription-Key': PRIMARY_KEY },
            body: '{"OrganizationName":"X"}'
        });
        expect(text.status).toBe(415);
        expect(JSON.parse(text.body)).toEqual({
            status: 'Error',
            errors: [{ field: null, message: 'Content-Type must be application/json.' }]
        });
        expect(emulator.customers.size).toBe(0);
    });

    it('does not remember failed attempts: the same key succeeds once the data is fixed', async () => {
        const bad = await post(url, PRIMARY_KEY, { salesforceId: '001A' }, 'retry-key');
        expect(bad.status).toBe(400);
        const fixed = await post(url, PRIMARY_KEY, { salesforceId: '001A', OrganizationName: 'Fixed' }, 'retry-key');
        expect(fixed.status).toBe(200);
        expect(JSON.parse(fixed.body).status).toBe('Created');
        expect(fixed.headers['idempotent-replayed']).toBeUndefined();
    });

    it('answers the Test connection GET with 200 and no data', async () => {
        await post(url, PRIMARY_KEY, CONTOSO, 'key-1');
        const ping = await send(url, {
            headers: { 'Ocp-Apim-Subscription-Key': PRIMARY_KEY, Accept: 'application/json' }
        });
        expect(ping.status).toBe(200);
        expect(ping.body).toBe('{"status":"OK","service":"d365-apim-emulator","mode":"custom"}');
    });

    it('returns one stored customer by number, and 404 for an unknown one', async () => {
        await post(url, PRIMARY_KEY, CONTOSO, 'key-1');
        const one = await send(`${url}/SF-000001`, { headers: { 'Ocp-Apim-Subscription-Key': PRIMARY_KEY } });
        expect(one.status).toBe(200);
        expect(JSON.parse(one.body)).toEqual({
            CustomerAccount: 'SF-000001',
            dataAreaId: 'usmf',
            salesforceId: '0015h0000000001AAA',
            OrganizationName: 'Contoso Ltd',
            AddressStreet: '1 Main Street',
            AddressCity: 'Seattle',
            AddressZipCode: '98052',
            AddressCountryRegionId: 'USA',
            PrimaryContactPhone: '+1 425 555 0100'
        });
        const missing = await send(`${url}/SF-999999`, { headers: { 'Ocp-Apim-Subscription-Key': PRIMARY_KEY } });
        expect(missing.status).toBe(404);
        expect(JSON.parse(missing.body)).toEqual({
            status: 'Error',
            errors: [{ field: 'CustomerAccount', message: 'Customer account SF-999999 was not found.' }]
        });
        expect(missing.headers['content-type']).toBe('application/json; charset=utf-8');
    });

    it('does not serve the OData operations in custom mode', async () => {
        const reply = await send(`${emulator.url}/data/CustomersV3`, {
            headers: { 'Ocp-Apim-Subscription-Key': PRIMARY_KEY }
        });
        expect(reply.status).toBe(404);
        expect(reply.body).toBe('{ "statusCode": 404, "message": "Resource not found" }');
    });

    it('refuses a body over maxBodyBytes with 413 at the gateway', async () => {
        await emulator.stop();
        emulator = await startApimEmulator({ keys: [PRIMARY_KEY], maxBodyBytes: 64 });
        const reply = await post(
            `${emulator.url}/api/accounts`,
            PRIMARY_KEY,
            { OrganizationName: 'x'.repeat(100) },
            'k'
        );
        expect(reply.status).toBe(413);
        expect(reply.body).toBe('{ "statusCode": 413, "message": "Request entity too large" }');
        expect(emulator.customers.size).toBe(0);
    });

    it('reset() forgets requests, customers, idempotency keys and the number sequence', async () => {
        await post(url, PRIMARY_KEY, CONTOSO, 'key-1');
        emulator.setFault({ kind: 'backend-503' });
        emulator.reset();
        expect(emulator.requests).toHaveLength(0);
        expect(emulator.customers.size).toBe(0);
        expect(emulator.pendingFaults()).toEqual([]);
        const again = await post(url, PRIMARY_KEY, { ...CONTOSO, OrganizationName: 'After reset' }, 'key-1');
        expect(again.body).toBe('{"status":"Created","CustomerAccount":"SF-000001","dataAreaId":"usmf"}');
        expect(again.headers['idempotent-replayed']).toBeUndefined();
        expect(emulator.customers.get('SF-000001')?.fields.OrganizationName).toBe('After reset');
    });
});
