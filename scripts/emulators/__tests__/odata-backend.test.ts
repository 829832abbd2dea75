import { ApimEmulator, startApimEmulator } from '../apim-d365';
import { PRIMARY_KEY, Reply, send } from './http-client';

const ODATA_JSON = 'application/json; odata.metadata=minimal; charset=utf-8';
const NO_PROPERTY = (name: string) =>
    `The property '${name}' does not exist on type 'Microsoft.Dynamics.DataEntities.CustomerV3'. Make sure to only use property names that are defined by the type or mark the type as open type.`;

describe('D365 backend, odata mode (/data/CustomersV3)', () => {
    let emulator: ApimEmulator;
    let set: string;
    const headers = { 'Ocp-Apim-Subscription-Key': PRIMARY_KEY, 'Content-Type': 'application/json' };
    const create = (body: unknown): Promise<Reply> =>
        send(set, { method: 'POST', headers, body: JSON.stringify(body) });
    const keyUrl = (company: string, account: string) =>
        `${set}(dataAreaId='${company}',CustomerAccount='${encodeURIComponent(account)}')`;

    beforeEach(async () => {
        emulator = await startApimEmulator({ keys: [PRIMARY_KEY], mode: 'odata', customerGroups: ['10', '20'] });
        set = `${emulator.url}/data/CustomersV3`;
    });
    afterEach(() => emulator.stop());

    it('creates with POST: 201, Location, OData headers and the entity with context and etag', async () => {
        const reply = await create({
            CustomerAccount: 'US-001',
            OrganizationName: 'Contoso Ltd',
            CustomerGroupId: '10',
            SalesCurrencyCode: 'USD'
        });
        expect(reply.status).toBe(201);
        expect(reply.headers['content-type']).toBe(ODATA_JSON);
        expect(reply.headers['odata-version']).toBe('4.0');
        expect(reply.headers.location).toBe(`${set}(dataAreaId='usmf',CustomerAccount='US-001')`);
        const body = JSON.parse(reply.body) as Record<string, unknown>;
        expect(body).toEqual({
            '@odata.context': `${emulator.url}/data/$metadata#CustomersV3/$entity`,
            '@odata.etag': expect.stringMatching(/^W\/".+"$/),
            dataAreaId: 'usmf',
            CustomerAccount: 'US-001',
            OrganizationName: 'Contoso Ltd',
            CustomerGroupId: '10',
            SalesCurrencyCode: 'USD'
        });
        expect(emulator.customers.get('US-001')?.dataAreaId).toBe('usmf');
    });

    it('assigns CustomerAccount from the number sequence when the body has none', async () => {
        const reply = await create({ OrganizationName: 'Fabrikam', CustomerGroupId: '20', dataAreaId: 'usrt' });
        expect(reply.status).toBe(201);
        expect(JSON.parse(reply.body)).toMatchObject({ CustomerAccount: 'SF-000001', dataAreaId: 'usrt' });
    });

    it('refuses properties CustomersV3 does not have (salesforceId) with 400', async () => {
        const reply = await create({ OrganizationName: 'Contoso', CustomerGroupId: '10', salesforceId: '001A' });
        expect(reply.status).toBe(400);
        expect(reply.headers['content-type']).toBe(ODATA_JSON);
        expect(JSON.parse(reply.body)).toEqual({
            error: {
                code: '',
                message: 'An error has occurred.',
                innererror: {
                    message: NO_PROPERTY('salesforceId'),
                    type: 'Microsoft.OData.ODataException',
                    stacktrace: ''
                }
            }
        });
        expect(emulator.customers.size).toBe(0);
    });

    it('answers write failures with the F&O Infolog error (500 by default)', async () => {
        const noName = await create({ CustomerGroupId: '10' });
        expect(noName.status).toBe(500);
        expect(JSON.parse(noName.body)).toEqual({
            error: {
                code: '',
                message: 'An error has occurred.',
                innererror: {
                    message:
                        "Write failed for table row of type 'CustCustomerV3Entity'. Infolog: Warning: Field 'Organization name' must be filled in.; Warning: validateField failed on field 'CustCustomerV3Entity.OrganizationName'.",
                    type: 'Microsoft.Dynamics.Platform.Integration.Services.OData.AxODataWriteException',
                    stacktrace: ''
                }
            }
        });
        const badGroup = await create({ OrganizationName: 'Contoso', CustomerGroupId: 'Local' });
        expect(badGroup.status).toBe(500);
        expect(JSON.parse(badGroup.body).error.innererror.message).toBe(
            "Write failed for table row of type 'CustCustomerV3Entity'. Infolog: Warning: The value 'Local' in field 'Customer group' is not found in the related table 'Customer groups'.; Warning: validateField failed on field 'CustCustomerV3Entity.CustomerGroupId'."
        );
        await create({ CustomerAccount: 'US-001', OrganizationName: 'A', CustomerGroupId: '10' });
        const duplicate = await create({ CustomerAccount: 'US-001', OrganizationName: 'B', CustomerGroupId: '10' });
        expect(duplicate.status).toBe(500);
        expect(JSON.parse(duplicate.body).error.innererror.message).toBe(
            "Write failed for table row of type 'CustCustomerV3Entity'. Infolog: Error: Cannot create a record in Customers (CustTable). Customer account: US-001, usmf. The record already exists."
        );
        expect(emulator.customers.size).toBe(1);
    });

    it('uses 400 for write failures when odataErrorStatus is 400, and accepts any property when not strict', async () => {
        await emulator.stop();
        emulator = await startApimEmulator({
            keys: [PRIMARY_KEY],
            mode: 'odata',
            odataErrorStatus: 400,
            odataStrictProperties: false
        });
        set = `${emulator.url}/data/CustomersV3`;
        expect((await create({ CustomerGroupId: 'any' })).status).toBe(400);
        const loose = await create({ OrganizationName: 'Loose', salesforceId: '001A', CustomerGroupId: 'any' });
        expect(loose.status).toBe(201);
        expect(JSON.parse(loose.body).salesforceId).toBe('001A');
    });

    it('reads one entity by its two keys (any order, case-insensitive values) and 404s an unknown one', async () => {
        await create({ CustomerAccount: "O'Neil-1", OrganizationName: 'Quote', CustomerGroupId: '10' });
        const one = await send(`${set}(CustomerAccount='O''Neil-1',dataAreaId='USMF')`, { headers });
        expect(one.status).toBe(200);
        const body = JSON.parse(one.body);
        expect(body['@odata.context']).toBe(`${emulator.url}/data/$metadata#CustomersV3/$entity`);
        expect(body).toMatchObject({ CustomerAccount: "O'Neil-1", dataAreaId: 'usmf', OrganizationName: 'Quote' });
        expect(one.headers.etag).toBe(body['@odata.etag']);

        const missing = await send(keyUrl('usmf', 'NOPE'), { headers });
        expect(missing.status).toBe(404);
        expect(JSON.parse(missing.body)).toEqual({
            error: { code: '', message: "Resource not found for the segment 'CustomersV3'." }
        });
    });

    it('refuses a key segment without both keys', async () => {
        const reply = await send(`${set}('US-001')`, { headers });
        expect(reply.status).toBe(400);
        expect(JSON.parse(reply.body).error.innererror.message).toBe(
            "The number of keys specified in the URI does not match number of key properties for the resource 'Microsoft.Dynamics.DataEntities.CustomerV3'."
        );
    });

    it('updates with PATCH: 204 without body, merged fields, new etag; 404 when missing; validation applies', async () => {
        const created = JSON.parse(
            (await create({ CustomerAccount: 'US-001', OrganizationName: 'Old', CustomerGroupId: '10' })).body
        );
        const patch = await send(keyUrl('usmf', 'US-001'), {
            method: 'PATCH',
            headers,
            body: JSON.stringify({ OrganizationName: 'New', AddressCity: 'Seattle' })
        });
        expect(patch.status).toBe(204);
        expect(patch.body).toBe('');
        expect(patch.headers['odata-version']).toBe('4.0');
        const after = JSON.parse((await send(keyUrl('usmf', 'US-001'), { headers })).body);
        expect(after).toMatchObject({ OrganizationName: 'New', AddressCity: 'Seattle', CustomerGroupId: '10' });
        expect(after['@odata.etag']).not.toBe(created['@odata.etag']);

        const missing = await send(keyUrl('usmf', 'US-404'), {
            method: 'PATCH',
            headers,
            body: '{"OrganizationName":"X"}'
        });
        expect(missing.status).toBe(404);
        const invalid = await send(keyUrl('usmf', 'US-001'), {
            method: 'PATCH',
            headers,
            body: '{"OrganizationName":""}'
        });
        expect(invalid.status).toBe(500);
        const unknown = await send(keyUrl('usmf', 'US-001'), { method: 'PATCH', headers, body: '{"Bogus":1}' });
        expect(unknown.status).toBe(400);
        expect(JSON.parse(unknown.body).error.innererror.message).toBe(NO_PROPERTY('Bogus'));
        const notJson = await send(keyUrl('usmf', 'US-001'), { method: 'PATCH', headers, body: '{' });
        expect(notJson.status).toBe(400);
    });

    it('lists the default company, all companies with cross-company=true, and filters with eq', async () => {
        await create({ CustomerAccount: 'US-001', OrganizationName: 'Contoso', CustomerGroupId: '10' });
        await create({ CustomerAccount: 'US-002', OrganizationName: 'Fabrikam', CustomerGroupId: '20' });
        await create({
            CustomerAccount: 'RT-001',
            OrganizationName: 'Retail',
            CustomerGroupId: '10',
            dataAreaId: 'usrt'
        });

        const list = await send(set, { headers });
        expect(list.status).toBe(200);
        const body = JSON.parse(list.body);
        expect(body['@odata.context']).toBe(`${emulator.url}/data/$metadata#CustomersV3`);
        expect(body.value.map((c: { CustomerAccount: string }) => c.CustomerAccount)).toEqual(['US-001', 'US-002']);

        const all = JSON.parse((await send(`${set}?cross-company=true`, { headers })).body);
        expect(all.value).toHaveLength(3);

        const filtered = JSON.parse(
            (
                await send(
                    `${set}?$filter=${encodeURIComponent("CustomerGroupId eq '10' and OrganizationName eq 'contoso'")}`,
                    { headers }
                )
            ).body
        );
        expect(filtered.value.map((c: { CustomerAccount: string }) => c.CustomerAccount)).toEqual(['US-001']);

        const top = JSON.parse((await send(`${set}?$top=1&cross-company=true`, { headers })).body);
        expect(top.value).toHaveLength(1);

        const unsupported = await send(`${set}?$filter=${encodeURIComponent("startswith(OrganizationName,'C')")}`, {
            headers
        });
        expect(unsupported.status).toBe(501);
    });

    it('does not serve the custom push operation in odata mode', async () => {
        const reply = await send(`${emulator.url}/api/accounts`, {
            method: 'POST',
            headers,
            body: '{"OrganizationName":"X"}'
        });
        expect(reply.status).toBe(404);
        expect(reply.body).toBe('{ "statusCode": 404, "message": "Resource not found" }');
    });

    it('validation-400 fault answers the OData error shape in odata mode', async () => {
        emulator.setFault({ kind: 'validation-400', message: 'Bad value.' });
        const reply = await create({ OrganizationName: 'X', CustomerGroupId: '10' });
        expect(reply.status).toBe(400);
        expect(JSON.parse(reply.body)).toEqual({
            error: {
                code: '',
                message: 'An error has occurred.',
                innererror: { message: 'Bad value.', type: 'Microsoft.OData.ODataException', stacktrace: '' }
            }
        });
    });
});
