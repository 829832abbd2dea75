import * as path from 'node:path';
import { GeneratorError } from '../lib/errors';
import { PlannedFile } from '../lib/output-plan';
import { el, metadataDocument } from '../lib/xml';
import { IntegrationConfig } from './integration-config';
import { markerComment } from './integration-plan-common';

export const CONNECTED_APP_DIR = 'connectedApps';

/**
 * ECA ipRelaxationPolicyType → ConnectedApp oauthPolicy.ipRelaxation (values as in retrieved
 * Connected Apps; the schema types the field as a plain string). The 2-factor variants have no
 * verified equivalent and are refused.
 */
const IP_RELAXATION: Record<string, string> = {
    Enforce: 'ENFORCE',
    Bypass: 'BYPASS'
};

export function connectedAppName(config: IntegrationConfig): string {
    return `${config.app.name}_Legacy`;
}

/**
 * A legacy Connected App with the same policy, only for orgs where Salesforce Support re-enabled
 * connected-app creation (blocked from Spring '26 in the UI and the Metadata API).
 */
export function planConnectedApp(config: IntegrationConfig, packageDir: string, configFile: string): PlannedFile[] {
    const ipRelaxation = IP_RELAXATION[config.policies.ipRelaxation];
    if (!ipRelaxation) {
        throw new GeneratorError(
            `policies.ipRelaxation "${config.policies.ipRelaxation}" has no Connected App equivalent`,
            `use one of ${Object.keys(IP_RELAXATION).join(', ')} with --legacy-connected-app`
        );
    }
    const name = connectedAppName(config);
    return [
        {
            file: path.join(packageDir, CONNECTED_APP_DIR, `${name}.connectedApp-meta.xml`),
            content: metadataDocument(
                'ConnectedApp',
                [
                    ...el('contactEmail', config.app.contactEmail),
                    ...el('description', config.app.description || null),
                    ...el('label', `${config.app.label} (legacy)`),
                    ...el('oauthConfig', [
                        ...el('callbackUrl', config.app.callbackUrl),
                        ...el('isAdminApproved', true),
                        ...el('isClientCredentialEnabled', config.oauth.runAsUsername !== null),
                        ...el('isConsumerSecretOptional', false),
                        ...el('isIntrospectAllTokens', false),
                        ...el('isSecretRequiredForRefreshToken', true),
                        ...el('oauthClientCredentialUser', config.oauth.runAsUsername),
                        ...config.oauth.scopes.flatMap((scope) => el('scopes', scope))
                    ]),
                    ...el('oauthPolicy', [...el('ipRelaxation', ipRelaxation), ...el('refreshTokenPolicy', 'zero')]),
                    ...el('permissionSetName', config.permissionSet.name)
                ],
                { comment: `${markerComment(configFile)} Only for orgs that still allow Connected App creation.` }
            )
        }
    ];
}
