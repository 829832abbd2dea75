/**
 * Custom settings data access (Apex Developer Guide, "Custom Settings Methods" / Apex Reference "Hierarchy
 * Custom Setting Methods", "List Custom Setting Methods"). Custom setting records are ordinary rows of the
 * DB (DML works on them; none exist in tests unless inserted — §2 #33).
 *
 * Hierarchy: getInstance([userOrProfileId]) merges the user level, then the user's profile level, then the
 * org level, field by field ("the fields returned … are merged based on the lowest fields defined in the
 * hierarchy"); when no level defines the record, an empty record with a null Id is returned.
 * getOrgDefaults() → the org-level record or an empty record; getValues(id) → exactly that level or null.
 * List: getAll() (Name → record), getInstance(name) / getValues(name) → the record or null.
 * Records returned are copies: changing them does not change the DB.
 */
import { ApexId, ApexPrimitive } from '../values';
import type { SObjectInfo } from '../schema';
import type { Database, Row } from './database';
import { SObject } from './sobject';

function levelRow(db: Database, info: SObjectInfo, ownerId: string | null): Row | undefined {
    if (!ownerId) return undefined;
    const id = new ApexId(ownerId).value;
    return db.rows(info.name).find((r) => {
        const o = r.get('setupownerid');
        return o instanceof ApexId && o.value === id;
    });
}

function toRecord(db: Database, info: SObjectInfo, row: Row | undefined): SObject {
    if (row) return db.toSObject(info, row);
    return new SObject(info);
}

export class CustomSettings {
    constructor(private db: Database) {}

    private hierarchy(type: string): SObjectInfo {
        const info = this.db.schema.requireObject(type);
        if (info.customSettingsType !== 'Hierarchy') throw new Error(`${type} is not a hierarchy custom setting`);
        return info;
    }
    private list(type: string): SObjectInfo {
        const info = this.db.schema.requireObject(type);
        if (info.customSettingsType !== 'List') throw new Error(`${type} is not a list custom setting`);
        return info;
    }

    /** Hierarchy getInstance(): for the running user (or the given user / profile Id). */
    getInstance(type: string, userOrProfileId: string | null = this.db.runningUserId): SObject {
        const info = this.hierarchy(type);
        const levels: Row[] = [];
        const target = userOrProfileId ? this.db.getRow(userOrProfileId) : undefined;
        if (target?.info.name === 'User') {
            const u = levelRow(this.db, info, userOrProfileId);
            if (u) levels.push(u);
            const profileId = target.row.get('profileid');
            const p = profileId instanceof ApexId ? levelRow(this.db, info, profileId.value) : undefined;
            if (p) levels.push(p);
        } else if (target?.info.name === 'Profile') {
            const p = levelRow(this.db, info, userOrProfileId);
            if (p) levels.push(p);
        }
        const org = levelRow(this.db, info, this.db.seeded.orgId);
        if (org) levels.push(org);
        // The target's own level, when it exists, is returned with its Id; otherwise "a new custom setting object
        // … with an ID set to null and merged fields from higher in the hierarchy", and with no data anywhere
        // "empty fields, except for the SetupOwnerId field which contains the user ID" (Apex Reference, Hierarchy
        // Custom Setting Methods, getInstance()) — so `insert X__c.getInstance()` creates the user's level.
        const own = target ? levelRow(this.db, info, userOrProfileId) : undefined;
        let out: SObject;
        if (own && levels[0] === own) {
            out = toRecord(this.db, info, own);
            if (levels.length === 1) return out;
        } else {
            out = new SObject(info);
            if (target && userOrProfileId) out.setRaw('SetupOwnerId', new ApexId(userOrProfileId));
            if (!levels.length) return out;
        }
        for (const f of info.fields.values()) {
            if (!f.custom) continue;
            const l = f.name.toLowerCase();
            let v: ApexPrimitive | undefined = levels[0].get(l);
            for (let i = 1; (v === undefined || v === null) && i < levels.length; i++) v = levels[i].get(l);
            if (v !== undefined && v !== null) out.setRaw(f.name, v);
        }
        return out;
    }

    /** Hierarchy getOrgDefaults(). */
    getOrgDefaults(type: string): SObject {
        const info = this.hierarchy(type);
        return toRecord(this.db, info, levelRow(this.db, info, this.db.seeded.orgId));
    }

    /** Hierarchy getValues(userOrProfileId): exactly that level, or null. */
    getValues(type: string, userOrProfileId: string): SObject | null {
        const info = this.hierarchy(type);
        const row = levelRow(this.db, info, userOrProfileId);
        return row ? toRecord(this.db, info, row) : null;
    }

    /** List getAll(): Name → record, in insertion order. */
    getAll(type: string): Map<string, SObject> {
        const info = this.list(type);
        const out = new Map<string, SObject>();
        for (const r of this.db.rows(info.name)) out.set(String(r.get('name')), toRecord(this.db, info, r));
        return out;
    }

    /** List getInstance(name) / getValues(name): the record or null (names are case-sensitive here — unverified). */
    getByName(type: string, name: string): SObject | null {
        return this.getAll(type).get(name) ?? null;
    }
}
