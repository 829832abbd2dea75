/**
 * Platform Cache, org and session cache (stdlib/platform-cache.ts): partitions from the project's cachePartitions metadata
 * (Apex Developer Guide, "Platform Cache Partitions"); what the runtime cannot answer is unsupported.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadProgram } from '../../project/load';
import { Session } from '../../session';

const roots: string[] = [];
afterAll(() => roots.forEach((r) => fs.rmSync(r, { recursive: true, force: true })));

function project(partitions: { name: string; isDefault: boolean; org: number }[]): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'platform-cache-'));
    roots.push(root);
    const dir = path.join(root, 'force-app/main/default/cachePartitions');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(
        path.join(root, 'sfdx-project.json'),
        JSON.stringify({ packageDirectories: [{ path: 'force-app' }] })
    );
    for (const p of partitions) {
        fs.writeFileSync(
            path.join(dir, `${p.name}.cachePartition-meta.xml`),
            `<?xml version="1.0" encoding="UTF-8"?>
<PlatformCachePartition xmlns="http://soap.sforce.com/2006/04/metadata">
    <isDefaultPartition>${p.isDefault}</isDefaultPartition>
    <masterLabel>${p.name}</masterLabel>
    <platformCachePartitionTypes><allocatedCapacity>${p.org}</allocatedCapacity><cacheType>Organization</cacheType></platformCachePartitionTypes>
</PlatformCachePartition>`
        );
    }
    return root;
}

function run(root: string, apex: string): { outcome: { kind: string; construct?: string }; debug: string[] } {
    const s = new Session(loadProgram({ root, sourceDirs: [], classes: [], triggers: [] }), { projectDir: root });
    const outcome = s.runAnonymous(apex) as { kind: string; construct?: string };
    return { outcome, debug: s.debug.map((d) => d.message) };
}

describe('Platform Cache (org cache)', () => {
    const withDefault = project([
        { name: 'Main', isDefault: true, org: 5 },
        { name: 'Other', isDefault: false, org: 5 }
    ]);

    it('keeps partitions apart: a bare key goes to the default partition only', () => {
        const { outcome, debug } = run(
            withDefault,
            `Cache.Org.put('k', 'main');
             Cache.Org.put('local.Other.k', 'other');
             System.debug(Cache.Org.get('k') + ' ' + Cache.Org.get('local.Main.k') + ' ' + Cache.Org.getPartition('local.Other').get('k'));
             System.debug(Cache.Org.getPartition('local.Main').getName());`
        );
        expect(outcome).toEqual({ kind: 'ok' });
        expect(debug).toEqual(['main main other', 'local.Main']);
    });

    it('caches a copy of a collection of primitives, as the platform serialises what it caches', () => {
        const { outcome, debug } = run(
            withDefault,
            `List<Integer> xs = new List<Integer>{ 1, 2 };
             Cache.Org.put('k', xs);
             xs.add(3);
             List<Integer> got = (List<Integer>) Cache.Org.get('k');
             got.add(4);
             System.debug(Cache.Org.get('k'));`
        );
        expect(outcome).toEqual({ kind: 'ok' });
        expect(debug).toEqual(['(1, 2)']);
    });

    it.each([
        [
            'a bare key without a default partition',
            project([{ name: 'Only', isDefault: false, org: 5 }]),
            `Cache.Org.put('k', 1);`
        ],
        ['a bare partition name matching a project partition', withDefault, `Cache.Org.getPartition('Main');`],
        ['a key longer than 50 characters', withDefault, `Cache.Org.put('${'k'.repeat(51)}', 1);`],
        ['an sObject value', withDefault, `Cache.Org.put('k', new Account(Name = 'x'));`],
        ['a collection holding an sObject', withDefault, `Cache.Org.put('k', new List<Account>{ new Account() });`],
        ['the session cache in anonymous Apex', withDefault, `Cache.Session.put('k', 1);`],
        ['a TTL under 300 seconds', withDefault, `Cache.Org.put('k', 1, 299);`]
    ])('%s is unsupported', (_what, root, apex) => {
        // refused by the cache model itself, not by a missing Cache class
        expect(run(root, apex).outcome).toMatchObject({
            kind: 'unsupported',
            construct: expect.stringMatching(/Platform Cache/)
        });
    });

    it('getPartition of a partition the project does not define throws OrgCacheException (Cache Exceptions)', () => {
        const { outcome } = run(
            withDefault,
            `try { Cache.Org.getPartition('local.Missing'); } catch (Cache.Org.OrgCacheException e) { System.debug(e.getTypeName()); }`
        );
        expect(outcome).toEqual({ kind: 'ok' });
        expect(run(withDefault, `Cache.Org.getPartition('local.Missing');`).outcome).toMatchObject({
            kind: 'exception',
            type: 'Cache.Org.OrgCacheException'
        });
    });
});
