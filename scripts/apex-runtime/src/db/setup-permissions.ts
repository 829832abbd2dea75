/**
 * Permission setup objects as a test sees them: PermissionSet (the project's and the profile-owned ones),
 * PermissionSetAssignment, ObjectPermissions and FieldPermissions — and what the runtime cannot know about them.
 *
 * Rows:
 * - one PermissionSet per seeded profile with IsOwnedByProfile = true, ProfileId, Name 'X' + profile Id ("In API
 *   version 25.0 or later, every profile is associated with a permission set"; profile-owned permission sets are
 *   named X<profile Id> — Salesforce Help knowledge article 000230980);
 * - one PermissionSetAssignment per user to their profile's permission set ("By default, all users have at least one
 *   permission set assignment to their profile", same article), kept in step when a user's ProfileId changes;
 * - ObjectPermissions / FieldPermissions rows for the project's permission sets, exactly their metadata: one row per
 *   `objectPermissions` entry that enables something ("Represents the enabled object permissions for the parent
 *   PermissionSet", Object Reference "ObjectPermissions"), one per `fieldPermissions` entry with read access ("A
 *   FieldPermissions record must have at minimum PermissionsRead set to true, or it will be deleted", Object
 *   Reference "FieldPermissions").
 *
 * Unknown rows (opaque sets; a query that could return one of them is unsupported, never a partial answer):
 * - ObjectPermissions / FieldPermissions of profile-owned permission sets (which objects and fields a standard profile
 *   lists is not modelled);
 * - PermissionSet rows of the org's standard permission sets (IsOwnedByProfile = false, names unknown);
 * - PermissionSetAssignment rows of the org's own (seeded) user beyond the profile's.
 */
import * as fs from 'fs';
import { ApexRuntimeUnsupported } from '../errors';
import { ApexId } from '../values';
import type { ApexPrimitive } from '../values';
import type { SObjectInfo } from '../schema';
import type { SourcePos } from '../errors';
import type { Database, Row } from './database';
import type { SObject } from './sobject';

/** A set of rows the runtime cannot list: only some of their fields are known. */
export interface OpaqueRows {
    /** why they are unknown (for the unsupported message) */
    reason: string;
    /** the known fields of every row of the set (lower-case name → value) */
    row: Row;
    /** lower-case field or relationship names whose value in `row` is exact for every row of the set */
    known: string[];
    /** true when a comparison excludes the set although its field is unknown (e.g. a unique name a known row holds) */
    excludes?: (path: string[], op: string, value: unknown) => boolean;
}

type Put = (obj: string, vals: Record<string, ApexPrimitive>) => string;

const lc = (s: string) => s.toLowerCase();

/** Seeds the rows above; called by Database.seed after profiles, the admin user and the project's permission sets. */
export function seedPermissionSetup(db: Database, put: Put, profiles: Record<string, string>, adminUserId: string) {
    for (const profileId of Object.values(profiles)) {
        const name = 'X' + profileId;
        // Label of a profile-owned permission set is not documented; the Name is (article 000230980)
        put('PermissionSet', { Name: name, Label: name, IsOwnedByProfile: true, ProfileId: new ApexId(profileId) });
    }
    syncProfileAssignment(db, adminUserId);
    // the project's CI assigns these to the org's default user before its tests run (project/org-setup.ts)
    for (const name of db.schema.setup.testUserPermissionSets ?? []) {
        const ps = db
            .rows('PermissionSet')
            .find((r) => r.get('isownedbyprofile') !== true && lc(String(r.get('name'))) === lc(name));
        if (ps && db.schema.setup.permissionSets.some((m) => lc(m.name) === lc(name)))
            put('PermissionSetAssignment', {
                AssigneeId: new ApexId(adminUserId),
                PermissionSetId: ps.get('id') as ApexId,
                IsActive: true
            });
    }
    for (const ps of db.schema.setup.permissionSets) {
        const psRow = db.rows('PermissionSet').find((r) => lc(String(r.get('name'))) === lc(ps.name));
        if (!psRow) continue;
        const parentId = psRow.get('id') as ApexId;
        for (const [obj, p] of ps.objectPermissions) {
            if (!(p.read || p.create || p.edit || p.delete || p.viewAll || p.modifyAll)) continue;
            put('ObjectPermissions', {
                ParentId: parentId,
                SobjectType: db.schema.getObject(obj)?.name ?? obj,
                PermissionsRead: p.read,
                PermissionsCreate: p.create,
                PermissionsEdit: p.edit,
                PermissionsDelete: p.delete,
                PermissionsViewAllRecords: p.viewAll,
                PermissionsModifyAllRecords: p.modifyAll
            });
        }
        for (const [key, p] of ps.fieldPermissions) {
            if (!p.readable) continue;
            const [obj, field] = key.split('.');
            const info = db.schema.getObject(obj);
            const fi = info?.fields.get(field);
            put('FieldPermissions', {
                ParentId: parentId,
                SobjectType: info?.name ?? obj,
                Field: `${info?.name ?? obj}.${fi?.name ?? field}`,
                PermissionsRead: true,
                PermissionsEdit: p.editable
            });
        }
    }
}

/** The profile-owned permission set of a profile, if the profile is seeded. */
function profilePermissionSet(db: Database, profileId: ApexPrimitive): ApexId | null {
    if (!(profileId instanceof ApexId)) return null;
    const ps = db
        .rows('PermissionSet')
        .find(
            (r) =>
                r.get('isownedbyprofile') === true && (r.get('profileid') as ApexId | null)?.value === profileId.value
        );
    return (ps?.get('id') as ApexId | undefined) ?? null;
}

/** Keeps the user's assignment to their profile's permission set in step with User.ProfileId (insert and update). */
export function syncProfileAssignment(db: Database, userId: string): void {
    const user = db.getRow(userId)?.row;
    const psaInfo = db.schema.getObject('PermissionSetAssignment');
    if (!user || !psaInfo) return;
    const psId = profilePermissionSet(db, user.get('profileid') ?? null);
    const uid = new ApexId(userId).value;
    const current = db.rows('PermissionSetAssignment').find((a) => {
        if ((a.get('assigneeid') as ApexId | null)?.value !== uid) return false;
        const ps = db.getRow(a.get('permissionsetid') as ApexId)?.row;
        return ps?.get('isownedbyprofile') === true;
    });
    if (current && psId && (current.get('permissionsetid') as ApexId).value === psId.value) return;
    if (current) db.deleteRow(psaInfo, (current.get('id') as ApexId).value);
    if (psId) {
        db.insertRow(
            psaInfo,
            new Map<string, ApexPrimitive>([
                ['assigneeid', new ApexId(uid)],
                ['permissionsetid', psId],
                ['isactive', true]
            ])
        );
    }
}

/** The sets of rows of `objectName` that exist in an org but that the runtime cannot list. */
export function opaqueRows(db: Database, objectName: string, ctx: { inTest?: boolean } = {}): OpaqueRows[] {
    const name = lc(objectName);
    if (name === 'asyncapexjob') return unrecordedAsyncJobs(db);
    // Sessions and logins are not modelled (AuthSession, LoginHistory: Object Reference). A test method runs in a test
    // session ('<org Id>!ApexTestSession' [Obs], see stdlib/userinfo.ts), no login session, so no session of the org
    // is a member of the running user's "current session family" (AuthSession.IsCurrent): a query filtered on
    // IsCurrent = TRUE returns no row in a test (derived, UNVERIFIED); any other query of them is Unsupported.
    if (name === 'authsession')
        return [
            ctx.inTest
                ? {
                      reason: 'AuthSession rows of the org (sessions are not modelled)',
                      row: new Map<string, ApexPrimitive>([['iscurrent', false]]),
                      known: ['iscurrent']
                  }
                : { reason: 'AuthSession rows of the org (sessions are not modelled)', row: new Map(), known: [] }
        ];
    // approval work items (Object Reference "ProcessInstanceWorkitem") are created by approval processes, whose
    // pending items are not kept as rows here: the type resolves, any query of it is Unsupported
    if (name === 'processinstanceworkitem')
        return [
            {
                reason: 'ProcessInstanceWorkitem rows (pending approval work items are not modelled as rows)',
                row: new Map(),
                known: []
            }
        ];
    if (name === 'loginhistory')
        return [{ reason: 'LoginHistory rows of the org (logins are not modelled)', row: new Map(), known: [] }];
    // the org's Apex exception email recipients (Setup → Apex Exception Email) are configuration the runtime does not
    // hold; whether a test sees them is not documented
    if (name === 'apexemailnotification')
        return [
            {
                reason: 'ApexEmailNotification rows of the org (Apex exception email recipients are not modelled)',
                row: new Map(),
                known: []
            }
        ];
    if (name === 'objectpermissions' || name === 'fieldpermissions') {
        return db
            .rows('PermissionSet')
            .filter((r) => r.get('isownedbyprofile') === true)
            .map((ps) => ({
                reason: `${objectName} of the profile-owned permission set ${String(ps.get('name'))} (profile permissions are not modelled)`,
                row: new Map<string, ApexPrimitive>([['parentid', ps.get('id') ?? null]]),
                known: ['parentid', 'parent']
            }));
    }
    if (name === 'permissionset') {
        const names = new Set(db.rows('PermissionSet').map((r) => lc(String(r.get('name')))));
        return [
            {
                reason: 'PermissionSet rows of the standard permission sets of an org (not modelled)',
                row: new Map<string, ApexPrimitive>([
                    ['isownedbyprofile', false],
                    ['profileid', null]
                ]),
                known: ['isownedbyprofile', 'profileid', 'profile'],
                // Name is unique among permission sets: a name a known row holds is no unknown row's
                excludes: (path, op, value) =>
                    path.length === 1 &&
                    lc(path[0]) === 'name' &&
                    (op === '=' || op === 'IN') &&
                    (Array.isArray(value) ? value : [value]).every((v) => typeof v === 'string' && names.has(lc(v)))
            }
        ];
    }
    if (name === 'permissionsetassignment' && db.seeded.adminUserId) {
        return [
            {
                reason: "PermissionSetAssignment rows of the org's own user beyond its profile (not modelled)",
                row: new Map<string, ApexPrimitive>([['assigneeid', new ApexId(db.seeded.adminUserId)]]),
                known: ['assigneeid', 'assignee'],
                // a user has one profile, so the unknown assignments are all to permission sets no profile owns;
                // nor can they be to a permission set the test itself inserted (it did not exist before the test)
                excludes: (path, op, value) =>
                    (path.length === 2 &&
                        lc(path[0]) === 'permissionset' &&
                        ((lc(path[1]) === 'isownedbyprofile' && op === '=' && value === true) ||
                            (lc(path[1]) === 'profileid' && op === '=' && value !== null))) ||
                    ((op === '=' || op === 'IN') &&
                        (Array.isArray(value) ? value : [value]).every((v) => isApexSetRef(db, path, v)))
            }
        ];
    }
    return [];
}

/**
 * DML the access model would not see: ObjectPermissions / FieldPermissions rows written by Apex (the access model
 * reads the project's metadata), and assignments to or from a profile-owned permission set (platform error not
 * documented).
 */
export function checkPermissionSetupDml(
    db: Database,
    info: SObjectInfo,
    op: string,
    records: SObject[],
    site?: SourcePos
): void {
    const name = lc(info.name);
    if ((name === 'objectpermissions' || name === 'fieldpermissions') && op === 'insert') {
        for (const r of records) checkPermissionRowInsert(db, name, r, site);
        return;
    }
    if (name === 'objectpermissions' || name === 'fieldpermissions' || (name === 'permissionset' && op !== 'insert')) {
        throw new ApexRuntimeUnsupported(
            `DML ${op} on ${info.name} (permissions written by Apex are not modelled)`,
            site
        );
    }
    if (name !== 'permissionsetassignment') return;
    for (const r of records) {
        const psId = op === 'insert' ? r.get('PermissionSetId') : db.getRow(r.id!)?.row.get('permissionsetid');
        const ps = psId instanceof ApexId ? db.getRow(psId)?.row : undefined;
        if (ps?.get('isownedbyprofile') === true) {
            throw new ApexRuntimeUnsupported(
                `DML ${op} of a PermissionSetAssignment to a profile-owned permission set`,
                site
            );
        }
    }
}

/** `PermissionSetId = <id>` / `PermissionSet.Name = <name>` naming a permission set the test inserted. */
function isApexSetRef(db: Database, path: string[], v: unknown): boolean {
    const p = path.map(lc).join('.');
    if (p === 'permissionsetid' && typeof v === 'string' && !/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(v)) return false;
    const ps =
        p === 'permissionsetid' && (v instanceof ApexId || typeof v === 'string')
            ? db.rows('PermissionSet').find((r) => (r.get('id') as ApexId).value === new ApexId(String(v)).value)
            : p === 'permissionset.name' && typeof v === 'string'
              ? db.rows('PermissionSet').find((r) => lc(String(r.get('name'))) === lc(v))
              : undefined;
    return !!ps && isApexPermissionSet(db, ps);
}

/** A permission set Apex inserted (not profile-owned, not one of the project's metadata permission sets). */
export function isApexPermissionSet(db: Database, ps: Row): boolean {
    if (ps.get('isownedbyprofile') === true) return false;
    const n = lc(String(ps.get('name')));
    return !db.schema.setup.permissionSets.some((m) => lc(m.name) === n);
}

/**
 * Inserting ObjectPermissions / FieldPermissions into a permission set Apex inserted is modelled: the access model
 * reads those rows (db/access.ts). The platform's dependency rules (Object Reference "ObjectPermissions": Create and
 * Edit require Read, Delete requires Read and Edit, Modify All requires Read, Edit, Delete and View All; View All is
 * taken to require Read) reject a row whose error text is not documented → unsupported, as is every row the model
 * would not read exactly: a parent that is profile-owned or from metadata, an unknown object or field, a field
 * without its own field-level security (required, master-detail), a FieldPermissions row without Read ("must have at
 * minimum PermissionsRead set to true, or it will be deleted", Object Reference "FieldPermissions").
 */
function checkPermissionRowInsert(db: Database, name: string, r: SObject, site?: SourcePos): void {
    const refuse = (why: string): never => {
        throw new ApexRuntimeUnsupported(`DML insert on ${r.info.name}: ${why}`, site);
    };
    const parentId = r.get('ParentId');
    const ps = parentId instanceof ApexId ? db.getRow(parentId)?.row : undefined;
    if (!ps || lc(db.getRow(parentId as ApexId)!.info.name) !== 'permissionset')
        return refuse('a parent other than a PermissionSet inserted by the test');
    if (!isApexPermissionSet(db, ps))
        return refuse('permissions added to a profile or to a metadata permission set are not modelled');
    const objName = r.get('SobjectType');
    const obj = typeof objName === 'string' ? db.schema.getObject(objName) : undefined;
    if (!obj) return refuse(`SobjectType ${String(objName)} is not a known object`);
    const b = (f: string) => r.get(f) === true;
    if (name === 'objectpermissions') {
        const read = b('PermissionsRead');
        const ok =
            (!b('PermissionsCreate') || read) &&
            (!b('PermissionsEdit') || read) &&
            (!b('PermissionsDelete') || (read && b('PermissionsEdit'))) &&
            (!b('PermissionsViewAllRecords') || read) &&
            (!b('PermissionsModifyAllRecords') ||
                (read && b('PermissionsEdit') && b('PermissionsDelete') && b('PermissionsViewAllRecords')));
        if (!ok) refuse('the permission dependencies are not met (the platform error is not modelled)');
        return;
    }
    const field = r.get('Field');
    const [o, f] = typeof field === 'string' ? field.split('.') : [];
    const fi = f !== undefined && lc(o) === lc(obj.name) ? obj.fields.get(lc(f)) : undefined;
    if (!fi) return refuse(`Field ${String(field)} is not a known field of ${obj.name}`);
    if (fi.required || fi.type === 'MasterDetail' || fi.name === 'Id')
        return refuse(`${obj.name}.${fi.name} has no field-level security of its own`);
    if (!b('PermissionsRead')) refuse('a row without PermissionsRead (the platform deletes it)');
}

/**
 * AsyncApexJob kinds the runtime does not record (Object Reference "AsyncApexJob", JobType: BatchApexWorker, ScheduledApex,
 * …): it keeps the Future, Queueable and BatchApex rows of the test's own jobs only. Once a batch job has been started
 * its worker rows (BatchApexWorker), and once System.schedule has run its ScheduledApex row, would be in the org's
 * answer with fields the pages do not pin down: a query that does not rule them out on JobType (or ask for given Ids,
 * which are never those rows') is Unsupported instead of an answer that silently lacks them.
 */
function unrecordedAsyncJobs(db: Database): OpaqueRows[] {
    const out: OpaqueRows[] = [];
    const byId = (path: string[], op: string) =>
        path.length === 1 && lc(path[0]) === 'id' && (op === '=' || op === 'IN');
    const kind = (jobType: string, reason: string): OpaqueRows => ({
        reason,
        row: new Map<string, ApexPrimitive>([['jobtype', jobType]]),
        known: ['jobtype'],
        excludes: byId
    });
    if (db.rows('AsyncApexJob').some((r) => r.get('jobtype') === 'BatchApex'))
        out.push(kind('BatchApexWorker', 'BatchApexWorker rows of the batch jobs (not recorded)'));
    if (db.rows('CronTrigger').length)
        out.push(kind('ScheduledApex', 'ScheduledApex rows of the scheduled jobs (not recorded)'));
    return out;
}
