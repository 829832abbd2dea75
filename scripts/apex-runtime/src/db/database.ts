/**
 * In-memory org database: one table per sObject type keyed by 18-char Id, rows as maps with
 * lower-case field keys, deterministic Ids per key prefix, audit fields, a transaction journal
 * (savepoints / rollback) and whole-DB snapshots (per-test isolation, @TestSetup).
 *
 * Audit fields (Object Reference, "System Fields"): CreatedDate, CreatedById, LastModifiedDate,
 * LastModifiedById, SystemModstamp, IsDeleted; OwnerId defaults to the running user.
 */
import * as fs from 'fs';
import { ApexRuntimeUnsupported } from '../errors';
import {
    ApexBlob,
    ApexDate,
    ApexDatetime,
    ApexDecimal,
    ApexId,
    ApexInteger,
    IdGenerator,
    runtimeSettings
} from '../values';
import type { ApexPrimitive } from '../values';
import {
    FORECAST_CATEGORY_API,
    FORECAST_CATEGORY_NAME,
    SchemaRegistry,
    standardValue,
    standardValueSet,
    toStoredValue,
    toStoredDatetime
} from '../schema';
import type { FieldInfo, SObjectInfo } from '../schema';
import { SObject, isUndecided, undecidedValue } from './sobject';
import { seedPermissionSetup } from './setup-permissions';

export type Row = Map<string, ApexPrimitive>;

interface JournalEntry {
    table: string;
    id: string;
    /** row before the change; undefined = the row did not exist */
    before: Row | undefined;
    /** a side-data entry (setSide): its value before the change */
    side?: { before: unknown };
}

export interface DbSnapshot {
    tables: Map<string, Map<string, Row>>;
    cascadeLog: Map<string, string>;
    ids: Map<string, number>;
    autoNumbers: Map<string, number>;
    runningUserId: string;
    side: Map<string, unknown>;
}

const AUDIT = ['createddate', 'createdbyid', 'lastmodifieddate', 'lastmodifiedbyid', 'systemmodstamp'];

export class Database {
    private tables = new Map<string, Map<string, Row>>();
    readonly ids = new IdGenerator();
    private autoNumbers = new Map<string, number>();
    private journal: JournalEntry[] = [];
    /** Keyed platform state that is not a queryable row (approval locks: src/approval/), journaled like rows. */
    private side = new Map<string, unknown>();
    /** 18-char Id of the running user (System.runAs changes it). */
    runningUserId = '';
    /** Ids of seeded records, for tests and the runner. */
    readonly seeded: {
        adminUserId: string;
        orgId: string;
        profiles: Record<string, string>;
        /** Test.getStandardPricebookId() */
        standardPricebookId: string;
        businessHoursId?: string;
    } = {
        adminUserId: '',
        orgId: '',
        profiles: {},
        standardPricebookId: ''
    };

    /**
     * Mixed-DML tracking for the current transaction / System.runAs scope: the first setup and
     * non-setup object names DML'd ("sObjects That Cannot Be Used Together in DML Operations").
     */
    mixedDml: { setup?: string; nonSetup?: string } = {};
    /**
     * MIXED_DML_OPERATION enforcement. Off until the interpreter opens a scope per System.runAs
     * (enterRunAsScope/exitRunAsScope); without scopes the check would reject valid runAs tests.
     */
    enforceMixedDml = true;

    constructor(readonly schema: SchemaRegistry) {}

    /** System.runAs starts a separate mixed-DML scope in tests; call exitRunAsScope(saved) afterwards. */
    enterRunAsScope(): { setup?: string; nonSetup?: string } {
        const saved = this.mixedDml;
        this.mixedDml = {};
        return saved;
    }
    exitRunAsScope(saved: { setup?: string; nonSetup?: string }): void {
        this.mixedDml = saved;
    }

    // ------------------------------------------------------------------------------------------
    // reads
    // ------------------------------------------------------------------------------------------

    private tableOf(info: SObjectInfo): Map<string, Row> {
        const k = info.name.toLowerCase();
        let t = this.tables.get(k);
        if (!t) {
            t = new Map();
            this.tables.set(k, t);
        }
        return t;
    }

    /**
     * Ids that exist but are invisible to queries in tests (test data isolation): the standard price book
     * is reachable only through Test.getStandardPricebookId() ("Isolation of Test Data from Organization
     * Data in Unit Tests"). Lookups to it still validate.
     */
    readonly hiddenFromQueries = new Set<string>();
    /** child Id → parent Id for records deleted by cascade (undelete of the parent restores them). */
    readonly cascadeLog = new Map<string, string>();

    /** All rows of an object (deleted rows only with includeDeleted — ALL ROWS). */
    rows(objectName: string, includeDeleted = false): Row[] {
        const info = this.schema.getObject(objectName);
        if (!info) return [];
        const out: Row[] = [];
        const purged = includeDeleted ? this.getSide<Map<string, Row>>(purgedKey(info)) : undefined;
        for (const r of [...this.tableOf(info).values(), ...(purged?.values() ?? [])]) {
            if (!includeDeleted && r.get('isdeleted') === true) continue;
            if (this.hiddenFromQueries.size && this.hiddenFromQueries.has((r.get('id') as ApexId).value)) continue;
            out.push(r);
        }
        return out;
    }

    /** True for a record Database.emptyRecycleBin removed (still seen by ALL ROWS, see purgeRow). */
    isPurged(id: ApexId | string): boolean {
        const text = typeof id === 'string' ? id : id.value;
        const info = this.schema.objectForId(text);
        const key = text.length === 15 ? new ApexId(text).value : text;
        return !!info && !!this.getSide<Map<string, Row>>(purgedKey(info))?.has(key);
    }

    /** Row by Id (any object, located by key prefix); deleted rows only when includeDeleted. */
    getRow(id: ApexId | string, includeDeleted = false): { info: SObjectInfo; row: Row } | undefined {
        const text = typeof id === 'string' ? id : id.value;
        const info = this.schema.objectForId(text);
        if (!info) return undefined;
        const key = text.length === 15 ? new ApexId(text).value : text;
        const row = this.tableOf(info).get(key);
        if (!row || (!includeDeleted && row.get('isdeleted') === true)) return undefined;
        return { info, row };
    }

    /** Materialise a row as an SObject with every field populated (no queried restriction). */
    toSObject(info: SObjectInfo, row: Row): SObject {
        const s = new SObject(info);
        for (const [k, v] of row) s.setRaw(k, v);
        return s;
    }

    /** The instant a write stamps (CreatedDate, LastModifiedDate, SystemModstamp): stored in whole seconds. */
    now(): ApexDatetime {
        return toStoredDatetime(new ApexDatetime(runtimeSettings().now()));
    }

    // ------------------------------------------------------------------------------------------
    // writes (journaled). Validation is the DML layer's job; these only store.
    // ------------------------------------------------------------------------------------------

    private record(table: string, id: string, before: Row | undefined) {
        this.rowWrites++;
        this.journal.push({ table, id, before: before ? new Map(before) : undefined });
    }
    /** Row writes so far (inserts, updates, deletes, rollbacks): a reader can tell whether rows changed since. */
    rowWrites = 0;

    /** Side data (treat values as immutable: replace, never mutate). */
    getSide<T>(key: string): T | undefined {
        return this.side.get(key) as T | undefined;
    }
    /** Replace side data (undefined removes it); rolled back with the rows. */
    setSide(key: string, value: unknown): void {
        this.journal.push({ table: '', id: key, before: undefined, side: { before: this.side.get(key) } });
        if (value === undefined) this.side.delete(key);
        else this.side.set(key, value);
    }

    /** Next AutoNumber text for a field, e.g. `DSR-{00000000}` → `DSR-00000001`. */
    nextAutoNumber(info: SObjectInfo, f: FieldInfo): string {
        const key = `${info.name}.${f.name}`.toLowerCase();
        const n = this.autoNumbers.get(key) ?? (f.startingNumber ?? 1) - 1;
        this.autoNumbers.set(key, n + 1);
        const fmt = f.displayFormat ?? '{0}';
        return fmt.replace(/\{(0+)\}/, (_, zeros: string) => String(n + 1).padStart(zeros.length, '0'));
    }

    /**
     * Insert a new row: assigns Id, audit fields, OwnerId default, AutoNumber values, and stores
     * values coerced to the field scale. Returns the stored row.
     */
    insertRow(info: SObjectInfo, values: Map<string, ApexPrimitive>): Row {
        const id = this.ids.next(info.keyPrefix).value;
        const now = this.now();
        const row: Row = new Map();
        row.set('id', new ApexId(id));
        for (const [k, v] of values) {
            if (k === 'id' || AUDIT.includes(k)) continue;
            const f = info.fields.get(k);
            row.set(k, f && !isUndecided(v) ? toStoredValue(f, v) : v);
        }
        for (const f of info.fields.values()) {
            if (f.type === 'AutoNumber') row.set(f.name.toLowerCase(), this.nextAutoNumber(info, f));
        }
        // read-only fields the caller cannot set still get their defaults, and checkboxes are never null
        // (Object Reference: boolean fields are not nillable)
        for (const f of info.fields.values()) {
            const key = f.name.toLowerCase();
            if ((row.get(key) ?? null) !== null) continue;
            if (!f.createable && f.defaultValue !== undefined && !f.formula) {
                const t = f.defaultValue.trim();
                if (/^(true|false)$/i.test(t)) row.set(key, t.toLowerCase() === 'true');
                else if (/^'.*'$/s.test(t)) row.set(key, t.slice(1, -1));
                else if (/^-?\d+(\.\d+)?$/.test(t)) row.set(key, toStoredValue(f, ApexDecimal.parse(t)));
                else if (f.type === 'Checkbox') row.set(key, false);
            } else if (f.type === 'Checkbox' && !f.formula && !f.summary) row.set(key, false);
        }
        computeDerived(info, row);
        computeStandardDerived(this.schema, info, row, undefined, now, this.runningUserId);
        if (info.fields.has('ownerid') && (row.get('ownerid') ?? null) === null && this.runningUserId) {
            row.set('ownerid', new ApexId(this.runningUserId));
        }
        if (info.fields.has('createddate')) {
            const user = this.runningUserId ? new ApexId(this.runningUserId) : null;
            row.set('createddate', now);
            row.set('createdbyid', user);
            row.set('lastmodifieddate', now);
            row.set('lastmodifiedbyid', user);
            row.set('systemmodstamp', now);
        }
        if (info.fields.has('isdeleted')) row.set('isdeleted', false);
        const table = info.name.toLowerCase();
        this.record(table, id, undefined);
        this.tableOf(info).set(id, row);
        return row;
    }

    /** Update fields of an existing row (LastModified* refreshed). */
    updateRow(info: SObjectInfo, id: string, values: Map<string, ApexPrimitive>): Row {
        const table = this.tableOf(info);
        const before = table.get(id);
        if (!before) throw new Error(`updateRow: no ${info.name} ${id}`);
        const row = new Map(before);
        for (const [k, v] of values) {
            if (k === 'id' || AUDIT.includes(k)) continue;
            const f = info.fields.get(k);
            if (f && (f.type === 'AutoNumber' || f.formula !== undefined)) continue;
            // a checkbox set to null is stored as false (boolean fields are not nillable)
            if (f?.type === 'Checkbox' && v === null) {
                row.set(k, false);
                continue;
            }
            row.set(k, f ? toStoredValue(f, v) : v);
        }
        computeDerived(info, row);
        computeStandardDerived(this.schema, info, row, before, this.now(), this.runningUserId);
        if (info.fields.has('lastmodifieddate')) {
            const now = this.now();
            row.set('lastmodifieddate', now);
            row.set('lastmodifiedbyid', this.runningUserId ? new ApexId(this.runningUserId) : null);
            row.set('systemmodstamp', now);
        }
        this.record(info.name.toLowerCase(), id, before);
        table.set(id, row);
        return row;
    }

    /**
     * Test.setCreatedDate(recordId, createdDatetime) (Apex Reference, "Test Class"): sets CreatedDate of an
     * inserted test record (journaled like any write).
     */
    setCreatedDate(id: ApexId | string, dt: ApexDatetime): void {
        const found = this.getRow(id, true);
        if (!found) throw new Error(`setCreatedDate: no record ${String(id)}`);
        const table = this.tableOf(found.info);
        const key = (found.row.get('id') as ApexId).value;
        const row = new Map(found.row);
        row.set('createddate', dt);
        this.record(found.info.name.toLowerCase(), key, found.row);
        table.set(key, row);
    }

    /**
     * SOQL FOR VIEW / FOR REFERENCE: sets LastViewedDate / LastReferencedDate of retrieved records (not a DML: no
     * trigger, LastModifiedDate unchanged; journaled like any write).
     */
    setUsageDate(
        info: SObjectInfo,
        id: string,
        field: 'lastvieweddate' | 'lastreferenceddate',
        dt: ApexDatetime
    ): void {
        const table = this.tableOf(info);
        const before = table.get(id);
        if (!before) return;
        const row = new Map(before);
        row.set(field, dt);
        this.record(info.name.toLowerCase(), id, before);
        table.set(id, row);
    }

    /** Soft delete (recycle bin): IsDeleted = true. */
    deleteRow(info: SObjectInfo, id: string): void {
        const table = this.tableOf(info);
        const before = table.get(id);
        if (!before) return;
        const row = new Map(before);
        row.set('isdeleted', true);
        this.record(info.name.toLowerCase(), id, before);
        table.set(id, row);
    }

    /**
     * Database.emptyRecycleBin: a deleted row leaves the table for good (journaled, so a rollback brings it back),
     * but ALL ROWS still returns it: "After records are deleted from the Recycle Bin using this call, they can be
     * queried using queryAll() for some time. Typically this time is 24 hours" (SOAP API, emptyRecycleBin()).
     */
    purgeRow(info: SObjectInfo, id: string): void {
        const table = this.tableOf(info);
        const before = table.get(id);
        if (!before) return;
        this.record(info.name.toLowerCase(), id, before);
        table.delete(id);
        const purged = new Map(this.getSide<Map<string, Row>>(purgedKey(info)) ?? []);
        purged.set(id, new Map(before));
        this.setSide(purgedKey(info), purged);
    }

    undeleteRow(info: SObjectInfo, id: string): void {
        const table = this.tableOf(info);
        const before = table.get(id);
        if (!before) return;
        const row = new Map(before);
        row.set('isdeleted', false);
        this.record(info.name.toLowerCase(), id, before);
        table.set(id, row);
    }

    // ------------------------------------------------------------------------------------------
    // transactions
    // ------------------------------------------------------------------------------------------

    /** Start of a transaction: forget the journal (what came before is "committed"). */
    beginTransaction(): void {
        this.journal = [];
        this.mixedDml = {};
    }
    /** Database.setSavepoint(): a journal position. */
    savepoint(): number {
        return this.journal.length;
    }
    /** Database.rollback(sp): undo every change after the savepoint. Ids are not reused. */
    rollback(sp: number): void {
        this.rowWrites++;
        while (this.journal.length > sp) {
            const e = this.journal.pop()!;
            if (e.side) {
                if (e.side.before === undefined) this.side.delete(e.id);
                else this.side.set(e.id, e.side.before);
                continue;
            }
            const info = this.schema.getObject(e.table)!;
            const t = this.tableOf(info);
            if (e.before) t.set(e.id, e.before);
            else t.delete(e.id);
        }
    }

    /** Full copy of the data (rows are copied; values are immutable). */
    snapshot(): DbSnapshot {
        const tables = new Map<string, Map<string, Row>>();
        for (const [k, t] of this.tables) {
            const c = new Map<string, Row>();
            for (const [id, r] of t) c.set(id, new Map(r));
            tables.set(k, c);
        }
        return {
            tables,
            cascadeLog: new Map(this.cascadeLog),
            ids: this.ids.snapshot(),
            autoNumbers: new Map(this.autoNumbers),
            runningUserId: this.runningUserId,
            side: new Map(this.side)
        };
    }
    restore(s: DbSnapshot): void {
        this.tables = new Map();
        for (const [k, t] of s.tables) {
            const c = new Map<string, Row>();
            for (const [id, r] of t) c.set(id, new Map(r));
            this.tables.set(k, c);
        }
        this.ids.restore(s.ids);
        this.cascadeLog.clear();
        for (const [k, v] of s.cascadeLog) this.cascadeLog.set(k, v);
        this.autoNumbers = new Map(s.autoNumbers);
        this.runningUserId = s.runningUserId;
        this.side = new Map(s.side);
        this.journal = [];
        this.mixedDml = {};
    }

    // ------------------------------------------------------------------------------------------
    // seed data: what a fresh scratch org's test context can see without SeeAllData
    // ------------------------------------------------------------------------------------------

    /**
     * Seeds: Organization, Profiles ('System Administrator', 'Standard User', 'Minimum Access - Salesforce'),
     * the running admin user, ApexClass rows for project classes, CustomPermission / PermissionSet /
     * SetupEntityAccess rows from force-app, RecordType rows, and custom metadata records (visible
     * in tests without SeeAllData — §2 #32).
     */
    seed(opts: { adminUsername?: string; timeZone?: string; locale?: string } = {}): void {
        const put = (obj: string, vals: Record<string, ApexPrimitive>): string => {
            const info = this.schema.getObject(obj);
            if (!info) throw new ApexRuntimeUnsupported(`seed object ${obj}`);
            const m = new Map<string, ApexPrimitive>();
            for (const [k, v] of Object.entries(vals)) m.set(k.toLowerCase(), v);
            return (this.insertRow(info, m).get('id') as ApexId).value;
        };
        const tz = opts.timeZone ?? runtimeSettings().timeZone;
        const locale = opts.locale ?? runtimeSettings().locale;
        this.seeded.orgId = put('Organization', {
            Name: 'Local Apex Runtime Org',
            IsSandbox: false,
            OrganizationType: 'Developer Edition',
            TimeZoneSidKey: tz,
            DefaultLocaleSidKey: locale,
            LanguageLocaleKey: 'en_US',
            InstanceName: 'LOCAL'
        });
        // User licenses of the seeded profiles (Object Reference "UserLicense": LicenseDefinitionKey identifies a
        // license whatever the org's language; SFDC = Salesforce, AUL = Salesforce Platform, PID_Chatter = Chatter Free).
        const license: Record<string, string> = {};
        for (const [name, key] of [
            ['Salesforce', 'SFDC'],
            ['Salesforce Platform', 'AUL'],
            ['Chatter Free', 'PID_Chatter'],
            ['Chatter External', 'PID_Chatter_External']
        ]) {
            license[key] = put('UserLicense', {
                Name: name,
                MasterLabel: name,
                LicenseDefinitionKey: key,
                Status: 'Active'
            });
        }
        // Profile flags a locale-independent lookup filters on ("Standard Profiles", Salesforce Help): only the
        // administrator modifies / views all data; Standard User and the profiles built on it edit tasks, Read Only and
        // Minimum Access do not. Tests find "a standard user profile" this way because profile names are translated
        // in orgs of another language.
        type Seed = [string, string, string, boolean, boolean];
        const seeds: Seed[] = [
            ['System Administrator', 'Standard', 'SFDC', true, true],
            ['Standard User', 'Standard', 'SFDC', false, true],
            ['Minimum Access - Salesforce', 'Standard', 'SFDC', false, false],
            // other standard profiles of a new Developer Edition / scratch org: present so
            // `[SELECT Id FROM Profile WHERE Name = 'Read Only']` finds them; the access model answers 'unknown' for
            // their object permissions (→ unsupported), never a guess.
            ['Read Only', 'Standard', 'SFDC', false, false],
            ['Solution Manager', 'Standard', 'SFDC', false, true],
            ['Marketing User', 'Standard', 'SFDC', false, true],
            ['Contract Manager', 'Standard', 'SFDC', false, true],
            ['Standard Platform User', 'Standard', 'AUL', false, true],
            ['Chatter Free User', 'CsnOnly', 'PID_Chatter', false, false],
            ['Chatter External User', 'CsnOnly', 'PID_Chatter_External', false, false],
            ['Chatter Moderator User', 'CsnOnly', 'PID_Chatter', false, false]
        ];
        for (const [p, type, key, admin, editTask] of seeds) {
            this.seeded.profiles[p] = put('Profile', {
                Name: p,
                UserType: type,
                UserLicenseId: new ApexId(license[key]),
                PermissionsModifyAllData: admin,
                PermissionsViewAllData: admin,
                PermissionsEditTask: editTask
            });
        }
        this.seeded.adminUserId = put('User', {
            Username: opts.adminUsername ?? 'admin@apexrt.local.invalid',
            LastName: 'Admin',
            FirstName: 'Local',
            Name: 'Local Admin',
            Email: 'admin@apexrt.local.invalid',
            Alias: 'ladmin',
            TimeZoneSidKey: tz,
            LocaleSidKey: locale,
            EmailEncodingKey: 'UTF-8',
            LanguageLocaleKey: 'en_US',
            ProfileId: new ApexId(this.seeded.profiles['System Administrator']),
            IsActive: true,
            UserType: 'Standard'
        });
        this.runningUserId = this.seeded.adminUserId;
        // re-stamp seeded audit fields with the admin user
        for (const id of [this.seeded.orgId, ...Object.values(this.seeded.profiles), this.seeded.adminUserId]) {
            const r = this.getRow(id)!;
            r.row.set('createdbyid', new ApexId(this.seeded.adminUserId));
            r.row.set('lastmodifiedbyid', new ApexId(this.seeded.adminUserId));
        }
        // the standard price book exists in every org and is visible to tests without SeeAllData
        // (Apex Developer Guide, "Test.getStandardPricebookId()")
        this.seeded.standardPricebookId = put('Pricebook2', {
            Name: 'Standard Price Book',
            IsActive: true,
            IsStandard: true
        });
        this.hiddenFromQueries.add(this.seeded.standardPricebookId);
        // default business hours exist in every org and are setup data (visible without SeeAllData) [Known];
        // only the identifying fields are catalogued (day start/end times are not modelled → unknown field).
        if (this.schema.getObject('BusinessHours')) {
            this.seeded.businessHoursId = put('BusinessHours', {
                Name: 'Default',
                IsActive: true,
                IsDefault: true,
                TimeZoneSidKey: tz
            });
        }
        // ApexTrigger rows (Object Reference "ApexTrigger"): Body is the source, Usage<Event> the declared events; the
        // compiled figures (BodyCrc, LengthWithoutComments) and UsageIsBulk are not derived here: undecided when read
        for (const t of this.schema.setup.apexTriggers ?? []) {
            const undecided = (f: string) =>
                undecidedValue(`ApexTrigger.${f} of ${t.name} (not derived from the source)`);
            const usage = (e: string): ApexPrimitive => (t.events ? t.events.includes(e) : undecided('Usage fields'));
            put('ApexTrigger', {
                Name: t.name,
                TableEnumOrId: t.object,
                Status: 'Active',
                ApiVersion: ApexDecimal.parse('66.0'),
                IsValid: true,
                Body: t.file ? fs.readFileSync(t.file, 'utf8') : null,
                BodyCrc: undecided('BodyCrc'),
                LengthWithoutComments: undecided('LengthWithoutComments'),
                UsageIsBulk: undecided('UsageIsBulk'),
                UsageBeforeInsert: usage('before insert'),
                UsageBeforeUpdate: usage('before update'),
                UsageBeforeDelete: usage('before delete'),
                UsageAfterInsert: usage('after insert'),
                UsageAfterUpdate: usage('after update'),
                UsageAfterDelete: usage('after delete'),
                UsageAfterUndelete: usage('after undelete')
            });
        }
        for (const sr of this.schema.setup.staticResources ?? []) {
            const body = sr.file ? new ApexBlob(new Uint8Array(fs.readFileSync(sr.file))) : null;
            put('StaticResource', {
                Name: sr.name,
                ContentType: sr.contentType,
                CacheControl: sr.cacheControl ?? null,
                Body: body
            });
        }
        // classic email templates and their folders from force-app (setup data, visible in tests)
        const folders = new Map<string, string>();
        for (const t of this.schema.setup.emailTemplates ?? []) {
            if (!this.schema.getObject('EmailTemplate')) break;
            let folderId = folders.get(t.folder);
            if (!folderId && t.folder !== 'unfiled$public') {
                folderId = put('Folder', {
                    Name: t.folder,
                    DeveloperName: t.folder,
                    Type: 'Email',
                    AccessType: 'Public'
                });
                folders.set(t.folder, folderId);
            }
            const html = t.type === 'html' || t.type === 'custom';
            put('EmailTemplate', {
                Name: t.name,
                DeveloperName: t.developerName,
                Subject: t.subject,
                TemplateType: t.type,
                Body: html ? null : t.body,
                HtmlValue: html ? t.body : null,
                Encoding: t.encoding,
                IsActive: t.available,
                Description: t.description,
                // unfiled templates live in the organization's public folder (FolderId = org Id) [Known]
                FolderId: new ApexId(folderId ?? this.seeded.orgId)
            });
        }
        // custom notification types from force-app (setup data: Apex looks the type's Id up by DeveloperName)
        for (const t of this.schema.setup.customNotificationTypes ?? []) {
            if (!this.schema.getObject('CustomNotificationType')) break;
            put('CustomNotificationType', {
                CustomNotifTypeName: t.typeName,
                DeveloperName: t.developerName,
                MasterLabel: t.label,
                Description: t.description,
                Desktop: t.desktop,
                Mobile: t.mobile,
                IsSlack: false
            });
        }
        // picklist-master objects (LeadStatus, OpportunityStage, CaseStatus, TaskStatus) from the value sets in effect
        // (Object Reference: MasterLabel, ApiName, IsConverted / IsClosed / IsWon, DefaultProbability, SortOrder)
        const masters: [string, string][] = [
            ['LeadStatus', 'LeadStatus'],
            ['OpportunityStage', 'OpportunityStage'],
            ['CaseStatus', 'CaseStatus'],
            ['TaskStatus', 'TaskStatus']
        ];
        for (const [obj, set] of masters) {
            if (!this.schema.getObject(obj)) continue;
            standardValueSet(this.schema, set).forEach((v, i) => {
                const vals: Record<string, ApexPrimitive> = {
                    MasterLabel: v.fullName,
                    ApiName: v.fullName,
                    SortOrder: new ApexInteger(i + 1)
                };
                if (obj === 'LeadStatus') vals.IsConverted = !!v.converted;
                if (obj !== 'OpportunityStage') vals.IsDefault = !!v.isDefault;
                if (obj === 'CaseStatus' || obj === 'TaskStatus') vals.IsClosed = !!v.closed;
                if (obj === 'OpportunityStage') {
                    vals.IsActive = true;
                    vals.IsClosed = !!v.closed;
                    vals.IsWon = !!v.won;
                    vals.DefaultProbability =
                        v.probability !== undefined ? ApexDecimal.parse(String(v.probability)) : null;
                    vals.ForecastCategoryName = v.forecastCategory
                        ? (FORECAST_CATEGORY_NAME[v.forecastCategory] ?? v.forecastCategory)
                        : null;
                    const fcn = vals.ForecastCategoryName;
                    vals.ForecastCategory = typeof fcn === 'string' ? (FORECAST_CATEGORY_API[fcn] ?? null) : null;
                }
                put(obj, vals);
            });
        }
        for (const cls of this.schema.setup.apexClasses) {
            // Body: the class source as deployed (Object Reference "ApexClass")
            const file = this.schema.setup.apexClassFiles?.get(cls.toLowerCase());
            put('ApexClass', {
                Name: cls,
                Body: file ? fs.readFileSync(file, 'utf8') : null,
                Status: 'Active',
                ApiVersion: ApexDecimal.parse('66.0'),
                IsValid: true
            });
        }
        // NamedCredential rows (Object Reference: DeveloperName, MasterLabel, Endpoint = the URL), from metadata
        for (const nc of this.schema.setup.namedCredentials ?? []) {
            put('NamedCredential', { DeveloperName: nc.name, MasterLabel: nc.label, Endpoint: nc.endpoint });
        }
        const cpIds = new Map<string, string>();
        for (const cp of this.schema.setup.customPermissions) {
            cpIds.set(
                cp.name.toLowerCase(),
                put('CustomPermission', { DeveloperName: cp.name, MasterLabel: cp.label })
            );
        }
        for (const ps of this.schema.setup.permissionSets) {
            const psId = put('PermissionSet', {
                Name: ps.name,
                Label: ps.label,
                IsOwnedByProfile: false,
                Type: 'Regular'
            });
            for (const cp of ps.customPermissions) {
                const cpId = cpIds.get(cp.toLowerCase());
                if (cpId) {
                    put('SetupEntityAccess', {
                        ParentId: new ApexId(psId),
                        SetupEntityId: new ApexId(cpId),
                        SetupEntityType: 'CustomPermission'
                    });
                }
            }
        }
        seedPermissionSetup(this, put, this.seeded.profiles, this.seeded.adminUserId);
        for (const o of this.schema.allObjects()) {
            for (const rt of o.recordTypes) {
                put('RecordType', {
                    Name: rt.label,
                    DeveloperName: rt.developerName,
                    SobjectType: o.name,
                    IsActive: rt.active
                });
            }
            if (o.isCustomMetadata) {
                for (const rec of this.schema.customMetadataRecords(o.name)) {
                    const m = new Map(rec.values);
                    this.insertRow(o, m);
                }
            }
        }
        this.beginTransaction();
    }

    /**
     * Custom permissions granted to a user through permission set assignments
     * (PermissionSetAssignment → SetupEntityAccess → CustomPermission). Used by
     * FeatureManagement.checkPermission. The System Administrator profile gets no custom permission
     * implicitly (custom permissions need an explicit grant).
     */
    customPermissionsOf(userId: string): Set<string> {
        const out = new Set<string>();
        const uid = new ApexId(userId).value;
        const psIds = new Set<string>();
        for (const a of this.rows('PermissionSetAssignment')) {
            const assignee = a.get('assigneeid');
            if (assignee instanceof ApexId && assignee.value === uid)
                psIds.add((a.get('permissionsetid') as ApexId).value);
        }
        for (const sea of this.rows('SetupEntityAccess')) {
            if (!psIds.has((sea.get('parentid') as ApexId).value)) continue;
            const cp = this.getRow(sea.get('setupentityid') as ApexId);
            if (cp && cp.info.name === 'CustomPermission') out.add(String(cp.row.get('developername')).toLowerCase());
        }
        return out;
    }

    /** Stored Integer fields use ApexInteger; helper for tests / debugging. */
    static int(n: number): ApexInteger {
        return new ApexInteger(n);
    }
}

/**
 * Platform-computed values: compound names (Contact/Lead/User `Name` = FirstName + ' ' + LastName),
 * Attachment.BodyLength, OpportunityLineItem TotalPrice = UnitPrice × Quantity (or UnitPrice from
 * TotalPrice / Quantity) — Object Reference for each object.
 */
function computeDerived(info: SObjectInfo, row: Row) {
    if (info.name === 'Attachment' || info.name === 'Document' || info.name === 'StaticResource') {
        const body = row.get('body');
        row.set('bodylength', body instanceof ApexBlob ? new ApexInteger(body.size()) : null);
    }
    if (info.name === 'OrderItem') {
        // TotalPrice = UnitPrice × Quantity (Object Reference "OrderItem": TotalPrice is read-only, calculated)
        const q = row.get('quantity');
        const unit = row.get('unitprice');
        row.set(
            'totalprice',
            q instanceof ApexDecimal && unit instanceof ApexDecimal ? unit.multiply(q).setScale(2, 'HALF_UP') : null
        );
    }
    if (info.name === 'OpportunityLineItem') {
        const q = row.get('quantity');
        const unit = row.get('unitprice');
        const total = row.get('totalprice');
        if (q instanceof ApexDecimal && unit instanceof ApexDecimal && (total === null || total === undefined)) {
            row.set('totalprice', unit.multiply(q).setScale(2, 'HALF_UP'));
        } else if (
            q instanceof ApexDecimal &&
            total instanceof ApexDecimal &&
            (unit === null || unit === undefined) &&
            q.signum() !== 0
        ) {
            row.set('unitprice', total.divideToScale(q, 2, 'HALF_UP'));
        }
    }
    computeFullName(info, row);
}

/** Compound name fields (Contact/Lead/User `Name`) = FirstName + ' ' + LastName. */
function computeFullName(info: SObjectInfo, row: Row) {
    for (const f of info.fields.values()) {
        if (f.type !== 'FullName') continue;
        const parts = [row.get('firstname'), row.get('lastname')].filter((x) => typeof x === 'string' && x !== '');
        row.set(f.name.toLowerCase(), parts.length ? parts.join(' ') : null);
    }
}

const same = (a: ApexPrimitive | undefined, b: ApexPrimitive | undefined) =>
    (a ?? null) === (b ?? null) || (a instanceof ApexDecimal && b instanceof ApexDecimal && a.compareTo(b) === 0);

/**
 * Values the platform derives from standard value sets and other fields (see `schema/standard-values.ts`): User.Username
 * (stored lowercase);
 * Opportunity IsClosed/IsWon (always), Probability + ForecastCategoryName (on insert when empty; on update when
 * StageName changed and the caller did not change them), ForecastCategory, ExpectedRevenue; Case/Task IsClosed
 * (+ Case.ClosedDate); Contract.EndDate = StartDate + ContractTerm months − 1 day (Object Reference "Contract").
 * A stage/status outside the value set is stored; what it derives is undecided (UndecidedValue: Unsupported when read).
 */
function computeStandardDerived(
    schema: SchemaRegistry,
    info: SObjectInfo,
    row: Row,
    before: Row | undefined,
    now: ApexDatetime,
    userId: string
) {
    if (info.custom) return;
    if (info.name === 'User') {
        // Object Reference "User": Username "must be in the form of an email address, using all lowercase
        // characters"; a mixed-case value is saved lowercased, not refused [Obs: j-fischer/rflib's feature-switch
        // tests insert 'John.Smith@rflib.com' and key on UserInfo.getUserName() = 'john.smith@rflib.com']
        const username = row.get('username');
        if (typeof username === 'string') row.set('username', username.toLowerCase());
    }
    // read-only fields the platform derives and the runtime does not: undecided, so reading them is Unsupported
    // (Object Reference "Asset": AssetLevel, the asset's position in its hierarchy; Field Reference
    // "OpportunityLineItem": Name, "Opportunity Product Name", string(376), built from the opportunity and product)
    if (info.name === 'Asset')
        row.set('assetlevel', undecidedValue('Asset.AssetLevel (the asset hierarchy is not modelled)'));
    if (info.name === 'OpportunityLineItem')
        row.set('name', undecidedValue('OpportunityLineItem.Name (the platform-built line item name is not modelled)'));
    // activity roll-ups (Field Reference "Opportunity": HasOpenActivity, HasOverdueTask, LastActivityDate) follow the
    // record's tasks and events, which the runtime does not roll up
    if (info.name === 'Opportunity')
        for (const f of ['HasOpenActivity', 'HasOverdueTask', 'LastActivityDate'])
            row.set(f.toLowerCase(), undecidedValue(`Opportunity.${f} (activity roll-ups are not modelled)`));
    if ((info.name === 'Contract' || info.name === 'Order') && row.get('status') === 'Activated') {
        // activation stamps (Object Reference "Contract": ActivatedDate / ActivatedById; "Order": ActivatedDate)
        if (before?.get('status') !== 'Activated') {
            row.set('activateddate', now);
            if (info.name === 'Contract') row.set('activatedbyid', userId ? new ApexId(userId) : null);
        }
    }
    if (info.name === 'Opportunity') {
        const stage = row.get('stagename');
        if (typeof stage !== 'string') return;
        const sv = standardValue(schema, 'OpportunityStage', stage);
        // a stage outside the value set is stored (StageName is an unrestricted standard picklist: Metadata API
        // "Picklist", restrictedPicklist defaults to false), but what the org derives from it is not documented:
        // IsClosed / IsWon, and Probability / ForecastCategoryName where the stage would fill them, are undecided
        const known = sv !== undefined && sv.closed !== undefined;
        const why = (f: string) =>
            undecidedValue(
                `Opportunity.${f} for StageName '${stage}' (not in the OpportunityStage value set: add standardValueSets/OpportunityStage to force-app)`
            );
        row.set('isclosed', known ? !!sv.closed : why('IsClosed'));
        row.set('iswon', known ? !!sv.won : why('IsWon'));
        const stageChanged = before !== undefined && before.get('stagename') !== stage;
        const fill = (key: string, value: ApexPrimitive) => {
            const cur = row.get(key) ?? null;
            if (before === undefined ? cur === null : stageChanged && same(cur, before.get(key))) row.set(key, value);
        };
        if (!known) fill('probability', why('Probability'));
        else if (sv.probability !== undefined) fill('probability', ApexDecimal.parse(String(sv.probability)));
        if (!known) fill('forecastcategoryname', why('ForecastCategoryName'));
        else if (sv.forecastCategory)
            fill('forecastcategoryname', FORECAST_CATEGORY_NAME[sv.forecastCategory] ?? sv.forecastCategory);
        // an undecided Probability / ForecastCategoryName keeps its dependants undecided
        const fcn = row.get('forecastcategoryname');
        row.set(
            'forecastcategory',
            isUndecided(fcn) ? fcn : typeof fcn === 'string' ? (FORECAST_CATEGORY_API[fcn] ?? null) : null
        );
        const amount = row.get('amount');
        const prob = row.get('probability');
        row.set(
            'expectedrevenue',
            amount instanceof ApexDecimal && isUndecided(prob)
                ? prob
                : amount instanceof ApexDecimal && prob instanceof ApexDecimal
                  ? amount.multiply(prob).divideToScale(ApexDecimal.parse('100'), 2, 'HALF_UP')
                  : null
        );
    } else if (info.name === 'Case' || info.name === 'Task') {
        const status = row.get('status');
        if (typeof status !== 'string') {
            row.set('isclosed', false);
            return;
        }
        const sv = standardValue(schema, info.name === 'Case' ? 'CaseStatus' : 'TaskStatus', status);
        if (!sv || sv.closed === undefined) {
            // the status is stored (unrestricted picklist); what it derives is undecided until read
            const why = (f: string) =>
                `${info.name}.${f} for Status '${status}' (not in the ${info.name}Status value set: add standardValueSets/${info.name}Status to force-app)`;
            row.set('isclosed', undecidedValue(why('IsClosed')));
            if (info.name === 'Case') row.set('closeddate', undecidedValue(why('ClosedDate')));
            return;
        }
        row.set('isclosed', sv.closed);
        if (info.name === 'Case') {
            if (!sv.closed) row.set('closeddate', null);
            else if (!(before?.get('isclosed') === true && before.get('closeddate'))) row.set('closeddate', now);
        }
    } else if (info.name === 'Event' && row.get('isalldayevent') !== true) {
        // Object Reference "Event": ActivityDateTime and StartDateTime carry the same value; DurationInMinutes and
        // EndDateTime determine each other; ActivityDate is the date part of the start (user's time zone). On update a
        // new start keeps the duration (EndDateTime moves) unless the end was changed too.
        const get = (k: string) => row.get(k) ?? null;
        const changed = (k: string) => before !== undefined && !same(get(k), before.get(k));
        let start = get('startdatetime');
        const act = get('activitydatetime');
        if (before && changed('activitydatetime') && !changed('startdatetime')) start = act;
        else if (!(start instanceof ApexDatetime) && act instanceof ApexDatetime) start = act;
        if (!(start instanceof ApexDatetime)) return;
        row.set('startdatetime', start);
        row.set('activitydatetime', start);
        row.set('activitydate', start.date());
        const end = get('enddatetime');
        const dur = get('durationinminutes');
        const endGiven = end instanceof ApexDatetime && (before === undefined || changed('enddatetime'));
        if (endGiven) {
            row.set('durationinminutes', new ApexInteger(Math.round((end.epochMs - start.epochMs) / 60000)));
        } else if (dur instanceof ApexInteger) {
            row.set('enddatetime', new ApexDatetime(start.epochMs + dur.value * 60000));
        } else if (end instanceof ApexDatetime) {
            row.set('durationinminutes', new ApexInteger(Math.round((end.epochMs - start.epochMs) / 60000)));
        }
    } else if (info.name === 'Contract') {
        const start = row.get('startdate');
        const term = row.get('contractterm');
        row.set(
            'enddate',
            start instanceof ApexDate && term instanceof ApexInteger ? start.addMonths(term.value).addDays(-1) : null
        );
    }
}

/** Side-data key of the rows Database.emptyRecycleBin removed from one object (see purgeRow). */
function purgedKey(info: SObjectInfo): string {
    return `purged:${info.name.toLowerCase()}`;
}
