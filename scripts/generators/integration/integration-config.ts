import * as path from 'node:path';
import { ConfigError, ConfigIssue } from '../lib/errors';
import { readJsonFile } from '../lib/json-file';
import { closest, developerNameProblem } from '../lib/names';
import { displayPath, REPO_ROOT } from '../lib/paths';

/** OAuth scope names accepted by ExtlClntAppOauthSettings / ConnectedAppOauthAccessScope (metadata.xsd v66). */
export const OAUTH_SCOPES = [
    'Basic',
    'Api',
    'Web',
    'Full',
    'Chatter',
    'CustomApplications',
    'RefreshToken',
    'OpenID',
    'Profile',
    'Email',
    'Address',
    'Phone',
    'OfflineAccess',
    'CustomPermissions',
    'Wave',
    'Eclair',
    'Pardot',
    'Lightning',
    'Content',
    'CDPIngest',
    'CDPProfile',
    'CDPQuery',
    'Chatbot',
    'CDPSegment',
    'CDPIdentityResolution',
    'CDPCalculatedInsight',
    'ForgotPassword',
    'UserRegistration',
    'SFAP',
    'Interaction',
    'CDP',
    'EinsteinGPT',
    'PwdlessLogin',
    'MCP',
    'SCRT'
];
/** Scopes that give more than the REST API needs; refused for a machine-to-machine integration. */
const BROAD_SCOPES = ['Full', 'RefreshToken', 'OfflineAccess', 'Web'];
/** ExtlClntAppOauthConfigurablePolicies.ipRelaxationPolicyType values (Metadata API reference). */
export const IP_RELAXATION = ['Enforce', 'Bypass', 'Bypass_2factor', 'Enforce_RelaxRefresh'];
/** Session timeout values offered by Setup for OAuth policies, in minutes. */
export const SESSION_TIMEOUTS = [15, 30, 60, 120, 240, 480, 720, 1440];

export interface IntegrationConfig {
    file: string;
    mappingConfig: string;
    app: {
        name: string;
        label: string;
        description: string;
        contactEmail: string;
        callbackUrl: string;
    };
    oauth: {
        scopes: string[];
        /** Run-as user of the client-credentials flow; null = set it in Setup after deploying. */
        runAsUsername: string | null;
    };
    policies: {
        ipRelaxation: string;
        sessionTimeoutMinutes: number;
    };
    permissionSet: {
        name: string;
        label: string;
        allowCreate: boolean;
    };
    myDomainPlaceholder: string;
}

const SHAPE: Record<string, string[]> = {
    $: [
        '$schema',
        'description',
        'mappingConfig',
        'externalClientApp',
        'oauth',
        'policies',
        'permissionSet',
        'myDomainPlaceholder'
    ],
    '$.externalClientApp': ['name', 'label', 'description', 'contactEmail', 'callbackUrl'],
    '$.oauth': ['flow', 'scopes', 'runAsUsername'],
    '$.policies': ['ipRelaxation', 'sessionTimeoutMinutes'],
    '$.permissionSet': ['name', 'label', 'allowCreate']
};

/** Values that must never be in the config: the generators write no secret anywhere. */
const SECRET_KEYS = /secret|password|token|consumerKey|clientId|subscriptionKey/i;

type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function validateIntegrationConfig(raw: unknown, file: string): IntegrationConfig {
    const issues: ConfigIssue[] = [];
    const error = (p: string, message: string, hint?: string) => issues.push({ file, path: p, message, hint });

    if (!isObject(raw)) {
        error('$', 'must be a JSON object', 'see config/schemas/d365-integration.schema.json');
        throw new ConfigError(issues);
    }
    const section = (key: string): Json => {
        const value = raw[key];
        if (value === undefined) {
            error(`$.${key}`, 'is missing');
            return {};
        }
        if (!isObject(value)) {
            error(`$.${key}`, 'must be an object');
            return {};
        }
        return value;
    };
    const sections: Record<string, Json> = {
        $: raw,
        '$.externalClientApp': section('externalClientApp'),
        '$.oauth': section('oauth'),
        '$.policies': section('policies'),
        '$.permissionSet': section('permissionSet')
    };
    for (const [p, allowed] of Object.entries(SHAPE)) {
        for (const key of Object.keys(sections[p])) {
            if (!allowed.includes(key)) {
                const guess = closest(key, allowed);
                const secret = SECRET_KEYS.test(key);
                error(
                    `${p}.${key}`,
                    secret
                        ? `"${key}" looks like a secret; secrets never go into the config or the metadata`
                        : `unknown property "${key}"`,
                    secret
                        ? 'remove it; Salesforce generates the consumer key and secret when the app is deployed, and the admin shares them out of band (docs/d365-handoff.md)'
                        : guess
                          ? `did you mean "${guess}"?`
                          : `allowed: ${allowed.join(', ')}`
                );
            }
        }
    }

    const text = (p: string, value: unknown, opts: { max?: number; pattern?: RegExp; hint?: string } = {}): string => {
        if (typeof value !== 'string' || value.trim() === '') {
            error(p, value === undefined ? 'is missing' : 'must be a non-empty string', opts.hint);
            return '';
        }
        if (opts.max && value.length > opts.max) {
            error(p, `is longer than ${opts.max} characters`, opts.hint);
        } else if (opts.pattern && !opts.pattern.test(value)) {
            error(p, `${JSON.stringify(value)} is not valid`, opts.hint);
        }
        return value;
    };
    const devName = (p: string, value: unknown, max: number): string => {
        const name = text(p, value);
        const problem = name ? developerNameProblem(name, max) : undefined;
        if (problem) {
            error(
                p,
                `"${name}" is not a valid API name: it ${problem}`,
                'letters, digits and single underscores, starting with a letter'
            );
        }
        return name;
    };

    const eca = sections['$.externalClientApp'];
    const oauth = sections['$.oauth'];
    const policies = sections['$.policies'];
    const permissionSet = sections['$.permissionSet'];

    const mappingConfig =
        raw.mappingConfig === undefined ? 'config/d365-field-mapping.json' : text('$.mappingConfig', raw.mappingConfig);
    const app = {
        // fullNames of the OAuth files append up to 10 characters ("_oauthPlcy") to the app name.
        name: devName('$.externalClientApp.name', eca.name, 30),
        label: text('$.externalClientApp.label', eca.label, { max: 80 }),
        description:
            eca.description === undefined ? '' : text('$.externalClientApp.description', eca.description, { max: 255 }),
        contactEmail: text('$.externalClientApp.contactEmail', eca.contactEmail, {
            pattern: /^[^\s@]+@[^\s@]+\.[^\s@]+$/,
            hint: 'an address that reaches the Salesforce admins, e.g. "salesforce-admins@example.com"'
        }),
        callbackUrl: text(
            '$.externalClientApp.callbackUrl',
            eca.callbackUrl ?? 'https://login.salesforce.com/services/oauth2/success',
            {
                pattern: /^https:\/\/[^\s]+$/,
                hint: 'an https URL; the client-credentials flow never redirects, but Salesforce requires one'
            }
        )
    };

    if (oauth.flow !== undefined && oauth.flow !== 'client_credentials') {
        error(
            '$.oauth.flow',
            `${JSON.stringify(oauth.flow)} is not supported`,
            'only "client_credentials" (server to server, no user in the loop)'
        );
    }
    let scopes: string[] = ['Api'];
    if (oauth.scopes !== undefined) {
        if (!Array.isArray(oauth.scopes) || oauth.scopes.length === 0) {
            error('$.oauth.scopes', 'must be a non-empty array of scope names', 'e.g. ["Api"]');
        } else {
            scopes = [];
            oauth.scopes.forEach((scope, i) => {
                if (typeof scope !== 'string' || !OAUTH_SCOPES.includes(scope)) {
                    const guess = typeof scope === 'string' ? closest(scope, OAUTH_SCOPES) : undefined;
                    error(
                        `$.oauth.scopes[${i}]`,
                        `${JSON.stringify(scope)} is not an OAuth scope name`,
                        guess ? `did you mean "${guess}"?` : 'e.g. "Api"'
                    );
                } else if (BROAD_SCOPES.includes(scope)) {
                    error(
                        `$.oauth.scopes[${i}]`,
                        `scope "${scope}" is broader than D365 needs`,
                        'the client-credentials flow needs only "Api" (no refresh token, no UI)'
                    );
                } else if (scopes.includes(scope)) {
                    error(`$.oauth.scopes[${i}]`, `duplicate scope "${scope}"`);
                } else {
                    scopes.push(scope);
                }
            });
        }
    }
    let runAsUsername: string | null = null;
    if (oauth.runAsUsername !== undefined && oauth.runAsUsername !== null) {
        runAsUsername = text('$.oauth.runAsUsername', oauth.runAsUsername, {
            pattern: /^[^\s@]+@[^\s@]+$/,
            hint: 'a Salesforce username (looks like an email address), or null to choose the user in Setup after deploying'
        });
    }

    const ipRelaxation = policies.ipRelaxation ?? 'Enforce';
    if (typeof ipRelaxation !== 'string' || !IP_RELAXATION.includes(ipRelaxation)) {
        error(
            '$.policies.ipRelaxation',
            `${JSON.stringify(ipRelaxation)} is not an IP relaxation policy`,
            `one of: ${IP_RELAXATION.join(', ')}`
        );
    }
    const sessionTimeoutMinutes = policies.sessionTimeoutMinutes ?? 30;
    if (typeof sessionTimeoutMinutes !== 'number' || !SESSION_TIMEOUTS.includes(sessionTimeoutMinutes)) {
        error(
            '$.policies.sessionTimeoutMinutes',
            `${JSON.stringify(sessionTimeoutMinutes)} is not a session timeout Setup offers`,
            `one of: ${SESSION_TIMEOUTS.join(', ')}`
        );
    }

    const permissionSetName = devName('$.permissionSet.name', permissionSet.name, 80);
    const allowCreate = permissionSet.allowCreate ?? false;
    if (typeof allowCreate !== 'boolean') {
        error('$.permissionSet.allowCreate', 'must be true or false');
    }
    const myDomainPlaceholder = text(
        '$.myDomainPlaceholder',
        raw.myDomainPlaceholder ?? 'https://your-domain.my.salesforce.com',
        {
            pattern: /^https:\/\/[A-Za-z0-9.-]+$/,
            hint: 'the My Domain URL pattern shown to D365, e.g. "https://your-domain.my.salesforce.com" (no path)'
        }
    );

    if (issues.length) {
        throw new ConfigError(issues);
    }
    return {
        file,
        mappingConfig,
        app,
        oauth: { scopes, runAsUsername },
        policies: { ipRelaxation: ipRelaxation as string, sessionTimeoutMinutes: sessionTimeoutMinutes as number },
        permissionSet: {
            name: permissionSetName,
            label: text('$.permissionSet.label', permissionSet.label, { max: 80 }),
            allowCreate: allowCreate as boolean
        },
        myDomainPlaceholder
    };
}

export function loadIntegrationConfig(file: string): IntegrationConfig {
    return validateIntegrationConfig(readJsonFile(file), displayPath(file));
}

/** The mapping config path of an integration config, resolved against the repository root. */
export function resolveMappingConfig(config: IntegrationConfig): string {
    return path.resolve(REPO_ROOT, config.mappingConfig);
}
