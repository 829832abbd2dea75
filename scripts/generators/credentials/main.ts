import { OptionSpec, parseOptions, usageText } from '../lib/cli-args';
import { EXIT_OK, UsageError } from '../lib/errors';
import { Io, processIo, runCli, runMain } from '../lib/run-cli';
import { Fetch, setPrincipalCredential } from './named-credential-api';
import { orgSession, RunCommand, runCommand } from './org-session';
import { readSubscriptionKey, refuseSecretArguments, SECRET_ENV, SecretSource } from './secret-input';

const OPTIONS: Record<string, OptionSpec> = {
    org: { type: 'string', valueName: 'ALIAS', description: 'alias or username of the target org (required)' },
    'external-credential': {
        type: 'string',
        valueName: 'NAME',
        description: 'External Credential (default D365_APIM)'
    },
    principal: { type: 'string', valueName: 'NAME', description: 'named principal (default APIM_Subscription)' },
    parameter: { type: 'string', valueName: 'NAME', description: 'authentication parameter (default SubscriptionKey)' }
};

export const USAGE = usageText(
    'npm run credentials:set --',
    'Stores the Azure APIM subscription key on the External Credential principal of an org (Connect REST API named-credentials/credential).',
    OPTIONS,
    [
        `The key is read from the environment variable ${SECRET_ENV}, or from stdin (typed without echo, or piped).`,
        'It is never taken from an argument, never printed, never written to disk.',
        'Exit codes: 0 ok, 1 failure, 2 usage.'
    ]
);

export interface CredentialsDeps {
    run?: RunCommand;
    fetch?: Fetch;
    secretSource?: SecretSource;
}

export async function main(argv: string[], io: Io = processIo, deps: CredentialsDeps = {}): Promise<number> {
    return runCli(
        async () => {
            refuseSecretArguments(argv);
            const options = parseOptions(argv, OPTIONS);
            if (options.help) {
                io.out(USAGE);
                return EXIT_OK;
            }
            const alias = options.org as string | undefined;
            if (!alias) {
                throw new UsageError('--org ALIAS is required');
            }
            const target = {
                externalCredential: (options['external-credential'] as string | undefined) ?? 'D365_APIM',
                principalName: (options.principal as string | undefined) ?? 'APIM_Subscription',
                parameter: (options.parameter as string | undefined) ?? 'SubscriptionKey'
            };
            const key = await readSubscriptionKey(
                deps.secretSource ?? { env: process.env, stdin: process.stdin, prompt: process.stderr }
            );
            const session = await orgSession(alias, deps.run ?? runCommand);
            const outcome = await setPrincipalCredential(session, target, key, deps.fetch ?? fetch);
            io.out(
                `credentials:set: ${outcome} ${target.parameter} on ${target.externalCredential} / ${target.principalName} in org "${alias}" (${new URL(session.instanceUrl).host}).`
            );
            return EXIT_OK;
        },
        io,
        USAGE
    );
}

if (require.main === module) {
    runMain((argv, io) => main(argv, io));
}
