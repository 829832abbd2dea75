/**
 * The interpreter is a tree walker: one Apex frame costs 10-40 JS frames, so the host's default stack (~1 MB,
 * about 400 simple Apex frames) would overflow long before Apex's own limit of 1,000 frames. Entry points that
 * run arbitrary Apex (the CLI, the conformance corpus) therefore run in a worker thread whose stack is large
 * enough for 1,000 frames of any realistic Apex: the interpreter, not the host, decides when a stack is too deep.
 */
import { isMainThread, Worker, workerData } from 'node:worker_threads';

/** Worker stack size: 1,000 frames of deliberately heavy Apex measured 8-16 MB (docs/apex-runtime.md), so a wide margin. */
export const APEX_STACK_MB = 256;

/**
 * Calls `exportName(...args)` of the module `file` (this package's TypeScript) in a worker with the large stack,
 * and resolves with its result (structured-cloned). Console and stdout writes of the worker reach the parent.
 */
export function callOnApexStack<T>(file: string, exportName: string, args: unknown[]): Promise<T> {
    const tsx = require.resolve('tsx/cjs/api');
    // the worker is a plain Node thread: register the TypeScript loader before loading `file`
    const code = `
        const { parentPort, workerData } = require('node:worker_threads');
        require(${JSON.stringify(tsx)}).register();
        Promise.resolve()
            .then(() => require(workerData.file)[workerData.exportName](...workerData.args))
            .then((value) => parentPort.postMessage({ ok: true, value }),
                  (e) => parentPort.postMessage({ ok: false, message: String(e && e.stack || e) }));`;
    return new Promise<T>((resolve, reject) => {
        const w = new Worker(code, {
            eval: true,
            workerData: { apexStack: true, file, exportName, args },
            resourceLimits: { stackSizeMb: APEX_STACK_MB }
        });
        let reply: { ok: boolean; value?: T; message?: string } | null = null;
        let failure: Error | null = null;
        w.once('message', (m: { ok: boolean; value?: T; message?: string }) => (reply = m));
        w.once('error', (e) => (failure = e));
        // settle on exit, once the worker's stdout/stderr have been flushed to ours
        w.once('exit', (code) => {
            if (reply?.ok) resolve(reply.value as T);
            else reject(failure ?? new Error(reply?.message ?? `Apex worker exited with code ${code}`));
        });
    });
}

/** True inside a callOnApexStack worker. */
export const onApexStack = (): boolean =>
    !isMainThread && (workerData as { apexStack?: boolean } | null)?.apexStack === true;
