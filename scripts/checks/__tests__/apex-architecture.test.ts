// The engine's flow is one direction (docs/architecture.md): trigger → handler → service → queue → worker →
// builder/client → writer → mirror. These tests read the package's Apex classes and fail on a class that calls
// back up the pipeline (a dependency cycle), on a second claim path, and on a controller running its own query.
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './run-gate';

const CLASSES = path.join(ROOT, 'force-app', 'main', 'default', 'classes');

/** Apex source without comments and string literals (names in docs or messages are no dependency). */
const code = (src: string): string =>
    src
        .replace(/\/\*[\s\S]*?\*\//g, '')
        .replace(/\/\/.*$/gm, '')
        .replace(/'(?:[^'\\]|\\.)*'/g, "''");

function productionClasses(): Map<string, string> {
    const out = new Map<string, string>();
    for (const folder of readdirSync(CLASSES)) {
        if (folder === 'test-support') continue;
        for (const file of readdirSync(path.join(CLASSES, folder))) {
            if (!file.endsWith('.cls') || file.endsWith('Test.cls')) continue;
            out.set(file.slice(0, -4), code(readFileSync(path.join(CLASSES, folder, file), 'utf8')));
        }
    }
    return out;
}

/** Class → the package classes it names. */
function dependencies(classes: Map<string, string>): Map<string, Set<string>> {
    const graph = new Map<string, Set<string>>();
    for (const [name, src] of classes) {
        const used = new Set<string>();
        for (const m of src.matchAll(/\b(D365\w+)\b/g)) {
            if (m[1] !== name && classes.has(m[1])) used.add(m[1]);
        }
        graph.set(name, used);
    }
    return graph;
}

/** Strongly connected components with more than one class (Tarjan). */
function cycles(graph: Map<string, Set<string>>): string[][] {
    let counter = 0;
    const index = new Map<string, number>();
    const low = new Map<string, number>();
    const stack: string[] = [];
    const onStack = new Set<string>();
    const found: string[][] = [];
    const visit = (v: string): void => {
        index.set(v, counter);
        low.set(v, counter++);
        stack.push(v);
        onStack.add(v);
        for (const w of graph.get(v) ?? []) {
            if (!index.has(w)) {
                visit(w);
                low.set(v, Math.min(low.get(v)!, low.get(w)!));
            } else if (onStack.has(w)) {
                low.set(v, Math.min(low.get(v)!, index.get(w)!));
            }
        }
        if (low.get(v) === index.get(v)) {
            const component: string[] = [];
            let w: string;
            do {
                w = stack.pop()!;
                onStack.delete(w);
                component.push(w);
            } while (w !== v);
            if (component.length > 1) found.push(component.sort());
        }
    };
    for (const v of graph.keys()) if (!index.has(v)) visit(v);
    return found;
}

describe('Apex architecture (issue #10)', () => {
    const classes = productionClasses();
    const graph = dependencies(classes);

    it('finds a cycle when there is one (the check can fail)', () => {
        const looped = new Map([
            ['A', new Set(['B'])],
            ['B', new Set(['C'])],
            ['C', new Set(['A'])],
            ['D', new Set(['A'])]
        ]);
        expect(cycles(looped)).toEqual([['A', 'B', 'C']]);
    });

    it('has no dependency cycle between the package classes', () => {
        expect(cycles(graph)).toEqual([]);
    });

    it('keeps the pipeline one-directional: downstream stages never name upstream ones', () => {
        const upstream: Record<string, string[]> = {
            D365SyncQueue: ['D365SyncService', 'D365AccountTriggerHandler'],
            D365SyncWorker: ['D365SyncService', 'D365SyncQueue', 'D365AccountTriggerHandler'],
            D365SyncResultWriter: ['D365SyncService', 'D365SyncQueue', 'D365SyncWorker'],
            D365AccountMirror: [
                'D365SyncService',
                'D365SyncWorker',
                'D365SyncResultWriter',
                'D365AccountTriggerHandler'
            ]
        };
        for (const [stage, above] of Object.entries(upstream)) {
            const named = [...(graph.get(stage) ?? [])].filter((c) => above.includes(c));
            expect({ stage, named }).toEqual({ stage, named: [] });
        }
    });

    it('claims rows in one place: only D365SyncClaims calls D365SyncTransitions.claim', () => {
        const claimers = [...classes].filter(([, src]) => /D365SyncTransitions\.claim\(/.test(src)).map(([n]) => n);
        expect(claimers).toEqual(['D365SyncClaims']);
    });

    it('lets the UI controllers read only through selectors (no SOQL of their own)', () => {
        for (const name of ['D365SyncAdminController', 'D365SyncStatusController', 'D365SyncMappingController']) {
            const src = classes.get(name) ?? '';
            const outbox = /\[\s*SELECT[\s\S]*?FROM\s+D365_Sync_(Request|Attempt)__c/i.test(src);
            const dynamic = /Database\.(query|queryWithBinds|countQuery|countQueryWithBinds)\s*\(/.test(src);
            expect({ name, outbox, dynamic }).toEqual({ name, outbox: false, dynamic: false });
        }
    });

    // Standard profile names are translated in an org of another language: `Name = 'Standard User'` finds nothing
    // there. Tests use D365TestDataFactory.standardProfileId() (license key + permission flags) instead.
    it('never looks a profile up by its English name (tests included)', () => {
        const offenders: string[] = [];
        for (const folder of readdirSync(CLASSES)) {
            for (const file of readdirSync(path.join(CLASSES, folder))) {
                if (!file.endsWith('.cls')) continue;
                const src = readFileSync(path.join(CLASSES, folder, file), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');
                if (/FROM\s+Profile\s+WHERE\s+Name\s*(=|IN|LIKE)/i.test(src)) offenders.push(file);
            }
        }
        expect(offenders).toEqual([]);
    });

    // An org refuses a class that declares the same method twice; the local runtime does not report it (seen in this
    // re-cut), so the package is checked here: identical top-level member declarations (4-space indent) in one file.
    it('declares no top-level method twice in one class', () => {
        const duplicates: string[] = [];
        for (const folder of readdirSync(CLASSES)) {
            for (const file of readdirSync(path.join(CLASSES, folder))) {
                if (!file.endsWith('.cls')) continue;
                const seen = new Set<string>();
                for (const line of code(readFileSync(path.join(CLASSES, folder, file), 'utf8')).split('\n')) {
                    const m = /^ {4}(?:@\w+\s+)*((?:public|private|protected|global)[^=;]*\([^)]*\))\s*\{\s*$/.exec(
                        line
                    );
                    if (!m) continue;
                    const signature = m[1].replace(/\s+/g, ' ');
                    if (seen.has(signature)) duplicates.push(`${file}: ${signature}`);
                    seen.add(signature);
                }
            }
        }
        expect(duplicates).toEqual([]);
    });
});
