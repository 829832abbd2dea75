/**
 * Apex managed sharing rows (`X__Share`, Apex Developer Guide "Sharing a Record Using Apex": ParentId, UserOrGroupId,
 * AccessLevel Read/Edit/All, RowCause Manual or an Apex sharing reason) and their effect on the access model.
 */
import { AccessModel, Database, recordEditable } from '..';
import { runQuery } from '../../soql';
import { executeDml } from '../../dml';
import { SObject } from '../sobject';
import { ApexId } from '../../values';
import { ApexRuntimeUnsupported } from '../../errors';
import { createUser, fixtureSchema, insertRow, newRecord, seededDb } from '../../__tests__/support';

const schema = fixtureSchema();
let db: Database;
let model: AccessModel;
const ins = (obj: string, vals: Record<string, unknown>) => insertRow(db, obj, vals);
const rec = (obj: string, vals: Record<string, unknown>): SObject => newRecord(schema, obj, vals);
let reader: string;
let other: string;
beforeEach(() => {
    db = seededDb(schema);
    model = new AccessModel(db);
    const user = (alias: string) => createUser(db, alias, 'Standard User', 'Req_Reader');
    reader = user('reader');
    other = user('other');
});
const visibleTo = (userId: string) => {
    const r = runQuery('SELECT Name FROM Priv__c', {
        db,
        countLimits: false,
        access: { model, userId, forceUserMode: true }
    });
    return r.kind === 'records' ? r.records.map((x) => x.get('Name')) : [];
};

test('Priv__Share exists for the Private custom object, with the Shares child relationship', () => {
    const share = schema.getObject('Priv__Share')!;
    expect([...share.fields.keys()]).toEqual(
        expect.arrayContaining(['parentid', 'userorgroupid', 'accesslevel', 'rowcause'])
    );
    expect(schema.getObject('Priv__c')!.childRelationships.get('shares')!.childObject).toBe('Priv__Share');
    expect(schema.getObject('Req__Share')).toBeUndefined(); // Req__c is not Private/Read
});

test('a Read share makes another user\u2019s private record visible; Edit share makes it editable', () => {
    const p = ins('Priv__c', { Name: 'secret', OwnerId: new ApexId(db.runningUserId) });
    expect(() => visibleTo(reader)).toThrow(ApexRuntimeUnsupported); // undecidable without a share
    executeDml({ db }, 'insert', [
        rec('Priv__Share', { ParentId: p, UserOrGroupId: new ApexId(reader), AccessLevel: 'Read' })
    ]);
    expect(visibleTo(reader)).toEqual(['secret']);
    const row = db.getRow(p)!.row;
    expect(recordEditable(model, db, reader, schema.getObject('Priv__c')!, row).result).toBe('unknown');
    executeDml({ db }, 'insert', [
        rec('Priv__Share', { ParentId: p, UserOrGroupId: new ApexId(other), AccessLevel: 'Edit', RowCause: 'Manual' })
    ]);
    expect(recordEditable(model, db, other, schema.getObject('Priv__c')!, row).result).toBe('allow');
});

test('sharing through a public group the user belongs to; bad AccessLevel is refused; parent delete cascades', () => {
    const p = ins('Priv__c', { Name: 'g', OwnerId: new ApexId(db.runningUserId) });
    const g = rec('Group', { Name: 'Team', Type: 'Regular' });
    executeDml({ db }, 'insert', [g]);
    ins('GroupMember', { GroupId: g.id, UserOrGroupId: new ApexId(reader) });
    executeDml({ db }, 'insert', [rec('Priv__Share', { ParentId: p, UserOrGroupId: g.id, AccessLevel: 'Read' })]);
    expect(visibleTo(reader)).toEqual(['g']);
    expect(() =>
        executeDml({ db }, 'insert', [rec('Priv__Share', { ParentId: p, UserOrGroupId: g.id, AccessLevel: 'Owner' })])
    ).toThrow(/INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST/);
    const parent = rec('Priv__c', {});
    parent.setRaw('Id', p);
    executeDml({ db }, 'delete', [parent]);
    expect(db.rows('Priv__Share').length).toBe(0);
});
