import * as path from 'node:path';
import { stringify } from 'yaml';
import { OptionSpec, parseOptions, usageText } from '../lib/cli-args';
import { EXIT_OK } from '../lib/errors';
import { formatLikeRepo } from '../lib/format';
import { checkOrApplyPlan, OwnedScope, Plan, PlannedFile } from '../lib/output-plan';
import {
    DEFAULT_DOCS_DIR,
    DEFAULT_FIRST_INSTALL_DIR,
    DEFAULT_INTEGRATION_CONFIG,
    DEFAULT_PACKAGE_DIR,
    displayPath,
    REPO_ROOT
} from '../lib/paths';
import { Io, processIo, runCli, runMain } from '../lib/run-cli';
import { loadMappingConfig } from '../mapping/mapping-config';
import { CONNECTED_APP_DIR, planConnectedApp } from './connected-app';
import { ECA_PARTS, planExternalClientApp } from './external-client-app';
import { renderHandoff } from './handoff-doc';
import { buildInboundModel } from './inbound-model';
import { IntegrationConfig, loadIntegrationConfig, resolveMappingConfig } from './integration-config';
import { INTEGRATION_MARKER } from './integration-plan-common';
import { buildOpenApi } from './openapi';
import { planPermissionSet } from './permission-set';
import { planUserPermissionSets } from './user-permission-sets';

const OPTIONS: Record<string, OptionSpec> = {
    config: {
        type: 'string',
        valueName: 'FILE',
        description: 'integration config (default config/d365-integration.json)'
    },
    out: {
        type: 'string',
        valueName: 'DIR',
        description: 'package folder to write metadata into (default force-app/main/default)'
    },
    'first-install-out': {
        type: 'string',
        valueName: 'DIR',
        description:
            'folder for the admin-owned parts deployed once by npm run setup (default first-install/main/default; with --out, the --out folder)'
    },
    'docs-dir': {
        type: 'string',
        valueName: 'DIR',
        description: 'folder for d365-handoff.md and openapi/ (default docs)'
    },
    'objects-dir': {
        type: 'string',
        valueName: 'DIR',
        description: 'where <Object>/fields/*.field-meta.xml are read (default force-app/main/default/objects)'
    },
    check: { type: 'boolean', description: 'change nothing; exit 3 when the committed files differ from the configs' },
    'legacy-connected-app': {
        type: 'boolean',
        description: 'also write a legacy Connected App (only for orgs that still allow creating one)'
    }
};

export const USAGE = usageText(
    'npm run integration:generate --',
    'Writes the External Client App (client-credentials flow), the integration permission set, docs/d365-handoff.md and docs/openapi/d365-inbound.openapi.yaml from config/d365-integration.json and the field mapping. No secret is ever written.',
    OPTIONS,
    ['Exit codes: 0 ok, 1 invalid config, 2 usage, 3 --check found differences.']
);

export const HANDOFF_DOC = 'd365-handoff.md';
export const OPENAPI_DOC = path.join('openapi', 'd365-inbound.openapi.yaml');

function repoRelative(file: string): string {
    return path.relative(REPO_ROOT, file).split(path.sep).join('/');
}

export interface IntegrationPaths {
    configFile: string;
    packageDir: string;
    /** admin-owned parts (OAuth policies, global OAuth settings): deployed once, never by `npm run deploy` */
    firstInstallDir: string;
    docsDir: string;
    objectsDir: string;
    legacyConnectedApp: boolean;
}

/** Everything the integration generator writes, as a plan (nothing is written here). */
export async function planIntegration(
    paths: IntegrationPaths
): Promise<{ plan: Plan; warnings: string[]; config: IntegrationConfig }> {
    const config = loadIntegrationConfig(paths.configFile);
    const mapping = loadMappingConfig(resolveMappingConfig(config), { objectsDir: paths.objectsDir });
    const configName = repoRelative(paths.configFile);
    const model = buildInboundModel(config, mapping);

    const files: PlannedFile[] = [
        ...planExternalClientApp(config, paths, configName),
        planPermissionSet(config, mapping, paths.packageDir, configName),
        ...planUserPermissionSets(mapping, paths.packageDir)
    ];
    if (paths.legacyConnectedApp) {
        files.push(...planConnectedApp(config, paths.packageDir, configName));
    }
    const handoff = renderHandoff(model, config, `${INTEGRATION_MARKER} from ${configName}`);
    files.push({
        file: path.join(paths.docsDir, HANDOFF_DOC),
        content: formatLikeRepo(handoff, `docs/${HANDOFF_DOC}`)
    });
    const openapi = `# ${INTEGRATION_MARKER} from ${configName} and ${config.mappingConfig}; do not edit.\n${stringify(buildOpenApi(model), { lineWidth: 0 })}`;
    files.push({
        file: path.join(paths.docsDir, OPENAPI_DOC),
        content: formatLikeRepo(openapi, `docs/${OPENAPI_DOC}`)
    });

    const scopes: OwnedScope[] = [
        ...Object.values(ECA_PARTS).map((p) => ({
            dir: path.join(p.adminOwned ? paths.firstInstallDir : paths.packageDir, p.dir),
            pattern: new RegExp(`\\.${p.suffix}-meta\\.xml$`)
        })),
        { dir: path.join(paths.packageDir, CONNECTED_APP_DIR), pattern: /\.connectedApp-meta\.xml$/ },
        { dir: path.join(paths.packageDir, 'permissionsets'), pattern: /\.permissionset-meta\.xml$/ },
        { dir: paths.docsDir, pattern: /^d365-handoff\.md$/ },
        { dir: path.join(paths.docsDir, 'openapi'), pattern: /\.openapi\.(yaml|json)$/ }
    ];
    return { plan: { files, scopes, marker: INTEGRATION_MARKER }, warnings: mapping.warnings, config };
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
    return runCli(
        async () => {
            const options = parseOptions(argv, OPTIONS);
            if (options.help) {
                io.out(USAGE);
                return EXIT_OK;
            }
            const out = options.out as string | undefined;
            const paths: IntegrationPaths = {
                configFile: path.resolve((options.config as string | undefined) ?? DEFAULT_INTEGRATION_CONFIG),
                packageDir: path.resolve(out ?? DEFAULT_PACKAGE_DIR),
                firstInstallDir: path.resolve(
                    (options['first-install-out'] as string | undefined) ?? out ?? DEFAULT_FIRST_INSTALL_DIR
                ),
                docsDir: path.resolve((options['docs-dir'] as string | undefined) ?? DEFAULT_DOCS_DIR),
                objectsDir: path.resolve(
                    (options['objects-dir'] as string | undefined) ?? path.join(DEFAULT_PACKAGE_DIR, 'objects')
                ),
                legacyConnectedApp: Boolean(options['legacy-connected-app'])
            };
            const { plan, warnings, config } = await planIntegration(paths);
            warnings.forEach((w) => io.err(`warning: ${w}`));
            if (paths.legacyConnectedApp) {
                io.err(
                    "warning: --legacy-connected-app: Connected App creation is blocked from Spring '26 unless Salesforce Support re-enabled it for the org; the External Client App is the supported path."
                );
            }
            if (config.oauth.runAsUsername === null && !options.check) {
                io.err(
                    'note: oauth.runAsUsername is empty: the client-credentials flow stays off until the admin sets the Run As user in Setup (docs/d365-handoff.md §8).'
                );
            }
            return checkOrApplyPlan(
                plan,
                Boolean(options.check),
                {
                    name: 'integration',
                    unit: 'files',
                    matchText: `match ${displayPath(paths.configFile)}`,
                    source: `${displayPath(paths.configFile)} and the field mapping`
                },
                io
            );
        },
        io,
        USAGE
    );
}

if (require.main === module) {
    runMain(main);
}
