// Schema describe subset (Apex Reference: Schema Namespace — DescribeSObjectResult, DescribeFieldResult,
// SObjectType, SObjectField, PicklistEntry). Describe maps answer get/containsKey case-insensitively and
// keep lower-case keys (APEX-RUNTIME.md §2 #23, [Obs]). Access checks (isAccessible, isCreateable,
// isUpdateable…) are FLS/sharing decisions the runtime does not model → unsupported.
import * as crypto from 'node:crypto';
import * as V from '../values';
import { ApexList, ApexMap } from '../collections';
import {
    describeField,
    isCatalogueGap,
    isStandardValueSetField,
    queryableByType,
    groupableField,
    type FieldInfo,
    type FieldSetInfo,
    type SchemaRegistry,
    type SObjectInfo
} from '../schema';
import type { Database, SObject } from '../db';
import { evalDefault } from '../dml/default-values';
import { MERGEABLE } from '../dml/merge';
import type { Interpreter } from './interpreter';
import { childRelationshipsOf, labelPluralOf } from './describe-children';
import { recordTypeInfos } from './describe-record-types';
import { registerNative, registerValueMethods, type NativeFn } from './natives';
import { EnumValue, NativeObject } from './types';
import { dataService } from './runtime-services';

/** Map whose String keys match case-insensitively (describe maps). Keys are stored lower-case. */
export class DescribeMap extends ApexMap {
    private norm(k: unknown): unknown {
        return typeof k === 'string' ? k.toLowerCase() : k;
    }
    override has(k: unknown): boolean {
        return super.has(this.norm(k));
    }
    override get(k: unknown): unknown {
        return super.get(this.norm(k));
    }
    override delete(k: unknown): unknown {
        return super.delete(this.norm(k));
    }
}

const schemaOf = (it: Interpreter): SchemaRegistry => {
    const s = it.services.schema as SchemaRegistry | undefined;
    if (!s) return it.unsupported('Schema describe (no schema loaded)');
    return s;
};
const objOf = (it: Interpreter, self: unknown): SObjectInfo => {
    const name = String((self as NativeObject).state.name);
    // the AggregateResult token compares and prints; its describe is not in the catalogue
    if (name === 'AggregateResult') return it.unsupported('describe of AggregateResult.SObjectType');
    return schemaOf(it).requireObject(name);
};
const fieldOf = (it: Interpreter, self: unknown): FieldInfo => {
    const st = (self as NativeObject).state;
    const f = schemaOf(it).getField(String(st.object), String(st.name));
    if (!f) {
        const info = schemaOf(it).getObject(String(st.object));
        if (info && isCatalogueGap(info, String(st.name))) return gap(it, info, String(st.name));
        return it.throwApex('SObjectException', `Invalid field ${String(st.name)} for ${String(st.object)}`);
    }
    return f;
};
/** A standard-looking field missing on a standard object: the curated catalogue may lack it → unsupported. */
const gap = (it: Interpreter, info: SObjectInfo, name: string): never =>
    it.unsupported(`field ${info.name}.${name} (not in the standard-object catalogue)`);
const unknownField = (it: Interpreter, info: SObjectInfo, name: string): never =>
    isCatalogueGap(info, name) ? gap(it, info, name) : it.compileError(`Invalid field ${name} for ${info.name}`);

export const sobjectTypeToken = (name: string) => new NativeObject('Schema.SObjectType', { name });
export const fieldToken = (object: string, name: string) => new NativeObject('Schema.SObjectField', { object, name });
const describeOf = (name: string) => new NativeObject('Schema.DescribeSObjectResult', { name });

/** Schema.SObjectDescribeOptions (Apex Reference, "SObjectDescribeOptions Enum"): FULL, DEFERRED, DEFAULT. */
const DESCRIBE_OPTIONS = ['DEFAULT', 'DEFERRED', 'FULL'].map(
    (n, i) => new EnumValue('Schema.SObjectDescribeOptions', n, i)
);
registerNative(
    {
        name: 'Schema.SObjectDescribeOptions',
        staticProps: Object.fromEntries(DESCRIBE_OPTIONS.map((e) => [e.name.toLowerCase(), () => e])),
        statics: {
            values: () => new ApexList({ k: 'native', name: 'Schema.SObjectDescribeOptions' }, DESCRIBE_OPTIONS)
        }
    },
    'sobjectdescribeoptions'
);
const describeOptions = (it: Interpreter, v: unknown): void => {
    if (v !== undefined && !(v instanceof EnumValue && v.typeName === 'Schema.SObjectDescribeOptions'))
        it.unsupported('describe with an argument other than SObjectDescribeOptions');
};

/** Describe access checks answered by the data layer's AccessModel for the running user; 'unknown' → unsupported. */
interface Answer {
    result: 'allow' | 'deny' | 'unknown';
    reason: string;
}
const decide = (it: Interpreter, what: string, a: Answer): boolean => {
    if (a.result === 'unknown') return it.unsupported(`${what}: ${a.reason}`);
    return a.result === 'allow';
};
const userId = (it: Interpreter): string => (it.services.database as { runningUserId: string }).runningUserId;
const objectCheck =
    (what: string, op: 'read' | 'create' | 'edit' | 'delete'): NativeFn =>
    (it, _a, self) => {
        const model = it.services.accessModel;
        if (!model) return it.unsupported(`${what} (no access model)`);
        return decide(it, what, model.objectAccess(userId(it), objOf(it, self), op));
    };
const fieldCheck =
    (what: string, op: 'read' | 'edit' | 'create'): NativeFn =>
    (it, _a, self) => {
        const model = it.services.accessModel;
        if (!model) return it.unsupported(`${what} (no access model)`);
        const st = (self as NativeObject).state;
        const info = schemaOf(it).requireObject(String(st.object));
        const f = fieldOf(it, self);
        // isCreateable: the field must be editable and the object creatable
        if (op === 'create') {
            const o = model.objectAccess(userId(it), info, 'create');
            if (o.result !== 'allow') return decide(it, what, o);
            return decide(it, what, model.fieldAccess(userId(it), info, f, 'edit', 'create'));
        }
        return decide(it, what, model.fieldAccess(userId(it), info, f, op));
    };

registerNative(
    {
        name: 'Schema.SObjectType',
        // tokens are values: Account.SObjectType and record.getSObjectType() are the same Map key
        hashKey: (self) => String(self.state.name).toLowerCase(),
        staticMember: (it, name) =>
            schemaOf(it).getObject(name) ? describeOf(schemaOf(it).getObject(name)!.name) : undefined,
        methods: {
            tostring: (it, _a, self) => String((self as NativeObject).state.name),
            // `Account.SObjectType.fields.Name` is a field token (Schema.SObjectField), unlike
            // `Schema.SObjectType.Account.fields.Name` (a DescribeFieldResult; Apex Developer Guide, "Using Field Tokens").
            // [Obs] fflib-apex-common's tests, which pass in orgs, put it in List<Schema.SObjectField>.
            'get:fields': (it, _a, self) => fieldTokensOf(objOf(it, self).name),
            equals: (it, a, self) =>
                a[0] instanceof NativeObject &&
                a[0].cls === 'Schema.SObjectType' &&
                a[0].state.name === (self as NativeObject).state.name,
            // getDescribe(SObjectDescribeOptions): DEFERRED only delays computing child relationships and the like
            // (Apex Reference, "SObjectDescribeOptions Enum"); the results read the same
            getdescribe: (it, a, self) => {
                describeOptions(it, a[0]);
                return describeOf(objOf(it, self).name);
            },
            newsobject: (it, a, self) => {
                const name = objOf(it, self).name;
                if (a.length === 1 && (a[0] instanceof V.ApexId || typeof a[0] === 'string')) {
                    // newSObject(recordId): "a new sObject of this type, with the specified ID", all other fields null
                    // (Apex Reference, "SObjectType Class"); an Id of another type is not described
                    const id = V.coercePrimitive(a[0], 'Id') as V.ApexId;
                    if (schemaOf(it).objectForId(id)?.name !== name)
                        return it.unsupported(`SObjectType.newSObject(Id) with an Id that is not a ${name} Id`);
                    const so = dataService(it, 'newSObject', 'SObjectType.newSObject')(name) as SObject;
                    so.setRaw('id', id);
                    return so;
                }
                // newSObject(Id) with a null Id: a new record without an Id [Obs: apex-rollup's RollupSObjectUpdater
                // calls it with the Id of a parent record that was never inserted, in tests that pass in orgs]
                if (a.length === 1 && a[0] === null)
                    return dataService(it, 'newSObject', 'SObjectType.newSObject')(name);
                if (a.length === 2) return newSObjectWithDefaults(it, name, a[0], a[1]);
                if (a.length) return it.unsupported('SObjectType.newSObject with these arguments');
                return dataService(it, 'newSObject', 'SObjectType.newSObject')(name);
            }
        }
    },
    'sobjecttype'
);

/**
 * newSObject(recordTypeId, loadDefaults) (Apex Reference, "SObjectType Class"): a new record of the record type,
 * with "custom fields" set to "their predefined default values" when loadDefaults is true (read-only ones too),
 * other fields null. A null recordTypeId on an object with record types means "the default record type", which
 * depends on the running user's profile → unsupported there; so are record-type-specific picklist defaults.
 */
function newSObjectWithDefaults(it: Interpreter, name: string, recordTypeId: unknown, loadDefaults: unknown): SObject {
    const so = dataService(it, 'newSObject', 'SObjectType.newSObject')(name) as SObject;
    const ownRecordTypes = so.info.recordTypes.length > 0;
    const customPicklists = [...so.info.fields.values()].filter(
        (f) => f.custom && f.picklistValues?.some((p) => p.isDefault)
    );
    if (recordTypeId === null || recordTypeId === undefined) {
        if (ownRecordTypes)
            return it.unsupported(
                `SObjectType.newSObject(null, …) on ${name}, which has record types (the default one is the user's)`
            );
    } else {
        const id = V.coercePrimitive(recordTypeId as V.ApexPrimitive, 'Id') as V.ApexId;
        const rt = (it.services.database as Database | undefined)?.getRow(id.value)?.row;
        if (!rt || String(rt.get('sobjecttype')).toLowerCase() !== name.toLowerCase())
            return it.unsupported(`SObjectType.newSObject with record type ${id.value}, not a record type of ${name}`);
        if (loadDefaults === true && customPicklists.length)
            return it.unsupported(
                `SObjectType.newSObject with a record type on ${name}: record-type picklist defaults`
            );
        so.setRaw('recordtypeid', id);
    }
    const isEvent = /__e$/i.test(so.info.name);
    // "To have the system generate an EventUuid field value in each event object, use newSObject(recordTypeId,
    // loadDefaults)" (Platform Events Developer Guide, "Create an Event with an EventUuid Field"; its example passes true)
    if (isEvent && loadDefaults !== true)
        return it.unsupported(`SObjectType.newSObject(recordTypeId, false) on the platform event ${name}`);
    if (loadDefaults !== true) return so;
    if (isEvent) so.setRaw('EventUuid', (it.services.randomUUID ?? crypto.randomUUID)());
    const db = it.services.database as Database | undefined;
    for (const f of so.info.fields.values()) {
        if (!f.custom) continue;
        const pick = f.picklistValues?.find((p) => p.isDefault);
        if (pick && f.defaultValue === undefined) so.setRaw(f.name, pick.value);
        else if (f.defaultValue !== undefined)
            so.setRaw(f.name, evalDefault(f, so.info, db?.runningUserId ?? null, { file: it.file, line: it.curLine }));
    }
    return so;
}

registerNative(
    {
        name: 'Schema.DescribeSObjectResult',
        methods: {
            getname: (it, _a, self) => objOf(it, self).name,
            getlocalname: (it, _a, self) => objOf(it, self).name,
            // a standard object's label is known only where its default is listed and the project does not rename it
            getlabel: (it, _a, self) => {
                const o = objOf(it, self);
                return o.custom || o.standardLabelsKnown
                    ? o.label
                    : it.unsupported(`label of standard object ${o.name}`);
            },
            getlabelplural: (it, _a, self) => labelPluralOf(it, objOf(it, self)),
            getchildrelationships: (it, _a, self) => childRelationshipsOf(it, objOf(it, self)),
            getkeyprefix: (it, _a, self) => {
                const o = objOf(it, self);
                return o.keyPrefixUndocumented
                    ? it.unsupported(`key prefix of standard object ${o.name}`)
                    : o.keyPrefix;
            },
            getsobjecttype: (it, _a, self) => sobjectTypeToken(objOf(it, self).name),
            iscustom: (it, _a, self) => objOf(it, self).custom,
            iscustomsetting: (it, _a, self) => objOf(it, self).isCustomSetting,
            'get:fields': (it, _a, self) => new NativeObject('Schema.FieldsOf', { name: objOf(it, self).name }),
            'get:fieldsets': (it, _a, self) => new NativeObject('Schema.FieldSetsOf', { name: objOf(it, self).name }),
            isaccessible: objectCheck('DescribeSObjectResult.isAccessible', 'read'),
            iscreateable: objectCheck('DescribeSObjectResult.isCreateable', 'create'),
            isupdateable: objectCheck('DescribeSObjectResult.isUpdateable', 'edit'),
            isdeletable: objectCheck('DescribeSObjectResult.isDeletable', 'delete'),
            isqueryable: objectCheck('DescribeSObjectResult.isQueryable', 'read'),
            // "true if the object can be undeleted by the current user": the user must be able to delete it, and the
            // object must go to the Recycle Bin (it has IsDeleted); an object without IsDeleted is not decided here
            isundeletable: (it, a, self) => {
                const info = objOf(it, self);
                if (!info.fields.has('isdeleted'))
                    return it.unsupported(`DescribeSObjectResult.isUndeletable() of ${info.name}`);
                return objectCheck('DescribeSObjectResult.isUndeletable', 'delete')(it, a, self);
            },
            // "true if the object can be merged with other objects of its type by the current user": only Account,
            // Contact, Lead and Case merge (Apex Developer Guide "Merging Records"), so any other type is false for
            // every user; for those four the answer depends on the user's permissions, which is not decided here
            ismergeable: (it, _a, self) => {
                const info = objOf(it, self);
                if (!MERGEABLE.has(info.name.toLowerCase())) return false;
                return it.unsupported(`DescribeSObjectResult.isMergeable() of ${info.name} (depends on the user)`);
            },
            getrecordtypeinfos: (it, _a, self) => recordTypeInfos(it, objOf(it, self), 'list'),
            getrecordtypeinfosbydevelopername: (it, _a, self) => recordTypeInfos(it, objOf(it, self), 'developerName'),
            getrecordtypeinfosbyname: (it, _a, self) => recordTypeInfos(it, objOf(it, self), 'name'),
            getrecordtypeinfosbyid: (it, _a, self) => recordTypeInfos(it, objOf(it, self), 'id')
        }
    },
    // Schema classes may be named without the namespace (`DescribeSObjectResult d = …`): Apex Reference,
    // "Schema Namespace" — the same rule every alias below follows
    'describesobjectresult'
);

// `Account.Fields.Name` (Apex Developer Guide, "Field Tokens"): an SObjectField token, not a describe result.
export const fieldTokensOf = (object: string) => new NativeObject('Schema.FieldTokens', { name: object });
registerNative({
    name: 'Schema.FieldTokens',
    dynamicGet: (it, self, name) => {
        const info = objOf(it, self);
        const f = info.fields.get(name.toLowerCase());
        if (!f) return unknownField(it, info, name);
        return fieldToken(info.name, f.name);
    },
    methods: {}
});

registerNative({
    name: 'Schema.FieldsOf',
    dynamicGet: (it, self, name) => {
        const info = objOf(it, self);
        const f = info.fields.get(name.toLowerCase());
        if (!f) return unknownField(it, info, name);
        // Schema.SObjectType.X.fields.Y is a DescribeFieldResult (getMap() values are SObjectField tokens)
        return new NativeObject('Schema.DescribeFieldResult', { object: info.name, name: f.name });
    },
    methods: {
        getmap: (it, _a, self) => {
            const info = objOf(it, self);
            const m = new DescribeMap({ k: 'prim', name: 'String' }, { k: 'native', name: 'Schema.SObjectField' });
            for (const f of info.fields.values()) m.set(f.name.toLowerCase(), fieldToken(info.name, f.name));
            return m;
        }
    }
});

registerNative(
    {
        name: 'Schema.SObjectField',
        hashKey: (self) => `${String(self.state.object)}.${String(self.state.name)}`.toLowerCase(),
        methods: {
            tostring: (it, _a, self) => String((self as NativeObject).state.name),
            equals: (it, a, self) =>
                a[0] instanceof NativeObject &&
                a[0].cls === 'Schema.SObjectField' &&
                a[0].state.name === (self as NativeObject).state.name &&
                a[0].state.object === (self as NativeObject).state.object,
            getdescribe: (it, _a, self) =>
                new NativeObject('Schema.DescribeFieldResult', { ...(self as NativeObject).state })
        }
    },
    'sobjectfield'
);

registerNative(
    {
        name: 'Schema.DescribeFieldResult',
        methods: {
            getname: (it, _a, self) => fieldOf(it, self).name,
            getlocalname: (it, _a, self) => fieldOf(it, self).name,
            // the catalogue has no labels for standard fields (Account.Name is "Account Name" on the platform): unsupported
            getlabel: (it, _a, self) =>
                fieldOf(it, self).label ??
                it.unsupported(`label of ${String((self as NativeObject).state.object)}.${fieldOf(it, self).name}`),
            gettype: (it, _a, self) => {
                // one display-type table, the data layer's (src/schema/describe.ts)
                const st = (self as NativeObject).state;
                const t = describeField(schemaOf(it).requireObject(String(st.object)), fieldOf(it, self)).type;
                if (!t) return it.unsupported(`DescribeFieldResult.getType for ${fieldOf(it, self).type}`);
                return displayType(it, t);
            },
            // the data layer's describe owns the length rule (Id and lookup fields are 18 characters)
            getlength: (it, _a, self) =>
                V.int(
                    describeField(
                        schemaOf(it).requireObject(String((self as NativeObject).state.object)),
                        fieldOf(it, self)
                    ).length
                ),
            getprecision: (it, _a, self) => V.int(fieldOf(it, self).precision ?? 0),
            getscale: (it, _a, self) => V.int(fieldOf(it, self).scale ?? 0),
            iscustom: (it, _a, self) => fieldOf(it, self).custom,
            isexternalid: (it, _a, self) => fieldOf(it, self).externalId,
            isunique: (it, _a, self) => fieldOf(it, self).unique,
            iscasesensitive: (it, _a, self) => fieldOf(it, self).caseSensitive,
            iscalculated: (it, _a, self) => fieldOf(it, self).formula !== undefined || !!fieldOf(it, self).summary,
            isautonumber: (it, _a, self) => fieldOf(it, self).type === 'AutoNumber',
            isnillable: (it, _a, self) => !fieldOf(it, self).required,
            getrelationshipname: (it, _a, self) => fieldOf(it, self).relationshipName ?? null,
            getreferenceto: (it, _a, self) =>
                new ApexList(
                    { k: 'native', name: 'Schema.SObjectType' },
                    (fieldOf(it, self).referenceTo ?? []).map((n) => sobjectTypeToken(n))
                ),
            getsobjectfield: (it, _a, self) =>
                fieldToken(String((self as NativeObject).state.object), fieldOf(it, self).name),
            // the object the field belongs to [Obs]: the reference page lists no getSObjectType() on this class, yet
            // public code that passes in orgs calls it and uses the result as the field's own object (apex-rollup's
            // RollupCalculator describes the calc item through it and reads the field's siblings from its field map)
            getsobjecttype: (it, _a, self) => sobjectTypeToken(String((self as NativeObject).state.object)),
            getpicklistvalues: (it, _a, self) =>
                fieldOf(it, self).picklistValuesUnknown
                    ? it.unsupported(
                          `picklist values of ${String((self as NativeObject).state.object)}.${fieldOf(it, self).name} (not catalogued)`
                      )
                    : new ApexList(
                          { k: 'native', name: 'Schema.PicklistEntry' },
                          (fieldOf(it, self).picklistValues ?? []).map(
                              (p) =>
                                  new NativeObject('Schema.PicklistEntry', {
                                      p,
                                      dependent: !!fieldOf(it, self).controllingField
                                  })
                          )
                      ),
            isaccessible: fieldCheck('DescribeFieldResult.isAccessible', 'read'),
            iscreateable: fieldCheck('DescribeFieldResult.isCreateable', 'create'),
            isupdateable: fieldCheck('DescribeFieldResult.isUpdateable', 'edit'),
            isnamefield: (it, _a, self) => isNameField(it, self),
            isrestrictedpicklist: (it, _a, self) => picklistTrait(it, self, 'restricted'),
            isdependentpicklist: (it, _a, self) => picklistTrait(it, self, 'dependent'),
            // "true if the child object is deleted when the parent object is deleted": only a relationship field can;
            // a project field says so in its metadata (master-detail, or a lookup's deleteConstraint Cascade); standard
            // lookups (Contact.AccountId …) cascade by platform rules the catalogue does not record → unsupported
            iscascadedelete: (it, _a, self) => {
                const f = fieldOf(it, self);
                if (f.type !== 'Lookup' && f.type !== 'MasterDetail') return false;
                if (!f.custom)
                    return it.unsupported(
                        `DescribeFieldResult.isCascadeDelete() of ${String((self as NativeObject).state.object)}.${f.name}`
                    );
                return f.type === 'MasterDetail' || f.deleteConstraint === 'Cascade';
            },
            // "true if the field is encrypted with Shield Platform Encryption or classic encryption": classic encryption is
            // the EncryptedText type; the modelled org (a scratch org without the Shield add-on) encrypts nothing else
            isencrypted: (it, _a, self) => fieldOf(it, self).type === 'EncryptedText',
            // "true if the field can have multiple types of objects as parents" (DescribeFieldResult Class)
            isnamepointing: (it, _a, self) => (fieldOf(it, self).referenceTo?.length ?? 0) > 1,
            isfilterable: (it, _a, self) => queryable(it, self, 'filter'),
            issortable: (it, _a, self) => queryable(it, self, 'sort'),
            isdefaultedoncreate: (it, _a, self) => isDefaultedOnCreate(it, self),
            // "true if the field has been formatted for HTML and should be encoded for display in HTML": a rich text
            // area is; a formula may be (HYPERLINK/IMAGE) and is not decided here; other fields are not
            ishtmlformatted: (it, _a, self) => {
                const f = fieldOf(it, self);
                if (f.formula !== undefined)
                    return it.unsupported(
                        `DescribeFieldResult.isHtmlFormatted() of the formula ${String((self as NativeObject).state.object)}.${f.name}`
                    );
                return f.type === 'Html';
            },
            isgroupable: (it, _a, self) => {
                const f = fieldOf(it, self);
                const answer = groupableField(f);
                if (answer !== undefined) return answer;
                return it.unsupported(
                    `DescribeFieldResult.isGroupable() of ${String((self as NativeObject).state.object)}.${f.name}`
                );
            },
            getdefaultvalue: (it, _a, self) => defaultValueOf(it, self),
            getsoaptype: (it, _a, self) => {
                const st = (self as NativeObject).state;
                const t = describeField(schemaOf(it).requireObject(String(st.object)), fieldOf(it, self)).soapType;
                return (
                    SOAP_TYPES.get(String(t).toLowerCase()) ??
                    it.unsupported(`DescribeFieldResult.getSoapType for ${t}`)
                );
            }
        }
    },
    'describefieldresult'
);

/**
 * DescribeFieldResult.isRestrictedPicklist() / isDependentPicklist(). A field that is no picklist is neither. A project
 * picklist says so in its metadata (`valueSet.restricted`, default false; `valueSet.controllingField`); one bound to a
 * global value set is left open. A standard picklist fed by a StandardValueSet is unrestricted (StageName, LeadSource…:
 * Metadata API "Picklist", `restrictedPicklist` defaults to false [Obs: Apex-Opensource-Library's PicklistTest, passing
 * in orgs, expects false for Account.AccountSource]) and not dependent (Help "Picklist Limitations": standard picklist
 * fields can be controlling fields but not dependent fields); any other standard picklist is unsupported.
 */
function picklistTrait(it: Interpreter, self: unknown, trait: 'restricted' | 'dependent'): boolean {
    const object = String((self as NativeObject).state.object);
    const f = fieldOf(it, self);
    if (f.type !== 'Picklist' && f.type !== 'MultiselectPicklist') return false;
    const what = trait === 'restricted' ? 'isRestrictedPicklist' : 'isDependentPicklist';
    if (f.custom) {
        if (trait === 'dependent') return !!f.controllingField;
        if (f.globalValueSet)
            return it.unsupported(`DescribeFieldResult.${what}() of ${object}.${f.name} (global value set)`);
        return !!f.restrictedPicklist;
    }
    if (trait === 'restricted' && f.restrictedPicklist) return true;
    if (isStandardValueSetField(object, f.name)) return false;
    return it.unsupported(`DescribeFieldResult.${what}() of ${object}.${f.name}`);
}

/**
 * DescribeFieldResult.isNameField() ("Returns true if the field is a name field", Apex Reference, "DescribeFieldResult
 * Class"). An object has one name field; custom objects' is always `Name`, and a standard object with a `Name` field
 * uses it. A standard object without one (Case: CaseNumber, Task: Subject) names another field the catalogue does not
 * record → unsupported for its fields, unless the catalogue says it has none (`"nameField": false`: CampaignMember [Obs]:
 * fflib-apex-common's selector test, passing in orgs, expects CampaignMember ordered by CreatedDate, the fallback when
 * no field is the name field), or names it (`"nameField": "CaseNumber"`: Case CaseNumber, Task Subject, OrderItem
 * OrderItemNumber [Obs]: UnofficialSF LightningFlowComponents' datatable controller test, passing in orgs, finds them
 * by isNameField()).
 */
function isNameField(it: Interpreter, self: unknown): boolean {
    const st = (self as NativeObject).state;
    const info = schemaOf(it).requireObject(String(st.object));
    const f = fieldOf(it, self);
    if (info.noNameField) return false;
    if (info.nameFieldUndecided)
        return it.unsupported(`DescribeFieldResult.isNameField() on ${info.name} (its name field is not catalogued)`);
    if (info.nameFieldName) return f.name.toLowerCase() === info.nameFieldName.toLowerCase();
    if (info.fields.has('name')) return f.name.toLowerCase() === 'name';
    return it.unsupported(`DescribeFieldResult.isNameField() on ${info.name} (its name field is not catalogued)`);
}

/**
 * DescribeFieldResult.isFilterable() ("true if the field can be used as part of the filter criteria of a WHERE
 * statement") and isSortable() ("true if a query can sort on the field"), by field type (schema's queryableByType);
 * what the type does not decide is unsupported.
 */
function queryable(it: Interpreter, self: unknown, use: 'filter' | 'sort'): boolean {
    const f = fieldOf(it, self);
    const answer = queryableByType(f, use);
    if (answer !== undefined) return answer;
    return it.unsupported(
        `DescribeFieldResult.${use === 'filter' ? 'isFilterable' : 'isSortable'}() of ${String((self as NativeObject).state.object)}.${f.name} (${f.type})`
    );
}

/**
 * DescribeFieldResult.isDefaultedOnCreate() ("true if the field receives a default value when created", Apex Reference,
 * "DescribeFieldResult Class"). A project field: true when its metadata gives a default (a checkbox always has one, a
 * picklist value marked default, a `<defaultValue>` formula). System audit fields and OwnerId are filled by the
 * platform on create (Object Reference lists OwnerId "Defaulted on create", e.g. "QuickText"). Any other standard field
 * answers only where the catalogue records the Object Reference's "Defaulted on create" property (`doc` / `nd`); an
 * auto-number, formula or summary field is not decided → unsupported.
 */
function isDefaultedOnCreate(it: Interpreter, self: unknown): boolean {
    const f = fieldOf(it, self);
    const where = `${String((self as NativeObject).state.object)}.${f.name}`;
    if (f.formula !== undefined || f.summary || f.type === 'AutoNumber')
        return it.unsupported(`DescribeFieldResult.isDefaultedOnCreate() of ${where} (${f.type})`);
    if (f.custom) return f.defaultValue !== undefined || !!f.picklistValues?.some((p) => p.isDefault);
    if (f.system) return true;
    if (f.defaultedOnCreate !== undefined) return f.defaultedOnCreate;
    return it.unsupported(
        `DescribeFieldResult.isDefaultedOnCreate() of ${where} (not recorded in the standard-object catalogue)`
    );
}

/**
 * DescribeFieldResult.getDefaultValue() ("Returns the default value for this field"). Decided only where no default is
 * specified (null: "If no value has been specified, this field is not returned", SOAP API DescribeSObjectResult "Field")
 * and for a project checkbox (its `<defaultValue>` true/false). A project default formula, a standard picklist or
 * checkbox default, or a standard field whose "Defaulted on create" property is not recorded → unsupported.
 */
function defaultValueOf(it: Interpreter, self: unknown): unknown {
    const f = fieldOf(it, self);
    const where = `${String((self as NativeObject).state.object)}.${f.name}`;
    const unsupported = () => it.unsupported(`DescribeFieldResult.getDefaultValue() of ${where}`);
    if (f.formula !== undefined || f.summary || f.type === 'AutoNumber') return unsupported();
    if (f.custom) {
        if (f.type === 'Checkbox' && f.defaultValue !== undefined) {
            const v = f.defaultValue.trim().toLowerCase();
            return v === 'true' ? true : v === 'false' ? false : unsupported();
        }
        return f.defaultValue === undefined ? null : unsupported();
    }
    if (f.type === 'Checkbox' || f.defaultValue !== undefined || f.picklistValues?.some((p) => p.isDefault))
        return unsupported();
    if (f.system || f.defaultedOnCreate === false) return null;
    return unsupported();
}

const pe = (self: unknown) => (self as NativeObject).state.p as { value: string; label: string; isDefault: boolean };
registerNative(
    {
        name: 'Schema.PicklistEntry',
        methods: {
            getvalue: (it, _a, self) => pe(self).value,
            getlabel: (it, _a, self) => pe(self).label,
            isdefaultvalue: (it, _a, self) => pe(self).isDefault,
            isactive: () => true
        }
    },
    'picklistentry'
);

// Apex Reference "DisplayType Enum". The platform's ordinal order is not documented: ordinal -1, which the
// Enum methods report as Unsupported.
const DISPLAY_TYPES = new Map(
    [
        'ADDRESS',
        'ANYTYPE',
        'BASE64',
        'BOOLEAN',
        'COMBOBOX',
        'COMPLEXVALUE',
        'CURRENCY',
        'DATACATEGORYGROUPREFERENCE',
        'DATE',
        'DATETIME',
        'DOUBLE',
        'EMAIL',
        'ENCRYPTEDSTRING',
        'ID',
        'INTEGER',
        'JSON',
        'LOCATION',
        'LONG',
        'MULTIPICKLIST',
        'PERCENT',
        'PHONE',
        'PICKLIST',
        'REFERENCE',
        'STRING',
        'TEXTAREA',
        'TIME',
        'URL'
    ].map((n) => [n.toLowerCase(), new EnumValue('Schema.DisplayType', n, -1)])
);
function displayType(it: Interpreter, name: string): EnumValue {
    return DISPLAY_TYPES.get(name.toLowerCase()) ?? it.unsupported(`Schema.DisplayType.${name}`);
}
// Apex Reference "SOAPType Enum": the ten documented values (a compound Address/Location field has none of them →
// unsupported above). Ordinals are not documented: -1, as for DisplayType.
const SOAP_TYPES = new Map(
    ['ANYTYPE', 'BASE64BINARY', 'BOOLEAN', 'DATE', 'DATETIME', 'DOUBLE', 'ID', 'INTEGER', 'STRING', 'TIME'].map((n) => [
        n.toLowerCase(),
        new EnumValue('Schema.SoapType', n, -1)
    ])
);
// DECIMAL is not on the page but orgs compile `Schema.SoapType.DECIMAL` [Obs] (Apex-Opensource-Library's Comparators
// keys a map on it and its tests pass on orgs); no describe answers it (currency/percent fields are DOUBLE on the page),
// and values() keeps the page's ten.
const SOAP_DECIMAL = new EnumValue('Schema.SoapType', 'DECIMAL', -1);
registerNative(
    {
        name: 'Schema.SoapType',
        staticMember: (_it, name) =>
            SOAP_TYPES.get(name.toLowerCase()) ?? (name.toLowerCase() === 'decimal' ? SOAP_DECIMAL : undefined),
        statics: { values: () => new ApexList({ k: 'native', name: 'Schema.SoapType' }, [...SOAP_TYPES.values()]) }
    },
    'soaptype'
);

registerNative(
    { name: 'Schema.DisplayType', staticMember: (_it, name) => DISPLAY_TYPES.get(name.toLowerCase()) },
    'displaytype'
);

registerNative(
    {
        name: 'Schema',
        statics: {
            getglobaldescribe: (it) => {
                const m = new DescribeMap({ k: 'prim', name: 'String' }, { k: 'native', name: 'Schema.SObjectType' });
                for (const o of schemaOf(it).allObjects()) m.set(o.name.toLowerCase(), sobjectTypeToken(o.name));
                return m;
            },
            describesobjects: (it, a) => {
                describeOptions(it, a[1]);
                const names = a[0] instanceof ApexList ? a[0].items : [];
                return new ApexList(
                    { k: 'native', name: 'Schema.DescribeSObjectResult' },
                    names.map((n) => describeOf(schemaOf(it).requireObject(String(n)).name))
                );
            }
        }
    },
    'schema.schema'
);

// Id.getSObjectType(): the token of the object the Id's key prefix belongs to (Apex Reference, "Id Class"); a prefix
// the local schema does not know may still be a real object → unsupported
registerValueMethods('Id', {
    getsobjecttype: (it, _a, self) => {
        const info = schemaOf(it).objectForId(self as V.ApexId);
        if (!info) return it.unsupported(`Id.getSObjectType() for key prefix ${(self as V.ApexId).value.slice(0, 3)}`);
        // for the Ids of some standard objects the platform "cannot locate Apex type" (an SObjectException [Obs]:
        // NebulaLogger catches it for CaseComment and field-history Ids); which objects is not documented, so the
        // known one is refused rather than answered
        if (info.name === 'CaseComment' || (info.name !== 'LoginHistory' && /History$/.test(info.name)))
            return it.unsupported(
                `Id.getSObjectType() of a ${info.name} Id (some object types are not located; undocumented)`
            );
        return sobjectTypeToken(info.name);
    }
});

// Field sets (Apex Reference, "FieldSet Class" / "FieldSetMember Class"; Apex Developer Guide, "Dynamic Field Sets"):
// `Schema.SObjectType.X.fieldSets.Name`, `.fieldSets.getMap()`; members in their declared order. A field set the
// metadata does not define is refused (the platform's compile error text is not documented).
const fieldSetOf = (it: Interpreter, object: string, name: string): FieldSetInfo => {
    const fs = schemaOf(it).requireObject(object).fieldSets?.get(name.toLowerCase());
    return fs ?? it.unsupported(`field set ${object}.${name} (not in the project metadata)`);
};
const fieldSetToken = (object: string, fs: FieldSetInfo) =>
    new NativeObject('Schema.FieldSet', { object, name: fs.name });
registerNative({
    name: 'Schema.FieldSetsOf',
    dynamicGet: (it, self, name) => {
        const object = String((self as NativeObject).state.name);
        return fieldSetToken(object, fieldSetOf(it, object, name));
    },
    methods: {
        getmap: (it, _a, self) => {
            const info = objOf(it, self);
            const m = new DescribeMap({ k: 'prim', name: 'String' }, { k: 'native', name: 'Schema.FieldSet' });
            for (const fs of info.fieldSets?.values() ?? []) m.set(fs.name.toLowerCase(), fieldSetToken(info.name, fs));
            return m;
        }
    }
});
const setOf = (it: Interpreter, self: unknown): { object: string; fs: FieldSetInfo } => {
    const st = (self as NativeObject).state;
    return { object: String(st.object), fs: fieldSetOf(it, String(st.object), String(st.name)) };
};
registerNative(
    {
        name: 'Schema.FieldSet',
        methods: {
            getname: (it, _a, self) => setOf(it, self).fs.name,
            getlabel: (it, _a, self) => setOf(it, self).fs.label,
            getdescription: (it, _a, self) => setOf(it, self).fs.description,
            getsobjecttype: (it, _a, self) => sobjectTypeToken(setOf(it, self).object),
            getfields: (it, _a, self) => {
                const { object, fs } = setOf(it, self);
                return new ApexList(
                    { k: 'native', name: 'Schema.FieldSetMember' },
                    fs.fields.map(
                        (f) => new NativeObject('Schema.FieldSetMember', { object, path: f.path, required: f.required })
                    )
                );
            },
            equals: (it, a, self) =>
                a[0] instanceof NativeObject &&
                a[0].cls === 'Schema.FieldSet' &&
                a[0].state.object === (self as NativeObject).state.object &&
                a[0].state.name === (self as NativeObject).state.name
        }
    },
    'fieldset'
);
/** The object and field a member's path ends on (`Owner.Name` → User.Name). */
const memberField = (it: Interpreter, self: unknown): { info: SObjectInfo; f: FieldInfo } => {
    const st = (self as NativeObject).state;
    const parts = String(st.path).split('.');
    let info = schemaOf(it).requireObject(String(st.object));
    for (const rel of parts.slice(0, -1)) {
        const rf = schemaOf(it).relationshipField(info.name, rel);
        const target = rf?.referenceTo?.length === 1 ? schemaOf(it).getObject(rf.referenceTo[0]) : undefined;
        if (!target) return it.unsupported(`field set member path ${String(st.path)} on ${String(st.object)}`);
        info = target;
    }
    const f = info.fields.get(parts[parts.length - 1].toLowerCase());
    return f ? { info, f } : unknownField(it, info, parts[parts.length - 1]);
};
registerNative(
    {
        name: 'Schema.FieldSetMember',
        methods: {
            getfieldpath: (it, _a, self) => String((self as NativeObject).state.path),
            getrequired: (it, _a, self) => (self as NativeObject).state.required === true,
            getdbrequired: (it, _a, self) => memberField(it, self).f.required,
            getlabel: (it, _a, self) => {
                const { info, f } = memberField(it, self);
                return f.label ?? it.unsupported(`label of ${info.name}.${f.name}`);
            },
            gettype: (it, _a, self) => {
                const { info, f } = memberField(it, self);
                const t = describeField(info, f).type;
                return t
                    ? new EnumValue('Schema.DisplayType', t, 0)
                    : it.unsupported(`FieldSetMember.getType for ${f.type}`);
            },
            getsobjectfield: (it, _a, self) => {
                const { info, f } = memberField(it, self);
                return fieldToken(info.name, f.name);
            }
        }
    },
    'fieldsetmember'
);
