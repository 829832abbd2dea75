// The local org's "Setup": the two admin settings that the sync's failure paths turn on, which an admin edits in
// Setup on a real org (not through Apex):
//   - the kill switch: D365_Sync_Setting__mdt.Default.Enabled__c (Custom Metadata, edited in Setup → Custom
//     Metadata Types; docs/operations.md);
//   - the subscription key in the D365_APIM External Credential: "stale" stands for an APIM key that was regenerated
//     while Salesforce still holds the old one (D365 answers 401), "current" for the admin entering the new one.
// The key itself is never shown or accepted: only which of the two the org holds.
//   GET  /org/setup                                   { sendingEnabled, subscriptionKey: 'current' | 'stale' }
//   POST /org/setup { sendingEnabled?, subscriptionKey? }   admin only (as Setup is)
import type * as http from 'node:http';
import type { LocalOrg } from './org';

export interface LocalSetup {
    sendingEnabled: boolean;
    subscriptionKey: 'current' | 'stale';
}

function settingsRow(org: LocalOrg) {
    const row = org.rt.db.rows('D365_Sync_Setting__mdt').find((r) => r.get('developername') === 'Default');
    if (!row) throw new Error('D365_Sync_Setting__mdt.Default is not in the project');
    return row;
}

export function readSetup(org: LocalOrg): LocalSetup {
    return {
        sendingEnabled: settingsRow(org).get('enabled__c') === true,
        subscriptionKey: org.subscriptionKeyStale ? 'stale' : 'current'
    };
}

/** Applies a Setup change; returns an error message for a bad request, else undefined. */
export function applySetup(org: LocalOrg, change: Partial<Record<keyof LocalSetup, unknown>>): string | undefined {
    const { sendingEnabled, subscriptionKey } = change;
    if (sendingEnabled !== undefined && typeof sendingEnabled !== 'boolean') return 'sendingEnabled must be a boolean';
    if (subscriptionKey !== undefined && subscriptionKey !== 'current' && subscriptionKey !== 'stale') {
        return "subscriptionKey must be 'current' or 'stale'";
    }
    // a Setup edit, not DML (as SandboxRuntime.configureAsAdmin writes it)
    if (typeof sendingEnabled === 'boolean') settingsRow(org).set('enabled__c', sendingEnabled);
    if (subscriptionKey !== undefined) org.subscriptionKeyStale = subscriptionKey === 'stale';
    return undefined;
}

function send(res: http.ServerResponse, status: number, body: unknown): void {
    res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'Cache-Control': 'no-store' });
    res.end(JSON.stringify(body));
}

/** The /org/setup endpoint; false when the request is not for it. */
export function handleSetup(
    org: LocalOrg,
    userKey: string,
    method: string,
    pathname: string,
    rawBody: () => Promise<string>,
    res: http.ServerResponse
): false | Promise<void> {
    if (pathname !== '/org/setup') return false;
    return (async () => {
        if (method === 'GET') {
            send(res, 200, readSetup(org));
            return;
        }
        if (method !== 'POST') {
            send(res, 405, { body: { message: `no endpoint ${method} ${pathname}` } });
            return;
        }
        // Setup is the admin's (D365_Sync_Admin on the runtime's admin); other users get what an org answers
        if (userKey !== 'admin') {
            send(res, 403, { body: { message: 'Only the admin can change Setup.' } });
            return;
        }
        const raw = await rawBody();
        const error = applySetup(org, (raw ? JSON.parse(raw) : {}) as Record<string, unknown>);
        if (error) send(res, 400, { body: { message: error } });
        else send(res, 200, readSetup(org));
    })();
}
