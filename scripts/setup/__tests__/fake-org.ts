// An in-memory fake of the org surface `npm run setup` uses, injected as `fetch` and as the `sf` command runner
// (like the credentials tests): REST query/insert, Connect REST named-credential-setup and credential, and the
// CLI's `org display`, `org list metadata`, `project deploy start` (--metadata and --metadata-dir) and
// `apex run`. It records every write, never a secret. Shapes: Connect REST API Developer Guide ("Named
// Credential", "Credential"), REST API Developer Guide (query, sObject create), sf CLI --json output.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import type { RunCommand } from '../../generators/credentials/org-session';

export const TOKEN = 'fake-setup-access-token';
export const INSTANCE = 'https://fake-org.my.salesforce.com';
export const PLACEHOLDER = 'https://d365-apim.invalid/d365';
const API = '/services/data/v66.0';

export interface Write {
    kind: 'deploy' | 'deploy-dir' | 'nc-url' | 'credential' | 'insert' | 'apex';
    detail: string;
}

interface CredentialBody {
    credentials?: Record<string, { value: string }>;
}

export class FakeOrg {
    readonly writes: Write[] = [];
    /** every request and command, in order (no header values, no bodies) */
    readonly calls: string[] = [];
    metadata = new Map<string, Set<string>>([['CustomMetadata', new Set(['D365_Field_Mapping.Account_Name'])]]);
    namedCredential: { calloutUrl: string } | null = null;
    storedKey: string | null = null;
    users = [
        { Id: '005000000000001AAA', Username: 'admin@example.com' },
        { Id: '005000000000002AAA', Username: 'approver@example.com' },
        { Id: '005000000000003AAA', Username: 'd365-integration@example.com' },
        { Id: '005000000000004AAA', Username: 'd365-callout@example.com' }
    ];
    permissionSets = [
        { Id: '0PS000000000001AAA', Name: 'D365_Sync_Admin' },
        { Id: '0PS000000000002AAA', Name: 'D365_Sync_User' },
        { Id: '0PS000000000003AAA', Name: 'D365_Sync_Integration' },
        { Id: '0PS000000000004AAA', Name: 'D365_Sync_Callout' }
    ];
    assignments: { AssigneeId: string; PermissionSetId: string }[] = [];
    cronJobs: { name: string; state: string }[] = [];
    settings: Record<string, unknown> | null = null;
    /** what Test connection reports once URL and key are set */
    connection = 'Reachable';
    /** metadata types whose deploy fails (e.g. the org setting for ECA global OAuth settings is off) */
    failingTypes = new Set<string>();
    /** the credential endpoint refuses the value and echoes it back (as a careless server might) */
    echoCredentialError = false;
    /** the External Client App's client-credentials Run As user and flow switch, as deployed */
    runAs: string | null = null;
    clientCredentialsFlow = false;
    /** the user the kick trigger's PlatformEventSubscriberConfig names, as deployed */
    kickUser: string | null = null;

    readonly fetch = (async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
        const url = new URL(String(input));
        const method = init?.method ?? 'GET';
        this.calls.push(`${method} ${url.pathname}`);
        const headers = new Headers(init?.headers);
        if (headers.get('Authorization') !== `Bearer ${TOKEN}`) {
            return json(401, [{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }]);
        }
        const body = init?.body ? (JSON.parse(String(init.body)) as Record<string, unknown>) : undefined;
        const p = url.pathname.replace(API, '');
        if (p === '/query') return json(200, { done: true, records: this.query(url.searchParams.get('q') ?? '') });
        if (p === '/sobjects/PermissionSetAssignment' && method === 'POST') {
            this.assignments.push(body as { AssigneeId: string; PermissionSetId: string });
            this.writes.push({
                kind: 'insert',
                detail: `PermissionSetAssignment ${body!.PermissionSetId}:${body!.AssigneeId}`
            });
            return json(201, { id: `0Pa00000000000${this.assignments.length}AAA`, success: true, errors: [] });
        }
        if (p === '/named-credentials/named-credential-setup/D365_APIM') {
            if (!this.namedCredential)
                return json(404, [{ errorCode: 'NOT_FOUND', message: 'Named credential not found' }]);
            if (method === 'PUT') {
                for (const required of ['calloutOptions', 'calloutUrl', 'externalCredentials', 'masterLabel', 'type']) {
                    if (body?.[required] === undefined)
                        return json(400, [{ errorCode: 'INVALID_INPUT', message: `${required} required` }]);
                }
                this.namedCredential.calloutUrl = String(body!.calloutUrl);
                this.writes.push({ kind: 'nc-url', detail: this.namedCredential.calloutUrl });
            }
            return json(200, this.namedCredentialView());
        }
        if (p === '/named-credentials/credential') {
            if (method === 'GET') {
                return json(200, {
                    credentials: this.storedKey ? { SubscriptionKey: { value: '******', encrypted: true } } : {}
                });
            }
            const value = (body as CredentialBody).credentials!.SubscriptionKey.value;
            if (this.echoCredentialError) {
                return json(400, [{ errorCode: 'INVALID_INPUT', message: `bad value ${value}` }]);
            }
            this.storedKey = value;
            this.writes.push({ kind: 'credential', detail: `${method} SubscriptionKey` });
            return json(method === 'POST' ? 201 : 200, {});
        }
        return json(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
    }) as typeof fetch;

    readonly run: RunCommand = async (_command, args) => {
        const org = args[args.indexOf('--target-org') + 1];
        const cmd = args.slice(0, 3).join(' ');
        this.calls.push(`sf ${args.filter((a) => !['--json', '--target-org', org].includes(a)).join(' ')}`);
        const ok = (result: unknown) => ({ code: 0, stdout: JSON.stringify({ status: 0, result }), stderr: '' });
        const fail = (message: string) => ({
            code: 1,
            stdout: JSON.stringify({ status: 1, name: 'Error', message }),
            stderr: ''
        });
        if (org !== 'dev') return fail(`No authorization information found for ${org}.`);
        if (cmd === 'org display --target-org') {
            return ok({ instanceUrl: INSTANCE, accessToken: TOKEN, username: 'admin@example.com' });
        }
        if (cmd === 'org list metadata') {
            const type = args[args.indexOf('--metadata-type') + 1];
            return ok([...(this.metadata.get(type) ?? [])].map((fullName) => ({ fullName, type })));
        }
        if (cmd === 'project deploy start' && args.includes('--metadata-dir')) {
            const dir = args[args.indexOf('--metadata-dir') + 1];
            const manifest = readFileSync(path.join(dir, 'package.xml'), 'utf8');
            if (manifest.includes('<members>D365_Sync_Setting.Default</members>')) {
                const xml = readFileSync(path.join(dir, 'customMetadata', 'D365_Sync_Setting.Default.md'), 'utf8');
                this.settings = { MasterLabel: /<label>([^<]*)</.exec(xml)?.[1], ...parseValues(xml) };
                this.writes.push({
                    kind: 'deploy-dir',
                    detail: `D365_Sync_Setting.Default Enabled__c=${String(this.settings.Enabled__c)}`
                });
            }
            const kickConfig = 'platformEventSubscriberConfigs/D365SyncKickTriggerConfig.platformEventSubscriberConfig';
            if (manifest.includes('<name>PlatformEventSubscriberConfig</name>')) {
                const xml = readFileSync(path.join(dir, kickConfig), 'utf8');
                this.kickUser = /<user>([^<]*)</.exec(xml)?.[1] ?? null;
                this.metadata.set('PlatformEventSubscriberConfig', new Set(['D365SyncKickTriggerConfig']));
                this.writes.push({ kind: 'deploy-dir', detail: `D365SyncKickTriggerConfig user ${this.kickUser}` });
            }
            const policies = 'extlClntAppOauthPolicies/D365_Sync_Inbound_oauthPlcy.ecaOauthPlcy';
            if (manifest.includes('<name>ExtlClntAppOauthConfigurablePolicies</name>')) {
                const xml = readFileSync(path.join(dir, policies), 'utf8');
                this.runAs = /<clientCredentialsFlowUser>([^<]*)</.exec(xml)?.[1] ?? null;
                this.clientCredentialsFlow = xml.includes('<isClientCredentialsFlowEnabled>true<');
                this.metadata.set('ExtlClntAppOauthConfigurablePolicies', new Set(['D365_Sync_Inbound_oauthPlcy']));
                this.writes.push({ kind: 'deploy-dir', detail: `D365_Sync_Inbound_oauthPlcy Run As ${this.runAs}` });
            }
            return ok({ status: 'Succeeded' });
        }
        if (cmd === 'project deploy start') {
            const members = args.flatMap((a, i) => (args[i - 1] === '--metadata' ? [a] : []));
            const failing = members.find((m) => this.failingTypes.has(m.split(':')[0]));
            if (failing) return fail(`Deploy failed: ${failing}: insufficient access rights on cross-reference id`);
            for (const m of members) {
                const [type, fullName] = m.split(':');
                if (!this.metadata.has(type)) this.metadata.set(type, new Set());
                this.metadata.get(type)!.add(fullName);
                if (type === 'NamedCredential') this.namedCredential = { calloutUrl: PLACEHOLDER };
                if (m === 'CustomMetadata:D365_Sync_Setting.Default') this.settings = shippedSettings();
            }
            this.writes.push({ kind: 'deploy', detail: members.join(' ') });
            return ok({ status: 'Succeeded' });
        }
        if (cmd.startsWith('apex run --file')) {
            const file = path.basename(args[args.indexOf('--file') + 1]);
            this.writes.push({ kind: 'apex', detail: file });
            if (file === 'schedule-retry-job.apex') {
                this.cronJobs = [
                    ...this.cronJobs.filter((j) => !j.name.startsWith('D365 Sync Retry :')),
                    ...[':00', ':15', ':30', ':45'].map((m) => ({ name: `D365 Sync Retry ${m}`, state: 'WAITING' }))
                ];
                return ok({ success: true, compiled: true, logs: '' });
            }
            if (file === 'schedule-purge-job.apex') {
                this.cronJobs = [
                    ...this.cronJobs.filter((j) => j.name !== 'D365 Sync Purge'),
                    { name: 'D365 Sync Purge', state: 'WAITING' }
                ];
                return ok({ success: true, compiled: true, logs: '' });
            }
            const status =
                !this.namedCredential || this.namedCredential.calloutUrl === PLACEHOLDER
                    ? 'Not Configured'
                    : this.storedKey
                      ? this.connection
                      : 'Key Rejected';
            const logs = `66.0 APEX_CODE,DEBUG\n12:00:00.1 (1)|USER_DEBUG|[5]|ERROR|${status} (HTTP 200, 120 ms): answer\n`;
            return ok({ success: true, compiled: true, logs });
        }
        return fail(`fake sf does not know: ${args.join(' ')}`);
    };

    private namedCredentialView() {
        return {
            developerName: 'D365_APIM',
            masterLabel: 'D365 APIM',
            type: 'SecuredEndpoint',
            calloutUrl: this.namedCredential!.calloutUrl,
            calloutOptions: {
                allowMergeFieldsInBody: false,
                allowMergeFieldsInHeader: false,
                generateAuthorizationHeader: false
            },
            externalCredentials: [{ developerName: 'D365_APIM', id: '0pt000000000001AAA', masterLabel: 'D365 APIM' }],
            customHeaders: [],
            parameters: []
        };
    }

    private query(soql: string): unknown[] {
        const from = /\bFROM\s+(\w+)/i.exec(soql)?.[1];
        const quoted = [...soql.matchAll(/'([^']*)'/g)].map((m) => m[1]);
        switch (from) {
            case 'User':
                return this.users.filter((u) => quoted.includes(u.Username));
            case 'PermissionSet':
                return this.permissionSets.filter((s) => quoted.includes(s.Name));
            case 'PermissionSetAssignment':
                return this.assignments.filter(
                    (a) => quoted.includes(a.AssigneeId) && quoted.includes(a.PermissionSetId)
                );
            case 'CronTrigger': {
                // LIKE 'prefix%' or = 'name'
                const like = /LIKE\s+'([^']*)%'/i.exec(soql)?.[1];
                return this.cronJobs
                    .filter((j) => (like !== undefined ? j.name.startsWith(like) : quoted.includes(j.name)))
                    .map((j) => ({ CronJobDetail: { Name: j.name }, State: j.state }));
            }
            case 'D365_Sync_Setting__mdt':
                return this.settings ? [this.settings] : [];
            default:
                throw new Error(`fake org: no answer for ${soql}`);
        }
    }
}

function json(status: number, body: unknown): Response {
    return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

/** `<values><field>F</field><value xsi:type="xsd:T">V</value></values>` → { F: V } (typed). */
export function parseValues(xml: string): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const m of xml.matchAll(
        /<field>(\w+)<\/field>\s*<value(?: xsi:type="xsd:(\w+)")?(?: xsi:nil="true")?\s*(?:\/>|>([^<]*)<\/value>)/g
    )) {
        const [, field, type, text] = m;
        out[field] =
            text === undefined ? null : type === 'boolean' ? text === 'true' : type === 'double' ? Number(text) : text;
    }
    return out;
}

/** The Default record as shipped in first-install (values read from the file, so the fake follows the repo). */
export function shippedSettings(): Record<string, unknown> {
    const file = path.join(
        __dirname,
        '..',
        '..',
        '..',
        'first-install',
        'main',
        'default',
        'customMetadata',
        'D365_Sync_Setting.Default.md-meta.xml'
    );
    return { MasterLabel: 'Default', ...parseValues(readFileSync(file, 'utf8')) };
}
