/**
 * DML behaviour. Sources (see dml.ts header): DmlException text (§2 #38, #39 [Obs]; KB 000002839),
 * "Bulk DML Exception Handling" retry rule (§2 #41), "Triggers and Order of Execution" (§2 #35),
 * after-trigger read-only ([Obs] §2 #37), docs/data-model.md "Runtime notes for metadata".
 */
import { executeDml, TriggerEvent, TriggerExecutionError, DmlExceptionDetails } from '..';
import { Database, SObject } from '../../db';
import { runQuery } from '../../soql';
import { ApexBlob, ApexDate, ApexDecimal, ApexId, ApexInteger } from '../../values';
import { ApexRuntimeUnsupported } from '../../errors';
import { currentLimits } from '../../limits/limits';
import { fixtureSchema, newRecord, platformError, seededDb, useRuntimeSettings } from '../../__tests__/support';

const schema = fixtureSchema();
const schemaWithAutomation = fixtureSchema({ automation: true });
let db: Database;
let events: TriggerEvent[];
let handler: ((ev: TriggerEvent) => void) | undefined;
const env = () => ({
    db,
    fireTriggers: (ev: TriggerEvent) => {
        events.push({ ...ev, newList: ev.newList && [...ev.newList], oldList: ev.oldList && [...ev.oldList] });
        handler?.(ev);
    }
});

const rec = (obj: string, vals: Record<string, unknown>): SObject => newRecord(db?.schema ?? schema, obj, vals);
const dmlErr = platformError;
const count = (text: string) => {
    const r = runQuery(text, { db, countLimits: false });
    return r.kind === 'count' ? r.count : -1;
};

useRuntimeSettings({ now: () => Date.UTC(2026, 0, 1) });
beforeEach(() => {
    db = seededDb(schema);
    events = [];
    handler = undefined;
});

describe('insert', () => {
    it('assigns the Id to the caller record only; defaults and auto numbers are stored (§2 #34)', () => {
        const a = rec('Account', { Name: 'Acme' });
        executeDml(env(), 'insert', [a]);
        expect(a.id!.value).toBe('0015h0000000001AAA');
        const r = rec('Req__c', { Account__c: a.id, Note__c: 'n' });
        executeDml(env(), 'insert', [r]);
        expect(r.isSet('Status__c')).toBe(false); // defaults are not copied back
        const row = db.getRow(r.id!)!.row;
        expect(row.get('status__c')).toBe('Queued'); // picklist default
        expect((row.get('attempts__c') as ApexDecimal).toString()).toBe('0'); // defaultValue 0
        expect(row.get('flag__c')).toBe(true);
        expect(row.get('name')).toBe('REQ-0001');
    });
    it('REQUIRED_FIELD_MISSING with the documented DmlException text', () => {
        const e = dmlErr(() => executeDml(env(), 'insert', [rec('Account', {})]));
        expect(e.apexType).toBe('System.DmlException');
        expect(e.message).toBe(
            'Insert failed. First exception on row 0; first error: REQUIRED_FIELD_MISSING, Required fields are missing: [Name]: [Name]'
        );
        expect((e.details as DmlExceptionDetails).failures[0].error.statusCode).toBe('REQUIRED_FIELD_MISSING');
        expect(db.rows('Account')).toHaveLength(0);
    });
    it('Master-Detail parent is required; bad lookups are rejected', () => {
        expect(dmlErr(() => executeDml(env(), 'insert', [rec('Req__c', { Note__c: 'x' })])).message).toMatch(
            /REQUIRED_FIELD_MISSING, Required fields are missing: \[Account__c\]: \[Account__c\]$/
        );
        const c = rec('Contact', { LastName: 'x' });
        executeDml(env(), 'insert', [c]);
        expect(
            dmlErr(() => executeDml(env(), 'insert', [rec('Req__c', { Note__c: 'x', Account__c: c.id })])).message
        ).toMatch(
            /FIELD_INTEGRITY_EXCEPTION, field integrity exception: unknown \(Account__c: id value of incorrect type: 003/
        );
        expect(
            dmlErr(() => executeDml(env(), 'insert', [rec('Contact', { LastName: 'y', AccountId: '0015h0000000999' })]))
                .message
        ).toBe(
            'Insert failed. First exception on row 0; first error: INVALID_CROSS_REFERENCE_KEY, invalid cross reference id: []'
        );
    });
    it('STRING_TOO_LONG, restricted picklist, cannot specify Id', () => {
        const a = rec('Account', { Name: 'A' });
        executeDml(env(), 'insert', [a]);
        expect(
            dmlErr(() => executeDml(env(), 'insert', [rec('Req__c', { Account__c: a.id, Note__c: '12345678901' })]))
                .message
        ).toMatch(/STRING_TOO_LONG, Note__c: data value too large: 12345678901 \(max length=10\): \[Note__c\]$/);
        expect(
            dmlErr(() =>
                executeDml(env(), 'insert', [rec('Req__c', { Account__c: a.id, Note__c: 'x', Status__c: 'Nope' })])
            ).message
        ).toMatch(
            /INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST, Status__c: bad value for restricted picklist field: Nope: \[Status__c\]$/
        );
        expect(dmlErr(() => executeDml(env(), 'insert', [a])).message).toBe(
            `Insert failed. First exception on row 0 with id ${a.id!.value}; first error: INVALID_FIELD_FOR_INSERT_UPDATE, cannot specify Id in an insert call: [Id]`
        );
    });
    it('DUPLICATE_VALUE respects caseSensitive', () => {
        executeDml(env(), 'insert', [rec('Account', { Name: 'A', Ext_Key__c: 'K1' })]);
        const e = dmlErr(() => executeDml(env(), 'insert', [rec('Account', { Name: 'B', Ext_Key__c: 'k1' })]));
        expect(e.message).toMatch(
            /DUPLICATE_VALUE, duplicate value found: Ext_Key__c duplicates value on record with id: 001\w+: \[\]$/
        );
        const acc = rec('Account', { Name: 'P' });
        executeDml(env(), 'insert', [acc]);
        executeDml(env(), 'insert', [rec('Req__c', { Account__c: acc.id, Note__c: 'x', Open_Key__c: 'abc' })]);
        // case-sensitive unique: 'ABC' is a different value
        executeDml(env(), 'insert', [rec('Req__c', { Account__c: acc.id, Note__c: 'x', Open_Key__c: 'ABC' })]);
        expect(() =>
            executeDml(env(), 'insert', [rec('Req__c', { Account__c: acc.id, Note__c: 'x', Open_Key__c: 'abc' })])
        ).toThrow(/DUPLICATE_VALUE/);
    });
    it('detects duplicates inside one list and in bulk (2000 rows, one statement)', () => {
        const list = Array.from({ length: 2000 }, (_, i) => rec('Account', { Name: `A${i}`, Ext_Key__c: `K${i}` }));
        executeDml(env(), 'insert', list);
        expect(count('SELECT COUNT() FROM Account')).toBe(2000);
        const res = executeDml(
            env(),
            'insert',
            [rec('Account', { Name: 'x', Ext_Key__c: 'N1' }), rec('Account', { Name: 'y', Ext_Key__c: 'n1' })],
            {
                allOrNone: false
            }
        );
        expect(res.map((r) => r.success)).toEqual([true, false]);
        // the message comes from the first attempt, whose Id was rolled back before the retry (§2 #41)
        expect(res[1].errors[0].message).toMatch(
            /^duplicate value found: Ext_Key__c duplicates value on record with id: 001\w{15}$/
        );
        // an update that keeps its own value is not a duplicate; changing to a taken value is
        const first = list[0];
        first.put('Name', 'renamed');
        executeDml(env(), 'update', [first]);
        first.put('Ext_Key__c', 'k1');
        expect(() => executeDml(env(), 'update', [first])).toThrow(/DUPLICATE_VALUE/);
    });
    it('counts DML statements and rows', () => {
        const before = { ...currentLimits().used };
        executeDml(env(), 'insert', [rec('Account', { Name: 'A' }), rec('Account', { Name: 'B' })]);
        expect(currentLimits().used.dmlStatements - before.dmlStatements).toBe(1);
        expect(currentLimits().used.dmlRows - before.dmlRows).toBe(2);
    });
});

describe('update / delete / undelete', () => {
    it('MISSING_ARGUMENT without Id; ListException for duplicate ids; message with id', () => {
        expect(dmlErr(() => executeDml(env(), 'update', [rec('Account', { Name: 'x' })])).message).toBe(
            'Update failed. First exception on row 0; first error: MISSING_ARGUMENT, Id not specified in an update call: []'
        );
        const a = rec('Account', { Name: 'A' });
        executeDml(env(), 'insert', [a]);
        const e = dmlErr(() => executeDml(env(), 'update', [a, a]));
        expect([e.apexType, e.message]).toEqual(['System.ListException', `Duplicate id in list: ${a.id!.value}`]);
        a.put('Name', null);
        expect(dmlErr(() => executeDml(env(), 'update', [a])).message).toBe(
            `Update failed. First exception on row 0 with id ${a.id!.value}; first error: REQUIRED_FIELD_MISSING, Required fields are missing: [Name]: [Name]`
        );
    });
    it('update merges changed fields and fires triggers with Trigger.old', () => {
        const a = rec('Account', { Name: 'A', Industry: 'Energy' });
        executeDml(env(), 'insert', [a]);
        const partial = new SObject(schema.getObject('Account')!);
        partial.setRaw('Id', a.id);
        partial.put('Name', 'B');
        events = [];
        executeDml(env(), 'update', [partial]);
        expect(events.map((e) => `${e.timing}-${e.op}`)).toEqual(['before-update', 'after-update']);
        expect(events[0].oldList![0].get('Name')).toBe('A');
        expect(events[0].newList![0].get('Industry')).toBe('Energy');
        expect(db.getRow(a.id!)!.row.get('name')).toBe('B');
    });
    it('delete cascades to Master-Detail children without firing their triggers; undelete restores', () => {
        const a = rec('Account', { Name: 'A' });
        executeDml(env(), 'insert', [a]);
        const r = rec('Req__c', { Account__c: a.id, Note__c: 'x' });
        executeDml(env(), 'insert', [r]);
        events = [];
        executeDml(env(), 'delete', [a]);
        expect(events.map((e) => `${e.sobjectType}:${e.timing}-${e.op}`)).toEqual([
            'Account:before-delete',
            'Account:after-delete'
        ]);
        expect(count('SELECT COUNT() FROM Req__c')).toBe(0);
        expect(dmlErr(() => executeDml(env(), 'delete', [a])).message).toMatch(
            /ENTITY_IS_DELETED, entity is deleted: \[\]$/
        );
        executeDml(env(), 'undelete', [a]);
        expect(count('SELECT COUNT() FROM Account')).toBe(1);
        expect(count('SELECT COUNT() FROM Req__c')).toBe(1); // cascade-deleted detail restored with its master
        expect(events.slice(-1)[0].timing + '-' + events.slice(-1)[0].op).toBe('after-undelete');
        expect(dmlErr(() => executeDml(env(), 'undelete', [a])).message).toMatch(/UNDELETE_FAILED/);
    });
});

describe('trigger pipeline (§3.4)', () => {
    it('before-trigger edits persist; after-trigger records are read-only', () => {
        handler = (ev) => {
            if (ev.timing === 'before') ev.newList!.forEach((s) => s.put('Industry', 'Energy'));
            else expect(() => ev.newList![0].put('Name', 'x')).toThrow('Record is read-only');
        };
        const a = rec('Account', { Name: 'A' });
        executeDml(env(), 'insert', [a]);
        expect(db.getRow(a.id!)!.row.get('industry')).toBe('Energy');
        expect(events[1].newList![0].id!.value).toBe(a.id!.value); // after insert sees the Id
    });
    it('addError fails the row with FIELD_CUSTOM_VALIDATION_EXCEPTION (§2 #39)', () => {
        handler = (ev) => {
            if (ev.timing === 'before') {
                ev.newList![0].addError('Bad record');
                ev.newList![1].addError('Bad name', 'Name');
            }
        };
        const e = dmlErr(() =>
            executeDml(env(), 'insert', [rec('Account', { Name: 'A' }), rec('Account', { Name: 'B' })])
        );
        expect(e.message).toBe(
            'Insert failed. First exception on row 0; first error: FIELD_CUSTOM_VALIDATION_EXCEPTION, Bad record: []'
        );
        expect((e.details as DmlExceptionDetails).failures[1].error).toEqual({
            statusCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            message: 'Bad name',
            fields: ['Name']
        });
    });
    it('uncaught trigger exception → CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY (§2 #38)', () => {
        handler = (ev) => {
            if (ev.timing === 'after')
                throw new TriggerExecutionError(
                    'AccountTrigger',
                    'System.NullPointerException',
                    'Attempt to de-reference a null object'
                );
        };
        const e = dmlErr(() => executeDml(env(), 'insert', [rec('Account', { Name: 'A' })]));
        expect(e.message).toBe(
            'Insert failed. First exception on row 0; first error: CANNOT_INSERT_UPDATE_ACTIVATE_ENTITY, AccountTrigger: execution of AfterInsert\n\ncaused by: System.NullPointerException: Attempt to de-reference a null object: []'
        );
        expect(db.rows('Account')).toHaveLength(0); // rolled back
    });
    it('fires per chunk of 200 records', () => {
        const list = Array.from({ length: 450 }, (_, i) => rec('Account', { Name: `A${i}` }));
        executeDml(env(), 'insert', list);
        expect(events.filter((e) => e.timing === 'before').map((e) => e.newList!.length)).toEqual([200, 200, 50]);
        expect(count('SELECT COUNT() FROM Account')).toBe(450);
    });
    it('allOrNone=false returns per-row results and retries the good rows (§2 #41)', () => {
        handler = (ev) => {
            if (ev.timing === 'before') ev.newList!.forEach((s) => s.get('Name') === 'bad' && s.addError('no'));
        };
        const list = [rec('Account', { Name: 'good' }), rec('Account', { Name: 'bad' })];
        const res = executeDml(env(), 'insert', list, { allOrNone: false });
        expect(res.map((r) => r.success)).toEqual([true, false]);
        expect(res[1].errors[0].message).toBe('no');
        expect(list[0].id).not.toBeNull();
        expect(list[1].id).toBeNull();
        expect(events.filter((e) => e.timing === 'before').map((e) => e.newList!.length)).toEqual([2, 1]);
        expect(count('SELECT COUNT() FROM Account')).toBe(1);
    });
});

describe('upsert', () => {
    it('by external id: inserts then updates, created flags, Id set on the record', () => {
        const r1 = executeDml(env(), 'upsert', [rec('Account', { Name: 'A', Ext_Key__c: 'X1' })], {
            externalIdField: 'Ext_Key__c'
        });
        expect(r1[0].created).toBe(true);
        const again = rec('Account', { Name: 'A2', Ext_Key__c: 'x1' }); // case-insensitive field
        const r2 = executeDml(env(), 'upsert', [again], { externalIdField: 'ext_key__c' });
        expect(r2[0].created).toBe(false);
        expect(again.id!.value).toBe(r1[0].id!.value);
        expect(db.getRow(again.id!)!.row.get('name')).toBe('A2');
    });
    it('by Id: records with Id update, others insert; non-external field is rejected', () => {
        const a = rec('Account', { Name: 'A' });
        executeDml(env(), 'insert', [a]);
        a.put('Name', 'A+');
        const res = executeDml(env(), 'upsert', [a, rec('Account', { Name: 'B' })]);
        expect(res.map((r) => r.created)).toEqual([false, true]);
        expect(
            dmlErr(() => executeDml(env(), 'upsert', [rec('Account', { Name: 'C' })], { externalIdField: 'Name' }))
                .apexType
        ).toBe('System.SObjectException');
    });
});

describe('metadata-driven rules', () => {
    it('declarative automation on the object is unsupported; approval field updates are not automation', () => {
        const adb = seededDb(schemaWithAutomation);
        const c = new SObject(schemaWithAutomation.getObject('Contact')!);
        c.put('LastName', 'x');
        expect(() => executeDml({ db: adb }, 'insert', [c])).toThrow(ApexRuntimeUnsupported);
        const notes: string[] = [];
        executeDml({ db: adb, automationMode: 'warn', onFidelityNote: (n) => notes.push(n) }, 'insert', [c]);
        expect(notes[0]).toMatch(/ValidationRule Need_Email/);
        // Account carries only approval-process field updates → plain DML works
        const a = new SObject(schemaWithAutomation.getObject('Account')!);
        a.put('Name', 'ok');
        executeDml({ db: adb }, 'insert', [a]);
        expect(a.id).toBeInstanceOf(ApexId);
    });
    it('DML on non-createable objects throws TypeException', () => {
        const job = new SObject(schema.getObject('AsyncApexJob')!);
        expect(dmlErr(() => executeDml(env(), 'insert', [job])).message).toBe(
            'DML operation INSERT not allowed on AsyncApexJob'
        );
    });
});

describe('mixed DML (Apex Developer Guide, "sObjects That Cannot Be Used Together in DML Operations")', () => {
    const psa = () => {
        // a project permission set (assignments to a profile-owned one are refused as unsupported)
        const ps = db
            .rows('PermissionSet')
            .find((r) => r.get('isownedbyprofile') === false)!
            .get('id');
        return rec('PermissionSetAssignment', { AssigneeId: new ApexId(db.runningUserId), PermissionSetId: ps });
    };
    it('can be switched off', () => {
        db.enforceMixedDml = false;
        executeDml(env(), 'insert', [rec('Account', { Name: 'A' })]);
        executeDml(env(), 'insert', [psa()]);
        // plus the admin's assignment to its profile's permission set (seeded)
        expect(db.rows('PermissionSetAssignment')).toHaveLength(2);
    });
    it('setup DML after non-setup DML fails with MIXED_DML_OPERATION', () => {
        executeDml(env(), 'insert', [rec('Account', { Name: 'A' })]);
        expect(dmlErr(() => executeDml(env(), 'insert', [psa()])).message).toBe(
            'Insert failed. First exception on row 0; first error: MIXED_DML_OPERATION, DML operation on setup object is not permitted after you have updated a non-setup object (or vice versa): PermissionSetAssignment, original object: Account: []'
        );
    });
    it('System.runAs gives a separate scope; inserting a User without a role is allowed', () => {
        executeDml(env(), 'insert', [rec('Account', { Name: 'A' })]);
        const saved = db.enterRunAsScope();
        executeDml(env(), 'insert', [psa()]);
        db.exitRunAsScope(saved);
        const u = rec('User', {
            Username: 'u1@example.com.invalid',
            LastName: 'U',
            Email: 'u1@example.com',
            Alias: 'u1',
            TimeZoneSidKey: 'GMT',
            LocaleSidKey: 'en_US',
            EmailEncodingKey: 'UTF-8',
            LanguageLocaleKey: 'en_US',
            ProfileId: new ApexId(db.seeded.profiles['Standard User'])
        });
        executeDml(env(), 'insert', [u]);
        expect(db.getRow(u.id!)!.row.get('name')).toBe('U');
        // a role-less User insert is neutral: it mixes with both setup and non-setup DML
        const saved2 = db.enterRunAsScope();
        executeDml(env(), 'insert', [psa()]);
        const u2 = u.clone(false);
        u2.put('Username', 'u2@example.com.invalid');
        executeDml(env(), 'insert', [u2]);
        db.exitRunAsScope(saved2);
        db.beginTransaction(); // new transaction: no restriction
        executeDml(env(), 'insert', [psa()]);
    });
});

describe('more DML paths', () => {
    it('mixed-type lists are processed per type and results keep the caller order', () => {
        const list = [
            rec('Contact', { LastName: 'c1' }),
            rec('Account', { Name: 'a1' }),
            rec('Contact', { LastName: 'c2' })
        ];
        const res = executeDml(env(), 'insert', list);
        expect(res.map((r) => r.id!.keyPrefix)).toEqual(['003', '001', '003']);
        expect(events.filter((e) => e.timing === 'before').map((e) => `${e.sobjectType}:${e.newList!.length}`)).toEqual(
            ['Contact:2', 'Account:1']
        );
    });
    it('allOrNone=false delete reports ENTITY_IS_DELETED per row and deletes the others', () => {
        const a = rec('Account', { Name: 'a' });
        const b = rec('Account', { Name: 'b' });
        executeDml(env(), 'insert', [a, b]);
        executeDml(env(), 'delete', [a]);
        const res = executeDml(env(), 'delete', [a, b], { allOrNone: false });
        expect(res.map((r) => [r.success, r.errors[0]?.statusCode])).toEqual([
            [false, 'ENTITY_IS_DELETED'],
            [true, undefined]
        ]);
        expect(count('SELECT COUNT() FROM Account')).toBe(0);
        expect(count('SELECT COUNT() FROM Account ALL ROWS')).toBe(2);
    });
    it('a failing statement rolls back the DML its triggers did', () => {
        handler = (ev) => {
            if (ev.sobjectType === 'Account' && ev.timing === 'after') {
                executeDml(env(), 'insert', [rec('Contact', { LastName: 'from trigger' })]);
                ev.newList![0].addError('stop');
            }
        };
        expect(() => executeDml(env(), 'insert', [rec('Account', { Name: 'A' })])).toThrow(
            /FIELD_CUSTOM_VALIDATION_EXCEPTION, stop/
        );
        expect(count('SELECT COUNT() FROM Contact')).toBe(0);
        expect(count('SELECT COUNT() FROM Account')).toBe(0);
    });
    it('a lookup to a deleted record is ENTITY_IS_DELETED; Account delete cascades Contacts', () => {
        const a = rec('Account', { Name: 'A' });
        executeDml(env(), 'insert', [a]);
        const c = rec('Contact', { LastName: 'x', AccountId: a.id });
        executeDml(env(), 'insert', [c]);
        executeDml(env(), 'delete', [a]);
        expect(count('SELECT COUNT() FROM Contact')).toBe(0);
        expect(
            dmlErr(() => executeDml(env(), 'insert', [rec('Contact', { LastName: 'y', AccountId: a.id })])).message
        ).toMatch(/ENTITY_IS_DELETED, entity is deleted: \[\]$/);
    });
    it('update in an after trigger of the same object recurses with its own events', () => {
        let depth = 0;
        handler = (ev) => {
            if (ev.timing === 'after' && ev.op === 'insert') {
                depth++;
                const upd = new SObject(schema.getObject('Account')!);
                upd.setRaw('Id', ev.newList![0].id);
                upd.put('Industry', 'Energy');
                executeDml(env(), 'update', [upd]);
            }
        };
        const a = rec('Account', { Name: 'A' });
        executeDml(env(), 'insert', [a]);
        expect(depth).toBe(1);
        expect(events.map((e) => `${e.timing}-${e.op}`)).toEqual([
            'before-insert',
            'after-insert',
            'before-update',
            'after-update'
        ]);
        expect(db.getRow(a.id!)!.row.get('industry')).toBe('Energy');
    });
});

describe('products and price books (test data isolation)', () => {
    it('the standard price book is usable by Id but invisible to SOQL; custom entries need a standard price', () => {
        const std = new ApexId(db.seeded.standardPricebookId);
        expect(count('SELECT COUNT() FROM Pricebook2')).toBe(0);
        const p = rec('Product2', { Name: 'Widget', IsActive: true });
        executeDml(env(), 'insert', [p]);
        const custom = rec('Pricebook2', { Name: 'Partner', IsActive: true });
        executeDml(env(), 'insert', [custom]);
        expect(
            dmlErr(() =>
                executeDml(env(), 'insert', [
                    rec('PricebookEntry', {
                        Pricebook2Id: custom.id,
                        Product2Id: p.id,
                        UnitPrice: ApexDecimal.parse('9')
                    })
                ])
            ).message
        ).toMatch(/FIELD_INTEGRITY_EXCEPTION, No standard price defined for this product: \[\]$/);
        executeDml(env(), 'insert', [
            rec('PricebookEntry', {
                Pricebook2Id: std,
                Product2Id: p.id,
                UnitPrice: ApexDecimal.parse('10'),
                IsActive: true
            })
        ]);
        executeDml(env(), 'insert', [
            rec('PricebookEntry', { Pricebook2Id: custom.id, Product2Id: p.id, UnitPrice: ApexDecimal.parse('9') })
        ]);
        expect(count('SELECT COUNT() FROM PricebookEntry')).toBe(2);
        expect(count('SELECT COUNT() FROM Pricebook2')).toBe(1);
    });
    it('OpportunityLineItem TotalPrice = UnitPrice x Quantity; Attachment.BodyLength', () => {
        const a = rec('Account', { Name: 'A' });
        executeDml(env(), 'insert', [a]);
        const o = rec('Opportunity', {
            Name: 'O',
            StageName: 'Prospecting',
            CloseDate: ApexDate.newInstance(2026, 1, 1),
            AccountId: a.id
        });
        executeDml(env(), 'insert', [o]);
        const li = rec('OpportunityLineItem', {
            OpportunityId: o.id,
            Quantity: ApexDecimal.parse('3'),
            UnitPrice: ApexDecimal.parse('2.5')
        });
        executeDml(env(), 'insert', [li]);
        expect((db.getRow(li.id!)!.row.get('totalprice') as ApexDecimal).toString()).toBe('7.50');
        const att = rec('Attachment', { ParentId: a.id, Name: 'x.txt', Body: ApexBlob.valueOf('hello') });
        executeDml(env(), 'insert', [att]);
        expect((db.getRow(att.id!)!.row.get('bodylength') as ApexInteger).value).toBe(5);
    });
});
