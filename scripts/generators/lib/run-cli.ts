import { ConfigError, EXIT_INVALID, EXIT_USAGE, GeneratorError, UsageError } from './errors';

export interface Io {
    out: (line: string) => void;
    err: (line: string) => void;
}

export const processIo: Io = {
    out: (line) => process.stdout.write(`${line}\n`),
    err: (line) => process.stderr.write(`${line}\n`)
};

/** Runs a CLI body and turns the generators' error types into messages and exit codes. */
export async function runCli(body: () => Promise<number>, io: Io, usage: string): Promise<number> {
    try {
        return await body();
    } catch (error) {
        if (error instanceof UsageError) {
            io.err(`error: ${error.message}`);
            io.err('');
            io.err(usage);
            return EXIT_USAGE;
        }
        if (error instanceof ConfigError) {
            io.err(`Invalid configuration (${error.issues.length} problem${error.issues.length === 1 ? '' : 's'}):`);
            io.err(error.message);
            return EXIT_INVALID;
        }
        if (error instanceof GeneratorError) {
            io.err(`error: ${error.message}`);
            if (error.hint) {
                io.err(`    hint: ${error.hint}`);
            }
            return EXIT_INVALID;
        }
        io.err(`error: ${(error as Error).message}`);
        return EXIT_INVALID;
    }
}

/** Entry-point helper: run main(argv) and set the process exit code. */
export function runMain(main: (argv: string[], io: Io) => Promise<number>): void {
    main(process.argv.slice(2), processIo).then(
        (code) => {
            process.exitCode = code;
        },
        (error: Error) => {
            process.stderr.write(`error: ${error.message}\n`);
            process.exitCode = EXIT_INVALID;
        }
    );
}
