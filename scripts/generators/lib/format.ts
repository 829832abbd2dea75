import { execFileSync } from 'node:child_process';
import * as path from 'node:path';
import { REPO_ROOT } from './paths';

const PRETTIER_BIN = path.join(REPO_ROOT, 'node_modules', 'prettier', 'bin', 'prettier.cjs');
const cache = new Map<string, string>();

/**
 * Formats generated Markdown / YAML with the repository's Prettier settings, so running Prettier
 * over the repo never changes generated files (and `--check` stays green). The settings are those
 * of `repoRelativePath` inside the repository, wherever the file is written.
 *
 * Prettier runs in a child process: its API loads parsers with dynamic `import()`, which the Jest
 * runtime of the tooling tests does not allow. Results are cached per input.
 */
export function formatLikeRepo(text: string, repoRelativePath: string): string {
    const key = `${repoRelativePath}\u0000${text}`;
    const cached = cache.get(key);
    if (cached !== undefined) {
        return cached;
    }
    const formatted = execFileSync(
        process.execPath,
        [PRETTIER_BIN, '--stdin-filepath', path.join(REPO_ROOT, repoRelativePath)],
        {
            input: text,
            encoding: 'utf8',
            cwd: REPO_ROOT,
            stdio: ['pipe', 'pipe', 'pipe']
        }
    );
    cache.set(key, formatted);
    return formatted;
}
