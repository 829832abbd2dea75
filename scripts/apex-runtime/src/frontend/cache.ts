// Parse-once cache: lowered units are kept in memory per process and on disk (JSON) keyed by a hash of
// the source text and of the lowering code itself, so repeated runs skip ANTLR entirely and a change to the
// lowering can never be hidden by units lowered by an older version.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CompilationUnit } from './ast';
import { parseUnit } from './lower';

/** Hash of the files that decide what a lowered unit looks like (this folder's sources). */
const LOWERING_VERSION = (() => {
    const h = crypto.createHash('sha1');
    for (const f of fs.readdirSync(__dirname).sort()) {
        if (/\.(ts|js)$/.test(f)) h.update(f).update(fs.readFileSync(path.join(__dirname, f)));
    }
    return h.digest('hex');
})();
const memory = new Map<string, CompilationUnit>();

function cacheDir(): string | null {
    if (process.env.APEX_RUNTIME_NO_CACHE) return null;
    return path.resolve(__dirname, '../../../../node_modules/.cache/apex-runtime');
}

export function loadUnit(source: string, file: string, kind: 'class' | 'trigger' | 'anonymous'): CompilationUnit {
    const key = crypto
        .createHash('sha1')
        .update(LOWERING_VERSION)
        .update(kind)
        .update(file)
        .update(source)
        .digest('hex');
    const hit = memory.get(key);
    if (hit) return hit;
    const dir = cacheDir();
    const f = dir ? path.join(dir, key + '.json') : null;
    if (f && fs.existsSync(f)) {
        try {
            const u = JSON.parse(fs.readFileSync(f, 'utf8')) as CompilationUnit;
            memory.set(key, u);
            return u;
        } catch {
            /* fall through and re-parse */
        }
    }
    const unit = parseUnit(source, file, kind);
    memory.set(key, unit);
    if (f && dir) {
        try {
            fs.mkdirSync(dir, { recursive: true });
            fs.writeFileSync(f, JSON.stringify(unit));
        } catch {
            /* cache is best effort */
        }
    }
    return unit;
}
