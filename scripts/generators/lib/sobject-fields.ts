import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';

/** A field as the generators need it: describe-like type, length, and what permissions it takes. */
export interface FieldInfo {
    name: string;
    /** Describe type: string, textarea, picklist, multipicklist, phone, url, email, double, currency,
     * percent, int, boolean, date, datetime, id, reference, … */
    type: string;
    length?: number;
    /** Field-level security can be set in a permission set (false for required and system fields). */
    fls: boolean;
    /** The field can be written through the API (false for formula, auto-number, roll-up, system). */
    updateable: boolean;
    /** Field that carries the FLS, when different (address components → BillingAddress). */
    flsField?: string;
    externalId?: boolean;
    picklistValues?: string[];
    origin: 'standard' | 'custom';
    availability?: string;
}

interface CatalogEntry {
    name: string;
    type: string;
    length?: number;
    fls?: boolean;
    updateable?: boolean;
    flsField?: string;
    availability?: string;
}

function readCatalog(file: string): CatalogEntry[] {
    const catalog = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'catalog', file), 'utf8')) as {
        fields: CatalogEntry[];
    };
    return catalog.fields;
}

/** Bundled catalogues of standard fields, per object. */
const STANDARD_CATALOGS: Record<string, CatalogEntry[]> = {
    Account: readCatalog('account-standard-fields.json')
};

/** Metadata API CustomField type → describe type. */
const CUSTOM_TYPE_MAP: Record<string, string> = {
    Text: 'string',
    TextArea: 'textarea',
    LongTextArea: 'textarea',
    Html: 'textarea',
    EncryptedText: 'encryptedstring',
    Picklist: 'picklist',
    MultiselectPicklist: 'multipicklist',
    Number: 'double',
    Currency: 'currency',
    Percent: 'percent',
    Checkbox: 'boolean',
    Date: 'date',
    DateTime: 'datetime',
    Time: 'time',
    Email: 'email',
    Phone: 'phone',
    Url: 'url',
    Lookup: 'reference',
    MasterDetail: 'reference',
    AutoNumber: 'string',
    Summary: 'double',
    Location: 'location'
};

const parser = new XMLParser({ ignoreAttributes: true, parseTagValue: false, isArray: (name) => name === 'value' });

function asArray<T>(value: T | T[] | undefined): T[] {
    if (value === undefined) {
        return [];
    }
    return Array.isArray(value) ? value : [value];
}

/** Reads one `*.field-meta.xml`; returns undefined when the file is not a CustomField. */
export function readCustomField(file: string): FieldInfo | undefined {
    const doc = parser.parse(fs.readFileSync(file, 'utf8')) as { CustomField?: Record<string, unknown> };
    const field = doc.CustomField;
    if (!field) {
        return undefined;
    }
    const name = String(field.fullName ?? path.basename(file).replace(/\.field-meta\.xml$/, ''));
    const metaType = String(field.type ?? '');
    const formula = field.formula !== undefined && String(field.formula).trim() !== '';
    const required = String(field.required ?? 'false') === 'true';
    const readOnlyType = metaType === 'AutoNumber' || metaType === 'Summary';
    const valueSet = field.valueSet as { valueSetDefinition?: { value?: { fullName?: string }[] } } | undefined;
    const picklistValues = asArray(valueSet?.valueSetDefinition?.value)
        .map((v) => (v.fullName === undefined ? '' : String(v.fullName)))
        .filter((v) => v !== '');
    return {
        name,
        type: formula ? formulaType(field) : (CUSTOM_TYPE_MAP[metaType] ?? metaType.toLowerCase()),
        length: field.length !== undefined ? Number(field.length) : undefined,
        fls: !required && metaType !== 'MasterDetail',
        updateable: !formula && !readOnlyType,
        externalId: String(field.externalId ?? 'false') === 'true',
        picklistValues: picklistValues.length ? picklistValues : undefined,
        origin: 'custom'
    };
}

function formulaType(field: Record<string, unknown>): string {
    const returnType = String(field.type ?? 'Text');
    return CUSTOM_TYPE_MAP[returnType] ?? 'string';
}

/** Custom fields of an object from `<objectsDir>/<Object>/fields/*.field-meta.xml`. */
export function readCustomFields(objectsDir: string, objectName: string): FieldInfo[] {
    const dir = path.join(objectsDir, objectName, 'fields');
    let names: string[];
    try {
        names = fs.readdirSync(dir);
    } catch {
        return [];
    }
    return names
        .filter((n) => n.endsWith('.field-meta.xml'))
        .sort()
        .map((n) => readCustomField(path.join(dir, n)))
        .filter((f): f is FieldInfo => f !== undefined);
}

export function hasStandardCatalog(objectName: string): boolean {
    return objectName in STANDARD_CATALOGS;
}

/**
 * All fields known for an object: the bundled standard catalogue plus the custom fields found in the
 * package (a custom field with a standard name cannot exist, so there is no clash).
 */
export function loadObjectFields(objectsDir: string, objectName: string): Map<string, FieldInfo> {
    const fields = new Map<string, FieldInfo>();
    for (const entry of STANDARD_CATALOGS[objectName] ?? []) {
        fields.set(entry.name.toLowerCase(), {
            name: entry.name,
            type: entry.type,
            length: entry.length,
            fls: entry.fls ?? true,
            updateable: entry.updateable ?? true,
            flsField: entry.flsField,
            availability: entry.availability,
            origin: 'standard'
        });
    }
    for (const field of readCustomFields(objectsDir, objectName)) {
        fields.set(field.name.toLowerCase(), field);
    }
    return fields;
}
