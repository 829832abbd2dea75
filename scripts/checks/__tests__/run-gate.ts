// Test helper: runs a gate script the way `npm run` does (tsx, project root as cwd) and returns
// its exit code and combined output.
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';

export const ROOT = path.resolve(__dirname, '..', '..', '..');
export const FIXTURES = 'scripts/checks/__fixtures__';

export interface GateRun {
    status: number | null;
    output: string;
}

export function runGate(script: string, args: string[], env: NodeJS.ProcessEnv = {}): GateRun {
    const run = spawnSync(
        process.execPath,
        [path.join(ROOT, 'node_modules', 'tsx', 'dist', 'cli.mjs'), script, ...args],
        {
            cwd: ROOT,
            encoding: 'utf8',
            env: { ...process.env, ...env },
            timeout: 120_000
        }
    );
    if (run.error) throw run.error;
    return { status: run.status, output: `${run.stdout}${run.stderr}` };
}
