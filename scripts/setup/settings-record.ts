// The `D365_Sync_Setting.Default` record as a Metadata API deploy: custom metadata records cannot be written
// through REST DML, so "enable sending" deploys the record with every value the org has now and only
// Enabled__c changed (an admin's batch size or backoff is never reset to the shipped value).
import { readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { DEFAULT_PACKAGE_DIR } from '../generators/lib/paths';
import { CmdtValue, valueElement, XSD, XSI } from '../generators/mapping/mapping-records';
import { el, metadataDocument } from '../generators/lib/xml';
import { MetadataFile } from './metadata-dir';

export const SETTINGS_TYPE = 'D365_Sync_Setting';
export const SETTINGS_RECORD = 'Default';

/** Field API name → type, from the shipped object definition (force-app owns the fields). */
export function settingsFields(packageDir = DEFAULT_PACKAGE_DIR): Map<string, string> {
    const dir = path.join(packageDir, 'objects', `${SETTINGS_TYPE}__mdt`, 'fields');
    const fields = new Map<string, string>();
    for (const file of readdirSync(dir).sort()) {
        const type = /<type>([^<]+)<\/type>/.exec(readFileSync(path.join(dir, file), 'utf8'))?.[1] ?? 'Text';
        fields.set(file.replace('.field-meta.xml', ''), type);
    }
    return fields;
}

function cmdtValue(type: string, value: unknown): CmdtValue {
    if (value === null || value === undefined) return { kind: 'nil' };
    if (type === 'Checkbox') return { kind: 'boolean', value: value === true };
    if (type === 'Number' || type === 'Percent' || type === 'Currency') return { kind: 'double', value: Number(value) };
    return { kind: 'string', value: String(value) };
}

/** The record's XML (`customMetadata/<Type>.<Record>.md` in Metadata API format). */
export function settingsRecordXml(fields: Map<string, string>, row: Record<string, unknown>): string {
    const values = [...fields].flatMap(([name, type]) => valueElement(name, cmdtValue(type, row[name])));
    return metadataDocument(
        'CustomMetadata',
        [...el('label', String(row.MasterLabel ?? SETTINGS_RECORD)), ...el('protected', false), ...values],
        { extraNamespaces: { 'xmlns:xsi': XSI, 'xmlns:xsd': XSD } }
    );
}

/** The record as a file of a Metadata API folder (metadata-dir.ts). */
export function settingsRecordFile(xml: string): MetadataFile {
    return {
        type: 'CustomMetadata',
        fullName: `${SETTINGS_TYPE}.${SETTINGS_RECORD}`,
        file: `customMetadata/${SETTINGS_TYPE}.${SETTINGS_RECORD}.md`,
        xml
    };
}
