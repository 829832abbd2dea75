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
    // relationship names are unique to their parent ("A name for the child relationship that is unique to the
    // parent", User Interface API, Child Relationship): no relationship outside the catalogue has a catalogued name.
    // Only names of relationships from a field aimed at this object count: one from an "any object" field (Task.WhatId,
    // Attachment.ParentId) is given to every object, and on some the org has no such relationship or a different one.
    if (!projectObject(info)) {
        const schema = it.services.schema as SchemaRegistry | undefined;
        const aimed = [...info.childRelationships.values()].filter(
            (r) => schema?.getField(r.childObject, r.field)?.anyReference !== true
        );
        // A custom metadata type's fields are all the project's (Metadata API, "Custom Metadata Types (CustomObject)":
        // only the type's own package adds fields) and its standard fields hold no relationship: every relationship
        // whose child is a project custom metadata type is known, so a loop matching on such a child skips the rest.
        const complete = new Set(
            (schema?.allObjects() ?? []).filter((o) => o.isCustomMetadata).map((o) => o.name.toLowerCase())
        );
        return partialList(
            elem,
            rels,
            `getChildRelationships() of ${info.name}`,
            { method: 'getrelationshipname', values: new Set(aimed.map((r) => r.name.toLowerCase())) },
            complete
        );
    }
    return new ApexList(elem, rels);
}

/** `<pluralLabel>` of a project custom object, or a listed standard object's default (unless the project renames it). */
export function labelPluralOf(it: Interpreter, info: SObjectInfo): string {
    return (info.custom || info.standardLabelsKnown) && info.labelPlural !== undefined
        ? info.labelPlural
        : it.unsupported(`plural label of ${info.name}`);
}

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
        // [Obs] a relationship is a value: two describes' entries for it are equal and the same Map key
        // (fflib_QueryFactory keys its subselects by ChildRelationship; its tests pass in orgs)
        hashKey: (self) => `${String(self.state.parent)}.${String(self.state.name)}`.toLowerCase(),
        methods: {
            equals: (it, a, self) => {
                const o = a[0];
                if (!(o instanceof NativeObject) || o.cls !== 'Schema.ChildRelationship') return false;
                const st = (self as NativeObject).state;
                return (
                    String(st.parent).toLowerCase() === String(o.state.parent).toLowerCase() &&
                    String(st.name).toLowerCase() === String(o.state.name).toLowerCase()
                );
            },
            hashcode: (it, _a, self) => it.unsupported('ChildRelationship.hashCode() (its value is not documented)'),
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
