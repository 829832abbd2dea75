// Code outside scripts/apex-runtime reaches the runtime only through its entry module (src/index.ts): the internals
// (interpreter, services, data bridge…) can then change without breaking the sandbox, the bench or the emulators.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as api from '../index';

const ROOT = path.resolve(__dirname, '../../../..');
const RUNTIME = path.join(ROOT, 'scripts/apex-runtime');
const ENTRY = path.join(RUNTIME, 'src');
const SKIP = new Set(['node_modules', '.git', '.sf', '.sfdx', 'mdapi_out', 'coverage']);
const SOURCE = /\.(ts|tsx|js|mjs|cjs)$/;

function* sourceFiles(dir: string): Generator<string> {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (SKIP.has(e.name)) continue;
        const p = path.join(dir, e.name);
        if (e.isDirectory()) yield* sourceFiles(p);
        else if (SOURCE.test(e.name)) yield p;
    }
}

/** module specifiers of static imports/exports, dynamic import() and require() in a source text */
function specifiers(text: string): string[] {
    const out: string[] = [];
    const re = /\b(?:from|import|require)\s*\(?\s*['"]([^'"]+)['"]/g;
    for (let m = re.exec(text); m; m = re.exec(text)) out.push(m[1]);
    return out;
}

/** the imports of `file` that reach into the runtime other than through its entry module */
function deepRuntimeImports(file: string, text: string): string[] {
    return specifiers(text).filter((s) => {
        if (!s.startsWith('.')) return false;
        const target = path.resolve(path.dirname(file), s);
        if (target !== RUNTIME && !target.startsWith(RUNTIME + path.sep)) return false;
        return target !== ENTRY && target !== path.join(ENTRY, 'index') && target !== path.join(ENTRY, 'index.ts');
    });
}

describe('the Apex runtime public interface', () => {
    it('is the only runtime module imported from outside scripts/apex-runtime', () => {
        const offenders: string[] = [];
        for (const dir of ['scripts', 'force-app', 'types'].map((d) => path.join(ROOT, d))) {
            if (!fs.existsSync(dir)) continue;
            for (const f of sourceFiles(dir)) {
                if (f.startsWith(RUNTIME + path.sep)) continue;
                for (const s of deepRuntimeImports(f, fs.readFileSync(f, 'utf8')))
                    offenders.push(`${path.relative(ROOT, f)}: ${s}`);
            }
        }
        expect(offenders).toEqual([]);
    });

    it('flags a deep import and accepts the entry module', () => {
        const f = path.join(ROOT, 'scripts/sandbox/x.ts');
        expect(
            deepRuntimeImports(
                f,
                [
                    "import { Session } from '../apex-runtime/src';",
                    "import type { Row } from '../apex-runtime/src/index';",
                    "import * as V from '../apex-runtime/src/values';",
                    "const m = await import('../apex-runtime/src/interp/interpreter');",
                    "import { x } from './local';"
                ].join('\n')
            )
        ).toEqual(['../apex-runtime/src/values', '../apex-runtime/src/interp/interpreter']);
    });

    it('exports the session, test running, limits and callout transport', () => {
        expect(typeof api.Session.prototype.observeAsyncTransactions).toBe('function');
        expect(typeof api.Session.prototype.wrapService).toBe('function');
        expect(typeof api.runTests).toBe('function');
        expect(api.GOVERNOR_LIMITS.soqlQueries.sync).toBe(100);
        expect(typeof api.namedCredentialTransport).toBe('function');
        expect(typeof api.V.setRuntimeSettings).toBe('function');
    });
});
