import * as net from 'node:net';
import * as os from 'node:os';
import { ApimEmulator, resolveSubscriptionKeys, startApimEmulator } from '../apim-d365';
import { PRIMARY_KEY, SECONDARY_KEY, UUID_RE, post, send } from './http-client';

const MISSING_BODY =
    '{ "statusCode": 401, "message": "Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API." }';
const INVALID_BODY =
    '{ "statusCode": 401, "message": "Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription." }';
const NOT_FOUND_BODY = '{ "statusCode": 404, "message": "Resource not found" }';

function connectError(host: string, port: number): Promise<string | undefined> {
    return new Promise((resolve) => {
        const socket = net.connect({ host, port });
        socket.once('connect', () => {
            socket.destroy();
            resolve(undefined);
        });
        socket.once('error', (e: NodeJS.ErrnoException) => resolve(e.code));
    });
}

describe('APIM emulator: server lifecycle', () => {
    it('listens on 127.0.0.1 only, on an ephemeral port by default', async () => {
        const emulator = await startApimEmulator({ keys: [PRIMARY_KEY] });
        try {
            expect(emulator.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
            expect(emulator.port).toBeGreaterThan(0);
            expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}`);
            expect(await connectError('127.0.0.1', emulator.port)).toBeUndefined();
            // Any other local address of this machine must refuse the connection.
            const others = Object.values(os.networkInterfaces())
                .flat()
                .filter((i): i is os.NetworkInterfaceInfo => !!i && i.family === 'IPv4' && !i.internal);
            for (const other of others) {
                expect(await connectError(other.address, emulator.port)).toBe('ECONNREFUSED');
            }
            if (await hasIpv6Loopback()) {
                expect(await connectError('::1', emulator.port)).toBe('ECONNREFUSED');
            }
        } finally {
            await emulator.stop();
        }
    });

    it('stops cleanly: connections refused afterwards, stop() is idempotent', async () => {
        const emulator = await startApimEmulator({ keys: [PRIMARY_KEY] });
        const ok = await send(`${emulator.url}/api/accounts`, {
            headers: { 'Ocp-Apim-Subscription-Key': PRIMARY_KEY }
        });
        expect(ok.status).toBe(200);
        await emulator.stop();
        await emulator.stop();
        expect(await connectError('127.0.0.1', emulator.port)).toBe('ECONNREFUSED');
    });

    it('appends the API path to the URL and serves operations only under it', async () => {
        const emulator = await startApimEmulator({ keys: [PRIMARY_KEY], apiPath: 'd365/' });
        try {
            expect(emulator.url).toBe(`http://127.0.0.1:${emulator.port}/d365`);
            const ok = await send(`${emulator.url}/api/accounts`, {
                headers: { 'Ocp-Apim-Subscription-Key': PRIMARY_KEY }
            });
            expect(ok.status).toBe(200);
            const outside = await send(`http://127.0.0.1:${emulator.port}/api/accounts`, {
                headers: { 'Ocp-Apim-Subscription-Key': PRIMARY_KEY }
            });
            expect(outside.status).toBe(404);
            expect(outside.body).toBe(NOT_FOUND_BODY);
        } finally {
            await emulator.stop();
        }
    });

    it('fails to start on a port that is taken', async () => {
        const first = await startApimEmulator({ keys: [PRIMARY_KEY] });
        try {
            await expect(startApimEmulator({ keys: [PRIMARY_KEY], port: first.port })).rejects.toThrow(/EADDRINUSE/);
        } finally {
            await first.stop();
        }
    });
});

async function hasIpv6Loopback(): Promise<boolean> {
    return new Promise((resolve) => {
        const server = net.createServer();
        server.once('error', () => resolve(false));
        server.listen({ host: '::1', port: 0 }, () => server.close(() => resolve(true)));
    });
}

describe('APIM emulator: subscription key', () => {
    let emulator: ApimEmulator;
    let logLines: string[];

    beforeEach(async () => {
        logLines = [];
        emulator = await startApimEmulator({
            keys: [PRIMARY_KEY, SECONDARY_KEY],
            log: (line) => logLines.push(line)
        });
    });
    afterEach(() => emulator.stop());

    it('answers 401 with the exact APIM body and headers when the key is missing', async () => {
        const reply = await post(`${emulator.url}/api/accounts`, undefined, { OrganizationName: 'Contoso' }, 'k-1');
        expect(reply.status).toBe(401);
        expect(reply.body).toBe(MISSING_BODY);
        expect(reply.headers['content-type']).toBe('application/json');
        expect(reply.headers['www-authenticate']).toBe(
            `AzureApiManagementKey realm="${emulator.url}",name="Ocp-Apim-Subscription-Key",type="header"`
        );
        expect(reply.headers['apim-request-id']).toMatch(UUID_RE);
        expect(emulator.customers.size).toBe(0);
        expect(emulator.requests[0]).toMatchObject({
            status: 401,
            keySource: 'missing',
            operation: 'POST /api/accounts'
        });
    });

    it('treats an empty key header as missing', async () => {
        const reply = await send(`${emulator.url}/api/accounts`, { headers: { 'Ocp-Apim-Subscription-Key': '' } });
        expect(reply.status).toBe(401);
        expect(reply.body).toBe(MISSING_BODY);
    });

    it('answers 401 invalid for a wrong key in the header or the query', async () => {
        const header = await send(`${emulator.url}/api/accounts`, {
            headers: { 'Ocp-Apim-Subscription-Key': 'wrong-key-not-a-secret' }
        });
        expect(header.status).toBe(401);
        expect(header.body).toBe(INVALID_BODY);
        expect(header.headers['www-authenticate']).toContain('AzureApiManagementKey');
        const query = await send(`${emulator.url}/api/accounts?subscription-key=wrong-key-not-a-secret`);
        expect(query.status).toBe(401);
        expect(query.body).toBe(INVALID_BODY);
        expect(emulator.requests.map((r) => [r.keySource, r.keyValid])).toEqual([
            ['header', false],
            ['query', false]
        ]);
    });

    it('accepts the primary and the secondary key', async () => {
        for (const key of [PRIMARY_KEY, SECONDARY_KEY]) {
            const reply = await send(`${emulator.url}/api/accounts`, { headers: { 'Ocp-Apim-Subscription-Key': key } });
            expect(reply.status).toBe(200);
        }
    });

    it('reads the header name case-insensitively', async () => {
        const reply = await send(`${emulator.url}/api/accounts`, {
            headers: { 'ocp-apim-subscription-key': PRIMARY_KEY }
        });
        expect(reply.status).toBe(200);
    });

    it('falls back to the subscription-key query parameter only when the header is absent', async () => {
        const viaQuery = await send(`${emulator.url}/api/accounts?subscription-key=${PRIMARY_KEY}`);
        expect(viaQuery.status).toBe(200);
        expect(emulator.requests[0].keySource).toBe('query');

        const headerWins = await send(`${emulator.url}/api/accounts?subscription-key=${PRIMARY_KEY}`, {
            headers: { 'Ocp-Apim-Subscription-Key': 'wrong-key-not-a-secret' }
        });
        expect(headerWins.status).toBe(401);
        expect(headerWins.body).toBe(INVALID_BODY);
    });

    it('answers 404 with the APIM body for an unknown path or method, before looking at the key', async () => {
        const unknownPath = await send(`${emulator.url}/api/unknown`, {
            headers: { 'Ocp-Apim-Subscription-Key': PRIMARY_KEY }
        });
        expect(unknownPath.status).toBe(404);
        expect(unknownPath.body).toBe(NOT_FOUND_BODY);
        expect(unknownPath.headers['content-type']).toBe('application/json');
        expect(unknownPath.headers['apim-request-id']).toMatch(UUID_RE);

        const noKey = await send(`${emulator.url}/`);
        expect(noKey.status).toBe(404);
        expect(noKey.body).toBe(NOT_FOUND_BODY);

        const wrongMethod = await send(`${emulator.url}/api/accounts`, {
            method: 'DELETE',
            headers: { 'Ocp-Apim-Subscription-Key': PRIMARY_KEY }
        });
        expect(wrongMethod.status).toBe(404);
        expect(wrongMethod.body).toBe(NOT_FOUND_BODY);
        expect(emulator.requests[0].keyValid).toBeUndefined();
        expect(emulator.requests[0].operation).toBeUndefined();
    });

    it('gives every answer its own apim-request-id and records it', async () => {
        await send(`${emulator.url}/api/accounts`, { headers: { 'Ocp-Apim-Subscription-Key': PRIMARY_KEY } });
        await send(`${emulator.url}/api/accounts`);
        const ids = emulator.requests.map((r) => r.responseHeaders?.['apim-request-id']);
        expect(ids[0]).toMatch(UUID_RE);
        expect(ids[1]).toMatch(UUID_RE);
        expect(ids[0]).not.toBe(ids[1]);
        expect(emulator.requests[0].requestId).toBe(ids[0]);
    });

    it('never records, logs or echoes the key', async () => {
        await post(`${emulator.url}/api/accounts`, PRIMARY_KEY, { OrganizationName: 'Contoso' }, 'k-1');
        await send(`${emulator.url}/api/accounts?subscription-key=${SECONDARY_KEY}&other=1`);
        await send(`${emulator.url}/api/accounts`, { headers: { 'Ocp-Apim-Subscription-Key': `${PRIMARY_KEY}x` } });
        await send(`${emulator.url}/api/accounts?Subscription-Key=${PRIMARY_KEY}`);
        await send(`${emulator.url}/nowhere?subscription-key=${PRIMARY_KEY}`);
        await send(`${emulator.url}/api/accounts`, {
            headers: { 'Ocp-Apim-Subscription-Key': PRIMARY_KEY, Authorization: 'Bearer token-not-a-secret' }
        });

        expect(emulator.requests).toHaveLength(6);
        expect(emulator.requests[0].headers['ocp-apim-subscription-key']).toBe('REDACTED');
        expect(emulator.requests[1].path).toBe('/api/accounts?subscription-key=REDACTED&other=1');
        expect(emulator.requests[3].path).toBe('/api/accounts?Subscription-Key=REDACTED');
        expect(emulator.requests[4].path).toBe('/nowhere?subscription-key=REDACTED');
        expect(emulator.requests[5].headers.authorization).toBe('REDACTED');
        expect(emulator.requests.map((r) => r.status)).toEqual([200, 200, 401, 200, 404, 200]);

        const everything = JSON.stringify(emulator.requests) + logLines.join('\n');
        expect(everything).not.toContain(PRIMARY_KEY);
        expect(everything).not.toContain(SECONDARY_KEY);
        expect(everything).not.toContain('token-not-a-secret');
        expect(logLines).toHaveLength(6);
        expect(logLines[0]).toMatch(/ POST \/api\/accounts -> 200 \(\d+ ms, key header valid\) apim-request-id=/);
        expect(logLines[2]).toContain('-> 401');
        expect(logLines[2]).toContain('key header invalid');
        expect(logLines[4]).toContain('key query not checked');
    });
});

describe('APIM emulator: key configuration', () => {
    it('uses a configurable header name in the check and in WWW-Authenticate', async () => {
        const emulator = await startApimEmulator({ keys: [PRIMARY_KEY], headerName: 'X-Api-Key', queryName: 'apikey' });
        try {
            const defaultHeader = await send(`${emulator.url}/api/accounts`, {
                headers: { 'Ocp-Apim-Subscription-Key': PRIMARY_KEY }
            });
            expect(defaultHeader.status).toBe(401);
            expect(defaultHeader.body).toBe(MISSING_BODY);
            expect(defaultHeader.headers['www-authenticate']).toBe(
                `AzureApiManagementKey realm="${emulator.url}",name="X-Api-Key",type="header"`
            );
            const custom = await send(`${emulator.url}/api/accounts`, { headers: { 'X-Api-Key': PRIMARY_KEY } });
            expect(custom.status).toBe(200);
            const query = await send(`${emulator.url}/api/accounts?apikey=${PRIMARY_KEY}`);
            expect(query.status).toBe(200);
            expect(emulator.requests[1].headers['x-api-key']).toBe('REDACTED');
            expect(emulator.requests[2].path).toBe('/api/accounts?apikey=REDACTED');
        } finally {
            await emulator.stop();
        }
    });

    it('reads the keys from the environment and names the source, never the key', async () => {
        const env = {
            D365_APIM_SUBSCRIPTION_KEY: ` ${PRIMARY_KEY} `,
            D365_APIM_SUBSCRIPTION_KEY_SECONDARY: SECONDARY_KEY
        };
        const resolved = resolveSubscriptionKeys({ env });
        expect(resolved.keys).toEqual([PRIMARY_KEY, SECONDARY_KEY]);
        expect(resolved.source).toBe(
            'environment variables D365_APIM_SUBSCRIPTION_KEY and D365_APIM_SUBSCRIPTION_KEY_SECONDARY'
        );
        const emulator = await startApimEmulator({ env });
        try {
            expect(emulator.keySource).not.toContain(PRIMARY_KEY);
            const reply = await send(`${emulator.url}/api/accounts`, {
                headers: { 'Ocp-Apim-Subscription-Key': SECONDARY_KEY }
            });
            expect(reply.status).toBe(200);
        } finally {
            await emulator.stop();
        }
    });

    it('prefers options.keys over the environment', () => {
        const resolved = resolveSubscriptionKeys({
            keys: [PRIMARY_KEY],
            env: { D365_APIM_SUBSCRIPTION_KEY: SECONDARY_KEY }
        });
        expect(resolved).toEqual({ keys: [PRIMARY_KEY], source: 'options.keys (1 key)' });
    });

    it('refuses to start without a key, or with an empty one', async () => {
        await expect(startApimEmulator({ env: {} })).rejects.toThrow(
            'No subscription key configured: set D365_APIM_SUBSCRIPTION_KEY (and optionally D365_APIM_SUBSCRIPTION_KEY_SECONDARY)'
        );
        await expect(startApimEmulator({ keys: [] })).rejects.toThrow(/at least one non-empty key/);
        await expect(startApimEmulator({ keys: [PRIMARY_KEY, ' '] })).rejects.toThrow(/non-empty/);
    });

    it('rejects invalid policy options', async () => {
        await expect(
            startApimEmulator({ keys: [PRIMARY_KEY], rateLimit: { calls: 1, renewalPeriodSeconds: 301 } })
        ).rejects.toThrow(/rateLimit.renewalPeriodSeconds/);
        await expect(
            startApimEmulator({ keys: [PRIMARY_KEY], quota: { calls: 0, renewalPeriodSeconds: 60 } })
        ).rejects.toThrow(/quota.calls/);
        await expect(startApimEmulator({ keys: [PRIMARY_KEY], headerName: 'bad header' })).rejects.toThrow(
            /headerName/
        );
    });
});

describe('APIM emulator: rate limit and quota', () => {
    let clock: number;
    let emulator: ApimEmulator;
    const ping = (key: string | null = PRIMARY_KEY) =>
        send(`${emulator.url}/api/accounts`, key === null ? {} : { headers: { 'Ocp-Apim-Subscription-Key': key } });

    afterEach(() => emulator.stop());

    it('answers 429 with Retry-After and the matching body once the sliding window is full', async () => {
        clock = 1_000_000;
        emulator = await startApimEmulator({
            keys: [PRIMARY_KEY],
            rateLimit: { calls: 2, renewalPeriodSeconds: 10 },
            now: () => clock
        });
        expect((await ping()).status).toBe(200); // t0
        clock += 5000;
        expect((await ping()).status).toBe(200); // t0 + 5 s
        // Calls without a valid key are refused before the policy and do not count.
        expect((await ping(null)).status).toBe(401);
        clock += 1000;
        const limited = await ping(); // t0 + 6 s: the first call leaves the window at t0 + 10 s
        expect(limited.status).toBe(429);
        expect(limited.body).toBe(
            '{ "statusCode": 429, "message": "Rate limit is exceeded. Try again in 4 seconds." }'
        );
        expect(limited.headers['retry-after']).toBe('4');
        expect(limited.headers['content-type']).toBe('application/json');
        expect(limited.headers['apim-request-id']).toMatch(UUID_RE);

        clock += 4000; // t0 + 10 s: the first call has left the sliding window, the second has not
        expect((await ping()).status).toBe(200);
        const again = await ping();
        expect(again.status).toBe(429);
        expect(again.headers['retry-after']).toBe('5');
        expect(again.body).toContain('Try again in 5 seconds.');
        clock += 10_000;
        expect((await ping()).status).toBe(200);
    });

    it('answers 503 from the backend during the outage window, then 200 again', async () => {
        clock = 2_000_000;
        emulator = await startApimEmulator({
            keys: [PRIMARY_KEY],
            outage: { fromMs: 2_010_000, toMs: 2_310_000 },
            now: () => clock
        });
        expect((await ping()).status).toBe(200);
        clock = 2_010_000;
        const down = await ping();
        expect(down.status).toBe(503);
        expect(JSON.parse(down.body)).toEqual({ error: { code: '', message: 'Service Unavailable' } });
        clock = 2_309_999;
        expect((await ping()).status).toBe(503);
        expect((await ping(null)).status).toBe(401); // the gateway's own checks still come first
        clock = 2_310_000;
        expect((await ping()).status).toBe(200);
        expect(emulator.requests.filter((r) => r.fault === 'backend-503')).toHaveLength(2);
    });

    it('answers 403 with Retry-After and the replenish time once the quota is used up', async () => {
        clock = 5_000_000;
        emulator = await startApimEmulator({
            keys: [PRIMARY_KEY],
            quota: { calls: 2, renewalPeriodSeconds: 3600 },
            now: () => clock
        });
        expect((await ping()).status).toBe(200);
        expect((await ping()).status).toBe(200);
        clock += 1000;
        const over = await ping();
        expect(over.status).toBe(403);
        expect(over.body).toBe(
            '{ "statusCode": 403, "message": "Out of call volume quota. Quota will be replenished in 00:59:59." }'
        );
        expect(over.headers['retry-after']).toBe('3599');
        clock += 3599 * 1000;
        expect((await ping()).status).toBe(200);
    });

    it('writes quota waits of a day or more as d.hh:mm:ss', async () => {
        clock = 0;
        emulator = await startApimEmulator({
            keys: [PRIMARY_KEY],
            quota: { calls: 1, renewalPeriodSeconds: 90_061 },
            now: () => clock
        });
        expect((await ping()).status).toBe(200);
        const over = await ping();
        expect(over.status).toBe(403);
        expect(JSON.parse(over.body)).toEqual({
            statusCode: 403,
            message: 'Out of call volume quota. Quota will be replenished in 1.01:01:01.'
        });
        expect(over.headers['retry-after']).toBe('90061');
    });
});
