// A synchronous HTTP sender for the Apex runtime's callouts (a `CalloutSender`) that keeps ONE worker thread with a
// keep-alive `fetch` instead of spawning a Node process per callout (the runtime's default `syncHttp`): the
// interpreter blocks in `Atomics.wait` until the worker has the answer, then takes it with `receiveMessageOnPort`.
// Real HTTP all the same (to the emulator on 127.0.0.1); used by the chaos run, where 1,000+ callouts at a
// process spawn each (≈0.5–3 s on a loaded 2-core machine) would not fit. Timeouts and connection errors become
// the same CalloutExceptions as with `syncHttp`.
import { MessageChannel, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { CalloutError, FETCH_ANSWER_JS, responseOf, type CalloutSender, type FetchAnswer } from '../apex-runtime/src';

const WORKER = `${FETCH_ANSWER_JS}
const { workerData } = require('node:worker_threads');
const { port, flag } = workerData;
const signal = new Int32Array(flag);
port.on('message', async (r) => {
    port.postMessage(await fetchAnswer(r));
    Atomics.store(signal, 0, 1);
    Atomics.notify(signal, 0);
});
`;

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
        return responseOf(m.message as FetchAnswer);
    };
    return {
        send,
        close: async () => {
            port1.close();
            await worker.terminate();
        }
    };
}
