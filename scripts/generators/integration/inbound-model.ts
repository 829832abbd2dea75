import { API_VERSION } from '../lib/paths';
import { MappingConfig, MappingType, Owner, RESPONSE_KEY_FIELD } from '../mapping/mapping-config';
import { IntegrationConfig } from './integration-config';

/** D365's change time of a write; the trigger compares it with SF_MODIFIED_AT_FIELD (D365FieldOwnership). */
export const MODIFIED_AT_FIELD = 'D365_Modified_At__c';
/** When a Salesforce user last changed a `both` field; stamped by the trigger only. */
export const SF_MODIFIED_AT_FIELD = 'D365_SF_Modified_At__c';

/** One Salesforce field D365 writes, described in D365's direction (D365 property → Salesforce field). */
export interface InboundField {
    d365Property: string;
    salesforceField: string;
    mappingType: MappingType;
    salesforceType: string;
    /** Salesforce field length: longer values are rejected with STRING_TOO_LONG. */
    maxLength?: number;
    /** Which side owns the field (field-mapping.md, "Field ownership"). */
    owner: Owner;
    /** D365 may send it: a d365 or both field that Salesforce lets anyone write. */
    writable: boolean;
    /** Salesforce cannot write it at all (formula, system field). */
    readOnlyInSalesforce: boolean;
    /** Value map reversed: D365 value → Salesforce value. */
    reverseValueMap?: Record<string, string>;
    requiredForPush: boolean;
}

/** What the hand-off document and the OpenAPI document describe, derived from the two configs only. */
export interface InboundModel {
    object: string;
    apiVersion: string;
    externalIdField: string;
    keyProperty: string;
    myDomain: string;
    appName: string;
    permissionSetName: string;
    allowCreate: boolean;
    fields: InboundField[];
    /** D365's change time, sent with every write (`D365_Modified_At__c`); see field-mapping.md. */
    modifiedAtField: string;
    /** The package's stamp of the last Salesforce edit of a `both` field (`D365_SF_Modified_At__c`). */
    salesforceModifiedAtField: string;
    /** Whether any field is owned by both sides, i.e. stale writes can be refused. */
    hasSharedFields: boolean;
    /** Basis for a stable OpenAPI info.version. */
    fingerprint: string;
}

function reverse(valueMap?: Record<string, string>): Record<string, string> | undefined {
    if (!valueMap) {
        return undefined;
    }
    const reversed: Record<string, string> = {};
    for (const [salesforceValue, d365Value] of Object.entries(valueMap)) {
        if (!(d365Value in reversed)) {
            reversed[d365Value] = salesforceValue;
        }
    }
    return reversed;
}

function fingerprint(text: string): string {
    // FNV-1a, 32 bit: stable, no crypto needed, only to tell mapping versions apart.
    let hash = 0x811c9dc5;
    for (let i = 0; i < text.length; i++) {
        hash ^= text.charCodeAt(i);
        hash = Math.imul(hash, 0x01000193) >>> 0;
    }
    return hash.toString(16).padStart(8, '0');
}

export function buildInboundModel(integration: IntegrationConfig, mapping: MappingConfig): InboundModel {
    const keyMapping = mapping.mappings.find((m) => m.source.toLowerCase() === RESPONSE_KEY_FIELD.toLowerCase());
    const fields: InboundField[] = mapping.mappings
        .filter((m) => m.source.toLowerCase() !== RESPONSE_KEY_FIELD.toLowerCase())
        .map((m) => ({
            d365Property: m.target,
            salesforceField: m.source,
            mappingType: m.type,
            salesforceType: m.field.type,
            maxLength: m.field.length,
            owner: m.owner,
            writable: m.field.updateable && m.owner !== 'salesforce',
            readOnlyInSalesforce: !m.field.updateable,
            reverseValueMap: reverse(m.valueMap),
            requiredForPush: m.required
        }));
    const summary = JSON.stringify({
        fields,
        object: mapping.object,
        allowCreate: integration.permissionSet.allowCreate,
        key: keyMapping?.target
    });
    return {
        object: mapping.object,
        apiVersion: API_VERSION,
        externalIdField: RESPONSE_KEY_FIELD,
        keyProperty: keyMapping?.target ?? 'CustomerAccount',
        myDomain: integration.myDomainPlaceholder,
        appName: integration.app.name,
        permissionSetName: integration.permissionSet.name,
        allowCreate: integration.permissionSet.allowCreate,
        fields,
        modifiedAtField: MODIFIED_AT_FIELD,
        salesforceModifiedAtField: SF_MODIFIED_AT_FIELD,
        hasSharedFields: fields.some((f) => f.owner === 'both' && f.writable),
        fingerprint: fingerprint(summary)
    };
}
