// Gate `check:lwc`: compiles every LWC bundle's deployable files (.js after `npm run build`, .html,
// .css) with @lwc/compiler, the compiler the platform runs at deploy, and reports its errors as
// `file:line:col LWCxxxx message` (e.g. decorators down-levelled by a wrong tsc target: LWC1104).
// Usage: tsx scripts/checks/lwc-compile.ts [files or folders…]   (default: the package directories)
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { transformSync } from '@lwc/compiler';
import { Finding, listFiles, packageDirectories, parseArgs, report, runMain } from './lib/common';

const DEPLOYED = /\.(js|html|css)$/;

function inBundle(file: string): boolean {
    const parts = file.split(path.sep);
    const lwc = parts.lastIndexOf('lwc');
    return lwc >= 0 && lwc < parts.length - 2 && !parts.slice(lwc).includes('__tests__');
}

export function compileFile(file: string): Finding[] {
    const parts = file.split(path.sep);
    const name = parts[parts.lastIndexOf('lwc') + 1];
    try {
        const result = transformSync(readFileSync(file, 'utf8'), file, { namespace: 'c', name });
        return (result.warnings ?? [])
            .filter((w) => w.level !== undefined && w.level <= 1)
            .map((w) => ({
                file,
                line: w.location?.line,
                column: w.location?.column,
                rule: `LWC${w.code}`,
                message: w.message
            }));
    } catch (err) {
        const e = err as { code?: number; message?: string; location?: { line?: number; column?: number } };
        return [
            {
                file,
                line: e.location?.line,
                column: e.location?.column,
                rule: e.code !== undefined ? `LWC${e.code}` : 'lwc-compile',
                message: String(e.message ?? err)
                    .split('\n')[0]
                    .split(`${file}: `)
                    .join('')
                    .replace(/LWC\d+: /g, '')
            }
        ];
    }
}

export function compileBundles(targets: string[]): { files: string[]; findings: Finding[] } {
    const files = listFiles(targets, (f) => DEPLOYED.test(f) && inBundle(f)).filter(
        (f) => DEPLOYED.test(f) && inBundle(f)
    );
    return { files, findings: files.flatMap(compileFile) };
}

async function main(): Promise<number> {
    const started = Date.now();
    const { targets } = parseArgs(process.argv.slice(2));
    const { files, findings } = compileBundles(targets.length ? targets : packageDirectories());
    return report('check:lwc', findings, `${files.length} LWC files compiled`, started);
}

if (require.main === module) runMain(main);
