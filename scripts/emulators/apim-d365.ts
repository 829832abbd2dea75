// Local emulator of the push endpoint: an Azure API Management gateway (subscription key, 404, rate
// limit, quota, backend timeout) in front of a Dynamics 365 backend in one of two modes:
//   custom  POST/GET {apiPath}/api/accounts — the project's proposed push contract (docs/emulators.md)
//   odata   POST/GET {apiPath}/data/CustomersV3, GET/PATCH {apiPath}/data/CustomersV3(dataAreaId='…',CustomerAccount='…')
// Sources and the list of choices that are proposals rather than documented behaviour: docs/emulators.md.
//
// Importing this module has no side effect. `startApimEmulator()` binds 127.0.0.1 only (port 0 =
// ephemeral). The subscription key is never logged, never echoed in a response and is replaced by
// `REDACTED` in the recorded requests.
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CUSTOMERS_V3_PROPERTIES } from './customers-v3-fields';

export const LOOPBACK_HOST = '127.0.0.1';
export const DEFAULT_HEADER_NAME = 'Ocp-Apim-Subscription-Key';
export const DEFAULT_QUERY_NAME = 'subscription-key';
export const KEY_ENV = 'D365_APIM_SUBSCRIPTION_KEY';
export const SECONDARY_KEY_ENV = 'D365_APIM_SUBSCRIPTION_KEY_SECONDARY';
export const REDACTED = 'REDACTED';
/** APIM `forward-request` default timeout (300 s). */
export const DEFAULT_BACKEND_TIMEOUT_MS = 300_000;
export const ODATA_ENTITY_TYPE = 'Microsoft.Dynamics.DataEntities.CustomerV3';
export const ODATA_CONTENT_TYPE = 'application/json; odata.metadata=minimal; charset=utf-8';
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8';
/** Content type of the gateway's own error bodies. */
export const GATEWAY_CONTENT_TYPE = 'application/json';

export type BackendMode = 'custom' | 'odata';

export type FaultKind =
    | 'backend-500'
    | 'backend-502'
    | 'backend-503'
    | 'backend-504'
    | 'backend-408'
    | 'backend-429'
    | 'validation-400'
    | 'malformed-json'
    | 'empty-body'
    | 'hang'
    | 'backend-unreachable'
    | 'connection-drop';

export const FAULT_KINDS: readonly FaultKind[] = [
    'backend-500',
    'backend-502',
    'backend-503',
    'backend-504',
    'backend-408',
    'backend-429',
    'validation-400',
    'malformed-json',
    'empty-body',
    'hang',
    'backend-unreachable',
    'connection-drop'
];

/** A fault rule: applies to the next `times` requests that pass the gateway checks and match `path`/`method`. */
export interface FaultSpec {
    kind: FaultKind;
    /** How many matching requests it applies to (default 1; `Infinity` until cleared). */
    times?: number;
    /** Path relative to the API path: a string matches itself and its sub-paths (`/x`, `/x/…`, `/x(…)`); or a RegExp. */
    path?: string | RegExp;
    /** HTTP method to match (any when absent). */
    method?: string;
    /** Status for `malformed-json` / `empty-body` (default: the backend's own status when committed, else 200). */
    status?: number;
    /** Message text for the error bodies (`backend-*`, `validation-400`). */
    message?: string;
    /** Field named by `validation-400` in custom mode (default `OrganizationName`). */
    field?: string;
    /** `Retry-After` seconds for `backend-429` (default 30) and `backend-503` (none by default). */
    retryAfterSeconds?: number;
    /**
     * Whether the backend performs the write before the fault answers (the caller then does not learn
     * that it happened). Default true for `malformed-json` and `empty-body`, false for the others.
     */
    commit?: boolean;
    /**
     * Applies to a matching request only with this probability (0..1; default always), drawn from a PRNG seeded
     * with `seed` (default 1), so a run is repeatable. A request it skips is not counted in `times`. The chaos run
     * arms one such rule per kind (scripts/start/chaos.ts).
     */
    chance?: number;
    seed?: number;
}

export interface PendingFault {
    kind: FaultKind;
    remaining: number;
    path?: string;
    method?: string;
}

export interface WindowLimit {
    calls: number;
    renewalPeriodSeconds: number;
}

export interface ApimEmulatorOptions {
    /** TCP port on 127.0.0.1; 0 (default) picks a free one. */
    port?: number;
    /** Backend behind the gateway (default `custom`). */
    mode?: BackendMode;
    /** API URL suffix, e.g. `/d365` (default none): operations live under it and `url` ends with it. */
    apiPath?: string;
    /** Subscription key header (default `Ocp-Apim-Subscription-Key`). */
    headerName?: string;
    /** Query parameter checked only when the header is absent (default `subscription-key`). */
    queryName?: string;
    /** Valid keys (primary, secondary, …). Default: env `D365_APIM_SUBSCRIPTION_KEY` (+ `_SECONDARY`). */
    keys?: string[];
    /** Environment to read the keys from (default `process.env`). */
    env?: NodeJS.ProcessEnv;
    /** `rate-limit` policy: sliding window, at most 300 s → 429 + Retry-After. */
    rateLimit?: WindowLimit;
    /** `quota` policy: fixed window from start → 403 + Retry-After. */
    quota?: WindowLimit;
    /**
     * D365 unavailable while `now()` is in [fromMs, toMs): every call that passed the gateway's policies gets the
     * backend's 503 (as the `backend-503` fault), then the backend answers again. The bench's outage scenario.
     */
    outage?: { fromMs: number; toMs: number };
    /** Gateway wait for a hanging backend before the 500 (default 300 000 ms, APIM's forward-request default). */
    backendTimeoutMs?: number;
    /** Company used when the request names none (default `usmf`). */
    dataAreaId?: string;
    /** Prefix of generated customer accounts (default `SF-`); the number has 6 digits. */
    accountNumberPrefix?: string;
    /** First generated number (default 1 → `SF-000001`). */
    firstAccountNumber?: number;
    /** When set, `CustomerGroupId` must be one of these (odata mode; custom mode stores it as sent). */
    customerGroups?: string[];
    /** Status of OData write failures (default 500, as observed; 400 as an option). */
    odataErrorStatus?: 400 | 500;
    /** odata mode: refuse properties CustomersV3 does not have (default true). */
    odataStrictProperties?: boolean;
    /** One line per request, never containing the key (default: no logging). */
    log?: (line: string) => void;
    /** Clock for the rate-limit and quota windows and timestamps (default `Date.now`). */
    now?: () => number;
    /** Largest request body accepted (default 1 MiB) → gateway 413. */
    maxBodyBytes?: number;
}

export interface RecordedRequest {
    /** Value of the `apim-request-id` response header. */
    requestId: string;
    receivedAt: string;
    method: string;
    /** Path and query as received, the key query parameter replaced by `REDACTED`. */
    path: string;
    /** Lower-case header names; the key header and `authorization` replaced by `REDACTED`. */
    headers: Record<string, string>;
    body: string;
    /** How the key arrived: header, query (header absent) or missing. */
    keySource: 'header' | 'query' | 'missing';
    /** Undefined when the gateway answered before checking the key (404, or no key at all). */
    keyValid?: boolean;
    /** Operation matched (`POST /api/accounts`…), or undefined for the gateway 404. */
    operation?: string;
    fault?: FaultKind;
    /** Undefined while pending, or when no HTTP answer was sent (connection dropped/closed). */
    status?: number;
    responseHeaders?: Record<string, string>;
    responseBody?: string;
    durationMs?: number;
}

export interface CustomerRecord {
    CustomerAccount: string;
    dataAreaId: string;
    salesforceId?: string;
    /** Every other property last received (merged across updates). */
    fields: Record<string, unknown>;
    createdAt: string;
    updatedAt: string;
    /** 1 on create, +1 per update (drives the OData etag). */
    version: number;
}

export interface ApimEmulator {
    /** Base URL including the API path, e.g. `http://127.0.0.1:51234` — what a Named Credential URL would hold. */
    readonly url: string;
    readonly port: number;
    readonly mode: BackendMode;
    /** Where the keys came from, in words (never the key). */
    readonly keySource: string;
    /** Every request received, in order (live array). */
    readonly requests: RecordedRequest[];
    /** Backend state keyed by `CustomerAccount` (live map). */
    readonly customers: Map<string, CustomerRecord>;
    /** Adds a fault rule (rules are tried in the order added; the first match is used). */
    setFault(fault: FaultSpec): void;
    clearFaults(): void;
    pendingFaults(): PendingFault[];
    /** Clears requests, customers, idempotency records, faults, counters and the account sequence. */
    reset(): void;
    /** Closes every connection (pending hangs included) and the server; idempotent. */
    stop(): Promise<void>;
}

interface BackendResponse {
    status: number;
    headers: Record<string, string>;
    body: string;
}

interface Operation {
    name: string;
    /** Path relative to apiPath. */
    path: string;
    method: string;
}

interface FaultRule {
    spec: FaultSpec;
    remaining: number;
    /** the `chance` draw (mulberry32 on `seed`) */
    draw?: () => number;
}

function seededDraw(seed: number): () => number {
    let a = seed >>> 0;
    return () => {
        a = (a + 0x6d2b79f5) >>> 0;
        let t = a;
        t = Math.imul(t ^ (t >>> 15), t | 1);
        t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
        return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
    };
}

// ---------------------------------------------------------------------------------------------------
// Keys

/** Valid keys and where they came from (in words) — from `options.keys`, else the environment. */
export function resolveSubscriptionKeys(options: Pick<ApimEmulatorOptions, 'keys' | 'env'> = {}): {
    keys: string[];
    source: string;
} {
    if (options.keys !== undefined) {
        const keys = options.keys.map((k) => (typeof k === 'string' ? k.trim() : ''));
        if (keys.length === 0 || keys.some((k) => k === '')) {
            throw new Error('options.keys must hold at least one non-empty key');
        }
        return { keys, source: `options.keys (${keys.length} key${keys.length === 1 ? '' : 's'})` };
    }
    const env = options.env ?? process.env;
    const primary = env[KEY_ENV]?.trim();
    const secondary = env[SECONDARY_KEY_ENV]?.trim();
    const keys = [primary, secondary].filter((k): k is string => !!k);
    if (keys.length === 0) {
        throw new Error(`No subscription key configured: set ${KEY_ENV} (and optionally ${SECONDARY_KEY_ENV})`);
    }
    const names = [primary ? KEY_ENV : undefined, secondary ? SECONDARY_KEY_ENV : undefined].filter(Boolean);
    return { keys, source: `environment variable${names.length === 1 ? '' : 's'} ${names.join(' and ')}` };
}

function digest(value: string): Buffer {
    return createHash('sha256').update(value, 'utf8').digest();
}

// ---------------------------------------------------------------------------------------------------
// Bodies

/** Gateway error body, formatted like the APIM wire bodies: `{ "statusCode": 401, "message": "…" }`. */
function gatewayBody(fields: Record<string, string | number>): string {
    const parts = Object.entries(fields).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`);
    return `{ ${parts.join(', ')} }`;
}

export const GATEWAY_MESSAGES = {
    missingKey:
        'Access denied due to missing subscription key. Make sure to include subscription key when making requests to an API.',
    invalidKey:
        'Access denied due to invalid subscription key. Make sure to provide a valid key for an active subscription.',
    notFound: 'Resource not found',
    internalError: 'Internal server error',
    tooLarge: 'Request entity too large'
} as const;

function odataError(message: string, inner?: { message: string; type: string }): string {
    const error: Record<string, unknown> = { code: '', message };
    if (inner) {
        error.innererror = { message: inner.message, type: inner.type, stacktrace: '' };
    }
    return JSON.stringify({ error });
}

const AX_WRITE_EXCEPTION = 'Microsoft.Dynamics.Platform.Integration.Services.OData.AxODataWriteException';
const ODATA_EXCEPTION = 'Microsoft.OData.ODataException';

function customError(status: number, field: string | null, message: string): BackendResponse {
    return {
        status,
        headers: { 'content-type': JSON_CONTENT_TYPE },
        body: JSON.stringify({ status: 'Error', errors: [{ field, message }] })
    };
}

function json(status: number, value: unknown, contentType = JSON_CONTENT_TYPE): BackendResponse {
    return { status, headers: { 'content-type': contentType }, body: JSON.stringify(value) };
}

/** `[d.]hh:mm:ss` as in the APIM quota message. */
export function formatQuotaWait(totalSeconds: number): string {
    const s = Math.max(0, Math.ceil(totalSeconds));
    const days = Math.floor(s / 86400);
    const pad = (n: number) => String(n).padStart(2, '0');
    const hms = `${pad(Math.floor((s % 86400) / 3600))}:${pad(Math.floor((s % 3600) / 60))}:${pad(s % 60)}`;
    return days > 0 ? `${days}.${hms}` : hms;
}

const REASON: Record<number, string> = {
    408: 'Request Timeout',
    429: 'Too many requests',
    502: 'Bad Gateway',
    503: 'Service Unavailable',
    504: 'Gateway Timeout'
};

// ---------------------------------------------------------------------------------------------------
// Helpers

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function headerValue(value: string | string[] | undefined): string | undefined {
    if (value === undefined) return undefined;
    return Array.isArray(value) ? value.join(', ') : value;
}

function normaliseApiPath(apiPath: string | undefined): string {
    if (!apiPath) return '';
    const trimmed = apiPath.trim().replace(/\/+$/, '');
    if (trimmed === '') return '';
    return trimmed.startsWith('/') ? trimmed : `/${trimmed}`;
}

function sameText(a: string, b: string): boolean {
    return a.localeCompare(b, 'en', { sensitivity: 'accent' }) === 0;
}

function validateWindow(name: string, limit: WindowLimit | undefined, maxPeriod?: number): void {
    if (!limit) return;
    if (!Number.isInteger(limit.calls) || limit.calls < 1) {
        throw new RangeError(`${name}.calls must be a positive integer`);
    }
    if (!(limit.renewalPeriodSeconds > 0) || (maxPeriod !== undefined && limit.renewalPeriodSeconds > maxPeriod)) {
        throw new RangeError(
            `${name}.renewalPeriodSeconds must be > 0${maxPeriod === undefined ? '' : ` and ≤ ${maxPeriod}`}`
        );
    }
}

/** Parses `dataAreaId='usmf',CustomerAccount='US-001'` (any order, `''` escapes a quote). */
function parseODataKeys(text: string): Record<string, string> | null {
    const keys: Record<string, string> = {};
    const re = /\s*([A-Za-z_][A-Za-z0-9_]*)\s*=\s*'((?:[^']|'')*)'\s*(,|$)/y;
    let index = 0;
    while (index < text.length) {
        re.lastIndex = index;
        const m = re.exec(text);
        if (!m) return null;
        keys[m[1]] = m[2].replace(/''/g, "'");
        index = re.lastIndex;
        if (m[3] === '') break;
    }
    return index >= text.length ? keys : null;
}

/** Parses `$filter` limited to `Field eq 'value'` clauses joined by `and`. */
function parseFilter(filter: string): Array<[string, string]> | null {
    const clauses = filter.split(/\s+and\s+/i);
    const out: Array<[string, string]> = [];
    for (const clause of clauses) {
        const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)\s+eq\s+'((?:[^']|'')*)'\s*$/.exec(clause);
        if (!m) return null;
        out.push([m[1], m[2].replace(/''/g, "'")]);
    }
    return out;
}

// ---------------------------------------------------------------------------------------------------
// The emulator

export async function startApimEmulator(options: ApimEmulatorOptions = {}): Promise<ApimEmulator> {
    const mode: BackendMode = options.mode ?? 'custom';
    if (mode !== 'custom' && mode !== 'odata') throw new RangeError(`Unknown mode: ${String(mode)}`);
    const { keys, source: keySource } = resolveSubscriptionKeys(options);
    const keyDigests = keys.map(digest);
    const headerName = (options.headerName ?? DEFAULT_HEADER_NAME).trim();
    const queryName = (options.queryName ?? DEFAULT_QUERY_NAME).trim();
    if (!headerName || !/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(headerName)) {
        throw new RangeError('headerName must be a valid HTTP header name');
    }
    if (!queryName) throw new RangeError('queryName must not be empty');
    const headerKey = headerName.toLowerCase();
    const apiPath = normaliseApiPath(options.apiPath);
    validateWindow('rateLimit', options.rateLimit, 300);
    validateWindow('quota', options.quota);
    const backendTimeoutMs = options.backendTimeoutMs ?? DEFAULT_BACKEND_TIMEOUT_MS;
    if (!(backendTimeoutMs >= 0)) throw new RangeError('backendTimeoutMs must be ≥ 0');
    const defaultCompany = options.dataAreaId ?? 'usmf';
    const prefix = options.accountNumberPrefix ?? 'SF-';
    const firstNumber = options.firstAccountNumber ?? 1;
    const odataErrorStatus = options.odataErrorStatus ?? 500;
    const strict = options.odataStrictProperties ?? true;
    const customerGroups = options.customerGroups;
    const log = options.log ?? (() => undefined);
    const now = options.now ?? Date.now;
    const maxBodyBytes = options.maxBodyBytes ?? 1024 * 1024;

    const requests: RecordedRequest[] = [];
    const customers = new Map<string, CustomerRecord>();
    const idempotent = new Map<string, BackendResponse>();
    let faults: FaultRule[] = [];
    let nextNumber = firstNumber;
    let rateStamps: number[] = [];
    const startedAt = now();
    let quotaWindowStart = startedAt;
    let quotaCount = 0;
    const timers = new Set<NodeJS.Timeout>();
    let stopping: Promise<void> | undefined;
    let baseUrl = '';

    const operations: Operation[] =
        mode === 'custom'
            ? [
                  { name: 'GET /api/accounts', method: 'GET', path: '/api/accounts' },
                  { name: 'POST /api/accounts', method: 'POST', path: '/api/accounts' },
                  { name: 'GET /api/accounts/{CustomerAccount}', method: 'GET', path: '/api/accounts/*' }
              ]
            : [
                  { name: 'GET /data/CustomersV3', method: 'GET', path: '/data/CustomersV3' },
                  { name: 'POST /data/CustomersV3', method: 'POST', path: '/data/CustomersV3' },
                  { name: 'GET /data/CustomersV3({keys})', method: 'GET', path: '/data/CustomersV3(*)' },
                  { name: 'PATCH /data/CustomersV3({keys})', method: 'PATCH', path: '/data/CustomersV3(*)' }
              ];

    function matchOperation(method: string, rel: string): Operation | undefined {
        return operations.find((op) => {
            if (op.method !== method) return false;
            if (op.path.endsWith('/*')) {
                const base = op.path.slice(0, -1);
                return rel.startsWith(base) && rel.length > base.length && !rel.slice(base.length).includes('/');
            }
            if (op.path.endsWith('(*)')) {
                const base = op.path.slice(0, -3);
                return rel.startsWith(`${base}(`) && rel.endsWith(')');
            }
            return rel === op.path;
        });
    }

    // -- key ------------------------------------------------------------------------------------------
    function isValidKey(candidate: string): boolean {
        const d = digest(candidate);
        let valid = false;
        for (const k of keyDigests) {
            // Constant time per comparison; every key is compared.
            if (timingSafeEqual(d, k)) valid = true;
        }
        return valid;
    }

    function redactPath(url: URL): string {
        if (url.search === '') return url.pathname;
        const parts = url.search
            .slice(1)
            .split('&')
            .map((pair) => {
                const eq = pair.indexOf('=');
                const rawName = eq < 0 ? pair : pair.slice(0, eq);
                let name = rawName;
                try {
                    name = decodeURIComponent(rawName.replace(/\+/g, ' '));
                } catch {
                    // keep raw
                }
                return name.toLowerCase() === queryName.toLowerCase() ? `${rawName}=${REDACTED}` : pair;
            });
        return `${url.pathname}?${parts.join('&')}`;
    }

    function recordHeaders(req: http.IncomingMessage): Record<string, string> {
        const out: Record<string, string> = {};
        for (const [name, value] of Object.entries(req.headers)) {
            const v = headerValue(value);
            if (v === undefined) continue;
            out[name] = name === headerKey || name === 'authorization' ? REDACTED : v;
        }
        return out;
    }

    // -- backend: custom ------------------------------------------------------------------------------
    function findCustomer(account: string, company?: string): CustomerRecord | undefined {
        for (const c of customers.values()) {
            if (sameText(c.CustomerAccount, account) && (company === undefined || sameText(c.dataAreaId, company))) {
                return c;
            }
        }
        return undefined;
    }

    function newAccountNumber(): string {
        let candidate: string;
        do {
            candidate = `${prefix}${String(nextNumber++).padStart(6, '0')}`;
        } while (findCustomer(candidate));
        return candidate;
    }

    function stamp(): string {
        return new Date(now()).toISOString();
    }

    function customPost(req: http.IncomingMessage, body: string): BackendResponse {
        const key = headerValue(req.headers['idempotency-key']) ?? headerValue(req.headers['x-correlation-id']);
        if (key) {
            const previous = idempotent.get(key);
            if (previous) {
                return { ...previous, headers: { ...previous.headers, 'idempotent-replayed': 'true' } };
            }
        }
        const contentType = headerValue(req.headers['content-type']) ?? '';
        if (!/^application\/json\s*(;|$)/i.test(contentType)) {
            return customError(415, null, 'Content-Type must be application/json.');
        }
        let parsed: unknown;
        try {
            parsed = JSON.parse(body);
        } catch {
            return customError(400, null, 'The request body is not valid JSON.');
        }
        if (!isPlainObject(parsed)) {
            return customError(400, null, 'The request body must be a JSON object.');
        }
        const name = parsed.OrganizationName;
        if (typeof name !== 'string' || name.trim() === '') {
            return customError(400, 'OrganizationName', 'OrganizationName is required.');
        }
        for (const field of ['salesforceId', 'CustomerAccount', 'dataAreaId']) {
            const value = parsed[field];
            if (value !== undefined && value !== null && typeof value !== 'string') {
                return customError(400, field, `${field} must be a string.`);
            }
        }
        const salesforceId = (parsed.salesforceId as string | null | undefined) || undefined;
        const account = (parsed.CustomerAccount as string | null | undefined)?.trim() || undefined;
        const company = (parsed.dataAreaId as string | null | undefined)?.trim() || defaultCompany;
        const fields: Record<string, unknown> = { ...parsed };
        delete fields.salesforceId;
        delete fields.CustomerAccount;
        delete fields.dataAreaId;

        let existing = account ? findCustomer(account) : undefined;
        if (existing && salesforceId && existing.salesforceId && existing.salesforceId !== salesforceId) {
            return customError(
                409,
                'CustomerAccount',
                `Customer account ${existing.CustomerAccount} belongs to another Salesforce record.`
            );
        }
        if (!existing && salesforceId) {
            existing = [...customers.values()].find((c) => c.salesforceId === salesforceId);
        }
        let status: 'Created' | 'Updated';
        let record: CustomerRecord;
        if (existing) {
            existing.fields = { ...existing.fields, ...fields };
            existing.salesforceId = salesforceId ?? existing.salesforceId;
            existing.updatedAt = stamp();
            existing.version += 1;
            record = existing;
            status = 'Updated';
        } else {
            const at = stamp();
            record = {
                CustomerAccount: account ?? newAccountNumber(),
                dataAreaId: company,
                salesforceId,
                fields,
                createdAt: at,
                updatedAt: at,
                version: 1
            };
            customers.set(record.CustomerAccount, record);
            status = 'Created';
        }
        const response = json(200, { status, CustomerAccount: record.CustomerAccount, dataAreaId: record.dataAreaId });
        if (key) idempotent.set(key, response);
        return response;
    }

    function customGetOne(rel: string): BackendResponse {
        let account = rel.slice('/api/accounts/'.length);
        try {
            account = decodeURIComponent(account);
        } catch {
            // keep raw
        }
        const c = findCustomer(account);
        if (!c) return customError(404, 'CustomerAccount', `Customer account ${account} was not found.`);
        return json(200, {
            CustomerAccount: c.CustomerAccount,
            dataAreaId: c.dataAreaId,
            salesforceId: c.salesforceId ?? null,
            ...c.fields
        });
    }

    // -- backend: odata -------------------------------------------------------------------------------
    function odata(status: number, body: string, extra: Record<string, string> = {}): BackendResponse {
        return {
            status,
            headers: { 'content-type': ODATA_CONTENT_TYPE, 'odata-version': '4.0', ...extra },
            body
        };
    }

    function odataWriteFailure(infolog: string): BackendResponse {
        return odata(
            odataErrorStatus,
            odataError('An error has occurred.', {
                message: `Write failed for table row of type 'CustCustomerV3Entity'. Infolog: ${infolog}`,
                type: AX_WRITE_EXCEPTION
            })
        );
    }

    function odataBadRequest(message: string): BackendResponse {
        return odata(400, odataError('An error has occurred.', { message, type: ODATA_EXCEPTION }));
    }

    function odataNotFound(): BackendResponse {
        return odata(404, odataError("Resource not found for the segment 'CustomersV3'."));
    }

    function etag(c: CustomerRecord): string {
        return `W/"${Buffer.from(`'${c.version},${c.CustomerAccount}'`).toString('base64')}"`;
    }

    function entityUrl(c: CustomerRecord): string {
        const q = (v: string) => encodeURIComponent(v.replace(/'/g, "''"));
        return `${baseUrl}/data/CustomersV3(dataAreaId='${q(c.dataAreaId)}',CustomerAccount='${q(c.CustomerAccount)}')`;
    }

    function entity(c: CustomerRecord): Record<string, unknown> {
        return { '@odata.etag': etag(c), dataAreaId: c.dataAreaId, CustomerAccount: c.CustomerAccount, ...c.fields };
    }

    type Parsed = { ok: true; fields: Record<string, unknown> } | { ok: false; response: BackendResponse };

    /** The body's properties without `@odata.*` annotations, or the OData error to answer. */
    function parseODataBody(body: string): Parsed {
        let parsed: unknown;
        try {
            parsed = JSON.parse(body);
        } catch {
            return { ok: false, response: odataBadRequest('The request body is not valid JSON.') };
        }
        if (!isPlainObject(parsed)) {
            return { ok: false, response: odataBadRequest('The request body must be a JSON object.') };
        }
        if (strict) {
            const unknown = Object.keys(parsed).find((k) => !k.startsWith('@') && !CUSTOMERS_V3_PROPERTIES.has(k));
            if (unknown !== undefined) {
                return {
                    ok: false,
                    response: odataBadRequest(
                        `The property '${unknown}' does not exist on type '${ODATA_ENTITY_TYPE}'. Make sure to only use property names that are defined by the type or mark the type as open type.`
                    )
                };
            }
        }
        const fields = { ...parsed };
        for (const k of Object.keys(fields)) if (k.startsWith('@')) delete fields[k];
        return { ok: true, fields };
    }

    function validateCustomerFields(fields: Record<string, unknown>, creating: boolean): BackendResponse | undefined {
        if (creating || 'OrganizationName' in fields) {
            const name = fields.OrganizationName;
            if (typeof name !== 'string' || name.trim() === '') {
                return odataWriteFailure(
                    "Warning: Field 'Organization name' must be filled in.; Warning: validateField failed on field 'CustCustomerV3Entity.OrganizationName'."
                );
            }
        }
        if (customerGroups && (creating || 'CustomerGroupId' in fields)) {
            const group = fields.CustomerGroupId;
            if (typeof group !== 'string' || !customerGroups.some((g) => sameText(g, group))) {
                return odataWriteFailure(
                    `Warning: The value '${String(group ?? '')}' in field 'Customer group' is not found in the related table 'Customer groups'.; Warning: validateField failed on field 'CustCustomerV3Entity.CustomerGroupId'.`
                );
            }
        }
        return undefined;
    }

    function odataPost(body: string): BackendResponse {
        const parsed = parseODataBody(body);
        if (!parsed.ok) return parsed.response;
        const fields = parsed.fields;
        const invalid = validateCustomerFields(fields, true);
        if (invalid) return invalid;
        const company = (typeof fields.dataAreaId === 'string' && fields.dataAreaId.trim()) || defaultCompany;
        const given = typeof fields.CustomerAccount === 'string' ? fields.CustomerAccount.trim() : '';
        if (given && findCustomer(given)) {
            return odataWriteFailure(
                `Error: Cannot create a record in Customers (CustTable). Customer account: ${given}, ${company}. The record already exists.`
            );
        }
        delete fields.dataAreaId;
        delete fields.CustomerAccount;
        const at = stamp();
        const record: CustomerRecord = {
            CustomerAccount: given || newAccountNumber(),
            dataAreaId: company,
            fields,
            createdAt: at,
            updatedAt: at,
            version: 1
        };
        customers.set(record.CustomerAccount, record);
        return odata(
            201,
            JSON.stringify({ '@odata.context': `${baseUrl}/data/$metadata#CustomersV3/$entity`, ...entity(record) }),
            { location: entityUrl(record) }
        );
    }

    function odataKeyed(method: string, rel: string, body: string): BackendResponse {
        let inner = rel.slice('/data/CustomersV3('.length, -1);
        try {
            inner = decodeURIComponent(inner);
        } catch {
            return odataBadRequest('The key segment is not valid.');
        }
        const keyValues = parseODataKeys(inner);
        if (
            !keyValues ||
            Object.keys(keyValues).length !== 2 ||
            keyValues.dataAreaId === undefined ||
            keyValues.CustomerAccount === undefined
        ) {
            return odataBadRequest(
                `The number of keys specified in the URI does not match number of key properties for the resource '${ODATA_ENTITY_TYPE}'.`
            );
        }
        const c = findCustomer(keyValues.CustomerAccount, keyValues.dataAreaId);
        if (!c) return odataNotFound();
        if (method === 'GET') {
            return odata(
                200,
                JSON.stringify({ '@odata.context': `${baseUrl}/data/$metadata#CustomersV3/$entity`, ...entity(c) }),
                { etag: etag(c) }
            );
        }
        const parsed = parseODataBody(body);
        if (!parsed.ok) return parsed.response;
        const fields = parsed.fields;
        delete fields.dataAreaId;
        delete fields.CustomerAccount;
        const invalid = validateCustomerFields(fields, false);
        if (invalid) return invalid;
        c.fields = { ...c.fields, ...fields };
        c.updatedAt = stamp();
        c.version += 1;
        return { status: 204, headers: { 'odata-version': '4.0' }, body: '' };
    }

    function odataList(url: URL): BackendResponse {
        let list = [...customers.values()];
        if (url.searchParams.get('cross-company') !== 'true') {
            list = list.filter((c) => sameText(c.dataAreaId, defaultCompany));
        }
        const filter = url.searchParams.get('$filter');
        if (filter !== null) {
            const clauses = parseFilter(filter);
            if (!clauses) {
                return odata(
                    501,
                    odataError("The emulator supports only $filter clauses of the form Field eq 'value' joined by and.")
                );
            }
            list = list.filter((c) =>
                clauses.every(([field, value]) => {
                    const v = entity(c)[field];
                    return v !== undefined && v !== null && sameText(String(v), value);
                })
            );
        }
        const top = url.searchParams.get('$top');
        if (top !== null) {
            if (!/^\d+$/.test(top)) return odataBadRequest(`Invalid value '${top}' for $top query option found.`);
            list = list.slice(0, Number(top));
        }
        return odata(
            200,
            JSON.stringify({ '@odata.context': `${baseUrl}/data/$metadata#CustomersV3`, value: list.map(entity) })
        );
    }

    function runBackend(
        op: Operation,
        req: http.IncomingMessage,
        url: URL,
        rel: string,
        body: string
    ): BackendResponse {
        switch (op.name) {
            case 'GET /api/accounts':
                return json(200, { status: 'OK', service: 'd365-apim-emulator', mode });
            case 'POST /api/accounts':
                return customPost(req, body);
            case 'GET /api/accounts/{CustomerAccount}':
                return customGetOne(rel);
            case 'GET /data/CustomersV3':
                return odataList(url);
            case 'POST /data/CustomersV3':
                return odataPost(body);
            default:
                return odataKeyed(op.method, rel, body);
        }
    }

    // -- faults ---------------------------------------------------------------------------------------
    function takeFault(method: string, rel: string): FaultSpec | undefined {
        const rule = faults.find((r) => {
            if (r.spec.method && r.spec.method.toUpperCase() !== method) return false;
            const p = r.spec.path;
            const matches =
                p === undefined ||
                (p instanceof RegExp ? p.test(rel) : rel === p || rel.startsWith(`${p}/`) || rel.startsWith(`${p}(`));
            // a `chance` rule draws only for the requests it matches
            return matches && (!r.draw || r.draw() < (r.spec.chance ?? 1));
        });
        if (!rule) return undefined;
        rule.remaining -= 1;
        if (rule.remaining <= 0) faults = faults.filter((r) => r !== rule);
        return rule.spec;
    }

    function faultResponse(spec: FaultSpec, committed: BackendResponse | undefined): BackendResponse {
        const withMessage = (status: number) =>
            json(status, { error: { code: '', message: spec.message ?? REASON[status] } });
        switch (spec.kind) {
            case 'backend-500':
                return odata(
                    500,
                    odataError('An error has occurred.', {
                        message:
                            spec.message ??
                            "Write failed for table row of type 'CustCustomerV3Entity'. Infolog: Error: emulated backend failure (fault injection).",
                        type: AX_WRITE_EXCEPTION
                    })
                );
            case 'backend-429': {
                const r = withMessage(429);
                r.headers['retry-after'] = String(spec.retryAfterSeconds ?? 30);
                return r;
            }
            case 'backend-503': {
                const r = withMessage(503);
                if (spec.retryAfterSeconds !== undefined) r.headers['retry-after'] = String(spec.retryAfterSeconds);
                return r;
            }
            case 'backend-502':
                return withMessage(502);
            case 'backend-504':
                return withMessage(504);
            case 'backend-408':
                return withMessage(408);
            case 'validation-400':
                if (mode === 'custom') {
                    return customError(
                        400,
                        spec.field ?? 'OrganizationName',
                        spec.message ?? 'Emulated validation error (fault injection).'
                    );
                }
                return odataBadRequest(spec.message ?? 'Emulated validation error (fault injection).');
            case 'malformed-json': {
                const full = committed?.body ?? '';
                const cut = full.length >= 2 ? full.slice(0, Math.floor(full.length / 2)) : '{"status":';
                return {
                    status: spec.status ?? committed?.status ?? 200,
                    headers: { 'content-type': JSON_CONTENT_TYPE },
                    body: cut
                };
            }
            case 'empty-body':
                return {
                    status: spec.status ?? committed?.status ?? 200,
                    headers: { 'content-type': JSON_CONTENT_TYPE },
                    body: ''
                };
            default:
                throw new Error(`fault ${spec.kind} has no backend response`);
        }
    }

    // -- request pipeline -----------------------------------------------------------------------------
    function readBody(req: http.IncomingMessage): Promise<{ text: string; tooLarge: boolean }> {
        return new Promise((resolve, reject) => {
            const chunks: Buffer[] = [];
            let size = 0;
            let tooLarge = false;
            req.on('data', (chunk: Buffer) => {
                size += chunk.length;
                if (size > maxBodyBytes) tooLarge = true;
                else chunks.push(chunk);
            });
            req.on('end', () => resolve({ text: Buffer.concat(chunks).toString('utf8'), tooLarge }));
            req.on('error', reject);
        });
    }

    function finish(
        res: http.ServerResponse,
        rec: RecordedRequest,
        started: number,
        status: number,
        headers: Record<string, string>,
        body: string
    ): void {
        const out: Record<string, string> = {
            ...headers,
            'apim-request-id': rec.requestId,
            'content-length': String(Buffer.byteLength(body))
        };
        rec.status = status;
        rec.responseHeaders = Object.fromEntries(Object.entries(out).map(([k, v]) => [k.toLowerCase(), v]));
        rec.responseBody = body;
        rec.durationMs = Date.now() - started;
        if (!res.destroyed) {
            res.writeHead(status, out);
            res.end(body);
        }
        writeLog(rec);
    }

    function writeLog(rec: RecordedRequest): void {
        const checked = rec.keyValid === undefined ? 'not checked' : rec.keyValid ? 'valid' : 'invalid';
        const keyState = rec.keySource === 'missing' ? 'missing' : `${rec.keySource} ${checked}`;
        log(
            `${rec.receivedAt} ${rec.method} ${rec.path} -> ${rec.status ?? 'no answer'} ` +
                `(${rec.durationMs ?? 0} ms, key ${keyState}${rec.fault ? `, fault ${rec.fault}` : ''}) ` +
                `apim-request-id=${rec.requestId}`
        );
    }

    function gateway(
        res: http.ServerResponse,
        rec: RecordedRequest,
        started: number,
        status: number,
        fields: Record<string, string | number>,
        extra: Record<string, string> = {}
    ): void {
        finish(res, rec, started, status, { 'content-type': GATEWAY_CONTENT_TYPE, ...extra }, gatewayBody(fields));
    }

    async function handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const started = Date.now();
        const method = (req.method ?? 'GET').toUpperCase();
        const url = new URL(req.url ?? '/', `http://${LOOPBACK_HOST}`);
        const rec: RecordedRequest = {
            requestId: randomUUID(),
            receivedAt: stamp(),
            method,
            path: redactPath(url),
            headers: recordHeaders(req),
            body: '',
            keySource: 'missing'
        };
        requests.push(rec);
        const { text: body, tooLarge } = await readBody(req);
        rec.body = tooLarge ? '' : body;

        // 1. where the key is: header, or the query parameter only when the header is absent.
        const fromHeader = headerValue(req.headers[headerKey]);
        let candidate: string | undefined;
        if (fromHeader !== undefined && fromHeader.trim() !== '') {
            rec.keySource = 'header';
            candidate = fromHeader.trim();
        } else {
            const fromQuery = [...url.searchParams.entries()].find(
                ([name]) => name.toLowerCase() === queryName.toLowerCase()
            )?.[1];
            if (fromQuery !== undefined && fromQuery.trim() !== '') {
                rec.keySource = 'query';
                candidate = fromQuery.trim();
            }
        }
        // 2. operation match (APIM answers 404 before looking at the key).
        let rel: string | undefined;
        if (apiPath === '') rel = url.pathname;
        else if (url.pathname === apiPath || url.pathname.startsWith(`${apiPath}/`)) {
            rel = url.pathname.slice(apiPath.length) || '/';
        }
        const op = rel === undefined ? undefined : matchOperation(method, rel);
        if (!op || rel === undefined) {
            gateway(res, rec, started, 404, { statusCode: 404, message: GATEWAY_MESSAGES.notFound });
            return;
        }
        rec.operation = op.name;

        // 3. key check.
        const challenge = {
            'www-authenticate': `AzureApiManagementKey realm="${baseUrl}",name="${headerName}",type="header"`
        };
        if (candidate === undefined) {
            gateway(res, rec, started, 401, { statusCode: 401, message: GATEWAY_MESSAGES.missingKey }, challenge);
            return;
        }
        rec.keyValid = isValidKey(candidate);
        if (!rec.keyValid) {
            gateway(res, rec, started, 401, { statusCode: 401, message: GATEWAY_MESSAGES.invalidKey }, challenge);
            return;
        }

        if (tooLarge) {
            gateway(res, rec, started, 413, { statusCode: 413, message: GATEWAY_MESSAGES.tooLarge });
            return;
        }

        // 4. rate-limit (sliding window), then quota (fixed window).
        const t = now();
        if (options.rateLimit) {
            const period = options.rateLimit.renewalPeriodSeconds * 1000;
            rateStamps = rateStamps.filter((s) => s > t - period);
            if (rateStamps.length >= options.rateLimit.calls) {
                const wait = Math.max(1, Math.ceil((rateStamps[0] + period - t) / 1000));
                gateway(
                    res,
                    rec,
                    started,
                    429,
                    { statusCode: 429, message: `Rate limit is exceeded. Try again in ${wait} seconds.` },
                    { 'retry-after': String(wait) }
                );
                return;
            }
            rateStamps.push(t);
        }
        if (options.quota) {
            const period = options.quota.renewalPeriodSeconds * 1000;
            if (t >= quotaWindowStart + period) {
                quotaWindowStart += Math.floor((t - quotaWindowStart) / period) * period;
                quotaCount = 0;
            }
            if (quotaCount >= options.quota.calls) {
                const waitSeconds = (quotaWindowStart + period - t) / 1000;
                gateway(
                    res,
                    rec,
                    started,
                    403,
                    {
                        statusCode: 403,
                        message: `Out of call volume quota. Quota will be replenished in ${formatQuotaWait(waitSeconds)}.`
                    },
                    { 'retry-after': String(Math.max(1, Math.ceil(waitSeconds))) }
                );
                return;
            }
            quotaCount += 1;
        }

        // 5. outage window, fault injection, 6. backend.
        if (options.outage && t >= options.outage.fromMs && t < options.outage.toMs) {
            rec.fault = 'backend-503';
            const r = faultResponse({ kind: 'backend-503' }, undefined);
            finish(res, rec, started, r.status, r.headers, r.body);
            return;
        }
        const fault = takeFault(method, rel);
        if (!fault) {
            const r = runBackend(op, req, url, rel, body);
            finish(res, rec, started, r.status, r.headers, r.body);
            return;
        }
        rec.fault = fault.kind;
        const commit = fault.commit ?? (fault.kind === 'malformed-json' || fault.kind === 'empty-body');
        const committed = commit ? runBackend(op, req, url, rel, body) : undefined;
        if (fault.kind === 'connection-drop') {
            rec.durationMs = Date.now() - started;
            req.socket.destroy();
            writeLog(rec);
            return;
        }
        if (fault.kind === 'backend-unreachable') {
            gateway(res, rec, started, 500, {
                statusCode: 500,
                message: GATEWAY_MESSAGES.internalError,
                activityId: rec.requestId
            });
            return;
        }
        if (fault.kind === 'hang') {
            const timer = setTimeout(() => {
                timers.delete(timer);
                gateway(res, rec, started, 500, {
                    statusCode: 500,
                    message: GATEWAY_MESSAGES.internalError,
                    activityId: rec.requestId
                });
            }, backendTimeoutMs);
            timers.add(timer);
            res.on('close', () => {
                if (timers.delete(timer)) {
                    clearTimeout(timer);
                    rec.durationMs = Date.now() - started;
                    writeLog(rec);
                }
            });
            return;
        }
        const r = faultResponse(fault, committed);
        finish(res, rec, started, r.status, r.headers, r.body);
    }

    const server = http.createServer((req, res) => {
        handle(req, res).catch((error: unknown) => {
            // An emulator bug: answer like the gateway would, without details.
            if (!res.headersSent && !res.destroyed) {
                const body = gatewayBody({ statusCode: 500, message: GATEWAY_MESSAGES.internalError });
                res.writeHead(500, { 'content-type': GATEWAY_CONTENT_TYPE, 'content-length': Buffer.byteLength(body) });
                res.end(body);
            }
            log(`emulator error: ${error instanceof Error ? error.message : String(error)}`);
        });
    });

    await new Promise<void>((resolve, reject) => {
        const onError = (error: Error) => reject(error);
        server.once('error', onError);
        server.listen({ host: LOOPBACK_HOST, port: options.port ?? 0 }, () => {
            server.off('error', onError);
            resolve();
        });
    });
    const port = (server.address() as AddressInfo).port;
    baseUrl = `http://${LOOPBACK_HOST}:${port}${apiPath}`;

    return {
        url: baseUrl,
        port,
        mode,
        keySource,
        requests,
        customers,
        setFault(fault: FaultSpec): void {
            if (!fault || !FAULT_KINDS.includes(fault.kind)) {
                throw new RangeError(`Unknown fault kind: ${String(fault?.kind)} (one of ${FAULT_KINDS.join(', ')})`);
            }
            const times = fault.times ?? 1;
            if (!(times >= 1)) throw new RangeError('fault.times must be ≥ 1');
            if (fault.chance !== undefined && !(fault.chance >= 0 && fault.chance <= 1)) {
                throw new RangeError('fault.chance must be in 0..1');
            }
            faults.push({
                spec: { ...fault },
                remaining: times,
                draw: fault.chance === undefined ? undefined : seededDraw(fault.seed ?? 1)
            });
        },
        clearFaults(): void {
            faults = [];
        },
        pendingFaults(): PendingFault[] {
            return faults.map((r) => ({
                kind: r.spec.kind,
                remaining: r.remaining,
                ...(r.spec.path === undefined ? {} : { path: String(r.spec.path) }),
                ...(r.spec.method === undefined ? {} : { method: r.spec.method.toUpperCase() })
            }));
        },
        reset(): void {
            requests.length = 0;
            customers.clear();
            idempotent.clear();
            faults = [];
            nextNumber = firstNumber;
            rateStamps = [];
            quotaWindowStart = now();
            quotaCount = 0;
        },
        stop(): Promise<void> {
            if (!stopping) {
                for (const timer of timers) clearTimeout(timer);
                timers.clear();
                stopping = new Promise<void>((resolve) => {
                    server.close(() => resolve());
                    server.closeAllConnections();
                });
            }
            return stopping;
        }
    };
}
