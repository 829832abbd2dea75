// Platform Cache (Apex Reference, "Org Class" / "OrgPartition Class" / "Session Class" / "SessionPartition Class" /
// "Partition Class" / "CacheBuilder Interface"; Apex Developer Guide, "Platform Cache Partitions" and "Platform Cache
// Considerations"). Partitions come from the project's `cachePartitions/*.cachePartition-meta.xml` (Metadata API
// "PlatformCachePartition": isDefaultPartition, platformCachePartitionTypes with cacheType and allocatedCapacity).
// Modelled: put/get/contains/remove/getKeys through `Cache.Org` / `Cache.Session` (a `local.Partition.key`, or a bare
// key for the default partition), their `getPartition` (both are a `Cache.Partition`), and `get(Type, key)` with a
// `Cache.CacheBuilder` (doLoad runs on a miss and its result is cached), the `put` overloads taking a `Cache.Visibility`,
// and getPartition of a partition that does not exist (OrgCacheException / SessionCacheException, message refused). A partition with no allocation for the cache
// type ignores operations without an error ("cache operations aren't invoked and no error is returned"). The stores
// start empty in every test method. Values are primitives, enum values and collections of them, copied on put and on
// get (the platform serialises what it caches). The session cache exists in Apex tests only: "Session cache doesn't
// support asynchronous Apex" and anonymous blocks get an error whose text is not documented → unsupported there.
// Not modelled → unsupported: keys that are not alphanumeric or longer than 50 characters (the error is not
// documented), other values (sObjects, objects; item-size limits), TTL outside 300 s–48 h (org) / 8 h (session),
// getKeys() once a CacheBuilder value is cached (the key it is stored under is not documented), getCapacity() of a
// partition holding values, the other statistics methods.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import type { Interpreter } from '../interp/interpreter';
import { nativeSupertypes, registerNative } from '../interp/natives';
import { ApexList, ApexMap, ApexSet } from '../collections';
import { EnumValue, NativeObject, TypeValue } from '../interp/types';
import type { SchemaRegistry } from '../schema';
import * as V from '../values';
import { arity } from './core';
import { ApexThrow } from '../interp/exceptions';

interface Partition {
    name: string;
    isDefault: boolean;
    /** MB allocated to the org cache type */
    orgCapacity: number;
    /** MB allocated to the session cache type */
    sessionCapacity: number;
}

type Kind = 'org' | 'session';

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
            const types = (x.platformCachePartitionTypes ?? []) as X[];
            const capacity = (type: string) => Number(types.find((t) => t.cacheType === type)?.allocatedCapacity ?? 0);
            return {
                name: path.basename(f, '.cachePartition-meta.xml'),
                isDefault: x.isDefaultPartition === 'true',
                orgCapacity: capacity('Organization'),
                sessionCapacity: capacity('Session')
            };
        });
        parsed.set(schema, list);
    }
    return list;
}

/** Values per partition, fresh for every test method (the test state is per test). */
const stores = new WeakMap<object, Map<string, Map<string, unknown>>>();
function storeOf(it: Interpreter, p: Partition, kind: Kind): Map<string, unknown> {
    const owner = (it.services.test as object | undefined) ?? it.services;
    let byPartition = stores.get(owner);
    if (!byPartition) stores.set(owner, (byPartition = new Map()));
    const id = `${kind}:${p.name.toLowerCase()}`;
    let store = byPartition.get(id);
    if (!store) byPartition.set(id, (store = new Map()));
    return store;
}

/** Session cache: in an Apex test's synchronous code only (see the header). */
function checkSession(it: Interpreter): void {
    if (!it.services.test?.running)
        it.unsupported('Platform Cache: Cache.Session outside an Apex test (anonymous Apex gets an error)');
    const async = (it.services.asyncStack as unknown[] | undefined)?.length || (it.services.scheduledDepth ?? 0) > 0;
    if (async) it.unsupported('Platform Cache: Cache.Session in asynchronous Apex');
}

/** CacheBuilder values live under a key the platform does not document; kept apart from the plain keys. */
const BUILDER = '\u0000builder:';

function partitionNamed(it: Interpreter, qualified: string): Partition {
    const m = /^local\.([A-Za-z0-9]+)$/.exec(qualified);
    const p = m && partitions(it).find((x) => x.name.toLowerCase() === m[1].toLowerCase());
    return p || it.unsupported(`Platform Cache partition '${qualified}' (not a local partition of the project)`);
}

/**
 * getPartition of a name that names no partition of the project, `local.Name` or a bare `Name`: "An attempt is made to
 * access a partition that doesn't exist or whose name is invalid" is Cache.Org.OrgCacheException (Apex Reference,
 * "Cache Exceptions"); the session cache's partition-resolution error is Cache.Session.SessionCacheException (Session
 * Class, "Cache Key Format"). Their texts are not documented, so getMessage() of them is refused. A bare name that
 * does match a project partition stays unsupported in partitionNamed (the pages only show qualified names).
 */
function missingPartition(it: Interpreter, kind: Kind, name: unknown): void {
    if (typeof name !== 'string') return;
    const m = /^(?:local\.)?([A-Za-z0-9]+)$/.exec(name);
    if (!m || partitions(it).some((x) => x.name.toLowerCase() === m[1].toLowerCase())) return;
    const type = kind === 'org' ? 'Cache.Org.OrgCacheException' : 'Cache.Session.SessionCacheException';
    const e = it.makeException(type, null);
    e.exc!.messageUndocumented = true;
    throw new ApexThrow(e);
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

/** immutable primitives */
const PRIMITIVE = (v: unknown) =>
    v === null ||
    typeof v === 'string' ||
    typeof v === 'boolean' ||
    v instanceof EnumValue ||
    [V.ApexInteger, V.ApexLong, V.ApexDouble, V.ApexDecimal, V.ApexId, V.ApexDate, V.ApexDatetime].some(
        (c) => v instanceof c
    );

/** A copy of a cacheable value (primitives, enum values, collections of them), undefined for any other value. */
function copyValue(v: unknown): unknown {
    if (PRIMITIVE(v)) return v;
    if (v instanceof ApexList) {
        const items = v.items.map(copyValue);
        return items.some((x) => x === undefined) ? undefined : new ApexList(v.elemType, items);
    }
    if (v instanceof ApexSet) {
        const out = new ApexSet(v.elemType);
        for (const x of v.values()) if (PRIMITIVE(x)) out.add(x);
        return out.size === v.size ? out : undefined;
    }
    if (v instanceof ApexMap) {
        const out = new ApexMap(v.keyType, v.valType);
        for (const [k, x] of v.entries()) {
            const c = copyValue(x);
            if (!PRIMITIVE(k) || c === undefined) return undefined;
            out.set(k, c);
        }
        return out;
    }
    return undefined;
}

function cacheable(it: Interpreter, value: unknown): unknown {
    const copy = copyValue(value);
    if (copy === undefined || (typeof value === 'string' && value.length > 10000))
        return it.unsupported(
            'Platform Cache value other than a primitive, an enum value or a collection of them (at most 10,000 characters)'
        );
    return copy;
}

function capacityOf(p: Partition, kind: Kind): number {
    return kind === 'org' ? p.orgCapacity : p.sessionCapacity;
}

function put(it: Interpreter, p: Partition, kind: Kind, key: string, args: unknown[]): null {
    const value = cacheable(it, args[1]);
    // put(key, value, visibility) / put(key, value, ttlSecs, visibility, immutable): visibility and immutability
    // matter across namespaces only (Visibility Enum; Partition Class put)
    if (args.length >= 4 || (args.length === 3 && args[2] instanceof EnumValue)) {
        const vis = args.length === 3 ? args[2] : args[3];
        if (
            !(vis instanceof EnumValue) ||
            vis.typeName !== 'Cache.Visibility' ||
            (args.length === 5 && typeof args[4] !== 'boolean')
        )
            return it.unsupported(`Platform Cache put with ${args.length} arguments of these types`);
    }
    if (args.length === 3 || args.length === 5) {
        if (args.length === 3 && args[2] instanceof EnumValue) return storeIfAllocated(it, p, kind, key, value);
        const ttl = args[2] instanceof V.ApexInteger ? args[2].value : NaN;
        // org cache values live up to 48 hours, session cache values up to 8 hours (Platform Cache Considerations)
        const max = kind === 'org' ? 172800 : 28800;
        if (!(ttl >= 300 && ttl <= max)) return it.unsupported(`Platform Cache ${kind} TTL ${ttl}s`);
    }
    return storeIfAllocated(it, p, kind, key, value);
}

function storeIfAllocated(it: Interpreter, p: Partition, kind: Kind, key: string, value: unknown): null {
    if (capacityOf(p, kind) > 0) storeOf(it, p, kind).set(key, value);
    return null;
}

/** get(Type cacheBuilder, String key): the cached value, or doLoad(key)'s result, cached (CacheBuilder Interface). */
function build(it: Interpreter, p: Partition, kind: Kind, builder: unknown, key: string): unknown {
    if (!(builder instanceof TypeValue) || builder.t.k !== 'class' || builder.t.cls.builtin)
        return it.unsupported('Platform Cache get(Type, key) whose Type is not a CacheBuilder class of the project');
    const cls = builder.t.cls;
    if (!cls.isSubclassOf(it.program.builtins.get('cache.cachebuilder')!))
        return it.compileError(`${cls.name} does not implement Cache.CacheBuilder`);
    const store = storeOf(it, p, kind);
    const id = `${BUILDER}${cls.name.toLowerCase()}:${key}`;
    if (store.has(id)) return copyValue(store.get(id));
    const value = cacheable(it, it.callMethod(it.instantiate(cls, []), 'doLoad', [key]));
    if (capacityOf(p, kind) > 0) store.set(id, value);
    return copyValue(value);
}

type Target = (it: Interpreter, a: unknown[], self: unknown) => { p: Partition; key: string };

const ops = (kind: Kind, target: Target, keyTarget: (it: Interpreter, self: unknown) => Partition) => {
    const check = (it: Interpreter) => (kind === 'session' ? checkSession(it) : undefined);
    return {
        put: (it: Interpreter, a: unknown[], self: unknown) => {
            arity(it, a, 2, 3, 5);
            check(it);
            const { p, key } = target(it, a, self);
            return put(it, p, kind, key, a);
        },
        get: (it: Interpreter, a: unknown[], self: unknown) => {
            arity(it, a, 1, 2);
            check(it);
            if (a.length === 2) {
                const { p, key } = target(it, [a[1]], self);
                return build(it, p, kind, a[0], key);
            }
            const { p, key } = target(it, a, self);
            const v = storeOf(it, p, kind).get(key);
            return v === undefined ? null : copyValue(v);
        },
        contains: (it: Interpreter, a: unknown[], self: unknown) => {
            arity(it, a, 1);
            check(it);
            const { p, key } = target(it, a, self);
            return storeOf(it, p, kind).has(key);
        },
        remove: (it: Interpreter, a: unknown[], self: unknown) => {
            arity(it, a, 1, 2);
            check(it);
            if (a.length === 2) {
                const { p, key } = target(it, [a[1]], self);
                const cls = a[0] instanceof TypeValue && a[0].t.k === 'class' ? a[0].t.cls.name.toLowerCase() : null;
                if (!cls) return it.unsupported('Platform Cache remove(Type, key) whose Type is not a project class');
                return storeOf(it, p, kind).delete(`${BUILDER}${cls}:${key}`);
            }
            const { p, key } = target(it, a, self);
            return storeOf(it, p, kind).delete(key);
        },
        getkeys: (it: Interpreter, a: unknown[], self: unknown) => {
            arity(it, a, 0);
            check(it);
            const keys = [...storeOf(it, keyTarget(it, self), kind).keys()];
            if (keys.some((k) => k.startsWith(BUILDER)))
                return it.unsupported(
                    'Platform Cache getKeys() with a CacheBuilder value cached (its key is not documented)'
                );
            const out = new ApexSet({ k: 'prim', name: 'String' });
            keys.forEach((k) => out.add(k));
            return out;
        }
    };
};

const defaultPartition = (it: Interpreter): Partition =>
    partitions(it).find((x) => x.isDefault) ?? it.unsupported('Platform Cache getKeys() without a default partition');

const selfPartition = (it: Interpreter, self: unknown): Partition =>
    partitionNamed(it, `local.${String((self as NativeObject).state.name)}`);

for (const kind of ['org', 'session'] as const) {
    const outer = kind === 'org' ? 'Cache.Org' : 'Cache.Session';
    const partitionCls = kind === 'org' ? 'Cache.OrgPartition' : 'Cache.SessionPartition';
    registerNative(
        {
            name: outer,
            statics: {
                ...ops(kind, (it, a) => resolve(it, a[0]), defaultPartition),
                getpartition: (it, a) => {
                    arity(it, a, 1);
                    if (kind === 'session') checkSession(it);
                    missingPartition(it, kind, a[0]);
                    return new NativeObject(partitionCls, { name: partitionNamed(it, String(a[0])).name });
                }
            }
        },
        outer.toLowerCase()
    );
    registerNative(
        {
            name: partitionCls,
            methods: {
                ...ops(kind, (it, a, self) => ({ p: selfPartition(it, self), key: checkKey(it, a[0]) }), selfPartition),
                getname: (it, _a, self) => `local.${String((self as NativeObject).state.name)}`,
                // "the percentage of cache used of the total capacity": 0 while nothing is cached; otherwise unknown
                getcapacity: (it, a, self) => {
                    arity(it, a, 0);
                    if (storeOf(it, selfPartition(it, self), kind).size)
                        return it.unsupported('Platform Cache getCapacity() of a partition holding values');
                    return V.dbl(0);
                }
            }
        },
        partitionCls.toLowerCase()
    );
    nativeSupertypes.set(partitionCls, ['Cache.Partition']);
}
// the abstract supertype of OrgPartition and SessionPartition (Apex Reference, "Partition Class"): a declared type only
registerNative({ name: 'Cache.Partition' }, 'cache.partition');

// Cache.Visibility (Apex Reference, "Visibility Enum"): ALL (the default) or NAMESPACE. The project is one namespace, so
// both make a value visible to all of its code; the put overloads that take it store the value as put(key, value) does.
const VISIBILITY = new Map(
    ['ALL', 'NAMESPACE'].map((n, i) => [n.toLowerCase(), new EnumValue('Cache.Visibility', n, i)])
);
registerNative(
    {
        name: 'Cache.Visibility',
        staticProps: Object.fromEntries([...VISIBILITY].map(([k, v]) => [k, () => v])),
        statics: { values: () => new ApexList({ k: 'native', name: 'Cache.Visibility' }, [...VISIBILITY.values()]) }
    },
    'cache.visibility'
);
