// Gate `check:deploy`: the shape of what `sf project deploy start` would send, checked offline.
// The components are resolved exactly as the CLI resolves them (@salesforce/source-deploy-retrieve
// `ComponentSet.fromSource` with the project's .forceignore) and converted to the Metadata API
// zip layout. The gate then fails on
//  1. a component without its required files (no -meta.xml, a class without its .cls, an LWC
//     bundle without `<name>.js` — run `npm run build` first: the `.ts` sources are forceignored);
//  2. a package.xml member the converted output does not back — the Metadata API refuses the whole
//     deploy with "named in package.xml, but was not found in zipped directory" (an `lwc/__tests__`
//     folder that .forceignore empties but does not hide is one);
//  3. a file that would deploy but is a build or test input: TypeScript, Jest tests, mocks,
//     fixtures, tsconfig/jsconfig/eslint configs.
// Usage: tsx scripts/checks/deploy-shape.ts [project folders…]   (default: the package directories)
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { ComponentSet, MetadataConverter, SourceComponent, registry } from '@salesforce/source-deploy-retrieve';
import { Finding, packageDirectories, parseArgs, report, runMain } from './lib/common';

interface RegistryType {
    name: string;
    suffix?: string;
    directoryName?: string;
    strategies?: { adapter?: string };
    children?: { types: Record<string, RegistryType> };
}

/** Child type name (CustomField, ListView, WorkflowFieldUpdate…) → its parent type. */
const PARENT_OF = new Map<string, RegistryType>();
const TYPE_BY_NAME = new Map<string, RegistryType>();
for (const type of Object.values(registry.types as Record<string, RegistryType>)) {
    TYPE_BY_NAME.set(type.name, type);
    for (const child of Object.values(type.children?.types ?? {})) PARENT_OF.set(child.name, type);
}

/** Build and test inputs that must never reach the org (matched on the path inside the zip). */
const NOT_DEPLOYABLE: [RegExp, string][] = [
    [/\.ts$/, 'TypeScript source (the org receives the compiled .js)'],
    [/(^|\/)__(tests|mocks|fixtures)__(\/|$)/, 'test folder'],
    [/\.(test|spec)\.[jt]s$/, 'test file'],
    [/(^|\/)(tsconfig[^/]*|jsconfig)\.json$|(^|\/)\.eslintrc[^/]*$/, 'tool configuration']
];

function walk(dir: string): string[] {
    return readdirSync(dir).flatMap((name) => {
        const full = path.join(dir, name);
        return statSync(full).isDirectory() ? walk(full) : [full];
    });
}

function contentFiles(c: SourceComponent): string[] {
    if (!c.content) return [];
    return existsSync(c.content) && statSync(c.content).isDirectory() ? c.walkContent() : [c.content];
}

/** 1. Required files of each resolved component. */
export function checkRequiredFiles(components: SourceComponent[]): Finding[] {
    const findings: Finding[] = [];
    for (const c of components) {
        const type = c.type as RegistryType;
        const where = c.xml ?? c.content ?? c.fullName;
        const files = contentFiles(c);
        if (!c.xml && files.length === 0) {
            findings.push({
                file: where,
                rule: 'no-files',
                message: `${type.name} "${c.fullName}" is resolved as a component but has no deployable file (is the folder only half forceignored?)`
            });
            continue;
        }
        if (!c.xml) {
            findings.push({
                file: where,
                rule: 'missing-meta',
                message: `${type.name} "${c.fullName}" has no -meta.xml`
            });
        }
        const adapter = type.strategies?.adapter;
        if (adapter === 'matchingContentFile' && files.length === 0) {
            findings.push({
                file: where,
                rule: 'missing-content',
                message: `${type.name} "${c.fullName}" has a -meta.xml but no source file`
            });
        }
        if (type.name === 'LightningComponentBundle' && !files.some((f) => path.basename(f) === `${c.fullName}.js`)) {
            const hint = existsSync(path.join(c.content ?? '', `${c.fullName}.ts`))
                ? ' (compiled from its .ts by npm run build)'
                : '';
            findings.push({
                file: where,
                rule: 'missing-content',
                message: `LWC bundle "${c.fullName}" would deploy without ${c.fullName}.js${hint}`
            });
        }
    }
    return findings;
}

interface PackageXml {
    Package?: { types?: { name: string; members: string | string[] }[] | { name: string; members: string | string[] } };
}

/** How paths inside the converted (temporary) zip folder are printed. */
const ZIP = '(deploy zip)';

const asArray = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** 2. Every package.xml member must have its files (or, for a child, its entry) in the converted zip. */
export function checkMembersBacked(outDir: string): Finding[] {
    const manifest = path.join(outDir, 'package.xml');
    const pkg = new XMLParser({ isArray: (name) => name === 'types' || name === 'members' }).parse(
        readFileSync(manifest, 'utf8')
    ) as PackageXml;
    const findings: Finding[] = [];
    for (const t of asArray(pkg.Package?.types)) {
        for (const member of asArray(t.members).map(String)) {
            const parent = PARENT_OF.get(t.name);
            const backed = parent ? childBacked(outDir, parent, member) : topLevelBacked(outDir, t.name, member);
            if (!backed) {
                findings.push({
                    file: `${ZIP}/package.xml`,
                    rule: 'unbacked-member',
                    message: `${t.name} "${member}" is named in package.xml but the converted zip has no file for it (the Metadata API rejects the whole deploy)`
                });
            }
        }
    }
    return findings;
}

function topLevelBacked(outDir: string, typeName: string, member: string): boolean {
    const dir = TYPE_BY_NAME.get(typeName)?.directoryName;
    if (!dir) return true; // a type without a folder has nothing to look for; SDR knows it
    const folder = path.join(outDir, dir, path.dirname(member));
    const base = path.basename(member);
    if (!existsSync(folder)) return false;
    return readdirSync(folder).some((name) => {
        const full = path.join(folder, name);
        if (name === base) return !statSync(full).isDirectory() || walk(full).length > 0;
        return name.startsWith(`${base}.`);
    });
}

function childBacked(outDir: string, parent: RegistryType, member: string): boolean {
    const dot = member.indexOf('.');
    const [parentName, childName] = [member.slice(0, dot), member.slice(dot + 1)];
    const file = path.join(outDir, parent.directoryName ?? '', `${parentName}.${parent.suffix ?? ''}`);
    return existsSync(file) && readFileSync(file, 'utf8').includes(`<fullName>${childName}</fullName>`);
}

/** 3. Files inside the converted zip that are build or test inputs. */
export function checkNotDeployable(outDir: string): Finding[] {
    const findings: Finding[] = [];
    for (const file of walk(outDir)) {
        const rel = path.relative(outDir, file).split(path.sep).join('/');
        const hit = NOT_DEPLOYABLE.find(([pattern]) => pattern.test(rel));
        if (hit) {
            findings.push({
                file: `${ZIP}/${rel}`,
                rule: 'not-deployable',
                message: `would deploy a ${hit[1]}: add it to .forceignore or move it out of the package directory`
            });
        }
    }
    return findings;
}

export interface DeployShape {
    components: number;
    findings: Finding[];
}

export async function checkDeployShape(targets: string[]): Promise<DeployShape> {
    let set: ComponentSet;
    try {
        set = ComponentSet.fromSource(targets);
    } catch (err) {
        // The CLI stops on the same error before it sends anything.
        const e = err as Error;
        return { components: 0, findings: [{ file: targets[0], rule: `sdr-resolve ${e.name}`, message: e.message }] };
    }
    const components = set.getSourceComponents().toArray();
    const out = mkdtempSync(path.join(os.tmpdir(), 'check-deploy-'));
    try {
        await new MetadataConverter().convert(set, 'metadata', {
            type: 'directory',
            outputDirectory: out,
            genUniqueDir: false
        });
        const findings = [...checkRequiredFiles(components), ...checkMembersBacked(out), ...checkNotDeployable(out)];
        return { components: components.length, findings };
    } finally {
        rmSync(out, { recursive: true, force: true });
    }
}

async function main(): Promise<number> {
    const started = Date.now();
    const { targets } = parseArgs(process.argv.slice(2));
    const result = await checkDeployShape(targets.length ? targets : packageDirectories());
    return report('check:deploy', result.findings, `${result.components} components resolved by SDR`, started);
}

if (require.main === module) runMain(main);
