import * as fs from 'node:fs';
import * as path from 'node:path';
import { EXIT_DRIFT, EXIT_OK, GeneratorError } from './errors';
import { displayPath } from './paths';

/** One file a generator wants on disk, with its complete content. */
export interface PlannedFile {
    file: string;
    content: string;
    /**
     * The generator owns only a part of this hand-written file (the content is the file on disk with that part
     * rewritten): it may be updated without the marker, and is never deleted as stale.
     */
    partial?: boolean;
}

/**
 * Where a generator may find files it wrote earlier: files in `dir` whose name matches `pattern`
 * and whose content contains `marker`. Only such files are ever deleted.
 */
export interface OwnedScope {
    dir: string;
    pattern: RegExp;
}

export interface Plan {
    files: PlannedFile[];
    scopes: OwnedScope[];
    /** Text every generated file contains; proves a file on disk is ours. */
    marker: string;
}

export type ChangeKind = 'create' | 'update' | 'delete';

export interface Change {
    kind: ChangeKind;
    file: string;
}

function readIfExists(file: string): string | undefined {
    try {
        return fs.readFileSync(file, 'utf8');
    } catch {
        return undefined;
    }
}

/** Files from earlier runs that the plan no longer contains (marked as ours, nothing else). */
function staleFiles(plan: Plan): string[] {
    const planned = new Set(plan.files.map((f) => path.resolve(f.file)));
    const stale: string[] = [];
    for (const scope of plan.scopes) {
        let names: string[];
        try {
            names = fs.readdirSync(scope.dir);
        } catch {
            continue;
        }
        for (const name of names.sort()) {
            const file = path.resolve(scope.dir, name);
            if (!scope.pattern.test(name) || planned.has(file)) {
                continue;
            }
            const content = readIfExists(file);
            if (content !== undefined && content.includes(plan.marker)) {
                stale.push(file);
            }
        }
    }
    return stale;
}

/** What applying the plan would change; an empty list means the files on disk are up to date. */
export function diffPlan(plan: Plan): Change[] {
    const changes: Change[] = [];
    for (const planned of plan.files) {
        const current = readIfExists(planned.file);
        if (current === undefined) {
            changes.push({ kind: 'create', file: planned.file });
        } else if (current !== planned.content) {
            if (!planned.partial && !current.includes(plan.marker)) {
                throw new GeneratorError(
                    `${displayPath(planned.file)} exists but was not written by this generator; refusing to overwrite it`,
                    'rename the entry in the config, or move that file away if it may be replaced'
                );
            }
            changes.push({ kind: 'update', file: planned.file });
        }
    }
    for (const file of staleFiles(plan)) {
        changes.push({ kind: 'delete', file });
    }
    return changes;
}

/** Writes created/changed files and deletes stale ones; unchanged files are not touched. */
export function applyPlan(plan: Plan): Change[] {
    const changes = diffPlan(plan);
    const byFile = new Map(plan.files.map((f) => [f.file, f.content]));
    for (const change of changes) {
        if (change.kind === 'delete') {
            fs.rmSync(change.file);
        } else {
            fs.mkdirSync(path.dirname(change.file), { recursive: true });
            fs.writeFileSync(change.file, byFile.get(change.file) as string, 'utf8');
        }
    }
    return changes;
}

export function describeChanges(changes: Change[], verbs: Record<ChangeKind, string>): string[] {
    return changes.map((c) => `${verbs[c.kind]} ${displayPath(c.file)}`);
}

/** How a generator names itself and its output in the lines `checkOrApplyPlan` prints. */
export interface PlanReport {
    /** `mapping` or `integration`: the npm scripts are `<name>:generate` and `<name>:check`. */
    name: string;
    /** what the files are, e.g. `records` or `files` */
    unit: string;
    /** the `--check` success line after `<name>:check: N <unit>`, e.g. `match config/x.json` */
    matchText: string;
    /** what the files are generated from, for the drift message */
    source: string;
}

/**
 * `--check`: change nothing and return EXIT_DRIFT with the differences when the files on disk are not what
 * the plan produces; otherwise write the plan and list what changed.
 */
export function checkOrApplyPlan(
    plan: Plan,
    check: boolean,
    report: PlanReport,
    io: { out(line: string): void; err(line: string): void }
): number {
    if (check) {
        const changes = diffPlan(plan);
        if (changes.length === 0) {
            io.out(`${report.name}:check: ${plan.files.length} ${report.unit} ${report.matchText}`);
            return EXIT_OK;
        }
        io.err(`${report.name}:check: the generated ${report.unit} differ from ${report.source}:`);
        describeChanges(changes, { create: '  missing', update: '  differs', delete: '  stale  ' }).forEach((l) =>
            io.err(l)
        );
        io.err(`Run \`npm run ${report.name}:generate\` and commit the result.`);
        return EXIT_DRIFT;
    }
    const changes = applyPlan(plan);
    describeChanges(changes, { create: 'created', update: 'updated', delete: 'deleted' }).forEach((l) => io.out(l));
    io.out(
        `${report.name}:generate: ${plan.files.length} ${report.unit}, ${changes.length} change${changes.length === 1 ? '' : 's'}`
    );
    return EXIT_OK;
}
