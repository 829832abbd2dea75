/**
 * User-mode DML through the access model. Sources: Apex Developer Guide "Set an Access Mode for Database
 * Operations" (object permissions, FLS and sharing apply in user mode); [Obs] platform texts quoted in public
 * repositories: "System.DmlException: Operation failed due to fields being inaccessible on Sobject Case, check errors
 * on Exception or Result!" and "Access to entity '<X>' denied" (SecurityException for object CRUD, unverified here).
 */
import { executeDml, DmlExceptionDetails } from '..';
import { AccessModel, Database, SObject } from '../../db';
import { ApexPlatformError, ApexRuntimeUnsupported } from '../../errors';
import { seedAccessUsers, fixtureSchema, insertRow, newRecord, seededDb, thrown } from '../../__tests__/support';

const schema = fixtureSchema();
let db: Database;
let model: AccessModel;
let admin: string, reader: string, plain: string, minimal: string;

const ins = (obj: string, vals: Record<string, unknown>) => insertRow(db, obj, vals);
const rec = (obj: string, vals: Record<string, unknown>): SObject => newRecord(schema, obj, vals);
const asUser = (userId: string, op: 'insert' | 'update' | 'delete' | 'upsert', recs: SObject[], allOrNone = true) =>
    executeDml({ db }, op, recs, { allOrNone, userMode: { model, userId } });
const err = thrown;
const accounts = () => db.rows('Account').length;

beforeEach(() => {
    db = seededDb(schema);
    ({ model, admin, reader, plain, minimal } = seedAccessUsers(db));
});

test('allowed: Standard User inserts and updates an Account with standard fields', () => {
    const a = rec('Account', { Name: 'Acme', Phone: '1' });
    asUser(plain, 'insert', [a]);
    expect(a.id).not.toBeNull();
    a.put('Name', 'Acme 2');
    asUser(plain, 'update', [a]);
    expect(db.getRow(a.id!)!.row.get('name')).toBe('Acme 2');
});

test('object permission denied → SecurityException, nothing written', () => {
    const before = accounts();
    const e = err(() => asUser(minimal, 'insert', [rec('Account', { Name: 'X' })])) as ApexPlatformError;
    expect(e).toBeInstanceOf(ApexPlatformError);
    expect(e.apexType).toBe('System.SecurityException');
    expect(e.message).toBe("Access to entity 'Account' denied");
    expect(accounts()).toBe(before);
    // read-only permission set: no create on Req__c
    const e2 = err(() => asUser(reader, 'insert', [rec('Req__c', { Note__c: 'n' })])) as ApexPlatformError;
    expect(e2.apexType).toBe('System.SecurityException');
});

test('FLS denied on a populated custom field → DmlException naming the fields', () => {
    const e = err(() =>
        asUser(plain, 'insert', [rec('Account', { Name: 'X', Approval__c: 'Draft' })])
    ) as ApexPlatformError;
    expect(e.apexType).toBe('System.DmlException');
    expect(e.message).toBe(
        'Operation failed due to fields being inaccessible on Sobject Account, check errors on Exception or Result!'
    );
    const d = e.details as DmlExceptionDetails;
    expect(d.failures[0].error.fields).toEqual(['Approval__c']);
    expect(accounts()).toBe(0);
});

test('system mode (no userMode) ignores the same restrictions', () => {
    executeDml({ db }, 'insert', [rec('Account', { Name: 'X', Approval__c: 'Draft' })]);
    expect(accounts()).toBe(1);
});

test('undecidable → ApexRuntimeUnsupported, never allow', () => {
    // admin + custom field without a permission-set grant: FLS unknown
    expect(err(() => asUser(admin, 'insert', [rec('Account', { Name: 'X', Approval__c: 'Draft' })]))).toBeInstanceOf(
        ApexRuntimeUnsupported
    );
    // Standard User on an object outside the modelled profile table
    expect(err(() => asUser(plain, 'insert', [rec('Product2', { Name: 'P' })]))).toBeInstanceOf(ApexRuntimeUnsupported);
    // partial success with a denial: result shape not documented
    expect(err(() => asUser(minimal, 'insert', [rec('Account', { Name: 'X' })], false))).toBeInstanceOf(
        ApexRuntimeUnsupported
    );
    expect(accounts()).toBe(0);
});

test('delete in user mode checks delete permission and record edit access', () => {
    const a = rec('Account', { Name: 'A' });
    executeDml({ db }, 'insert', [a]);
    const e = err(() => asUser(minimal, 'delete', [a])) as ApexPlatformError;
    expect(e.apexType).toBe('System.SecurityException');
    // Account OWD Public Read/Write: another Standard User may delete
    asUser(plain, 'delete', [a]);
    expect(db.getRow(a.id!, true)!.row.get('isdeleted')).toBe(true);
});
