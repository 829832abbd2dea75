// Runs the APIM + D365 emulator on its own event loop (a worker thread of the sandbox process): the Apex
// interpreter blocks the main thread during a callout (spawnSync), so the emulator must not live on it.
import { parentPort, workerData } from 'node:worker_threads';
import { startApimEmulator, type CustomerRecord, type FaultSpec } from '../emulators/apim-d365';

interface Msg {
    id: number;
    cmd: 'setFault' | 'clearFaults' | 'requests' | 'customers' | 'setCustomers' | 'editCustomer' | 'stop';
    arg?: unknown;
}

async function main(): Promise<void> {
    const data = workerData as { key: string; apiPath: string };
    const apim = await startApimEmulator({ keys: [data.key], mode: 'custom', apiPath: data.apiPath });
    parentPort!.postMessage({ ready: true, url: apim.url });
    parentPort!.on('message', (m: Msg) => {
        void (async () => {
            try {
                let result: unknown = null;
                if (m.cmd === 'setFault') apim.setFault(m.arg as FaultSpec);
                else if (m.cmd === 'clearFaults') apim.clearFaults();
                else if (m.cmd === 'requests') result = apim.requests.map((r) => ({ ...r }));
                else if (m.cmd === 'customers') result = [...apim.customers.values()].map((c) => ({ ...c }));
                else if (m.cmd === 'setCustomers') {
                    // a saved D365 store (npm start's .local-org/): new numbers skip the ones it holds
                    apim.customers.clear();
                    for (const c of m.arg as CustomerRecord[]) apim.customers.set(c.CustomerAccount, { ...c });
                } else if (m.cmd === 'editCustomer') {
                    // a user's change in D365 itself (not through the API): merged fields, new version and time
                    const { account, fields, at } = m.arg as {
                        account: string;
                        fields: Record<string, unknown>;
                        at: string;
                    };
                    const c = apim.customers.get(account);
                    if (!c) throw new Error(`D365 has no customer account ${account}`);
                    c.fields = { ...c.fields, ...fields };
                    c.updatedAt = at;
                    c.version += 1;
                    result = { ...c };
                } else if (m.cmd === 'stop') {
                    await apim.stop();
                    parentPort!.postMessage({ id: m.id, result: null });
                    parentPort!.close();
                    return;
                }
                parentPort!.postMessage({ id: m.id, result });
            } catch (e) {
                parentPort!.postMessage({ id: m.id, error: (e as Error).message });
            }
        })();
    });
}

main().catch((e: Error) => parentPort!.postMessage({ ready: false, error: e.message }));
