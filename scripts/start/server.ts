// The HTTP side of `npm start`: serves the page (bundle + SLDS) and the local org's JSON endpoints on 127.0.0.1.
//   POST /apex/<Class>.<method>        an @AuraEnabled method of the package, params as the JSON body
//   GET  /org/users                    the users the page can switch between
//   GET  /org/accounts[/<id>]          Accounts as the user sees them (user mode)
//   POST /org/accounts/<id>/submit|approve|reject   the shipped approval process
//   POST /org/accounts/<id>/edit {name, billingCity}  the record page's Edit
//   GET  /org/d365                     what the APIM + D365 emulator holds
//   GET  /org/d365/fields              the D365 properties "edit in D365" may change
//   POST /org/d365/<CustomerAccount>/edit {fields}   a change in D365, written back through the Salesforce REST fake
//   GET  /org/clock                    the org's time and clock speed
//   GET  /org/faults, POST /org/faults {kind, times}, POST /org/faults/clear   the emulator's fault panel
//   GET|POST /org/setup                the admin's Setup: kill switch, stale/current subscription key (setup.ts)
// The user is the `X-Local-User` header (admin | sales | approver | integration | callout). A custom header also means a
// page of another origin cannot call these endpoints without a CORS preflight, which is never answered; the Host
// check refuses DNS-rebinding. Each call is handled synchronously: the runtime runs one transaction at a time.
import * as fs from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { buildPage, SLDS_DIR } from './bundle';
import { FAULT_KINDS, type FaultKind } from '../emulators/apim-d365';
import { LocalOrg, type ApexAnswer, type LocalOrgOptions, type UserKey } from './org';
import { handleSetup } from './setup';

const TYPES: Record<string, string> = {
    '.html': 'text/html; charset=utf-8',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.woff2': 'font/woff2'
};

const LABELS: Record<UserKey, string> = {
    sales: 'Sales user',
    approver: 'Approver',
    admin: 'Admin',
    integration: 'Integration user (API only)',
    callout: 'Callout user'
};

export interface LocalOrgServer {
    url: string;
    org: LocalOrg;
    stop(): Promise<void>;
}

export interface StartOptions extends LocalOrgOptions {
    projectDir: string;
    /** 0 = any free port */
    port: number;
    /** where the page is built (git-ignored) */
    outDir: string;
    /** run the async job loop every this many real ms (npm start: 1000); none = only `org.tick()` */
    tickMs?: number;
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
}

function readBody(req: http.IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
        let size = 0;
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => {
            size += c.length;
            if (size > 1_000_000) reject(new Error('request body too large'));
            else chunks.push(c);
        });
        req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        req.on('error', reject);
    });
}

function sendAnswer(res: http.ServerResponse, a: ApexAnswer): void {
    if (a.ok) json(res, 200, { value: a.value });
    else json(res, a.status, { body: a.body });
}

export async function startLocalOrgServer(opts: StartOptions): Promise<LocalOrgServer> {
    fs.mkdirSync(opts.outDir, { recursive: true });
    await buildPage(opts.outDir);
    const org = await LocalOrg.start(opts.projectDir, {
        stateDir: opts.stateDir,
        reset: opts.reset,
        clockSpeed: opts.clockSpeed
    });
    if (opts.tickMs) org.startClock(opts.tickMs);
    let port = 0;
    /** faults armed from the page since the last clear (the emulator consumes them; it has no listing call) */
    const armed: { kind: FaultKind; times: number }[] = [];

    const api = async (req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<void> => {
        const userKey = String(req.headers['x-local-user'] ?? '');
        if (!org.users.has(userKey as UserKey)) {
            json(res, 401, { body: { message: 'X-Local-User must name a local user' } });
            return;
        }
        const p = url.pathname;
        const setup = handleSetup(org, userKey, req.method ?? '', p, () => readBody(req), res);
        if (setup) return setup;
        const apex = /^\/apex\/(\w+\.\w+)$/.exec(p);
        if (apex && req.method === 'POST') {
            const raw = await readBody(req);
            const params = (raw ? JSON.parse(raw) : {}) as Record<string, unknown>;
            sendAnswer(res, org.callApex(userKey, apex[1], params ?? {}));
            return;
        }
        if (p === '/org/users' && req.method === 'GET') {
            json(
                res,
                200,
                [...org.users.values()].map((u) => ({
                    key: u.key,
                    id: u.id,
                    label: `${LABELS[u.key]} — ${u.username}`
                }))
            );
            return;
        }
        if (p === '/org/accounts' && req.method === 'GET') {
            json(res, 200, org.accounts(userKey));
            return;
        }
        const one = /^\/org\/accounts\/(\w{15,18})(?:\/(submit|approve|reject|edit))?$/.exec(p);
        if (one && !one[2] && req.method === 'GET') {
            const a = org.accounts(userKey).find((x) => x.id.slice(0, 15) === one[1].slice(0, 15));
            if (!a) json(res, 404, { body: { message: 'The record is not visible to this user, or does not exist.' } });
            else json(res, 200, { ...a, pendingApproval: org.pendingApproval(a.id) });
            return;
        }
        if (one && one[2] && req.method === 'POST') {
            const raw = await readBody(req);
            const a =
                one[2] === 'edit'
                    ? org.edit(userKey, one[1], (raw ? JSON.parse(raw) : {}) as Record<string, unknown>)
                    : one[2] === 'submit'
                      ? org.submit(userKey, one[1])
                      : org.decide(userKey, one[1], one[2] === 'approve' ? 'Approve' : 'Reject');
            sendAnswer(res, a);
            return;
        }
        if (p === '/org/faults' && req.method === 'GET') {
            json(res, 200, { kinds: FAULT_KINDS, armed });
            return;
        }
        if (p === '/org/faults' && req.method === 'POST') {
            const raw = await readBody(req);
            const f = (raw ? JSON.parse(raw) : {}) as { kind?: string; times?: number };
            const times = Number.isInteger(f.times) && f.times! > 0 ? f.times! : 1;
            if (!FAULT_KINDS.includes(f.kind as FaultKind)) {
                json(res, 400, { body: { message: `unknown fault kind ${String(f.kind)}` } });
                return;
            }
            await org.emulator.setFault({ kind: f.kind as FaultKind, times });
            armed.push({ kind: f.kind as FaultKind, times });
            json(res, 200, { kinds: FAULT_KINDS, armed });
            return;
        }
        if (p === '/org/faults/clear' && req.method === 'POST') {
            await org.emulator.clearFaults();
            armed.length = 0;
            json(res, 200, { kinds: FAULT_KINDS, armed });
            return;
        }
        if (p === '/org/d365' && req.method === 'GET') {
            json(res, 200, await org.d365());
            return;
        }
        if (p === '/org/d365/fields' && req.method === 'GET') {
            json(res, 200, org.d365EditableFields());
            return;
        }
        const d365Edit = /^\/org\/d365\/([^/]+)\/edit$/.exec(p);
        if (d365Edit && req.method === 'POST') {
            const raw = await readBody(req);
            const f = (raw ? JSON.parse(raw) : {}) as { fields?: Record<string, unknown> };
            let r: Awaited<ReturnType<LocalOrg['editInD365']>>;
            try {
                r = await org.editInD365(decodeURIComponent(d365Edit[1]), f.fields ?? {});
            } catch (e) {
                json(res, 400, { body: { message: (e as Error).message } });
                return;
            }
            // D365's view of the write-back: the REST answer as Salesforce gave it
            json(res, 200, { writeBack: { status: r.status, body: r.body }, record: r.record });
            return;
        }
        if (p === '/org/clock' && req.method === 'GET') {
            json(res, 200, { now: new Date(org.rt.now).toISOString(), speed: org.clock.speed });
            return;
        }
        json(res, 404, { body: { message: `no endpoint ${req.method} ${p}` } });
    };

    const server = http.createServer((req, res) => {
        const host = String(req.headers.host ?? '');
        if (host !== `127.0.0.1:${port}` && host !== `localhost:${port}`) {
            res.writeHead(421).end();
            return;
        }
        const url = new URL(req.url ?? '/', `http://${host}`);
        if (url.pathname === '/favicon.ico') {
            res.writeHead(204).end();
            return;
        }
        if (url.pathname.startsWith('/apex/') || url.pathname.startsWith('/org/')) {
            // every POST may change the org: saved after it (a GET only reads)
            api(req, res, url)
                .then(() => (req.method === 'POST' ? org.save() : undefined))
                .catch((e: Error) => {
                    if (!res.headersSent) json(res, 500, { body: { message: e.message } });
                    else process.stderr.write(`local org: ${e.message}\n`);
                });
            return;
        }
        const file = url.pathname.startsWith('/assets/')
            ? path.join(SLDS_DIR, url.pathname.slice('/assets/'.length))
            : path.join(opts.outDir, url.pathname === '/' ? 'index.html' : url.pathname);
        const inside = file.startsWith(SLDS_DIR + path.sep) || file.startsWith(path.resolve(opts.outDir) + path.sep);
        if (!inside || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
            res.writeHead(404).end();
            return;
        }
        res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
        fs.createReadStream(file).pipe(res);
    });
    try {
        await new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            server.listen(opts.port, '127.0.0.1', () => resolve());
        });
    } catch (e) {
        await org.stop();
        throw e;
    }
    port = (server.address() as AddressInfo).port;
    return {
        url: `http://127.0.0.1:${port}`,
        org,
        stop: async () => {
            await new Promise<void>((resolve) => {
                server.close(() => resolve());
                server.closeAllConnections();
            });
            await org.stop();
        }
    };
}
