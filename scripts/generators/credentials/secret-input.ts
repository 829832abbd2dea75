import { GeneratorError, UsageError } from '../lib/errors';

export const SECRET_ENV = 'D365_APIM_SUBSCRIPTION_KEY';

/** A secret on the command line ends up in the shell history and the process list: refuse it (exit 2). */
export function refuseSecretArguments(argv: string[]): void {
    if (argv.some((a) => /^--(key|subscription-key|secret|value|token)(=|$)/.test(a))) {
        throw new UsageError(
            `the key is never passed as an argument (it would end up in the shell history); set ${SECRET_ENV} or use stdin`
        );
    }
}

export interface SecretSource {
    env: NodeJS.ProcessEnv;
    stdin: NodeJS.ReadStream;
    /** Where the prompt goes (stderr, so stdout stays clean). Never receives the secret. */
    prompt: NodeJS.WriteStream;
}

/** Reads a line from a TTY without echoing it. */
function readHidden(source: SecretSource, question: string): Promise<string> {
    return new Promise((resolve, reject) => {
        const { stdin, prompt } = source;
        let value = '';
        prompt.write(question);
        stdin.setRawMode(true);
        stdin.resume();
        stdin.setEncoding('utf8');
        const finish = (error?: Error) => {
            stdin.setRawMode(false);
            stdin.pause();
            stdin.removeListener('data', onData);
            prompt.write('\n');
            if (error) {
                reject(error);
            } else {
                resolve(value);
            }
        };
        const onData = (chunk: string) => {
            for (const ch of chunk) {
                if (ch === '\r' || ch === '\n' || ch === '\u0004') {
                    finish();
                    return;
                }
                if (ch === '\u0003') {
                    finish(new GeneratorError('cancelled'));
                    return;
                }
                if (ch === '\u007f' || ch === '\b') {
                    value = value.slice(0, -1);
                } else {
                    value += ch;
                }
            }
        };
        stdin.on('data', onData);
    });
}

/** Reads all of a piped stdin. */
function readAll(stdin: NodeJS.ReadableStream): Promise<string> {
    return new Promise((resolve, reject) => {
        let data = '';
        stdin.setEncoding('utf8');
        stdin.on('data', (chunk: string) => (data += chunk));
        stdin.on('end', () => resolve(data));
        stdin.on('error', reject);
    });
}

/**
 * The APIM subscription key: from the environment variable, else from stdin (typed without echo on
 * a terminal, or piped). Never from an argument; never printed.
 */
export async function readSubscriptionKey(source: SecretSource): Promise<string> {
    let key = source.env[SECRET_ENV];
    if (key === undefined || key === '') {
        key = source.stdin.isTTY
            ? await readHidden(source, 'APIM subscription key (input hidden): ')
            : await readAll(source.stdin);
    }
    key = key.trim();
    if (key === '') {
        throw new GeneratorError(
            'no subscription key given',
            `set ${SECRET_ENV} in the environment, or type it at the prompt, or pipe it on stdin (e.g. from your secret store)`
        );
    }
    if (/[\r\n]/.test(key)) {
        throw new GeneratorError('the subscription key must be a single line');
    }
    return key;
}
