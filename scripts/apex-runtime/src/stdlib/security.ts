// Security.stripInaccessible and its result, SObjectAccessDecision (Apex Reference, "Security Class",
// "SObjectAccessDecision Class", "AccessType Enum"; Apex Developer Guide, "Enforce Security with the
// stripInaccessible Method"). Field-level access is answered by the data layer's AccessModel for the running user;
// an answer it cannot decide ('unknown') is reported unsupported, never guessed. Modelled: READABLE, CREATABLE,
// UPDATABLE, UPSERTABLE over the populated fields of each record, parent records and child relationship lists
// recursively; the source records are left as they were; a removed field is no longer readable on the copy (it
// reads as not queried). Not modelled → unsupported: a root object the user cannot access while
// enforceRootObjectCRUD is true (the exception's text is not documented), the Id under CREATABLE, a relationship
// whose lookup field is itself stripped, and the permission-set overload.
import type { Interpreter } from '../interp/interpreter';
import { registerNative } from '../interp/natives';
import { EnumValue, NativeObject } from '../interp/types';
import { ApexList, ApexMap, ApexSet } from '../collections';
import { SObject } from '../db/sobject';
import type { AccessAnswer, AccessModel } from '../db/access';
import type { FieldInfo, SObjectInfo } from '../schema/types';
import * as V from '../values';

const ACCESS_TYPES = ['CREATABLE', 'READABLE', 'UPDATABLE', 'UPSERTABLE'].map(
    (n, i) => new EnumValue('System.AccessType', n, i)
);
registerNative(
    {
        name: 'AccessType',
        staticProps: Object.fromEntries(ACCESS_TYPES.map((e) => [e.name.toLowerCase(), () => e])),
        statics: { values: () => new ApexList({ k: 'native', name: 'System.AccessType' }, ACCESS_TYPES) }
    },
    'system.accesstype'
);

type Access = 'CREATABLE' | 'READABLE' | 'UPDATABLE' | 'UPSERTABLE';

interface Stripper {
    it: Interpreter;
    model: AccessModel;
    userId: string;
    access: Access;
    /** object API name → removed field API names, in the order first seen */
    removed: Map<string, Set<string>>;
}

function decided(it: Interpreter, what: string, a: AccessAnswer): boolean {
    if (a.result === 'unknown') return it.unsupported(`Security.stripInaccessible: ${what}: ${a.reason}`);
    return a.result === 'allow';
}

/** Whether the field passes the check of the access type (field-level security plus the field's own writability). */
function fieldPasses(s: Stripper, info: SObjectInfo, f: FieldInfo): boolean {
    const what = `${info.name}.${f.name}`;
    if (f.name === 'Id') {
        // the Id identifies the record for read, update and upsert; whether CREATABLE strips it is not documented
        if (s.access === 'CREATABLE')
            return s.it.unsupported('Security.stripInaccessible(CREATABLE) of a record with an Id');
        return true;
    }
    if (s.access === 'READABLE') return decided(s.it, what, s.model.fieldAccess(s.userId, info, f, 'read'));
    const writable =
        (s.access === 'CREATABLE' && f.createable) ||
        (s.access === 'UPDATABLE' && f.updateable) ||
        (s.access === 'UPSERTABLE' && f.createable && f.updateable);
    if (!writable) return false;
    return decided(s.it, what, s.model.fieldAccess(s.userId, info, f, 'edit'));
}

function strip(s: Stripper, source: SObject): { copy: SObject; modified: boolean } {
    const copy = source.copy();
    let modified = false;
    for (const [name] of source.populated()) {
        const f = source.info.fields.get(name.toLowerCase());
        if (!f || fieldPasses(s, source.info, f)) continue;
        copy.unsetRaw(f.name);
        copy.queried?.delete(f.name.toLowerCase());
        if (!s.removed.has(source.info.name)) s.removed.set(source.info.name, new Set());
        s.removed.get(source.info.name)!.add(f.name);
        modified = true;
    }
    for (const [rel, parent] of source.parents) {
        if (!parent) continue;
        const lookup = [...source.info.fields.values()].find((f) => f.relationshipName?.toLowerCase() === rel);
        if (lookup && !fieldPasses(s, source.info, lookup))
            s.it.unsupported(
                `Security.stripInaccessible of the relationship ${source.info.name}.${rel} whose lookup field is stripped`
            );
        const r = strip(s, parent);
        copy.parents.set(rel, r.copy);
        modified ||= r.modified;
    }
    for (const [rel, children] of source.children) {
        const copies = children.map((c) => strip(s, c));
        copy.children.set(
            rel,
            copies.map((r) => r.copy)
        );
        modified ||= copies.some((r) => r.modified);
    }
    return { copy, modified };
}

function stripInaccessible(it: Interpreter, a: unknown[]): NativeObject {
    if (a.length < 2 || a.length > 3) return it.unsupported(`Security.stripInaccessible with ${a.length} arguments`);
    const [type, records, enforceRoot] = a;
    if (type === null || records === null || records === undefined) it.npe();
    if (!(type instanceof EnumValue) || type.typeName !== 'System.AccessType')
        it.compileError('Security.stripInaccessible takes an AccessType first');
    if (!(records instanceof ApexList)) return it.compileError('Security.stripInaccessible takes a List<SObject>');
    const model = it.services.accessModel as AccessModel | undefined;
    if (!model) return it.unsupported('Security.stripInaccessible (no access model)');
    const userId = (it.services.database as { runningUserId: string }).runningUserId;
    const s: Stripper = { it, model, userId, access: type.name as Access, removed: new Map() };
    const out: SObject[] = [];
    const modified = new ApexSet({ k: 'prim', name: 'Integer' });
    records.items.forEach((r, i) => {
        // aggregate rows are refused by the platform with a message public suites quote ("AggregateResult SObject
        // types are not supported"), but the exception's type is not documented
        if (r !== null && typeof r === 'object' && (r as { kind?: string }).kind === 'AggregateResult')
            return it.unsupported('Security.stripInaccessible of AggregateResult rows (exception type not documented)');
        if (!(r instanceof SObject)) return it.npe();
        // enforceRootObjectCRUD (default true): the object-level check of the root records
        if (enforceRoot !== false) {
            const op = s.access === 'READABLE' ? 'read' : s.access === 'UPDATABLE' ? 'edit' : 'create';
            const ok = decided(it, `${op} on ${r.info.name}`, model.objectAccess(userId, r.info, op));
            if (!ok)
                it.unsupported(
                    `Security.stripInaccessible without ${op} access to ${r.info.name} (exception text not documented)`
                );
            if (
                s.access === 'UPSERTABLE' &&
                !decided(it, `edit on ${r.info.name}`, model.objectAccess(userId, r.info, 'edit'))
            )
                it.unsupported(
                    `Security.stripInaccessible without edit access to ${r.info.name} (exception text not documented)`
                );
        }
        const x = strip(s, r);
        out.push(x.copy);
        if (x.modified) modified.add(V.int(i));
    });
    const removed = new ApexMap({ k: 'prim', name: 'String' }, { k: 'set', elem: { k: 'prim', name: 'String' } });
    for (const [obj, names] of s.removed) {
        const set = new ApexSet({ k: 'prim', name: 'String' });
        for (const n of names) set.add(n);
        removed.set(obj, set);
    }
    return new NativeObject('SObjectAccessDecision', {
        records: new ApexList({ k: 'sobject', name: null }, out),
        removed,
        modified
    });
}

registerNative(
    {
        name: 'Security',
        statics: { stripinaccessible: (it, a) => stripInaccessible(it, a) }
    },
    'system.security'
);

registerNative(
    {
        name: 'SObjectAccessDecision',
        methods: {
            getrecords: (it, _a, self) => (self as NativeObject).state.records,
            getremovedfields: (it, _a, self) => (self as NativeObject).state.removed,
            getmodifiedindexes: (it, _a, self) => (self as NativeObject).state.modified
        }
    },
    'system.sobjectaccessdecision'
);
