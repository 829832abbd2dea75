// The post-deploy steps of `npm run setup`, in the one safe order (README "Install into an org"):
//   1. first-install metadata (only what the org lacks: admin-owned, never overwritten)
//   2. Named Credential URL          3. subscription key (only once the URL is real)
//   4. permission-set assignments    5. callout user (the kick trigger's subscriber config)
//   6. retry-job schedule, then the hourly watchdog and purge schedule
//   7. enable sending (explicit flag; only with a real URL, a stored key and a Reachable Test connection)
//   8. the inbound External Client App's admin-owned parts
// Each step first reads the org and changes only what differs, so a second run changes nothing. A dry run reads
// and reports what it would do. A refusal stops the run: what comes after it depends on it.
import * as path from 'node:path';
import {
    getNamedCredential,
    hasPrincipalCredential,
    setNamedCredentialUrl,
    setPrincipalCredential
} from '../generators/credentials/named-credential-api';
import { GeneratorError } from '../generators/lib/errors';
import { REPO_ROOT } from '../generators/lib/paths';
import { isPlaceholderUrl } from './apim-url';
import { deployComponents, missingComponents, Refusal, SetupDeps, SetupOptions, SetupReport } from './context';
import { Component, isOutbound, label } from './first-install';
import { calloutUser } from './callout-user';
import { inboundApp } from './inbound-app';
import { deployMetadataFiles } from './metadata-dir';
import { OrgClient, soqlString } from './org-client';
import { SETTINGS_RECORD, SETTINGS_TYPE, settingsRecordFile, settingsRecordXml } from './settings-record';

export const NAMED_CREDENTIAL = 'D365_APIM';
export const CREDENTIAL_TARGET = {
    externalCredential: 'D365_APIM',
    principalName: 'APIM_Subscription',
    parameter: 'SubscriptionKey'
};
export const PERMISSION_SETS = {
    admins: 'D365_Sync_Admin',
    approvers: 'D365_Sync_User',
    integrationUser: 'D365_Sync_Integration',
    calloutUser: 'D365_Sync_Callout'
} as const;
/** D365SyncRetryJob.JOB_NAME_PREFIX and its live CronTrigger states (D365SyncRetryJob.LIVE_STATES). */
const RETRY_JOB_PREFIX = 'D365 Sync Retry :';
/** D365SyncPurgeJob.JOB_NAME: the hourly watchdog (alerts) and purge. */
const PURGE_JOB_NAME = 'D365 Sync Purge';
const LIVE_CRON_STATES = new Set(['WAITING', 'ACQUIRED', 'EXECUTING']);
const APEX_DIR = path.join(REPO_ROOT, 'scripts', 'apex');
const REACHABLE = 'Reachable'; // D365Client.REACHABLE

async function firstInstallOutbound(o: SetupOptions, d: SetupDeps, r: SetupReport): Promise<Component[]> {
    const outbound = d.firstInstall.filter(isOutbound);
    const missing = await missingComponents(d.client, outbound);
    if (missing.length === 0) {
        r.add(
            'unchanged',
            `first-install: ${outbound.map(label).join(', ')} already in the org (admin-owned: not deployed again)`
        );
    } else if (o.dryRun) {
        r.add('would', `first-install: deploy ${missing.map(label).join(', ')} (absent in the org)`);
    } else {
        await deployComponents(d.client, missing);
        r.add('done', `first-install: deployed ${missing.map(label).join(', ')} (absent in the org)`);
    }
    return missing;
}

/** Returns the URL the Named Credential has (or will have) after this step. */
async function namedCredentialUrl(
    o: SetupOptions,
    d: SetupDeps,
    r: SetupReport,
    notDeployedYet: boolean
): Promise<string | undefined> {
    const setHint = `set the APIM URL: npm run setup -- --target-org ${d.client.alias} --apim-url https://<your-apim>.azure-api.net/<base-path>`;
    const current = notDeployedYet
        ? undefined
        : await getNamedCredential(d.client.session, NAMED_CREDENTIAL, d.client.fetchImpl);
    const currentUrl = current?.calloutUrl;
    if (!o.apimUrl) {
        if (isPlaceholderUrl(currentUrl)) {
            r.add('todo', setHint);
        } else {
            r.add('unchanged', `Named Credential ${NAMED_CREDENTIAL} URL is ${currentUrl}`);
        }
        return currentUrl;
    }
    if (currentUrl === o.apimUrl) {
        r.add('unchanged', `Named Credential ${NAMED_CREDENTIAL} URL is ${o.apimUrl}`);
    } else if (o.dryRun || !current) {
        r.add(
            'would',
            `Named Credential ${NAMED_CREDENTIAL} URL: ${currentUrl ?? '(not deployed yet)'} → ${o.apimUrl}`
        );
    } else {
        await setNamedCredentialUrl(d.client.session, current, o.apimUrl, d.client.fetchImpl);
        r.add('done', `Named Credential ${NAMED_CREDENTIAL} URL: ${currentUrl} → ${o.apimUrl}`);
    }
    return o.apimUrl;
}

/** Returns whether a key is (or, in a dry run, would be) stored. */
async function subscriptionKey(
    o: SetupOptions,
    d: SetupDeps,
    r: SetupReport,
    url: string | undefined
): Promise<boolean> {
    const where = `${CREDENTIAL_TARGET.externalCredential} / ${CREDENTIAL_TARGET.principalName}`;
    if (d.key) {
        if (isPlaceholderUrl(url)) {
            throw new Refusal(
                'refusing to store the subscription key while the Named Credential URL is the placeholder: the key would be sent to whatever host the URL is set to next',
                `pass --apim-url https://<your-apim>.azure-api.net/<base-path> in the same run, or set the URL first`
            );
        }
        if (o.dryRun) {
            r.add('would', `store the subscription key (from ${d.key.source}) on ${where}`);
            return true;
        }
        const outcome = await setPrincipalCredential(
            d.client.session,
            CREDENTIAL_TARGET,
            await d.key.read(),
            d.client.fetchImpl
        );
        r.add('done', `${outcome} ${CREDENTIAL_TARGET.parameter} on ${where} (from ${d.key.source}; never printed)`);
        return true;
    }
    const stored = await hasPrincipalCredential(d.client.session, CREDENTIAL_TARGET, d.client.fetchImpl);
    if (stored) {
        r.add('unchanged', `a subscription key is stored on ${where}`);
    } else {
        r.add(
            'todo',
            `${isPlaceholderUrl(url) ? 'after the URL, ' : ''}store the subscription key: D365_APIM_SUBSCRIPTION_KEY=… npm run setup -- --target-org ${d.client.alias} (or --key-stdin)`
        );
    }
    return stored;
}

async function permissionSets(o: SetupOptions, d: SetupDeps, r: SetupReport): Promise<void> {
    const wanted: [string, string][] = [
        ...o.admins.map((u): [string, string] => [PERMISSION_SETS.admins, u]),
        ...o.approvers.map((u): [string, string] => [PERMISSION_SETS.approvers, u]),
        ...(o.integrationUser ? [[PERMISSION_SETS.integrationUser, o.integrationUser] as [string, string]] : []),
        ...(o.calloutUser ? [[PERMISSION_SETS.calloutUser, o.calloutUser] as [string, string]] : [])
    ];
    if (wanted.length === 0) {
        r.add(
            'todo',
            `assign permission sets: npm run setup -- --target-org ${d.client.alias} --admins <usernames> --approvers <usernames> --integration-user <api-only username>`
        );
        return;
    }
    const usernames = [...new Set(wanted.map(([, u]) => u))];
    const users = await d.client.query<{ Id: string; Username: string }>(
        `SELECT Id, Username FROM User WHERE Username IN (${usernames.map(soqlString).join(', ')})`
    );
    const userId = new Map(users.map((u) => [u.Username.toLowerCase(), u.Id]));
    const unknown = usernames.filter((u) => !userId.has(u.toLowerCase()));
    if (unknown.length) {
        throw new GeneratorError(`no user with username ${unknown.map((u) => `"${u}"`).join(', ')} in the org`);
    }
    const names = [...new Set(wanted.map(([p]) => p))];
    const sets = await d.client.query<{ Id: string; Name: string }>(
        `SELECT Id, Name FROM PermissionSet WHERE Name IN (${names.map(soqlString).join(', ')})`
    );
    const setId = new Map(sets.map((s) => [s.Name, s.Id]));
    const absent = names.filter((n) => !setId.has(n));
    if (absent.length) {
        throw new GeneratorError(
            `permission set ${absent.join(', ')} is not in the org`,
            'deploy the package first: npm run deploy'
        );
    }
    const existing = await d.client.query<{ AssigneeId: string; PermissionSetId: string }>(
        `SELECT AssigneeId, PermissionSetId FROM PermissionSetAssignment WHERE PermissionSetId IN (${[...setId.values()].map(soqlString).join(', ')}) AND AssigneeId IN (${[...userId.values()].map(soqlString).join(', ')})`
    );
    const has = new Set(existing.map((a) => `${a.PermissionSetId}:${a.AssigneeId}`));
    for (const [set, username] of wanted) {
        const key = `${setId.get(set)}:${userId.get(username.toLowerCase())}`;
        if (has.has(key)) {
            r.add('unchanged', `${username} has ${set}`);
        } else if (o.dryRun) {
            r.add('would', `assign ${set} to ${username}`);
        } else {
            await d.client.insert('PermissionSetAssignment', {
                AssigneeId: userId.get(username.toLowerCase()),
                PermissionSetId: setId.get(set)
            });
            has.add(key);
            r.add('done', `assigned ${set} to ${username}`);
        }
    }
}

async function retryJob(o: SetupOptions, d: SetupDeps, r: SetupReport): Promise<void> {
    const jobs = await d.client.query<{ State: string }>(
        `SELECT CronJobDetail.Name, State FROM CronTrigger WHERE CronJobDetail.Name LIKE ${soqlString(`${RETRY_JOB_PREFIX}%`)}`
    );
    const live = jobs.filter((j) => LIVE_CRON_STATES.has(j.State)).length;
    if (live > 0) {
        r.add('unchanged', `the retry job is scheduled (${live} cron job${live === 1 ? '' : 's'})`);
    } else if (o.dryRun) {
        r.add(
            'would',
            'schedule the retry job every 15 minutes (scripts/apex/schedule-retry-job.apex), running as you'
        );
    } else {
        await d.client.sf(['apex', 'run', '--file', path.join(APEX_DIR, 'schedule-retry-job.apex')]);
        r.add('done', 'scheduled the retry job every 15 minutes, running as you (see it on the D365 Sync dashboard)');
    }
}

// The hourly "D365 Sync Purge" job: alerts (it is what reports a missing retry job) and retention (docs/operations.md).
async function purgeJob(o: SetupOptions, d: SetupDeps, r: SetupReport): Promise<void> {
    const jobs = await d.client.query<{ State: string }>(
        `SELECT CronJobDetail.Name, State FROM CronTrigger WHERE CronJobDetail.Name = ${soqlString(PURGE_JOB_NAME)}`
    );
    if (jobs.some((j) => LIVE_CRON_STATES.has(j.State))) {
        r.add('unchanged', 'the alerts and purge job is scheduled');
    } else if (o.dryRun) {
        r.add(
            'would',
            'schedule the alerts and purge job every hour (scripts/apex/schedule-purge-job.apex), running as you'
        );
    } else {
        await d.client.sf(['apex', 'run', '--file', path.join(APEX_DIR, 'schedule-purge-job.apex')]);
        r.add('done', 'scheduled the alerts and purge job every hour, running as you');
    }
}

/** Runs Test connection (scripts/apex/test-connection.apex) and returns its status line. */
async function testConnection(client: OrgClient): Promise<{ status: string; line: string }> {
    const result = (await client.sf(['apex', 'run', '--file', path.join(APEX_DIR, 'test-connection.apex')])) as {
        logs?: string;
    };
    const line = /\|USER_DEBUG\|[^\n]*\|ERROR\|([^\n]*)/.exec(result?.logs ?? '')?.[1]?.trim() ?? '';
    return { status: /^(.*?) \(HTTP/.exec(line)?.[1] ?? '', line: line || '(no result in the log)' };
}

async function enableSending(
    o: SetupOptions,
    d: SetupDeps,
    r: SetupReport,
    url: string | undefined,
    keyStored: boolean
): Promise<void> {
    const fields = [...d.settingsFields.keys()];
    const rows = await d.client.query<Record<string, unknown>>(
        `SELECT MasterLabel, ${fields.join(', ')} FROM ${SETTINGS_TYPE}__mdt WHERE DeveloperName = ${soqlString(SETTINGS_RECORD)}`
    );
    const row = rows[0];
    if (row?.Enabled__c === true) {
        r.add('unchanged', 'sending is enabled');
        return;
    }
    if (!o.enable) {
        r.add(
            'todo',
            `enable sending once Test connection says Reachable: npm run setup -- --target-org ${d.client.alias} --enable`
        );
        return;
    }
    if (isPlaceholderUrl(url)) {
        throw new Refusal(
            'refusing to enable sending: the Named Credential URL is still the placeholder',
            'pass --apim-url https://<your-apim>.azure-api.net/<base-path>'
        );
    }
    if (!keyStored) {
        throw new Refusal(
            'refusing to enable sending: no subscription key is stored',
            'give the key in D365_APIM_SUBSCRIPTION_KEY or with --key-stdin'
        );
    }
    if (o.dryRun || !row) {
        r.add('would', 'run Test connection, and enable sending only if it says Reachable');
        return;
    }
    const test = await testConnection(d.client);
    if (test.status !== REACHABLE) {
        throw new Refusal(
            `refusing to enable sending: Test connection says ${test.line}`,
            'check the URL and the key (README, Troubleshooting); Test connection runs as you and needs D365_Sync_Admin'
        );
    }
    r.add('done', `Test connection: ${test.line}`);
    await deployMetadataFiles(d.client, [
        settingsRecordFile(settingsRecordXml(d.settingsFields, { ...row, Enabled__c: true }))
    ]);
    r.add('done', `enabled sending (${SETTINGS_TYPE}.${SETTINGS_RECORD}: Enabled__c = true, every other value kept)`);
}

/** Runs every step in order; throws a Refusal (or another error) at the first step that cannot go on. */
export async function runSetup(o: SetupOptions, d: SetupDeps, r: SetupReport): Promise<void> {
    const missing = await firstInstallOutbound(o, d, r);
    const url = await namedCredentialUrl(o, d, r, o.dryRun && missing.some((c) => c.type === 'NamedCredential'));
    const keyStored = await subscriptionKey(o, d, r, url);
    await permissionSets(o, d, r);
    await calloutUser(o, d, r);
    await retryJob(o, d, r);
    await purgeJob(o, d, r);
    await enableSending(o, d, r, url, keyStored);
    await inboundApp(o, d, r);
    r.add(
        'todo',
        'approval process "D365 Sync Approval": check who approves (set in the repo\'s XML before deploying; docs/metadata.md, Approval process)'
    );
    r.add('todo', 'Account record page: add the d365SyncStatus component in Lightning App Builder (docs/ui.md)');
}
