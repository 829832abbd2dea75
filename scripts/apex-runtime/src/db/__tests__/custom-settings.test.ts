/**
 * Custom settings (Apex Reference, "Hierarchy Custom Setting Methods" / "List Custom Setting Methods";
 * §2 #33: no records exist in tests unless inserted).
 */
import { CustomSettings, Database, SObject } from '..';
import { SchemaRegistry } from '../../schema';
import { executeDml } from '../../dml';
import { ApexDecimal, ApexId } from '../../values';
import { writeFixtureProject } from '../../schema/__tests__/fixture';

const schema = SchemaRegistry.load(writeFixtureProject());
let db: Database;
let cs: CustomSettings;
const rec = (obj: string, vals: Record<string, unknown>) => {
    const s = new SObject(schema.getObject(obj)!);
    for (const [k, v] of Object.entries(vals)) s.put(k, v as never);
    executeDml({ db }, 'insert', [s]);
    return s;
};

beforeEach(() => {
    db = new Database(schema);
    db.seed();
    cs = new CustomSettings(db);
});

describe('hierarchy custom settings', () => {
    it('has SetupOwnerId and no records until inserted', () => {
        const info = schema.getObject('Hier__c')!;
        expect(info.isCustomSetting).toBe(true);
        expect(info.customSettingsType).toBe('Hierarchy');
        expect(info.fields.has('setupownerid')).toBe(true);
        expect(info.fields.has('ownerid')).toBe(false);
        const empty = cs.getInstance('Hier__c');
        expect(empty.id).toBeNull();
        expect(empty.get('Limit__c')).toBeNull();
        expect(cs.getOrgDefaults('Hier__c').id).toBeNull();
        expect(cs.getValues('Hier__c', db.runningUserId)).toBeNull();
    });
    it('getInstance merges user → profile → org levels field by field', () => {
        rec('Hier__c', { SetupOwnerId: new ApexId(db.seeded.orgId), Flag__c: true, Limit__c: ApexDecimal.parse('10') });
        const profileId = db.seeded.profiles['System Administrator'];
        rec('Hier__c', { SetupOwnerId: new ApexId(profileId), Limit__c: ApexDecimal.parse('20') });
        const inst = cs.getInstance('Hier__c');
        expect((inst.get('Limit__c') as ApexDecimal).toString()).toBe('20'); // profile level wins over org
        expect(inst.get('Flag__c')).toBe(false); // Checkbox is never null: the profile row's false is kept
        expect((cs.getOrgDefaults('Hier__c').get('Limit__c') as ApexDecimal).toString()).toBe('10');
        expect(cs.getValues('Hier__c', profileId)!.get('Limit__c')!.toString()).toBe('20');
        rec('Hier__c', { SetupOwnerId: new ApexId(db.runningUserId), Limit__c: ApexDecimal.parse('30') });
        expect((cs.getInstance('Hier__c').get('Limit__c') as ApexDecimal).toString()).toBe('30');
    });
});

describe('list custom settings', () => {
    it('getAll / getInstance(name)', () => {
        rec('Codes__c', { Name: 'DE', Value__c: 'Germany' });
        rec('Codes__c', { Name: 'FR', Value__c: 'France' });
        expect([...cs.getAll('Codes__c').keys()]).toEqual(['DE', 'FR']);
        expect(cs.getByName('Codes__c', 'FR')!.get('Value__c')).toBe('France');
        expect(cs.getByName('Codes__c', 'IT')).toBeNull();
    });
    it('Name is required for list settings', () => {
        expect(() => rec('Codes__c', { Value__c: 'x' })).toThrow(/REQUIRED_FIELD_MISSING/);
    });
});
