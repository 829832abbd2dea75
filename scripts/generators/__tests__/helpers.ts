import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Io } from '../lib/run-cli';

export const REPO = path.resolve(__dirname, '..', '..', '..');
export const FIXTURE_OBJECTS = path.join(__dirname, 'fixtures', 'objects');
export const GOLDEN = path.join(__dirname, 'golden');
export const SCHEMA = '/work/shared/reference/salesforce-metadata/metadata-roots-relaxed.xsd';
const SCHEMA_PATH = fs.existsSync(SCHEMA)
    ? SCHEMA
    : path.join(REPO, '..', 'shared', 'reference', 'salesforce-metadata', 'metadata-roots-relaxed.xsd');

const created: string[] = [];

/** A fresh temporary folder, removed again by cleanupTempDirs (called in afterAll of each test file). */
export function tempDir(prefix = 'gen-'): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    created.push(dir);
    return dir;
}

export function cleanupTempDirs(): void {
    for (const dir of created.splice(0)) {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

export interface Captured extends Io {
    stdout: string[];
    stderr: string[];
    text(): string;
}

export function captureIo(): Captured {
    const stdout: string[] = [];
    const stderr: string[] = [];
    return {
        stdout,
        stderr,
        out: (line) => stdout.push(line),
        err: (line) => stderr.push(line),
        text: () => [...stdout, ...stderr].join('\n')
    };
}

/** All files below a folder, as relative paths, sorted. */
export function listFiles(dir: string): string[] {
    if (!fs.existsSync(dir)) {
        return [];
    }
    const out: string[] = [];
    const walk = (d: string) => {
        for (const entry of fs.readdirSync(d, { withFileTypes: true })) {
            const full = path.join(d, entry.name);
            if (entry.isDirectory()) {
                walk(full);
            } else {
                out.push(path.relative(dir, full).split(path.sep).join('/'));
            }
        }
    };
    walk(dir);
    return out.sort();
}

export function snapshotDir(dir: string): Record<string, string> {
    const snapshot: Record<string, string> = {};
    for (const file of listFiles(dir)) {
        snapshot[file] = fs.readFileSync(path.join(dir, file), 'utf8');
    }
    return snapshot;
}

/** Runs xmllint against the relaxed Metadata API schema; returns its output (throws on failure). */
export function xmllint(files: string[]): { ok: boolean; output: string } {
    try {
        execFileSync('xmllint', ['--noout', '--nonet', '--schema', SCHEMA_PATH, ...files], { stdio: 'pipe' });
        return { ok: true, output: '' };
    } catch (error) {
        const e = error as { stderr?: Buffer; stdout?: Buffer };
        return { ok: false, output: `${e.stdout?.toString() ?? ''}${e.stderr?.toString() ?? ''}` };
    }
}

/**
 * Compares a folder with a golden folder. With UPDATE_GOLDEN=1 the golden folder is rewritten
 * instead (review the diff before committing).
 */
export function expectGolden(actualDir: string, goldenName: string): void {
    const goldenDir = path.join(GOLDEN, goldenName);
    if (process.env.UPDATE_GOLDEN === '1') {
        fs.rmSync(goldenDir, { recursive: true, force: true });
        for (const [file, content] of Object.entries(snapshotDir(actualDir))) {
            fs.mkdirSync(path.dirname(path.join(goldenDir, file)), { recursive: true });
            fs.writeFileSync(path.join(goldenDir, file), content);
        }
    }
    expect(snapshotDir(actualDir)).toEqual(snapshotDir(goldenDir));
}

export function writeJson(file: string, value: unknown): string {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, `${JSON.stringify(value, null, 2)}\n`);
    return file;
}

export function readJson<T = unknown>(file: string): T {
    return JSON.parse(fs.readFileSync(file, 'utf8')) as T;
}

/** Patterns that must never appear in generated output: secret elements and key-looking values. */
export const SECRET_PATTERNS: RegExp[] = [
    /<consumerKey>/i,
    /<consumerSecret>/i,
    /<password>/i,
    /\b[0-9a-f]{32}\b/i,
    /client_secret=(?!<consumer secret>)[^&\s]+/
];
