/**
 * Database + SObject behaviour. Sources: Apex Developer Guide "Working with SOQL and SOSL Query Results"
 * (unqueried field message, §2 #28), Object Reference "System Fields" (audit fields), Apex Reference
 * "Database Class" setSavepoint/rollback, "SObject Class" (clone, isSet, addError).
 */
import * as path from 'path';
import { Database, SObject } from '..';
import { SchemaRegistry } from '../../schema';
import { ApexDatetime, ApexDecimal, ApexId, int } from '../../values';
import { ApexRuntimeUnsupported } from '../../errors';
import { fixtureSchema, platformError, seededDb, useRuntimeSettings } from '../../__tests__/support';

const schema = fixtureSchema();
const FIXED = Date.UTC(2026, 0, 2, 3, 4, 5);
useRuntimeSettings({ now: () => FIXED });

const errOf = platformError;

describe('SObject', () => {
    it('case-insensitive get/put with coercion and population order', () => {
        const a = new SObject(schema.getObject('Account')!);
        a.put('name', 'Acme');
        a.put('NumberOfEmployees', int(5));
        a.put('AnnualRevenue', int(10)); // Integer widened to Decimal
        expect(a.get('NAME')).toBe('Acme');
        expect(a.get('AnnualRevenue')).toBeInstanceOf(ApexDecimal);
        expect(a.populated().map(([k]) => k)).toEqual(['Name', 'NumberOfEmployees', 'AnnualRevenue']);
        expect(a.get('Phone')).toBeNull();
        expect(a.isSet('Phone')).toBe(false);
    });
    it('rejects unknown fields and wrong types', () => {
        const a = new SObject(schema.getObject('Account')!);
        expect(errOf(() => a.get('Nope__c')).message).toBe('Invalid field Nope__c for Account');
        const e = errOf(() => a.put('NumberOfEmployees', 'x'));
        expect(e.apexType).toBe('System.SObjectException');
        expect(e.message).toBe('Illegal assignment from String to Integer');
        expect(errOf(() => a.put('ParentId', 'bad')).message).toBe('Invalid id: bad');
    });
    it('SOQL rows throw on unqueried fields (§2 #28) until written', () => {
        const a = new SObject(schema.getObject('Account')!);
        a.queried = new Set(['id']);
        const e = errOf(() => a.get('Name'));
        expect(e.apexType).toBe('System.SObjectException');
        expect(e.message).toBe('SObject row was retrieved via SOQL without querying the requested field: Account.Name');
        a.put('Name', 'x');
        expect(a.get('Name')).toBe('x');
    });
    it('read-only records throw FinalException (§2 #37)', () => {
        const a = new SObject(schema.getObject('Account')!);
        a.readOnly = true;
        const e = errOf(() => a.put('Name', 'x'));
        expect([e.apexType, e.message]).toEqual(['System.FinalException', 'Record is read-only']);
    });
    it('formula field reads are unsupported (§3.7 #2)', () => {
        const r = new SObject(schema.getObject('Req__c')!);
        expect(() => r.get('Calc__c')).toThrow(ApexRuntimeUnsupported);
    });
    it('clone drops Id unless preserveId', () => {
        const a = new SObject(schema.getObject('Account')!);
        a.setRaw('Id', new ApexId('0015h0000000001'));
        a.put('Name', 'x');
        expect(a.clone().id).toBeNull();
        expect(a.clone(true).id!.value).toBe('0015h0000000001AAA');
    });
});

describe('Database', () => {
    function fresh() {
        const db = seededDb(schema);
        return db;
    }
    it('seeds org, profiles, admin user, permission data and custom metadata', () => {
        const db = fresh();
        expect(
            db
                .rows('Profile')
                .map((r) => r.get('name'))
                .slice(0, 3)
        ).toEqual(['System Administrator', 'Standard User', 'Minimum Access - Salesforce']);
        expect(db.rows('Profile').map((r) => r.get('name'))).toContain('Read Only');
        const admin = db.getRow(db.runningUserId)!;
        expect(admin.info.name).toBe('User');
        expect(admin.row.get('name')).toBe('Local Admin');
        expect(db.rows('Setting__mdt')).toHaveLength(2);
        expect(db.rows('PermissionSet')[0].get('name')).toBe('Integration');
        expect(db.rows('SetupEntityAccess')).toHaveLength(1);
    });
    it('insert assigns deterministic Ids, audit fields, owner and auto numbers', () => {
        const db = fresh();
        const acc = db.insertRow(schema.getObject('Account')!, new Map([['name', 'Acme']]));
        expect((acc.get('id') as ApexId).value).toBe('0015h0000000001AAA');
        expect((acc.get('createddate') as ApexDatetime).epochMs).toBe(FIXED);
        expect((acc.get('ownerid') as ApexId).value).toBe(db.runningUserId);
        expect(acc.get('isdeleted')).toBe(false);
        const req = db.insertRow(
            schema.getObject('Req__c')!,
            new Map<string, unknown>([['account__c', acc.get('id')]]) as never
        );
        expect(req.get('name')).toBe('REQ-0001');
        const req2 = db.insertRow(schema.getObject('Req__c')!, new Map());
        expect(req2.get('name')).toBe('REQ-0002');
    });
    it('stores numbers with the field scale (Decimal Data Type)', () => {
        const db = fresh();
        const r = db.insertRow(schema.getObject('Req__c')!, new Map([['amount__c', ApexDecimal.parse('12.5')]]));
        expect((r.get('amount__c') as ApexDecimal).toString()).toBe('12.50');
    });
    it('savepoint/rollback undoes inserts, updates and deletes', () => {
        const db = fresh();
        const info = schema.getObject('Account')!;
        const a = db.insertRow(info, new Map([['name', 'A']]));
        const id = (a.get('id') as ApexId).value;
        const sp = db.savepoint();
        db.updateRow(info, id, new Map([['name', 'B']]));
        db.insertRow(info, new Map([['name', 'C']]));
        db.deleteRow(info, id);
        expect(db.rows('Account')).toHaveLength(1);
        db.rollback(sp);
        expect(db.rows('Account').map((r) => r.get('name'))).toEqual(['A']);
    });
    it('Test.setCreatedDate support is journaled', () => {
        const db = fresh();
        const info = schema.getObject('Account')!;
        const id = db.insertRow(info, new Map([['name', 'A']])).get('id') as ApexId;
        const sp = db.savepoint();
        db.setCreatedDate(id, new ApexDatetime(0));
        expect((db.getRow(id)!.row.get('createddate') as ApexDatetime).epochMs).toBe(0);
        db.rollback(sp);
        expect((db.getRow(id)!.row.get('createddate') as ApexDatetime).epochMs).toBe(FIXED);
    });
    it('snapshot/restore isolates tests', () => {
        const db = fresh();
        const snap = db.snapshot();
        db.insertRow(schema.getObject('Account')!, new Map([['name', 'temp']]));
        db.restore(snap);
        expect(db.rows('Account')).toHaveLength(0);
        // ids continue from the snapshot's counters: deterministic per test
        const again = db.insertRow(schema.getObject('Account')!, new Map([['name', 'x']]));
        expect((again.get('id') as ApexId).value).toBe('0015h0000000001AAA');
    });
    it('custom permissions through permission set assignments', () => {
        const db = fresh();
        const ps = db.rows('PermissionSet')[0].get('id') as ApexId;
        expect(db.customPermissionsOf(db.runningUserId).size).toBe(0);
        db.insertRow(
            schema.getObject('PermissionSetAssignment')!,
            new Map([
                ['assigneeid', new ApexId(db.runningUserId)],
                ['permissionsetid', ps]
            ])
        );
        expect([...db.customPermissionsOf(db.runningUserId)]).toEqual(['integration_user']);
    });
    it('loads this repository and seeds its metadata', () => {
        const db = seededDb(SchemaRegistry.load(path.resolve(__dirname, '../../../../..')));
        expect(db.rows('D365_Sync_Setting__mdt').length).toBeGreaterThanOrEqual(1);
    });
});

describe('List<SObject>.sort() default order (Apex Developer Guide, "Sorting Lists of sObjects")', () => {
    const { compareSObjects } = jest.requireActual('..');
    const acc = (vals: Record<string, string>) => {
        const a = new SObject(schema.getObject('Account')!);
        for (const [k, v] of Object.entries(vals)) a.put(k, v);
        return a;
    };
    it('sorts by Name, then standard fields alphabetically (doc example: Industry before Site)', () => {
        const list = [
            acc({ Name: 'sForce', Industry: 'Biotechnology', Site: 'New York' }),
            acc({ Name: 'Acme' }),
            acc({ Name: 'sForce', Industry: 'Agriculture', Site: 'Chicago' })
        ];
        list.sort(compareSObjects);
        expect(list.map((a) => `${a.get('Name')}/${a.get('Industry') ?? ''}`)).toEqual([
            'Acme/',
            'sForce/Agriculture',
            'sForce/Biotechnology'
        ]);
    });
    it('orders by type label first and puts empty values first; text uses Unicode order', () => {
        const c = new SObject(schema.getObject('Contact')!);
        c.put('LastName', 'x');
        const list = [c, acc({ Name: 'b' }), acc({ Name: 'B' }), acc({})];
        list.sort(compareSObjects);
        expect(list.map((s) => `${s.type}:${s.getRaw('Name') ?? ''}`)).toEqual([
            'Account:',
            'Account:B',
            'Account:b',
            'Contact:'
        ]);
    });
});
