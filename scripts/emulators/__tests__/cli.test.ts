import { ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { CliUsageError, main, parseCliOptions } from '../cli';
import { PRIMARY_KEY, SECONDARY_KEY, send } from './http-client';

const ROOT = path.resolve(__dirname, '../../..');
const CLI = path.join('scripts', 'emulators', 'cli.ts');

interface Running {
    child: ChildProcess;
    output: () => string;
    url: string;
}

/** Starts the CLI as `tsx` would (node --import tsx) and waits for the URL line. */
function startCli(args: string[], env: NodeJS.ProcessEnv): Promise<Running> {
    return new Promise((resolve, reject) => {
        const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
            cwd: ROOT,
            env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
            stdio: ['ignore', 'pipe', 'pipe']
        });
        let out = '';
        const timer = setTimeout(() => {
            child.kill('SIGKILL');
            reject(new Error(`CLI did not start in time:\n${out}`));
        }, 20_000);
        const onData = (chunk: Buffer) => {
            out += chunk.toString('utf8');
            const m = /listening on (http:\/\/127\.0\.0\.1:\d+\S*)/.exec(out);
            if (m) {
                clearTimeout(timer);
                resolve({ child, output: () => out, url: m[1] });
            }
        };
        child.stdout?.on('data', onData);
        child.stderr?.on('data', onData);
        child.once('exit', (code) => {
            clearTimeout(timer);
            reject(new Error(`CLI exited with ${code} before listening:\n${out}`));
        });
    });
}

function exitOf(child: ChildProcess): Promise<number | null> {
    return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

describe('emulator CLI (npm run emulator:apim)', () => {
    jest.setTimeout(30_000);

    it('starts in the foreground, prints the URL and key source (never the key), logs requests, stops on SIGINT', async () => {
        const running = await startCli(['--port', '0', '--mode', 'custom', '--api-path', '/d365'], {
            D365_APIM_SUBSCRIPTION_KEY: PRIMARY_KEY
        });
        running.child.removeAllListeners('exit');
        expect(running.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/d365$/);
        const ok = await send(`${running.url}/api/accounts`, { headers: { 'Ocp-Apim-Subscription-Key': PRIMARY_KEY } });
        expect(ok.status).toBe(200);
        const denied = await send(`${running.url}/api/accounts?subscription-key=${PRIMARY_KEY}x`);
        expect(denied.status).toBe(401);

        const exited = exitOf(running.child);
        running.child.kill('SIGINT');
        expect(await exited).toBe(0);
        const out = running.output();
        expect(out).toContain('D365 APIM emulator (custom mode) listening on');
        expect(out).toContain('Subscription key: from environment variable D365_APIM_SUBSCRIPTION_KEY (never printed)');
        expect(out).toMatch(/GET \/d365\/api\/accounts -> 200 .*key header valid/);
        expect(out).toContain('GET /d365/api/accounts?subscription-key=REDACTED -> 401');
        expect(out).toContain('SIGINT: stopping');
        expect(out).toContain('stopped');
        expect(out).not.toContain(PRIMARY_KEY);
    });

    it('reads keys from --key-file and runs the odata mode', async () => {
        const dir = mkdtempSync(path.join(tmpdir(), 'apim-emulator-'));
        const file = path.join(dir, 'keys.txt');
        writeFileSync(file, `# fake keys\n${PRIMARY_KEY}\n${SECONDARY_KEY}\n`, { mode: 0o600 });
        try {
            const running = await startCli(['--mode', 'odata', '--key-file', file, '--quiet'], {});
            running.child.removeAllListeners('exit');
            const list = await send(`${running.url}/data/CustomersV3`, {
                headers: { 'Ocp-Apim-Subscription-Key': SECONDARY_KEY }
            });
            expect(list.status).toBe(200);
            const exited = exitOf(running.child);
            running.child.kill('SIGTERM');
            expect(await exited).toBe(0);
            const out = running.output();
            expect(out).toContain(`Subscription key: from file ${file} (never printed)`);
            expect(out).not.toContain('-> 200'); // --quiet
            expect(out).not.toContain(PRIMARY_KEY);
            expect(out).not.toContain(SECONDARY_KEY);
        } finally {
            rmSync(dir, { recursive: true, force: true });
        }
    });

    it('parses options into emulator options', () => {
        const parsed = parseCliOptions([
            '--port',
            '8080',
            '--mode',
            'odata',
            '--rate-limit',
            '5/60',
            '--quota',
            '1000/86400',
            '--backend-timeout-ms',
            '2500',
            '--header',
            'X-Key'
        ]);
        expect(parsed.help).toBe(false);
        expect(parsed.options).toMatchObject({
            port: 8080,
            mode: 'odata',
            rateLimit: { calls: 5, renewalPeriodSeconds: 60 },
            quota: { calls: 1000, renewalPeriodSeconds: 86400 },
            backendTimeoutMs: 2500,
            headerName: 'X-Key'
        });
    });

    it('refuses a key passed as an argument, and bad values', () => {
        expect(() => parseCliOptions(['--key', PRIMARY_KEY])).toThrow(/never passed as an argument/);
        expect(() => parseCliOptions(['--subscription-key=abc'])).toThrow(CliUsageError);
        expect(() => parseCliOptions(['--mode', 'soap'])).toThrow('--mode must be custom or odata');
        expect(() => parseCliOptions(['--rate-limit', '5'])).toThrow(/CALLS\/SECONDS/);
        expect(() => parseCliOptions(['--port', 'abc'])).toThrow(/--port/);
        expect(() => parseCliOptions(['--bogus'])).toThrow(CliUsageError);
    });

    it('exits 2 with a message when no key is configured, and 0 with usage for --help', async () => {
        const saved = process.env.D365_APIM_SUBSCRIPTION_KEY;
        const savedSecondary = process.env.D365_APIM_SUBSCRIPTION_KEY_SECONDARY;
        delete process.env.D365_APIM_SUBSCRIPTION_KEY;
        delete process.env.D365_APIM_SUBSCRIPTION_KEY_SECONDARY;
        try {
            const out: string[] = [];
            const err: string[] = [];
            const io = { out: (l: string) => out.push(l), err: (l: string) => err.push(l) };
            expect(await main([], io)).toBe(2);
            expect(err[0]).toBe(
                'error: No subscription key configured: set D365_APIM_SUBSCRIPTION_KEY (and optionally D365_APIM_SUBSCRIPTION_KEY_SECONDARY)'
            );
            expect(await main(['--help'], io)).toBe(0);
            expect(out.join('\n')).toContain('Usage: npm run emulator:apim -- [options]');
        } finally {
            if (saved !== undefined) process.env.D365_APIM_SUBSCRIPTION_KEY = saved;
            if (savedSecondary !== undefined) process.env.D365_APIM_SUBSCRIPTION_KEY_SECONDARY = savedSecondary;
        }
    });
});
