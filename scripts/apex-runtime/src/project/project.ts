// Project discovery: sfdx-project.json packageDirectories (or explicit --source-dir), Apex sources.
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface ProjectSources {
    root: string;
    sourceDirs: string[];
    classes: string[];
    triggers: string[];
}

export function sourceDirsOf(root: string): string[] {
    const f = path.join(root, 'sfdx-project.json');
    if (!fs.existsSync(f)) throw new Error(`no sfdx-project.json in ${root} (use --source-dir)`);
    const proj = JSON.parse(fs.readFileSync(f, 'utf8')) as { packageDirectories?: { path: string }[] };
    return (proj.packageDirectories ?? []).map((p) => path.resolve(root, p.path));
}

function walk(dir: string, out: string[]): void {
    if (!fs.existsSync(dir)) return;
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
        if (e.name.startsWith('.') || e.name === 'node_modules') continue;
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p, out);
        else out.push(p);
    }
}

export function discover(root: string, explicitDirs: string[] = []): ProjectSources {
    const rootAbs = path.resolve(root);
    const sourceDirs = explicitDirs.length ? explicitDirs.map((d) => path.resolve(rootAbs, d)) : sourceDirsOf(rootAbs);
    const files: string[] = [];
    for (const d of sourceDirs) walk(d, files);
    files.sort();
    return {
        root: rootAbs,
        sourceDirs,
        classes: files.filter((f) => f.endsWith('.cls')),
        triggers: files.filter((f) => f.endsWith('.trigger'))
    };
}
