// `npm start`: the local org in the browser (docs/local-org.md). One process: the package's Apex in the local
// runtime as an org with users, the APIM + D365 emulator, the Salesforce REST fake, the async job loop and the page
// on 127.0.0.1. The org is saved in .local-org/ (git-ignored) and resumed by the next start. Ctrl-C stops it cleanly.
//   npm start -- [--port <n>]        (or PORT=<n>; default 3000; 0 = any free port)
//                [--reset]           forget the saved org, start fresh (npm run start:reset)
//                [--clock-speed <n>] org time runs n times faster than real time (default 1; e.g. 60)
import * as path from 'node:path';
import { startLocalOrgServer } from './server';
import { STATE_FILE } from './org';

const ROOT = path.resolve(__dirname, '..', '..');
const STATE_DIR = path.join(ROOT, '.local-org');

/** `--name value` or `--name=value` */
function option(argv: string[], name: string): string | undefined {
    const eq = argv.find((a) => a.startsWith(`${name}=`));
    if (eq) return eq.slice(name.length + 1);
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
}

function portArg(argv: string[]): number {
    const raw = option(argv, '--port') ?? process.env.PORT ?? '3000';
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`invalid port: ${raw}`);
    return n;
}

function speedArg(argv: string[]): number {
    const raw = option(argv, '--clock-speed') ?? '1';
    const n = Number(raw);
    if (!Number.isFinite(n) || n <= 0 || n > 3600) throw new Error(`invalid --clock-speed: ${raw} (0 < n ≤ 3600)`);
    return n;
}

async function main(): Promise<void> {
    const started = Date.now();
    const argv = process.argv.slice(2);
    const clockSpeed = speedArg(argv);
    const server = await startLocalOrgServer({
        projectDir: ROOT,
        port: portArg(argv),
        outDir: path.join(ROOT, '.tmp', 'start'),
        stateDir: STATE_DIR,
        reset: argv.includes('--reset'),
        clockSpeed,
        tickMs: 1000
    });
    const org = server.org;
    process.stdout.write(
        `Local org ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${server.url}\n` +
            `  users: ${[...org.users.values()].map((u) => u.username).join(', ')}\n` +
            `  ${org.started === 'resumed' ? 'resumed the saved org' : 'a fresh org'}: ${path.relative(ROOT, path.join(STATE_DIR, STATE_FILE))} (npm run start:reset starts fresh)\n` +
            (org.abortedAtLoad
                ? `  ${org.abortedAtLoad} waiting async job(s) of the last run were not saved: marked Aborted, workers kicked again\n`
                : '') +
            `  org clock: ${new Date(org.rt.now).toISOString()}${clockSpeed === 1 ? '' : ` (×${clockSpeed})`}; delayed and scheduled jobs run on it (Ctrl-C stops)\n`
    );
    let stopping = false;
    const stop = (): void => {
        if (stopping) return;
        stopping = true;
        process.stdout.write('\nstopping…\n');
        server.stop().then(
            () => process.exit(0),
            (e: Error) => {
                process.stderr.write(`stop failed: ${e.message}\n`);
                process.exit(1);
            }
        );
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
}

main().catch((e: Error) => {
    process.stderr.write(`npm start: ${e.stack ?? e.message}\n`);
    process.exit(1);
});
