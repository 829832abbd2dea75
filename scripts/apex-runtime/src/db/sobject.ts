/**
 * The ONE SObject value class shared by the interpreter and the data layer (APEX-RUNTIME.md §3.3).
 *
 * - Field names are case-insensitive; values are kept in population order (JSON / debug order).
 * - Records that came from SOQL track the queried fields: reading any other field throws
 *   `System.SObjectException: SObject row was retrieved via SOQL without querying the requested
 *   field: Account.Name` (Apex Developer Guide, "Working with SOQL and SOSL Query Results"; §2 #28).
 *   Writing a field makes it readable.
 * - `readOnly` (after-trigger Trigger.new, Trigger.old) → `System.FinalException: Record is read-only`
 *   ([Obs] §2 #37).
 * - Unknown field → `System.SObjectException: Invalid field <f> for <Object>` ([Known]).
 * - Formula fields: reading is unsupported (§3.7 #2).
 */
import { ApexPlatformError, ApexRuntimeUnsupported, sobjectError } from '../errors';
import { ApexId, ApexPrimitive } from '../values';
import { coerceFieldValue, compoundFieldGap, isCatalogueGap } from '../schema';
import type { FieldInfo, SObjectInfo } from '../schema';

export interface RecordError {
    message: string;
    /** field API names the error is attached to (empty for record-level addError) */
    fields: string[];
    statusCode: string;
}

export class SObject {
    readonly kind = 'SObject' as const;
    /** lower-case field name → value, in population order */
    private vals = new Map<string, ApexPrimitive>();
    /** lower-case parent relationship name (`account__r`, `owner`) → parent record */
    readonly parents = new Map<string, SObject | null>();
    /** lower-case child relationship name (`contacts`) → child records from a subquery */
    readonly children = new Map<string, SObject[]>();
    /** lower-case names readable on a SOQL row (fields and relationship names); null = not from SOQL */
    queried: Set<string> | null = null;
    readOnly = false;
    /**
     * `Rel.Type` of a polymorphic (Name) parent whose concrete type has no Type field of its own (`SetupOwner.Type`
     * on Organization / Profile / User, `Owner.Type` on User): the sObject type name the query returned
     */
    polymorphicType: string | null = null;
    /** Database.DMLOptions set with sObject.setOptions (honoured by DML: field truncation; see dml/dml.ts) */
    dmlOptions: { allowFieldTruncation: boolean; optAllOrNone: boolean | null } | null = null;
    /** queried compound fields (BillingAddress…) whose value the runtime does not model (API names) */
    unmodelled: string[] = [];
    /**
     * component values of the selected address compounds: lower-case compound name → component (`City`) → value;
     * undefined = a component the catalogue lacks (its value is unknown)
     */
    compoundParts = new Map<string, Map<string, ApexPrimitive | undefined>>();
    /** errors added with addError() (DML reads them after before-triggers) */
    errors: RecordError[] = [];
    /**
     * fields holding a value the runtime cannot decide (lower-case name → what it is, e.g. `UserInfo.getUiThemeDisplayed()`
     * in a test): the field is populated, but reading it, listing the populated fields or writing the record is Unsupported
     */
    undecided = new Map<string, string>();

    constructor(readonly info: SObjectInfo) {}

    /** API name of the sObject type. */
    get type(): string {
        return this.info.name;
    }

    field(name: string): FieldInfo {
        const f = this.info.fields.get(name.toLowerCase());
        if (!f && isCatalogueGap(this.info, name))
            throw new ApexRuntimeUnsupported(`field ${this.info.name}.${name} (not in the standard-object catalogue)`);
        if (!f) throw sobjectError(`Invalid field ${name} for ${this.info.name}`);
        return f;
    }

    hasField(name: string): boolean {
        return this.info.fields.has(name.toLowerCase());
    }

    private checkQueried(lower: string, display: string) {
        if (this.queried && lower !== 'id' && !this.queried.has(lower) && !this.vals.has(lower)) {
            throw sobjectError(
                `SObject row was retrieved via SOQL without querying the requested field: ${this.info.name}.${display}`
            );
        }
    }

    /** Field read (`a.Name`, `a.get('Name')`). */
    get(name: string): ApexPrimitive {
        const f = this.field(name);
        const l = f.name.toLowerCase();
        const compound = compoundFieldGap(this.info.name, f);
        if (compound) throw new ApexRuntimeUnsupported(compound);
        if ((f.formula !== undefined || f.summary) && !this.vals.has(l)) {
            throw new ApexRuntimeUnsupported(
                `${f.summary ? 'roll-up summary' : 'formula'} field read ${this.info.name}.${f.name}`
            );
        }
        this.checkQueried(l, f.name);
        this.checkDecided(l);
        return this.vals.has(l) ? this.vals.get(l)! : null;
    }

    private checkDecided(lower: string): void {
        const what = this.undecided.get(lower);
        if (what !== undefined) {
            const f = this.info.fields.get(lower);
            throw new ApexRuntimeUnsupported(`${what}, read back from ${this.info.name}.${f?.name ?? lower}`);
        }
    }

    private checkAllDecided(): void {
        for (const l of this.undecided.keys()) this.checkDecided(l);
    }

    /**
     * Field write of a value the runtime cannot decide (see `undecided`): the platform stores some value, so the
     * field is populated; any later observation of it is Unsupported. Only text fields take one.
     */
    putUndecided(name: string, what: string): void {
        if (this.readOnly) throw new ApexPlatformError('System.FinalException', 'Record is read-only');
        const f = this.field(name);
        if (f.apexType !== 'String' || compoundFieldGap(this.info.name, f))
            throw new ApexRuntimeUnsupported(`${what} stored in ${this.info.name}.${f.name}`);
        const l = f.name.toLowerCase();
        this.vals.set(l, null);
        this.undecided.set(l, what);
    }

    /** Field write (`a.Name = x`, `a.put('Name', x)`): coerces to the field type; returns the previous value. */
    put(name: string, value: ApexPrimitive): ApexPrimitive {
        if (this.readOnly) throw new ApexPlatformError('System.FinalException', 'Record is read-only');
        const f = this.field(name);
        const compound = compoundFieldGap(this.info.name, f);
        if (compound) throw new ApexRuntimeUnsupported(compound);
        const l = f.name.toLowerCase();
        this.undecided.delete(l);
        const prev = this.vals.has(l) ? this.vals.get(l)! : null;
        this.vals.set(l, coerceFieldValue(f, value));
        if (f.relationshipName) this.parents.delete(f.relationshipName.toLowerCase());
        return prev;
    }

    /** Store without checks (DB → record materialisation, DML copying Ids back). */
    setRaw(name: string, value: ApexPrimitive): void {
        this.vals.set(name.toLowerCase(), value);
        this.undecided.delete(name.toLowerCase());
    }
    /** Raw value (no queried/formula checks); undefined when never populated. */
    getRaw(name: string): ApexPrimitive | undefined {
        this.checkDecided(name.toLowerCase());
        return this.vals.get(name.toLowerCase());
    }
    unsetRaw(name: string): void {
        this.vals.delete(name.toLowerCase());
        this.undecided.delete(name.toLowerCase());
    }

    /** SObject.isSet(field): populated (even with null) on this instance. */
    isSet(name: string): boolean {
        return this.vals.has(this.field(name).name.toLowerCase());
    }

    get id(): ApexId | null {
        const v = this.vals.get('id');
        return v instanceof ApexId ? v : null;
    }

    /** A selected compound field: it is populated on the platform, so listing the populated fields is Unsupported. */
    markUnmodelled(name: string): void {
        if (!this.unmodelled.includes(name)) this.unmodelled.push(name);
    }

    /** Populated fields in order, with API-name spelling (getPopulatedFieldsAsMap, JSON, debug). */
    populated(): [string, ApexPrimitive][] {
        if (this.unmodelled.length) {
            const gap = compoundFieldGap(this.info.name, this.field(this.unmodelled[0]));
            throw new ApexRuntimeUnsupported(`populated fields of a record holding the ${gap}`);
        }
        return this.storedValues();
    }

    /**
     * The stored field values without the unmodelled compounds: what DML writes (compound fields are read-only,
     * Object Reference "Address Compound Fields", so DML never writes them).
     */
    storedValues(): [string, ApexPrimitive][] {
        this.checkAllDecided();
        const out: [string, ApexPrimitive][] = [];
        for (const [l, v] of this.vals) out.push([this.info.fields.get(l)?.name ?? l, v]);
        return out;
    }

    /** The API spelling of a parent relationship held under its lower-case key (`account__r` → `Account__r`). */
    relationshipName(lowerRel: string): string {
        for (const f of this.info.fields.values())
            if (f.relationshipName && f.relationshipName.toLowerCase() === lowerRel) return f.relationshipName;
        return lowerRel;
    }

    /** Parent record through a relationship name (`a.Owner`, `getSObject('Account__r')`). */
    getParent(rel: string): SObject | null {
        const l = rel.toLowerCase();
        if (this.queried && !this.queried.has(l) && !this.parents.has(l)) {
            throw sobjectError(
                `SObject row was retrieved via SOQL without querying the requested field: ${this.info.name}.${rel}`
            );
        }
        return this.parents.get(l) ?? null;
    }
    putParent(rel: string, parent: SObject | null): void {
        if (this.readOnly) throw new ApexPlatformError('System.FinalException', 'Record is read-only');
        this.parents.set(rel.toLowerCase(), parent);
    }
    /** Child records from a subquery (`a.Contacts`); null when not queried / none. */
    getChildren(rel: string): SObject[] | null {
        const l = rel.toLowerCase();
        if (this.queried && !this.queried.has(l) && !this.children.has(l)) {
            throw sobjectError(
                `SObject row was retrieved via SOQL without querying the requested field: ${this.info.name}.${rel}`
            );
        }
        return this.children.get(l) ?? null;
    }

    /** SObject.addError(msg) / field.addError(msg). */
    addError(message: string, fieldName?: string): void {
        this.errors.push({
            message,
            fields: fieldName ? [this.field(fieldName).name] : [],
            statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION'
        });
    }

    /**
     * SObject.clone(preserveId = false, isDeepClone = false, preserveReadonlyTimestamps = false,
     * preserveAutonumber = false) — Apex Reference "SObject Class". Shallow clone shares parent records.
     */
    clone(preserveId = false, deep = false, preserveTimestamps = false, preserveAutonumber = false): SObject {
        const c = new SObject(this.info);
        for (const [l, v] of this.vals) {
            const f = this.info.fields.get(l);
            if (l === 'id' && !preserveId) continue;
            if (
                !preserveTimestamps &&
                ['createddate', 'createdbyid', 'lastmodifieddate', 'lastmodifiedbyid', 'systemmodstamp'].includes(l)
            )
                continue;
            if (!preserveAutonumber && f?.type === 'AutoNumber') continue;
            c.vals.set(l, v);
            const what = this.undecided.get(l);
            if (what !== undefined) c.undecided.set(l, what);
        }
        for (const [k, p] of this.parents) c.parents.set(k, p && deep ? p.clone(true, true, true, true) : p);
        for (const [k, ch] of this.children)
            c.children.set(k, deep ? ch.map((x) => x.clone(true, true, true, true)) : ch);
        c.queried = this.queried ? new Set(this.queried) : null;
        c.unmodelled = [...this.unmodelled];
        c.compoundParts = new Map(this.compoundParts);
        c.polymorphicType = this.polymorphicType;
        return c;
    }

    /** Deep copy preserving everything (Trigger.old snapshots, DB materialisation). */
    copy(): SObject {
        const c = this.clone(true, false, true, true);
        c.readOnly = this.readOnly;
        return c;
    }
}
