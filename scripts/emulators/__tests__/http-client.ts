// Minimal HTTP client for the emulator tests: node:http without keep-alive (agent: false), so no
// socket outlives a test and raw headers (duplicates, odd content types) can be sent as-is.
import * as http from 'node:http';

export interface Reply {
    status: number;
    headers: http.IncomingHttpHeaders;
    body: string;
}

export interface SendOptions {
    method?: string;
    headers?: Record<string, string>;
    body?: string;
    /** Client-side timeout: the request is aborted and the promise rejects with code `CLIENT_TIMEOUT`. */
    timeoutMs?: number;
}

/** Fake keys: obviously not secrets. */
export const PRIMARY_KEY = 'emulator-primary-key-not-a-secret';
export const SECONDARY_KEY = 'emulator-secondary-key-not-a-secret';

export function send(url: string, options: SendOptions = {}): Promise<Reply> {
    return new Promise((resolve, reject) => {
        const req = http.request(
            url,
            { method: options.method ?? 'GET', headers: options.headers, agent: false },
            (res) => {
                const chunks: Buffer[] = [];
                res.on('data', (c: Buffer) => chunks.push(c));
                res.on('end', () =>
                    resolve({
                        status: res.statusCode ?? 0,
                        headers: res.headers,
                        body: Buffer.concat(chunks).toString('utf8')
                    })
                );
                res.on('error', reject);
            }
        );
        req.on('error', reject);
        if (options.timeoutMs !== undefined) {
            req.setTimeout(options.timeoutMs, () => {
                const error = Object.assign(new Error('client timeout'), { code: 'CLIENT_TIMEOUT' });
                req.destroy(error);
            });
        }
        if (options.body !== undefined) req.write(options.body);
        req.end();
    });
}

/** Headers of a push as the Salesforce client sends it (data-model.md). */
export function pushHeaders(key: string | undefined, idempotencyKey?: string): Record<string, string> {
    const headers: Record<string, string> = {
        'Content-Type': 'application/json;charset=UTF-8',
        Accept: 'application/json'
    };
    if (key !== undefined) headers['Ocp-Apim-Subscription-Key'] = key;
    if (idempotencyKey !== undefined) {
        headers['X-Correlation-Id'] = idempotencyKey;
        headers['Idempotency-Key'] = idempotencyKey;
    }
    return headers;
}

export function post(url: string, key: string | undefined, body: unknown, idempotencyKey?: string): Promise<Reply> {
    return send(url, {
        method: 'POST',
        headers: pushHeaders(key, idempotencyKey),
        body: typeof body === 'string' ? body : JSON.stringify(body)
    });
}

export const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
