// List, Set and Map methods (Apex Reference Guide: List Class, Set Class, Map Class).
import * as V from '../values';
import type { Interpreter } from '../interp/interpreter';
import { registerNative, registerValueMethods, type NativeFn } from '../interp/natives';
import { ApexList, ApexMap, ApexSet } from '../collections';
import { ApexObject, EnumValue, NativeObject, typeToString, type RType } from '../interp/types';
import { sobjectTypeToken } from '../interp/describe';
import { arity, jsInt } from './core';
import { recordMapKey } from '../interp/record-keys';
import { SObject, undecidedValue } from '../db';

const READONLY_TIMESTAMPS = ['createddate', 'createdbyid', 'lastmodifieddate', 'lastmodifiedbyid', 'systemmodstamp'];

/** A record copied by Map.deepClone: Id kept, read-only timestamps and auto-numbers undecided (see deepclone). */
function deepCloneRecord(r: SObject): SObject {
    const c = r.clone(true, true, true, true);
    for (const f of r.info.fields.values()) {
        const l = f.name.toLowerCase();
        if (!(READONLY_TIMESTAMPS.includes(l) || f.type === 'AutoNumber') || r.getRaw(l) === undefined) continue;
        c.setRaw(l, undecidedValue(`${r.info.name}.${f.name} of a record copied by Map.deepClone() (not documented)`));
        c.unmodelled.get(l)!.written = true;
    }
    return c;
}

const L = (s: unknown) => s as ApexList;
const S = (s: unknown) => s as ApexSet;
const M = (s: unknown) => s as ApexMap;

function itemsOf(it: Interpreter, v: unknown): unknown[] {
    if (v === null || v === undefined) return it.npe();
    if (v instanceof ApexList) return v.items;
    if (v instanceof ApexSet) return v.values();
    return it.compileError(`expected a collection, got ${it.typeOf(v)}`);
}

/** Natural ordering used by List.sort(): numbers, strings (case-sensitive? see below), dates, enums, sObjects. */
export function naturalCompare(it: Interpreter, a: unknown, b: unknown): number {
    if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1; // nulls first
    if (b === null || b === undefined) return 1;
    if (a instanceof EnumValue && b instanceof EnumValue) return a.ordinal - b.ordinal;
    if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0; // code-unit order
    if (V.isPrimitive(a) && V.isPrimitive(b)) {
        const c = V.primitiveCompare(a as V.ApexPrimitive, b as V.ApexPrimitive);
        if (c !== undefined) return c;
    }
    if (a instanceof ApexObject) {
        if (a.cls.findMethods('compareto').length) return jsInt(it, it.callMethod(a, 'compareTo', [b]));
        it.throwApex('ListException', 'One or more of the items in this list is not Comparable');
    }
    if (it.sobjectHooks.typeOf(a) && it.sobjectHooks.typeOf(b) && it.services.compareSObjects)
        return it.services.compareSObjects(a, b);
    if (it.sobjectHooks.typeOf(a)) return it.unsupported('List<SObject>.sort() (sObject ordering)');
    return it.unsupported(`sorting ${it.typeOf(a)}`);
}

const listMethods: Record<string, NativeFn> = {
    add: (it, a, s) => {
        arity(it, a, 1, 2);
        const l = L(s);
        if (a.length === 2) {
            const i = jsInt(it, a[0]);
            if (i < 0 || i > l.items.length) it.throwApex('ListException', `List index out of bounds: ${i}`);
            l.items.splice(i, 0, it.coerce(a[1], l.elemType));
        } else l.items.push(it.coerce(a[0], l.elemType));
        it.tx.limits.heap(8);
        return null;
    },
    addall: (it, a, s) => {
        const l = L(s);
        for (const x of itemsOf(it, a[0]).slice()) l.items.push(it.coerce(x, l.elemType));
        return null;
    },
    get: (it, a, s) => L(s).items[it.listIndex(L(s), a[0])],
    set: (it, a, s) => {
        const l = L(s);
        l.items[it.listIndex(l, a[0])] = it.coerce(a[1], l.elemType);
        return null;
    },
    remove: (it, a, s) => {
        const l = L(s);
        const i = it.listIndex(l, a[0]);
        return l.items.splice(i, 1)[0];
    },
    size: (it, _a, s) => V.int(L(s).items.length),
    isempty: (it, _a, s) => L(s).items.length === 0,
    clear: (it, _a, s) => {
        L(s).items.length = 0;
        return null;
    },
    contains: (it, a, s) => L(s).items.some((x) => it.valueEquals(x, a[0])),
    indexof: (it, a, s) => V.int(L(s).items.findIndex((x) => it.valueEquals(x, a[0]))),
    clone: (it, _a, s) => new ApexList(L(s).elemType, L(s).items.slice()),
    // List.deepClone(preserveId, preserveReadonlyTimestamps, preserveAutonumber), all false by default (Apex
    // Reference, "List Class"): each sObject is cloned deeply with those flags
    deepclone: (it, a, s) => {
        const l = L(s);
        // AggregateResult "is a read-only sObject" (Apex Developer Guide, "Working with SOQL Aggregate Functions"):
        // its rows are duplicated too (it has no Id, timestamps or autonumber fields for the flags to keep)
        if (l.items.length && l.items.every(isAggregateRow))
            return new ApexList(
                l.elemType,
                l.items.map((x) => copyAggregateRow(x as AggregateRowLike))
            );
        if (l.elemType.k !== 'sobject') return it.unsupported('List.deepClone on non-sObject lists');
        const [preserveId, timestamps, autonumber] = [0, 1, 2].map((i) => a[i] === true);
        return new ApexList(
            l.elemType,
            l.items.map((x) =>
                x === null
                    ? null
                    : it.callValueMethod(x, 'clone', [preserveId, true, timestamps, autonumber], it.curLine)
            )
        );
    },
    sort: (it, a, s) => {
        const l = L(s);
        if (a.length === 1) {
            const cmp = a[0];
            l.items.sort((x, y) => jsInt(it, it.invokeOn(cmp, 'compare', [x, y])));
        } else l.items.sort((x, y) => naturalCompare(it, x, y));
        return null;
    },
    equals: (it, a, s) => it.valueEquals(s, a[0]),
    hashcode: (it, _a, s) => V.int(hashOf(it.hashKey(s))),
    tostring: (it, _a, s) => it.str(s),
    // List.iterator(): a snapshot iterator (Iterator Interface: hasNext / next)
    iterator: (_it, _a, s) =>
        new NativeObject('System.ListIterator', { list: L(s), items: L(s).items, size: L(s).items.length, pos: 0 }),
    // "Returns the token of the sObject type that makes up a list of sObjects" (Apex Reference, "List Class"). A list
    // created as List<SObject> answers null whatever it holds [Obs]: fflib-apex-common issue #82 ("will return null if
    // the List is not of a concrete type") and fflib_ApplicationTest, which expects null for `new List<SObject>()`.
    getsobjecttype: (it, _a, s) => {
        const t = L(s).elemType;
        if (t.k !== 'sobject') return it.unsupported(`List<${typeToString(t)}>.getSObjectType()`);
        return t.name === null ? null : sobjectTypeToken(t.name);
    }
};
interface AggregateRowLike {
    kind: 'AggregateResult';
    names: string[];
    values: Map<string, unknown>;
    set(name: string, v: unknown): void;
}
const isAggregateRow = (x: unknown): boolean =>
    typeof x === 'object' && x !== null && (x as { kind?: string }).kind === 'AggregateResult';
function copyAggregateRow(x: AggregateRowLike): AggregateRowLike {
    const c = new (x.constructor as new () => AggregateRowLike)();
    for (const n of x.names) c.set(n, x.values.get(n.toLowerCase()));
    return c;
}
function hashOf(s: string): number {
    let h = 0;
    for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
    return h;
}
registerValueMethods('List', listMethods);
interface ListIterState {
    list: ApexList;
    items: unknown[];
    size: number;
    pos: number;
}
function iterState(it: Interpreter, self: unknown): ListIterState {
    const st = (self as NativeObject).state as unknown as ListIterState;
    // what the platform does when the list changes under an iterator is not documented
    if (st.list.items !== st.items || st.items.length !== st.size)
        return it.unsupported('a List modified while an Iterator over it is in use');
    return st;
}
registerNative({
    name: 'System.ListIterator',
    methods: {
        hasnext: (it, _a, self) => {
            const st = iterState(it, self);
            return st.pos < st.items.length;
        },
        next: (it, _a, self) => {
            const st = iterState(it, self);
            // the platform's exception for next() past the end is not documented
            if (st.pos >= st.items.length) return it.unsupported('Iterator.next() past the end of a List');
            return st.items[st.pos++];
        }
    }
});

interface SetIterState {
    set: ApexSet;
    items: unknown[];
    pos: number;
}
function setIterState(it: Interpreter, self: unknown): SetIterState {
    const st = (self as NativeObject).state as unknown as SetIterState;
    // as for a List: what the platform does when the set changes under an iterator is not documented
    const now = st.set.values();
    if (now.length !== st.items.length || now.some((x, i) => x !== st.items[i]))
        return it.unsupported('a Set modified while an Iterator over it is in use');
    return st;
}
registerNative({
    name: 'System.SetIterator',
    methods: {
        hasnext: (it, _a, self) => {
            const st = setIterState(it, self);
            return st.pos < st.items.length;
        },
        next: (it, _a, self) => {
            const st = setIterState(it, self);
            if (st.pos >= st.items.length) return it.unsupported('Iterator.next() past the end of a Set');
            return st.items[st.pos++];
        }
    }
});
registerValueMethods('Set', {
    // Set.iterator() (Apex Reference, "Set Class"): the elements in the order a for loop visits them
    iterator: (_it, _a, s) => new NativeObject('System.SetIterator', { set: S(s), items: S(s).values(), pos: 0 }),
    add: (it, a, s) => S(s).add(it.coerce(a[0], S(s).elemType)),
    addall: (it, a, s) => {
        let changed = false;
        for (const x of itemsOf(it, a[0]).slice()) changed = S(s).add(it.coerce(x, S(s).elemType)) || changed;
        return changed;
    },
    contains: (it, a, s) => S(s).has(a[0]),
    containsall: (it, a, s) => itemsOf(it, a[0]).every((x) => S(s).has(x)),
    remove: (it, a, s) => S(s).delete(a[0]),
    removeall: (it, a, s) => {
        let changed = false;
        for (const x of itemsOf(it, a[0]).slice()) changed = S(s).delete(x) || changed;
        return changed;
    },
    retainall: (it, a, s) => {
        const keep = new ApexSet(S(s).elemType);
        for (const x of itemsOf(it, a[0])) keep.add(x);
        let changed = false;
        for (const x of S(s).values()) if (!keep.has(x)) changed = S(s).delete(x) || changed;
        return changed;
    },
    size: (it, _a, s) => V.int(S(s).size),
    isempty: (it, _a, s) => S(s).size === 0,
    clear: (it, _a, s) => {
        S(s).clear();
        return null;
    },
    clone: (it, _a, s) => {
        const c = new ApexSet(S(s).elemType);
        for (const x of S(s).values()) c.add(x);
        return c;
    },
    equals: (it, a, s) => it.valueEquals(s, a[0]),
    hashcode: (it, _a, s) => V.int(hashOf(it.hashKey(s))),
    tostring: (it, _a, s) => it.str(s)
});

registerValueMethods('Map', {
    put: (it, a, s) => M(s).set(it.coerce(a[0], M(s).keyType), it.coerce(a[1], M(s).valType)),
    putall: (it, a, s) => {
        const src = a[0];
        if (src instanceof ApexMap) for (const [k, v] of src.entries()) M(s).set(k, v);
        else if (src instanceof ApexList) for (const r of src.items) M(s).set(recordMapKey(it, r, M(s).keyType), r);
        else it.npe();
        return null;
    },
    get: (it, a, s) => M(s).get(a[0]),
    containskey: (it, a, s) => M(s).has(a[0]),
    remove: (it, a, s) => M(s).delete(a[0]),
    keyset: (it, _a, s) => {
        const out = new ApexSet(M(s).keyType);
        for (const k of M(s).keys()) out.add(k);
        return out;
    },
    values: (it, _a, s) => new ApexList(M(s).valType, M(s).values()),
    size: (it, _a, s) => V.int(M(s).size),
    isempty: (it, _a, s) => M(s).size === 0,
    clear: (it, _a, s) => {
        M(s).clear();
        return null;
    },
    clone: (it, _a, s) => {
        const c = new ApexMap(M(s).keyType, M(s).valType);
        for (const [k, v] of M(s).entries()) c.set(k, v);
        return c;
    },
    // Map.deepClone "makes a duplicate copy of a map, including sObject records if this is a map with sObject record
    // values" (Apex Reference, "Map Class"). The copies keep their Ids [Obs]: apex-rollup re-keys
    // `Trigger.oldMap.deepClone().values()` by record Id (RollupFieldInitializer.createSafeMap) in trigger rollups that
    // pass in orgs. Whether read-only timestamps and auto-numbers are kept is not documented: such a field the original
    // holds is undecided on the copy (Unsupported when read or written). Nested collections / objects are not
    // described, so other values stay unsupported.
    deepclone: (it, _a, s) => {
        const m = M(s);
        const immutable = (t: RType): boolean => t.k === 'prim' || (t.k === 'class' && t.cls.kind === 'enum');
        const records = m.valType.k === 'sobject';
        if (!immutable(m.valType) && !records)
            return it.unsupported(`Map<${typeToString(m.keyType)}, ${typeToString(m.valType)}>.deepClone()`);
        const c = new ApexMap(m.keyType, m.valType);
        for (const [k, v] of m.entries()) c.set(k, records && v instanceof SObject ? deepCloneRecord(v) : v);
        return c;
    },
    equals: (it, a, s) => it.valueEquals(s, a[0]),
    hashcode: (it, _a, s) => V.int(hashOf(it.hashKey(s))),
    tostring: (it, _a, s) => it.str(s)
});

export type { RType };
