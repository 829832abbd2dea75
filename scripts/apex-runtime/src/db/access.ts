/**
 * Access model for user-mode operations (WITH USER_MODE, AccessLevel.USER_MODE, describe isAccessible…).
 * Every answer is three-valued: 'allow', 'deny', or 'unknown'. Callers must treat 'unknown' as
 * ApexRuntimeUnsupported — never as allow or deny (APEX-RUNTIME.md §3.7 #3: never silently wrong).
 *
 * What is modelled, and from where:
 * - Permission sets in force-app (objectPermissions, fieldPermissions, userPermissions
 *   ViewAllData/ModifyAllData) assigned through PermissionSetAssignment rows — exact grants.
 * - Profiles (only the three seeded ones; the table below):
 *   - System Administrator: "View All Data" + "Modify All Data" → every object operation allowed, every
 *     record visible; standard fields readable/editable; custom fields not granted by a permission set
 *     → 'unknown' (metadata deploys grant no FLS unless profiles are deployed; whether the admin profile
 *     of a scratch org has FLS on pushed fields is not settled here).
 *   - Standard User: read/create/edit/delete on Account, Contact, Opportunity, Lead, Case, Task (standard
 *     profile permissions); custom objects without a permission-set grant → 'deny' ("When a custom object
 *     is created, most profiles (except those with Modify All Data) don't give access to the object", Force.com
 *     Fundamentals "Standard Profiles"); other standard objects → 'unknown'; standard fields allowed; custom
 *     fields not granted by a permission set → 'deny' (fields deployed without profile FLS are hidden).
 *   - Minimum Access - Salesforce: no object permissions (→ 'deny' unless a permission set grants); Task, Event
 *     and User have none to grant (activities, users) → 'unknown'.
 *   - Chatter External User / Chatter Free User: CRM and custom objects → 'deny' (Chatter licenses "can't access
 *     any Salesforce objects or data", Salesforce Help "Chatter User Licenses"); other objects → 'unknown'.
 *   - Any other profile → 'unknown'.
 * - Record visibility for read (sharing): org-wide defaults — standard objects per Salesforce Help "Default
 *   Organization-Wide Access Levels" (Account Public Read/Write, Contact Controlled by Parent, Opportunity
 *   Public Read Only …), custom objects from `sharingModel` in their object metadata. Public Read
 *   Only/Read/Write → visible; Controlled by Parent → the master record's visibility; Private → owner,
 *   View All (permission set viewAllRecords / ViewAllData) or admin; other owners → 'unknown' (role
 *   hierarchy, sharing rules and manual shares are not modelled).
 */
import { ApexId } from '../values';
import type { FieldInfo, SObjectInfo, ObjectPermission } from '../schema';
import type { Database, Row } from './database';
import { isApexPermissionSet } from './setup-permissions';

export type Tri = 'allow' | 'deny' | 'unknown';

/** standard objects whose access no profile object permission decides */
const UNPERMISSIONED_OBJECTS = new Set(['task', 'event', 'user']);
export type ObjectOp = 'read' | 'create' | 'edit' | 'delete';

export interface AccessAnswer {
    result: Tri;
    /** why (for unsupported messages and fidelity notes) */
    reason: string;
}

const allow = (reason: string): AccessAnswer => ({ result: 'allow', reason });
const deny = (reason: string): AccessAnswer => ({ result: 'deny', reason });
const unknown = (reason: string): AccessAnswer => ({ result: 'unknown', reason });

const STANDARD_USER_OBJECTS = new Set(['account', 'contact', 'opportunity', 'lead', 'case', 'task']);
const CHATTER_DENIED_OBJECTS = new Set([
    'account',
    'contact',
    'opportunity',
    'lead',
    'case',
    'campaign',
    'contract',
    'order',
    'product2',
    'pricebook2',
    'asset'
]);

interface UserGrants {
    profile: string;
    objects: Map<string, ObjectPermission>;
    fields: Map<string, { readable: boolean; editable: boolean }>;
    viewAllData: boolean;
    modifyAllData: boolean;
}

/** Standard address compounds and their components (Object Reference "Address Compound Fields"). */
const ADDRESS_PART =
    /^(Billing|Shipping|Mailing|Other)(Address|Street|City|State|PostalCode|Country|StateCode|CountryCode|Latitude|Longitude|GeocodeAccuracy)$/;
const ADDRESS_COMPONENTS = [
    'Address',
    'Street',
    'City',
    'State',
    'PostalCode',
    'Country',
    'StateCode',
    'CountryCode',
    'Latitude',
    'Longitude',
    'GeocodeAccuracy'
];

/** The field names that share one field-level security setting with `name` (itself first). */
export function flsGroup(name: string): string[] {
    const m = ADDRESS_PART.exec(name);
    if (!m) return [name];
    return [name, ...ADDRESS_COMPONENTS.map((c) => m[1] + c).filter((n) => n !== name)];
}

export class AccessModel {
    constructor(private db: Database) {}

    /** Union of the user's permission-set grants plus the profile name. Recomputed per call (data is small). */
    grants(userId: string): UserGrants {
        const uid = new ApexId(userId).value;
        const user = this.db.getRow(uid)?.row;
        const profileId = user?.get('profileid');
        const profile = profileId instanceof ApexId ? String(this.db.getRow(profileId)?.row.get('name') ?? '') : '';
        const g: UserGrants = {
            profile,
            objects: new Map(),
            fields: new Map(),
            viewAllData: false,
            modifyAllData: false
        };
        const psNames = new Set<string>();
        const apexSets = new Set<string>();
        for (const a of this.db.rows('PermissionSetAssignment')) {
            const assignee = a.get('assigneeid');
            if (!(assignee instanceof ApexId) || assignee.value !== uid) continue;
            const ps = this.db.getRow(a.get('permissionsetid') as ApexId)?.row;
            if (ps) psNames.add(String(ps.get('name')).toLowerCase());
            if (ps && isApexPermissionSet(this.db, ps)) apexSets.add((ps.get('id') as ApexId).value);
        }
        // permission sets a test inserted: their ObjectPermissions / FieldPermissions rows are the grants
        for (const r of this.db.rows('ObjectPermissions')) {
            const parent = r.get('parentid');
            if (!(parent instanceof ApexId) || !apexSets.has(parent.value)) continue;
            const obj = String(r.get('sobjecttype')).toLowerCase();
            const cur = g.objects.get(obj);
            const p = (f: string) => r.get(f) === true;
            g.objects.set(obj, {
                read: !!cur?.read || p('permissionsread'),
                create: !!cur?.create || p('permissionscreate'),
                edit: !!cur?.edit || p('permissionsedit'),
                delete: !!cur?.delete || p('permissionsdelete'),
                viewAll: !!cur?.viewAll || p('permissionsviewallrecords'),
                modifyAll: !!cur?.modifyAll || p('permissionsmodifyallrecords')
            });
        }
        for (const r of this.db.rows('FieldPermissions')) {
            const parent = r.get('parentid');
            if (!(parent instanceof ApexId) || !apexSets.has(parent.value)) continue;
            const key = String(r.get('field')).toLowerCase();
            const cur = g.fields.get(key) ?? { readable: false, editable: false };
            g.fields.set(key, {
                readable: cur.readable || r.get('permissionsread') === true,
                editable: cur.editable || r.get('permissionsedit') === true
            });
        }
        for (const ps of this.db.schema.setup.permissionSets) {
            if (!psNames.has(ps.name.toLowerCase())) continue;
            for (const [obj, p] of ps.objectPermissions) {
                const cur = g.objects.get(obj) ?? {
                    read: false,
                    create: false,
                    edit: false,
                    delete: false,
                    viewAll: false,
                    modifyAll: false
                };
                g.objects.set(obj, {
                    read: cur.read || p.read,
                    create: cur.create || p.create,
                    edit: cur.edit || p.edit,
                    delete: cur.delete || p.delete,
                    viewAll: cur.viewAll || p.viewAll,
                    modifyAll: cur.modifyAll || p.modifyAll
                });
            }
            for (const [f, p] of ps.fieldPermissions) {
                const cur = g.fields.get(f) ?? { readable: false, editable: false };
                g.fields.set(f, { readable: cur.readable || p.readable, editable: cur.editable || p.editable });
            }
            if (ps.userPermissions.has('viewalldata')) g.viewAllData = true;
            if (ps.userPermissions.has('modifyalldata')) g.modifyAllData = g.viewAllData = true;
        }
        if (profile === 'System Administrator') g.viewAllData = g.modifyAllData = true;
        return g;
    }

    /** Object permission (CRUD) of the user. */
    objectAccess(userId: string, info: SObjectInfo, op: ObjectOp): AccessAnswer {
        const g = this.grants(userId);
        const p = g.objects.get(info.name.toLowerCase());
        const granted = p && (op === 'read' ? p.read : op === 'create' ? p.create : op === 'edit' ? p.edit : p.delete);
        if (granted) return allow(`permission set grants ${op} on ${info.name}`);
        if (g.modifyAllData || (op === 'read' && g.viewAllData))
            return allow(`${g.profile || 'user'} has View/Modify All Data`);
        switch (g.profile) {
            case 'Standard User':
                if (info.name === 'User' && op === 'read') return allow('users are readable (Users: Public Read Only)');
                // "When a custom object is created, most profiles (except those with 'Modify All Data') don't give
                // access to the object … you can never edit the object permissions on a standard profile"
                // (Force.com Fundamentals, "Standard Profiles").
                if (info.custom) return deny(`the Standard User profile has no access to custom object ${info.name}`);
                return STANDARD_USER_OBJECTS.has(info.name.toLowerCase())
                    ? allow(`Standard User profile: ${op} on ${info.name}`)
                    : unknown(`Standard User profile permissions on ${info.name}`);
            case 'Minimum Access - Salesforce':
                // activities (Task, Event) and users carry no object permission of their own in a profile: what a
                // Minimum Access user may do with them is not modelled (an org reads Task and refuses only fields)
                if (UNPERMISSIONED_OBJECTS.has(info.name.toLowerCase()))
                    return unknown(`Minimum Access profile access to ${info.name}`);
                return deny(`no ${op} permission on ${info.name}`);
            case 'Chatter External User':
            case 'Chatter Free User':
                // Chatter licenses reach people, groups and files but "can't access any Salesforce objects or data"
                // (Salesforce Help, "Chatter User Licenses"): CRM and custom objects are denied, others not decided
                return info.custom || CHATTER_DENIED_OBJECTS.has(info.name.toLowerCase())
                    ? deny(`the ${g.profile} profile has no access to ${info.name}`)
                    : unknown(`object permissions of profile '${g.profile}' on ${info.name}`);
            default:
                return unknown(`object permissions of profile '${g.profile}'`);
        }
    }

    /** Field-level security (read or edit) of the user on one field (object access not included). */
    fieldAccess(
        userId: string,
        info: SObjectInfo,
        f: FieldInfo,
        op: 'read' | 'edit',
        purpose?: 'create'
    ): AccessAnswer {
        // the Id is readable with the object and never written (describe: isCreateable/isUpdateable false)
        if (f.name === 'Id') return op === 'read' ? allow('Id is always accessible') : deny('Id is never writeable');
        // Platform event fields: "you can't restrict access to a particular field. Field-level security permissions
        // don't apply and the event message contains all fields" (Platform Events Developer Guide, "Considerations
        // for Defining and Publishing Platform Events"). A custom field then follows its event object: readable with
        // it, settable on a new event message when the event may be created; whether it counts as updateable (a
        // published event is never updated) is not documented.
        if (info.isPlatformEvent && f.custom) {
            if (op === 'read') return this.objectAccess(userId, info, 'read');
            if (purpose === 'create')
                return f.createable
                    ? this.objectAccess(userId, info, 'create')
                    : deny(`${info.name}.${f.name} is not createable`);
            return unknown(`whether platform event field ${info.name}.${f.name} is updateable (not documented)`);
        }
        // Custom metadata type fields carry no field-level security of their own: access is granted to the type
        // (customMetadataTypeAccesses); the records are never edited by DML.
        if (info.isCustomMetadata)
            return op === 'read'
                ? this.objectAccess(userId, info, 'read')
                : deny(`${info.name} is not writeable by DML`);
        const g = this.grants(userId);
        // Compound address fields: one field-level security setting covers the compound field and all of its
        // components (a grant on `Account.BillingAddress` grants BillingStreet, BillingCity … and the reverse).
        // Object Reference "Compound Fields": the compound and its components "map to the same underlying data";
        // that they share one FLS setting is [Known] (Setup shows one "Billing Address" FLS row) — UNVERIFIED.
        for (const name of flsGroup(f.name)) {
            const fp = g.fields.get(`${info.name}.${name}`.toLowerCase());
            if (fp && (op === 'read' ? fp.readable || fp.editable : fp.editable)) {
                return allow(`permission set grants ${op} on ${info.name}.${name}`);
            }
        }
        if (op === 'edit' && !f.updateable && !f.createable) return deny(`${info.name}.${f.name} is not writeable`);
        // Master-Detail and universally required fields carry no field-level security: they are accessible
        // whenever the object is (permission set metadata cannot even list them).
        if (f.type === 'MasterDetail' || (f.custom && f.required)) return allow(`${info.name}.${f.name} is required`);
        // A required standard field (Account.Name, Contact.LastName …) has no field-level security of its own: it
        // follows the object permission — read for read, create or edit for edit. [Obs] "Salesforce does not allow
        // required fields to be included in permission set fieldPermissions metadata … Required fields are
        // automatically accessible to users with Create and Edit permissions on the object" (Zuora CPQ docs,
        // field-level security notes); Salesforce Help "Considerations for Universally Required Fields" says the
        // same for custom required fields. For standard fields: UNVERIFIED against a Salesforce page.
        if (!f.custom && f.required) {
            if (op === 'read') return this.objectAccess(userId, info, 'read');
            const create = this.objectAccess(userId, info, 'create');
            if (create.result === 'allow') return create;
            const edit = this.objectAccess(userId, info, 'edit');
            if (edit.result === 'allow') return edit;
            return create.result === 'unknown' ? create : edit;
        }
        if (!f.custom) {
            if (['System Administrator', 'Standard User'].includes(g.profile))
                return allow('standard field of a standard profile');
            if (g.profile === 'Minimum Access - Salesforce') return deny(`no access to ${info.name}.${f.name}`);
            return unknown(`field permissions of profile '${g.profile}'`);
        }
        if (g.profile === 'System Administrator') {
            return unknown(
                `FLS of the System Administrator profile on ${info.name}.${f.name} (no permission set grants it)`
            );
        }
        if (g.profile === 'Standard User' || g.profile === 'Minimum Access - Salesforce') {
            return deny(`no field-level security on ${info.name}.${f.name}`);
        }
        return unknown(`field permissions of profile '${g.profile}'`);
    }

    /** Whether the user can see one record (sharing, read). */
    recordVisible(userId: string, info: SObjectInfo, row: Row, depth = 0): AccessAnswer {
        const g = this.grants(userId);
        if (g.viewAllData) return allow('View All Data');
        if (g.objects.get(info.name.toLowerCase())?.viewAll || g.objects.get(info.name.toLowerCase())?.modifyAll) {
            return allow(`View All on ${info.name}`);
        }
        // records of a custom metadata type are not record-shared: "Public custom metadata types are readable for all
        // profiles, including the guest user" (Apex Reference, "CustomMetadata Class"; protected ones behave like
        // public ones outside a managed package)
        if (info.isCustomMetadata) return allow(`${info.name} records are readable by every user`);
        const owd = info.sharingModel;
        if (owd === undefined) {
            return info.custom || info.fields.has('ownerid')
                ? unknown(`sharing of ${info.name}`)
                : allow(`${info.name} is not record-shared`);
        }
        if (/^(Read|ReadWrite|ReadWriteTransfer|FullAccess|ReadSelect)$/.test(owd))
            return allow(`org-wide default ${owd}`);
        if (owd === 'ControlledByParent') {
            if (depth > 5) return unknown('controlled-by-parent chain too deep');
            const parentField = [...info.fields.values()].find(
                (f) => f.type === 'MasterDetail' || (info.name === 'Contact' && f.name === 'AccountId')
            );
            if (!parentField) return unknown(`parent of ${info.name}`);
            const pid = row.get(parentField.name.toLowerCase());
            if (!(pid instanceof ApexId)) {
                // a Contact without Account is private to its owner
                const owner = row.get('ownerid');
                return owner instanceof ApexId && owner.value === new ApexId(userId).value
                    ? allow('owner')
                    : unknown(`sharing of ${info.name} without parent`);
            }
            const parent = this.db.getRow(pid, true);
            if (!parent) return unknown('parent record missing');
            return this.recordVisible(userId, parent.info, parent.row, depth + 1);
        }
        if (owd === 'Private') {
            const owner = row.get('ownerid');
            if (owner instanceof ApexId && owner.value === new ApexId(userId).value) return allow('owner');
            if (sharedWith(this.db, info, row, userId, false))
                return allow(`${info.name} shared with the user (share row)`);
            return unknown(`private ${info.name} owned by another user (role hierarchy / sharing rules not modelled)`);
        }
        return unknown(`org-wide default '${owd}'`);
    }
}

/**
 * Edit visibility of one record under sharing (update/delete in `with sharing` code and user mode):
 * Public Read/Write (+Transfer/Full Access) → allow; Public Read Only / Private → owner, Modify All Data or the
 * object's modifyAllRecords; Controlled by Parent → the master's edit access; otherwise unknown.
 */
export function recordEditable(
    model: AccessModel,
    db: Database,
    userId: string,
    info: SObjectInfo,
    row: Row,
    depth = 0
): AccessAnswer {
    const g = model.grants(userId);
    if (g.modifyAllData) return allow('Modify All Data');
    if (g.objects.get(info.name.toLowerCase())?.modifyAll) return allow(`Modify All on ${info.name}`);
    const owd = info.sharingModel;
    if (owd === undefined) return unknown(`sharing of ${info.name}`);
    if (/^(ReadWrite|ReadWriteTransfer|FullAccess)$/.test(owd)) return allow(`org-wide default ${owd}`);
    if (owd === 'ControlledByParent') {
        if (depth > 5) return unknown('controlled-by-parent chain too deep');
        const parentField = [...info.fields.values()].find(
            (f) => f.type === 'MasterDetail' || (info.name === 'Contact' && f.name === 'AccountId')
        );
        const pid = parentField ? row.get(parentField.name.toLowerCase()) : undefined;
        if (!(pid instanceof ApexId)) return unknown(`edit sharing of ${info.name} without parent`);
        const parent = db.getRow(pid, true);
        if (!parent) return unknown('parent record missing');
        return recordEditable(model, db, userId, parent.info, parent.row, depth + 1);
    }
    const owner = row.get('ownerid');
    if (owner instanceof ApexId && owner.value === new ApexId(userId).value) return allow('owner');
    if (sharedWith(db, info, row, userId, true)) return allow(`${info.name} shared with the user for edit (share row)`);
    return unknown(`edit access to ${info.name} owned by another user (role hierarchy / sharing rules not modelled)`);
}

/**
 * Apex managed / manual sharing of a custom object: an `X__Share` row for the record whose UserOrGroupId is the user or a
 * public group the user is a direct member of (GroupMember). `forEdit` needs AccessLevel Edit or All. Role-based groups
 * and nested groups are not expanded (→ the caller's `unknown`).
 */
function sharedWith(db: Database, info: SObjectInfo, row: Row, userId: string, forEdit: boolean): boolean {
    if (!info.custom) return false;
    const share = db.schema.getObject(`${info.name.slice(0, -3)}__Share`);
    if (!share) return false;
    const id = (row.get('id') as ApexId).value;
    const uid = new ApexId(userId).value;
    const groups = new Set<string>();
    for (const m of db.rows('GroupMember')) {
        const who = m.get('userorgroupid');
        const g = m.get('groupid');
        if (who instanceof ApexId && who.value === uid && g instanceof ApexId) groups.add(g.value);
    }
    return db.rows(share.name).some((r) => {
        const p = r.get('parentid');
        const who = r.get('userorgroupid');
        if (!(p instanceof ApexId) || p.value !== id || !(who instanceof ApexId)) return false;
        if (who.value !== uid && !groups.has(who.value)) return false;
        return !forEdit || r.get('accesslevel') === 'Edit' || r.get('accesslevel') === 'All';
    });
}

/** Combine answers: any deny → deny; else any unknown → unknown; else allow. */
export function combine(answers: AccessAnswer[]): AccessAnswer {
    const d = answers.find((a) => a.result === 'deny');
    if (d) return d;
    const u = answers.find((a) => a.result === 'unknown');
    if (u) return u;
    return allow(answers.map((a) => a.reason).join('; '));
}
