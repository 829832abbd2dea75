// `npm run setup -- --target-org ALIAS [--dry-run] …`: the post-deploy steps of an install, in the safe order,
// idempotently (scripts/setup/steps.ts). Prints what it did and what is left to a person; never a secret.
import { OptionSpec, parseOptions, usageText } from '../generators/lib/cli-args';
import { EXIT_INVALID, EXIT_OK, UsageError } from '../generators/lib/errors';
import { Io, processIo, runCli, runMain } from '../generators/lib/run-cli';
import { Fetch } from '../generators/credentials/named-credential-api';
import { orgSession, RunCommand, runCommand } from '../generators/credentials/org-session';
import {
    readSubscriptionKey,
    refuseSecretArguments,
    SECRET_ENV,
    SecretSource
} from '../generators/credentials/secret-input';
import { componentsIn, FIRST_INSTALL_ROOT } from './first-install';
import { OrgClient } from './org-client';
import { settingsFields } from './settings-record';
import { apimUrlProblem } from './apim-url';
import { Refusal, SetupDeps, SetupOptions, SetupReport } from './context';
import { runSetup } from './steps';

const OPTIONS: Record<string, OptionSpec> = {
    'target-org': { type: 'string', valueName: 'ALIAS', description: 'alias or username of the org (required)' },
    'dry-run': { type: 'boolean', description: 'read the org and print the plan; change nothing' },
    'apim-url': {
        type: 'string',
        valueName: 'URL',
        description: 'APIM gateway URL + base path for the Named Credential (https)'
    },
    'key-stdin': {
        type: 'boolean',
        description: `read the subscription key from stdin (else only from ${SECRET_ENV})`
    },
    admins: { type: 'string', valueName: 'USERS', description: 'usernames (comma-separated) for D365_Sync_Admin' },
    approvers: { type: 'string', valueName: 'USERS', description: 'usernames (comma-separated) for D365_Sync_User' },
    'integration-user': {
        type: 'string',
        valueName: 'USER',
        description: 'API-only username for D365_Sync_Integration'
    },
    'callout-user': {
        type: 'string',
        valueName: 'USER',
        description: 'username every D365 callout runs as (gets D365_Sync_Callout; set once, then admin-owned)'
    },
    enable: {
        type: 'boolean',
        description: 'enable sending (only with a real URL, a stored key and a Reachable Test connection)'
    }
};

export const USAGE = usageText(
    'npm run setup --',
    'Post-deploy setup of the D365 sync, in a safe order: first-install metadata (once), Named Credential URL, subscription key, permission sets, callout user, retry job, enable sending. Run `npm run deploy` first. Running it again changes only what differs.',
    OPTIONS,
    [
        `The subscription key comes from ${SECRET_ENV} or, with --key-stdin, from stdin; never from an argument, never printed.`,
        'Exit codes: 0 ok (steps may be left to a person), 1 failure or refusal, 2 usage.'
    ]
);

export interface SetupCliDeps {
    run?: RunCommand;
    fetch?: Fetch;
    secretSource?: SecretSource;
}

const list = (value: unknown): string[] =>
    typeof value === 'string'
        ? value
              .split(',')
              .map((v) => v.trim())
              .filter(Boolean)
        : [];

export async function main(argv: string[], io: Io = processIo, deps: SetupCliDeps = {}): Promise<number> {
    return runCli(
        async () => {
            refuseSecretArguments(argv);
            const options = parseOptions(argv, OPTIONS);
            if (options.help) {
                io.out(USAGE);
                return EXIT_OK;
            }
            const alias = options['target-org'] as string | undefined;
            if (!alias) throw new UsageError('--target-org ALIAS is required');
            const apimUrl = options['apim-url'] as string | undefined;
            const urlProblem = apimUrl === undefined ? null : apimUrlProblem(apimUrl);
            if (urlProblem) throw new UsageError(`--apim-url: ${urlProblem}`);
            const setup: SetupOptions = {
                dryRun: Boolean(options['dry-run']),
                apimUrl: apimUrl?.replace(/\/+$/, ''),
                admins: list(options.admins),
                approvers: list(options.approvers),
                integrationUser: options['integration-user'] as string | undefined,
                calloutUser: options['callout-user'] as string | undefined,
                enable: Boolean(options.enable)
            };
            const secrets = deps.secretSource ?? { env: process.env, stdin: process.stdin, prompt: process.stderr };
            const fromEnv = Boolean(secrets.env[SECRET_ENV]);
            const key: SetupDeps['key'] =
                fromEnv || options['key-stdin']
                    ? { source: fromEnv ? SECRET_ENV : 'stdin', read: () => readSubscriptionKey(secrets) }
                    : null;

            const session = await orgSession(alias, deps.run ?? runCommand);
            const client = new OrgClient(alias, session, deps.fetch ?? fetch, deps.run ?? runCommand);
            io.out(
                `setup: org "${alias}" (${new URL(session.instanceUrl).host})${setup.dryRun ? ' — dry run: nothing is changed' : ''}`
            );
            const report = new SetupReport(io.out);
            let code = EXIT_OK;
            try {
                await runSetup(
                    setup,
                    { client, firstInstall: componentsIn(FIRST_INSTALL_ROOT), settingsFields: settingsFields(), key },
                    report
                );
            } catch (error) {
                if (!(error instanceof Refusal)) throw error;
                io.err(`refused: ${error.message}`);
                if (error.hint) io.err(`    hint: ${error.hint}`);
                code = EXIT_INVALID;
            }
            const todos = report.todos();
            if (todos.length) {
                io.out('Left to a person:');
                todos.forEach((t, i) => io.out(`  ${i + 1}. ${t}`));
            }
            const verb = setup.dryRun ? 'would change' : 'changed';
            io.out(
                `setup: ${verb} ${report.count(setup.dryRun ? 'would' : 'done')}, unchanged ${report.count('unchanged')}, left to a person ${todos.length}${code === EXIT_OK ? '' : ', stopped at a refusal'}`
            );
            return code;
        },
        io,
        USAGE
    );
}

if (require.main === module) {
    runMain((argv, io) => main(argv, io));
}
