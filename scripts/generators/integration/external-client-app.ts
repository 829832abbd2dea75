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
    app: { dir: 'externalClientApps', suffix: 'eca', nameSuffix: '' },
    oauthSettings: { dir: 'extlClntAppOauthSettings', suffix: 'ecaOauth', nameSuffix: '_oauth' },
    globalOauth: { dir: 'extlClntAppGlobalOauthSets', suffix: 'ecaGlblOauth', nameSuffix: '_glbloauth' },
    oauthPolicies: { dir: 'extlClntAppOauthPolicies', suffix: 'ecaOauthPlcy', nameSuffix: '_oauthPlcy' },
    policies: { dir: 'extlClntAppPolicies', suffix: 'ecaPlcy', nameSuffix: '_plcy' }
} as const;

export function ecaFile(packageDir: string, part: keyof typeof ECA_PARTS, appName: string): string {
    const p = ECA_PARTS[part];
    return path.join(packageDir, p.dir, `${appName}${p.nameSuffix}.${p.suffix}-meta.xml`);
}

/**
 * The External Client App for the client-credentials flow: header, OAuth settings (scopes), global
 * OAuth settings (flow switch and callback URL — never a consumer key or secret: Salesforce
 * generates both on deploy), OAuth policies (run-as user, pre-authorisation by permission set, IP
 * and session policy) and the plugin policies that switch the OAuth plugin on.
 */
export function planExternalClientApp(
    config: IntegrationConfig,
    packageDir: string,
    configFile: string
): PlannedFile[] {
    const { app, oauth, policies, permissionSet } = config;
    const comment = markerComment(configFile);
    const runAs = oauth.runAsUsername;
    return [
        {
            file: ecaFile(packageDir, 'app', app.name),
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
            file: ecaFile(packageDir, 'oauthSettings', app.name),
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
            file: ecaFile(packageDir, 'globalOauth', app.name),
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
            file: ecaFile(packageDir, 'oauthPolicies', app.name),
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
            file: ecaFile(packageDir, 'policies', app.name),
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
