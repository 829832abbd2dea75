// What every setup step gets (options, the org, the report) and the helpers the first-install steps share.
import { GeneratorError } from '../generators/lib/errors';
import { Component, label } from './first-install';
import { OrgClient } from './org-client';

export interface SetupOptions {
    dryRun: boolean;
    apimUrl?: string;
    admins: string[];
    approvers: string[];
    integrationUser?: string;
    /** the user every callout runs as (the kick trigger's PlatformEventSubscriberConfig) */
    calloutUser?: string;
    enable: boolean;
}

export interface SetupDeps {
    client: OrgClient;
    /** the first-install components (first-install.ts) */
    firstInstall: Component[];
    /** field API name → type of D365_Sync_Setting__mdt */
    settingsFields: Map<string, string>;
    /** null when no key was given (env/stdin); reading happens only when the key step runs for real */
    key: { source: string; read: () => Promise<string> } | null;
}

export type Outcome = 'done' | 'unchanged' | 'would' | 'todo';

/** A step that must not run (and stops the run): the person gets the reason and what to do. */
export class Refusal extends GeneratorError {}

export class SetupReport {
    readonly lines: { outcome: Outcome; text: string }[] = [];

    constructor(private readonly print: (line: string) => void) {}

    add(outcome: Outcome, text: string): void {
        this.lines.push({ outcome, text });
        if (outcome !== 'todo') this.print(`  ${outcome.padEnd(9)} ${text}`);
    }

    todos(): string[] {
        return this.lines.filter((l) => l.outcome === 'todo').map((l) => l.text);
    }

    count(outcome: Outcome): number {
        return this.lines.filter((l) => l.outcome === outcome).length;
    }
}

export async function deployComponents(client: OrgClient, components: Component[]): Promise<void> {
    await client.sf(['project', 'deploy', 'start', ...components.flatMap((c) => ['--metadata', label(c)])]);
}

/** The first-install components the org does not have yet (`sf org list metadata`, one call per type). */
export async function missingComponents(client: OrgClient, components: Component[]): Promise<Component[]> {
    const byType = new Map<string, Set<string>>();
    const missing: Component[] = [];
    for (const c of components) {
        if (!byType.has(c.type)) byType.set(c.type, await client.listMetadata(c.type));
        if (!byType.get(c.type)!.has(c.fullName)) missing.push(c);
    }
    return missing;
}
