// DescribeSObjectResult.getChildRelationships() and Schema.ChildRelationship (Apex Reference, "ChildRelationship
// Class": getChildSObject, getField, getRelationshipName, isCascadeDelete, isRestrictedDelete), and getLabelPlural.
// A project custom object's list is complete. A standard object's platform list also carries system relationships
// the curated catalogue does not hold: it is a PartialList (a loop may stop at a catalogued match; the rest is
// unsupported).
import { ApexList, PartialList } from '../collections';
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
    const type = { k: 'native', name: 'Schema.ChildRelationship' } as const;
    // a standard object's list also holds system relationships (Histories, Shares, Feeds…) the catalogue lacks: a
    // loop may search the catalogued ones and stop at a match; anything needing the whole list is unsupported
    if (!projectObject(info)) return new PartialList(type, rels, `getChildRelationships() of ${info.name}`);
    return new ApexList(type, rels);
}

/** `<pluralLabel>` of a project custom object; standard objects' plural labels are not catalogued (and renameable). */
export function labelPluralOf(it: Interpreter, info: SObjectInfo): string {
    return info.custom && info.labelPlural !== undefined
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
        methods: {
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
