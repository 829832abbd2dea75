// Step 5 of setup: the one user every D365 callout runs as. The kick trigger's PlatformEventSubscriberConfig
// (first-install, shipped without a user) is deployed once with `user` = --callout-user, and the settings record
// remembers the username (Callout_User__c) for the package tests. A platform event trigger runs as the Automated
// Process user unless such a config names another user (Platform Events Developer Guide, "Configure the User and
// Batch Size for Your Platform Event Trigger"; Metadata API "PlatformEventSubscriberConfig": `user` is a username).
import { readFileSync } from 'node:fs';
import { escapeXml } from '../generators/lib/xml';
import { missingComponents, SetupDeps, SetupOptions, SetupReport } from './context';
import { label } from './first-install';
import { deployMetadataFiles } from './metadata-dir';
import { soqlString } from './org-client';
import { SETTINGS_RECORD, SETTINGS_TYPE, settingsRecordFile, settingsRecordXml } from './settings-record';

export const SUBSCRIBER_CONFIG = 'PlatformEventSubscriberConfig';

/** The shipped config with the running user set (only for its first install: afterwards the admin owns it). */
export function subscriberConfigWithUser(xml: string, username: string): string {
    if (xml.includes('<user>')) return xml;
    return xml.replace(
        /(\n\s*)<platformEventConsumer>/,
        `$1<user>${escapeXml(username)}</user>$1<platformEventConsumer>`
    );
}

export async function calloutUser(o: SetupOptions, d: SetupDeps, r: SetupReport): Promise<void> {
    const config = d.firstInstall.find((c) => c.type === SUBSCRIBER_CONFIG);
    if (!config) return;
    const missing = (await missingComponents(d.client, [config])).length > 0;
    if (!missing) {
        r.add(
            'unchanged',
            `first-install: ${label(config)} already in the org (admin-owned: its user is changed in the org, not by setup)`
        );
        return;
    }
    if (!o.calloutUser) {
        r.add(
            'todo',
            `choose the user every D365 callout runs as (until then the Automated Process user, which cannot call out): npm run setup -- --target-org ${d.client.alias} --callout-user <username>`
        );
        return;
    }
    const text = `${label(config)} (the kick trigger runs as ${o.calloutUser}) and ${SETTINGS_TYPE}.${SETTINGS_RECORD} Callout_User__c`;
    if (o.dryRun) {
        r.add('would', `first-install: deploy ${text}`);
        return;
    }
    const fields = [...d.settingsFields.keys()];
    const rows = await d.client.query<Record<string, unknown>>(
        `SELECT MasterLabel, ${fields.join(', ')} FROM ${SETTINGS_TYPE}__mdt WHERE DeveloperName = ${soqlString(SETTINGS_RECORD)}`
    );
    await deployMetadataFiles(d.client, [
        {
            type: SUBSCRIBER_CONFIG,
            fullName: config.fullName,
            file: `platformEventSubscriberConfigs/${config.fullName}.platformEventSubscriberConfig`,
            xml: subscriberConfigWithUser(readFileSync(config.file!, 'utf8'), o.calloutUser)
        },
        settingsRecordFile(settingsRecordXml(d.settingsFields, { ...rows[0], Callout_User__c: o.calloutUser }))
    ]);
    r.add('done', `first-install: deployed ${text}`);
}
