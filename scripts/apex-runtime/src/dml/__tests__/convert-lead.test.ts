/**
 * Database.convertLead data side. Sources: Apex Reference "LeadConvert Class" (example: convertedStatus from
 * `LeadStatus WHERE IsConverted = true`, result isSuccess), SOAP API "convertLead()" (existing records: only empty
 * fields are overwritten), Salesforce Help "Lead Conversion Field Mapping" (Company → Account Name and Opportunity
 * Name, address → Billing/Mailing, close date = last day of the current fiscal quarter).
 */
import { convertLeads, executeDml, TriggerEvent } from '..';
import { Database, SObject } from '../../db';
import { SchemaRegistry } from '../../schema';
import { runQuery } from '../../soql';
import { ApexDate, ApexId, resetRuntimeSettings, setRuntimeSettings } from '../../values';
import { ApexPlatformError, ApexRuntimeUnsupported } from '../../errors';
import { writeFixtureProject } from '../../schema/__tests__/fixture';

const schema = SchemaRegistry.load(writeFixtureProject());
let db: Database;
let events: string[];
const env = () => ({
    db,
    fireTriggers: (ev: TriggerEvent) => {
        events.push(`${ev.sobjectType}.${ev.timing}.${ev.op}`);
    }
});
const rec = (obj: string, vals: Record<string, unknown>) => {
    const s = new SObject(schema.getObject(obj)!);
    for (const [k, v] of Object.entries(vals)) s.put(k, v as never);
    return s;
};
const query = (text: string) => {
    const r = runQuery(text, { db, countLimits: false });
    if (r.kind !== 'records') throw new Error('x');
    return r.records;
};
let lead: SObject;
beforeEach(() => {
    setRuntimeSettings({ now: () => Date.UTC(2026, 4, 20, 18) }); // 2026-05-20 → Q2 ends 2026-06-30
    db = new Database(schema);
    db.seed();
    events = [];
    lead = rec('Lead', {
        LastName: 'Fry',
        FirstName: 'Phil',
        Company: 'Fry And Sons',
        Email: 'fry@example.com',
        City: 'Paris',
        Industry: 'Energy',
        LeadSource: 'Web'
    });
    executeDml({ db }, 'insert', [lead]);
});
afterAll(() => resetRuntimeSettings());

test('the documented example: new account, contact and opportunity; the lead is converted', () => {
    const status = query('SELECT ApiName FROM LeadStatus WHERE IsConverted = true LIMIT 1')[0].get('ApiName') as string;
    const [r] = convertLeads(env(), [{ leadId: lead.id!.value, convertedStatus: status }]);
    expect(r.success).toBe(true);
    const acc = query(`SELECT Name, BillingCity, Industry FROM Account WHERE Id = '${r.accountId!.value}'`)[0];
    expect([acc.get('Name'), acc.get('BillingCity'), acc.get('Industry')]).toEqual(['Fry And Sons', 'Paris', 'Energy']);
    const con = query(`SELECT FirstName, LastName, Email, MailingCity, AccountId FROM Contact`)[0];
    expect([con.get('FirstName'), con.get('LastName'), con.get('Email'), con.get('MailingCity')]).toEqual([
        'Phil',
        'Fry',
        'fry@example.com',
        'Paris'
    ]);
    expect((con.get('AccountId') as ApexId).value).toBe(r.accountId!.value);
    const opp = query(`SELECT Name, StageName, CloseDate, LeadSource, IsClosed FROM Opportunity`)[0];
    expect([opp.get('Name'), opp.get('StageName'), opp.get('LeadSource'), opp.get('IsClosed')]).toEqual([
        'Fry And Sons',
        'Prospecting',
        'Web',
        false
    ]);
    expect(String(opp.get('CloseDate'))).toBe(String(ApexDate.newInstance(2026, 6, 30)));
    const l = query(
        `SELECT Status, IsConverted, ConvertedAccountId, ConvertedContactId, ConvertedOpportunityId, ConvertedDate FROM Lead`
    )[0];
    expect(l.get('IsConverted')).toBe(true);
    expect(l.get('Status')).toBe('Closed - Converted');
    expect((l.get('ConvertedOpportunityId') as ApexId).value).toBe(r.opportunityId!.value);
    expect(events).toEqual([
        'Account.before.insert',
        'Account.after.insert',
        'Contact.before.insert',
        'Contact.after.insert',
        'Opportunity.before.insert',
        'Opportunity.after.insert',
        'Lead.before.update',
        'Lead.after.update'
    ]);
});

test('doNotCreateOpportunity and an existing account (only empty fields filled)', () => {
    const acc = rec('Account', { Name: 'Existing', Industry: 'Banking' });
    executeDml({ db }, 'insert', [acc]);
    const [r] = convertLeads(env(), [
        {
            leadId: lead.id!.value,
            convertedStatus: 'Closed - Converted',
            accountId: acc.id!.value,
            doNotCreateOpportunity: true
        }
    ]);
    expect(r.success).toBe(true);
    expect(r.opportunityId).toBeNull();
    const a = query(`SELECT Name, Industry, BillingCity FROM Account`)[0];
    expect([a.get('Name'), a.get('Industry'), a.get('BillingCity')]).toEqual(['Existing', 'Banking', 'Paris']);
    expect(query('SELECT Id FROM Opportunity').length).toBe(0);
});

test('errors: non-converted status, already converted lead; allOrNone rolls back', () => {
    const e = (() => {
        try {
            convertLeads(env(), [{ leadId: lead.id!.value, convertedStatus: 'Working - Contacted' }]);
        } catch (x) {
            return x as ApexPlatformError;
        }
    })()!;
    expect(e.apexType).toBe('System.DmlException');
    expect(e.message).toMatch(/^ConvertLead failed\. First exception on row 0; first error: INVALID_STATUS/);
    expect(query('SELECT Id FROM Account').length).toBe(0);
    convertLeads(env(), [{ leadId: lead.id!.value, convertedStatus: 'Closed - Converted' }]);
    const [again] = convertLeads(env(), [{ leadId: lead.id!.value, convertedStatus: 'Closed - Converted' }], false);
    expect(again.success).toBe(false);
    expect(again.errors[0].statusCode).toBe('CANNOT_UPDATE_CONVERTED_LEAD');
});

test('undecidable cases are unsupported', () => {
    expect(() =>
        convertLeads(env(), [
            { leadId: lead.id!.value, convertedStatus: 'Closed - Converted', opportunityId: lead.id!.value }
        ])
    ).toThrow(ApexRuntimeUnsupported);
    expect(() => convertLeads(env(), [{ leadId: lead.id!.value, convertedStatus: null }])).toThrow(
        ApexRuntimeUnsupported
    );
});
