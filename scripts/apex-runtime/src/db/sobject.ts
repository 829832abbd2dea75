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

/**
 * A field value the platform derives but the runtime cannot decide — Opportunity IsClosed / IsWon / Probability… of a
 * StageName outside the project's OpportunityStage value set (an unrestricted standard picklist accepts it: Metadata
 * API "Picklist", restrictedPicklist defaults to false; what the org derives for it is not documented). A database row
 * holds this marker in place of the value; a record materialised from the row holds the field as unmodelled, so only
 * reading it (dot, get(), SOQL filter/order/aggregate, JSON, debug, equality) is Unsupported.
 */
export class UndecidedValue {
    constructor(readonly reason: string) {}
}
/** An undecided marker to store in a row (rows are typed as holding Apex primitives; every read checks the marker). */
export const undecidedValue = (reason: string): ApexPrimitive => new UndecidedValue(reason) as unknown as ApexPrimitive;
export const isUndecided = (v: unknown): v is UndecidedValue => v instanceof UndecidedValue;

export class SObject {
    readonly kind = 'SObject' as const;
    /** lower-case field name → value, in population order */
    private vals = new Map<string, ApexPrimitive>();
    /**
     * lower-case fields whose value Apex code assigned (put), not the platform (setRaw: records, query rows): such a
     * value reads back as assigned, e.g. a metadata relationship set to an object's API name on an in-memory record
     */
    private assigned = new Set<string>();
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
    /**
     * fields populated on the platform whose value the runtime does not model: queried compound fields (BillingAddress…)
     * and undecided derived values (UndecidedValue); lower-case name → API name and the unsupported construct
     */
    unmodelled = new Map<
        string,
        { name: string; gap: string; undecided: boolean; written?: boolean; candidates?: readonly string[] }
    >();
    /**
     * component values of the selected address compounds: lower-case compound name → component (`City`) → value;
     * undefined = a component the catalogue lacks (its value is unknown)
     */
    compoundParts = new Map<string, Map<string, ApexPrimitive | undefined>>();
    /** errors added with addError() (DML reads them after before-triggers) */
    errors: RecordError[] = [];

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

    /** Reading an undecided derived value is Unsupported (see UndecidedValue). */
    private checkDecided(lower: string) {
        const u = this.unmodelled.get(lower);
        if (u?.undecided && !this.vals.has(lower)) {
            const e = new ApexRuntimeUnsupported(u.gap);
            e.candidates = u.candidates;
            throw e;
        }
    }

    /**
     * Field write of a value the runtime cannot decide (e.g. `UserInfo.getUiThemeDisplayed()` in a test): the platform
     * stores some value, so the field is populated; reading it back, listing the populated fields or writing the
     * record is Unsupported. Only text fields take one. `candidates`: the documented values it is one of (the
     * Unsupported raised by a read carries them).
     */
    putUndecided(name: string, what: string, candidates?: readonly string[]): void {
        if (this.readOnly) throw new ApexPlatformError('System.FinalException', 'Record is read-only');
        const f = this.field(name);
        if (f.apexType !== 'String' || compoundFieldGap(this.info.name, f))
            throw new ApexRuntimeUnsupported(`${what} stored in ${this.info.name}.${f.name}`);
        const l = f.name.toLowerCase();
        this.vals.delete(l);
        const gap = `${what}, read back from ${this.info.name}.${f.name}`;
        this.unmodelled.set(l, { name: f.name, gap, undecided: true, written: true, candidates });
    }

    /** Field write (`a.Name = x`, `a.put('Name', x)`): coerces to the field type; returns the previous value. */
    put(name: string, value: ApexPrimitive): ApexPrimitive {
        if (this.readOnly) throw new ApexPlatformError('System.FinalException', 'Record is read-only');
        const f = this.field(name);
        const compound = compoundFieldGap(this.info.name, f);
        if (compound) throw new ApexRuntimeUnsupported(compound);
        const l = f.name.toLowerCase();
        if (!this.unmodelled.get(l)?.written) this.checkDecided(l); // put() returns the previous value
        const prev = this.vals.has(l) ? this.vals.get(l)! : null;
        this.vals.set(l, coerceFieldValue(f, value));
        this.assigned.add(l);
        this.unmodelled.delete(l);
        if (f.relationshipName) this.parents.delete(f.relationshipName.toLowerCase());
        return prev;
    }

    /** Store without checks (DB → record materialisation, DML copying Ids back). */
    setRaw(name: string, value: ApexPrimitive): void {
        const l = name.toLowerCase();
        this.assigned.delete(l);
        if (isUndecided(value)) {
            this.vals.delete(l);
            const api = this.info.fields.get(l)?.name ?? name;
            this.unmodelled.set(l, { name: api, gap: value.reason, undecided: true });
            return;
        }
        this.vals.set(l, value);
        if (this.unmodelled.get(l)?.undecided) this.unmodelled.delete(l);
    }
    /** Whether the field's value was assigned by Apex code (see `assigned`). */
    assignedByApex(name: string): boolean {
        return this.assigned.has(name.toLowerCase());
    }
    /** Raw value (no queried/formula checks); undefined when never populated; an undecided value is Unsupported. */
    getRaw(name: string): ApexPrimitive | undefined {
        const l = name.toLowerCase();
        this.checkDecided(l);
        return this.vals.get(l);
    }
    unsetRaw(name: string): void {
        this.vals.delete(name.toLowerCase());
    }

    /** SObject.isSet(field): populated (even with null) on this instance. */
    isSet(name: string): boolean {
        const l = this.field(name).name.toLowerCase();
        return this.vals.has(l) || !!this.unmodelled.get(l)?.undecided;
    }

    get id(): ApexId | null {
        const v = this.vals.get('id');
        return v instanceof ApexId ? v : null;
    }

    /** A selected compound field: it is populated on the platform, so listing the populated fields is Unsupported. */
    markUnmodelled(name: string): void {
        const l = name.toLowerCase();
        if (!this.unmodelled.has(l)) {
            const gap = compoundFieldGap(this.info.name, this.field(name)) ?? `field ${this.info.name}.${name}`;
            this.unmodelled.set(l, { name, gap, undecided: false });
        }
    }

    /** Populated fields in order, with API-name spelling (getPopulatedFieldsAsMap, JSON, debug). */
    populated(): [string, ApexPrimitive][] {
        const first = this.unmodelled.values().next();
        if (!first.done) {
            throw new ApexRuntimeUnsupported(
                first.value.undecided
                    ? `populated fields of a record holding an undecided ${first.value.gap}`
                    : `populated fields of a record holding the ${first.value.gap}`
            );
        }
        return this.storedValues();
    }

    /**
     * The stored field values without the unmodelled fields: what DML writes (compound fields are read-only, Object
     * Reference "Address Compound Fields", so DML never writes them; an undecided derived value left out keeps the
     * stored one, which is what writing back the unchanged value does).
     */
    storedValues(): [string, ApexPrimitive][] {
        for (const u of this.unmodelled.values()) if (u.written) throw new ApexRuntimeUnsupported(u.gap);
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
        }
        for (const [k, p] of this.parents) c.parents.set(k, p && deep ? p.clone(true, true, true, true) : p);
        for (const [k, ch] of this.children)
            c.children.set(k, deep ? ch.map((x) => x.clone(true, true, true, true)) : ch);
        c.queried = this.queried ? new Set(this.queried) : null;
        c.unmodelled = new Map(this.unmodelled);
        c.assigned = new Set(this.assigned);
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
