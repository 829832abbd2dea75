/**
 * Setup data seeded from force-app / a new org: standard profiles, ApexTrigger, StaticResource, EmailTemplate +
 * Folder, BusinessHours. Sources: Salesforce Help "Standard Profiles"; Object Reference pages for ApexTrigger,
 * StaticResource (Body, BodyLength, ContentType), EmailTemplate (DeveloperName, TemplateType, FolderId).
 */
import { Database } from '..';
import { SchemaRegistry } from '../../schema';
import { runQuery } from '../../soql';
import { ApexBlob, ApexInteger } from '../../values';
import { seededDb, writeProject } from '../../__tests__/support';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
function project(): string {
    return writeProject('apexrt-seed-', (w) => {
        w('triggers/AccountTrigger.trigger', 'trigger AccountTrigger on Account (before insert) { }');
        w(
            'triggers/AccountTrigger.trigger-meta.xml',
            `<?xml version="1.0"?><ApexTrigger ${NS}><apiVersion>66.0</apiVersion><status>Active</status></ApexTrigger>`
        );
        w('staticresources/sampleJson.json', '{"a":1}');
        w(
            'staticresources/sampleJson.resource-meta.xml',
            `<?xml version="1.0"?><StaticResource ${NS}><cacheControl>Private</cacheControl><contentType>application/json</contentType></StaticResource>`
        );
        w('email/Sales/Welcome.email', 'Hello {!Contact.FirstName}');
        w(
            'email/Sales/Welcome.email-meta.xml',
            `<?xml version="1.0"?><EmailTemplate ${NS}><available>true</available><encodingKey>UTF-8</encodingKey><name>Welcome mail</name><style>none</style><subject>Welcome</subject><type>text</type></EmailTemplate>`
        );
    });
}

const schema = SchemaRegistry.load(project());
let db: Database;
const rows = (text: string) => {
    const r = runQuery(text, { db, countLimits: false });
    if (r.kind !== 'records') throw new Error('x');
    return r.records;
};
beforeEach(() => {
    db = seededDb(schema);
});

test('standard profiles beyond the modelled three exist (Read Only, Chatter Free User …)', () => {
    expect(rows("SELECT Id FROM Profile WHERE Name = 'Read Only'").length).toBe(1);
    expect(rows("SELECT UserType FROM Profile WHERE Name = 'Chatter Free User'")[0].get('UserType')).toBe('CsnOnly');
});

test('ApexTrigger rows from force-app', () => {
    const t = rows('SELECT Name, TableEnumOrId, Status FROM ApexTrigger');
    expect(t.map((r) => [r.get('Name'), r.get('TableEnumOrId'), r.get('Status')])).toEqual([
        ['AccountTrigger', 'Account', 'Active']
    ]);
});

test('StaticResource rows with Body and BodyLength', () => {
    const sr = rows("SELECT Body, BodyLength, ContentType FROM StaticResource WHERE Name = 'sampleJson'")[0];
    expect((sr.get('Body') as ApexBlob).toString()).toBe('{"a":1}');
    expect((sr.get('BodyLength') as ApexInteger).value).toBe(7);
    expect(sr.get('ContentType')).toBe('application/json');
});

test('EmailTemplate rows with their Folder', () => {
    const t = rows(
        "SELECT Name, Subject, Body, TemplateType, IsActive, Folder.DeveloperName FROM EmailTemplate WHERE DeveloperName = 'Welcome'"
    )[0];
    expect(t.get('Name')).toBe('Welcome mail');
    expect(t.get('Subject')).toBe('Welcome');
    expect(t.get('Body')).toBe('Hello {!Contact.FirstName}');
    expect(t.get('IsActive')).toBe(true);
    expect(t.getParent('Folder')!.get('DeveloperName')).toBe('Sales');
});

test('picklist-master objects from the value sets (LeadStatus, OpportunityStage, CaseStatus, TaskStatus)', () => {
    expect(
        rows('SELECT MasterLabel FROM LeadStatus WHERE IsConverted = true').map((r) => r.get('MasterLabel'))
    ).toEqual(['Closed - Converted']);
    const won = rows(
        'SELECT ApiName, DefaultProbability, ForecastCategoryName FROM OpportunityStage WHERE IsClosed = true AND IsWon = true'
    );
    expect(won.map((r) => r.get('ApiName'))).toEqual(['Closed Won']);
    expect(String(won[0].get('DefaultProbability'))).toBe('100');
    expect(rows('SELECT ApiName FROM CaseStatus WHERE IsClosed = true').map((r) => r.get('ApiName'))).toEqual([
        'Closed'
    ]);
    expect(rows('SELECT ApiName FROM TaskStatus WHERE IsDefault = true').map((r) => r.get('ApiName'))).toEqual([
        'Not Started'
    ]);
});
