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
    const base = `${session.instanceUrl}/services/data/v${API_VERSION}/named-credentials/credential`;
    const headers = {
        Authorization: `Bearer ${session.accessToken}`,
        'Content-Type': 'application/json',
        Accept: 'application/json'
    };
    const query = new URLSearchParams({
        externalCredential: target.externalCredential,
        principalType: 'NamedPrincipal',
        principalName: target.principalName
    });
    const where = `external credential "${target.externalCredential}", principal "${target.principalName}"`;

    const fail = async (response: Response, action: string): Promise<never> => {
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
    };

    let current: Response;
    try {
        current = await fetchImpl(`${base}?${query.toString()}`, { method: 'GET', headers });
    } catch (error) {
        throw new GeneratorError(
            `cannot reach ${new URL(session.instanceUrl).host}: ${redact((error as Error).message, secrets)}`
        );
    }
    if (!current.ok) {
        await fail(current, 'read the credential');
    }
    const existing = (await current.json().catch(() => ({}))) as { credentials?: Record<string, unknown> };
    const hasCredentials = existing.credentials !== undefined && Object.keys(existing.credentials).length > 0;

    const body = JSON.stringify({
        externalCredential: target.externalCredential,
        authenticationProtocol: 'Custom',
        principalType: 'NamedPrincipal',
        principalName: target.principalName,
        credentials: { [target.parameter]: { value, encrypted: true } }
    });
    const method = hasCredentials ? 'PATCH' : 'POST';
    let response: Response;
    try {
        response = await fetchImpl(base, { method, headers, body });
    } catch (error) {
        throw new GeneratorError(
            `cannot reach ${new URL(session.instanceUrl).host}: ${redact((error as Error).message, secrets)}`
        );
    }
    if (!response.ok) {
        await fail(response, 'set the credential');
    }
    return hasCredentials ? 'updated' : 'created';
}
