// Starts the APIM + D365 emulator in a worker thread of this process and talks to it by messages.
import * as path from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FaultSpec, RecordedRequest, CustomerRecord } from '../emulators/apim-d365';

export class EmulatorHost {
    private seq = 0;
    private pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
    private constructor(
        private readonly worker: Worker,
        readonly url: string
    ) {
        worker.on('message', (m: { id?: number; result?: unknown; error?: string }) => {
            if (m.id === undefined) return;
            const p = this.pending.get(m.id);
            this.pending.delete(m.id);
            if (m.error) p?.reject(new Error(m.error));
            else p?.resolve(m.result);
        });
    }

    /** The key goes to the worker in memory (workerData), never through argv, env or a file. */
    static start(key: string, apiPath = ''): Promise<EmulatorHost> {
        const entry = path.join(__dirname, 'emulator-worker.ts');
        const tsx = require.resolve('tsx/cjs/api');
        const boot = `require(${JSON.stringify(tsx)}).register(); require(${JSON.stringify(entry)});`;
        const worker = new Worker(boot, { eval: true, workerData: { key, apiPath } });
        return new Promise((resolve, reject) => {
            const onMsg = (m: { ready?: boolean; url?: string; error?: string }): void => {
                if (m.ready === undefined) return;
                worker.off('message', onMsg);
                if (m.ready) resolve(new EmulatorHost(worker, m.url!));
                else {
                    void worker.terminate();
                    reject(new Error(`emulator did not start: ${m.error}`));
                }
            };
            worker.on('message', onMsg);
            worker.once('error', reject);
        });
    }

    private call<T>(cmd: string, arg?: unknown): Promise<T> {
        const id = ++this.seq;
        return new Promise<T>((resolve, reject) => {
            this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
            this.worker.postMessage({ id, cmd, arg });
        });
    }

    setFault(f: FaultSpec): Promise<void> {
        return this.call('setFault', f);
    }
    clearFaults(): Promise<void> {
        return this.call('clearFaults');
    }
    requests(): Promise<RecordedRequest[]> {
        return this.call('requests');
    }
    customers(): Promise<CustomerRecord[]> {
        return this.call('customers');
    }
    /** Replaces what D365 holds (a saved store). */
    setCustomers(list: CustomerRecord[]): Promise<void> {
        return this.call('setCustomers', list);
    }
    /** A change made in D365 itself at `at` (ISO): fields merged into the record, version + 1, updatedAt = at. */
    editCustomer(account: string, fields: Record<string, unknown>, at: string): Promise<CustomerRecord> {
        return this.call('editCustomer', { account, fields, at });
    }
    async stop(): Promise<void> {
        await this.call('stop');
        await this.worker.terminate();
    }
}
