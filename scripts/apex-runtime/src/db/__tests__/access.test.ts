/**
 * Access model (three-valued). Sources: Apex Developer Guide "Enforce User Mode for Database Operations"
 * (USER_MODE checks all clauses incl. WHERE; SECURITY_ENFORCED only SELECT/FROM), Salesforce Help "Default
 * Organization-Wide Access Levels", permission set metadata (objectPermissions / fieldPermissions).
 * Exception texts are UNVERIFIED; undecidable cases must be ApexRuntimeUnsupported, never a pass.
 */
import { AccessModel, Database, recordEditable } from '..';
import { runQuery, QueryResult } from '../../soql';
import { ApexId } from '../../values';
import { ApexPlatformError, ApexRuntimeUnsupported } from '../../errors';
import { createUser, seedAccessUsers, fixtureSchema, insertRow, seededDb, thrown } from '../../__tests__/support';

const schema = fixtureSchema();
let db: Database;
let model: AccessModel;
const ins = (obj: string, vals: Record<string, unknown>) => insertRow(db, obj, vals);
const asUser = (userId: string, text: string, force = false): QueryResult =>
    runQuery(text, { db, countLimits: false, access: { model, userId, forceUserMode: force } });
const count = (r: QueryResult) => (r.kind === 'records' ? r.records.length : -1);
const err = thrown;

let admin: string, reader: string, plain: string, minimal: string;
beforeEach(() => {
    db = seededDb(schema);
    ({ model, admin, reader, plain, minimal } = seedAccessUsers(db));
    const acc = ins('Account', { Name: 'Acme' });
    ins('Req__c', { Account__c: acc, Status__c: 'Queued', Note__c: 'n' });
});

describe('user-mode SOQL', () => {
    it('permission-set grants make fields readable; rows under Controlled by Parent → Account (Public Read/Write) are visible', () => {
        expect(count(asUser(reader, 'SELECT Id, Status__c FROM Req__c WITH USER_MODE'))).toBe(1);
        // Master-Detail fields have no FLS; the parent's standard Name is readable for a standard profile
        expect(count(asUser(reader, 'SELECT Id, Account__c, Account__r.Name, Name FROM Req__c WITH USER_MODE'))).toBe(
            1
        );
    });
    it('a field without FLS for a standard profile is denied → QueryException with the inaccessible fields', () => {
        // user mode: reported like an unknown column ([Obs] user-mode debug logs)
        const e = err(() =>
            asUser(reader, 'SELECT Id, Status__c, Due__c FROM Req__c WITH USER_MODE')
        ) as ApexPlatformError;
        expect(e.apexType).toBe('System.QueryException');
        expect(e.message).toMatch(/^No such column 'Due__c' on entity 'Req__c'/);
        // WITH SECURITY_ENFORCED: the documented "Insufficient permissions" text
        const e2 = err(() =>
            asUser(reader, 'SELECT Id, Status__c, Due__c FROM Req__c WITH SECURITY_ENFORCED')
        ) as ApexPlatformError;
        expect(e2.message).toBe('Insufficient permissions: secure query included inaccessible field');
        expect((e.details as { inaccessibleFields: Map<string, string[]> }).inaccessibleFields.get('Req__c')).toEqual([
            'Due__c'
        ]);
        expect(err(() => asUser(plain, 'SELECT Status__c FROM Req__c WITH USER_MODE'))).toBeInstanceOf(
            ApexPlatformError
        );
    });
    it('USER_MODE checks WHERE fields, SECURITY_ENFORCED only SELECT/FROM', () => {
        expect(err(() => asUser(reader, 'SELECT Id FROM Req__c WHERE Due__c = null WITH USER_MODE'))).toBeInstanceOf(
            ApexPlatformError
        );
        expect(count(asUser(reader, 'SELECT Id FROM Req__c WHERE Due__c = null WITH SECURITY_ENFORCED'))).toBe(1);
    });
    it('no object permission → QueryException; undecidable access → unsupported (never a silent pass)', () => {
        const e = err(() => asUser(minimal, 'SELECT Id FROM Account WITH USER_MODE')) as ApexPlatformError;
        // an object the user cannot read: QueryException in user mode too (a custom metadata type: SecurityException)
        expect(e.apexType).toBe('System.QueryException');
        expect(e.message).toMatch(/^sObject type 'Account' is not supported/);
        expect(err(() => asUser(minimal, 'SELECT Id FROM Account WITH SECURITY_ENFORCED')).message).toMatch(
            /^sObject type 'Account' is not supported/
        );
        expect(err(() => asUser(admin, 'SELECT Status__c FROM Req__c WITH USER_MODE'))).toBeInstanceOf(
            ApexRuntimeUnsupported
        );
        expect(count(asUser(admin, 'SELECT Name FROM Account WITH USER_MODE'))).toBe(1);
        expect(count(asUser(plain, 'SELECT Name FROM Account WITH USER_MODE'))).toBe(1);
    });
    it('AccessLevel.USER_MODE (forceUserMode) applies without a WITH clause; WITH SYSTEM_MODE and plain queries skip checks', () => {
        expect(err(() => asUser(plain, 'SELECT Status__c FROM Req__c', true))).toBeInstanceOf(ApexPlatformError);
        expect(count(asUser(plain, 'SELECT Status__c FROM Req__c'))).toBe(1);
        expect(count(asUser(plain, 'SELECT Status__c FROM Req__c WITH SYSTEM_MODE'))).toBe(1);
    });
    it('with sharing (system mode) filters by visibility without FLS checks', () => {
        ins('Priv__c', { Name: 'mine', OwnerId: new ApexId(plain) });
        const r = runQuery('SELECT Name FROM Priv__c', {
            db,
            countLimits: false,
            access: { model, userId: plain, withSharing: true }
        });
        expect(count(r)).toBe(1);
        ins('Priv__c', { Name: 'other', OwnerId: new ApexId(admin) });
        expect(
            err(() =>
                runQuery('SELECT Name FROM Priv__c', {
                    db,
                    countLimits: false,
                    access: { model, userId: plain, withSharing: true }
                })
            )
        ).toBeInstanceOf(ApexRuntimeUnsupported);
        expect(
            count(
                runQuery('SELECT Name FROM Priv__c', {
                    db,
                    countLimits: false,
                    access: { model, userId: admin, withSharing: true }
                })
            )
        ).toBe(2);
    });
    it('Private objects: owners see their rows, View All Data sees all, other owners are undecidable', () => {
        ins('Priv__c', { Name: 'mine', OwnerId: new ApexId(reader) });
        expect(count(asUser(reader, 'SELECT Id FROM Priv__c WITH USER_MODE'))).toBe(1);
        ins('Priv__c', { Name: 'admins', OwnerId: new ApexId(admin) });
        expect(err(() => asUser(reader, 'SELECT Id FROM Priv__c WITH USER_MODE'))).toBeInstanceOf(
            ApexRuntimeUnsupported
        );
        expect(model.recordVisible(admin, schema.getObject('Priv__c')!, db.rows('Priv__c')[0]).result).toBe('allow');
    });
});

describe('edit sharing', () => {
    it('Public Read/Write edits, Controlled by Parent follows the master, Private needs ownership', () => {
        const accRow = db.rows('Account')[0];
        expect(recordEditable(model, db, plain, schema.getObject('Account')!, accRow).result).toBe('allow');
        expect(recordEditable(model, db, plain, schema.getObject('Req__c')!, db.rows('Req__c')[0]).result).toBe(
            'allow'
        );
        ins('Priv__c', { Name: 'p', OwnerId: new ApexId(admin) });
        const priv = db.rows('Priv__c')[0];
        expect(recordEditable(model, db, plain, schema.getObject('Priv__c')!, priv).result).toBe('unknown');
        expect(recordEditable(model, db, admin, schema.getObject('Priv__c')!, priv).result).toBe('allow');
    });
});

describe('object / field answers', () => {
    it('standard user profile: CRUD on core standard objects, no access to custom objects without a grant', () => {
        expect(model.objectAccess(plain, schema.getObject('Account')!, 'edit').result).toBe('allow');
        expect(model.objectAccess(plain, schema.getObject('Req__c')!, 'read').result).toBe('deny');
        expect(model.objectAccess(plain, schema.getObject('Product2')!, 'read').result).toBe('unknown');
        expect(model.objectAccess(reader, schema.getObject('Req__c')!, 'read').result).toBe('allow');
        expect(model.objectAccess(reader, schema.getObject('Req__c')!, 'edit').result).toBe('deny');
        expect(model.objectAccess(admin, schema.getObject('Req__c')!, 'delete').result).toBe('allow');
        expect(
            model.fieldAccess(reader, schema.getObject('Req__c')!, schema.getField('Req__c', 'Status__c')!, 'edit')
                .result
        ).toBe('deny');
    });
});

describe('compound address fields and required standard fields (rules found by the REST emulator)', () => {
    // own schema: the extra permission sets must not change the row counts the other tests see
    const s2 = fixtureSchema();
    const perm = (read: boolean, create: boolean, edit: boolean) => ({
        read,
        create,
        edit,
        delete: false,
        viewAll: false,
        modifyAll: false
    });
    s2.setup.permissionSets.push(
        {
            name: 'Address_Writer',
            label: 'Address Writer',
            customPermissions: [],
            objectPermissions: new Map([['account', perm(true, true, true)]]),
            fieldPermissions: new Map([['account.billingaddress', { readable: true, editable: true }]]),
            userPermissions: new Set<string>()
        } as never,
        {
            name: 'Street_Reader',
            label: 'Street Reader',
            customPermissions: [],
            objectPermissions: new Map([['account', perm(true, false, false)]]),
            fieldPermissions: new Map([['account.shippingstreet', { readable: true, editable: false }]]),
            userPermissions: new Set<string>()
        } as never
    );
    let d2: Database;
    let m2: AccessModel;
    const mk = (alias: string, permSet: string) => createUser(d2, alias, 'Minimum Access - Salesforce', permSet);
    beforeEach(() => {
        d2 = seededDb(s2);
        m2 = new AccessModel(d2);
    });
    const acct = () => s2.getObject('Account')!;
    const fa = (u: string, f: string, op: 'read' | 'edit') => m2.fieldAccess(u, acct(), s2.getField('Account', f)!, op);

    it('Minimum Access: objects are denied without a grant, but Task, Event and User are not decided', () => {
        const u = mk('minimal', 'Address_Writer');
        expect(m2.objectAccess(u, s2.getObject('Contact')!, 'read').result).toBe('deny');
        for (const o of ['Task', 'Event', 'User'])
            expect(m2.objectAccess(u, s2.getObject(o)!, 'read').result).toBe('unknown');
    });

    it('a grant on the compound BillingAddress covers its components, and a component grant covers the group', () => {
        const w = mk('addrw', 'Address_Writer');
        for (const f of ['BillingStreet', 'BillingCity', 'BillingPostalCode', 'BillingState', 'BillingCountry']) {
            expect(fa(w, f, 'edit').result).toBe('allow');
            expect(fa(w, f, 'read').result).toBe('allow');
        }
        // the Shipping address is a different compound: not granted (Minimum Access profile → deny)
        expect(fa(w, 'ShippingCity', 'read').result).toBe('deny');
        const r = mk('streetr', 'Street_Reader');
        expect(fa(r, 'ShippingCity', 'read').result).toBe('allow');
        expect(fa(r, 'ShippingCity', 'edit').result).toBe('deny');
        expect(fa(r, 'BillingCity', 'read').result).toBe('deny');
    });

    it('a required standard field (Account.Name) follows the object permission; other standard fields keep FLS', () => {
        const w = mk('addrw', 'Address_Writer');
        expect(fa(w, 'Name', 'read').result).toBe('allow');
        expect(fa(w, 'Name', 'edit').result).toBe('allow');
        expect(fa(w, 'Phone', 'read').result).toBe('deny');
        const r = mk('streetr', 'Street_Reader');
        expect(fa(r, 'Name', 'read').result).toBe('allow');
        expect(fa(r, 'Name', 'edit').result).toBe('deny');
        // no object permission at all → Name is denied too
        const plainMin = mk('minonly', 'Street_Reader');
        expect(
            m2.fieldAccess(plainMin, s2.getObject('Contact')!, s2.getField('Contact', 'LastName')!, 'read').result
        ).toBe('deny');
    });
});
