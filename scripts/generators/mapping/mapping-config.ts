import { ConfigError, ConfigIssue } from '../lib/errors';
import { readJsonFile } from '../lib/json-file';
import { closest, developerNameProblem, labelFromName, suggestDeveloperName } from '../lib/names';
import { displayPath } from '../lib/paths';
import { FieldInfo, hasStandardCatalog, loadObjectFields } from '../lib/sobject-fields';

export const MAPPING_TYPES = ['string', 'number', 'boolean', 'date', 'datetime', 'picklist'] as const;
export type MappingType = (typeof MAPPING_TYPES)[number];

/**
 * Which side owns a field (docs/field-mapping.md, "Field ownership"): `salesforce` is pushed and never written back,
 * `d365` is written by D365 only, `both` is written by either side, last writer by timestamp.
 */
export const OWNERS = ['salesforce', 'd365', 'both'] as const;
export type Owner = (typeof OWNERS)[number];
/** An entry without `owner` (and a record with a blank Owner__c) is Salesforce's: D365 may overwrite nothing by accident. */
export const DEFAULT_OWNER: Owner = 'salesforce';

/** The field D365's key is stored in; empty until D365 answers the first push (data-model.md). */
export const RESPONSE_KEY_FIELD = 'D365_Account_Number__c';

/** Limits of the D365_Field_Mapping__mdt fields (data-model.md). */
const MAX_DEFAULT_LENGTH = 255;
const MAX_MAX_LENGTH = 999999;
const MAX_VALUE_MAP_LENGTH = 32768;
const MAX_TARGET_LENGTH = 255;
const MAX_LABEL_LENGTH = 40;

const TOP_LEVEL_KEYS = ['$schema', 'description', 'object', 'mappings'];
const MAPPING_KEYS = [
    'name',
    'label',
    'source',
    'target',
    'type',
    'owner',
    'required',
    'default',
    'maxLength',
    'valueMap'
];

/** Which Salesforce field types each mapping type accepts. */
const COMPATIBLE: Record<MappingType, string[]> = {
    string: ['string', 'textarea', 'picklist', 'multipicklist', 'combobox', 'phone', 'url', 'email', 'id', 'reference'],
    number: ['double', 'currency', 'percent', 'int', 'long'],
    boolean: ['boolean'],
    date: ['date'],
    datetime: ['datetime'],
    picklist: ['picklist', 'combobox']
};

/** One validated mapping, ready for the generators. */
export interface FieldMapping {
    name: string;
    label: string;
    /** Canonical field API name (case as the field is defined). */
    source: string;
    target: string;
    type: MappingType;
    /** Which side writes the field (default `salesforce`). */
    owner: Owner;
    required: boolean;
    default?: string | number | boolean;
    maxLength?: number;
    valueMap?: Record<string, string>;
    /** 1-based position in the config; becomes Sort_Order__c. */
    sortOrder: number;
    field: FieldInfo;
}

export interface MappingConfig {
    file: string;
    object: string;
    mappings: FieldMapping[];
    warnings: string[];
}

export interface LoadMappingOptions {
    /** Folder with `<Object>/fields/*.field-meta.xml` (force-app/main/default/objects). */
    objectsDir: string;
}

function typeOf(value: unknown): string {
    if (value === null) {
        return 'null';
    }
    return Array.isArray(value) ? 'array' : typeof value;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
    return typeOf(value) === 'object';
}

/** The mapping type that fits a Salesforce field type best (for hints). */
export function suggestedType(fieldType: string): MappingType | undefined {
    if (fieldType === 'picklist') {
        return 'picklist';
    }
    return MAPPING_TYPES.find((t) => COMPATIBLE[t].includes(fieldType));
}

function isValidDate(text: string): boolean {
    if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) {
        return false;
    }
    const date = new Date(`${text}T00:00:00Z`);
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(text);
}

function isValidDateTime(text: string): boolean {
    return (
        /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/.test(text) &&
        !Number.isNaN(Date.parse(text))
    );
}

class Collector {
    readonly issues: ConfigIssue[] = [];
    readonly warnings: string[] = [];

    constructor(private readonly file: string) {}

    error(path: string, message: string, hint?: string): void {
        this.issues.push({ file: this.file, path, message, hint });
    }

    warn(path: string, message: string): void {
        this.warnings.push(`${this.file}: ${path}: ${message}`);
    }
}

function checkUnknownKeys(c: Collector, path: string, value: Record<string, unknown>, allowed: string[]): void {
    for (const key of Object.keys(value)) {
        if (!allowed.includes(key)) {
            const guess = closest(key, allowed);
            c.error(
                `${path}.${key}`,
                `unknown property "${key}"`,
                guess ? `did you mean "${guess}"?` : `allowed properties: ${allowed.join(', ')}`
            );
        }
    }
}

function validateDefault(c: Collector, path: string, type: MappingType, value: unknown): void {
    const expected: Record<MappingType, string> = {
        string: 'a string',
        picklist: 'a string',
        number: 'a number',
        boolean: 'true or false',
        date: 'a date "YYYY-MM-DD"',
        datetime: 'an ISO 8601 date-time with a zone, e.g. "2026-01-31T12:00:00Z"'
    };
    let ok: boolean;
    switch (type) {
        case 'number':
            ok = typeof value === 'number' && Number.isFinite(value);
            break;
        case 'boolean':
            ok = typeof value === 'boolean';
            break;
        case 'date':
            ok = typeof value === 'string' && isValidDate(value);
            break;
        case 'datetime':
            ok = typeof value === 'string' && isValidDateTime(value);
            break;
        default:
            ok = typeof value === 'string';
    }
    if (!ok) {
        c.error(path, `default ${JSON.stringify(value)} does not fit type "${type}"`, `use ${expected[type]}`);
        return;
    }
    if (String(value).length > MAX_DEFAULT_LENGTH) {
        c.error(path, `default is longer than ${MAX_DEFAULT_LENGTH} characters (Default_Value__c is Text(255))`);
    }
}

function validateMapping(
    c: Collector,
    raw: unknown,
    index: number,
    objectName: string,
    fields: Map<string, FieldInfo>
): FieldMapping | undefined {
    const path = `$.mappings[${index}]`;
    if (!isPlainObject(raw)) {
        c.error(
            path,
            `must be an object, found ${typeOf(raw)}`,
            'each mapping looks like { "name", "source", "target", "type" }'
        );
        return undefined;
    }
    const before = c.issues.length;
    checkUnknownKeys(c, path, raw, MAPPING_KEYS);

    // name
    const name = raw.name;
    if (typeof name !== 'string') {
        c.error(
            `${path}.name`,
            name === undefined ? 'is missing' : `must be a string, found ${typeOf(name)}`,
            'a record developer name, e.g. "Billing_City"'
        );
    } else {
        const problem = developerNameProblem(name);
        if (problem) {
            c.error(
                `${path}.name`,
                `"${name}" is not a valid Custom Metadata record name: it ${problem}`,
                `letters, digits and single underscores, starting with a letter, at most 40 characters — e.g. "${suggestDeveloperName(name)}"`
            );
        }
    }

    // label
    let label = typeof name === 'string' ? labelFromName(name) : '';
    if (raw.label !== undefined) {
        if (typeof raw.label !== 'string' || raw.label.trim() === '') {
            c.error(`${path}.label`, 'must be a non-empty string');
        } else if (raw.label.length > MAX_LABEL_LENGTH) {
            c.error(
                `${path}.label`,
                `is longer than ${MAX_LABEL_LENGTH} characters`,
                'Custom Metadata record labels hold at most 40 characters'
            );
        } else {
            label = raw.label;
        }
    }

    // type
    const type = raw.type;
    let mappingType: MappingType | undefined;
    if (typeof type !== 'string' || !(MAPPING_TYPES as readonly string[]).includes(type)) {
        const guess = typeof type === 'string' ? closest(type, MAPPING_TYPES) : undefined;
        c.error(
            `${path}.type`,
            type === undefined ? 'is missing' : `${JSON.stringify(type)} is not a mapping type`,
            `${guess ? `did you mean "${guess}"? ` : ''}one of: ${MAPPING_TYPES.join(', ')}`
        );
    } else {
        mappingType = type as MappingType;
    }

    // source
    const source = raw.source;
    let field: FieldInfo | undefined;
    if (typeof source !== 'string' || source.trim() === '') {
        c.error(
            `${path}.source`,
            source === undefined ? 'is missing' : 'must be a non-empty string',
            `a field API name of ${objectName}, e.g. "BillingCity"`
        );
    } else {
        field = fields.get(source.toLowerCase());
        if (!field) {
            const guess = closest(
                source,
                [...fields.values()].map((f) => f.name)
            );
            c.error(
                `${path}.source`,
                `unknown field "${source}" on ${objectName}`,
                `${guess ? `did you mean "${guess}"? ` : ''}known fields are the standard ${objectName} fields and the custom fields in force-app/main/default/objects/${objectName}/fields/`
            );
        } else if (field.availability) {
            c.warn(`${path}.source`, `${objectName}.${field.name} exists ${field.availability}`);
        }
    }

    // type compatibility
    if (field && mappingType && !COMPATIBLE[mappingType].includes(field.type)) {
        const better = suggestedType(field.type);
        c.error(
            `${path}.type`,
            `type "${mappingType}" does not fit ${objectName}.${field.name}, which is a ${field.type} field`,
            better ? `use "type": "${better}"` : `a ${field.type} field cannot be mapped`
        );
    }

    // target
    const target = raw.target;
    if (typeof target !== 'string' || target.trim() === '') {
        c.error(
            `${path}.target`,
            target === undefined ? 'is missing' : 'must be a non-empty string',
            'the D365 property name, e.g. "AddressCity"'
        );
    } else if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(target) || target.length > MAX_TARGET_LENGTH) {
        c.error(
            `${path}.target`,
            `"${target}" is not a valid property name`,
            'letters, digits and underscores, starting with a letter or underscore (an OData property name)'
        );
    }

    // owner
    const owner = raw.owner ?? DEFAULT_OWNER;
    if (typeof owner !== 'string' || !(OWNERS as readonly string[]).includes(owner)) {
        const guess = typeof owner === 'string' ? closest(owner, OWNERS) : undefined;
        c.error(
            `${path}.owner`,
            `${JSON.stringify(owner)} is not an owner${typeof name === 'string' ? ` (entry "${name}"${typeof source === 'string' ? `, field ${objectName}.${source}` : ''})` : ''}`,
            `${guess ? `did you mean "${guess}"? ` : ''}one of: ${OWNERS.join(', ')} — salesforce: pushed, never written back; d365: written by D365 only; both: last writer wins by timestamp`
        );
    } else if (owner !== 'salesforce' && field && !field.updateable) {
        c.error(
            `${path}.owner`,
            `${objectName}.${field.name} is read-only in Salesforce, so D365 cannot write it (owner "${owner}", entry "${String(name)}")`,
            'use "owner": "salesforce"'
        );
    }

    // required
    const required = raw.required ?? false;
    if (typeof required !== 'boolean') {
        c.error(`${path}.required`, `must be true or false, found ${typeOf(required)}`);
    } else if (required && field && field.name.toLowerCase() === RESPONSE_KEY_FIELD.toLowerCase()) {
        c.error(
            `${path}.required`,
            `${RESPONSE_KEY_FIELD} must not be required: it stays empty until D365 answers the first push`,
            'set "required": false; the payload builder then sends the property only once D365 has assigned the number'
        );
    }

    // default
    if (raw.default !== undefined && mappingType) {
        validateDefault(c, `${path}.default`, mappingType, raw.default);
    }

    // maxLength
    if (raw.maxLength !== undefined) {
        const maxLength = raw.maxLength;
        if (
            typeof maxLength !== 'number' ||
            !Number.isInteger(maxLength) ||
            maxLength < 1 ||
            maxLength > MAX_MAX_LENGTH
        ) {
            c.error(
                `${path}.maxLength`,
                `must be a whole number from 1 to ${MAX_MAX_LENGTH}, found ${JSON.stringify(maxLength)}`
            );
        } else if (mappingType && mappingType !== 'string' && mappingType !== 'picklist') {
            c.error(
                `${path}.maxLength`,
                `applies only to "string" and "picklist" mappings, not "${mappingType}"`,
                'remove maxLength'
            );
        } else if (typeof raw.default === 'string' && raw.default.length > maxLength) {
            c.error(`${path}.default`, `default is longer than maxLength ${maxLength}`);
        }
    }

    // valueMap
    if (raw.valueMap !== undefined) {
        const valueMap = raw.valueMap;
        if (!isPlainObject(valueMap)) {
            c.error(
                `${path}.valueMap`,
                `must be an object of "Salesforce value": "D365 value", found ${typeOf(valueMap)}`
            );
        } else {
            if (mappingType && mappingType !== 'picklist') {
                c.error(
                    `${path}.valueMap`,
                    `applies only to "picklist" mappings, not "${mappingType}"`,
                    'use "type": "picklist" on a picklist field, or remove valueMap'
                );
            }
            if (Object.keys(valueMap).length === 0) {
                c.error(
                    `${path}.valueMap`,
                    'is empty',
                    'remove it, or list at least one "Salesforce value": "D365 value" pair'
                );
            }
            for (const [key, value] of Object.entries(valueMap)) {
                if (typeof value !== 'string') {
                    c.error(`${path}.valueMap.${key}`, `must be a string, found ${typeOf(value)}`);
                }
            }
            if (JSON.stringify(valueMap).length > MAX_VALUE_MAP_LENGTH) {
                c.error(
                    `${path}.valueMap`,
                    `is longer than ${MAX_VALUE_MAP_LENGTH} characters as JSON (Value_Map__c limit)`
                );
            }
            if (field?.picklistValues) {
                const unknown = Object.keys(valueMap).filter((k) => !field?.picklistValues?.includes(k));
                if (unknown.length) {
                    c.warn(
                        `${path}.valueMap`,
                        `keys not among the picklist values of ${objectName}.${field.name}: ${unknown.join(', ')}`
                    );
                }
            }
        }
    }

    if (c.issues.length > before || !field || !mappingType) {
        return undefined;
    }
    return {
        name: name as string,
        label,
        source: field.name,
        target: target as string,
        type: mappingType,
        owner: owner as Owner,
        required: required as boolean,
        default: raw.default as string | number | boolean | undefined,
        maxLength: raw.maxLength as number | undefined,
        valueMap: raw.valueMap as Record<string, string> | undefined,
        sortOrder: index + 1,
        field
    };
}

/**
 * Validates a parsed mapping config; throws ConfigError listing every problem.
 * `file` is only used in messages.
 */
export function validateMappingConfig(raw: unknown, file: string, options: LoadMappingOptions): MappingConfig {
    const c = new Collector(file);
    if (!isPlainObject(raw)) {
        c.error(
            '$',
            `must be a JSON object, found ${typeOf(raw)}`,
            'expected { "object": "Account", "mappings": [ … ] }'
        );
        throw new ConfigError(c.issues);
    }
    checkUnknownKeys(c, '$', raw, TOP_LEVEL_KEYS);

    const objectName = raw.object;
    let fields = new Map<string, FieldInfo>();
    if (typeof objectName !== 'string' || !/^[A-Za-z][A-Za-z0-9_]*$/.test(objectName)) {
        c.error(
            '$.object',
            objectName === undefined ? 'is missing' : `${JSON.stringify(objectName)} is not an object API name`,
            'e.g. "Account"'
        );
    } else {
        fields = loadObjectFields(options.objectsDir, objectName);
        if (!hasStandardCatalog(objectName) && fields.size === 0) {
            c.error(
                '$.object',
                `unknown object "${objectName}"`,
                `only Account has a bundled field catalogue; other objects need their fields under ${displayPath(options.objectsDir)}/${objectName}/fields/`
            );
        }
    }

    const mappingsRaw = raw.mappings;
    const mappings: FieldMapping[] = [];
    if (mappingsRaw === undefined) {
        c.error('$.mappings', 'is missing', 'add "mappings": [ { "name", "source", "target", "type" }, … ]');
    } else if (!Array.isArray(mappingsRaw)) {
        c.error('$.mappings', `must be an array, found ${typeOf(mappingsRaw)}`);
    } else if (mappingsRaw.length === 0) {
        c.error(
            '$.mappings',
            'is empty: the config maps no field',
            'add at least one mapping; an empty mapping would send an empty body to D365'
        );
    } else if (typeof objectName === 'string' && fields.size > 0) {
        const names = new Map<string, number>();
        const targets = new Map<string, number>();
        mappingsRaw.forEach((item, index) => {
            const mapping = validateMapping(c, item, index, objectName, fields);
            const rawItem = isPlainObject(item) ? item : {};
            if (typeof rawItem.name === 'string') {
                const key = rawItem.name.toLowerCase();
                if (names.has(key)) {
                    c.error(
                        `$.mappings[${index}].name`,
                        `duplicate name "${rawItem.name}" (also used by $.mappings[${names.get(key)}])`,
                        'record names must be unique, ignoring case'
                    );
                } else {
                    names.set(key, index);
                }
            }
            if (typeof rawItem.target === 'string') {
                const key = rawItem.target.toLowerCase();
                if (targets.has(key)) {
                    c.error(
                        `$.mappings[${index}].target`,
                        `duplicate target "${rawItem.target}" (also mapped by $.mappings[${targets.get(key)}])`,
                        'each D365 property may be filled by one mapping only'
                    );
                } else {
                    targets.set(key, index);
                }
            }
            if (mapping) {
                mappings.push(mapping);
            }
        });
    }

    if (c.issues.length > 0) {
        throw new ConfigError(c.issues);
    }
    return { file, object: objectName as string, mappings, warnings: c.warnings };
}

/** Reads and validates a mapping config file. */
export function loadMappingConfig(file: string, options: LoadMappingOptions): MappingConfig {
    const raw = readJsonFile(file);
    return validateMappingConfig(raw, displayPath(file), options);
}
