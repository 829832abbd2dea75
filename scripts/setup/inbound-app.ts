// Step 7 of setup: the inbound External Client App's admin-owned parts (global OAuth settings, OAuth policies),
// deployed only when absent. They come last: D365's access to Salesforce does not block sending.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { GeneratorError } from '../generators/lib/errors';
import { escapeXml } from '../generators/lib/xml';
import { deployComponents, missingComponents, SetupDeps, SetupOptions, SetupReport } from './context';
import { Component, isInbound, label } from './first-install';
import { deployMetadataFiles, MetadataFile } from './metadata-dir';

const OAUTH_POLICIES = 'ExtlClntAppOauthConfigurablePolicies';

/**
 * The shipped OAuth policies with the client-credentials flow on for `runAs` — only ever for the first install of
 * the component (afterwards the admin owns it). The platform refuses a Run As user without API Only
 * ("This user must have the API Only permission", ExtlClntAppOauthConfigurablePolicies).
 */
export function oauthPoliciesWithRunAs(xml: string, runAs: string): string {
    if (xml.includes('<clientCredentialsFlowUser>')) return xml; // the integration config already names one
    return xml
        .replace(
            /(\n\s*)<commaSeparatedPermissionSet>/,
            `$1<clientCredentialsFlowUser>${escapeXml(runAs)}</clientCredentialsFlowUser>$1<commaSeparatedPermissionSet>`
        )
        .replace(
            '<isClientCredentialsFlowEnabled>false</isClientCredentialsFlowEnabled>',
            '<isClientCredentialsFlowEnabled>true</isClientCredentialsFlowEnabled>'
        );
}

/** A source component as a file of a Metadata API folder (`<folder>/<name>.<suffix>`, no `-meta.xml`). */
function asMetadataFile(c: Component, xml: string): MetadataFile {
    const file = c.file ?? '';
    return {
        type: c.type,
        fullName: c.fullName,
        file: `${path.basename(path.dirname(file))}/${path.basename(file).replace(/-meta\.xml$/, '')}`,
        xml
    };
}

export async function inboundApp(o: SetupOptions, d: SetupDeps, r: SetupReport): Promise<void> {
    const parts = d.firstInstall.filter(isInbound);
    const missing = await missingComponents(d.client, parts);
    const policies = o.integrationUser ? missing.find((c) => c.type === OAUTH_POLICIES) : undefined;
    const plain = missing.filter((c) => c !== policies);
    const runAsText = `with the client-credentials flow on, Run As = ${o.integrationUser}`;
    if (missing.length === 0) {
        r.add(
            'unchanged',
            `first-install: ${parts.map(label).join(', ')} already in the org (admin-owned: not deployed again)`
        );
    } else if (o.dryRun) {
        if (plain.length) r.add('would', `first-install: deploy ${plain.map(label).join(', ')} (absent in the org)`);
        if (policies) r.add('would', `first-install: deploy ${label(policies)} ${runAsText} (absent in the org)`);
    } else {
        try {
            if (plain.length) await deployComponents(d.client, plain);
            if (policies) {
                const xml = oauthPoliciesWithRunAs(readFileSync(policies.file!, 'utf8'), o.integrationUser!);
                await deployMetadataFiles(d.client, [asMetadataFile(policies, xml)]);
            }
        } catch (error) {
            throw new GeneratorError(
                `${(error as Error).message}`,
                'the External Client App global OAuth settings deploy only when the org allows it: Setup → External Client App Settings → turn on "Allow access to External Client App consumer secrets via REST API/Metadata API" (scratch orgs get it from config/project-scratch-def.json); the Run As user must be an API Only user. Then run setup again'
            );
        }
        if (plain.length) r.add('done', `first-install: deployed ${plain.map(label).join(', ')} (absent in the org)`);
        if (policies) r.add('done', `first-install: deployed ${label(policies)} ${runAsText} (absent in the org)`);
    }
    if (!policies) {
        r.add(
            'todo',
            `client credentials for D365: Setup → External Client App Manager → D365 Sync Inbound → Edit Policies → OAuth Policies → Enable Client Credentials Flow, Run As = ${o.integrationUser ?? 'the API-only integration user'} (docs/d365-handoff.md)`
        );
    }
}
