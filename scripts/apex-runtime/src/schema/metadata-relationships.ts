// Custom-metadata relationship fields and geolocation sub-fields: the schema parts the deploy compiler accepts in
// SOQL and field access that a plain field model would reject as "No such column".
//
// Metadata Relationship fields (Salesforce Help, "Custom Metadata Relationships"; "Create a Relationship to a
// Field Definition or Entity Particle"): a field of a custom metadata type that points to an object
// (EntityDefinition), a field of that object (FieldDefinition, controlled by an EntityDefinition field of the same
// type) or a record of another custom metadata type. The record file stores the target's name: the object API name,
// `Object.Field` for a field definition, the DeveloperName of another type's record. Queries traverse them as
// `X__r.QualifiedApiName` (Apex Developer Guide, "Custom Metadata Types": relationship fields in SOQL).
//
// Geolocation (SOAP API Developer Guide, "Compound Field Considerations and Limitations": "Read and set geolocation
// field components by appending __latitude__s or __longitude__s to the field name"; Object Reference, "Geolocation
// Compound Field"): a Location field `Loc__c` has the numeric sub-fields `Loc__Latitude__s` and `Loc__Longitude__s`,
// which SOQL selects and filters and Apex reads and writes like any Number field; the compound value
// (`System.Location`) is not modelled.
import type { FieldInfo, SObjectInfo } from './types';

export type DefinitionKind = 'EntityDefinition' | 'FieldDefinition';

export function isDefinitionObject(name: string | undefined): name is DefinitionKind {
    return name === 'EntityDefinition' || name === 'FieldDefinition';
}

/** The two setup objects a metadata relationship can point to, with the fields computable from the stored name. */
export function definitionObjects(): SObjectInfo[] {
    return (['EntityDefinition', 'FieldDefinition'] as const).map((name) => ({
        name,
        label: name,
        keyPrefix: '',
        custom: false,
        isCustomMetadata: false,
        isCustomSetting: false,
        createable: false,
        fields: new Map(
            ['QualifiedApiName', 'DeveloperName'].map((f) => [
                f.toLowerCase(),
                {
                    name: f,
                    type: 'Text',
                    apexType: 'String',
                    custom: false,
                    required: false,
                    unique: false,
                    externalId: false,
                    caseSensitive: false,
                    createable: false,
                    updateable: false,
                    length: 255
                } satisfies FieldInfo
            ])
        ),
        childRelationships: new Map(),
        automation: [],
        recordTypes: []
    }));
}

/**
 * The definition row a stored metadata-relationship value names: `Account` → EntityDefinition Account,
 * `Account.Industry` → FieldDefinition Industry. DeveloperName drops the `__c`-style suffix (and a namespace).
 */
export function definitionRow(kind: DefinitionKind, stored: string): Map<string, string | null> {
    const apiName = kind === 'FieldDefinition' ? stored.slice(stored.indexOf('.') + 1) : stored;
    const developerName = apiName.replace(/__[a-z]+$/i, '').replace(/^[A-Za-z0-9]+__/, '');
    return new Map([
        ['qualifiedapiname', apiName],
        ['developername', developerName]
    ]);
}

/**
 * Reading the field itself returns the target's durable Id: the API name for a standard object or field, an Id the
 * local schema does not have for a custom one or for another type's record. Returns why the value cannot be given,
 * or null when it can.
 */
export function durableIdGap(field: FieldInfo, stored: string): string | null {
    const kind = field.referenceTo?.[0];
    if (!isDefinitionObject(kind))
        return `value of metadata relationship ${field.name} to ${kind} (the platform's value is not documented)`;
    const isCustom = (n: string) => /__[a-z]+$/i.test(n);
    const [object, fieldName] = stored.split('.');
    return isCustom(object) || (kind === 'FieldDefinition' && isCustom(fieldName ?? ''))
        ? `value of metadata relationship ${field.name} to the custom ${kind === 'EntityDefinition' ? 'object' : 'field'} ${stored} (its durable Id is not modelled)`
        : null;
}

/**
 * A compound field (a geolocation `Loc__c` or a standard address `BillingAddress`): its value is a System.Location /
 * System.Address, which the runtime does not model yet; its components are ordinary fields. The unsupported
 * construct's name, or null for any other field.
 */
export function compoundFieldGap(objectName: string, field: FieldInfo): string | null {
    if (field.type === 'Location') return `compound geolocation field ${objectName}.${field.name} (System.Location)`;
    if (field.type === 'Address') return `compound address field ${objectName}.${field.name} (System.Address)`;
    return null;
}

/** The components of an address compound (Object Reference, "Address Compound Fields"), in the Address class order. */
export const ADDRESS_PARTS = [
    'Street',
    'City',
    'State',
    'PostalCode',
    'Country',
    'StateCode',
    'CountryCode',
    'Latitude',
    'Longitude',
    'GeocodeAccuracy'
] as const;

/**
 * The standard address compounds of a catalogue object (Object Reference, "Address Compound Fields": `BillingAddress`
 * combines BillingStreet, BillingCity…; read-only; Lead and User have the unprefixed `Address`), added for every
 * prefix whose Street and City components the catalogue lists, so that describe lists them as the org does.
 */
export function addressCompoundFields(fields: Map<string, FieldInfo>): FieldInfo[] {
    const out: FieldInfo[] = [];
    for (const prefix of ['Billing', 'Shipping', 'Mailing', 'Other', '']) {
        const name = `${prefix}Address`;
        if (!fields.has(`${prefix}street`.toLowerCase()) || !fields.has(`${prefix}city`.toLowerCase())) continue;
        if (fields.has(name.toLowerCase())) continue;
        out.push({
            name,
            type: 'Address',
            apexType: 'String',
            custom: false,
            required: false,
            unique: false,
            externalId: false,
            caseSensitive: false,
            createable: false,
            updateable: false
        });
    }
    return out;
}

/** `Loc__Latitude__s` / `Loc__Longitude__s` of a geolocation field `Loc__c` (scale from the field metadata). */
export function geolocationSubFields(location: FieldInfo): FieldInfo[] {
    const base = location.name.replace(/__c$/i, '');
    return ['Latitude', 'Longitude'].map((part) => ({
        name: `${base}__${part}__s`,
        type: 'Number',
        apexType: 'Decimal',
        custom: true,
        precision: 18,
        scale: location.scale,
        required: false,
        unique: false,
        externalId: false,
        caseSensitive: false,
        createable: true,
        updateable: true
    }));
}
