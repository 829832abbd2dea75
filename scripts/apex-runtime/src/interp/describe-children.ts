// DescribeSObjectResult.getChildRelationships() and Schema.ChildRelationship (Apex Reference, "ChildRelationship
// Class": getChildSObject, getField, getRelationshipName, isCascadeDelete, isRestrictedDelete), and getLabelPlural.
// Only project custom objects are answered: a standard object's platform list carries system relationships the
// curated catalogue does not hold, so its list would be incomplete → unsupported.
import { ApexList, ApexMap, partialList } from '../collections';
import type { Expr, Stmt } from '../frontend/ast';
import type { ChildRelationship, SchemaRegistry, SObjectInfo } from '../schema';
import type { Interpreter } from './interpreter';
import { registerNative } from './natives';
import { NativeObject } from './types';

const schemaOf = (it: Interpreter): SchemaRegistry =>
    (it.services.schema as SchemaRegistry | undefined) ?? it.unsupported('Schema describe (no schema loaded)');

const projectObject = (info: SObjectInfo): boolean =>
    info.custom && !info.isCustomMetadata && !info.isCustomSetting && !info.isPlatformEvent;

export function childRelationshipsOf(it: Interpreter, info: SObjectInfo): ApexList {
    const rels = [...info.childRelationships.values()].map(
        (r) => new NativeObject('Schema.ChildRelationship', { parent: info.name, name: r.name })
    );
    const elem = { k: 'native', name: 'Schema.ChildRelationship' } as const;
    // a standard object's list is known only in part: a loop may look for a catalogued relationship and stop there
    if (!projectObject(info))
        return partialList(elem, rels, `getChildRelationships() of ${info.name}`, (body, loopVar, evaluate) => {
            // a search whose key no unknown relationship can hold does nothing for them
            const guard = keyGuard(body, loopVar);
            if (guard !== null && unknownNeverMatches(it, info, guard.getter, evaluate(guard.value))) return true;
            // a loop that only indexes the relationships into a map by a unique key: the map is known for every key
            // no unknown relationship holds (a later `get` of another key, its size or its entries stay unsupported)
            const put = keyedPut(body, loopVar);
            if (put === null) return false;
            const map = evaluate(put.map);
            if (!(map instanceof ApexMap) || map.partialKeys || Object.getPrototypeOf(map) !== ApexMap.prototype)
                return false;
            map.partialKeys = {
                what: `a map filled from getChildRelationships() of ${info.name}`,
                knows: (key) => unknownNeverMatches(it, info, put.getter, key)
            };
            return true;
        });
    return new ApexList(elem, rels);
}

/** An expression whose evaluation has no effect and does not read the loop variable: a literal or a dotted name. */
function pureRead(e: Expr, loopVar: string): boolean {
    if (e.kind === 'Lit') return true;
    if (e.kind === 'Name') return e.name.toLowerCase() !== loopVar;
    if (e.kind === 'Dot') return !e.safe && pureRead(e.target, loopVar);
    return false;
}

/** `loopVar.getter()` (no arguments, not `?.`): the getter's lower-case name, else null. */
function loopVarGetter(e: Expr, loopVar: string): string | null {
    return e.kind === 'Call' &&
        !e.safe &&
        e.args.length === 0 &&
        e.target?.kind === 'Name' &&
        e.target.name.toLowerCase() === loopVar
        ? e.name.toLowerCase()
        : null;
}

const bodyStatements = (body: Stmt): Stmt[] => (body.kind === 'Block' ? body.stmts : [body]);

/** `loopVar.getter() <op> value` (either side), the getter called without arguments. */
function keyTest(e: Expr, loopVar: string, op: '==' | '!='): { getter: string; value: Expr } | null {
    // `row.getRelationshipName().equals(v)` / `.equalsIgnoreCase(v)`: the same test as `==` (names compare ignoring case)
    if (
        op === '==' &&
        e.kind === 'Call' &&
        !e.safe &&
        e.args.length === 1 &&
        ['equals', 'equalsignorecase'].includes(e.name.toLowerCase()) &&
        e.target &&
        pureRead(e.args[0], loopVar)
    ) {
        const getter = loopVarGetter(e.target, loopVar);
        return getter === null ? null : { getter, value: e.args[0] };
    }
    if (e.kind !== 'Bin' || e.op !== op) return null;
    for (const [call, value] of [
        [e.left, e.right],
        [e.right, e.left]
    ] as const) {
        const getter = loopVarGetter(call, loopVar);
        if (getter !== null && pureRead(value, loopVar)) return { getter, value };
    }
    return null;
}

const leftmost = (e: Expr, op: '&&' | '||'): Expr => (e.kind === 'Bin' && e.op === op ? leftmost(e.left, op) : e);

const onlyContinue = (st: Stmt): boolean =>
    st.kind === 'Continue' || (st.kind === 'Block' && st.stmts.length === 1 && st.stmts[0].kind === 'Continue');

/**
 * A for-each body that is the lone statement `m.put(v.getKey(), v)` or `m.put(v.getKey(), v.getOther())` (getters
 * without arguments on the loop variable, `m` a dotted name): what it does for an unknown element is to add an entry
 * under that element's key, and nothing else.
 */
function keyedPut(body: Stmt, loopVar: string): { map: Expr; getter: string } | null {
    const stmts = bodyStatements(body);
    const st = stmts[0];
    if (stmts.length !== 1) return null;
    // `if (row.getKey() != null) m.put(…)`: a guard that only reads the element decides whether the put happens
    if (st?.kind === 'If' && st.else === null && guardReadsOnly(st.cond, loopVar)) return keyedPut(st.then, loopVar);
    if (st?.kind !== 'ExprStmt') return null;
    const e = st.expr;
    if (e.kind !== 'Call' || e.safe || e.name.toLowerCase() !== 'put' || e.args.length !== 2) return null;
    if (!e.target || !pureRead(e.target, loopVar) || e.target.kind === 'Lit') return null;
    const key = loopVarGetter(e.args[0], loopVar);
    const value = e.args[1];
    const valueOk =
        (value.kind === 'Name' && value.name.toLowerCase() === loopVar) || loopVarGetter(value, loopVar) !== null;
    return key && valueOk ? { map: e.target, getter: key } : null;
}

/** A condition of comparisons, `!`, `&&`, `||` over literals, dotted names and argument-free getters of the loop variable. */
function guardReadsOnly(e: Expr, loopVar: string): boolean {
    switch (e.kind) {
        case 'Lit':
            return true;
        case 'Name':
            return e.name.toLowerCase() === loopVar || pureRead(e, loopVar);
        case 'Dot':
            return pureRead(e, loopVar);
        case 'Unary':
            return e.op === '!' && guardReadsOnly(e.expr, loopVar);
        case 'Bin':
            return (
                ['==', '!=', '&&', '||'].includes(e.op) &&
                guardReadsOnly(e.left, loopVar) &&
                guardReadsOnly(e.right, loopVar)
            );
        case 'Call':
            return loopVarGetter(e, loopVar) !== null;
        default:
            return false;
    }
}

/**
 * The key test that, when false, makes a for-each body do nothing for an element: the body is a lone
 * `if (v.getX() == e && …) {…}` (no else), or starts with `if (v.getX() != e || …) continue;`. Both tests are
 * evaluated first, so nothing else in the body runs for an element that fails them.
 */
function keyGuard(body: Stmt, loopVar: string): { getter: string; value: Expr } | null {
    const stmts = bodyStatements(body);
    const first = stmts[0];
    if (first?.kind !== 'If' || first.else !== null) return null;
    if (stmts.length === 1) {
        const k = keyTest(leftmost(first.cond, '&&'), loopVar, '==');
        if (k) return k;
    }
    return onlyContinue(first.then) ? keyTest(leftmost(first.cond, '||'), loopVar, '!=') : null;
}

/**
 * Whether `rel.<getter>() == value` is false for every relationship of `info` the catalogue lacks. A relationship
 * name is unique among an object's child relationships (a subquery names one by it: SOQL and SOSL Reference,
 * "Understanding Relationship Names": a child relationship name "is unique to the parent"), and a child field relates
 * to a given parent once, so a name or field token that a catalogued relationship holds belongs to no other; every relationship has a child object and a field, so
 * neither getter answers null. Only relationships from a field aimed at this object count: one from an "any object"
 * field (Task.WhatId, Attachment.ParentId) is given to every object, and on some the org has none or another one.
 */
function unknownNeverMatches(it: Interpreter, info: SObjectInfo, getter: string, value: unknown): boolean {
    const known = [...info.childRelationships.values()].filter(
        (r) => schemaOf(it).getField(r.childObject, r.field)?.anyReference !== true
    );
    switch (getter) {
        case 'getrelationshipname':
            return typeof value === 'string' && known.some((r) => r.name.toLowerCase() === value.toLowerCase());
        case 'getfield': {
            if (value === null) return true;
            if (!(value instanceof NativeObject) || value.cls !== 'Schema.SObjectField') return false;
            const { object, name } = value.state as { object: string; name: string };
            return known.some(
                (r) =>
                    r.childObject.toLowerCase() === String(object).toLowerCase() &&
                    r.field.toLowerCase() === String(name).toLowerCase()
            );
        }
        case 'getchildsobject': {
            // every relationship whose child is a project custom metadata type is known: all of that type's fields
            // are the project's (Metadata API, "Custom Metadata Types (CustomObject)": only the type's own package
            // adds fields to it) and its standard fields hold no relationship
            if (value === null) return true;
            if (!(value instanceof NativeObject) || value.cls !== 'Schema.SObjectType') return false;
            return schemaOf(it).getObject(String(value.state.name))?.isCustomMetadata === true;
        }
        default:
            return false;
    }
}

/** `<pluralLabel>` of a project custom object, or a listed standard object's default (unless the project renames it). */
export function labelPluralOf(it: Interpreter, info: SObjectInfo): string {
    return (info.custom || info.standardLabelsKnown) && info.labelPlural !== undefined
        ? info.labelPlural
        : it.unsupported(`plural label of ${info.name}`);
}

const relKey = (self: unknown): string => {
    const st = (self as NativeObject).state;
    return `${String(st.parent)}.${String(st.name)}`.toLowerCase();
};

const relOf = (it: Interpreter, self: unknown): ChildRelationship => {
    const st = (self as NativeObject).state;
    return schemaOf(it).requireObject(String(st.parent)).childRelationships.get(String(st.name).toLowerCase())!;
};

/**
 * Delete behaviour is known only for a relationship the project declares: master-detail cascades, a lookup's
 * `deleteConstraint` Restrict restricts (Metadata API "CustomField": SetNull is the default). A lookup with Cascade
 * (enabled by Salesforce Support) or a catalogue relationship (ContentDocumentLinks…) → unsupported.
 */
const deleteRule = (it: Interpreter, self: unknown, what: 'cascade' | 'restrict'): boolean => {
    const r = relOf(it, self);
    const f = schemaOf(it).getField(r.childObject, r.field);
    if (!f?.custom || f.deleteConstraint === 'Cascade')
        return it.unsupported(
            `ChildRelationship.is${what === 'cascade' ? 'Cascade' : 'Restricted'}Delete for ${r.name}`
        );
    return what === 'cascade' ? r.cascadeDelete : r.restrictedDelete;
};

registerNative(
    {
        name: 'Schema.ChildRelationship',
        // two describes of one relationship are the same map key / set element: fflib-apex-common's
        // addChildQuerySameRelationshipAgain_success (passing in orgs) keys a Map by ChildRelationships taken from
        // two getChildRelationships() calls and expects one entry [Obs]
        hashKey: (self) => relKey(self),
        methods: {
            equals: (it, a, self) =>
                a[0] instanceof NativeObject &&
                a[0].cls === 'Schema.ChildRelationship' &&
                relKey(a[0]) === relKey(self),
            getchildsobject: (it, _a, self) =>
                new NativeObject('Schema.SObjectType', { name: relOf(it, self).childObject }),
            getfield: (it, _a, self) => {
                const r = relOf(it, self);
                return new NativeObject('Schema.SObjectField', { object: r.childObject, name: r.field });
            },
            getrelationshipname: (it, _a, self) => relOf(it, self).name,
            iscascadedelete: (it, _a, self) => deleteRule(it, self, 'cascade'),
            isrestricteddelete: (it, _a, self) => deleteRule(it, self, 'restrict')
        }
    },
    'childrelationship'
);
