import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as http from 'node:http';
import { AddressInfo } from 'node:net';
import * as path from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { main } from '../credentials/main';
import { RunCommand } from '../credentials/org-session';
import { readSubscriptionKey, SecretSource } from '../credentials/secret-input';
import { captureIo, cleanupTempDirs, REPO, tempDir } from './helpers';

afterAll(cleanupTempDirs);

const KEY = 'test-subscription-key-not-real';
const TOKEN = 'fake-access-token-for-tests';
const CREDENTIAL_PATH = '/services/data/v66.0/named-credentials/credential';

interface Recorded {
    method: string;
    url: string;
    authorization?: string;
    body?: Record<string, any>;
}

/** A local fake of the Connect REST named-credentials/credential resource. */
class FakeOrg {
    readonly requests: Recorded[] = [];
    stored: Record<string, unknown> = {};
    server!: http.Server;
    url = '';

    async start(): Promise<void> {
        this.server = http.createServer((req, res) => {
            let raw = '';
            req.on('data', (c: Buffer) => (raw += c.toString()));
            req.on('end', () => this.handle(req, raw, res));
        });
        await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
        this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    }

    stop(): Promise<void> {
        return new Promise((resolve) => this.server.close(() => resolve()));
    }

    private handle(req: http.IncomingMessage, raw: string, res: http.ServerResponse): void {
        const url = new URL(req.url ?? '/', this.url);
        const recorded: Recorded = {
            method: req.method ?? '',
            url: req.url ?? '',
            authorization: req.headers.authorization
        };
        if (raw) {
            recorded.body = JSON.parse(raw) as Record<string, any>;
        }
        this.requests.push(recorded);
        const send = (status: number, body: unknown) => {
            res.writeHead(status, { 'Content-Type': 'application/json' });
            res.end(JSON.stringify(body));
        };
        if (url.pathname !== CREDENTIAL_PATH) {
            return send(404, [{ errorCode: 'NOT_FOUND', message: 'The requested resource does not exist' }]);
        }
        if (req.headers.authorization !== `Bearer ${TOKEN}`) {
            return send(401, [{ errorCode: 'INVALID_SESSION_ID', message: 'Session expired or invalid' }]);
        }
        const externalCredential =
            req.method === 'GET' ? url.searchParams.get('externalCredential') : recorded.body?.externalCredential;
        const principal = req.method === 'GET' ? url.searchParams.get('principalName') : recorded.body?.principalName;
        if (externalCredential !== 'D365_APIM' || principal !== 'APIM_Subscription') {
            return send(404, [
                { errorCode: 'NOT_FOUND', message: `No external credential principal found: ${externalCredential}` }
            ]);
        }
        const masked = Object.fromEntries(
            Object.keys(this.stored).map((k) => [k, { value: '******', encrypted: true }])
        );
        const credential = {
            authenticationProtocol: 'Custom',
            authenticationStatus: Object.keys(this.stored).length ? 'Configured' : 'NotConfigured',
            credentials: masked,
            externalCredential,
            principalName: principal,
            principalType: 'NamedPrincipal'
        };
        if (req.method === 'GET') {
            return send(200, credential);
        }
        if ((req.method === 'POST' && Object.keys(this.stored).length === 0) || req.method === 'PATCH') {
            Object.assign(this.stored, recorded.body?.credentials);
            return send(req.method === 'POST' ? 201 : 200, { ...credential, authenticationStatus: 'Configured' });
        }
        return send(400, [{ errorCode: 'INVALID_INPUT', message: 'Credentials already exist' }]);
    }
}

function sfReturning(result: unknown, code = 0): RunCommand {
    return async () => ({ code, stdout: JSON.stringify(result), stderr: '' });
}

function orgDisplay(instanceUrl: string) {
    return { status: 0, result: { instanceUrl, accessToken: TOKEN, username: 'admin@example.com', alias: 'dev' } };
}

function secretFromEnv(value: string | undefined): SecretSource {
    const stdin = Readable.from([]) as unknown as NodeJS.ReadStream;
    return { env: value === undefined ? {} : { D365_APIM_SUBSCRIPTION_KEY: value }, stdin, prompt: process.stderr };
}

function secretFromPipe(text: string): SecretSource {
    const stdin = Readable.from([text]) as unknown as NodeJS.ReadStream;
    return { env: {}, stdin, prompt: process.stderr };
}

describe('credentials:set', () => {
    const org = new FakeOrg();

    beforeAll(() => org.start());
    afterAll(() => org.stop());
    beforeEach(() => {
        org.requests.length = 0;
        org.stored = {};
    });

    it('creates the SubscriptionKey credential on the principal with POST, encrypted, then updates it with PATCH', async () => {
        const io = captureIo();
        const code = await main(['--org', 'dev'], io, {
            run: sfReturning(orgDisplay(org.url)),
            secretSource: secretFromEnv(KEY)
        });
        expect(io.stderr.join('\n')).toBe('');
        expect(code).toBe(0);
        expect(io.stdout.join('\n')).toContain('created SubscriptionKey on D365_APIM / APIM_Subscription in org "dev"');
        expect(org.requests.map((r) => r.method)).toEqual(['GET', 'POST']);
        expect(org.requests[0].url).toBe(
            `${CREDENTIAL_PATH}?externalCredential=D365_APIM&principalType=NamedPrincipal&principalName=APIM_Subscription`
        );
        expect(org.requests[1].body).toEqual({
            externalCredential: 'D365_APIM',
            authenticationProtocol: 'Custom',
            principalType: 'NamedPrincipal',
            principalName: 'APIM_Subscription',
            credentials: { SubscriptionKey: { value: KEY, encrypted: true } }
        });
        expect(org.requests.every((r) => r.authorization === `Bearer ${TOKEN}`)).toBe(true);

        const again = captureIo();
        expect(
            await main(['--org', 'dev'], again, {
                run: sfReturning(orgDisplay(org.url)),
                secretSource: secretFromPipe(`${KEY}-2\n`)
            })
        ).toBe(0);
        expect(again.stdout.join('\n')).toContain('updated SubscriptionKey');
        expect(org.requests.map((r) => r.method)).toEqual(['GET', 'POST', 'GET', 'PATCH']);
        expect(org.requests[3].body?.credentials).toEqual({ SubscriptionKey: { value: `${KEY}-2`, encrypted: true } });
        for (const text of [io.text(), again.text()]) {
            expect(text).not.toContain(KEY);
            expect(text).not.toContain(TOKEN);
        }
    });

    it('explains a missing org without printing anything secret', async () => {
        const io = captureIo();
        const run = sfReturning(
            { status: 1, name: 'NamedOrgNotFoundError', message: 'No authorization information found for nope.' },
            1
        );
        const code = await main(['--org', 'nope'], io, { run, secretSource: secretFromEnv(KEY) });
        expect(code).toBe(1);
        expect(io.stderr.join('\n')).toContain('no usable org "nope": No authorization information found for nope.');
        expect(io.stderr.join('\n')).toContain('sf org login web --alias nope');
        expect(io.text()).not.toContain(KEY);
        expect(org.requests).toEqual([]);
    });

    it('explains a wrong external credential name', async () => {
        const io = captureIo();
        const code = await main(['--org', 'dev', '--external-credential', 'D365_APIM_Typo'], io, {
            run: sfReturning(orgDisplay(org.url)),
            secretSource: secretFromEnv(KEY)
        });
        expect(code).toBe(1);
        const text = io.stderr.join('\n');
        expect(text).toContain(
            'external credential "D365_APIM_Typo", principal "APIM_Subscription" not found in the org (404 NOT_FOUND'
        );
        expect(text).toContain('deploy the package first');
        expect(org.requests.map((r) => r.method)).toEqual(['GET']);
        expect(io.text()).not.toContain(KEY);
    });

    it('explains a rejected session (401) without printing the token', async () => {
        const io = captureIo();
        const display = { status: 0, result: { instanceUrl: org.url, accessToken: 'expired-token-value' } };
        const code = await main(['--org', 'dev'], io, { run: sfReturning(display), secretSource: secretFromEnv(KEY) });
        expect(code).toBe(1);
        expect(io.stderr.join('\n')).toContain(
            'the org rejected the session (401 INVALID_SESSION_ID: Session expired or invalid)'
        );
        expect(io.text()).not.toContain('expired-token-value');
        expect(io.text()).not.toContain(KEY);
    });

    it('refuses to send the key to a plain-http host that is not local', async () => {
        const io = captureIo();
        const code = await main(['--org', 'dev'], io, {
            run: sfReturning({ status: 0, result: { instanceUrl: 'http://example.com', accessToken: TOKEN } }),
            secretSource: secretFromEnv(KEY)
        });
        expect(code).toBe(1);
        expect(io.stderr.join('\n')).toContain('is not https');
    });

    it('fails clearly when no key is given', async () => {
        const io = captureIo();
        const code = await main(['--org', 'dev'], io, {
            run: sfReturning(orgDisplay(org.url)),
            secretSource: secretFromPipe('')
        });
        expect(code).toBe(1);
        expect(io.stderr.join('\n')).toContain('no subscription key given');
        expect(org.requests).toEqual([]);
    });

    it.each([['--key', KEY], [`--subscription-key=${KEY}`], ['--token', 'x']])(
        'refuses a secret passed as an argument (%s)',
        async (...args) => {
            const io = captureIo();
            const code = await main(['--org', 'dev', ...args], io, {
                run: sfReturning(orgDisplay(org.url)),
                secretSource: secretFromEnv(undefined)
            });
            expect(code).toBe(2);
            expect(io.stderr.join('\n')).toContain('never passed as an argument');
            expect(io.text()).not.toContain(KEY);
            expect(org.requests).toEqual([]);
        }
    );

    it('exits 2 without --org', async () => {
        const io = captureIo();
        expect(await main([], io, { secretSource: secretFromEnv(KEY) })).toBe(2);
        expect(io.stderr.join('\n')).toContain('--org ALIAS is required');
    });

    it('runs end to end: sf org display, key piped on stdin, nothing secret on stdout or stderr', async () => {
        const dir = tempDir('credentials-e2e-');
        const fakeSf = path.join(dir, 'sf');
        fs.writeFileSync(
            fakeSf,
            `#!/usr/bin/env node\nif (process.argv.slice(2).join(' ') !== 'org display --target-org dev --json') { process.exit(9); }\n` +
                `process.stdout.write(${JSON.stringify(JSON.stringify(orgDisplay(org.url)))});\n`,
            { mode: 0o755 }
        );
        const env: NodeJS.ProcessEnv = { ...process.env, SF_BIN: fakeSf };
        delete env.D365_APIM_SUBSCRIPTION_KEY;
        const child = spawn(
            path.join(REPO, 'node_modules', '.bin', 'tsx'),
            [path.join(REPO, 'scripts/generators/credentials/main.ts'), '--org', 'dev'],
            {
                env,
                stdio: ['pipe', 'pipe', 'pipe']
            }
        );
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
        child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
        child.stdin.end(`${KEY}\n`);
        const code = await new Promise<number | null>((resolve) => child.on('close', resolve));
        expect(stderr).toBe('');
        expect(code).toBe(0);
        expect(stdout).toContain('created SubscriptionKey');
        expect(`${stdout}${stderr}`).not.toContain(KEY);
        expect(`${stdout}${stderr}`).not.toContain(TOKEN);
        expect(org.stored).toEqual({ SubscriptionKey: { value: KEY, encrypted: true } });
        expect(fs.readdirSync(dir)).toEqual(['sf']);
    }, 30000);
});

describe('reading the key from a terminal', () => {
    it('does not echo the key, and restores the terminal mode', async () => {
        const stdin = new PassThrough() as unknown as NodeJS.ReadStream & { setRawMode: jest.Mock };
        Object.assign(stdin, { isTTY: true, setRawMode: jest.fn() });
        let shown = '';
        const prompt = { write: (text: string) => ((shown += text), true) } as unknown as NodeJS.WriteStream;
        const pending = readSubscriptionKey({ env: {}, stdin, prompt });
        (stdin as unknown as NodeJS.WritableStream).write('abc\u007fd-key\r');
        await expect(pending).resolves.toBe('abd-key');
        expect(shown).toBe('APIM subscription key (input hidden): \n');
        expect(stdin.setRawMode.mock.calls).toEqual([[true], [false]]);
    });
});
