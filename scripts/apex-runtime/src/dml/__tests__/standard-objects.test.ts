/**
 * Standard-object breadth (catalogue 11:00 additions): platform-derived values and side effects.
 * Sources: Object Reference "OpportunityStage" (DefaultProbability / ForecastCategoryName / IsClosed / IsWon per
 * stage), "Opportunity" (Probability and ForecastCategoryName implied by StageName; ExpectedRevenue read-only),
 * "Contract" (EndDate = StartDate + ContractTerm), "ContentVersion" / "ContentDocumentLink" (insert creates the
 * ContentDocument; [Obs] gist jsmithdev ContentDocumentTest: one ContentDocument, LatestPublishedVersionId = version Id,
 * same Title), "OrderItem" (TotalPrice calculated).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { executeDml } from '..';
import { Database, SObject } from '../../db';
import { SchemaRegistry } from '../../schema';
import { runQuery } from '../../soql';
import { ApexBlob, ApexDate, ApexDatetime, ApexDecimal, ApexId, ApexInteger } from '../../values';
import { ApexPlatformError, ApexRuntimeUnsupported } from '../../errors';
import { fixtureSchema, newRecord, seededDb, useRuntimeSettings } from '../../__tests__/support';

const schema = fixtureSchema();
let db: Database;

const rec = (obj: string, vals: Record<string, unknown>): SObject => newRecord(db.schema, obj, vals);
const insert = (...r: SObject[]) => executeDml({ db }, 'insert', r);
const update = (...r: SObject[]) => executeDml({ db }, 'update', r);
const query = (text: string) => {
    const r = runQuery(text, { db, countLimits: false });
    if (r.kind !== 'records') throw new Error('not records');
    return r.records;
};

useRuntimeSettings({ now: () => Date.UTC(2026, 0, 1) });
beforeEach(() => {
    db = seededDb(schema);
});

describe('Opportunity stage-derived fields', () => {
    const opp = (stage: string, extra: Record<string, unknown> = {}) =>
        rec('Opportunity', { Name: 'O', StageName: stage, CloseDate: ApexDate.newInstance(2026, 2, 1), ...extra });

    test('insert: IsClosed/IsWon/Probability/ForecastCategoryName from the stage', () => {
        const a = opp('Prospecting', { Amount: ApexDecimal.parse('1000') });
        const b = opp('Closed Won');
        const c = opp('Closed Lost');
        insert(a, b, c);
        const rows = query(
            `SELECT StageName, IsClosed, IsWon, Probability, ForecastCategoryName, ForecastCategory, ExpectedRevenue FROM Opportunity ORDER BY Probability`
        );
        const by = new Map(rows.map((r) => [r.get('StageName'), r]));
        expect(by.get('Prospecting')!.get('IsClosed')).toBe(false);
        expect((by.get('Prospecting')!.get('Probability') as ApexDecimal).toString()).toBe('10');
        expect(by.get('Prospecting')!.get('ForecastCategoryName')).toBe('Pipeline');
        expect((by.get('Prospecting')!.get('ExpectedRevenue') as ApexDecimal).toString()).toBe('100.00');
        expect(by.get('Closed Won')!.get('IsWon')).toBe(true);
        expect(by.get('Closed Won')!.get('IsClosed')).toBe(true);
        expect(by.get('Closed Won')!.get('ForecastCategory')).toBe('Closed');
        expect(by.get('Closed Lost')!.get('IsClosed')).toBe(true);
        expect(by.get('Closed Lost')!.get('IsWon')).toBe(false);
        expect(by.get('Closed Lost')!.get('ForecastCategoryName')).toBe('Omitted');
    });

    test('explicit Probability on insert is kept; stage change on update re-derives it', () => {
        const a = opp('Prospecting', { Probability: ApexDecimal.parse('33') });
        insert(a);
        let row = query(`SELECT Probability, IsClosed FROM Opportunity`)[0];
        expect((row.get('Probability') as ApexDecimal).toString()).toBe('33');
        const u = rec('Opportunity', { StageName: 'Closed Won' });
        u.setRaw('Id', a.id);
        update(u);
        row = query(`SELECT Probability, IsClosed, IsWon FROM Opportunity`)[0];
        expect((row.get('Probability') as ApexDecimal).toString()).toBe('100');
        expect(row.get('IsWon')).toBe(true);
        // IsClosed is usable in WHERE
        expect(query(`SELECT Id FROM Opportunity WHERE IsClosed = true`).length).toBe(1);
    });

    test('a stage outside the value set is stored; what it derives is undecided (Unsupported when read), never guessed', () => {
        insert(opp('Made Up Stage', { Amount: ApexDecimal.parse('10') }));
        const row = query(`SELECT StageName, IsClosed, IsWon, Probability, ExpectedRevenue FROM Opportunity`)[0];
        expect(row.get('StageName')).toBe('Made Up Stage');
        for (const f of ['IsClosed', 'IsWon', 'Probability', 'ExpectedRevenue'])
            expect(() => row.get(f)).toThrow(ApexRuntimeUnsupported);
        expect(() => row.populated()).toThrow(ApexRuntimeUnsupported);
        expect(() => row.put('Probability', ApexDecimal.parse('5'))).toThrow(ApexRuntimeUnsupported); // put() returns it
        expect(row.isSet('IsClosed')).toBe(true);
        expect(() => query(`SELECT Id FROM Opportunity WHERE IsWon = false`)).toThrow(ApexRuntimeUnsupported);
        expect(() => query(`SELECT Id FROM Opportunity ORDER BY Probability`)).toThrow(ApexRuntimeUnsupported);
        // a clone carries the unknown value: inserting it is Unsupported
        expect(() => insert(row.clone())).toThrow(ApexRuntimeUnsupported);
        // updating another field keeps the stage's values undecided; a known stage decides them again
        const u = rec('Opportunity', { Name: 'O2' });
        u.setRaw('Id', row.get('Id'));
        update(u);
        expect(() => query(`SELECT IsClosed FROM Opportunity`)[0].get('IsClosed')).toThrow(ApexRuntimeUnsupported);
        u.put('StageName', 'Closed Lost');
        update(u);
        const back = query(`SELECT IsClosed, Probability FROM Opportunity`)[0];
        expect(back.get('IsClosed')).toBe(true);
        expect((back.get('Probability') as ApexDecimal).toString()).toBe('0');
    });

    test('a Case status outside the CaseStatus value set leaves IsClosed and ClosedDate undecided', () => {
        insert(rec('Case', { Subject: 's', Status: 'Parked' }));
        const row = query(`SELECT Status, IsClosed, ClosedDate FROM Case`)[0];
        expect(row.get('Status')).toBe('Parked');
        expect(() => row.get('IsClosed')).toThrow(ApexRuntimeUnsupported);
        expect(() => row.get('ClosedDate')).toThrow(ApexRuntimeUnsupported);
    });

    test('a force-app OpportunityStage value set replaces the defaults', () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apexrt-svs-'));
        fs.writeFileSync(
            path.join(dir, 'sfdx-project.json'),
            JSON.stringify({ packageDirectories: [{ path: 'force-app' }] })
        );
        const d = path.join(dir, 'force-app/main/default/standardValueSets');
        fs.mkdirSync(d, { recursive: true });
        fs.writeFileSync(
            path.join(d, 'OpportunityStage.standardValueSet-meta.xml'),
            `<?xml version="1.0" encoding="UTF-8"?>
<StandardValueSet xmlns="http://soap.sforce.com/2006/04/metadata">
    <sorted>false</sorted>
    <standardValue><fullName>Discovery</fullName><default>false</default><label>Discovery</label><closed>false</closed><forecastCategory>Pipeline</forecastCategory><probability>15</probability><won>false</won></standardValue>
    <standardValue><fullName>Won</fullName><default>false</default><label>Won</label><closed>true</closed><forecastCategory>Closed</forecastCategory><probability>100</probability><won>true</won></standardValue>
</StandardValueSet>`
        );
        const s2 = SchemaRegistry.load(dir);
        expect(s2.getField('Opportunity', 'StageName')!.picklistValues!.map((p) => p.value)).toEqual([
            'Discovery',
            'Won'
        ]);
        db = seededDb(s2);
        insert(opp('Won'));
        const row = query(`SELECT IsWon, Probability FROM Opportunity`)[0];
        expect(row.get('IsWon')).toBe(true);
        insert(opp('Prospecting')); // not in this project's value set: stored, IsWon undecided
        expect(() => query(`SELECT IsWon FROM Opportunity WHERE StageName = 'Prospecting'`)[0].get('IsWon')).toThrow(
            ApexRuntimeUnsupported
        );
    });
});

describe('Case / Task IsClosed', () => {
    test('Case Closed status → IsClosed + ClosedDate; reopening clears ClosedDate', () => {
        const c = rec('Case', { Subject: 's' });
        insert(c);
        let row = query(`SELECT Status, IsClosed, ClosedDate FROM Case`)[0];
        expect(row.get('Status')).toBe('New');
        expect(row.get('IsClosed')).toBe(false);
        expect(row.get('ClosedDate')).toBeNull();
        const u = rec('Case', { Status: 'Closed' });
        u.setRaw('Id', c.id);
        update(u);
        row = query(`SELECT IsClosed, ClosedDate FROM Case`)[0];
        expect(row.get('IsClosed')).toBe(true);
        expect(row.get('ClosedDate')).not.toBeNull();
        u.put('Status', 'Working');
        update(u);
        expect(query(`SELECT ClosedDate FROM Case`)[0].get('ClosedDate')).toBeNull();
    });
    test('Task Completed → IsClosed', () => {
        insert(rec('Task', { Subject: 'a', Status: 'Completed' }), rec('Task', { Subject: 'b' }));
        expect(query(`SELECT Subject FROM Task WHERE IsClosed = true`).map((r) => r.get('Subject'))).toEqual(['a']);
    });
});

describe('Contract / Order / OrderItem', () => {
    test('Contract EndDate, ContractNumber, Draft default; AccountId required', () => {
        const acc = rec('Account', { Name: 'A' });
        insert(acc);
        const k = rec('Contract', {
            AccountId: acc.id,
            StartDate: ApexDate.newInstance(2026, 1, 15),
            ContractTerm: new ApexInteger(12)
        });
        insert(k);
        const row = query(`SELECT Status, EndDate, ContractNumber, Account.Name FROM Contract`)[0];
        expect(row.get('Status')).toBe('Draft');
        expect(String(row.get('EndDate'))).toBe(String(ApexDate.newInstance(2027, 1, 14)));
        expect(row.get('ContractNumber')).toBe('00000001');
        const e = (() => {
            try {
                insert(rec('Contract', { StartDate: ApexDate.newInstance(2026, 1, 15) }));
            } catch (x) {
                return x as ApexPlatformError;
            }
        })();
        expect(e?.message).toContain('REQUIRED_FIELD_MISSING');
    });
    test('Order with items: TotalPrice, child subquery, cascade delete', () => {
        const acc = rec('Account', { Name: 'A' });
        const prod = rec('Product2', { Name: 'P', IsActive: true });
        insert(acc);
        insert(prod);
        const pbe = rec('PricebookEntry', {
            Pricebook2Id: new ApexId(db.seeded.standardPricebookId),
            Product2Id: prod.id,
            UnitPrice: ApexDecimal.parse('10'),
            IsActive: true
        });
        insert(pbe);
        const o0 = rec('Order', { AccountId: acc.id, EffectiveDate: ApexDate.newInstance(2026, 1, 1) });
        insert(o0);
        expect((query('SELECT TotalAmount FROM Order')[0].get('TotalAmount') as ApexDecimal).toString()).toBe('0.00');
        executeDml({ db }, 'delete', [o0]);
        const o = rec('Order', {
            AccountId: acc.id,
            EffectiveDate: ApexDate.newInstance(2026, 1, 1),
            Pricebook2Id: new ApexId(db.seeded.standardPricebookId)
        });
        insert(o);
        insert(
            rec('OrderItem', {
                OrderId: o.id,
                PricebookEntryId: pbe.id,
                Quantity: ApexDecimal.parse('3'),
                UnitPrice: ApexDecimal.parse('10')
            })
        );
        const row = query(`SELECT Status, (SELECT TotalPrice FROM OrderItems) FROM Order`)[0];
        expect(row.get('Status')).toBe('Draft');
        expect((row.getChildren('OrderItems')![0].get('TotalPrice') as ApexDecimal).toString()).toBe('30.00');
        expect((query('SELECT TotalAmount FROM Order')[0].get('TotalAmount') as ApexDecimal).toString()).toBe('30.00');
        executeDml({ db }, 'delete', [o]);
        expect(query(`SELECT Id FROM OrderItem`).length).toBe(0);
    });
});

describe('OpportunityLineItem: price book derivation and Amount roll-up', () => {
    const setup = () => {
        const prod = rec('Product2', { Name: 'Widget', IsActive: true });
        insert(prod);
        const std = new ApexId(db.seeded.standardPricebookId);
        const pbe = rec('PricebookEntry', {
            Pricebook2Id: std,
            Product2Id: prod.id,
            UnitPrice: ApexDecimal.parse('25'),
            IsActive: true
        });
        insert(pbe);
        const o = rec('Opportunity', {
            Name: 'O',
            StageName: 'Prospecting',
            CloseDate: ApexDate.newInstance(2026, 2, 1),
            Amount: ApexDecimal.parse('1')
        });
        insert(o);
        return { prod, pbe, o, std };
    };
    test('Product2Id/ListPrice/UnitPrice from the entry; the opportunity gets the price book; Amount = Σ TotalPrice', () => {
        const { prod, pbe, o, std } = setup();
        const updates: string[] = [];
        const env = {
            db,
            fireTriggers: (ev: { sobjectType: string; timing: string; op: string }) => {
                if (ev.sobjectType === 'Opportunity' && ev.op === 'update') updates.push(ev.timing);
            }
        };
        executeDml(env as never, 'insert', [
            rec('OpportunityLineItem', {
                OpportunityId: o.id,
                PricebookEntryId: pbe.id,
                Quantity: ApexDecimal.parse('2')
            }),
            rec('OpportunityLineItem', {
                OpportunityId: o.id,
                PricebookEntryId: pbe.id,
                Quantity: ApexDecimal.parse('1'),
                UnitPrice: ApexDecimal.parse('10')
            })
        ]);
        const lines = query(
            'SELECT Product2.Name, ListPrice, UnitPrice, TotalPrice FROM OpportunityLineItem ORDER BY TotalPrice'
        );
        expect(lines.map((l) => (l.get('TotalPrice') as ApexDecimal).toString())).toEqual(['10.00', '50.00']);
        expect(lines[1].getParent('Product2')!.get('Name')).toBe('Widget');
        expect(query('SELECT Name FROM PricebookEntry')[0].get('Name')).toBe('Widget');
        expect((lines[0].get('ListPrice') as ApexDecimal).toString()).toBe('25.00');
        expect(query('SELECT HasOpportunityLineItem FROM Opportunity')[0].get('HasOpportunityLineItem')).toBe(true);
        const opp = query('SELECT Amount, Pricebook2Id FROM Opportunity')[0];
        expect((opp.get('Amount') as ApexDecimal).toString()).toBe('60.00');
        expect((opp.get('Pricebook2Id') as ApexId).value).toBe(std.value);
        // the roll-up updates the parent through the pipeline: Opportunity update triggers ran
        expect(updates).toEqual(['before', 'after']);
        void prod;
    });
    test('an entry of another price book is refused', () => {
        const { prod, o } = setup();
        const custom = rec('Pricebook2', { Name: 'Custom', IsActive: true });
        insert(custom);
        const cpbe = rec('PricebookEntry', {
            Pricebook2Id: custom.id,
            Product2Id: prod.id,
            UnitPrice: ApexDecimal.parse('5'),
            IsActive: true
        });
        insert(cpbe);
        // first line sets the standard book, second one from the custom book fails
        const pbeStd = db
            .rows('PricebookEntry')
            .find((r) => (r.get('pricebook2id') as ApexId).value === db.seeded.standardPricebookId)!;
        insert(
            rec('OpportunityLineItem', {
                OpportunityId: o.id,
                PricebookEntryId: pbeStd.get('id'),
                Quantity: ApexDecimal.parse('1')
            })
        );
        expect(() =>
            insert(
                rec('OpportunityLineItem', {
                    OpportunityId: o.id,
                    PricebookEntryId: cpbe.id,
                    Quantity: ApexDecimal.parse('1')
                })
            )
        ).toThrow(/FIELD_INTEGRITY_EXCEPTION, field integrity exception: PricebookEntryId/);
    });
});

describe('ContentVersion → ContentDocument / ContentDocumentLink', () => {
    test('insert creates the document and links (owner + FirstPublishLocationId)', () => {
        const acc = rec('Account', { Name: 'A' });
        insert(acc);
        const cv = rec('ContentVersion', {
            Title: 'Penguins',
            PathOnClient: 'Penguins.jpg',
            VersionData: ApexBlob.valueOf('Test Content'),
            FirstPublishLocationId: acc.id
        });
        insert(cv);
        const v = query(
            `SELECT Title, ContentDocumentId, VersionNumber, IsLatest, FileExtension, ContentSize FROM ContentVersion WHERE Id = '${cv.id!.value}'`
        )[0];
        const docs = query(`SELECT Id, Title, LatestPublishedVersionId FROM ContentDocument`);
        expect(docs.length).toBe(1);
        expect((docs[0].get('Id') as ApexId).value).toBe((v.get('ContentDocumentId') as ApexId).value);
        expect((docs[0].get('LatestPublishedVersionId') as ApexId).value).toBe(cv.id!.value);
        expect(docs[0].get('Title')).toBe('Penguins');
        expect(v.get('VersionNumber')).toBe('1');
        expect(v.get('FileExtension')).toBe('jpg');
        expect((v.get('ContentSize') as ApexInteger).value).toBe(12);
        const links = query(
            `SELECT LinkedEntityId, ShareType FROM ContentDocumentLink WHERE LinkedEntityId = '${acc.id!.value}'`
        );
        expect(links.length).toBe(1);
        expect(links[0].get('ShareType')).toBe('V');
        const all = query(
            `SELECT LinkedEntityId FROM ContentDocumentLink WHERE ContentDocumentId = '${docs[0].id!.value}'`
        );
        expect(all.length).toBe(2);
        // Account child relationship subquery
        const a = query(`SELECT Id, (SELECT ContentDocumentId FROM ContentDocumentLinks) FROM Account`)[0];
        expect(a.getChildren('ContentDocumentLinks')!.length).toBe(1);
    });
    test('a second version of the same document; deleting the document cascades', () => {
        const cv = rec('ContentVersion', { Title: 'T', PathOnClient: 'a.txt', VersionData: ApexBlob.valueOf('x') });
        insert(cv);
        const docId = query(`SELECT ContentDocumentId FROM ContentVersion`)[0].get('ContentDocumentId') as ApexId;
        const cv2 = rec('ContentVersion', {
            Title: 'T2',
            PathOnClient: 'a.txt',
            VersionData: ApexBlob.valueOf('xy'),
            ContentDocumentId: docId
        });
        insert(cv2);
        expect(query(`SELECT Id FROM ContentDocument`).length).toBe(1);
        expect(query(`SELECT VersionNumber FROM ContentVersion WHERE IsLatest = true`)[0].get('VersionNumber')).toBe(
            '2'
        );
        expect(
            (query(`SELECT LatestPublishedVersionId FROM ContentDocument`)[0].get('LatestPublishedVersionId') as ApexId)
                .value
        ).toBe(cv2.id!.value);
        const doc = rec('ContentDocument', {});
        doc.setRaw('Id', docId);
        executeDml({ db }, 'delete', [doc]);
        expect(query(`SELECT Id FROM ContentVersion`).length).toBe(0);
        expect(query(`SELECT Id FROM ContentDocumentLink WHERE ContentDocumentId = '${docId.value}'`).length).toBe(0);
    });
    test('a ContentVersion without Title is unsupported (default not pinned), nothing is written', () => {
        expect(() =>
            insert(rec('ContentVersion', { PathOnClient: 'a.txt', VersionData: ApexBlob.valueOf('x') }))
        ).toThrow(ApexRuntimeUnsupported);
        expect(query('SELECT Id FROM ContentVersion').length).toBe(0);
        expect(query('SELECT Id FROM ContentDocument').length).toBe(0);
    });
    test('ContentDocument cannot be inserted directly', () => {
        expect(() => insert(rec('ContentDocument', { Title: 'x' }))).toThrow(
            /DML operation INSERT not allowed on ContentDocument/
        );
    });
});

describe('catalogue gaps are unsupported, not false failures', () => {
    test('unknown standard field on a standard object → ApexRuntimeUnsupported; custom-looking name → platform error', () => {
        const a = rec('Account', { Name: 'A' });
        expect(() => a.get('CleanStatus')).toThrow(ApexRuntimeUnsupported);
        expect(() => a.get('Nope__c')).toThrow(/Invalid field Nope__c for Account/);
        expect(() => query('SELECT CleanStatus FROM Account')).toThrow(ApexRuntimeUnsupported);
        expect(() => query('SELECT Nope__c FROM Account')).toThrow(/No such column 'Nope__c'/);
    });
});

describe('seeded setup rows', () => {
    test('default BusinessHours is queryable', () => {
        const bh = query(`SELECT Id, Name FROM BusinessHours WHERE IsDefault = true`);
        expect(bh.length).toBe(1);
        expect(bh[0].get('Name')).toBe('Default');
    });
    test('Attachment ParentId accepts any object (custom included)', () => {
        const custom = db.schema.allObjects().find((o) => o.custom && o.createable && !o.isCustomSetting);
        expect(db.schema.getField('Attachment', 'ParentId')!.referenceTo).toContain(custom!.name);
    });
});

describe('polymorphic relationship Type (SOQL Reference "Understanding Polymorphic Keys and Relationships")', () => {
    test('What.Type / Who.Type in WHERE and SELECT give the parent sObject type', () => {
        const acc = rec('Account', { Name: 'A', Type: 'Customer - Direct' });
        insert(acc);
        const con = rec('Contact', { LastName: 'C' });
        insert(con);
        insert(rec('Task', { Subject: 't1', WhatId: acc.id, WhoId: con.id }), rec('Task', { Subject: 't2' }));
        expect(query(`SELECT Subject FROM Task WHERE What.Type = 'Account'`).map((r) => r.get('Subject'))).toEqual([
            't1'
        ]);
        expect(query(`SELECT Subject FROM Task WHERE Who.Type = 'Contact'`).map((r) => r.get('Subject'))).toEqual([
            't1'
        ]);
        const t = query(`SELECT What.Type, What.Name FROM Task WHERE Subject = 't1'`)[0];
        expect(t.getParent('What')!.get('Type')).toBe('Account');
        expect(t.getParent('What')!.get('Name')).toBe('A');
        // a concrete parent type without a Type field of its own carries it aside (SObject.polymorphicType)
        expect(query(`SELECT Who.Type FROM Task WHERE Subject = 't1'`)[0].getParent('Who')!.polymorphicType).toBe(
            'Contact'
        );
        // Account.Type itself is still the picklist
        expect(query(`SELECT Type FROM Account`)[0].get('Type')).toBe('Customer - Direct');
    });
});

describe('Event date/time fields (Object Reference "Event")', () => {
    test('StartDateTime + DurationInMinutes → EndDateTime, ActivityDateTime, ActivityDate; update keeps the duration', () => {
        const start = new ApexDatetime(Date.UTC(2026, 0, 10, 17, 0)); // 09:00 in Los Angeles
        const e = rec('Event', { Subject: 'E', StartDateTime: start, DurationInMinutes: new ApexInteger(90) });
        insert(e);
        let row = query('SELECT EndDateTime, ActivityDateTime, ActivityDate, DurationInMinutes FROM Event')[0];
        expect((row.get('EndDateTime') as ApexDatetime).epochMs).toBe(Date.UTC(2026, 0, 10, 18, 30));
        expect((row.get('ActivityDateTime') as ApexDatetime).epochMs).toBe(start.epochMs);
        expect(String(row.get('ActivityDate'))).toBe(String(ApexDate.newInstance(2026, 1, 10)));
        const u = rec('Event', { StartDateTime: new ApexDatetime(Date.UTC(2026, 0, 11, 17, 0)) });
        u.setRaw('Id', e.id);
        update(u);
        row = query('SELECT EndDateTime, DurationInMinutes FROM Event')[0];
        expect((row.get('EndDateTime') as ApexDatetime).epochMs).toBe(Date.UTC(2026, 0, 11, 18, 30));
        const u2 = rec('Event', { EndDateTime: new ApexDatetime(Date.UTC(2026, 0, 11, 19, 0)) });
        u2.setRaw('Id', e.id);
        update(u2);
        expect((query('SELECT DurationInMinutes FROM Event')[0].get('DurationInMinutes') as ApexInteger).value).toBe(
            120
        );
    });
});

describe('read-only defaults and activation stamps', () => {
    test('checkboxes are never null; read-only defaults apply (Lead.IsConverted, Opportunity.HasOpportunityLineItem)', () => {
        const l = rec('Lead', { LastName: 'L', Company: 'C', DoNotCall: true });
        insert(l);
        expect(query('SELECT IsConverted FROM Lead')[0].get('IsConverted')).toBe(false);
        const lu = rec('Lead', { DoNotCall: null });
        lu.setRaw('Id', l.id);
        update(lu);
        expect(query('SELECT DoNotCall FROM Lead')[0].get('DoNotCall')).toBe(false);
        insert(
            rec('Opportunity', { Name: 'O', StageName: 'Prospecting', CloseDate: ApexDate.newInstance(2026, 2, 1) })
        );
        expect(query('SELECT HasOpportunityLineItem FROM Opportunity')[0].get('HasOpportunityLineItem')).toBe(false);
        const u = db.getRow(db.runningUserId)!;
        expect(u.row.get('usertype')).toBe('Standard');
    });
    test('Contract activation stamps ActivatedDate and ActivatedById', () => {
        const acc = rec('Account', { Name: 'A' });
        insert(acc);
        const k = rec('Contract', {
            AccountId: acc.id,
            StartDate: ApexDate.newInstance(2026, 1, 1),
            ContractTerm: new ApexInteger(6)
        });
        insert(k);
        expect(query('SELECT ActivatedDate FROM Contract')[0].get('ActivatedDate')).toBeNull();
        const u = rec('Contract', { Status: 'Activated' });
        u.setRaw('Id', k.id);
        update(u);
        const row = query('SELECT ActivatedDate, ActivatedById FROM Contract')[0];
        expect(row.get('ActivatedDate')).not.toBeNull();
        expect((row.get('ActivatedById') as ApexId).value).toBe(db.runningUserId);
    });
});

describe('Database.DMLOptions.allowFieldTruncation (Apex Reference "DMLOptions Class")', () => {
    test('too-long text is truncated instead of STRING_TOO_LONG', () => {
        const long = 'x'.repeat(300);
        expect(() => insert(rec('Account', { Name: long }))).toThrow(/STRING_TOO_LONG/);
        const a = rec('Account', { Name: long, Site: 'y'.repeat(100) });
        executeDml({ db }, 'insert', [a], { allowFieldTruncation: true });
        const row = query('SELECT Name, Site FROM Account')[0];
        expect((row.get('Name') as string).length).toBe(255);
        expect((row.get('Site') as string).length).toBe(80);
    });
});

describe('CollaborationGroup (Chatter groups)', () => {
    test('the owner becomes an Admin member; MemberCount follows members', () => {
        const g = rec('CollaborationGroup', { Name: 'Team', CollaborationType: 'Public' });
        insert(g);
        const members = query('SELECT MemberId, CollaborationRole FROM CollaborationGroupMember');
        expect(members.length).toBe(1);
        expect((members[0].get('MemberId') as ApexId).value).toBe(db.runningUserId);
        expect(members[0].get('CollaborationRole')).toBe('Admin');
        expect((query('SELECT MemberCount FROM CollaborationGroup')[0].get('MemberCount') as ApexInteger).value).toBe(
            1
        );
        expect(() => insert(rec('CollaborationGroup', { Name: 'X', CollaborationType: 'Secret' }))).toThrow(
            /INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST/
        );
    });
});
