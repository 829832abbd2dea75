// Callouts outside tests, explicitly opted in (the local sandbox). The interpreter is synchronous, so one HTTP
// call = one short-lived Node child process (`spawnSync`) that runs `fetch` with the request's timeout and
// prints the answer as JSON. The request (including injected secret headers) travels on the child's stdin,
// never in argv or the environment. Used ONLY when a caller installs it (`installCalloutTransport`) and only
// outside a test: tests keep requiring Test.setMock (stdlib/services.ts `httpSend`).
import { spawnSync } from 'node:child_process';
import * as V from '../values';
import { ApexRuntimeUnsupported } from '../errors';
import type { Interpreter } from '../interp/interpreter';
import { NativeObject } from '../interp/types';
import { CalloutError, redact, resolveCallout, type CalloutMetadata, type ResolveOptions } from './named-credentials';

export interface CalloutRequest {
    endpoint: string;
    method: string;
    headers: { name: string; value: string }[];
    body: string | null;
    timeoutMs: number;
}

export interface CalloutResponse {
    statusCode: number;
    status: string;
    headers: { name: string; value: string }[];
    body: string;
}

/** Throws CalloutError (→ System.CalloutException) or ApexRuntimeUnsupported. */
export type CalloutTransport = (req: CalloutRequest) => CalloutResponse;

/** What a named-credential transport recorded for one callout; secrets replaced by REDACTED. */
export interface RecordedCallout {
    endpoint: string;
    url: string;
    method: string;
    headers: { name: string; value: string }[];
    body: string | null;
    statusCode: number | null;
    error: string | null;
    durationMs: number;
}

/**
 * JavaScript source of `fetchAnswer(request)`: one `fetch` with the request's timeout, answered as a plain
 * `FetchAnswer` (never throws). Shared by the per-callout child process below and `scripts/start/sync-http.ts`'s
 * worker thread, so both report timeouts and connection errors the same way.
 */
export const FETCH_ANSWER_JS = `
async function fetchAnswer(r) {
    const t0 = Date.now();
    try {
        const res = await fetch(r.url, {
            method: r.method,
            headers: r.headers.map((h) => [h.name, h.value]),
            body: r.body === null || r.method === 'GET' || r.method === 'HEAD' ? undefined : r.body,
            signal: AbortSignal.timeout(r.timeoutMs),
            redirect: 'manual'
        });
        const body = await res.text();
        const headers = [];
        res.headers.forEach((value, name) => headers.push({ name, value }));
        return { ok: true, statusCode: res.status, status: res.statusText, headers, body, durationMs: Date.now() - t0 };
    } catch (e) {
        const timeout = !!e && (e.name === 'TimeoutError' || e.name === 'AbortError');
        const cause = e && e.cause ? (e.cause.code || e.cause.message) : null;
        return { ok: false, timeout, message: String(cause || (e && e.message) || e), durationMs: Date.now() - t0 };
    }
}
`;

// Runs in the child: read the request JSON from stdin, fetch, print the answer JSON.
const HELPER = `${FETCH_ANSWER_JS}
const chunks = [];
process.stdin.on('data', (c) => chunks.push(c));
process.stdin.on('end', async () => {
    const r = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    process.stdout.write(JSON.stringify(await fetchAnswer(r)));
});
`;

/** What `fetchAnswer` returns. */
export interface FetchAnswer {
    ok: boolean;
    statusCode?: number;
    status?: string;
    headers?: { name: string; value: string }[];
    body?: string;
    timeout?: boolean;
    message?: string;
    durationMs: number;
}

/** The response of a successful answer; a failed one as Apex's CalloutException ("Read timed out" on timeout). */
export function responseOf(a: FetchAnswer): CalloutResponse {
    if (!a.ok)
        throw new CalloutError(a.timeout ? 'Read timed out' : `Unable to connect: ${a.message ?? 'unknown error'}`);
    return { statusCode: a.statusCode!, status: a.status ?? '', headers: a.headers ?? [], body: a.body ?? '' };
}

/** One synchronous HTTP request to an absolute http(s) URL. */
export function syncHttp(req: {
    url: string;
    method: string;
    headers: { name: string; value: string }[];
    body: string | null;
    timeoutMs: number;
}): {
    response: CalloutResponse;
    durationMs: number;
} {
    const r = spawnSync(process.execPath, ['-e', HELPER], {
        input: JSON.stringify(req),
        encoding: 'utf8',
        // guard only: the helper's own AbortSignal enforces the request timeout
        timeout: req.timeoutMs + 10_000,
        maxBuffer: 64 * 1024 * 1024,
        env: { PATH: process.env.PATH ?? '' }
    });
    if (r.error) throw new CalloutError(`Read timed out`);
    let a: FetchAnswer;
    try {
        a = JSON.parse(r.stdout) as FetchAnswer;
    } catch {
        throw new Error(`callout helper failed (exit ${r.status}): ${String(r.stderr).slice(0, 500)}`);
    }
    return { response: responseOf(a), durationMs: a.durationMs };
}

/** An HTTP layer for resolved callouts: gets the final URL and headers (secrets included), answers synchronously. */
export type CalloutSender = (req: {
    url: string;
    method: string;
    headers: { name: string; value: string }[];
    body: string | null;
    timeoutMs: number;
}) => CalloutResponse;

export interface NamedCredentialTransportOptions extends ResolveOptions {
    metadata: CalloutMetadata;
    /** replaces the HTTP layer (e.g. an in-process responder for benchmarks); receives the resolved URL */
    send?: CalloutSender;
    /** receives every callout with secrets REDACTED */
    record?: (c: RecordedCallout) => void;
}

/**
 * A transport that only accepts `callout:<NamedCredential>/…` endpoints, resolves them from metadata, adds the
 * External Credential's headers from the credential store and sends the request. Other endpoints → unsupported.
 */
export function namedCredentialTransport(opts: NamedCredentialTransportOptions): CalloutTransport {
    return (req) => {
        const resolved = resolveCallout(req.endpoint, opts.metadata, opts);
        if (!resolved)
            throw new ApexRuntimeUnsupported(
                `HTTP callout to a non-Named-Credential endpoint (${req.endpoint.replace(/[?#].*$/, '')}): the local sandbox only calls callout: URLs`,
                { file: '', line: 0 }
            );
        const injected = new Set(resolved.injectedHeaders.map((h) => h.name.toLowerCase()));
        const headers = [
            ...req.headers.filter((h) => !injected.has(h.name.toLowerCase())),
            ...resolved.injectedHeaders
        ];
        const send = opts.send ?? ((r) => syncHttp(r).response);
        const t0 = Date.now();
        const rec = (statusCode: number | null, error: string | null): void =>
            opts.record?.({
                endpoint: req.endpoint,
                url: resolved.url,
                method: req.method,
                headers: headers.map((h) =>
                    injected.has(h.name.toLowerCase())
                        ? { name: h.name, value: 'REDACTED' }
                        : { name: h.name, value: redact(h.value, resolved.secrets) }
                ),
                body: req.body === null ? null : redact(req.body, resolved.secrets),
                statusCode,
                error: error === null ? null : redact(error, resolved.secrets),
                durationMs: Date.now() - t0
            });
        try {
            const res = send({
                url: resolved.url,
                method: req.method,
                headers,
                body: req.body,
                timeoutMs: req.timeoutMs
            });
            rec(res.statusCode, null);
            return res;
        } catch (e) {
            rec(null, (e as Error).message);
            throw e;
        }
    };
}

type HeaderMap = Map<string, [string, string]>;

/**
 * Install a transport on an interpreter's services: `services.calloutTransport(it, HttpRequest) → HttpResponse`,
 * used by `Http.send` only outside a test. CalloutError → System.CalloutException.
 */
export function installCalloutTransport(it: Interpreter, transport: CalloutTransport | null): void {
    if (!transport) {
        delete it.services.calloutTransport;
        return;
    }
    it.services.calloutTransport = (it2: Interpreter, req: NativeObject): NativeObject => {
        const st = req.state;
        const request: CalloutRequest = {
            endpoint: String(st.endpoint),
            method: String(st.method ?? 'GET').toUpperCase(),
            headers: [...(st.headers as HeaderMap).values()]
                .filter(([, v]) => v !== null)
                .map(([name, value]) => ({ name, value })),
            body: (st.body as string | null) ?? null,
            timeoutMs: Number(st.timeout ?? 10000)
        };
        let res: CalloutResponse;
        let overTime = false;
        const started = Date.now();
        try {
            res = transport(request);
        } catch (e) {
            if (e instanceof CalloutError) return it2.throwApex('CalloutException', e.message);
            if (e instanceof ApexRuntimeUnsupported) return it2.unsupported(e.construct);
            throw e;
        } finally {
            overTime = it2.tx.limits.calloutTime(Date.now() - started);
        }
        // the platform allows 120 s of callout time per transaction; what it does past that is not documented
        if (overTime) return it2.unsupported('cumulative callout time above the 120 s per transaction');
        const headers: HeaderMap = new Map();
        for (const h of res.headers) headers.set(h.name.toLowerCase(), [h.name, h.value]);
        return new NativeObject('HttpResponse', {
            status: res.status,
            statusCode: V.int(res.statusCode),
            body: res.body,
            headers
        });
    };
}
