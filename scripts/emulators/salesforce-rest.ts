// Local fake of the Salesforce REST surface that D365 (through APIM) calls back — docs/d365-handoff.md and
// docs/openapi/d365-inbound.openapi.yaml: the OAuth client-credentials token endpoint, upsert of one record by
// External ID, sObject Collections upsert, and a GET by Id.
//
// It is backed by the local Apex runtime (scripts/sandbox/runtime.ts): every write is one transaction run as the
// token's run-as user, so triggers (and the sync's loop prevention), the runtime's DML validation (required
// fields, STRING_TOO_LONG, duplicate external ids …) and its access model (object permissions, field-level
// security, record edit access) decide the answer. Where the access model answers 'unknown' the fake answers 500
// "not modelled" instead of guessing. Shapes and which parts are local choices: docs/emulators.md.
//
// Importing this module has no side effect. `SalesforceRestEmulator.start()` binds 127.0.0.1 only (port 0 =
// ephemeral). The client secret and access tokens are never logged, never recorded and never echoed.
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
    AccessModel,
    V,
    recordEditable,
    type AccessAnswer,
    type FieldInfo,
    type SObjectInfo
} from '../apex-runtime/src';
import type { SandboxRuntime, TxReport } from '../sandbox/runtime';

export const LOOPBACK_HOST = '127.0.0.1';
/** The API version of the contract; other versions ≥ 20.0 are served too (an update answers 204 below 46.0). */
export const API_VERSION = '66.0';
export const COLLECTION_LIMIT = 200;
const JSON_TYPE = 'application/json;charset=UTF-8';

export interface SalesforceRestOptions {
    runtime: SandboxRuntime;
    /** consumer key / secret of the External Client App; the caller generates them per run */
    clientId: string;
    clientSecret: string;
    /** the app's client-credentials Run As user (a User Id); null = none set → invalid_grant */
    runAsUserId: string | null;
    port?: number;
    /** daily API request limit reported in Sforce-Limit-Info (default 100000); past it → 403 */
    apiLimit?: number;
    /** session timeout (inactivity), default 30 minutes as the app's session policy */
    sessionTimeoutMs?: number;
    /** each write transaction's report (limits, async jobs, debug) — for the sandbox report */
    onTransaction?: (r: TxReport) => void;
}

/** One request as recorded: never a header value, a body or a token. */
export interface RecordedRestRequest {
    method: string;
    path: string;
    status: number;
    /** the run-as user of the token, when the request carried a valid one */
    userId: string | null;
}

interface Session {
    userId: string;
    lastUsed: number;
}

interface SaveError {
    statusCode: string;
    message: string;
    fields: string[];
}

interface RecordResult {
    id: string | null;
    success: boolean;
    errors: SaveError[];
    created?: boolean;
}

class HttpError extends Error {
    constructor(
        readonly status: number,
        readonly body: unknown
    ) {
        super(`HTTP ${status}`);
    }
}

const restError = (status: number, errorCode: string, message: string, fields?: string[]): HttpError =>
    new HttpError(status, [{ message, errorCode, ...(fields ? { fields } : {}) }]);
const notFound = (): HttpError => restError(404, 'NOT_FOUND', 'The requested resource does not exist');
/** The access model could not decide: say so instead of guessing (docs/emulators.md). */
const notModelled = (what: string, a: AccessAnswer): HttpError =>
    restError(
        500,
        'UNKNOWN_EXCEPTION',
        `not modelled by the local Salesforce REST emulator: ${what} (access model: ${a.reason})`
    );

export class SalesforceRestEmulator {
    readonly requests: RecordedRestRequest[] = [];
    private readonly sessions = new Map<string, Session>();
    private readonly access: AccessModel;
    private apiUsed = 0;
    private readonly sockets = new Set<import('node:net').Socket>();

    private constructor(
        private readonly server: http.Server,
        readonly url: string,
        private readonly opts: SalesforceRestOptions
    ) {
        this.access = new AccessModel(opts.runtime.db);
    }

    static async start(opts: SalesforceRestOptions): Promise<SalesforceRestEmulator> {
        if (!opts.clientId || !opts.clientSecret) throw new Error('salesforce-rest: client id and secret are required');
        let emu: SalesforceRestEmulator | undefined;
        const server = http.createServer((req, res) => {
            emu!.handle(req, res).catch((e: Error) => {
                // never leak internals with a token in them; the message is the emulator's own
                if (!res.headersSent) {
                    res.writeHead(500, { 'Content-Type': JSON_TYPE });
                    res.end(
                        JSON.stringify([{ message: `emulator error: ${e.message}`, errorCode: 'UNKNOWN_EXCEPTION' }])
                    );
                }
            });
        });
        await new Promise<void>((resolve, reject) => {
            server.once('error', reject);
            server.listen(opts.port ?? 0, LOOPBACK_HOST, () => resolve());
        });
        const port = (server.address() as AddressInfo).port;
        emu = new SalesforceRestEmulator(server, `http://${LOOPBACK_HOST}:${port}`, opts);
        server.on('connection', (s) => {
            emu!.sockets.add(s);
            s.on('close', () => emu!.sockets.delete(s));
        });
        return emu;
    }

    async stop(): Promise<void> {
        for (const s of this.sockets) s.destroy();
        await new Promise<void>((resolve) => this.server.close(() => resolve()));
    }

    /** Revoke every issued token (what an admin's "revoke" or a session timeout does). */
    revokeAll(): void {
        this.sessions.clear();
    }

    /** API requests counted so far (what Sforce-Limit-Info reports). */
    get apiUsage(): number {
        return this.apiUsed;
    }

    private get rt(): SandboxRuntime {
        return this.opts.runtime;
    }

    // ------------------------------------------------------------------------------------ dispatch
    private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const raw = await readBody(req);
        const u = new URL(req.url ?? '/', this.url);
        const method = (req.method ?? 'GET').toUpperCase();
        let userId: string | null = null;
        let status = 500;
        const headers: Record<string, string> = {};
        let body: unknown = undefined;
        try {
            if (u.pathname === '/services/oauth2/token') {
                if (method !== 'POST') throw methodNotAllowed(method, 'POST');
                body = this.token(req, raw);
                status = 200;
            } else if (u.pathname.startsWith('/services/data/')) {
                userId = this.authenticate(req);
                this.apiUsed++;
                const limit = this.opts.apiLimit ?? 100_000;
                headers['Sforce-Limit-Info'] = `api-usage=${this.apiUsed}/${limit}`;
                if (this.apiUsed > limit)
                    throw restError(403, 'REQUEST_LIMIT_EXCEEDED', 'TotalRequests Limit exceeded.');
                [status, body] = this.data(method, u, raw, userId);
            } else throw notFound();
        } catch (e) {
            if (!(e instanceof HttpError)) throw e;
            status = e.status;
            body = e.body;
        }
        this.requests.push({ method, path: u.pathname, status, userId });
        if (body === undefined) {
            res.writeHead(status, headers);
            res.end();
        } else {
            res.writeHead(status, { ...headers, 'Content-Type': JSON_TYPE });
            res.end(JSON.stringify(body));
        }
    }

    // ------------------------------------------------------------------------------------ OAuth
    private token(req: http.IncomingMessage, raw: string): unknown {
        const oauthError = (error: string, description: string) =>
            new HttpError(400, { error, error_description: description });
        const form = new URLSearchParams(raw);
        const grant = form.get('grant_type');
        if (!grant) throw oauthError('unsupported_grant_type', 'grant type not supported');
        if (grant !== 'client_credentials') throw oauthError('unsupported_grant_type', 'grant type not supported');
        let id = form.get('client_id');
        let secret = form.get('client_secret');
        const basic = /^Basic\s+(.+)$/i.exec(String(req.headers.authorization ?? ''));
        if (basic && !id && !secret) {
            const [a, ...b] = Buffer.from(basic[1], 'base64').toString('utf8').split(':');
            id = decodeURIComponent(a);
            secret = decodeURIComponent(b.join(':'));
        }
        if (id !== this.opts.clientId || !sameSecret(secret ?? '', this.opts.clientSecret))
            throw oauthError('invalid_client', 'invalid client credentials');
        const userId = this.opts.runAsUserId;
        // wording of this error is unverified (PLATFORM-FACTS §3.2)
        if (!userId) throw oauthError('invalid_grant', 'no client credentials user enabled');
        const user = this.rt.db.getRow(new V.ApexId(userId).value)?.row;
        if (!user || user.get('isactive') === false) throw oauthError('invalid_grant', 'inactive user');
        const uid = new V.ApexId(userId).value;
        const orgId = this.rt.db.seeded.orgId;
        const token = `${orgId.slice(0, 15)}!${randomBytes(40).toString('base64url')}`;
        this.sessions.set(token, { userId: uid, lastUsed: Date.now() });
        const idUrl = `https://login.salesforce.com/id/${orgId}/${uid}`;
        const issuedAt = String(Date.now());
        return {
            access_token: token,
            signature: createHmac('sha256', this.opts.clientSecret)
                .update(idUrl + issuedAt)
                .digest('base64'),
            scope: 'api',
            instance_url: this.url,
            id: idUrl,
            token_type: 'Bearer',
            issued_at: issuedAt
        };
    }

    private authenticate(req: http.IncomingMessage): string {
        const m = /^(?:Bearer|OAuth)\s+(\S+)$/i.exec(String(req.headers.authorization ?? ''));
        const s = m ? this.sessions.get(m[1]) : undefined;
        const timeout = this.opts.sessionTimeoutMs ?? 30 * 60_000;
        if (!s || Date.now() - s.lastUsed > timeout) {
            if (m) this.sessions.delete(m[1]);
            throw restError(401, 'INVALID_SESSION_ID', 'Session expired or invalid');
        }
        s.lastUsed = Date.now();
        return s.userId;
    }

    // ------------------------------------------------------------------------------------ data API
    private data(method: string, u: URL, raw: string, userId: string): [number, unknown] {
        const m = /^\/services\/data\/v(\d+)\.0\/(.*)$/.exec(u.pathname);
        if (!m || Number(m[1]) < 20 || Number(m[1]) > Number(API_VERSION.split('.')[0])) throw notFound();
        const version = Number(m[1]);
        const parts = m[2].split('/').map((p) => decodeURIComponent(p));
        if (parts[0] === 'sobjects' && parts.length === 4) {
            if (method !== 'PATCH') throw methodNotAllowed(method, 'PATCH');
            return this.upsertOne(version, parts[1], parts[2], parts[3], raw, userId);
        }
        if (parts[0] === 'sobjects' && parts.length === 3) {
            if (method !== 'GET') throw methodNotAllowed(method, 'GET');
            return [200, this.get(version, parts[1], parts[2], u.searchParams.get('fields'), userId)];
        }
        if (parts[0] === 'composite' && parts[1] === 'sobjects' && parts.length === 4 && version >= 46) {
            if (method !== 'PATCH') throw methodNotAllowed(method, 'PATCH');
            return [200, this.upsertCollection(parts[2], parts[3], raw, userId)];
        }
        throw notFound();
    }

    private object(name: string): SObjectInfo {
        const info = this.rt.db.schema.getObject(name);
        if (!info) throw notFound();
        return info;
    }

    private externalIdField(info: SObjectInfo, name: string): FieldInfo {
        const f = this.rt.db.schema.getField(info.name, name);
        if (!f || !f.externalId) throw notFound();
        return f;
    }

    /**
     * Field-level security as the runtime's access model answers it (it covers compound address fields and
     * required standard fields such as Account.Name — `scripts/apex-runtime/src/db/access.ts`).
     */
    private fieldAccess(userId: string, info: SObjectInfo, f: FieldInfo, op: 'read' | 'edit'): AccessAnswer {
        return this.access.fieldAccess(userId, info, f, op);
    }

    /**
     * Check one record's body against the schema and the user's access. Returns the Apex assignments, or throws
     * (request-level problems: unknown field, JSON shape, 'unknown' access) / returns a save error (field not
     * editable).
     */
    private fields(
        userId: string,
        info: SObjectInfo,
        body: Record<string, unknown>,
        skip: Set<string>
    ): { assigns: string[]; error: SaveError | null } {
        const assigns: string[] = [];
        const readOnly: string[] = [];
        for (const [name, value] of Object.entries(body)) {
            if (name === 'attributes' || skip.has(name.toLowerCase())) continue;
            const f = this.rt.db.schema.getField(info.name, name);
            const noColumn = () =>
                restError(400, 'INVALID_FIELD', `No such column '${name}' on sobject of type ${info.name}`);
            if (!f) throw noColumn();
            if (f.name === 'Id') {
                // the record is addressed by the external id; Id is never written from the body
                readOnly.push(f.name);
                continue;
            }
            const read = this.fieldAccess(userId, info, f, 'read');
            if (read.result === 'unknown') throw notModelled(`read access to ${info.name}.${f.name}`, read);
            if (read.result === 'deny') throw noColumn(); // a field the user cannot see does not exist for them
            const edit = this.fieldAccess(userId, info, f, 'edit');
            if (edit.result === 'unknown') throw notModelled(`edit access to ${info.name}.${f.name}`, edit);
            if (edit.result === 'deny') {
                readOnly.push(f.name);
                continue;
            }
            assigns.push(`${f.name} = ${apexLiteral(f, value)}`);
        }
        const error = readOnly.length
            ? {
                  statusCode: 'INVALID_FIELD_FOR_INSERT_UPDATE',
                  message: `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
                  fields: readOnly
              }
            : null;
        return { assigns, error };
    }

    /** Rows whose external id matches (the runtime's own matching happens again inside the DML). */
    private matches(info: SObjectInfo, key: FieldInfo, value: string): V.ApexId[] {
        const norm = (s: string) => (key.caseSensitive ? s : s.toLowerCase());
        return this.rt
            .rows(info.name)
            .filter((r) => {
                const v = r.get(key.name.toLowerCase());
                return typeof v === 'string' && norm(v) === norm(value);
            })
            .map((r) => r.get('id') as V.ApexId);
    }

    /** Object / record access for an upsert of a record whose key matched `ids`: null = allowed. */
    private upsertAccess(userId: string, info: SObjectInfo, ids: V.ApexId[]): SaveError | null {
        const op = ids.length ? 'edit' : 'create';
        const a = this.access.objectAccess(userId, info, op);
        if (a.result === 'unknown') throw notModelled(`${op} permission on ${info.name}`, a);
        if (a.result === 'deny') {
            // status code and wording are local choices (docs/emulators.md)
            return {
                statusCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
                message: `insufficient access rights on object: no ${op} permission on ${info.name}`,
                fields: []
            };
        }
        if (ids.length === 1) {
            const row = this.rt.db.getRow(ids[0])!.row;
            const r = recordEditable(this.access, this.rt.db, userId, info, row);
            if (r.result === 'unknown') throw notModelled(`edit access to record ${ids[0].value}`, r);
            if (r.result === 'deny')
                return {
                    statusCode: 'INSUFFICIENT_ACCESS_OR_READONLY',
                    message: 'insufficient access rights on object id',
                    fields: []
                };
        }
        return null;
    }

    private upsertOne(
        version: number,
        objectName: string,
        fieldName: string,
        value: string,
        raw: string,
        userId: string
    ): [number, unknown] {
        const info = this.object(objectName);
        const key = this.externalIdField(info, fieldName);
        const body = parseJson(raw);
        if (body === null || typeof body !== 'object' || Array.isArray(body))
            throw restError(400, 'JSON_PARSER_ERROR', 'The request body must be a JSON object of field values');
        const rec = body as Record<string, unknown>;
        const bodyKey = Object.keys(rec).find((k) => k.toLowerCase() === key.name.toLowerCase());
        // "Do not specify Id or an external ID field in the request body or an error is generated" (REST API guide,
        // sObject Rows by External ID); the error code and text here are local choices
        if (bodyKey !== undefined)
            throw restError(
                400,
                'INVALID_FIELD',
                `${key.name} is the external ID of this request: give it in the URL only, not in the body`,
                [key.name]
            );
        const { assigns, error } = this.fields(userId, info, rec, new Set([key.name.toLowerCase()]));
        const ids = this.matches(info, key, value);
        if (ids.length > 1)
            return [300, ids.map((id) => `/services/data/v${version}.0/sobjects/${info.name}/${id.value}`)];
        const denied = this.upsertAccess(userId, info, ids);
        if (denied) throw restError(403, denied.statusCode, denied.message);
        if (error) throw restError(400, 'INVALID_FIELD_FOR_INSERT_UPDATE', error.message, error.fields);
        const [r] = this.runUpsert(userId, info, key, [[`${key.name} = ${apexString(value)}`, ...assigns]], true);
        if (!r.success) {
            throw new HttpError(
                400,
                r.errors.map((e) => ({ message: e.message, errorCode: e.statusCode, fields: e.fields }))
            );
        }
        if (!r.created && version < 46) return [204, undefined];
        return [r.created ? 201 : 200, { id: r.id, success: true, errors: [], created: r.created }];
    }

    private upsertCollection(objectName: string, fieldName: string, raw: string, userId: string): RecordResult[] {
        const info = this.object(objectName);
        const key = this.externalIdField(info, fieldName);
        const body = parseJson(raw) as { allOrNone?: unknown; records?: unknown } | null;
        if (!body || typeof body !== 'object' || !Array.isArray(body.records) || !body.records.length)
            throw restError(400, 'JSON_PARSER_ERROR', 'The request body must be {"allOrNone": …, "records": [ … ]}');
        if (body.allOrNone !== undefined && typeof body.allOrNone !== 'boolean')
            throw restError(400, 'JSON_PARSER_ERROR', 'allOrNone must be true or false');
        const allOrNone = body.allOrNone === true;
        const records = body.records as unknown[];
        if (records.length > COLLECTION_LIMIT)
            throw restError(
                400,
                'EXCEEDED_ID_LIMIT',
                `record limit reached. cannot submit more than ${COLLECTION_LIMIT} records into this call`
            );
        const results: (RecordResult | null)[] = [];
        const todo: { index: number; assigns: string[] }[] = [];
        const seenKeys = new Set<string>();
        records.forEach((r, index) => {
            if (!r || typeof r !== 'object' || Array.isArray(r))
                throw restError(400, 'JSON_PARSER_ERROR', `records[${index}] is not a JSON object`);
            const rec = r as Record<string, unknown>;
            const type = (rec.attributes as { type?: unknown } | undefined)?.type;
            if (typeof type !== 'string' || type.toLowerCase() !== info.name.toLowerCase())
                throw restError(400, 'INVALID_TYPE', `records[${index}]: attributes.type must be ${info.name}`);
            const k = Object.keys(rec).find((x) => x.toLowerCase() === key.name.toLowerCase());
            const value = k === undefined ? undefined : rec[k];
            if (typeof value !== 'string' || value === '')
                throw restError(400, 'INVALID_FIELD', `records[${index}] has no value for ${key.name}`, [key.name]);
            const { assigns, error } = this.fields(userId, info, rec, new Set([key.name.toLowerCase()]));
            const norm = key.caseSensitive ? value : value.toLowerCase();
            const ids = this.matches(info, key, value);
            const fail = (e: SaveError) => results.push({ id: null, success: false, errors: [e] });
            if (seenKeys.has(norm))
                return fail({
                    statusCode: 'DUPLICATE_EXTERNAL_ID',
                    message: `${key.name}: the same value appears more than once in this request`,
                    fields: [key.name]
                });
            seenKeys.add(norm);
            if (ids.length > 1)
                return fail({
                    statusCode: 'DUPLICATE_EXTERNAL_ID',
                    message: `${key.name}: more than one record found for external id field: [${ids.map((i) => i.value).join(', ')}]`,
                    fields: [key.name]
                });
            const denied = this.upsertAccess(userId, info, ids) ?? error;
            if (denied) return fail(denied);
            results.push(null);
            todo.push({ index, assigns: [`${key.name} = ${apexString(value)}`, ...assigns] });
        });
        const preFailed = results.some((r) => r !== null);
        if (todo.length && !(allOrNone && preFailed)) {
            const done = this.runUpsert(
                userId,
                info,
                key,
                todo.map((t) => t.assigns),
                allOrNone
            );
            todo.forEach((t, i) => (results[t.index] = done[i]));
        }
        const out = results.map(
            (r) => r ?? { id: null, success: false, errors: [rolledBack()] } // allOrNone: never ran
        );
        if (allOrNone && out.some((r) => !r.success)) {
            return out.map((r) =>
                r.success || r.errors.some((e) => e.statusCode === 'ALL_OR_NONE_OPERATION_ROLLED_BACK')
                    ? { id: null, success: false, errors: [rolledBack()] }
                    : { ...r, id: null }
            );
        }
        return out.map((r) =>
            r.success
                ? { id: r.id, success: true, errors: [], created: r.created }
                : { id: null, success: false, errors: r.errors }
        );
    }

    /**
     * One transaction as the run-as user: Database.upsert(records, key, false) in anonymous Apex, so triggers and
     * the runtime's DML validation run. With allOrNone and any failure the whole transaction is rolled back.
     */
    private runUpsert(
        userId: string,
        info: SObjectInfo,
        key: FieldInfo,
        records: string[][],
        allOrNone: boolean
    ): RecordResult[] {
        const list = records.map((a) => `new ${info.name}(${a.join(', ')})`).join(',\n    ');
        const source = `
List<${info.name}> recs = new List<${info.name}>{
    ${list}
};
List<Database.UpsertResult> res = Database.upsert(recs, ${info.name}.${key.name}, false);
for (Integer i = 0; i < res.size(); i++) {
    Database.UpsertResult r = res[i];
    System.debug('SFREST|R|' + i + '|' + r.isSuccess() + '|' + r.isCreated() + '|' + r.getId());
    for (Database.Error e : r.getErrors()) {
        System.debug('SFREST|E|' + i + '|' + e.getStatusCode() + '|' + String.join(e.getFields(), ',') + '|' + e.getMessage());
    }
}`;
        const tx = this.rt.tx(`REST upsert ${info.name} by ${key.name} (${records.length})`, source, userId);
        this.opts.onTransaction?.(tx);
        if (tx.outcome.kind !== 'ok') {
            const o = tx.outcome;
            throw restError(
                500,
                'UNKNOWN_EXCEPTION',
                `the local Apex runtime could not complete the transaction: ${o.kind === 'exception' ? `${o.type}: ${o.message}` : `${o.kind}: ${o.message}`}`
            );
        }
        const out: RecordResult[] = records.map(() => ({ id: null, success: false, errors: [] }));
        for (const line of tx.debug) {
            if (!line.startsWith('SFREST|')) continue;
            const p = line.split('|');
            const i = Number(p[2]);
            if (p[1] === 'R') {
                out[i].success = p[3] === 'true';
                out[i].created = p[4] === 'true';
                out[i].id = p[5] && p[5] !== 'null' ? p[5] : null;
            } else {
                out[i].errors.push({
                    statusCode: p[3],
                    fields: p[4] ? p[4].split(',') : [],
                    message: p.slice(5).join('|')
                });
            }
        }
        // rt.tx starts a fresh journal: position 0 is the start of this transaction
        if (allOrNone && out.some((r) => !r.success)) this.rt.db.rollback(0);
        return out;
    }

    private get(version: number, objectName: string, id: string, fields: string | null, userId: string): unknown {
        const info = this.object(objectName);
        let rid: V.ApexId;
        try {
            rid = new V.ApexId(id);
        } catch {
            throw notFound();
        }
        const found = this.rt.db.getRow(rid);
        if (!found || found.info.name !== info.name) throw notFound();
        const obj = this.access.objectAccess(userId, info, 'read');
        if (obj.result === 'unknown') throw notModelled(`read permission on ${info.name}`, obj);
        if (obj.result === 'deny') throw notFound();
        const vis = this.access.recordVisible(userId, info, found.row);
        if (vis.result === 'unknown') throw notModelled(`visibility of record ${rid.value}`, vis);
        if (vis.result === 'deny') throw notFound();
        const names = fields
            ? fields.split(',').map((f) => f.trim())
            : [...info.fields.values()].map((f) => f.name).filter((n) => !/Address$/.test(n));
        const out: Record<string, unknown> = {
            attributes: { type: info.name, url: `/services/data/v${version}.0/sobjects/${info.name}/${rid.value}` }
        };
        for (const n of names) {
            const f = this.rt.db.schema.getField(info.name, n);
            if (!f) throw restError(400, 'INVALID_FIELD', `No such column '${n}' on entity '${info.name}'`);
            const a = this.fieldAccess(userId, info, f, 'read');
            if (a.result === 'unknown') throw notModelled(`read access to ${info.name}.${f.name}`, a);
            if (a.result === 'deny') {
                if (fields) throw restError(400, 'INVALID_FIELD', `No such column '${n}' on entity '${info.name}'`);
                continue;
            }
            out[f.name] = jsonValue(found.row.get(f.name.toLowerCase()));
        }
        return out;
    }
}

// ---------------------------------------------------------------------------------------- helpers
function rolledBack(): SaveError {
    return {
        statusCode: 'ALL_OR_NONE_OPERATION_ROLLED_BACK',
        message: 'Record rolled back because not all records were valid and the request was using AllOrNone header',
        fields: []
    };
}

function methodNotAllowed(method: string, allowed: string): HttpError {
    return restError(405, 'METHOD_NOT_ALLOWED', `HTTP Method '${method}' not allowed. Allowed are ${allowed}`);
}

function sameSecret(a: string, b: string): boolean {
    const x = Buffer.from(a);
    const y = Buffer.from(b);
    return x.length === y.length && timingSafeEqual(x, y);
}

function readBody(req: http.IncomingMessage): Promise<string> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on('data', (c: Buffer) => {
            size += c.length;
            if (size > 10 * 1024 * 1024) req.destroy();
            else chunks.push(c);
        });
        req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
        req.on('error', reject);
    });
}

function parseJson(raw: string): unknown {
    try {
        return JSON.parse(raw);
    } catch (e) {
        throw restError(400, 'JSON_PARSER_ERROR', `Json Deserialization failed: ${(e as Error).message}`);
    }
}

/** An Apex string literal for any text (no way out of the literal). */
export function apexString(s: string): string {
    let out = "'";
    for (const ch of s) {
        const c = ch.codePointAt(0)!;
        if (ch === '\\') out += '\\\\';
        else if (ch === "'") out += "\\'";
        else if (ch === '\n') out += '\\n';
        else if (ch === '\r') out += '\\r';
        else if (ch === '\t') out += '\\t';
        else if (c < 0x20 || c === 0x7f) out += `\\u${c.toString(16).padStart(4, '0')}`;
        else out += ch;
    }
    return `${out}'`;
}

const TEXT_TYPES = new Set(['Text', 'TextArea', 'LongTextArea', 'Phone', 'Url', 'Email', 'Picklist', 'EncryptedText']);

/** The Apex expression for a JSON value of a field, or a 400 the way Salesforce's deserializer refuses it. */
function apexLiteral(f: FieldInfo, value: unknown): string {
    if (value === null) return 'null';
    const bad = () =>
        restError(
            400,
            'JSON_PARSER_ERROR',
            `Cannot deserialize instance of ${f.type.toLowerCase()} from ${Array.isArray(value) ? 'START_ARRAY' : typeof value === 'object' ? 'START_OBJECT' : typeof value} value for field ${f.name}`,
            [f.name]
        );
    if (TEXT_TYPES.has(f.type)) {
        if (typeof value === 'string') return apexString(value);
        if (typeof value === 'number' || typeof value === 'boolean') return apexString(String(value));
        throw bad();
    }
    if (f.type === 'Checkbox') {
        if (typeof value === 'boolean') return String(value);
        throw bad();
    }
    if (['Number', 'Currency', 'Percent'].includes(f.type)) {
        if (typeof value === 'number' && Number.isFinite(value)) return String(value);
        throw bad();
    }
    if (f.type === 'DateTime') {
        // ISO 8601 with a zone ("2026-01-31T12:00:00.000Z", "+0000"), as the REST API takes date-time values
        const iso = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:?\d{2})$/;
        const ms =
            typeof value === 'string' && iso.test(value)
                ? Date.parse(value.replace(/([+-]\d{2})(\d{2})$/, '$1:$2'))
                : NaN;
        if (Number.isNaN(ms)) throw bad();
        return `Datetime.newInstance(${ms}L)`;
    }
    throw restError(
        500,
        'UNKNOWN_EXCEPTION',
        `not modelled by the local Salesforce REST emulator: values of ${f.type} field ${f.name}`
    );
}

function jsonValue(v: V.ApexPrimitive | undefined): unknown {
    if (v === null || v === undefined) return null;
    if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'number') return v;
    if (v instanceof V.ApexId) return v.value;
    if (v instanceof V.ApexDatetime) return v.toIsoString().replace(/Z$/, '+0000');
    return V.stringValueOf(v);
}
