// Shared setup for the Salesforce REST emulator tests: one local Apex runtime on this project with the users the
// inbound direction needs, and small HTTP helpers. Not a test file itself.
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { SandboxRuntime } from '../../sandbox/runtime';
import { SalesforceRestEmulator, type SalesforceRestOptions } from '../salesforce-rest';

export const PROJECT = path.resolve(__dirname, '../../..');

/** Obviously local, random per run; never a realistic-looking key. */
export const localSecret = (): string => `local-test-secret-${randomBytes(12).toString('base64url')}`;

export interface Users {
    /** Minimum Access - Salesforce + D365_Sync_Integration (the shipped set-up) */
    integration: string;
    /** Standard User + D365_Sync_Integration: may create Accounts (for the 201 case) */
    creator: string;
}

export function newRuntime(): { rt: SandboxRuntime; users: Users } {
    // no Named Credential URL: a callout would fail loudly (the integration user must never cause one)
    const rt = new SandboxRuntime({ projectDir: PROJECT, urlOverrides: {}, credentials: () => undefined });
    const setup = rt.tx(
        'users',
        `
Profile minimum = [SELECT Id FROM Profile WHERE Name = 'Minimum Access - Salesforce'];
Profile standard = [SELECT Id FROM Profile WHERE Name = 'Standard User'];
User integration = new User(LastName = 'D365 Integration', Alias = 'd365int', Email = 'd365-integration@example.invalid',
    Username = 'd365-integration@sfrest-test.example.invalid', ProfileId = minimum.Id, TimeZoneSidKey = 'GMT',
    LocaleSidKey = 'en_US', EmailEncodingKey = 'UTF-8', LanguageLocaleKey = 'en_US');
User creator = new User(LastName = 'Creator', Alias = 'creator', Email = 'creator@example.invalid',
    Username = 'creator@sfrest-test.example.invalid', ProfileId = standard.Id, TimeZoneSidKey = 'GMT',
    LocaleSidKey = 'en_US', EmailEncodingKey = 'UTF-8', LanguageLocaleKey = 'en_US');
insert new List<User>{ integration, creator };
Id ps = [SELECT Id FROM PermissionSet WHERE Name = 'D365_Sync_Integration'].Id;
insert new List<PermissionSetAssignment>{
    new PermissionSetAssignment(AssigneeId = integration.Id, PermissionSetId = ps),
    new PermissionSetAssignment(AssigneeId = creator.Id, PermissionSetId = ps)
};
System.debug(integration.Id);
System.debug(creator.Id);
`
    );
    if (setup.outcome.kind !== 'ok') throw new Error(`setup failed: ${JSON.stringify(setup.outcome)}`);
    return { rt, users: { integration: setup.debug[0], creator: setup.debug[1] } };
}

/** Insert Accounts as the admin (Draft, so the sync ignores them): name → external id. */
export function seedAccounts(rt: SandboxRuntime, accounts: Record<string, string>): void {
    const list = Object.entries(accounts)
        .map(([name, key]) => `new Account(Name = '${name}', D365_Account_Number__c = '${key}')`)
        .join(', ');
    const r = rt.tx('seed', `insert new List<Account>{ ${list} };`);
    if (r.outcome.kind !== 'ok') throw new Error(`seed failed: ${JSON.stringify(r.outcome)}`);
}

export async function startEmulator(
    rt: SandboxRuntime,
    runAsUserId: string | null,
    extra: Partial<SalesforceRestOptions> = {}
): Promise<{ emu: SalesforceRestEmulator; clientId: string; clientSecret: string }> {
    const clientId = `local-test-client-${randomBytes(6).toString('hex')}`;
    const clientSecret = localSecret();
    const emu = await SalesforceRestEmulator.start({ runtime: rt, clientId, clientSecret, runAsUserId, ...extra });
    return { emu, clientId, clientSecret };
}

export interface Reply {
    status: number;
    headers: Headers;
    text: string;
    json: unknown;
}

export async function call(
    base: string,
    method: string,
    p: string,
    opts: { token?: string; body?: unknown; form?: Record<string, string> } = {}
): Promise<Reply> {
    const headers: Record<string, string> = {};
    let body: string | undefined;
    if (opts.token !== undefined) headers.Authorization = `Bearer ${opts.token}`;
    if (opts.form) {
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        body = new URLSearchParams(opts.form).toString();
    } else if (opts.body !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body);
    }
    const res = await fetch(base + p, { method, headers, body });
    const text = await res.text();
    let json: unknown = undefined;
    try {
        json = text ? JSON.parse(text) : undefined;
    } catch {
        json = undefined;
    }
    return { status: res.status, headers: res.headers, text, json };
}

export async function tokenFor(base: string, clientId: string, clientSecret: string): Promise<string> {
    const r = await call(base, 'POST', '/services/oauth2/token', {
        form: { grant_type: 'client_credentials', client_id: clientId, client_secret: clientSecret }
    });
    if (r.status !== 200) throw new Error(`token request failed: HTTP ${r.status}`);
    return (r.json as { access_token: string }).access_token;
}

export const UPSERT = '/services/data/v66.0/sobjects/Account/D365_Account_Number__c/';
export const COLLECTION = '/services/data/v66.0/composite/sobjects/Account/D365_Account_Number__c';
