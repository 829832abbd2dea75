// The org as the setup command sees it: REST (SOQL query, sObject insert) with the CLI's session, and the
// Salesforce CLI for what only the Metadata API or anonymous Apex can do. Every answer that is shown to a person
// passes through `redact` first: the access token (and a subscription key) never reach the output.
import { GeneratorError } from '../generators/lib/errors';
import { API_VERSION } from '../generators/lib/paths';
import { Fetch, redact } from '../generators/credentials/named-credential-api';
import { OrgSession, RunCommand, sfCommand } from '../generators/credentials/org-session';

interface SfJson {
    status?: number;
    message?: string;
    name?: string;
    result?: unknown;
}

export class OrgClient {
    constructor(
        readonly alias: string,
        readonly session: OrgSession,
        readonly fetchImpl: Fetch,
        private readonly run: RunCommand
    ) {}

    private clean(text: string): string {
        return redact(text, [this.session.accessToken]);
    }

    private async rest(method: string, resource: string, body?: unknown): Promise<unknown> {
        const url = `${this.session.instanceUrl}/services/data/v${API_VERSION}${resource}`;
        let response: Response;
        try {
            response = await this.fetchImpl(url, {
                method,
                headers: {
                    Authorization: `Bearer ${this.session.accessToken}`,
                    'Content-Type': 'application/json',
                    Accept: 'application/json'
                },
                body: body === undefined ? undefined : JSON.stringify(body)
            });
        } catch (error) {
            throw new GeneratorError(`cannot reach the org: ${this.clean((error as Error).message)}`);
        }
        const text = await response.text();
        if (!response.ok) {
            throw new GeneratorError(
                `${method} ${resource.split('?')[0]} failed (${response.status} ${this.clean(text).slice(0, 300)})`
            );
        }
        return text ? (JSON.parse(text) as unknown) : {};
    }

    /** SOQL through REST (`/query`); the few setup queries return far fewer than 2,000 rows. */
    async query<T>(soql: string): Promise<T[]> {
        const answer = (await this.rest('GET', `/query?q=${encodeURIComponent(soql)}`)) as { records?: T[] };
        return answer.records ?? [];
    }

    async insert(sobject: string, record: Record<string, unknown>): Promise<string> {
        return ((await this.rest('POST', `/sobjects/${sobject}`, record)) as { id: string }).id;
    }

    /** Runs `sf <args> --target-org ALIAS --json` and returns its `result`; a failure becomes a GeneratorError. */
    async sf(args: string[]): Promise<unknown> {
        const full = [...args, '--target-org', this.alias, '--json'];
        let out: { code: number; stdout: string; stderr: string };
        try {
            out = await this.run(sfCommand(), full);
        } catch (error) {
            throw new GeneratorError(`could not run the Salesforce CLI (${(error as Error).message})`);
        }
        let parsed: SfJson;
        try {
            parsed = JSON.parse(out.stdout) as SfJson;
        } catch {
            throw new GeneratorError(
                `sf ${args.slice(0, 3).join(' ')} failed (exit ${out.code}) without a JSON answer`
            );
        }
        if (out.code !== 0 || parsed.status !== 0) {
            throw new GeneratorError(
                `sf ${args.slice(0, 3).join(' ')} failed: ${this.clean(parsed.message ?? parsed.name ?? `exit ${out.code}`)}`
            );
        }
        return parsed.result;
    }

    /** Full names of the org's components of one metadata type (`sf org list metadata`). */
    async listMetadata(type: string): Promise<Set<string>> {
        const result = await this.sf(['org', 'list', 'metadata', '--metadata-type', type]);
        const rows = Array.isArray(result) ? result : result ? [result] : [];
        return new Set((rows as { fullName?: string }[]).map((r) => r.fullName ?? ''));
    }
}

/** A SOQL string literal (single quotes and backslashes escaped). */
export function soqlString(value: string): string {
    return `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
}
