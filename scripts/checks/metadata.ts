// Gate `check:meta`: the metadata a deploy would receive, checked offline.
//  1. every `-meta.xml` is well-formed XML;
//  2. its root element is the one the SDR registry expects for its suffix (or bundle folder),
//     in the Metadata API namespace;
//  3. it validates against the relaxed Metadata API schema (xmllint --schema), which rejects
//     unknown/misplaced elements and wrong enum/boolean/number values;
//  4. every Apex class/trigger has its `-meta.xml` (and every Apex `-meta.xml` its source), every
//     LWC bundle has `<name>.js-meta.xml` and, after `npm run build`, `<name>.js`;
//  5. @salesforce/source-deploy-retrieve resolves the source and converts it to Metadata API
//     format without an error.
// Files that .forceignore excludes from deploys are not checked.
// The schema is read from ../shared/reference/salesforce-metadata/ beside the project, or from
// $SF_METADATA_SCHEMA_DIR. Set SF_METADATA_SCHEMA=skip to skip step 3 (it is then reported).
// Usage: tsx scripts/checks/metadata.ts [files or folders…]   (default: the package directories)
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { XMLValidator } from 'fast-xml-parser';
import { ComponentSet, ForceIgnore, MetadataConverter, registry } from '@salesforce/source-deploy-retrieve';
import { Finding, PROJECT_ROOT, listFiles, packageDirectories, parseArgs, report, runMain } from './lib/common';

export const METADATA_NS = 'http://soap.sforce.com/2006/04/metadata';
const TOOLING_NS = 'urn:metadata.tooling.soap.sforce.com';
const SCHEMA_FILE = 'metadata-roots-relaxed.xsd';

export function schemaDir(): string {
    return path.resolve(
        process.env.SF_METADATA_SCHEMA_DIR ??
            path.join(PROJECT_ROOT, '..', 'shared', 'reference', 'salesforce-metadata')
    );
}

// ---- expected root element per file, from the SDR registry -------------------------------------

interface RegistryType {
    name: string;
    suffix?: string;
    directoryName?: string;
    strategies?: { adapter?: string };
    children?: { types: Record<string, RegistryType> };
}

const TYPES = Object.values(registry.types as Record<string, RegistryType>);
const ROOTS_BY_SUFFIX = new Map<string, Set<string>>();
for (const type of TYPES) {
    for (const t of [type, ...Object.values(type.children?.types ?? {})]) {
        if (!t.suffix) continue;
        const names = ROOTS_BY_SUFFIX.get(t.suffix) ?? new Set<string>();
        names.add(t.name);
        ROOTS_BY_SUFFIX.set(t.suffix, names);
    }
}
const BUNDLE_BY_DIR = new Map(
    TYPES.filter((t) => t.strategies?.adapter === 'bundle' && t.directoryName).map((t) => [t.directoryName!, t.name])
);

/** Root element names a `-meta.xml` may have, or an error text when the registry does not know it. */
export function expectedRoots(file: string): string[] | string {
    const base = path.basename(file).slice(0, -'-meta.xml'.length);
    const suffix = base.includes('.') ? base.slice(base.lastIndexOf('.') + 1) : '';
    const dirs = path.dirname(file).split(path.sep);
    // Bundles (lwc/<name>/<name>.js-meta.xml, aura/…) are known by their folder, not a suffix.
    const bundleDir = dirs.length >= 2 ? dirs[dirs.length - 2] : '';
    if (BUNDLE_BY_DIR.has(bundleDir)) return [BUNDLE_BY_DIR.get(bundleDir)!];
    if (suffix === 'settings') return [`${base.slice(0, -'.settings'.length)}Settings`];
    const names = ROOTS_BY_SUFFIX.get(suffix);
    if (!names) return `unknown metadata suffix ".${suffix}" (not in the source-deploy-retrieve registry)`;
    return [...names];
}

// ---- parsing -------------------------------------------------------------------------------------

interface Root {
    name: string;
    namespace?: string;
}

/** Root element and its namespace, read from well-formed XML. */
export function rootElement(xml: string): Root | undefined {
    const body = xml.replace(/^\uFEFF/, '').replace(/<\?[\s\S]*?\?>|<!--[\s\S]*?-->|<!DOCTYPE[^>]*>/g, '');
    const m = /<(?:([A-Za-z_][\w.-]*):)?([A-Za-z_][\w.-]*)((?:\s[^>]*)?)\/?>/.exec(body);
    if (!m) return undefined;
    const [, prefix, name, attrs] = m;
    const nsAttr = new RegExp(`\\sxmlns${prefix ? `:${prefix}` : ''}\\s*=\\s*(["'])(.*?)\\1`).exec(attrs);
    return { name, namespace: nsAttr?.[2] };
}

function checkDocument(file: string, xml: string): { findings: Finding[]; schemaCopy?: string } {
    const valid = XMLValidator.validate(xml);
    if (valid !== true) {
        const { line, col, msg } = valid.err;
        return { findings: [{ file, line, column: col, rule: 'malformed-xml', message: msg }] };
    }
    const root = rootElement(xml);
    if (!root) return { findings: [{ file, line: 1, rule: 'malformed-xml', message: 'no root element' }] };
    const findings: Finding[] = [];
    const rootLine = xml.slice(0, xml.indexOf(`<${root.name}`)).split('\n').length;
    const expected = expectedRoots(file);
    if (typeof expected === 'string') {
        findings.push({ file, line: rootLine, rule: 'unknown-type', message: expected });
    } else if (!expected.includes(root.name)) {
        findings.push({
            file,
            line: rootLine,
            rule: 'wrong-root',
            message: `root element <${root.name}> but a "${path.basename(file)}" file must have <${expected.join('> or <')}>`
        });
    }
    if (root.namespace === TOOLING_NS) {
        // Accepted by deploy; validate with the Metadata namespace swapped in (see the schema README).
        return { findings, schemaCopy: xml.replace(TOOLING_NS, METADATA_NS) };
    }
    if (root.namespace !== METADATA_NS) {
        findings.push({
            file,
            line: rootLine,
            rule: 'namespace',
            message: `root element <${root.name}> must declare xmlns="${METADATA_NS}" (found ${root.namespace ? `"${root.namespace}"` : 'none'})`
        });
    }
    return { findings };
}

// ---- xmllint --schema ----------------------------------------------------------------------------

const NS_PATTERN = new RegExp(`\\{${METADATA_NS.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}\\}`, 'g');

/** Validates files with xmllint; `displayAs` maps a temporary copy back to its source file. */
export function validateWithSchema(files: string[], schema: string, displayAs = new Map<string, string>()): Finding[] {
    const findings: Finding[] = [];
    for (let i = 0; i < files.length; i += 400) {
        const chunk = files.slice(i, i + 400);
        const run = spawnSync('xmllint', ['--noout', '--nonet', '--schema', schema, ...chunk], {
            encoding: 'utf8',
            maxBuffer: 64 * 1024 * 1024
        });
        if (run.error) {
            const missing = (run.error as NodeJS.ErrnoException).code === 'ENOENT';
            throw new Error(
                missing ? 'xmllint is not installed (Debian/Ubuntu: apt-get install libxml2-utils)' : run.error.message
            );
        }
        for (const line of run.stderr.split('\n')) {
            const m = /^(.+?):(\d+): (?:element (\S+): )?(.*)$/.exec(line);
            if (!m || !chunk.includes(m[1])) continue;
            const message = m[4]
                .replace(NS_PATTERN, '')
                .replace(/^Schemas validity error : /, '')
                .replace(
                    /(Expected is one of \()(.{0,160})[^)]*\)/,
                    (_, a: string, b: string) => `${a}${b}${b.length >= 160 ? ' …' : ''} )`
                );
            findings.push({ file: displayAs.get(m[1]) ?? m[1], line: Number(m[2]), rule: 'schema', message });
        }
        if (run.status !== 0 && findings.length === 0) {
            throw new Error(
                `xmllint failed (exit ${run.status}): ${run.stderr.trim().split('\n').slice(0, 5).join(' | ')}`
            );
        }
    }
    return findings;
}

// ---- companions ----------------------------------------------------------------------------------

export function checkCompanions(files: string[]): Finding[] {
    const findings: Finding[] = [];
    for (const file of files) {
        if (/\.(cls|trigger)$/.test(file) && !existsSync(`${file}-meta.xml`)) {
            const kind = file.endsWith('.cls') ? 'class' : 'trigger';
            findings.push({
                file,
                line: 1,
                rule: 'missing-meta',
                message: `Apex ${kind} without ${path.basename(file)}-meta.xml: deploy silently drops it`
            });
        }
        const m = /^(.*\.(cls|trigger))-meta\.xml$/.exec(file);
        if (m && !existsSync(m[1])) {
            findings.push({
                file,
                line: 1,
                rule: 'missing-source',
                message: `no ${path.basename(m[1])} beside this file`
            });
        }
    }
    const bundles = new Set(files.map((f) => path.dirname(f)).filter((d) => path.basename(path.dirname(d)) === 'lwc'));
    for (const bundle of bundles) {
        const name = path.basename(bundle);
        const entries = new Set(readdirSync(bundle));
        if (!entries.has(`${name}.js-meta.xml`)) {
            findings.push({ file: bundle, rule: 'lwc-bundle', message: `LWC bundle without ${name}.js-meta.xml` });
        }
        if (!entries.has(`${name}.js`)) {
            const hint = entries.has(`${name}.ts`) ? ` (compiled from ${name}.ts: run npm run build)` : '';
            findings.push({ file: bundle, rule: 'lwc-bundle', message: `LWC bundle without ${name}.js${hint}` });
        }
    }
    return findings;
}

// ---- SDR convert -------------------------------------------------------------------------------

export async function convertWithSdr(targets: string[]): Promise<{ components: number; findings: Finding[] }> {
    const out = mkdtempSync(path.join(os.tmpdir(), 'check-meta-'));
    try {
        const set = ComponentSet.fromSource(targets);
        await new MetadataConverter().convert(set, 'metadata', {
            type: 'directory',
            outputDirectory: out,
            genUniqueDir: false
        });
        return { components: set.size, findings: [] };
    } catch (err) {
        const e = err as Error;
        // SDR names the offending file somewhere in its message; point at it when it does.
        const named = e.message
            .split(/\s+/)
            .map((word) => word.replace(/^['"(]+|['"):,.]+$/g, ''))
            .find((word) => /\.\w/.test(word) && existsSync(word));
        return {
            components: 0,
            findings: [
                {
                    file: named ?? targets[0],
                    rule: `sdr-convert${e.name && e.name !== 'Error' ? ` ${e.name}` : ''}`,
                    message: e.message.replace(/\s+/g, ' ').trim()
                }
            ]
        };
    } finally {
        rmSync(out, { recursive: true, force: true });
    }
}

// ---- the gate ----------------------------------------------------------------------------------

export interface MetaResult {
    metaFiles: number;
    components: number;
    schemaSkipped: boolean;
    findings: Finding[];
}

export async function checkMetadata(targets: string[], options: { convert?: boolean } = {}): Promise<MetaResult> {
    // Only what a deploy receives: .forceignore (TypeScript sources, __tests__, …) applies.
    const forceIgnore = ForceIgnore.findAndCreate(targets[0]);
    const all = listFiles(targets, (f) => /-meta\.xml$|\.(cls|trigger|js|html)$/.test(f)).filter(
        (f) => !forceIgnore.denies(f)
    );
    const metaFiles = all.filter((f) => f.endsWith('-meta.xml'));
    const findings: Finding[] = [];
    const forSchema: string[] = [];
    const displayAs = new Map<string, string>();
    const tmp = mkdtempSync(path.join(os.tmpdir(), 'check-meta-ns-'));
    try {
        for (const file of metaFiles) {
            const doc = checkDocument(file, readFileSync(file, 'utf8'));
            findings.push(...doc.findings);
            if (doc.findings.some((f) => f.rule === 'malformed-xml')) continue;
            if (doc.schemaCopy !== undefined) {
                const copy = path.join(tmp, `${forSchema.length}-${path.basename(file)}`);
                writeFileSync(copy, doc.schemaCopy);
                displayAs.set(copy, file);
                forSchema.push(copy);
            } else {
                forSchema.push(file);
            }
        }
        let schemaSkipped = false;
        const dir = schemaDir();
        if (process.env.SF_METADATA_SCHEMA === 'skip') {
            schemaSkipped = true;
        } else if (!existsSync(path.join(dir, SCHEMA_FILE))) {
            findings.push({
                file: path.join(dir, SCHEMA_FILE),
                rule: 'schema-missing',
                message:
                    'Metadata API schema not found. Put the shared reference folder beside the project ' +
                    '(../shared/reference/salesforce-metadata/) or set SF_METADATA_SCHEMA_DIR; ' +
                    'SF_METADATA_SCHEMA=skip skips schema validation.'
            });
        } else if (forSchema.length) {
            findings.push(...validateWithSchema(forSchema, path.join(dir, SCHEMA_FILE), displayAs));
        }
        findings.push(...checkCompanions(all));
        let components = 0;
        if (options.convert !== false) {
            const converted = await convertWithSdr(targets);
            components = converted.components;
            findings.push(...converted.findings);
        }
        return { metaFiles: metaFiles.length, components, schemaSkipped, findings };
    } finally {
        rmSync(tmp, { recursive: true, force: true });
    }
}

async function main(): Promise<number> {
    const started = Date.now();
    const { flags, targets } = parseArgs(process.argv.slice(2));
    const result = await checkMetadata(targets.length ? targets : packageDirectories(), {
        convert: !flags.has('no-convert')
    });
    if (result.schemaSkipped) {
        console.log(
            `check:meta: SCHEMA VALIDATION SKIPPED (SF_METADATA_SCHEMA=skip): ${SCHEMA_FILE} was not used; ` +
                'unknown elements and wrong enum values are NOT checked in this run.'
        );
    }
    const schema = result.schemaSkipped ? 'schema skipped' : 'schema-validated';
    const summary = `${result.metaFiles} -meta.xml files ${schema}, ${result.components} components converted by SDR`;
    return report('check:meta', result.findings, summary, started);
}

if (require.main === module) runMain(main);
