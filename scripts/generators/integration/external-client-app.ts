import * as path from 'node:path';
import { PlannedFile } from '../lib/output-plan';
import { el, metadataDocument } from '../lib/xml';
import { IntegrationConfig } from './integration-config';
import { markerComment } from './integration-plan-common';

/**
 * Folders and suffixes of the External Client App types, as in the source-deploy-retrieve registry
 * (metadataRegistry.json): type → [directoryName, suffix, fullName suffix].
 */
export const ECA_PARTS = {
    app: { dir: 'externalClientApps', suffix: 'eca', nameSuffix: '', adminOwned: false },
    oauthSettings: { dir: 'extlClntAppOauthSettings', suffix: 'ecaOauth', nameSuffix: '_oauth', adminOwned: false },
    // The flow switch and the consumer key/secret Salesforce generates on the first deploy.
    globalOauth: {
        dir: 'extlClntAppGlobalOauthSets',
        suffix: 'ecaGlblOauth',
        nameSuffix: '_glbloauth',
        adminOwned: true
    },
    // The run-as user and the client-credentials switch the admin sets in Setup.
    oauthPolicies: {
        dir: 'extlClntAppOauthPolicies',
        suffix: 'ecaOauthPlcy',
        nameSuffix: '_oauthPlcy',
        adminOwned: true
    },
    policies: { dir: 'extlClntAppPolicies', suffix: 'ecaPlcy', nameSuffix: '_plcy', adminOwned: false }
} as const;

/** Where the app's parts go: admin-owned parts into the first-install folder, so a redeploy never resets them. */
export interface EcaDirs {
    packageDir: string;
    firstInstallDir: string;
}

export function ecaFile(dirs: EcaDirs, part: keyof typeof ECA_PARTS, appName: string): string {
    const p = ECA_PARTS[part];
    const root = p.adminOwned ? dirs.firstInstallDir : dirs.packageDir;
    return path.join(root, p.dir, `${appName}${p.nameSuffix}.${p.suffix}-meta.xml`);
}

/**
 * The External Client App for the client-credentials flow: header, OAuth settings (scopes), global
 * OAuth settings (flow switch and callback URL — never a consumer key or secret: Salesforce
 * generates both on deploy), OAuth policies (run-as user, pre-authorisation by permission set, IP
 * and session policy) and the plugin policies that switch the OAuth plugin on.
 */
export function planExternalClientApp(config: IntegrationConfig, dirs: EcaDirs, configFile: string): PlannedFile[] {
    const { app, oauth, policies, permissionSet } = config;
    const comment = markerComment(configFile);
    const runAs = oauth.runAsUsername;
    return [
        {
            file: ecaFile(dirs, 'app', app.name),
            content: metadataDocument(
                'ExternalClientApplication',
                [
                    ...el('contactEmail', app.contactEmail),
                    ...el('description', app.description || null),
                    ...el('distributionState', 'Local'),
                    ...el('isProtected', false),
                    ...el('label', app.label)
                ],
                { comment }
            )
        },
        {
            file: ecaFile(dirs, 'oauthSettings', app.name),
            content: metadataDocument(
                'ExtlClntAppOauthSettings',
                [
                    ...el('commaSeparatedOauthScopes', oauth.scopes.join(', ')),
                    ...el('externalClientApplication', app.name),
                    ...el('label', `${app.label} OAuth Settings`)
                ],
                { comment }
            )
        },
        {
            file: ecaFile(dirs, 'globalOauth', app.name),
            content: metadataDocument(
                'ExtlClntAppGlobalOauthSettings',
                [
                    ...el('callbackUrl', app.callbackUrl),
                    ...el('externalClientApplication', app.name),
                    ...el('isClientCredentialsFlowEnabled', true),
                    ...el('isCodeCredFlowEnabled', false),
                    ...el('isConsumerSecretOptional', false),
                    ...el('isDeviceFlowEnabled', false),
                    ...el('isIntrospectAllTokens', false),
                    ...el('isPkceRequired', true),
                    ...el('isSecretRequiredForRefreshToken', true),
                    ...el('isTokenExchangeEnabled', false),
                    ...el('label', `${app.label} Global OAuth Settings`),
                    ...el('shouldRotateConsumerKey', false),
                    ...el('shouldRotateConsumerSecret', false)
                ],
                { comment: `${comment} Holds no consumer key or secret.` }
            )
        },
        {
            file: ecaFile(dirs, 'oauthPolicies', app.name),
            content: metadataDocument(
                'ExtlClntAppOauthConfigurablePolicies',
                [
                    // Deploy rejects an execution user that does not exist in the org, so the flow is
                    // switched on here only when the config names one; otherwise the admin sets it in Setup.
                    ...el('clientCredentialsFlowUser', runAs),
                    ...el('commaSeparatedPermissionSet', permissionSet.name),
                    ...el('externalClientApplication', app.name),
                    ...el('ipRelaxationPolicyType', policies.ipRelaxation),
                    ...el('isClientCredentialsFlowEnabled', runAs !== null),
                    ...el('isGuestCodeCredFlowEnabled', false),
                    ...el('isTokenExchangeFlowEnabled', false),
                    ...el('label', `${app.label} OAuth Policies`),
                    ...el('permittedUsersPolicyType', 'AdminApprovedPreAuthorized'),
                    ...el('refreshTokenPolicyType', 'Zero'),
                    ...el('sessionTimeoutInMinutes', policies.sessionTimeoutMinutes)
                ],
                { comment }
            )
        },
        {
            file: ecaFile(dirs, 'policies', app.name),
            content: metadataDocument(
                'ExtlClntAppConfigurablePolicies',
                [
                    ...el('externalClientApplication', app.name),
                    ...el('isEnabled', true),
                    ...el('isOauthPluginEnabled', true),
                    ...el('label', `${app.label} Policies`),
                    ...el('startPage', 'None')
                ],
                { comment }
            )
        }
    ];
}
