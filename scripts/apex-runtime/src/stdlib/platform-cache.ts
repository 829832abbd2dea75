// Platform Cache, org cache only (Apex Reference, "Org Class" / "OrgPartition Class" / "Partition Class"; Apex
// Developer Guide, "Platform Cache Partitions"). Partitions come from the project's
// `cachePartitions/*.cachePartition-meta.xml` (Metadata API "PlatformCachePartition": isDefaultPartition,
// platformCachePartitionTypes with cacheType and allocatedCapacity). Modelled: put/get/contains/remove through
// `Cache.Org` (a `local.Partition.key`, or a bare key for the default partition) and `Cache.Org.getPartition`.
// A partition with no org allocation ignores operations without an error ("cache operations aren't invoked and no
// error is returned"). The store starts empty in every test method. Not modelled → unsupported: Cache.Session (no
// documented session in an Apex test), keys that are not alphanumeric or longer than 50 characters (the error is
// not documented), values other than primitives (serialisation and item-size limits), TTL outside the org cache's
// 300 s–48 h, other overloads and the capacity/statistics methods.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { Interpreter } from '../interp/interpreter';
import { registerNative } from '../interp/natives';
import { NativeObject } from '../interp/types';
import type { SchemaRegistry } from '../schema';
import * as V from '../values';
import { arity } from './core';

interface Partition {
    name: string;
    isDefault: boolean;
    /** MB allocated to the org cache type */
    orgCapacity: number;
}

type X = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const xml = new XMLParser({
    parseTagValue: false,
    trimValues: true,
    isArray: (n) => n === 'platformCachePartitionTypes'
});
const parsed = new WeakMap<SchemaRegistry, Partition[]>();

function partitions(it: Interpreter): Partition[] {
    const schema = it.services.schema as SchemaRegistry | undefined;
    if (!schema) return [];
    let list = parsed.get(schema);
    if (!list) {
        list = (schema.setup.cachePartitionFiles ?? []).map((f) => {
            const x = (xml.parse(fs.readFileSync(f, 'utf8')).PlatformCachePartition ?? {}) as X;
            const org = ((x.platformCachePartitionTypes ?? []) as X[]).find((t) => t.cacheType === 'Organization');
            return {
                name: path.basename(f, '.cachePartition-meta.xml'),
                isDefault: x.isDefaultPartition === 'true',
                orgCapacity: Number(org?.allocatedCapacity ?? 0)
            };
        });
        parsed.set(schema, list);
    }
    return list;
}

/** Values per partition, fresh for every test method (the test state is per test). */
const stores = new WeakMap<object, Map<string, Map<string, unknown>>>();
function storeOf(it: Interpreter, p: Partition): Map<string, unknown> {
    const owner = (it.services.test as object | undefined) ?? it.services;
    let byPartition = stores.get(owner);
    if (!byPartition) stores.set(owner, (byPartition = new Map()));
    let store = byPartition.get(p.name.toLowerCase());
    if (!store) byPartition.set(p.name.toLowerCase(), (store = new Map()));
    return store;
}

function partitionNamed(it: Interpreter, qualified: string): Partition {
    const m = /^local\.([A-Za-z0-9]+)$/.exec(qualified);
    const p = m && partitions(it).find((x) => x.name.toLowerCase() === m[1].toLowerCase());
    return p || it.unsupported(`Platform Cache partition '${qualified}' (not a local partition of the project)`);
}

/** `local.Partition.key` → that partition; a bare key → the default partition. */
function resolve(it: Interpreter, fullKey: unknown): { p: Partition; key: string } {
    if (typeof fullKey !== 'string') return it.unsupported('Platform Cache key that is not a String');
    const parts = fullKey.split('.');
    if (parts.length === 3) return { p: partitionNamed(it, `${parts[0]}.${parts[1]}`), key: checkKey(it, parts[2]) };
    if (parts.length !== 1) return it.unsupported(`Platform Cache key '${fullKey}'`);
    const p = partitions(it).find((x) => x.isDefault);
    return p
        ? { p, key: checkKey(it, fullKey) }
        : it.unsupported(`Platform Cache key '${fullKey}' without a default partition`);
}

function checkKey(it: Interpreter, key: unknown): string {
    if (typeof key !== 'string' || !/^[A-Za-z0-9]{1,50}$/.test(key))
        return it.unsupported(`Platform Cache key ${JSON.stringify(key)} (not 1-50 alphanumeric characters)`);
    return key;
}

/** immutable primitives (the platform serialises values; copies of collections or objects are not modelled) */
const PRIMITIVE = (v: unknown) =>
    v === null ||
    typeof v === 'string' ||
    typeof v === 'boolean' ||
    [V.ApexInteger, V.ApexLong, V.ApexDouble, V.ApexDecimal, V.ApexId, V.ApexDate, V.ApexDatetime].some(
        (c) => v instanceof c
    );

function put(it: Interpreter, p: Partition, key: string, args: unknown[]): null {
    const value = args[1];
    if (!PRIMITIVE(value) || (typeof value === 'string' && value.length > 10000))
        return it.unsupported('Platform Cache value other than a primitive of at most 10,000 characters');
    if (args.length === 3) {
        const ttl = args[2] instanceof V.ApexInteger ? args[2].value : NaN;
        if (!(ttl >= 300 && ttl <= 172800)) return it.unsupported(`Platform Cache org TTL ${ttl}s`);
    }
    if (p.orgCapacity > 0) storeOf(it, p).set(key, value);
    return null;
}

const ops = (target: (it: Interpreter, a: unknown[], self: unknown) => { p: Partition; key: string }) => ({
    put: (it: Interpreter, a: unknown[], self: unknown) => {
        arity(it, a, 2, 3);
        const { p, key } = target(it, a, self);
        return put(it, p, key, a);
    },
    get: (it: Interpreter, a: unknown[], self: unknown) => {
        arity(it, a, 1);
        const { p, key } = target(it, a, self);
        return storeOf(it, p).get(key) ?? null;
    },
    contains: (it: Interpreter, a: unknown[], self: unknown) => {
        arity(it, a, 1);
        const { p, key } = target(it, a, self);
        return storeOf(it, p).has(key);
    },
    remove: (it: Interpreter, a: unknown[], self: unknown) => {
        arity(it, a, 1);
        const { p, key } = target(it, a, self);
        return storeOf(it, p).delete(key);
    }
});

registerNative(
    {
        name: 'Cache.Org',
        statics: {
            ...ops((it, a) => resolve(it, a[0])),
            getpartition: (it, a) => {
                arity(it, a, 1);
                return new NativeObject('Cache.OrgPartition', { name: partitionNamed(it, String(a[0])).name });
            }
        }
    },
    'cache.org'
);
registerNative(
    {
        name: 'Cache.OrgPartition',
        methods: {
            ...ops((it, a, self) => ({
                p: partitionNamed(it, `local.${String((self as NativeObject).state.name)}`),
                key: checkKey(it, a[0])
            })),
            getname: (it, _a, self) => `local.${String((self as NativeObject).state.name)}`
        }
    },
    'cache.orgpartition'
);
