/**
 * Plain describe data for the interpreter's Schema.DescribeSObjectResult / DescribeFieldResult
 * objects (the lead wraps these). Names follow the Apex Reference: "DescribeSObjectResult Class",
 * "DescribeFieldResult Class", "Schema.DisplayType Enum", "Schema.SOAPType Enum".
 * There is no access model: isAccessible/isCreateable/isUpdateable reflect metadata only (§3.7 #3).
 */
import type { FieldInfo, FieldType, SObjectInfo } from './types';
import { FIELD_TYPES } from './types';

export type DisplayType =
    | 'ID'
    | 'STRING'
    | 'TEXTAREA'
    | 'EMAIL'
    | 'PHONE'
    | 'URL'
    | 'COMBOBOX'
    | 'PICKLIST'
    | 'MULTIPICKLIST'
    | 'BOOLEAN'
    | 'DOUBLE'
    | 'INTEGER'
    | 'CURRENCY'
    | 'PERCENT'
    | 'DATE'
    | 'DATETIME'
    | 'TIME'
    | 'REFERENCE'
    | 'ENCRYPTEDSTRING'
    | 'LOCATION'
    | 'ADDRESS'
    | 'BASE64';

const DISPLAY: Record<FieldType, DisplayType> = {
    Id: 'ID',
    Text: 'STRING',
    TextArea: 'TEXTAREA',
    LongTextArea: 'TEXTAREA',
    Html: 'TEXTAREA',
    EncryptedText: 'ENCRYPTEDSTRING',
    Email: 'EMAIL',
    Phone: 'PHONE',
    Url: 'URL',
    Combobox: 'COMBOBOX',
    Picklist: 'PICKLIST',
    MultiselectPicklist: 'MULTIPICKLIST',
    Checkbox: 'BOOLEAN',
    Number: 'DOUBLE',
    Int: 'INTEGER',
    Currency: 'CURRENCY',
    Percent: 'PERCENT',
    Date: 'DATE',
    DateTime: 'DATETIME',
    Time: 'TIME',
    Lookup: 'REFERENCE',
    MasterDetail: 'REFERENCE',
    MetadataRelationship: 'STRING',
    AutoNumber: 'STRING',
    FullName: 'STRING',
    Summary: 'DOUBLE',
    Location: 'LOCATION',
    Address: 'ADDRESS',
    Base64: 'BASE64'
};

const SOAP: Record<DisplayType, string> = {
    ID: 'ID',
    STRING: 'STRING',
    TEXTAREA: 'STRING',
    EMAIL: 'STRING',
    PHONE: 'STRING',
    URL: 'STRING',
    COMBOBOX: 'STRING',
    PICKLIST: 'STRING',
    MULTIPICKLIST: 'STRING',
    ENCRYPTEDSTRING: 'STRING',
    BOOLEAN: 'BOOLEAN',
    DOUBLE: 'DOUBLE',
    INTEGER: 'INTEGER',
    CURRENCY: 'DOUBLE',
    PERCENT: 'DOUBLE',
    DATE: 'DATE',
    DATETIME: 'DATETIME',
    TIME: 'TIME',
    REFERENCE: 'ID',
    LOCATION: 'ADDRESS',
    ADDRESS: 'ADDRESS',
    BASE64: 'BASE64BINARY'
};

export interface FieldDescribe {
    name: string;
    localName: string;
    label: string;
    type: DisplayType;
    soapType: string;
    length: number;
    precision: number;
    scale: number;
    digits: number;
    custom: boolean;
    nillable: boolean;
    createable: boolean;
    updateable: boolean;
    accessible: boolean;
    calculated: boolean;
    autoNumber: boolean;
    externalId: boolean;
    unique: boolean;
    caseSensitive: boolean;
    idLookup: boolean;
    nameField: boolean;
    defaultedOnCreate: boolean;
    defaultValueFormula: string | null;
    referenceTo: string[];
    relationshipName: string | null;
    cascadeDelete: boolean;
    restrictedPicklist: boolean;
    picklistValues: { value: string; label: string; isDefault: boolean; isActive: boolean }[];
    calculatedFormula: string | null;
}

/** Humanised label when metadata has none: `BillingCity` → `Billing City`, `Foo_Bar__c` → `Foo Bar`. */
export function defaultLabel(apiName: string): string {
    return apiName
        .replace(/__c$/i, '')
        .replace(/Id$/, apiName === 'Id' ? 'Id' : ' ID')
        .replace(/_/g, ' ')
        .replace(/([a-z])([A-Z])/g, '$1 $2')
        .trim();
}

export function describeField(info: SObjectInfo, f: FieldInfo): FieldDescribe {
    const type = DISPLAY[f.type];
    const calculated = f.formula !== undefined || !!f.summary || f.type === 'FullName';
    const textual = [
        'STRING',
        'TEXTAREA',
        'EMAIL',
        'PHONE',
        'URL',
        'COMBOBOX',
        'PICKLIST',
        'MULTIPICKLIST',
        'ENCRYPTEDSTRING',
        'ID',
        'REFERENCE'
    ].includes(type);
    return {
        name: f.name,
        localName: f.name,
        label: f.label ?? defaultLabel(f.name),
        type,
        soapType: SOAP[type],
        length: textual ? (f.length ?? (type === 'ID' || type === 'REFERENCE' ? 18 : 0)) : 0,
        precision: f.precision ?? 0,
        scale: f.scale ?? 0,
        digits: f.type === 'Int' ? (f.precision ?? 9) : 0,
        custom: f.custom,
        nillable: !f.required && f.type !== 'Checkbox' && f.name !== 'Id' && !f.system,
        createable: f.createable,
        updateable: f.updateable,
        accessible: true,
        calculated,
        autoNumber: f.type === 'AutoNumber',
        externalId: f.externalId,
        unique: f.unique,
        caseSensitive: f.caseSensitive,
        idLookup: f.name === 'Id' || f.externalId || (f.type === 'Text' && f.name === 'Name' && info.name === 'User'),
        nameField: !info.noNameField && f.name === (info.nameFieldName ?? 'Name'),
        defaultedOnCreate: f.defaultValue !== undefined || !!f.picklistValues?.some((p) => p.isDefault) || !!f.system,
        defaultValueFormula: f.defaultValue ?? null,
        referenceTo: f.referenceTo ?? [],
        relationshipName: f.relationshipName ?? null,
        cascadeDelete: f.type === 'MasterDetail',
        restrictedPicklist: !!f.restrictedPicklist,
        picklistValues: (f.picklistValues ?? []).map((p) => ({ ...p, isActive: true })),
        calculatedFormula: f.formula ?? null
    };
}

export interface SObjectDescribe {
    name: string;
    label: string;
    keyPrefix: string;
    custom: boolean;
    customSetting: boolean;
    isCustomMetadata: boolean;
    createable: boolean;
    updateable: boolean;
    deletable: boolean;
    queryable: boolean;
    accessible: boolean;
    /** lower-case field name → describe (Apex `fields.getMap()` keys are lower-case, §2 #23) */
    fields: Map<string, FieldDescribe>;
    childRelationships: { relationshipName: string; childSObject: string; field: string; cascadeDelete: boolean }[];
    recordTypes: { developerName: string; name: string; active: boolean }[];
}

export function describeSObject(info: SObjectInfo): SObjectDescribe {
    const fields = new Map<string, FieldDescribe>();
    for (const [k, f] of info.fields) fields.set(k, describeField(info, f));
    return {
        name: info.name,
        label: info.label,
        keyPrefix: info.keyPrefix,
        custom: info.custom,
        customSetting: info.isCustomSetting,
        isCustomMetadata: info.isCustomMetadata,
        createable: info.createable,
        updateable: info.createable,
        deletable: info.createable,
        queryable: true,
        accessible: true,
        fields,
        childRelationships: [...info.childRelationships.values()].map((c) => ({
            relationshipName: c.name,
            childSObject: c.childObject,
            field: c.field,
            cascadeDelete: c.cascadeDelete
        })),
        recordTypes: info.recordTypes.map((r) => ({ developerName: r.developerName, name: r.label, active: r.active }))
    };
}

/**
 * Whether a field may be used in a WHERE clause (`filter`), an ORDER BY (`sort`) or a GROUP BY (`group`), by its type
 * alone (FIELD_TYPES);
 * undefined when the type does not decide it (plain text areas, formulas, summaries, metadata relationships). Both
 * DescribeFieldResult.isFilterable()/isSortable() and the SOQL evaluator ask here.
 */
export function queryableByType(f: FieldInfo, use: 'filter' | 'sort' | 'group'): boolean | undefined {
    if (f.formula !== undefined || f.summary) return undefined;
    return FIELD_TYPES[f.type][use];
}

/**
 * Whether a field may be in a GROUP BY (DescribeFieldResult.isGroupable(); "field 'X' can not be grouped in a query
 * call"), or undefined where nothing decides it: "Formula fields can't be grouped"; a standard field follows the
 * Object Reference's "Group" property where the catalogue records it (SOQL and SOSL Reference, "Considerations for
 * GROUP BY"); system fields per the System Fields page (Id and CreatedDate / LastModifiedDate not, CreatedById /
 * LastModifiedById yes); a type that never groups (FIELD_TYPES) does not.
 */
export function groupableField(f: FieldInfo): boolean | undefined {
    if (f.formula !== undefined) return false;
    if (!f.custom && f.groupable !== undefined) return f.groupable;
    const system = f.system ? SYSTEM_GROUPABLE.get(f.name.toLowerCase()) : undefined;
    if (system !== undefined) return system;
    return queryableByType(f, 'group');
}
const SYSTEM_GROUPABLE = new Map<string, boolean>([
    ['id', false],
    ['createdbyid', true],
    ['lastmodifiedbyid', true],
    ['createddate', false],
    ['lastmodifieddate', false]
]);
