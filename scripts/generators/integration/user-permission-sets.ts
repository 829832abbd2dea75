import * as fs from 'node:fs';
import * as path from 'node:path';
import { GeneratorError } from '../lib/errors';
import { PlannedFile } from '../lib/output-plan';
import { displayPath } from '../lib/paths';
import { MappingConfig } from '../mapping/mapping-config';
import { MODIFIED_AT_FIELD, SF_MODIFIED_AT_FIELD } from './inbound-model';

/**
 * The package's permission sets for Salesforce users. They are hand-written; the generator keeps one part of them:
 * the field permissions of the fields D365 owns (and of the two ownership timestamps) are read-only, so these
 * permission sets never grant edit on them. Permission sets only add access: a profile may still grant edit, which
 * is why the Account trigger refuses such changes too (D365FieldOwnership).
 */
export const USER_PERMISSION_SETS = ['D365_Sync_User', 'D365_Sync_Admin'];

/** Text of the comment that says which part of the file the generator keeps (never the full generator marker). */
export const PARTIAL_MARKER = 'kept read-only by npm run integration:generate';

const BLOCK = /^ {4}<fieldPermissions>\n(?: {8}.*\n)*? {4}<\/fieldPermissions>\n/gm;
const COMMENT = new RegExp(`^<!-- .*${PARTIAL_MARKER}.*-->\\n`, 'm');

/** `Account.X` names the user-facing permission sets must grant read-only, sorted. */
export function readOnlyFields(mapping: MappingConfig): string[] {
    const fields = new Set<string>();
    for (const m of mapping.mappings) {
        if (m.owner === 'd365' && m.field.fls) {
            fields.add(`${mapping.object}.${m.field.flsField ?? m.field.name}`);
        }
    }
    fields.add(`${mapping.object}.${MODIFIED_AT_FIELD}`);
    fields.add(`${mapping.object}.${SF_MODIFIED_AT_FIELD}`);
    return [...fields].sort();
}

function block(field: string): string {
    return `    <fieldPermissions>\n        <editable>false</editable>\n        <field>${field}</field>\n        <readable>true</readable>\n    </fieldPermissions>\n`;
}

function fieldOf(text: string): string {
    return /<field>([^<]*)<\/field>/.exec(text)?.[1] ?? '';
}

/**
 * The permission set XML with the field permissions of `fields` replaced by read-only ones (other entries and
 * elements untouched, entries sorted by field as Salesforce writes them) and the comment naming them.
 */
export function patchPermissionSet(xml: string, fields: string[], file: string): string {
    const comment = `<!-- Field permissions on ${fields.join(', ')}: ${PARTIAL_MARKER} (owner d365 in config/d365-field-mapping.json, and the ownership timestamps); the rest of this file is hand-written. -->\n`;
    let text = xml.replace(COMMENT, '');
    const blocks = [...text.matchAll(BLOCK)];
    const kept = blocks.map((b) => b[0]).filter((b) => !fields.includes(fieldOf(b)));
    // code-point order, as Salesforce sorts them (Error_Category__c before Error__c)
    const all = [...kept, ...fields.map(block)].sort((a, b) =>
        fieldOf(a) < fieldOf(b) ? -1 : fieldOf(a) > fieldOf(b) ? 1 : 0
    );
    if (blocks.length) {
        const start = blocks[0].index ?? 0;
        const last = blocks[blocks.length - 1];
        const end = (last.index ?? 0) + last[0].length;
        if (text.slice(start, end) !== blocks.map((b) => b[0]).join('')) {
            throw new GeneratorError(
                `${displayPath(file)}: the fieldPermissions entries are not one sorted run`,
                'keep the elements in the order Salesforce retrieves them (fieldPermissions together)'
            );
        }
        text = text.slice(0, start) + all.join('') + text.slice(end);
    } else {
        // first top-level element that sorts after fieldPermissions, as Salesforce orders them
        const next = [...text.matchAll(/^ {4}<(\w+)>/gm)].find((m) => m[1] > 'fieldPermissions');
        const at = next?.index ?? text.indexOf('</PermissionSet>');
        if (at < 0) {
            throw new GeneratorError(`${displayPath(file)}: not a PermissionSet`);
        }
        text = text.slice(0, at) + all.join('') + text.slice(at);
    }
    const declaration = /^<\?xml[^>]*\?>\n/.exec(text);
    const head = declaration ? declaration[0].length : 0;
    return text.slice(0, head) + comment + text.slice(head);
}

/** The user-facing permission sets present in the package folder, with their D365-owned fields read-only. */
export function planUserPermissionSets(mapping: MappingConfig, packageDir: string): PlannedFile[] {
    const fields = readOnlyFields(mapping);
    const planned: PlannedFile[] = [];
    for (const name of USER_PERMISSION_SETS) {
        const file = path.join(packageDir, 'permissionsets', `${name}.permissionset-meta.xml`);
        if (!fs.existsSync(file)) {
            continue; // a package folder without it (e.g. a test's --out): nothing to keep
        }
        planned.push({ file, content: patchPermissionSet(fs.readFileSync(file, 'utf8'), fields, file), partial: true });
    }
    return planned;
}
