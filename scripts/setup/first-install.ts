// What is admin-owned after the first install, and where it lives. One owner of the rule: the first-install
// package directory holds exactly these components; `npm run deploy` (force-app) never carries them, so a
// redeploy cannot reset what the admin changed in the org (docs/metadata.md "Upgrades").
import * as path from 'node:path';
import { ComponentSet } from '@salesforce/source-deploy-retrieve';
import { REPO_ROOT } from '../generators/lib/paths';

export const FIRST_INSTALL_ROOT = path.join(REPO_ROOT, 'first-install');
/** The only package directory `npm run deploy` deploys. */
export const EVERY_DEPLOY_ROOT = path.join(REPO_ROOT, 'force-app');

export interface Component {
    type: string;
    fullName: string;
    /** the source file (`-meta.xml`), when resolved from the repo */
    file?: string;
}

/**
 * The admin-owned kinds: the Named Credential (its URL), the sync settings record (kill switch, batch size …),
 * the kick trigger's subscriber configuration (it names the org's callout user by username), and the External
 * Client App parts the admin changes in Setup (client-credentials switch and run-as user in
 * the OAuth policies; the global OAuth settings that hold the consumer key and secret generated on the first
 * deploy). The field-mapping records are not here: the repo's config owns them (docs/field-mapping.md).
 */
export function isAdminOwned(c: Component): boolean {
    return (
        c.type === 'NamedCredential' ||
        c.type === 'PlatformEventSubscriberConfig' ||
        c.type === 'ExtlClntAppOauthConfigurablePolicies' ||
        c.type === 'ExtlClntAppGlobalOauthSettings' ||
        (c.type === 'CustomMetadata' && c.fullName.startsWith('D365_Sync_Setting.'))
    );
}

/** The outbound part the engine needs before it can send; the inbound app's parts are deployed after it. */
export function isOutbound(c: Component): boolean {
    return c.type === 'NamedCredential' || c.type === 'CustomMetadata';
}

/** The inbound External Client App's admin-owned parts (deployed last: D365's access does not block sending). */
export function isInbound(c: Component): boolean {
    return c.type.startsWith('ExtlClntApp');
}

/** Components of a package directory exactly as the CLI resolves them (source-deploy-retrieve, .forceignore). */
export function componentsIn(root: string): Component[] {
    return ComponentSet.fromSource(root)
        .getSourceComponents()
        .toArray()
        .map((c) => ({ type: c.type.name, fullName: c.fullName, file: c.xml }))
        .sort((a, b) => `${a.type}:${a.fullName}`.localeCompare(`${b.type}:${b.fullName}`));
}

export const label = (c: Component): string => `${c.type}:${c.fullName}`;
