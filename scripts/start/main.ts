// `npm start`: the local org in the browser (docs/local-org.md). One process: the package's Apex in the local
// runtime as an org with users, the APIM + D365 emulator, and the page on 127.0.0.1. Ctrl-C stops it cleanly.
//   npm start -- [--port <n>]     (or PORT=<n>; default 3000; 0 = any free port)
import * as path from 'node:path';
import { startLocalOrgServer } from './server';

const ROOT = path.resolve(__dirname, '..', '..');

function portArg(argv: string[]): number {
    const i = argv.indexOf('--port');
    const raw = i >= 0 ? argv[i + 1] : (process.env.PORT ?? '3000');
    const n = Number(raw);
    if (!Number.isInteger(n) || n < 0 || n > 65535) throw new Error(`invalid port: ${raw}`);
    return n;
}

async function main(): Promise<void> {
    const started = Date.now();
    const server = await startLocalOrgServer({
        projectDir: ROOT,
        port: portArg(process.argv.slice(2)),
        outDir: path.join(ROOT, '.tmp', 'start')
    });
    process.stdout.write(
        `Local org ready in ${((Date.now() - started) / 1000).toFixed(1)} s: ${server.url}\n` +
            `  users: ${[...server.org.users.values()].map((u) => u.username).join(', ')}\n` +
            `  state is in memory: it starts fresh every run (Ctrl-C stops)\n`
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
