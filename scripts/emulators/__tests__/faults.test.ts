import { ApimEmulator, startApimEmulator } from '../apim-d365';
import { PRIMARY_KEY, Reply, UUID_RE, post, send } from './http-client';

const BODY = { OrganizationName: 'Contoso Ltd', salesforceId: '0015h0000000001AAA' };
const CREATED = '{"status":"Created","CustomerAccount":"SF-000001","dataAreaId":"usmf"}';

describe('APIM emulator: fault injection', () => {
    let emulator: ApimEmulator;
    let url: string;
    const push = (key = 'key-1'): Promise<Reply> => post(url, PRIMARY_KEY, BODY, key);
    const ping = (): Promise<Reply> => send(url, { headers: { 'Ocp-Apim-Subscription-Key': PRIMARY_KEY } });

    beforeEach(async () => {
        emulator = await startApimEmulator({ keys: [PRIMARY_KEY], backendTimeoutMs: 100 });
        url = `${emulator.url}/api/accounts`;
    });
    afterEach(() => emulator.stop());

    it('applies a fault to the next N requests, then the backend answers normally', async () => {
        emulator.setFault({ kind: 'backend-503', times: 2 });
        expect(emulator.pendingFaults()).toEqual([{ kind: 'backend-503', remaining: 2 }]);
        expect((await push()).status).toBe(503);
        expect(emulator.pendingFaults()).toEqual([{ kind: 'backend-503', remaining: 1 }]);
        expect((await push()).status).toBe(503);
        expect(emulator.pendingFaults()).toEqual([]);
        const ok = await push();
        expect(ok.status).toBe(200);
        expect(ok.body).toBe(CREATED);
        expect(emulator.requests.map((r) => r.fault)).toEqual(['backend-503', 'backend-503', undefined]);
    });

    it('runs queued faults in order (first 503, then 500, then success)', async () => {
        emulator.setFault({ kind: 'backend-503' });
        emulator.setFault({ kind: 'backend-500' });
        expect((await push()).status).toBe(503);
        expect((await push()).status).toBe(500);
        expect((await push()).status).toBe(200);
    });

    it('applies a `chance` fault to about that share of the matching requests, repeatably for a seed', async () => {
        const run = async (seed: number): Promise<number[]> => {
            emulator.clearFaults();
            emulator.setFault({ kind: 'backend-503', times: Infinity, chance: 0.25, seed });
            const statuses: number[] = [];
            for (let i = 0; i < 40; i++) statuses.push((await push(`k-${seed}-${i}`)).status);
            return statuses;
        };
        const a = await run(7);
        const faulted = a.filter((s) => s === 503).length;
        expect(faulted).toBeGreaterThan(2);
        expect(faulted).toBeLessThan(20);
        expect(a.every((s) => s === 503 || s === 200)).toBe(true);
        expect(await run(7)).toEqual(a.map((s) => (s === 200 ? 200 : 503)));
        emulator.clearFaults();
        emulator.setFault({ kind: 'backend-500', times: 1, chance: 0 });
        expect((await push('never')).status).toBe(200);
        expect(emulator.pendingFaults()).toEqual([{ kind: 'backend-500', remaining: 1 }]);
        expect(() => emulator.setFault({ kind: 'backend-500', chance: 2 })).toThrow(RangeError);
    });

    it('matches faults by path and method only', async () => {
        emulator.setFault({ kind: 'backend-502', path: '/api/accounts', method: 'post', times: Infinity });
        expect(emulator.pendingFaults()).toEqual([
            { kind: 'backend-502', remaining: Infinity, path: '/api/accounts', method: 'POST' }
        ]);
        expect((await ping()).status).toBe(200); // GET is not matched
        expect((await push()).status).toBe(502);
        expect((await push('key-2')).status).toBe(502);
        emulator.clearFaults();
        expect((await push('key-3')).status).toBe(200);

        emulator.setFault({ kind: 'backend-504', path: /^\/api\/accounts\/SF-/ });
        expect((await ping()).status).toBe(200);
        const one = await send(`${url}/SF-000001`, { headers: { 'Ocp-Apim-Subscription-Key': PRIMARY_KEY } });
        expect(one.status).toBe(504);
    });

    it('does not consume faults on requests the gateway refuses', async () => {
        emulator.setFault({ kind: 'backend-500' });
        const noKey = await post(url, undefined, BODY, 'k');
        expect(noKey.status).toBe(401);
        const notFound = await send(`${emulator.url}/elsewhere`, {
            headers: { 'Ocp-Apim-Subscription-Key': PRIMARY_KEY }
        });
        expect(notFound.status).toBe(404);
        expect(emulator.pendingFaults()).toHaveLength(1);
        expect((await push()).status).toBe(500);
    });

    it('backend-500 answers the F&O OData error shape and leaves no customer behind', async () => {
        emulator.setFault({ kind: 'backend-500' });
        const reply = await push();
        expect(reply.status).toBe(500);
        expect(reply.headers['content-type']).toBe('application/json; odata.metadata=minimal; charset=utf-8');
        expect(reply.headers['odata-version']).toBe('4.0');
        expect(reply.headers['apim-request-id']).toMatch(UUID_RE);
        expect(JSON.parse(reply.body)).toEqual({
            error: {
                code: '',
                message: 'An error has occurred.',
                innererror: {
                    message:
                        "Write failed for table row of type 'CustCustomerV3Entity'. Infolog: Error: emulated backend failure (fault injection).",
                    type: 'Microsoft.Dynamics.Platform.Integration.Services.OData.AxODataWriteException',
                    stacktrace: ''
                }
            }
        });
        expect(emulator.customers.size).toBe(0);
    });

    it.each([
        ['backend-502', 502, 'Bad Gateway'],
        ['backend-503', 503, 'Service Unavailable'],
        ['backend-504', 504, 'Gateway Timeout'],
        ['backend-408', 408, 'Request Timeout']
    ] as const)('%s passes the backend status %i through with a JSON error body', async (kind, status, message) => {
        emulator.setFault({ kind });
        const reply = await push();
        expect(reply.status).toBe(status);
        expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(JSON.parse(reply.body)).toEqual({ error: { code: '', message } });
        expect(reply.headers['retry-after']).toBeUndefined();
        expect(emulator.customers.size).toBe(0);
    });

    it('backend-429 (D365 throttling) carries Retry-After, default 30 s, configurable; 503 only when asked', async () => {
        emulator.setFault({ kind: 'backend-429' });
        emulator.setFault({ kind: 'backend-429', retryAfterSeconds: 7, message: 'Throttled' });
        emulator.setFault({ kind: 'backend-503', retryAfterSeconds: 12 });
        const first = await push();
        expect(first.status).toBe(429);
        expect(first.headers['retry-after']).toBe('30');
        expect(JSON.parse(first.body)).toEqual({ error: { code: '', message: 'Too many requests' } });
        const second = await push();
        expect(second.headers['retry-after']).toBe('7');
        expect(JSON.parse(second.body)).toEqual({ error: { code: '', message: 'Throttled' } });
        const third = await push();
        expect(third.status).toBe(503);
        expect(third.headers['retry-after']).toBe('12');
    });

    it('validation-400 answers the custom error shape', async () => {
        emulator.setFault({
            kind: 'validation-400',
            field: 'AddressCountryRegionId',
            message: "Country 'XX' is unknown."
        });
        const reply = await push();
        expect(reply.status).toBe(400);
        expect(JSON.parse(reply.body)).toEqual({
            status: 'Error',
            errors: [{ field: 'AddressCountryRegionId', message: "Country 'XX' is unknown." }]
        });
        emulator.setFault({ kind: 'validation-400' });
        const defaults = await push('key-2');
        expect(JSON.parse(defaults.body)).toEqual({
            status: 'Error',
            errors: [{ field: 'OrganizationName', message: 'Emulated validation error (fault injection).' }]
        });
        expect(emulator.customers.size).toBe(0);
    });

    it('malformed-json answers 200 with a truncated body after the write happened', async () => {
        emulator.setFault({ kind: 'malformed-json' });
        const reply = await push('key-m');
        expect(reply.status).toBe(200);
        expect(reply.headers['content-type']).toBe('application/json; charset=utf-8');
        expect(reply.body.length).toBeGreaterThan(0);
        expect(CREATED.startsWith(reply.body)).toBe(true);
        expect(() => JSON.parse(reply.body)).toThrow();
        expect(emulator.customers.size).toBe(1);
        // The retry with the same key gets the real answer.
        const retry = await push('key-m');
        expect(retry.body).toBe(CREATED);
        expect(retry.headers['idempotent-replayed']).toBe('true');
    });

    it('malformed-json without commit writes nothing; status override applies', async () => {
        emulator.setFault({ kind: 'malformed-json', commit: false, status: 201 });
        const reply = await push();
        expect(reply.status).toBe(201);
        expect(() => JSON.parse(reply.body)).toThrow();
        expect(emulator.customers.size).toBe(0);
    });

    it('empty-body answers 200 with no body after the write happened', async () => {
        emulator.setFault({ kind: 'empty-body' });
        const reply = await push();
        expect(reply.status).toBe(200);
        expect(reply.body).toBe('');
        expect(reply.headers['content-length']).toBe('0');
        expect(emulator.customers.size).toBe(1);
    });

    it('commit: true on a 504 lets the retry with the same key get the original customer', async () => {
        emulator.setFault({ kind: 'backend-504', commit: true });
        expect((await push('key-c')).status).toBe(504);
        expect(emulator.customers.size).toBe(1);
        const retry = await push('key-c');
        expect(retry.status).toBe(200);
        expect(retry.body).toBe(CREATED);
        expect(emulator.customers.size).toBe(1);
    });

    it('hang: the gateway answers 500 with activityId after backendTimeoutMs', async () => {
        emulator.setFault({ kind: 'hang' });
        const started = Date.now();
        const reply = await push();
        expect(Date.now() - started).toBeGreaterThanOrEqual(90);
        expect(reply.status).toBe(500);
        expect(reply.headers['content-type']).toBe('application/json');
        const requestId = reply.headers['apim-request-id'] as string;
        expect(requestId).toMatch(UUID_RE);
        expect(reply.body).toBe(
            `{ "statusCode": 500, "message": "Internal server error", "activityId": "${requestId}" }`
        );
        expect(emulator.customers.size).toBe(0);
        expect(emulator.requests[0]).toMatchObject({ status: 500, fault: 'hang' });
    });

    it('hang: a client that times out first gets no answer, and the request records none', async () => {
        await emulator.stop();
        emulator = await startApimEmulator({ keys: [PRIMARY_KEY], backendTimeoutMs: 60_000 });
        url = `${emulator.url}/api/accounts`;
        emulator.setFault({ kind: 'hang' });
        await expect(
            send(url, { headers: { 'Ocp-Apim-Subscription-Key': PRIMARY_KEY }, timeoutMs: 50 })
        ).rejects.toMatchObject({ code: 'CLIENT_TIMEOUT' });
        await new Promise((r) => setTimeout(r, 20));
        expect(emulator.requests[0].status).toBeUndefined();
        expect(emulator.requests[0].fault).toBe('hang');
    });

    it('stop() during a hang closes the pending connection at once', async () => {
        await emulator.stop();
        emulator = await startApimEmulator({ keys: [PRIMARY_KEY], backendTimeoutMs: 60_000 });
        url = `${emulator.url}/api/accounts`;
        emulator.setFault({ kind: 'hang' });
        const pending = ping();
        await new Promise((r) => setTimeout(r, 30));
        const started = Date.now();
        await emulator.stop();
        expect(Date.now() - started).toBeLessThan(1000);
        await expect(pending).rejects.toMatchObject({ code: 'ECONNRESET' });
    });

    it('backend-unreachable: the gateway answers 500 at once', async () => {
        emulator.setFault({ kind: 'backend-unreachable' });
        const reply = await push();
        expect(reply.status).toBe(500);
        const requestId = reply.headers['apim-request-id'] as string;
        expect(JSON.parse(reply.body)).toEqual({
            statusCode: 500,
            message: 'Internal server error',
            activityId: requestId
        });
    });

    it('connection-drop: the socket closes without an HTTP answer', async () => {
        emulator.setFault({ kind: 'connection-drop' });
        await expect(push()).rejects.toMatchObject({ code: 'ECONNRESET' });
        expect(emulator.requests[0].status).toBeUndefined();
        expect(emulator.requests[0].fault).toBe('connection-drop');
        expect((await push()).status).toBe(200);
    });

    it('refuses unknown fault kinds and counts below 1', () => {
        expect(() => emulator.setFault({ kind: 'explode' as never })).toThrow(/Unknown fault kind: explode/);
        expect(() => emulator.setFault({ kind: 'hang', times: 0 })).toThrow(/times/);
    });
});
