import { spawn } from 'node:child_process';
import { GeneratorError } from '../lib/errors';

/** Instance URL and access token of an authorised org. The token is never printed. */
export interface OrgSession {
    instanceUrl: string;
    accessToken: string;
}

export type RunCommand = (command: string, args: string[]) => Promise<{ code: number; stdout: string; stderr: string }>;

/** Runs a command without a shell and collects its output (never echoed: it holds the token). */
export const runCommand: RunCommand = (command, args) =>
    new Promise((resolve, reject) => {
        const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], shell: false });
        let stdout = '';
        let stderr = '';
        child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
        child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
        child.on('error', reject);
        child.on('close', (code) => resolve({ code: code ?? 1, stdout, stderr }));
    });

/** `sf` from node_modules/.bin when run through npm, else from PATH; `SF_BIN` overrides (tests). */
export function sfCommand(): string {
    return process.env.SF_BIN || 'sf';
}

/** Allows plain http only for a local test server. */
export function checkInstanceUrl(instanceUrl: string, alias: string): URL {
    let url: URL;
    try {
        url = new URL(instanceUrl);
    } catch {
        throw new GeneratorError(`sf returned no usable instance URL for org "${alias}"`);
    }
    const local = url.hostname === '127.0.0.1' || url.hostname === 'localhost';
    if (url.protocol !== 'https:' && !(url.protocol === 'http:' && local)) {
        throw new GeneratorError(
            `the instance URL of org "${alias}" is not https; refusing to send a credential to it`
        );
    }
    return url;
}

/** Reads the org's instance URL and access token from `sf org display --target-org ALIAS --json`. */
export async function orgSession(alias: string, run: RunCommand = runCommand): Promise<OrgSession> {
    let result: { code: number; stdout: string; stderr: string };
    try {
        result = await run(sfCommand(), ['org', 'display', '--target-org', alias, '--json']);
    } catch (error) {
        throw new GeneratorError(
            `could not run the Salesforce CLI (${(error as Error).message})`,
            'run through npm (`npm run credentials:set -- --org ALIAS`) so node_modules/.bin/sf is found, or install @salesforce/cli'
        );
    }
    let parsed: {
        status?: number;
        message?: string;
        name?: string;
        result?: { instanceUrl?: string; accessToken?: string };
    };
    try {
        parsed = JSON.parse(result.stdout) as typeof parsed;
    } catch {
        throw new GeneratorError(
            `sf org display --target-org ${alias} failed (exit ${result.code}) without a JSON answer`,
            'check that `sf` works: sf org list'
        );
    }
    if (result.code !== 0 || parsed.status !== 0 || !parsed.result) {
        throw new GeneratorError(
            `no usable org "${alias}": ${parsed.message ?? parsed.name ?? 'sf org display failed'}`,
            `authorise it first: sf org login web --alias ${alias} (or check the alias with: sf org list)`
        );
    }
    const { instanceUrl, accessToken } = parsed.result;
    if (!instanceUrl || !accessToken) {
        throw new GeneratorError(
            `sf org display returned no instance URL or access token for org "${alias}"`,
            `log in again: sf org login web --alias ${alias}`
        );
    }
    checkInstanceUrl(instanceUrl, alias);
    return { instanceUrl: instanceUrl.replace(/\/+$/, ''), accessToken };
}
