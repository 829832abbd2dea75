// `npm run emulator:apim -- [options]`: runs the APIM + D365 emulator in the foreground on 127.0.0.1,
// prints its URL and where the subscription key comes from (never the key), logs one line per request
// and stops on SIGINT/SIGTERM. See docs/emulators.md.
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import {
    ApimEmulator,
    ApimEmulatorOptions,
    BackendMode,
    KEY_ENV,
    SECONDARY_KEY_ENV,
    WindowLimit,
    startApimEmulator
} from './apim-d365';

export const USAGE = `Usage: npm run emulator:apim -- [options]

Local Azure API Management + Dynamics 365 emulator on 127.0.0.1 (see docs/emulators.md).

Options:
  --port N                 TCP port (default 0 = a free port)
  --mode custom|odata      backend: custom push contract (default) or F&O OData CustomersV3
  --api-path PATH          API URL suffix, e.g. /d365 (default none)
  --header NAME            subscription key header (default Ocp-Apim-Subscription-Key)
  --rate-limit CALLS/SECS  rate-limit policy, e.g. 5/60 (sliding window, SECS <= 300)
  --quota CALLS/SECS       quota policy, e.g. 1000/86400
  --backend-timeout-ms N   wait before a hanging backend becomes a gateway 500 (default 300000)
  --key-file PATH          file with the valid key(s), one per line (instead of the environment)
  --quiet                  no per-request log lines
  -h, --help               this text

The valid key comes from ${KEY_ENV} (and ${SECONDARY_KEY_ENV}) or --key-file.
It is never an argument, never printed and never logged.
Exit codes: 0 stopped by SIGINT/SIGTERM, 2 usage or start failure.`;

export interface CliIo {
    out: (line: string) => void;
    err: (line: string) => void;
}

export class CliUsageError extends Error {}

function parseWindow(name: string, value: string | undefined): WindowLimit | undefined {
    if (value === undefined) return undefined;
    const m = /^(\d+)\/(\d+(?:\.\d+)?)$/.exec(value.trim());
    if (!m) throw new CliUsageError(`--${name} must look like CALLS/SECONDS, e.g. 5/60`);
    return { calls: Number(m[1]), renewalPeriodSeconds: Number(m[2]) };
}

function parseInteger(name: string, value: string | undefined): number | undefined {
    if (value === undefined) return undefined;
    if (!/^\d+$/.test(value)) throw new CliUsageError(`--${name} must be a non-negative integer`);
    return Number(value);
}

/** Turns argv into emulator options (without the log); `help` when -h/--help was given. */
export function parseCliOptions(argv: string[]): { help: boolean; options: ApimEmulatorOptions; keyFile?: string } {
    if (argv.some((a) => /^--(key|keys|subscription-key|secret)(=|$)/.test(a))) {
        throw new CliUsageError(
            `the key is never passed as an argument (it would end up in the shell history); set ${KEY_ENV} or use --key-file`
        );
    }
    let parsed;
    try {
        parsed = parseArgs({
            args: argv,
            strict: true,
            allowPositionals: false,
            options: {
                port: { type: 'string' },
                mode: { type: 'string' },
                'api-path': { type: 'string' },
                header: { type: 'string' },
                'rate-limit': { type: 'string' },
                quota: { type: 'string' },
                'backend-timeout-ms': { type: 'string' },
                'key-file': { type: 'string' },
                quiet: { type: 'boolean' },
                help: { type: 'boolean', short: 'h' }
            }
        });
    } catch (error) {
        throw new CliUsageError((error as Error).message);
    }
    const v = parsed.values;
    const mode = v.mode ?? 'custom';
    if (mode !== 'custom' && mode !== 'odata') throw new CliUsageError('--mode must be custom or odata');
    const port = parseInteger('port', v.port);
    if (port !== undefined && port > 65535) throw new CliUsageError('--port must be ≤ 65535');
    return {
        help: v.help === true,
        keyFile: v['key-file'],
        options: {
            port,
            mode: mode as BackendMode,
            apiPath: v['api-path'],
            headerName: v.header,
            rateLimit: parseWindow('rate-limit', v['rate-limit']),
            quota: parseWindow('quota', v.quota),
            backendTimeoutMs: parseInteger('backend-timeout-ms', v['backend-timeout-ms']),
            log: v.quiet ? () => undefined : undefined
        }
    };
}

function readKeyFile(file: string): string[] {
    const keys = readFileSync(file, 'utf8')
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '' && !l.startsWith('#'));
    if (keys.length === 0) throw new Error(`--key-file ${file} holds no key`);
    return keys;
}

/**
 * Starts the emulator and resolves with it once listening; the caller decides when to stop it.
 * Prints the URL, the operations and the key source, never the key.
 */
export async function startFromCli(argv: string[], io: CliIo): Promise<ApimEmulator | undefined> {
    const { help, options, keyFile } = parseCliOptions(argv);
    if (help) {
        io.out(USAGE);
        return undefined;
    }
    const emulator = await startApimEmulator({
        ...options,
        keys: keyFile ? readKeyFile(keyFile) : undefined,
        log: options.log ?? ((line) => io.out(line))
    });
    const source = keyFile ? `file ${keyFile}` : emulator.keySource;
    const operations =
        emulator.mode === 'custom'
            ? ['POST /api/accounts', 'GET /api/accounts (Test connection)', 'GET /api/accounts/{CustomerAccount}']
            : ['GET|POST /data/CustomersV3', "GET|PATCH /data/CustomersV3(dataAreaId='…',CustomerAccount='…')"];
    io.out(`D365 APIM emulator (${emulator.mode} mode) listening on ${emulator.url}`);
    io.out(`Operations: ${operations.join(', ')} — relative to the URL above`);
    io.out(`Subscription key: from ${source} (never printed)`);
    io.out('Press Ctrl+C to stop.');
    return emulator;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
    let emulator: ApimEmulator | undefined;
    try {
        emulator = await startFromCli(argv, io);
    } catch (error) {
        io.err(`error: ${(error as Error).message}`);
        if (error instanceof CliUsageError) io.err(USAGE);
        return 2;
    }
    if (!emulator) return 0;
    const running = emulator;
    await new Promise<void>((resolve) => {
        const onSignal = (signal: NodeJS.Signals) => {
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
            io.out(`${signal}: stopping`);
            void running.stop().then(resolve);
        };
        process.on('SIGINT', onSignal);
        process.on('SIGTERM', onSignal);
    });
    io.out('stopped');
    return 0;
}

if (require.main === module) {
    const io: CliIo = {
        out: (line) => process.stdout.write(`${line}\n`),
        err: (line) => process.stderr.write(`${line}\n`)
    };
    main(process.argv.slice(2), io).then(
        (code) => {
            process.exitCode = code;
        },
        (error: unknown) => {
            process.stderr.write(`error: ${(error as Error).message}\n`);
            process.exitCode = 2;
        }
    );
}
