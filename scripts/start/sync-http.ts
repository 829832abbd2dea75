// A synchronous HTTP sender for the Apex runtime's callouts (a `CalloutSender`) that keeps ONE worker thread with a
// keep-alive `fetch` instead of spawning a Node process per callout (the runtime's default `syncHttp`): the
// interpreter blocks in `Atomics.wait` until the worker has the answer, then takes it with `receiveMessageOnPort`.
// Real HTTP all the same (to the emulator on 127.0.0.1); used by the chaos run, where 1,000+ callouts at a
// process spawn each (≈0.5–3 s on a loaded 2-core machine) would not fit. Timeouts and connection errors become
// the same CalloutExceptions as with `syncHttp`.
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { CalloutError, type CalloutResponse, type CalloutSender } from '../apex-runtime/src';

const WORKER = `
const { workerData } = require('node:worker_threads');
const { port, flag } = workerData;
const signal = new Int32Array(flag);
port.on('message', async (r) => {
    let answer;
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
        answer = { ok: true, statusCode: res.status, status: res.statusText, headers, body };
    } catch (e) {
        const timeout = !!e && (e.name === 'TimeoutError' || e.name === 'AbortError');
        const cause = e && e.cause ? (e.cause.code || e.cause.message) : null;
        answer = { ok: false, timeout, message: String(cause || (e && e.message) || e) };
    }
    port.postMessage(answer);
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
});
`;

interface Answer {
    ok: boolean;
    statusCode?: number;
    status?: string;
    headers?: { name: string; value: string }[];
    body?: string;
    timeout?: boolean;
    message?: string;
}

export interface SyncHttp {
    send: CalloutSender;
    close(): Promise<void>;
}

export function startSyncHttp(): SyncHttp {
    const flag = new SharedArrayBuffer(4);
    const signal = new Int32Array(flag);
    const { port1, port2 } = new MessageChannel();
    const worker = new Worker(WORKER, { eval: true, workerData: { port: port2, flag }, transferList: [port2] });
    worker.unref();
    const send: CalloutSender = (req) => {
        Atomics.store(signal, 0, 0);
        port1.postMessage(req);
        // guard only: the worker's AbortSignal enforces the request timeout
        if (Atomics.wait(signal, 0, 0, req.timeoutMs + 10_000) === 'timed-out')
            throw new CalloutError('Read timed out');
        const m = receiveMessageOnPort(port1);
        if (!m) throw new Error('sync-http: the worker answered nothing');
        const a = m.message as Answer;
        if (!a.ok) {
            throw new CalloutError(a.timeout ? 'Read timed out' : `Unable to connect: ${a.message ?? 'unknown error'}`);
        }
        const response: CalloutResponse = {
            statusCode: a.statusCode!,
            status: a.status ?? '',
            headers: a.headers ?? [],
            body: a.body ?? ''
        };
        return response;
    };
    return {
        send,
        close: async () => {
            port1.close();
            await worker.terminate();
        }
    };
}
