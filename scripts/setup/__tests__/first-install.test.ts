// Item 4 of issue 10: what admins change in the org must survive `npm run deploy`.
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { REPO_ROOT } from '../../generators/lib/paths';
import { EVERY_DEPLOY_ROOT, FIRST_INSTALL_ROOT, componentsIn, isAdminOwned, label } from '../first-install';

describe('admin-owned metadata is split from what every deploy overwrites', () => {
    const everyDeploy = componentsIn(EVERY_DEPLOY_ROOT);
    const firstInstall = componentsIn(FIRST_INSTALL_ROOT);

    it('keeps every admin-owned component out of force-app', () => {
        expect(everyDeploy.length).toBeGreaterThan(50);
        expect(everyDeploy.filter(isAdminOwned).map(label)).toEqual([]);
    });

    it('ships exactly the admin-owned components in first-install', () => {
        expect(firstInstall.map(label)).toEqual([
            'CustomMetadata:D365_Sync_Setting.Default',
            'ExtlClntAppGlobalOauthSettings:D365_Sync_Inbound_glbloauth',
            'ExtlClntAppOauthConfigurablePolicies:D365_Sync_Inbound_oauthPlcy',
            'NamedCredential:D365_APIM',
            'PlatformEventSubscriberConfig:D365SyncKickTriggerConfig'
        ]);
        expect(firstInstall.every(isAdminOwned)).toBe(true);
    });

    it('leaves the field-mapping records with the repo (regenerated from config, deployed every time)', () => {
        expect(everyDeploy.filter((c) => c.fullName.startsWith('D365_Field_Mapping.')).length).toBeGreaterThan(0);
    });

    it('deploys only force-app with npm run deploy, while every local tool still reads both folders', () => {
        const pkg = JSON.parse(readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
            scripts: Record<string, string>;
        };
        expect(pkg.scripts.deploy).toMatch(/sf project deploy start --source-dir force-app$/);
        const project = JSON.parse(readFileSync(path.join(REPO_ROOT, 'sfdx-project.json'), 'utf8')) as {
            packageDirectories: { path: string; default?: boolean }[];
        };
        expect(project.packageDirectories.map((d) => d.path)).toEqual(['force-app', 'first-install']);
        expect(project.packageDirectories.find((d) => d.default)?.path).toBe('force-app');
    });

    // ExtlClntAppGlobalOauthSettings: "Access to the OAuth plugin requires orgs to enable the Allow Access to
    // OAuth Consumer Secrets via Metadata API permission" (Metadata API Developer Guide); scratch orgs get it
    // from the definition file, other orgs from Setup (README install steps).
    it('lets scratch orgs deploy the External Client App global OAuth settings', () => {
        const def = JSON.parse(readFileSync(path.join(REPO_ROOT, 'config', 'project-scratch-def.json'), 'utf8')) as {
            settings: Record<string, Record<string, boolean>>;
        };
        expect(def.settings.externalClientAppSettings).toEqual({
            enableExternalClientApps: true,
            enableConsumerSecretApiAccess: true
        });
    });
});
