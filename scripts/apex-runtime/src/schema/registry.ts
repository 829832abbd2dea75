/**
 * Schema registry: standard-object catalogue (standard-objects.json) merged with the project's
 * force-app metadata (objects, fields, custom metadata types + records, automation, permission sets).
 *
 * Metadata shapes: Metadata API Developer Guide — CustomObject, CustomField (type, length,
 * precision, scale, required, unique, externalId, caseSensitive, defaultValue, referenceTo,
 * relationshipName, valueSet/restricted, formula, summaryOperation, displayFormat), CustomMetadata
 * (`values/field`, `values/value` with xsi:type / xsi:nil), ValidationRule, Flow (start/object,
 * triggerType), Workflow (rules vs fieldUpdates), DuplicateRule, PermissionSet (customPermissions).
 */
import * as fs from 'fs';
import * as path from 'path';
import { XMLParser } from 'fast-xml-parser';
import { ApexRuntimeUnsupported, ApexPlatformError } from '../errors';
import {
    ApexDecimal,
    ApexPrimitive,
    coercePrimitive,
    fromXsdLiteral,
    PrimitiveTypeName,
    typeOfPrimitive,
    ApexId,
    ApexDatetime
} from '../values';
import type {
    Automation,
    CustomMetadataRecord,
    FieldInfo,
    FieldType,
    ObjectPermission,
    PicklistValue,
    ProjectSetupData,
    SObjectInfo,
    StandardValue
} from './types';
import { FIELD_TYPES } from './types';
import catalogue from './standard-objects.json';
import { addressCompoundFields, definitionObjects, geolocationSubFields } from './metadata-relationships';
import { STANDARD_OBJECT_LABELS } from './standard-labels';
import { AUDIT_FIELD_LABELS, STANDARD_FIELD_LABELS } from './standard-field-labels';
import { declaredTestPermissionSets } from '../project/org-setup';

export * from './types';

const ARRAY_TAGS = new Set([
    'value',
    'values',
    'referenceTo',
    'customPermissions',
    'customMetadataTypeAccesses',
    'rules',
    'fieldUpdates',
    'objectPermissions',
    'fieldPermissions',
    'userPermissions',
    'standardValue',
    'displayedFields'
]);
const xml = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: '@_',
    parseTagValue: false,
    trimValues: true,
    isArray: (name) => ARRAY_TAGS.has(name)
});

/** Field types whose values are strings (length checks, `allowFieldTruncation`): FIELD_TYPES' `text`. */
export const TEXT_FIELD_TYPES: readonly FieldType[] = (Object.keys(FIELD_TYPES) as FieldType[]).filter(
    (t) => FIELD_TYPES[t].text
);

function readXml(file: string): Record<string, unknown> {
    return xml.parse(fs.readFileSync(file, 'utf8')) as Record<string, unknown>;
}

type X = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const bool = (v: unknown) => v === 'true' || v === true;
const num = (v: unknown) => (v === undefined || v === '' ? undefined : Number(v));

export function apexTypeForField(type: FieldType, scale?: number): PrimitiveTypeName {
    switch (type) {
        case 'Checkbox':
            return 'Boolean';
        case 'Number':
        case 'Currency':
        case 'Percent':
        case 'Summary':
            return 'Decimal';
        case 'Int':
            return 'Integer';
        case 'Date':
            return 'Date';
        case 'DateTime':
            return 'Datetime';
        case 'Time':
            return 'Time';
        case 'Id':
        case 'Lookup':
        case 'MasterDetail':
            return 'Id';
        case 'Base64':
            return 'Blob';
        default:
            void scale;
            return 'String';
    }
}

const DEFAULT_LENGTH: Partial<Record<FieldType, number>> = {
    Email: 80,
    Phone: 40,
    Url: 255,
    TextArea: 255,
    Picklist: 255,
    MultiselectPicklist: 4099,
    MetadataRelationship: 255
};

function makeField(name: string, type: FieldType, extra: Partial<FieldInfo> = {}): FieldInfo {
    const calculated = type === 'AutoNumber' || type === 'FullName' || type === 'Summary';
    return {
        name,
        type,
        apexType: apexTypeForField(type, extra.scale),
        custom: /__c$/i.test(name),
        required: false,
        unique: false,
        externalId: false,
        caseSensitive: false,
        createable: !calculated,
        updateable: !calculated,
        length: extra.length ?? DEFAULT_LENGTH[type],
        ...extra
    };
}

// ---------------------------------------------------------------------------------------------
// catalogue DSL: "Text(255) req unique rel=Owner child=Contacts default=x restricted"
// ---------------------------------------------------------------------------------------------

export function parseFieldSpec(name: string, spec: string): FieldInfo {
    const m = /^(\w+)(?:\(([^)]*)\))?(?:\[([^\]]*)\])?\s*(.*)$/.exec(spec.trim());
    if (!m) throw new Error(`bad field spec for ${name}: ${spec}`);
    const type = m[1] as FieldType;
    const args = m[2] ? m[2].split(',').map((s) => s.trim()) : [];
    const f = makeField(name, type);
    f.custom = false;
    if (type === 'Lookup' || type === 'MasterDetail') {
        f.referenceTo = args;
    } else if (args.length) {
        if (['Number', 'Currency', 'Percent'].includes(type)) {
            f.precision = +args[0];
            f.scale = args[1] ? +args[1] : 0;
        } else if (type === 'Int') {
            f.precision = +args[0];
            f.scale = 0;
        } else {
            f.length = +args[0];
        }
    }
    if (m[3] === '?') {
        f.picklistValuesUnknown = true;
    } else if (m[3] !== undefined) {
        f.picklistValues = m[3].split('|').map((v) => ({ value: v, label: v, isDefault: false }));
    }
    // flags; `default=` takes the rest of the string up to the next known flag
    const rest = m[4];
    const flagRe =
        /(?:^|\s)(req|unique|ext|cs|ro|any|restricted|doc|nd|grp|ngrp|rel=\S+|child=\S+|format=\S+|default=.+?)(?=\s+(?:req|unique|ext|cs|ro|any|restricted|doc|nd|grp|ngrp|rel=|child=|format=|default=)|$)/g;
    let fm: RegExpExecArray | null;
    while ((fm = flagRe.exec(rest))) {
        const flag = fm[1];
        if (flag === 'req') f.required = true;
        else if (flag === 'unique') f.unique = true;
        else if (flag === 'ext') f.externalId = true;
        else if (flag === 'cs') f.caseSensitive = true;
        else if (flag === 'ro') f.createable = f.updateable = false;
        else if (flag === 'restricted') f.restrictedPicklist = true;
        else if (flag === 'any') f.anyReference = true;
        else if (flag === 'doc') f.defaultedOnCreate = true;
        else if (flag === 'nd') f.defaultedOnCreate = false;
        else if (flag === 'grp') f.groupable = true;
        else if (flag === 'ngrp') f.groupable = false;
        else if (flag.startsWith('rel=')) f.relationshipName = flag.slice(4);
        else if (flag.startsWith('child=')) f.childRelationshipName = flag.slice(6);
        else if (flag.startsWith('format=')) f.displayFormat = flag.slice(7);
        else if (flag.startsWith('default=')) {
            const v = flag.slice(8).trim();
            f.defaultValue = ['Checkbox', 'Number', 'Int', 'Currency', 'Percent'].includes(type) ? v : `'${v}'`;
            const pv = f.picklistValues?.find((p) => p.value === v);
            if (pv) pv.isDefault = true;
        }
    }
    return f;
}

/**
 * `owned`: the object has OwnerId; 'User' when only users own its records (a queue "supports cases, leads, service
 * contracts … and custom objects": Metadata API Developer Guide, "Queue"), so OwnerId refers to User alone.
 */
function auditFields(owned: boolean | 'User'): FieldInfo[] {
    const sys = { createable: false, updateable: false, system: true, custom: false };
    const out = [
        makeField('Id', 'Id', { ...sys }),
        makeField('IsDeleted', 'Checkbox', { ...sys }),
        makeField('CreatedDate', 'DateTime', { ...sys }),
        makeField('CreatedById', 'Lookup', { ...sys, referenceTo: ['User'], relationshipName: 'CreatedBy' }),
        makeField('LastModifiedDate', 'DateTime', { ...sys }),
        makeField('LastModifiedById', 'Lookup', { ...sys, referenceTo: ['User'], relationshipName: 'LastModifiedBy' }),
        makeField('SystemModstamp', 'DateTime', { ...sys })
    ];
    if (owned) {
        // OwnerId: createable/updateable, defaulted to the running user by the DB.
        out.push(
            makeField('OwnerId', 'Lookup', {
                custom: false,
                referenceTo: owned === 'User' ? ['User'] : ['User', 'Group'],
                relationshipName: 'Owner',
                system: true
            })
        );
    }
    return out;
}

/**
 * Default internal org-wide sharing of standard objects in a new org (Salesforce Help, "Default
 * Organization-Wide Access Levels"): Account Public Read/Write, Activity Private, Case Public
 * Read/Write/Transfer, Contact Controlled by Parent, Lead Public Read/Write/Transfer, Opportunity Public
 * Read Only, Users Public Read Only. Setup objects have no sharing (undefined = not record-shared).
 */
const STANDARD_OWD: Record<string, string> = {
    Account: 'ReadWrite',
    Contact: 'ControlledByParent',
    Opportunity: 'Read',
    Lead: 'ReadWriteTransfer',
    Case: 'ReadWriteTransfer',
    Task: 'Private',
    User: 'Read'
};

/** Which standard fields a StandardValueSet feeds (Metadata API "StandardValueSet Names and Standard Picklist Fields"). */
const STANDARD_VALUE_SET_FIELDS: Record<string, [string, string][]> = {
    opportunitystage: [['Opportunity', 'StageName']],
    casestatus: [['Case', 'Status']],
    taskstatus: [['Task', 'Status']],
    leadstatus: [['Lead', 'Status']],
    accounttype: [['Account', 'Type']],
    industry: [
        ['Account', 'Industry'],
        ['Lead', 'Industry']
    ],
    leadsource: [
        ['Lead', 'LeadSource'],
        ['Contact', 'LeadSource'],
        ['Opportunity', 'LeadSource'],
        ['Account', 'AccountSource']
    ],
    opportunitytype: [['Opportunity', 'Type']],
    caseorigin: [['Case', 'Origin']],
    casepriority: [['Case', 'Priority']],
    casetype: [['Case', 'Type']],
    casereason: [['Case', 'Reason']],
    taskpriority: [['Task', 'Priority']],
    contractstatus: [['Contract', 'Status']],
    orderstatus: [['Order', 'Status']]
};

/** A standard picklist field fed by a StandardValueSet (the Metadata API page above lists them). */
export function isStandardValueSetField(object: string, field: string): boolean {
    const o = object.toLowerCase();
    const f = field.toLowerCase();
    return Object.values(STANDARD_VALUE_SET_FIELDS).some((l) =>
        l.some(([a, b]) => a.toLowerCase() === o && b.toLowerCase() === f)
    );
}

// ---------------------------------------------------------------------------------------------
// registry
// ---------------------------------------------------------------------------------------------

export class SchemaRegistry {
    private objects = new Map<string, SObjectInfo>();
    private byPrefix = new Map<string, SObjectInfo>();
    readonly customMetadata = new Map<string, CustomMetadataRecord[]>();
    readonly setup: ProjectSetupData = { permissionSets: [], customPermissions: [], apexClasses: [] };
    /** Problems found while loading (unknown field types...), reported by `apexrt check`. */
    readonly warnings: string[] = [];

    /** Registry with only the standard catalogue. */
    static standard(): SchemaRegistry {
        const r = new SchemaRegistry();
        r.loadCatalogue(catalogue as unknown as Record<string, unknown>);
        // targets of metadata relationships; not queryable themselves (no key prefix, no rows)
        for (const o of definitionObjects()) r.objects.set(o.name.toLowerCase(), o);
        return r;
    }

    /** Standard catalogue + project metadata from sfdx-project.json packageDirectories. */
    static load(projectDir: string): SchemaRegistry {
        const r = SchemaRegistry.standard();
        r.loadProject(projectDir);
        return r;
    }

    isSObjectType(name: string): boolean {
        return this.objects.has(name.toLowerCase());
    }
    getObject(name: string): SObjectInfo | undefined {
        return this.objects.get(name.toLowerCase());
    }
    /** Like getObject but throws the runtime's unsupported error for unknown objects. */
    requireObject(name: string, pos?: { file?: string; line?: number }): SObjectInfo {
        const o = this.getObject(name);
        if (!o)
            throw new ApexRuntimeUnsupported(
                `sObject type '${name}' (not in force-app nor the standard catalogue)`,
                pos
            );
        return o;
    }
    getField(objectName: string, field: string): FieldInfo | undefined {
        return this.getObject(objectName)?.fields.get(field.toLowerCase());
    }
    objectByKeyPrefix(prefix: string): SObjectInfo | undefined {
        return this.byPrefix.get(prefix);
    }
    objectForId(id: ApexId | string): SObjectInfo | undefined {
        const text = typeof id === 'string' ? id : id.value;
        return this.byPrefix.get(text.slice(0, 3));
    }
    allObjects(): SObjectInfo[] {
        return [...this.objects.values()];
    }
    /** Relationship field on `objectName` whose parent relationship name is `rel` (e.g. `Account__r`, `Owner`). */
    relationshipField(objectName: string, rel: string): FieldInfo | undefined {
        const o = this.getObject(objectName);
        if (!o) return undefined;
        const l = rel.toLowerCase();
        for (const f of o.fields.values()) if (f.relationshipName?.toLowerCase() === l) return f;
        return undefined;
    }
    customMetadataRecords(type: string): CustomMetadataRecord[] {
        return this.customMetadata.get(type.toLowerCase()) ?? [];
    }

    addObject(info: SObjectInfo): void {
        this.objects.set(info.name.toLowerCase(), info);
        this.byPrefix.set(info.keyPrefix, info);
    }

    private loadCatalogue(cat: Record<string, unknown>): void {
        for (const [name, raw] of Object.entries(cat)) {
            if (name.startsWith('$')) continue;
            const o = raw as X;
            const labels = STANDARD_OBJECT_LABELS[name];
            const info: SObjectInfo = {
                name,
                label: labels?.[0] ?? o.label ?? name,
                labelPlural: labels?.[1],
                standardLabelsKnown: labels !== undefined,
                sharingModel: STANDARD_OWD[name],
                keyPrefix: o.keyPrefix,
                keyPrefixUndocumented: o.keyPrefixUndocumented === true ? true : undefined,
                noNameField: o.nameField === false ? true : undefined,
                nameFieldName: typeof o.nameField === 'string' ? o.nameField : undefined,
                nameFieldUndecided: o.nameField === null ? true : undefined,
                custom: false,
                isCustomMetadata: false,
                isCustomSetting: false,
                createable: o.createable !== false,
                insertable: o.insertable !== false,
                fields: new Map(),
                childRelationships: new Map(),
                automation: [],
                recordTypes: []
            };
            const explicit = new Set(Object.keys(o.fields).map((k) => k.toLowerCase()));
            for (const f of auditFields(o.owned === 'User' ? 'User' : !!o.owned))
                if (!explicit.has(f.name.toLowerCase())) info.fields.set(f.name.toLowerCase(), f);
            for (const [fname, spec] of Object.entries(o.fields as Record<string, string>)) {
                info.fields.set(fname.toLowerCase(), parseFieldSpec(fname, spec));
            }
            for (const f of addressCompoundFields(info.fields)) info.fields.set(f.name.toLowerCase(), f);
            // default labels where the Field Reference lists them (schema/standard-field-labels.ts); others unknown
            for (const [fname, row] of Object.entries(STANDARD_FIELD_LABELS[name]?.fields ?? {})) {
                const f = info.fields.get(fname.toLowerCase());
                if (f) f.label = row[0];
            }
            // audit fields: one label on every Field Reference page (standard-field-labels.ts AUDIT_FIELD_LABELS)
            if (STANDARD_FIELD_LABELS[name])
                for (const [fname, label] of Object.entries(AUDIT_FIELD_LABELS)) {
                    const f = info.fields.get(fname.toLowerCase());
                    if (f && f.label === undefined) f.label = label;
                }
            this.addObject(info);
        }
        this.linkChildRelationships();
    }

    /** Register child relationships on parents from lookup fields that declare one. */
    linkChildRelationships(): void {
        const all = [...this.objects.values()].map((o) => o.name);
        for (const o of this.objects.values()) {
            for (const f of o.fields.values()) {
                // polymorphic "any object" lookups resolve to every known object (custom ones included)
                if (f.anyReference) f.referenceTo = all.slice();
                // a metadata relationship to another custom metadata type declares the child relationship
                // (`Parent__mdt.Children__r`): an in-memory or deserialized record carries it; a SOQL subquery on it lists
                // the child records naming the parent (soql/eval.ts projectMetadataChildren)
                if (f.metadataChildRelationshipName && f.referenceTo) {
                    for (const parentName of f.referenceTo) {
                        const parent = this.getObject(parentName);
                        if (!parent?.isCustomMetadata) continue;
                        parent.childRelationships.set(f.metadataChildRelationshipName.toLowerCase(), {
                            name: f.metadataChildRelationshipName,
                            childObject: o.name,
                            field: f.name,
                            cascadeDelete: false,
                            restrictedDelete: false,
                            metadata: true
                        });
                    }
                }
                if (!f.childRelationshipName || !f.referenceTo) continue;
                for (const parentName of f.referenceTo) {
                    const parent = this.getObject(parentName);
                    if (!parent) continue;
                    // a specific relationship wins over an "any object" one with the same name
                    // (ContentDocument.ContentDocumentLinks is the ContentDocumentId master-detail, not LinkedEntityId)
                    const existing = parent.childRelationships.get(f.childRelationshipName.toLowerCase());
                    if (f.anyReference && existing && existing.field !== f.name) continue;
                    parent.childRelationships.set(f.childRelationshipName.toLowerCase(), {
                        name: f.childRelationshipName,
                        childObject: o.name,
                        field: f.name,
                        cascadeDelete: f.type === 'MasterDetail',
                        restrictedDelete: f.deleteConstraint === 'Restrict'
                    });
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // project metadata
    // ---------------------------------------------------------------------------------------------

    loadProject(projectDir: string): void {
        const sfdx = path.join(projectDir, 'sfdx-project.json');
        const dirs: string[] = fs.existsSync(sfdx)
            ? (JSON.parse(fs.readFileSync(sfdx, 'utf8')).packageDirectories ?? []).map((d: { path: string }) =>
                  path.join(projectDir, d.path)
              )
            : [projectDir];
        const files: string[] = [];
        const walk = (d: string) => {
            if (!fs.existsSync(d)) return;
            for (const e of fs.readdirSync(d, { withFileTypes: true })) {
                const p = path.join(d, e.name);
                if (e.isDirectory()) walk(p);
                else files.push(p);
            }
        };
        dirs.forEach(walk);
        files.sort();
        for (const n of declaredTestPermissionSets(projectDir)) {
            if (!(this.setup.testUserPermissionSets ??= []).includes(n)) this.setup.testUserPermissionSets.push(n);
        }
        const rel = (f: string) => path.relative(projectDir, f);

        // 1. objects (object-meta first so custom objects exist before fields are attached)
        const customNames = files
            .filter((f) => f.endsWith('.object-meta.xml'))
            .map((f) => path.basename(f, '.object-meta.xml'))
            .filter((n) => /__(c|mdt|e)$/i.test(n))
            .sort((a, b) => a.localeCompare(b));
        let customIdx = 0;
        let mdtIdx = 0;
        let eventIdx = 0;
        const prefixFor = (n: string) => {
            const isMdt = /__mdt$/i.test(n);
            const isEvent = /__e$/i.test(n);
            const i = isMdt ? mdtIdx++ : isEvent ? eventIdx++ : customIdx++;
            return (isMdt ? 'm' : isEvent ? 'e' : 'a') + i.toString(36).toUpperCase().padStart(2, '0');
        };
        const prefixes = new Map(customNames.map((n) => [n.toLowerCase(), prefixFor(n)]));
        for (const f of files.filter((x) => x.endsWith('.object-meta.xml'))) {
            this.loadObjectFile(f, prefixes, rel(f));
        }
        // a renamed standard object ships its labels as a translation: they are no longer the defaults
        // (decomposed source format: objectTranslations/<Object>-<lang>/<Field>.fieldTranslation-meta.xml)
        for (const f of files.filter(
            (x) => x.endsWith('.objectTranslation-meta.xml') || x.endsWith('.fieldTranslation-meta.xml')
        )) {
            const base = f.endsWith('.fieldTranslation-meta.xml')
                ? path.basename(path.dirname(f))
                : path.basename(f, '.objectTranslation-meta.xml');
            const renamed = this.getObject(base.replace(/-[^-]+$/, ''));
            if (renamed && !renamed.custom) {
                renamed.standardLabelsKnown = false;
                // its field labels may be renamed too (the translation's <fields>): no longer the defaults
                for (const fi of renamed.fields.values()) if (!fi.custom) fi.label = undefined;
            }
        }
        // 2. fields
        for (const f of files.filter((x) => x.endsWith('.field-meta.xml'))) {
            const objName = path.basename(path.dirname(path.dirname(f)));
            this.loadFieldFile(objName, f, rel(f));
        }
        for (const o of this.objects.values()) this.finishCustomObject(o);
        this.addShareObjects(files);
        this.linkChildRelationships();
        // 3. record types, automation
        for (const f of files) {
            const r = rel(f);
            if (f.endsWith('.recordType-meta.xml')) {
                const obj = this.getObject(path.basename(path.dirname(path.dirname(f))));
                const x = readXml(f).RecordType as X;
                obj?.recordTypes.push({
                    developerName: x.fullName ?? path.basename(f, '.recordType-meta.xml'),
                    label: x.label,
                    active: bool(x.active)
                });
            } else if (f.endsWith('.fieldSet-meta.xml')) {
                const obj = this.getObject(path.basename(path.dirname(path.dirname(f))));
                const x = readXml(f).FieldSet as X;
                const name = String(x.fullName ?? path.basename(f, '.fieldSet-meta.xml'));
                if (!obj) this.warnings.push(`field set ${r} on unknown object`);
                else {
                    obj.fieldSets ??= new Map();
                    obj.fieldSets.set(name.toLowerCase(), {
                        name,
                        label: String(x.label ?? name),
                        description: x.description !== undefined ? String(x.description) : null,
                        fields: ((x.displayedFields ?? []) as X[]).map((d) => ({
                            path: String(d.field),
                            required: bool(d.isRequired)
                        }))
                    });
                }
            } else if (f.endsWith('.validationRule-meta.xml')) {
                const x = readXml(f).ValidationRule as X;
                if (bool(x.active))
                    this.addAutomation(
                        path.basename(path.dirname(path.dirname(f))),
                        'ValidationRule',
                        path.basename(f, '.validationRule-meta.xml'),
                        r
                    );
            } else if (f.endsWith('.flow-meta.xml')) {
                const x = readXml(f).Flow as X;
                const start = x?.start as X | undefined;
                if (x?.status === 'Active' && start?.object && /^Record/.test(String(start.triggerType ?? ''))) {
                    this.addAutomation(
                        String(start.object),
                        'RecordTriggeredFlow',
                        path.basename(f, '.flow-meta.xml'),
                        r
                    );
                }
            } else if (f.endsWith('.platformEventSubscriberConfig-meta.xml')) {
                // Metadata API "PlatformEventSubscriberConfig": platformEventConsumer (the trigger), user
                // (a username), batchSize (1-2,000); read by stdlib/events.ts
                const x = readXml(f).PlatformEventSubscriberConfig as X;
                const size = x?.batchSize === undefined ? null : Number(x.batchSize);
                (this.setup.eventSubscriberConfigs ??= []).push({
                    consumer: String(x?.platformEventConsumer ?? ''),
                    user: x?.user === undefined ? null : String(x.user),
                    batchSize: size,
                    file: f
                });
            } else if (f.endsWith('.labels-meta.xml')) {
                const ls = (readXml(f).CustomLabels as X | undefined)?.labels;
                const labels = this.setup.customLabels ?? (this.setup.customLabels = new Map());
                for (const l of (Array.isArray(ls) ? ls : ls ? [ls] : []) as X[])
                    if (l?.fullName)
                        labels.set(String(l.fullName).toLowerCase(), {
                            name: String(l.fullName),
                            value: String(l.value ?? '')
                        });
            } else if (f.endsWith('.cachePartition-meta.xml')) {
                (this.setup.cachePartitionFiles ??= []).push(f);
            } else if (f.endsWith('.approvalProcess-meta.xml')) {
                // read by the approval model (src/approval/definitions.ts); an approval process fires on no DML
                (this.setup.approvalFiles ??= []).push(f);
            } else if (f.endsWith('.workflow-meta.xml')) {
                (this.setup.workflowFiles ??= []).push(f);
                // Only workflow RULES fire on DML; field updates used by approval processes do not
                // (docs/data-model.md "Runtime notes for metadata").
                const x = readXml(f).Workflow as X;
                for (const rule of (x?.rules ?? []) as X[]) {
                    if (bool(rule.active))
                        this.addAutomation(
                            path.basename(f, '.workflow-meta.xml'),
                            'WorkflowRule',
                            String(rule.fullName),
                            r
                        );
                }
            } else if (f.endsWith('.duplicateRule-meta.xml')) {
                const x = readXml(f).DuplicateRule as X;
                const base = path.basename(f, '.duplicateRule-meta.xml');
                if (bool(x?.isActive)) this.addAutomation(base.split('.')[0], 'DuplicateRule', base, r);
            } else if (f.endsWith('.md-meta.xml') && path.basename(path.dirname(f)) === 'customMetadata') {
                this.loadCustomMetadataRecord(f, r);
            } else if (f.endsWith('.permissionset-meta.xml')) {
                const x = readXml(f).PermissionSet as X;
                this.setup.permissionSets.push({
                    name: path.basename(f, '.permissionset-meta.xml'),
                    label: x?.label ?? path.basename(f, '.permissionset-meta.xml'),
                    customPermissions: ((x?.customPermissions ?? []) as X[])
                        .filter((c) => bool(c.enabled))
                        .map((c) => String(c.name)),
                    objectPermissions: new Map<string, ObjectPermission>([
                        // A custom metadata type is readable through the permission set's customMetadataTypeAccesses
                        // (Trailhead "Protect Custom Metadata Types and Records": "Access can be granted to users
                        // through profiles and permission sets"); records are never written by DML.
                        ...((x?.customMetadataTypeAccesses ?? []) as X[])
                            .filter((c) => bool(c.enabled))
                            .map(
                                (c) =>
                                    [
                                        String(c.name).toLowerCase(),
                                        {
                                            read: true,
                                            create: false,
                                            edit: false,
                                            delete: false,
                                            viewAll: false,
                                            modifyAll: false
                                        }
                                    ] as [string, ObjectPermission]
                            ),
                        ...((x?.objectPermissions ?? []) as X[]).map((o): [string, ObjectPermission] => [
                            String(o.object).toLowerCase(),
                            {
                                read: bool(o.allowRead),
                                create: bool(o.allowCreate),
                                edit: bool(o.allowEdit),
                                delete: bool(o.allowDelete),
                                viewAll: bool(o.viewAllRecords),
                                modifyAll: bool(o.modifyAllRecords)
                            }
                        ])
                    ]),
                    fieldPermissions: new Map(
                        ((x?.fieldPermissions ?? []) as X[]).map((f) => [
                            String(f.field).toLowerCase(),
                            { readable: bool(f.readable), editable: bool(f.editable) }
                        ])
                    ),
                    userPermissions: new Set(
                        ((x?.userPermissions ?? []) as X[])
                            .filter((u) => bool(u.enabled))
                            .map((u) => String(u.name).toLowerCase())
                    ),
                    file: r
                });
            } else if (f.endsWith('.namedCredential-meta.xml')) {
                const x = readXml(f).NamedCredential as X;
                const params = (
                    Array.isArray(x?.namedCredentialParameters)
                        ? x.namedCredentialParameters
                        : x?.namedCredentialParameters
                          ? [x.namedCredentialParameters]
                          : []
                ) as X[];
                const url = params.find((p) => String(p.parameterType) === 'Url');
                (this.setup.namedCredentials ??= []).push({
                    name: path.basename(f, '.namedCredential-meta.xml'),
                    label: x?.label ?? path.basename(f, '.namedCredential-meta.xml'),
                    // Legacy named credentials keep the URL in <endpoint>
                    endpoint: url?.parameterValue ?? x?.endpoint ?? null
                });
            } else if (/\.featureParameter(Integer|Boolean|Date)-meta\.xml$/.test(f)) {
                const type = /\.featureParameter(Integer|Boolean|Date)-meta\.xml$/.exec(f)![1] as
                    'Integer' | 'Boolean' | 'Date';
                const x = readXml(f)[`FeatureParameter${type}`] as X;
                const name = path.basename(f).replace(/\.featureParameter\w+-meta\.xml$/, '');
                (this.setup.featureParameters ??= new Map()).set(name.toLowerCase(), {
                    name,
                    type,
                    value: x?.value === undefined ? '' : String(x.value),
                    // the metadata API spells it dataFlowDirection (some samples: dataflowDirection)
                    direction: String(x?.dataFlowDirection ?? x?.dataflowDirection ?? '')
                });
            } else if (f.endsWith('.customPermission-meta.xml')) {
                const x = readXml(f).CustomPermission as X;
                this.setup.customPermissions.push({
                    name: path.basename(f, '.customPermission-meta.xml'),
                    label: x?.label ?? path.basename(f, '.customPermission-meta.xml')
                });
            } else if (f.endsWith('.cls')) {
                this.setup.apexClasses.push(path.basename(f, '.cls'));
                (this.setup.apexClassFiles ??= new Map()).set(path.basename(f, '.cls').toLowerCase(), f);
            } else if (f.endsWith('.trigger-meta.xml')) {
                // object name from the trigger header `trigger X on Account (...)`
                const src = f.slice(0, -'-meta.xml'.length);
                const text = fs.existsSync(src) ? fs.readFileSync(src, 'utf8') : null;
                const m = text ? /\btrigger\s+\w+\s+on\s+(\w+)\s*\(([^)]*)\)/i.exec(text) : null;
                (this.setup.apexTriggers ??= []).push({
                    name: path.basename(src, '.trigger'),
                    object: m ? m[1] : '',
                    // declared events (`before insert`, `after undelete`…): ApexTrigger.Usage* fields
                    events: m ? m[2].split(',').map((e) => e.trim().toLowerCase().replace(/\s+/g, ' ')) : undefined,
                    file: text !== null ? src : undefined
                });
            } else if (f.endsWith('.page') && path.basename(path.dirname(f)) === 'pages') {
                // Visualforce pages: `Page.<name>` in Apex (stdlib/pages.ts)
                (this.setup.visualforcePages ??= []).push(path.basename(f, '.page'));
            } else if (f.endsWith('.resource-meta.xml')) {
                const x = readXml(f).StaticResource as X;
                const base = f.slice(0, -'.resource-meta.xml'.length);
                const body = [
                    base + '.resource',
                    ...files.filter((o) => o.startsWith(base + '.') && !o.endsWith('-meta.xml'))
                ].find((o) => fs.existsSync(o) && fs.statSync(o).isFile());
                (this.setup.staticResources ??= []).push({
                    name: path.basename(base),
                    contentType: String(x?.contentType ?? ''),
                    cacheControl: x?.cacheControl,
                    file: body ?? null
                });
            } else if (f.endsWith('.notiftype-meta.xml')) {
                // Metadata API "CustomNotificationType" (notificationtypes/<Name>.notiftype-meta.xml)
                const x = readXml(f).CustomNotificationType as X;
                const name = path.basename(f, '.notiftype-meta.xml');
                (this.setup.customNotificationTypes ??= []).push({
                    developerName: name,
                    typeName: String(x?.customNotifTypeName ?? name),
                    label: String(x?.masterLabel ?? name),
                    description: x?.description ?? null,
                    desktop: bool(x?.desktop),
                    mobile: bool(x?.mobile)
                });
            } else if (f.endsWith('.email-meta.xml')) {
                const x = readXml(f).EmailTemplate as X;
                const src = f.slice(0, -'-meta.xml'.length);
                const body = fs.existsSync(src) ? fs.readFileSync(src, 'utf8') : null;
                (this.setup.emailTemplates ??= []).push({
                    developerName: path.basename(src, '.email'),
                    folder: path.basename(path.dirname(f)),
                    name: String(x?.name ?? path.basename(src, '.email')),
                    subject: x?.subject ?? null,
                    type: String(x?.type ?? 'text'),
                    body,
                    encoding: x?.encodingKey ?? null,
                    available: bool(x?.available),
                    description: x?.description ?? null
                });
            } else if (f.endsWith('.standardValueSet-meta.xml')) {
                const x = readXml(f).StandardValueSet as X;
                const values: StandardValue[] = ((x?.standardValue ?? []) as X[]).map((v) => ({
                    fullName: String(v.fullName),
                    closed: v.closed === undefined ? undefined : bool(v.closed),
                    won: v.won === undefined ? undefined : bool(v.won),
                    converted: v.converted === undefined ? undefined : bool(v.converted),
                    probability: num(v.probability),
                    forecastCategory: v.forecastCategory,
                    isDefault: bool(v.default)
                }));
                (this.setup.standardValueSets ??= new Map()).set(
                    path.basename(f, '.standardValueSet-meta.xml').toLowerCase(),
                    values
                );
            }
        }
        this.applyStandardValueSets();
        // roll-up summaries fire on child DML
        for (const o of this.objects.values()) {
            for (const fi of o.fields.values()) {
                if (!fi.summary) continue;
                for (const child of o.childRelationships.values()) {
                    this.addAutomation(
                        child.childObject,
                        'RollupSummary',
                        `${o.name}.${fi.name}`,
                        `${o.name}/fields/${fi.name}`
                    );
                }
            }
        }
    }

    /** Picklist values of standard fields from force-app StandardValueSet files (replace the catalogue's defaults). */
    private applyStandardValueSets(): void {
        for (const [set, values] of this.setup.standardValueSets ?? []) {
            for (const [obj, field] of STANDARD_VALUE_SET_FIELDS[set] ?? []) {
                const f = this.getField(obj, field);
                if (!f) continue;
                f.picklistValues = values.map((v) => ({
                    value: v.fullName,
                    label: v.fullName,
                    isDefault: !!v.isDefault
                }));
            }
        }
    }

    private addAutomation(objectName: string, kind: Automation['kind'], name: string, file: string) {
        const o = this.getObject(objectName);
        if (!o) {
            this.warnings.push(`${kind} ${name} on unknown object ${objectName} (${file})`);
            return;
        }
        o.automation.push({ kind, name, file });
    }

    private loadObjectFile(file: string, prefixes: Map<string, string>, relFile: string) {
        const name = path.basename(file, '.object-meta.xml');
        const x = (readXml(file).CustomObject ?? {}) as X;
        const existing = this.getObject(name);
        if (existing) return; // standard object extension (Account.object-meta.xml): catalogue wins
        if (/__e$/i.test(name)) {
            // Platform event (Platform Events Developer Guide, "Platform Event Fields"): standard fields ReplayId,
            // EventUuid, CreatedDate, CreatedById; no Id, Name or owner; not stored, so no DML and no SOQL.
            const sys = { createable: false, updateable: false, system: true, custom: false };
            const info: SObjectInfo = {
                name,
                label: x.label ?? name,
                keyPrefix: prefixes.get(name.toLowerCase())!,
                custom: true,
                isCustomMetadata: false,
                isCustomSetting: false,
                createable: false,
                fields: new Map(),
                childRelationships: new Map(),
                automation: [],
                recordTypes: [],
                isPlatformEvent: true,
                publishBehavior:
                    x.publishBehavior === 'PublishAfterCommit' ? 'PublishAfterCommit' : 'PublishImmediately'
            };
            info.fields.set('replayid', makeField('ReplayId', 'Text', { ...sys, length: 255 }));
            info.fields.set('eventuuid', makeField('EventUuid', 'Text', { ...sys, length: 36 }));
            info.fields.set('createddate', makeField('CreatedDate', 'DateTime', { ...sys }));
            info.fields.set(
                'createdbyid',
                makeField('CreatedById', 'Lookup', { ...sys, referenceTo: ['User'], relationshipName: 'CreatedBy' })
            );
            this.addObject(info);
            return;
        }
        if (!/__(c|mdt)$/i.test(name)) {
            this.warnings.push(`standard object ${name} is not in the catalogue (${relFile}); it is unsupported`);
            return;
        }
        const isMdt = /__mdt$/i.test(name);
        const info: SObjectInfo = {
            name,
            label: x.label ?? name,
            labelPlural: x.pluralLabel !== undefined ? String(x.pluralLabel) : undefined,
            keyPrefix: prefixes.get(name.toLowerCase())!,
            custom: true,
            isCustomMetadata: isMdt,
            isCustomSetting: !!x.customSettingsType,
            createable: !isMdt,
            fields: new Map(),
            childRelationships: new Map(),
            automation: [],
            recordTypes: []
        };
        if (isMdt) {
            const sys = { createable: false, updateable: false, custom: false };
            info.fields.set('id', makeField('Id', 'Id', { ...sys, system: true }));
            for (const [n, len] of [
                ['DeveloperName', 40],
                ['MasterLabel', 40],
                ['Label', 40],
                ['Language', 40],
                ['NamespacePrefix', 15],
                ['QualifiedApiName', 70]
            ] as const) {
                info.fields.set(n.toLowerCase(), makeField(n, 'Text', { ...sys, length: len }));
            }
        } else {
            for (const f of auditFields(false)) info.fields.set(f.name.toLowerCase(), f);
            const nf = (x.nameField ?? {}) as X;
            if (nf.type === 'AutoNumber') {
                info.fields.set(
                    'name',
                    makeField('Name', 'AutoNumber', {
                        custom: false,
                        length: 80,
                        displayFormat: nf.displayFormat,
                        startingNumber: num(nf.startingNumber) ?? 1,
                        label: nf.label
                    })
                );
            } else if (x.customSettingsType) {
                // custom settings: Name (Text 38) — required for List settings; Hierarchy settings add
                // SetupOwnerId (Organization, Profile or User) (Apex Developer Guide, "Custom Settings Methods")
                const list = x.customSettingsType === 'List';
                info.fields.set('name', makeField('Name', 'Text', { custom: false, length: 38, required: list }));
                if (!list) {
                    info.fields.set(
                        'setupownerid',
                        makeField('SetupOwnerId', 'Lookup', {
                            custom: false,
                            referenceTo: ['Organization', 'Profile', 'User'],
                            relationshipName: 'SetupOwner'
                        })
                    );
                }
                info.customSettingsType = String(x.customSettingsType);
            } else {
                info.fields.set(
                    'name',
                    makeField('Name', 'Text', { custom: false, length: 80, label: nf.label, required: true })
                );
            }
            // OwnerId unless a detail object (decided in finishCustomObject once fields are known)
            info.sharingModel = x.customSettingsType ? undefined : (x.sharingModel ?? 'ReadWrite');
        }
        this.addObject(info);
    }

    /**
     * `X__Share` objects for custom objects whose org-wide default is Private or Public Read Only (Apex Developer
     * Guide, "Sharing a Record Using Apex": fields ParentId, UserOrGroupId, AccessLevel (Read | Edit | All), RowCause
     * (Manual or an Apex sharing reason `Reason__c` from `objects/X/sharingReasons`)). Key prefixes s00, s01… are local.
     */
    private addShareObjects(files: string[]) {
        const reasons = new Map<string, string[]>();
        for (const f of files.filter((x) => x.endsWith('.sharingReason-meta.xml'))) {
            const obj = path.basename(path.dirname(path.dirname(f))).toLowerCase();
            const list = reasons.get(obj) ?? [];
            list.push(path.basename(f, '.sharingReason-meta.xml'));
            reasons.set(obj, list);
        }
        const targets = [...this.objects.values()]
            .filter((o) => o.custom && !o.isCustomMetadata && !o.isCustomSetting)
            .filter((o) => o.sharingModel === 'Private' || o.sharingModel === 'Read')
            .sort((a, b) => a.name.localeCompare(b.name));
        targets.forEach((o, i) => {
            const name = `${o.name.slice(0, -3)}__Share`;
            if (this.getObject(name)) return;
            const rowCauses = ['Manual', 'Owner', 'Rule', ...(reasons.get(o.name.toLowerCase()) ?? [])];
            const info: SObjectInfo = {
                name,
                label: `${o.label ?? o.name} Share`,
                keyPrefix: `s${String(i).padStart(2, '0')}`,
                custom: true,
                isCustomMetadata: false,
                isCustomSetting: false,
                createable: true,
                fields: new Map(),
                childRelationships: new Map(),
                automation: [],
                recordTypes: []
            };
            for (const f of auditFields(false)) if (f.name !== 'IsDeleted') info.fields.set(f.name.toLowerCase(), f);
            const specs: Record<string, string> = {
                ParentId: `MasterDetail(${o.name}) req rel=Parent child=Shares`,
                UserOrGroupId: 'Lookup(User,Group) req rel=UserOrGroup',
                AccessLevel: 'Picklist[Read|Edit|All] req restricted',
                RowCause: `Picklist[${rowCauses.join('|')}] default=Manual`
            };
            for (const [fname, spec] of Object.entries(specs))
                info.fields.set(fname.toLowerCase(), parseFieldSpec(fname, spec));
            this.addObject(info);
        });
    }

    private finishCustomObject(o: SObjectInfo) {
        if (!o.custom || o.isCustomMetadata || o.isCustomSetting || o.isPlatformEvent) return;
        const hasMaster = [...o.fields.values()].some((f) => f.type === 'MasterDetail');
        if (!hasMaster && !o.fields.has('ownerid')) {
            o.fields.set(
                'ownerid',
                makeField('OwnerId', 'Lookup', {
                    custom: false,
                    referenceTo: ['User', 'Group'],
                    relationshipName: 'Owner',
                    system: true
                })
            );
        }
    }

    private loadFieldFile(objName: string, file: string, relFile: string) {
        const obj = this.getObject(objName);
        if (!obj) {
            this.warnings.push(`field ${relFile} on unknown object ${objName}`);
            return;
        }
        const x = (readXml(file).CustomField ?? {}) as X;
        const name = String(x.fullName ?? path.basename(file, '.field-meta.xml'));
        let type = String(x.type) as FieldType;
        if (!FIELD_TYPES[type]?.metadata) {
            this.warnings.push(`field ${objName}.${name} has unsupported type ${type}`);
        }
        const vs = x.valueSet as X | undefined;
        const values: PicklistValue[] | undefined = vs?.valueSetDefinition?.value?.map((v: X) => ({
            value: String(v.fullName),
            label: String(v.label ?? v.fullName),
            isDefault: bool(v.default)
        }));
        if (vs && vs.valueSetName)
            this.warnings.push(`global value set ${vs.valueSetName} on ${objName}.${name}: values unknown`);
        // a field-meta.xml for a standard field: its label is whatever the org shows, not a known default
        const standard = !/__c$/i.test(name) && obj.fields.get(name.toLowerCase())?.custom === false;
        const fi = makeField(name, type, {
            custom: true,
            label: standard ? undefined : x.label,
            length: num(x.length) ?? (type === 'Text' ? 255 : DEFAULT_LENGTH[type]),
            precision: num(x.precision),
            scale: num(x.scale) ?? (['Number', 'Currency', 'Percent'].includes(type) ? 0 : undefined),
            required: bool(x.required) || type === 'MasterDetail',
            unique: bool(x.unique),
            externalId: bool(x.externalId),
            caseSensitive: bool(x.caseSensitive),
            defaultValue: x.defaultValue !== undefined ? String(x.defaultValue) : undefined,
            referenceTo: x.referenceTo ? (x.referenceTo as unknown[]).map(String) : undefined,
            relationshipName:
                x.relationshipName && (type === 'Lookup' || type === 'MasterDetail')
                    ? name.replace(/__c$/i, '__r')
                    : undefined,
            childRelationshipName: x.relationshipName ? `${x.relationshipName}__r` : undefined,
            picklistValues: values,
            restrictedPicklist: vs ? bool(vs.restricted) : undefined,
            globalValueSet: vs?.valueSetName ? String(vs.valueSetName) : undefined,
            controllingField: vs?.controllingField ? String(vs.controllingField) : undefined,
            formula: x.formula !== undefined ? String(x.formula) : undefined,
            summary: type === 'Summary' || undefined,
            deleteConstraint:
                type === 'Lookup' && x.deleteConstraint !== undefined ? String(x.deleteConstraint) : undefined,
            displayFormat: x.displayFormat,
            startingNumber: num(x.startingNumber)
        });
        if (type === 'Checkbox' && fi.defaultValue === undefined) fi.defaultValue = 'false';
        if (fi.formula !== undefined) {
            fi.createable = fi.updateable = false;
        }
        if (type === 'Lookup' && !x.relationshipName) fi.relationshipName = name.replace(/__c$/i, '__r');
        if (type === 'MetadataRelationship') {
            // traversed as X__r (EntityDefinition, FieldDefinition or another type's record); no child relationship
            // on the target is modelled
            fi.relationshipName = name.replace(/__c$/i, '__r');
            fi.metadataChildRelationshipName = fi.childRelationshipName;
            fi.childRelationshipName = undefined;
        }
        obj.fields.set(name.toLowerCase(), fi);
        if (type === 'Location')
            for (const sub of geolocationSubFields(fi)) obj.fields.set(sub.name.toLowerCase(), sub);
    }

    private loadCustomMetadataRecord(file: string, relFile: string) {
        const base = path.basename(file, '.md-meta.xml');
        const dot = base.indexOf('.');
        const typeName = `${base.slice(0, dot)}__mdt`;
        const developerName = base.slice(dot + 1);
        const obj = this.getObject(typeName);
        if (!obj) {
            this.warnings.push(`custom metadata record ${relFile} of unknown type ${typeName}`);
            return;
        }
        const x = (readXml(file).CustomMetadata ?? {}) as X;
        const values = new Map<string, ApexPrimitive>();
        values.set('developername', developerName);
        values.set('masterlabel', x.label ?? developerName);
        values.set('label', x.label ?? developerName);
        values.set('qualifiedapiname', developerName);
        values.set('namespaceprefix', null);
        values.set('language', 'en_US');
        for (const v of (x.values ?? []) as X[]) {
            const fieldName = String(v.field);
            const field = obj.fields.get(fieldName.toLowerCase());
            if (!field) {
                this.warnings.push(`${relFile}: unknown field ${fieldName}`);
                continue;
            }
            const raw = Array.isArray(v.value) ? v.value[0] : v.value;
            let text: string | undefined;
            let xsdType: string | undefined;
            let nil = false;
            if (raw === undefined || raw === '') {
                nil = raw === undefined;
                text = raw === '' ? '' : undefined;
            } else if (typeof raw === 'object') {
                xsdType = raw['@_xsi:type'];
                nil = raw['@_xsi:nil'] === 'true';
                text = raw['#text'] !== undefined ? String(raw['#text']) : nil ? undefined : '';
            } else text = String(raw);
            values.set(
                field.name.toLowerCase(),
                toStoredValue(field, coerceFieldValue(field, fromXsdLiteral(text, xsdType, nil)))
            );
        }
        // fields without a value are null
        for (const f of obj.fields.values())
            if (!values.has(f.name.toLowerCase()) && f.name !== 'Id') values.set(f.name.toLowerCase(), null);
        const list = this.customMetadata.get(typeName.toLowerCase()) ?? [];
        list.push({
            type: obj.name,
            developerName,
            label: String(x.label ?? developerName),
            protected: bool(x.protected),
            values,
            file: relFile
        });
        this.customMetadata.set(typeName.toLowerCase(), list);
    }
}

/**
 * Coerce a value to a field's Apex type (sObject `put` / metadata / DML): numeric widening, String → Id,
 * Number fields keep the value's scale except metadata-derived numbers which take the field scale.
 * Wrong type → System.SObjectException "Illegal assignment from X to Y" ([Known]).
 */
/**
 * True when `name` is missing on `info` only because the standard-object catalogue is a curated subset: a standard
 * object and a standard-looking name (no `__c`/`__r`/`__x` suffix). Callers raise ApexRuntimeUnsupported instead of the
 * platform's "No such column" / "Invalid field" error, which would be a false failure for a real field we do not know.
 */
export function isCatalogueGap(info: SObjectInfo, name: string): boolean {
    if (KNOWN_ABSENT_FIELDS[info.name.toLowerCase()]?.includes(name.toLowerCase())) return false;
    return !info.custom && !/__(c|r|x|mdt|e|b)$/i.test(name);
}

/**
 * Standard-looking names known NOT to be fields of a standard object, so they get the platform's error instead of
 * "not in the catalogue". User has no `Nickname` field: "Nickname" is the label of `CommunityNickname` (Field Reference
 * "User", https://developer.salesforce.com/docs/atlas.en-us.234.0.sfFieldRef.meta/sfFieldRef/salesforce_field_reference_User.htm;
 * the Object Reference "User" field list has CommunityNickname and no Nickname). Opportunity has no `Stage` field: the
 * stage is `StageName` (labelled "Stage"; Field Reference "Opportunity",
 * https://developer.salesforce.com/docs/platform/field-reference/references/field-reference/salesforce-field-reference-opportunity.html).
 * Account has no `AssetLevel`: that is a field of Asset (Object Reference "Asset"); the Field Reference "Account" list
 * has none.
 */
const KNOWN_ABSENT_FIELDS: Readonly<Record<string, readonly string[]>> = {
    user: ['nickname'],
    opportunity: ['stage'],
    account: ['assetlevel']
};

export function coerceFieldValue(field: FieldInfo, value: ApexPrimitive): ApexPrimitive {
    if (value === null) return null;
    const actual = typeOfPrimitive(value);
    if (field.apexType === 'String' && actual === 'String') return value;
    try {
        return coercePrimitive(value, field.apexType);
    } catch (e) {
        if (e instanceof ApexPlatformError && e.apexType === 'System.TypeException') {
            throw new ApexPlatformError(
                'System.SObjectException',
                `Illegal assignment from ${actual} to ${field.apexType}`
            );
        }
        throw e;
    }
}

/**
 * Value as stored/returned by the database: Number/Currency/Percent values take at least the field's scale
 * (Decimal Data Type: "If the Decimal is created as part of a query, the scale is based on the scale
 * of the field returned from the query"), but more decimal places than the field declares are kept, not rounded:
 * "Salesforce does not round values provided through the API (… Apex …). If you insert or update a value like
 * $1.234, it will be stored exactly as entered, regardless of the field's decimal setting" (Salesforce Help
 * 000385689; also 000394530 "number field can store more decimal places than defined"). [Obs] fflib-apex-common's
 * selector test reads back Account.AnnualRevenue (scale 0) = 12345.67 and passes in orgs.
 */
export function toStoredValue(field: FieldInfo, value: ApexPrimitive): ApexPrimitive {
    if (value instanceof ApexDecimal && field.scale !== undefined && field.apexType === 'Decimal') {
        return value.scale < field.scale ? value.setScale(field.scale, 'HALF_UP') : value;
    }
    if (value instanceof ApexDatetime) return toStoredDatetime(value);
    return value;
}

/**
 * A Date/Time field stores whole seconds: "Regular dateTime fields are full timestamps with a precision of one
 * second" (SOAP API Developer Guide, "Primitive Data Types": CreatedDate, LastModifiedDate, SystemModstamp too). The
 * milliseconds of an Apex Datetime are zeroed, not rounded, when it is saved [Obs: "Last Modified Date Rounding to
 * Whole Seconds", frombelvideres4thfloor.blogspot.com 2011]. The caller's in-memory record keeps its value; a query
 * reads the stored one. T1 dates/datetime-field-stores-whole-seconds.
 */
export function toStoredDatetime(value: ApexDatetime): ApexDatetime {
    const ms = value.epochMs;
    return ms % 1000 === 0 ? value : new ApexDatetime(Math.floor(ms / 1000) * 1000);
}
