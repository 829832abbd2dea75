import * as path from 'node:path';
import { parseOptions, usageText, OptionSpec } from '../lib/cli-args';
import { EXIT_OK } from '../lib/errors';
import { checkOrApplyPlan } from '../lib/output-plan';
import { DEFAULT_MAPPING_CONFIG, DEFAULT_PACKAGE_DIR, displayPath, REPO_ROOT } from '../lib/paths';
import { Io, processIo, runCli, runMain } from '../lib/run-cli';
import { loadMappingConfig } from './mapping-config';
import { planMappingRecords } from './mapping-records';

const OPTIONS: Record<string, OptionSpec> = {
    config: {
        type: 'string',
        valueName: 'FILE',
        description: 'mapping config (default config/d365-field-mapping.json)'
    },
    out: {
        type: 'string',
        valueName: 'DIR',
        description: 'package folder to write into (default force-app/main/default)'
    },
    'objects-dir': {
        type: 'string',
        valueName: 'DIR',
        description: 'where <Object>/fields/*.field-meta.xml are read (default force-app/main/default/objects)'
    },
    check: { type: 'boolean', description: 'change nothing; exit 3 when the committed files differ from the config' }
};

export const USAGE = usageText(
    'npm run mapping:generate --',
    'Writes one customMetadata/D365_Field_Mapping.<Name>.md-meta.xml per mapping in the config and removes the records it generated earlier that are no longer configured.',
    OPTIONS,
    ['Exit codes: 0 ok, 1 invalid config, 2 usage, 3 --check found differences.']
);

export async function main(argv: string[], io: Io = processIo): Promise<number> {
    return runCli(
        async () => {
            const options = parseOptions(argv, OPTIONS);
            if (options.help) {
                io.out(USAGE);
                return EXIT_OK;
            }
            const configFile = path.resolve((options.config as string | undefined) ?? DEFAULT_MAPPING_CONFIG);
            const packageDir = path.resolve((options.out as string | undefined) ?? DEFAULT_PACKAGE_DIR);
            const objectsDir = path.resolve(
                (options['objects-dir'] as string | undefined) ?? path.join(packageDir, 'objects')
            );

            const config = loadMappingConfig(configFile, { objectsDir });
            config.warnings.forEach((w) => io.err(`warning: ${w}`));
            const plan = planMappingRecords(
                config,
                packageDir,
                path.relative(REPO_ROOT, configFile).split(path.sep).join('/')
            );

            return checkOrApplyPlan(
                plan,
                Boolean(options.check),
                {
                    name: 'mapping',
                    unit: 'records',
                    matchText: `in ${displayPath(packageDir)} match ${displayPath(configFile)}`,
                    source: displayPath(configFile)
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
