// System.URL (Apex Reference, "URL Class"): constructors URL(spec), URL(context, spec), URL(protocol, host, file),
// URL(protocol, host, port, file) and the getters getProtocol, getHost, getPort (-1 when not set), getDefaultPort,
// getPath, getQuery, getRef, getFile (path + query), getAuthority, getUserInfo, sameFile, toExternalForm. Since API
// 41.0 the class is backed by java.net.URI ("fully RFC-compliant URL parsing"), which decodes percent-escapes in
// some getters; input with escapes, an unusual host, a protocol other than http/https, malformed input (the error
// text is not documented) and a relative spec other than an absolute path are unsupported, so every answer given is
// the plain split of the text. getOrgDomainUrl() is the local org's My Domain URL; the other org URLs
// (getSalesforceBaseUrl, getCurrentRequestUrl, getFileFieldURL) depend on the request or the instance and are
// unsupported.
import type { Interpreter } from '../interp/interpreter';
import { registerNative } from '../interp/natives';
import { NativeObject } from '../interp/types';
import * as V from '../values';
import { arity } from './core';

interface UrlParts {
    protocol: string;
    userInfo: string | null;
    host: string;
    port: number;
    path: string;
    query: string | null;
    ref: string | null;
}

const DEFAULT_PORT: Record<string, number> = { http: 80, https: 443 };
const SPEC = /^([a-zA-Z][a-zA-Z0-9+.-]*):\/\/([^/?#]*)([^?#]*)(?:\?([^#]*))?(?:#(.*))?$/;
const AUTHORITY = /^(?:([^@]*)@)?([^:@]*)(?::(\d+))?$/;

function protocolOf(it: Interpreter, p: string): string {
    if (!(p.toLowerCase() in DEFAULT_PORT)) return it.unsupported(`URL with protocol ${p}`);
    return p;
}

function parse(it: Interpreter, spec: string): UrlParts {
    const m = SPEC.exec(spec);
    const a = m ? AUTHORITY.exec(m[2]) : null;
    if (!m || !a || /[\s%[\]]/.test(spec) || !/^[A-Za-z0-9.-]+$/.test(a[2]))
        return it.unsupported(`new URL('${spec}') (malformed, escaped or unusual URL: platform result not documented)`);
    return {
        protocol: protocolOf(it, m[1]),
        userInfo: a[1] ?? null,
        host: a[2],
        port: a[3] !== undefined ? Number(a[3]) : -1,
        path: m[3],
        query: m[4] ?? null,
        ref: m[5] ?? null
    };
}

const partsOf = (self: unknown): UrlParts => (self as NativeObject).state as unknown as UrlParts;
const make = (p: UrlParts) => new NativeObject('URL', p as unknown as Record<string, unknown>);
const text = (it: Interpreter, v: unknown): string => {
    if (v === null || v === undefined) it.npe();
    return String(v);
};
const authority = (p: UrlParts) =>
    `${p.userInfo !== null ? p.userInfo + '@' : ''}${p.host}${p.port >= 0 ? ':' + p.port : ''}`;
const file = (p: UrlParts) => p.path + (p.query !== null ? '?' + p.query : '');
const external = (p: UrlParts) => `${p.protocol}://${authority(p)}${file(p)}${p.ref !== null ? '#' + p.ref : ''}`;

function construct(it: Interpreter, a: unknown[]): NativeObject {
    if (a.length === 1) return make(parse(it, text(it, a[0])));
    if (a.length === 2) {
        const spec = text(it, a[1]);
        if (SPEC.test(spec)) return make(parse(it, spec));
        if (!(a[0] instanceof NativeObject) || !spec.startsWith('/') || spec.startsWith('//'))
            return it.unsupported(`new URL(context, '${spec}') with a relative spec`);
        const base = partsOf(a[0]);
        const rest = parse(it, `${base.protocol}://${authority(base)}${spec}`);
        return make(rest);
    }
    if (a.length === 3 || a.length === 4) {
        const port = a.length === 4 ? Number((a[2] as V.ApexInteger).value) : -1;
        const f = text(it, a[a.length - 1]);
        const q = f.indexOf('?');
        return make({
            protocol: protocolOf(it, text(it, a[0])),
            userInfo: null,
            host: text(it, a[1]),
            port,
            path: q >= 0 ? f.slice(0, q) : f,
            query: q >= 0 ? f.slice(q + 1) : null,
            ref: null
        });
    }
    return it.unsupported(`new URL() with ${a.length} arguments`);
}

/** The local org's My Domain URL (`URL.getOrgDomainUrl()`). */
export const ORG_DOMAIN_URL = 'https://local-apex-runtime-org.my.salesforce.com';

const orgUrl = (name: string) => (it: Interpreter) => it.unsupported(`URL.${name}() (org-specific)`);

registerNative(
    {
        name: 'URL',
        ctor: (it, a) => construct(it, a),
        statics: {
            // "All Salesforce orgs have a My Domain" (Packaging Guide, "Call Salesforce URLs Within a Package");
            // getOrgDomainUrl() is its canonical URL, "https://MyDomainName.my.salesforce.com" (URL Class). The
            // local org's My Domain name is its own (like its Organization Id): tests can compare it, not predict it.
            getorgdomainurl: (it, a) => {
                arity(it, a, 0);
                return make(parse(it, ORG_DOMAIN_URL));
            },
            getsalesforcebaseurl: orgUrl('getSalesforceBaseUrl'),
            getcurrentrequesturl: orgUrl('getCurrentRequestUrl'),
            getfilefieldurl: orgUrl('getFileFieldURL')
        },
        methods: {
            getprotocol: (it, _a, s) => partsOf(s).protocol,
            gethost: (it, _a, s) => partsOf(s).host,
            getport: (it, _a, s) => V.int(partsOf(s).port),
            getdefaultport: (it, _a, s) => V.int(DEFAULT_PORT[partsOf(s).protocol.toLowerCase()]),
            getpath: (it, _a, s) => partsOf(s).path,
            getquery: (it, _a, s) => partsOf(s).query,
            getref: (it, _a, s) => partsOf(s).ref,
            getfile: (it, _a, s) => file(partsOf(s)),
            getauthority: (it, _a, s) => authority(partsOf(s)),
            getuserinfo: (it, _a, s) => partsOf(s).userInfo,
            toexternalform: (it, _a, s) => external(partsOf(s)),
            tostring: (it, _a, s) => external(partsOf(s)),
            samefile: (it, a, s) => {
                if (!(a[0] instanceof NativeObject) || a[0].cls !== 'URL') return false;
                const [x, y] = [partsOf(s), partsOf(a[0])];
                return external({ ...x, ref: null }) === external({ ...y, ref: null });
            }
        }
    },
    'system.url'
);
