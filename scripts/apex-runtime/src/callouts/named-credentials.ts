// Named Credential + External Credential resolution for callouts outside tests (the local sandbox).
// Reads the project's metadata:
//  - namedCredentials/<Name>.namedCredential-meta.xml: parameter `Url` (type Url) and parameter
//    `ExternalCredential` (type Authentication → <externalCredential>);
//  - externalCredentials/<EC>.externalCredential-meta.xml: principals (NamedPrincipal / PerUserPrincipal) and
//    custom headers (parameterType AuthHeader, value a formula such as `{!$Credential.D365_APIM.SubscriptionKey}`);
//  - permissionsets/*.permissionset-meta.xml: externalCredentialPrincipalAccesses (`<EC>-<Principal>`).
// Secret values never come from metadata: the caller provides a credential store.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

export interface NamedCredentialInfo {
    name: string;
    url: string;
    externalCredential: string | null;
    allowMergeFieldsInHeader: boolean;
    file: string;
}

export interface ExternalCredentialInfo {
    name: string;
    principals: string[];
    /** custom headers in sequence order: header name + formula (or literal) value */
    headers: { name: string; value: string }[];
    file: string;
}

export interface CalloutMetadata {
    namedCredentials: Map<string, NamedCredentialInfo>;
    externalCredentials: Map<string, ExternalCredentialInfo>;
    /** permission set name (lower case) → `<EC>-<Principal>` references it grants (lower case) */
    principalAccess: Map<string, Set<string>>;
}

/** A secret lookup: (external credential, parameter) → value, or undefined when not set. */
export type CredentialStore = (externalCredential: string, parameter: string) => string | undefined;

/** Raised for what the platform reports as System.CalloutException. */
export class CalloutError extends Error {
    constructor(message: string) {
        super(message);
        this.name = 'CalloutError';
    }
}

const parser = new XMLParser({
    ignoreAttributes: true,
    parseTagValue: false,
    isArray: (name) =>
        ['namedCredentialParameters', 'externalCredentialParameters', 'externalCredentialPrincipalAccesses'].includes(
            name
        )
});

function walk(dir: string, suffix: string, out: string[] = []): string[] {
    if (!fs.existsSync(dir)) return out;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) {
            if (e.name !== 'node_modules' && !e.name.startsWith('.')) walk(p, suffix, out);
        } else if (e.name.endsWith(suffix)) out.push(p);
    }
    return out;
}

function packageDirs(projectDir: string): string[] {
    const f = path.join(projectDir, 'sfdx-project.json');
    if (!fs.existsSync(f)) return [projectDir];
    const j = JSON.parse(fs.readFileSync(f, 'utf8')) as { packageDirectories?: { path: string }[] };
    return (j.packageDirectories ?? []).map((d) => path.join(projectDir, d.path));
}

const text = (v: unknown): string => (v === undefined || v === null ? '' : String(v)).trim();

/** Load the callout-related metadata of an SFDX project (or of plain folders). */
export function loadCalloutMetadata(projectDir: string, dirs = packageDirs(projectDir)): CalloutMetadata {
    const md: CalloutMetadata = {
        namedCredentials: new Map(),
        externalCredentials: new Map(),
        principalAccess: new Map()
    };
    for (const dir of dirs) {
        for (const file of walk(dir, '.namedCredential-meta.xml')) {
            const name = path.basename(file).replace(/\.namedCredential-meta\.xml$/, '');
            const x = parser.parse(fs.readFileSync(file, 'utf8')).NamedCredential ?? {};
            const params = (x.namedCredentialParameters ?? []) as Record<string, unknown>[];
            const url = params.find((p) => text(p.parameterType) === 'Url');
            const auth = params.find((p) => text(p.parameterType) === 'Authentication');
            md.namedCredentials.set(name.toLowerCase(), {
                name,
                url: text(url?.parameterValue),
                externalCredential: auth ? text(auth.externalCredential) || null : null,
                allowMergeFieldsInHeader: text(x.allowMergeFieldsInHeader) === 'true',
                file
            });
        }
        for (const file of walk(dir, '.externalCredential-meta.xml')) {
            const name = path.basename(file).replace(/\.externalCredential-meta\.xml$/, '');
            const x = parser.parse(fs.readFileSync(file, 'utf8')).ExternalCredential ?? {};
            const params = (x.externalCredentialParameters ?? []) as Record<string, unknown>[];
            const seq = (p: Record<string, unknown>) => Number(text(p.sequenceNumber) || '0');
            md.externalCredentials.set(name.toLowerCase(), {
                name,
                principals: params
                    .filter((p) => /Principal$/.test(text(p.parameterType)))
                    .map((p) => text(p.parameterName)),
                headers: params
                    .filter((p) => text(p.parameterType) === 'AuthHeader')
                    .sort((a, b) => seq(a) - seq(b))
                    .map((p) => ({ name: text(p.parameterName), value: text(p.parameterValue) })),
                file
            });
        }
        for (const file of walk(dir, '.permissionset-meta.xml')) {
            const name = path.basename(file).replace(/\.permissionset-meta\.xml$/, '');
            const x = parser.parse(fs.readFileSync(file, 'utf8')).PermissionSet ?? {};
            const refs = new Set<string>();
            for (const a of (x.externalCredentialPrincipalAccesses ?? []) as Record<string, unknown>[])
                if (text(a.enabled) === 'true') refs.add(text(a.externalCredentialPrincipal).toLowerCase());
            md.principalAccess.set(name.toLowerCase(), refs);
        }
    }
    return md;
}

/** True when one of the given permission sets grants a principal of the external credential. */
export function permissionSetsGrantPrincipal(
    md: CalloutMetadata,
    permissionSetNames: Iterable<string>,
    externalCredential: string
): boolean {
    const ec = md.externalCredentials.get(externalCredential.toLowerCase());
    if (!ec) return false;
    const wanted = new Set(ec.principals.map((p) => `${ec.name}-${p}`.toLowerCase()));
    for (const ps of permissionSetNames)
        for (const ref of md.principalAccess.get(ps.toLowerCase()) ?? []) if (wanted.has(ref)) return true;
    return false;
}

export interface ResolvedCallout {
    url: string;
    namedCredential: string;
    /** headers injected by the External Credential (values are secrets: never print them) */
    injectedHeaders: { name: string; value: string }[];
    /** the secret values used (for redaction) */
    secrets: string[];
}

export interface ResolveOptions {
    /** Named Credential name (lower or any case) → base URL replacing the metadata URL (e.g. the emulator) */
    urlOverrides?: Record<string, string>;
    credentials?: CredentialStore;
    /** may the running user use a principal of this external credential? (default: yes) */
    canUsePrincipal?: (externalCredential: string) => boolean;
}

// "We couldn't access the credential(s)…" is the text orgs show when the running user lacks principal
// access (wording as reported by admins; unverified verbatim).
export const NO_CREDENTIAL_ACCESS = (ec: string): string =>
    `We couldn't access the credential(s). You might not have the required permissions, or the external credential "${ec}" might not exist.`;

const MERGE_FIELD = /\{!\s*\$Credential\.([A-Za-z0-9_]+)\.([A-Za-z0-9_]+)\s*\}/g;

/**
 * Resolve `callout:<Name>/<path>` to a URL and the External Credential's headers.
 * Throws CalloutError for an unknown Named Credential or a principal the user may not use.
 * Returns null when the endpoint is not a `callout:` URL (the caller decides what that means).
 */
export function resolveCallout(
    endpoint: string,
    md: CalloutMetadata,
    opts: ResolveOptions = {}
): ResolvedCallout | null {
    const m = /^callout:([A-Za-z0-9_]+(?:__[A-Za-z0-9_]+)?)(.*)$/.exec(endpoint);
    if (!m) return null;
    const [, name, rest] = m;
    const nc = md.namedCredentials.get(name.toLowerCase());
    if (!nc) throw new CalloutError(`Unable to find the named credential "${name}" (callout:${name}).`);
    const override = Object.entries(opts.urlOverrides ?? {}).find(([k]) => k.toLowerCase() === name.toLowerCase());
    const base = (override ? override[1] : nc.url).replace(/\/+$/, '');
    if (!/^https?:\/\//i.test(base))
        throw new CalloutError(`The URL of named credential "${nc.name}" is not an http(s) URL.`);
    const url = base + (rest && !rest.startsWith('/') && !rest.startsWith('?') ? `/${rest}` : rest);
    const injectedHeaders: { name: string; value: string }[] = [];
    const secrets: string[] = [];
    if (nc.externalCredential) {
        const ec = md.externalCredentials.get(nc.externalCredential.toLowerCase());
        if (!ec) throw new CalloutError(NO_CREDENTIAL_ACCESS(nc.externalCredential));
        if (opts.canUsePrincipal && !opts.canUsePrincipal(ec.name))
            throw new CalloutError(NO_CREDENTIAL_ACCESS(ec.name));
        for (const h of ec.headers) {
            let missing = false;
            const value = h.value.replace(MERGE_FIELD, (_all, ecName: string, param: string) => {
                const v = opts.credentials?.(ecName, param);
                if (v === undefined || v === '') {
                    missing = true;
                    return '';
                }
                secrets.push(v);
                return v;
            });
            // an unset authentication parameter leaves the header empty; an empty header is not sent
            if (!missing && value !== '') injectedHeaders.push({ name: h.name, value });
        }
    }
    return { url, namedCredential: nc.name, injectedHeaders, secrets };
}

/** Replace every occurrence of the given secrets in a text. */
export function redact(textValue: string, secrets: readonly string[], mask = 'REDACTED'): string {
    let out = textValue;
    for (const s of secrets) if (s) out = out.split(s).join(mask);
    return out;
}
