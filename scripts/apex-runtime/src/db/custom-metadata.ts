/**
 * Custom metadata type accessors `X__mdt.getAll()` / `X__mdt.getInstance(key)` (Apex Reference, "Custom Metadata Type
 * Methods"; APEX-RUNTIME.md §2 #32):
 * - getAll() → Map<DeveloperName, X__mdt> ([Obs] SE 235495: the key is the DeveloperName, although the docs say the
 *   record Id — unverified either way, so the map keys follow the observation).
 * - getInstance(developerName | qualifiedApiName | recordId) → the record or null.
 * - "Long text area fields are truncated to 255 characters" in the records these methods return ([Obs] lc169,
 *   salesforcecentral; the Apex Reference notes the same limitation: query with SOQL to get the full value). SOQL
 *   on the type returns the full text (it reads the DB rows directly).
 * Records carry the same Ids as the rows SOQL returns (seeded by `Database.seed()`), and are fresh copies per call.
 */
import { ApexId } from '../values';
import type { SObjectInfo } from '../schema';
import type { Database, Row } from './database';
import { SObject } from './sobject';

const LONG_TEXT_LIMIT = 255;

export class CustomMetadata {
    constructor(private db: Database) {}

    private info(type: string): SObjectInfo {
        const info = this.db.schema.requireObject(type);
        if (!info.isCustomMetadata) throw new Error(`${type} is not a custom metadata type`);
        return info;
    }

    private record(info: SObjectInfo, row: Row): SObject {
        const o = this.db.toSObject(info, row);
        o.queried = null; // every field readable, as with the platform accessors
        for (const f of info.fields.values()) {
            if (f.type !== 'LongTextArea') continue;
            const v = o.getRaw(f.name);
            if (typeof v === 'string' && v.length > LONG_TEXT_LIMIT) o.setRaw(f.name, v.slice(0, LONG_TEXT_LIMIT));
        }
        return o;
    }

    private rows(info: SObjectInfo): Row[] {
        return this.db.rows(info.name);
    }

    /** getAll(): DeveloperName → record, in DeveloperName order. */
    getAll(type: string): Map<string, SObject> {
        const info = this.info(type);
        const out = new Map<string, SObject>();
        const rows = [...this.rows(info)].sort((a, b) =>
            String(a.get('developername')).localeCompare(String(b.get('developername')))
        );
        for (const r of rows) out.set(String(r.get('developername')), this.record(info, r));
        return out;
    }

    /** getInstance(key): by DeveloperName / QualifiedApiName (case-insensitive) or record Id; null when absent. */
    getInstance(type: string, key: string | ApexId | null): SObject | null {
        if (key === null || key === undefined) return null;
        const info = this.info(type);
        const text = key instanceof ApexId ? key.value : String(key);
        let id: string | null = null;
        if (key instanceof ApexId) id = key.value;
        else if (/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(text)) {
            try {
                id = new ApexId(text).value;
            } catch {
                id = null;
            }
        }
        const lc = text.toLowerCase();
        const row = this.rows(info).find(
            (r) =>
                (id !== null && (r.get('id') as ApexId).value === id) ||
                String(r.get('developername')).toLowerCase() === lc ||
                String(r.get('qualifiedapiname')).toLowerCase() === lc
        );
        return row ? this.record(info, row) : null;
    }
}
