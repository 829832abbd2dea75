/**
 * Database.convertLead (Apex Reference "LeadConvert Class", "Database.convertLead"; SOAP API "convertLead()"; Salesforce
 * Help "Lead Conversion Field Mapping").
 * - A new Account (Company → Name, address → Billing*, AnnualRevenue, Fax, Industry, NumberOfEmployees, Phone, Rating,
 *   Website), Contact (FirstName, LastName, Salutation, Title, Email, Phone, MobilePhone, Fax, Description, DoNotCall,
 *   HasOptedOutOfEmail, LeadSource, address → Mailing*, AccountId) and, unless doNotCreateOpportunity, an Opportunity
 *   (Name = opportunityName or Company; AccountId; LeadSource; CampaignId = the lead's most recent campaign; CloseDate =
 *   last day of the current fiscal quarter = calendar quarter in an org without custom fiscal years; StageName = the
 *   OpportunityStage default value, else the first open stage [Known, unverified]). Owner = ownerId or the lead's owner.
 * - Existing account/contact (accountId / contactId): "only empty fields in the target object are overwritten"
 *   (convertLead() doc); LeadSource too when overwriteLeadSource. An existing opportunity (opportunityId) → unsupported.
 * - The lead is updated: Status = convertedStatus, IsConverted, ConvertedAccountId/ContactId/OpportunityId, ConvertedDate.
 * - All records go through the DML pipeline (their triggers fire: inserts, then the lead update).
 * - Errors ([Known], wording unverified): converted lead → CANNOT_UPDATE_CONVERTED_LEAD; status not a converted
 *   LeadStatus → INVALID_STATUS. allOrNone: `System.DmlException: ConvertLead failed. First exception on row 0; first
 *   error: …`. Custom field mappings come from force-app `settings/LeadConvert.settings-meta.xml` only if present —
 *   here a lead with any non-null custom field is unsupported (mapping not modelled).
 * Counts one DML statement and one DML row per request.
 */
import { ApexPlatformError, ApexRuntimeUnsupported, SourcePos } from '../errors';
import { ApexDate, ApexId, ApexPrimitive } from '../values';
import type { Database, Row } from '../db';
import { SObject } from '../db';
import { standardValueSet } from '../schema';
import { currentLimits } from '../limits/limits';
import { DmlEnv, DmlError, runAttempt } from './dml';

export interface LeadConvertRequest {
    leadId: string | null;
    convertedStatus: string | null;
    accountId?: string | null;
    contactId?: string | null;
    opportunityId?: string | null;
    opportunityName?: string | null;
    doNotCreateOpportunity?: boolean;
    ownerId?: string | null;
    overwriteLeadSource?: boolean;
}

export interface LeadConvertRowResult {
    index: number;
    success: boolean;
    leadId: ApexId | null;
    accountId: ApexId | null;
    contactId: ApexId | null;
    opportunityId: ApexId | null;
    errors: DmlError[];
}

const ACCOUNT_MAP: [string, string][] = [
    ['company', 'Name'],
    ['street', 'BillingStreet'],
    ['city', 'BillingCity'],
    ['state', 'BillingState'],
    ['postalcode', 'BillingPostalCode'],
    ['country', 'BillingCountry'],
    ['annualrevenue', 'AnnualRevenue'],
    ['fax', 'Fax'],
    ['industry', 'Industry'],
    ['numberofemployees', 'NumberOfEmployees'],
    ['phone', 'Phone'],
    ['rating', 'Rating'],
    ['website', 'Website']
];
const CONTACT_MAP: [string, string][] = [
    ['firstname', 'FirstName'],
    ['lastname', 'LastName'],
    ['salutation', 'Salutation'],
    ['title', 'Title'],
    ['email', 'Email'],
    ['phone', 'Phone'],
    ['mobilephone', 'MobilePhone'],
    ['fax', 'Fax'],
    ['description', 'Description'],
    ['donotcall', 'DoNotCall'],
    ['hasoptedoutofemail', 'HasOptedOutOfEmail'],
    ['leadsource', 'LeadSource'],
    ['street', 'MailingStreet'],
    ['city', 'MailingCity'],
    ['state', 'MailingState'],
    ['postalcode', 'MailingPostalCode'],
    ['country', 'MailingCountry']
];

const empty = (v: ApexPrimitive | undefined) => v === undefined || v === null || v === '';

export function convertLeads(
    env: DmlEnv,
    requests: LeadConvertRequest[],
    allOrNone = true,
    site?: SourcePos
): LeadConvertRowResult[] {
    const db = env.db;
    const limits = currentLimits();
    limits.dml();
    limits.dmlRows(requests.length);
    limits.uncommittedWork = true;
    const results: LeadConvertRowResult[] = [];
    const outer = db.savepoint();
    try {
        requests.forEach((req, index) => {
            const sp = db.savepoint();
            const r = convertOne(env, req, index, site);
            if (!r.success) db.rollback(sp);
            results.push(r);
        });
    } catch (e) {
        db.rollback(outer);
        throw e;
    }
    const failed = results.find((r) => !r.success);
    if (failed && allOrNone) {
        db.rollback(outer);
        const e = failed.errors[0];
        throw new ApexPlatformError(
            'System.DmlException',
            `ConvertLead failed. First exception on row ${failed.index}; first error: ${e.statusCode}, ${e.message}: [${e.fields.join(', ')}]`,
            { op: 'convertLead', failures: [{ index: failed.index, id: failed.leadId, error: e }] }
        );
    }
    return results;
}

function convertOne(env: DmlEnv, req: LeadConvertRequest, index: number, site?: SourcePos): LeadConvertRowResult {
    const db = env.db;
    const schema = db.schema;
    const res: LeadConvertRowResult = {
        index,
        success: false,
        leadId: req.leadId ? new ApexId(req.leadId) : null,
        accountId: null,
        contactId: null,
        opportunityId: null,
        errors: []
    };
    const fail = (statusCode: string, message: string, fields: string[] = []) => {
        res.errors.push({ statusCode, message, fields });
        return res;
    };
    const unsupported = (what: string) => new ApexRuntimeUnsupported(`Database.convertLead: ${what}`, site);
    if (!req.leadId) throw unsupported('LeadConvert without a lead Id');
    const found = db.getRow(req.leadId);
    if (!found || found.info.name !== 'Lead') return fail('INVALID_CROSS_REFERENCE_KEY', 'invalid cross reference id');
    const lead = found.row;
    if (lead.get('isconverted') === true)
        return fail('CANNOT_UPDATE_CONVERTED_LEAD', 'cannot reference converted lead');
    if (!req.convertedStatus) throw unsupported('convertedStatus not set (platform error text unknown)');
    const status = standardValueSet(schema, 'LeadStatus').find((v) => v.fullName === req.convertedStatus);
    if (!status || status.converted === undefined) {
        if (!status) return fail('INVALID_STATUS', `invalid convertedStatus: ${req.convertedStatus}`);
        throw unsupported(`LeadStatus '${req.convertedStatus}' without a converted flag`);
    }
    if (!status.converted) return fail('INVALID_STATUS', `invalid convertedStatus: ${req.convertedStatus}`);
    if (req.opportunityId) throw unsupported('conversion into an existing opportunity');
    const leadInfo = found.info;
    for (const f of leadInfo.fields.values()) {
        if (f.custom && !empty(lead.get(f.name.toLowerCase())))
            throw unsupported(`custom Lead field ${f.name} has a value (lead field mapping not modelled)`);
    }
    const leadOwner = lead.get('ownerid');
    const owner = req.ownerId ? new ApexId(req.ownerId) : leadOwner instanceof ApexId ? leadOwner : null;
    if (owner && schema.objectForId(owner)?.name !== 'User')
        throw unsupported('lead owned by a queue without ownerId (platform error not modelled)');

    const insertOne = (obj: string, vals: Map<string, ApexPrimitive>): ApexId | DmlError => {
        const rec = new SObject(schema.getObject(obj)!);
        for (const [k, v] of vals) rec.setRaw(k, v);
        const r = runAttempt(env, 'insert', [rec], [0], {})[0];
        return r.success ? r.id! : r.errors[0];
    };
    const fillEmpty = (obj: string, id: ApexId, pairs: [string, string][], extra: [string, ApexPrimitive][] = []) => {
        const target = db.getRow(id);
        if (!target || target.info.name !== obj)
            return {
                statusCode: 'INVALID_CROSS_REFERENCE_KEY',
                message: 'invalid cross reference id',
                fields: []
            } as DmlError;
        const rec = new SObject(target.info);
        rec.setRaw('Id', id);
        let any = false;
        for (const [from, to] of pairs) {
            const v = lead.get(from);
            if (!empty(v) && empty(target.row.get(to.toLowerCase()))) {
                rec.setRaw(to, v as ApexPrimitive);
                any = true;
            }
        }
        for (const [to, v] of extra) {
            rec.setRaw(to, v);
            any = true;
        }
        if (!any) return null;
        const r = runAttempt(env, 'update', [rec], [0], {})[0];
        return r.success ? null : r.errors[0];
    };
    const mapped = (pairs: [string, string][]) => {
        const m = new Map<string, ApexPrimitive>();
        for (const [from, to] of pairs) {
            const v = lead.get(from);
            if (!empty(v)) m.set(to, v as ApexPrimitive);
        }
        if (owner) m.set('OwnerId', owner);
        return m;
    };

    // account
    let accountId: ApexId;
    if (req.accountId) {
        accountId = new ApexId(req.accountId);
        const e = fillEmpty(
            'Account',
            accountId,
            ACCOUNT_MAP.filter(([, to]) => to !== 'Name')
        );
        if (e) return fail(e.statusCode, e.message, e.fields);
    } else {
        const a = insertOne('Account', mapped(ACCOUNT_MAP));
        if (!(a instanceof ApexId)) return fail(a.statusCode, a.message, a.fields);
        accountId = a;
    }
    res.accountId = accountId;
    // contact
    let contactId: ApexId;
    if (req.contactId) {
        contactId = new ApexId(req.contactId);
        const pairs = CONTACT_MAP.filter(([, to]) => !['LeadSource', 'HasOptedOutOfEmail', 'DoNotCall'].includes(to));
        const extra: [string, ApexPrimitive][] =
            req.overwriteLeadSource && !empty(lead.get('leadsource'))
                ? [['LeadSource', lead.get('leadsource') as ApexPrimitive]]
                : [];
        const e = fillEmpty('Contact', contactId, pairs, extra);
        if (e) return fail(e.statusCode, e.message, e.fields);
    } else {
        const m = mapped(CONTACT_MAP);
        m.set('AccountId', accountId);
        const c = insertOne('Contact', m);
        if (!(c instanceof ApexId)) return fail(c.statusCode, c.message, c.fields);
        contactId = c;
    }
    res.contactId = contactId;
    // opportunity
    if (!req.doNotCreateOpportunity) {
        const stages = standardValueSet(schema, 'OpportunityStage');
        const stage = stages.find((s) => s.isDefault) ?? stages.find((s) => s.closed === false);
        if (!stage) throw unsupported('no open OpportunityStage for the new opportunity');
        const m = new Map<string, ApexPrimitive>([
            ['Name', req.opportunityName ?? (lead.get('company') as ApexPrimitive) ?? null],
            ['AccountId', accountId],
            ['StageName', stage.fullName],
            ['CloseDate', endOfQuarter(ApexDate.today())]
        ]);
        if (!empty(lead.get('leadsource'))) m.set('LeadSource', lead.get('leadsource') as ApexPrimitive);
        const campaign = latestCampaign(db, lead);
        if (campaign) m.set('CampaignId', campaign);
        if (owner) m.set('OwnerId', owner);
        const o = insertOne('Opportunity', m);
        if (!(o instanceof ApexId)) return fail(o.statusCode, o.message, o.fields);
        res.opportunityId = o;
    }
    // the lead itself
    const upd = new SObject(leadInfo);
    upd.setRaw('Id', new ApexId(req.leadId));
    upd.setRaw('Status', req.convertedStatus);
    upd.setRaw('IsConverted', true);
    upd.setRaw('ConvertedAccountId', accountId);
    upd.setRaw('ConvertedContactId', contactId);
    upd.setRaw('ConvertedOpportunityId', res.opportunityId);
    upd.setRaw('ConvertedDate', ApexDate.today());
    const lr = runAttempt(env, 'update', [upd], [0], { allowReadOnlyFields: true })[0];
    if (!lr.success) return fail(lr.errors[0].statusCode, lr.errors[0].message, lr.errors[0].fields);
    res.success = true;
    return res;
}

/** Last day of the calendar quarter of `d` (fiscal quarter of an org without custom fiscal years starting in January). */
function endOfQuarter(d: ApexDate): ApexDate {
    const q = Math.floor((d.month() - 1) / 3);
    return ApexDate.newInstance(d.year(), q * 3 + 3, 1)
        .addMonths(1)
        .addDays(-1);
}

function latestCampaign(db: Database, lead: Row): ApexId | null {
    const id = (lead.get('id') as ApexId).value;
    const members = db.rows('CampaignMember').filter((r) => {
        const l = r.get('leadid');
        return l instanceof ApexId && l.value === id;
    });
    if (!members.length) return null;
    const last = members[members.length - 1];
    const c = last.get('campaignid');
    return c instanceof ApexId ? c : null;
}
