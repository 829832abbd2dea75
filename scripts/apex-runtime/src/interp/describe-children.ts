// DescribeSObjectResult.getChildRelationships() and Schema.ChildRelationship (Apex Reference, "ChildRelationship
// Class": getChildSObject, getField, getRelationshipName, isCascadeDelete, isRestrictedDelete), and getLabelPlural.
// Only project custom objects are answered: a standard object's platform list carries system relationships the
// curated catalogue does not hold, so its list would be incomplete → unsupported.
import { ApexList, partialList } from '../collections';
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
        return partialList(elem, rels, `getChildRelationships() of ${info.name}`, (getter, value) =>
            unknownNeverMatches(it, info, getter, value)
        );
    return new ApexList(elem, rels);
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
