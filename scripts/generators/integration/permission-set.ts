import * as path from 'node:path';
import { PlannedFile } from '../lib/output-plan';
import { el, metadataDocument, XmlElement } from '../lib/xml';
import { MappingConfig, RESPONSE_KEY_FIELD } from '../mapping/mapping-config';
import { IntegrationConfig } from './integration-config';
import { MODIFIED_AT_FIELD, SF_MODIFIED_AT_FIELD } from './inbound-model';
import { markerComment } from './integration-plan-common';

export const INTEGRATION_CUSTOM_PERMISSION = 'D365_Sync_Integration_User';

export interface FieldGrant {
    /** `Account.BillingAddress`, `Account.D365_Account_Number__c`, … */
    field: string;
    editable: boolean;
}

/**
 * Field permissions the integration user needs: read on every mapped field whose field-level security can be set
 * (address components through their compound field), edit only where D365 may write (owner d365 or both, and the
 * field is writable at all), plus the External ID the upsert is keyed on and D365's change time. Required fields
 * such as Name take no field permission (the trigger enforces their owner: D365FieldOwnership).
 */
export function fieldGrants(mapping: MappingConfig): FieldGrant[] {
    const grants = new Map<string, FieldGrant>();
    const add = (field: string, editable: boolean) => {
        const key = `${mapping.object}.${field}`;
        const existing = grants.get(key);
        grants.set(key, { field: key, editable: editable || (existing?.editable ?? false) });
    };
    for (const m of mapping.mappings) {
        if (m.field.fls) {
            add(m.field.flsField ?? m.field.name, m.field.updateable && m.owner !== 'salesforce');
        }
    }
    add(RESPONSE_KEY_FIELD, true);
    add(MODIFIED_AT_FIELD, true);
    add(SF_MODIFIED_AT_FIELD, false);
    return [...grants.values()].sort((a, b) => a.field.localeCompare(b.field));
}

export function permissionSetFile(packageDir: string, config: IntegrationConfig): string {
    return path.join(packageDir, 'permissionsets', `${config.permissionSet.name}.permissionset-meta.xml`);
}

export function planPermissionSet(
    config: IntegrationConfig,
    mapping: MappingConfig,
    packageDir: string,
    configFile: string
): PlannedFile {
    const grant = (g: FieldGrant): XmlElement[] =>
        el('fieldPermissions', [...el('editable', g.editable), ...el('field', g.field), ...el('readable', true)]);
    const children: XmlElement[] = [
        ...el('customPermissions', [...el('enabled', true), ...el('name', INTEGRATION_CUSTOM_PERMISSION)]),
        ...el(
            'description',
            `API-only access for the D365 integration user: ${mapping.object} read on the mapped fields, edit on the fields D365 owns or shares, ${RESPONSE_KEY_FIELD} and ${MODIFIED_AT_FIELD}; its changes never start an outbound sync.`
        ),
        ...fieldGrants(mapping).flatMap(grant),
        ...el('hasActivationRequired', false),
        ...el('label', config.permissionSet.label),
        ...el('objectPermissions', [
            ...el('allowCreate', config.permissionSet.allowCreate),
            ...el('allowDelete', false),
            ...el('allowEdit', true),
            ...el('allowRead', true),
            ...el('modifyAllRecords', false),
            ...el('object', mapping.object),
            ...el('viewAllRecords', false)
        ]),
        ...el('userPermissions', [...el('enabled', true), ...el('name', 'ApiEnabled')]),
        ...el('userPermissions', [...el('enabled', true), ...el('name', 'ApiUserOnly')])
    ];
    return {
        file: permissionSetFile(packageDir, config),
        content: metadataDocument('PermissionSet', children, { comment: markerComment(configFile) })
    };
}
