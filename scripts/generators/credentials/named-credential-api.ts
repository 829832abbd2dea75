import { GeneratorError } from '../lib/errors';
import { API_VERSION } from '../lib/paths';
import { OrgSession } from './org-session';

/** Which principal and parameter to set (data-model.md: D365_APIM / APIM_Subscription / SubscriptionKey). */
export interface CredentialTarget {
    externalCredential: string;
    principalName: string;
    parameter: string;
}

export type Fetch = typeof fetch;

interface ApiError {
    message?: string;
    errorCode?: string;
}

/** Removes every occurrence of the given secrets from a text that is about to be shown. */
export function redact(text: string, secrets: string[]): string {
    let out = text;
    for (const secret of secrets) {
        if (secret) {
            out = out.split(secret).join('***');
        }
    }
    return out;
}

function messageOf(body: string): string {
    try {
        const parsed = JSON.parse(body) as ApiError[] | ApiError;
        const first = Array.isArray(parsed) ? parsed[0] : parsed;
        if (first && (first.message || first.errorCode)) {
            return [first.errorCode, first.message].filter(Boolean).join(': ');
        }
    } catch {
        // not JSON
    }
    return body.slice(0, 300) || '(no body)';
}

const jsonHeaders = (session: OrgSession) => ({
    Authorization: `Bearer ${session.accessToken}`,
    'Content-Type': 'application/json',
    Accept: 'application/json'
});

/** Turns a failed Connect REST answer into a plain-words error; never shows a secret. */
async function fail(response: Response, action: string, where: string, secrets: string[]): Promise<never> {
    const detail = redact(messageOf(await response.text()), secrets);
    if (response.status === 401) {
        throw new GeneratorError(
            `the org rejected the session (401 ${detail})`,
            'the access token expired: log in again with sf org login web --alias <alias>'
        );
    }
    if (response.status === 403) {
        throw new GeneratorError(
            `not allowed to ${action} (403 ${detail})`,
            'the user needs the Manage Named Credentials permission (or Customize Application)'
        );
    }
    if (response.status === 404 || /NOT_FOUND|INVALID_ID|does not exist|not found/i.test(detail)) {
        throw new GeneratorError(
            `${where} not found in the org (${response.status} ${detail})`,
            'deploy the package first (it contains the External Credential), or pass --external-credential / --principal with the names used in the org'
        );
    }
    throw new GeneratorError(`could not ${action} for ${where} (${response.status} ${detail})`);
}

async function send(
    session: OrgSession,
    url: string,
    init: RequestInit,
    secrets: string[],
    fetchImpl: Fetch
): Promise<Response> {
    try {
        return await fetchImpl(url, init);
    } catch (error) {
        throw new GeneratorError(
            `cannot reach ${new URL(session.instanceUrl).host}: ${redact((error as Error).message, secrets)}`
        );
    }
}

const credentialBase = (session: OrgSession) =>
    `${session.instanceUrl}/services/data/v${API_VERSION}/named-credentials/credential`;
const principalWhere = (target: CredentialTarget) =>
    `external credential "${target.externalCredential}", principal "${target.principalName}"`;

/**
 * Whether the Named Principal already holds credentials (Connect REST `named-credentials/credential`, GET:
 * the answer lists the stored parameters, values masked). Nothing secret is read.
 */
export async function hasPrincipalCredential(
    session: OrgSession,
    target: CredentialTarget,
    fetchImpl: Fetch = fetch
): Promise<boolean> {
    const secrets = [session.accessToken];
    const query = new URLSearchParams({
        externalCredential: target.externalCredential,
        principalType: 'NamedPrincipal',
        principalName: target.principalName
    });
    const current = await send(
        session,
        `${credentialBase(session)}?${query.toString()}`,
        { method: 'GET', headers: jsonHeaders(session) },
        secrets,
        fetchImpl
    );
    if (!current.ok) {
        await fail(current, 'read the credential', principalWhere(target), secrets);
    }
    const existing = (await current.json().catch(() => ({}))) as { credentials?: Record<string, unknown> };
    return existing.credentials !== undefined && Object.keys(existing.credentials).length > 0;
}

/**
 * Sets the authentication parameter of a Named Principal of a Custom external credential through the
 * Connect REST API resource `/services/data/vXX.X/named-credentials/credential`: GET tells whether
 * the principal already holds credentials; POST creates them, PATCH (custom protocol, API 59.0+)
 * replaces only the given parameter. The value is sent `encrypted: true`.
 */
export async function setPrincipalCredential(
    session: OrgSession,
    target: CredentialTarget,
    value: string,
    fetchImpl: Fetch = fetch
): Promise<'created' | 'updated'> {
    const secrets = [value, session.accessToken];
    const hasCredentials = await hasPrincipalCredential(session, target, fetchImpl);
    const body = JSON.stringify({
        externalCredential: target.externalCredential,
        authenticationProtocol: 'Custom',
        principalType: 'NamedPrincipal',
        principalName: target.principalName,
        credentials: { [target.parameter]: { value, encrypted: true } }
    });
    const method = hasCredentials ? 'PATCH' : 'POST';
    const response = await send(
        session,
        credentialBase(session),
        { method, headers: jsonHeaders(session), body },
        secrets,
        fetchImpl
    );
    if (!response.ok) {
        await fail(response, 'set the credential', principalWhere(target), secrets);
    }
    return hasCredentials ? 'updated' : 'created';
}

/** The Connect REST view of a Named Credential (the fields a PUT must send back). */
export interface NamedCredentialSetup {
    developerName: string;
    masterLabel: string;
    type: string;
    calloutUrl: string;
    calloutOptions?: Record<string, unknown>;
    externalCredentials?: { developerName: string }[];
    customHeaders?: { headerName: string; headerValue: string; sequenceNumber: number }[];
    parameters?: { parameterName: string; parameterType: string; parameterValue?: string }[];
}

const namedCredentialUrl = (session: OrgSession, name: string) =>
    `${session.instanceUrl}/services/data/v${API_VERSION}/named-credentials/named-credential-setup/${encodeURIComponent(name)}`;

/** Reads a Named Credential (Connect REST `named-credentials/named-credential-setup/{developerName}`, API 58.0+). */
export async function getNamedCredential(
    session: OrgSession,
    name: string,
    fetchImpl: Fetch = fetch
): Promise<NamedCredentialSetup> {
    const secrets = [session.accessToken];
    const response = await send(
        session,
        namedCredentialUrl(session, name),
        { method: 'GET', headers: jsonHeaders(session) },
        secrets,
        fetchImpl
    );
    if (!response.ok) {
        await fail(response, 'read the Named Credential', `Named Credential "${name}"`, secrets);
    }
    return (await response.json()) as NamedCredentialSetup;
}

/**
 * Replaces the callout URL of a Named Credential (PUT on the same resource; calloutOptions, calloutUrl,
 * externalCredentials, masterLabel and type are required, so the current values are sent back unchanged).
 */
export async function setNamedCredentialUrl(
    session: OrgSession,
    current: NamedCredentialSetup,
    calloutUrl: string,
    fetchImpl: Fetch = fetch
): Promise<void> {
    const secrets = [session.accessToken];
    const body = JSON.stringify({
        masterLabel: current.masterLabel,
        type: current.type,
        calloutUrl,
        calloutOptions: current.calloutOptions ?? {},
        externalCredentials: (current.externalCredentials ?? []).map((e) => ({ developerName: e.developerName })),
        customHeaders: (current.customHeaders ?? []).map(({ headerName, headerValue, sequenceNumber }) => ({
            headerName,
            headerValue,
            sequenceNumber
        })),
        parameters: current.parameters ?? []
    });
    const response = await send(
        session,
        namedCredentialUrl(session, current.developerName),
        { method: 'PUT', headers: jsonHeaders(session), body },
        secrets,
        fetchImpl
    );
    if (!response.ok) {
        await fail(response, 'update the Named Credential', `Named Credential "${current.developerName}"`, secrets);
    }
}
