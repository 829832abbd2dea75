// Parse-once cache: lowered units are kept in memory per process and on disk (JSON) keyed by a hash of
// the source text and the lowering version, so repeated runs skip ANTLR entirely.
import * as crypto from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { CompilationUnit } from './ast';
import { parseUnit } from './lower';

const LOWERING_VERSION = '3';
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
