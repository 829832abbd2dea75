/**
 * Schema loading. Expectations follow the Metadata API Developer Guide (CustomObject, CustomField,
 * CustomMetadata) and docs/data-model.md ("Runtime notes for metadata": approval field updates never fire
 * on plain DML).
 */
import * as fs from 'fs';
import * as path from 'path';
import { SchemaRegistry, parseFieldSpec, ApexDecimal, describeSObject, defaultLabel } from './_imports';
import { writeFixtureProject } from './fixture';

describe('standard catalogue', () => {
    const s = SchemaRegistry.standard();
    it('knows the standard objects with key prefixes (Object Reference)', () => {
        expect(s.getObject('account')!.keyPrefix).toBe('001');
        expect(s.getObject('CONTACT')!.keyPrefix).toBe('003');
        expect(s.getObject('User')!.keyPrefix).toBe('005');
        expect(s.getObject('Profile')!.keyPrefix).toBe('00e');
        expect(s.objectByKeyPrefix('0PS')!.name).toBe('PermissionSet');
        expect(s.isSObjectType('Foo__c')).toBe(false);
    });
    it('has required fields, audit fields and relationships', () => {
        const name = s.getField('Account', 'name')!;
        expect(name.required).toBe(true);
        expect(name.length).toBe(255);
        expect(s.getField('Account', 'CreatedDate')!.createable).toBe(false);
        expect(s.getField('Account', 'OwnerId')!.relationshipName).toBe('Owner');
        expect(s.getField('User', 'OwnerId')).toBeUndefined();
        expect(s.getField('Account', 'NumberOfEmployees')!.apexType).toBe('Integer');
        expect(s.getField('Account', 'AnnualRevenue')!.apexType).toBe('Decimal');
        expect(s.getObject('Account')!.childRelationships.get('contacts')!.childObject).toBe('Contact');
        expect(s.relationshipField('Contact', 'account')!.name).toBe('AccountId');
        expect(s.getField('User', 'ProfileId')!.required).toBe(true);
        expect(s.getObject('AsyncApexJob')!.createable).toBe(false);
    });
    it('parses the field DSL', () => {
        const f = parseFieldSpec('Status', 'Picklist[New|Closed] req default=New restricted');
        expect(f.required).toBe(true);
        expect(f.restrictedPicklist).toBe(true);
        expect(f.picklistValues!.find((p) => p.isDefault)!.value).toBe('New');
        expect(f.defaultValue).toBe("'New'");
    });
});

describe('standard object labels', () => {
    it("are a new org's defaults, and unknown once the project ships a rename (objectTranslations)", () => {
        const plain = SchemaRegistry.standard().getObject('Product2')!;
        expect([plain.label, plain.labelPlural, plain.standardLabelsKnown]).toEqual(['Product', 'Products', true]);
        expect(SchemaRegistry.standard().getObject('ContentVersion')!.standardLabelsKnown).toBe(false);
        const root = writeFixtureProject();
        const tr = path.join(root, 'force-app/main/default/objectTranslations/Account-en_US');
        fs.mkdirSync(tr, { recursive: true });
        fs.writeFileSync(
            path.join(tr, 'Account-en_US.objectTranslation-meta.xml'),
            '<?xml version="1.0" encoding="UTF-8"?><CustomObjectTranslation xmlns="http://soap.sforce.com/2006/04/metadata"/>'
        );
        const renamed = SchemaRegistry.load(root);
        expect(renamed.getObject('Account')!.standardLabelsKnown).toBe(false);
        expect(renamed.getObject('Contact')!.standardLabelsKnown).toBe(true);
    });
});

describe('project metadata (fixture)', () => {
    const s = SchemaRegistry.load(writeFixtureProject());
    it('loads custom objects, AutoNumber name field and Master-Detail without OwnerId', () => {
        const req = s.getObject('req__c')!;
        expect(req.custom).toBe(true);
        expect(req.keyPrefix).toMatch(/^a[0-9A-Z]{2}$/);
        const name = req.fields.get('name')!;
        expect(name.type).toBe('AutoNumber');
        expect(name.displayFormat).toBe('REQ-{0000}');
        expect(name.createable).toBe(false);
        expect(req.fields.has('ownerid')).toBe(false); // detail objects have no owner
        // a Text Name field of a custom object is required (Metadata API CustomObject nameField)
        expect(s.getField('Att__c', 'Name')!.required).toBe(true);
        const acc = req.fields.get('account__c')!;
        expect(acc.type).toBe('MasterDetail');
        expect(acc.required).toBe(true);
        expect(acc.relationshipName).toBe('Account__r');
        expect(s.getObject('Account')!.childRelationships.get('reqs__r')).toEqual({
            name: 'Reqs__r',
            childObject: 'Req__c',
            field: 'Account__c',
            cascadeDelete: true,
            restrictedDelete: false
        });
        // a lookup's deleteConstraint (Metadata API "CustomField"): SetNull neither cascades nor restricts
        expect(s.getField('Att__c', 'Contact__c')!.deleteConstraint).toBe('SetNull');
        expect(s.getObject('Contact')!.childRelationships.get('atts__r')).toMatchObject({
            cascadeDelete: false,
            restrictedDelete: false
        });
    });
    it('reads field attributes', () => {
        const key = s.getField('Req__c', 'Open_Key__c')!;
        expect([key.unique, key.externalId, key.caseSensitive, key.length]).toEqual([true, true, true, 18]);
        const st = s.getField('Req__c', 'Status__c')!;
        expect(st.restrictedPicklist).toBe(true);
        expect(st.picklistValues!.map((p) => p.value)).toEqual(['Queued', 'Done']);
        expect(s.getField('Req__c', 'Attempts__c')!.defaultValue).toBe('0');
        expect(s.getField('Req__c', 'Calc__c')!.formula).toBe('Attempts__c * 2');
        expect(s.getField('Req__c', 'Flag__c')!.apexType).toBe('Boolean');
        expect(s.getField('Account', 'Approval__c')!.custom).toBe(true);
    });
    it('loads custom metadata records with typed values', () => {
        const recs = s.customMetadataRecords('Setting__mdt');
        expect(recs.map((r) => r.developerName).sort()).toEqual(['Default', 'Other']);
        const d = recs.find((r) => r.developerName === 'Default')!;
        expect(d.values.get('enabled__c')).toBe(true);
        expect((d.values.get('batch_size__c') as ApexDecimal).toString()).toBe('50');
        expect((d.values.get('rate__c') as ApexDecimal).toString()).toBe('1.50');
        expect(d.values.get('path__c')).toBeNull();
        expect(d.values.get('masterlabel')).toBe('Default Setting');
        expect(d.values.get('qualifiedapiname')).toBe('Default');
        expect(s.getObject('Setting__mdt')!.isCustomMetadata).toBe(true);
        expect(s.getObject('Setting__mdt')!.createable).toBe(false);
    });
    it('approval field updates are not automation; permission sets and classes are collected', () => {
        expect(s.getObject('Account')!.automation).toEqual([]);
        expect(s.setup.permissionSets[0]).toMatchObject({
            name: 'Integration',
            customPermissions: ['Integration_User']
        });
        expect(s.setup.customPermissions[0].name).toBe('Integration_User');
        expect(s.setup.apexClasses).toContain('Foo');
    });
});

describe('automation detection', () => {
    const s = SchemaRegistry.load(writeFixtureProject({ automation: true }));
    it('flags validation rules, record-triggered flows and workflow rules', () => {
        expect(
            s
                .getObject('Contact')!
                .automation.map((a) => a.kind)
                .sort()
        ).toEqual(['ValidationRule', 'WorkflowRule']);
        expect(s.getObject('Req__c')!.automation.map((a) => a.kind)).toEqual(['RecordTriggeredFlow']);
    });
});

describe('this repository', () => {
    const s = SchemaRegistry.load(path.resolve(__dirname, '../../../../..'));
    it('loads the outbox object and settings from docs/data-model.md', () => {
        const req = s.getObject('D365_Sync_Request__c');
        expect(req).toBeDefined();
        expect(req!.fields.get('name')!.displayFormat).toBe('DSR-{00000000}');
        expect(s.getField('D365_Sync_Request__c', 'Open_Account_Key__c')!.caseSensitive).toBe(true);
        const def = s.customMetadataRecords('D365_Sync_Setting__mdt').find((r) => r.developerName === 'Default');
        expect(def!.values.get('enabled__c')).toBe(false); // shipped off: enabled after URL and key
        // approval-process field updates in workflows/Account.workflow-meta.xml must not be automation
        expect(s.getObject('Account')!.automation.filter((a) => a.kind === 'WorkflowRule')).toEqual([]);
    });
});

describe('describe data (DescribeSObjectResult / DescribeFieldResult, Schema.DisplayType)', () => {
    const s = SchemaRegistry.load(writeFixtureProject());
    it('maps field types and attributes', () => {
        const d = describeSObject(s.getObject('Req__c')!);
        expect(d.keyPrefix).toBe(s.getObject('Req__c')!.keyPrefix);
        expect([...d.fields.keys()]).toContain('status__c');
        const st = d.fields.get('status__c')!;
        expect([st.type, st.soapType, st.restrictedPicklist, st.picklistValues.map((p) => p.value)]).toEqual([
            'PICKLIST',
            'STRING',
            true,
            ['Queued', 'Done']
        ]);
        expect(d.fields.get('account__c')!.type).toBe('REFERENCE');
        expect(d.fields.get('account__c')!.relationshipName).toBe('Account__r');
        expect(d.fields.get('name')!.autoNumber).toBe(true);
        expect(d.fields.get('calc__c')!.calculated).toBe(true);
        expect(d.fields.get('amount__c')!.type).toBe('CURRENCY');
        expect(d.fields.get('note__c')!.nillable).toBe(false);
        expect(describeSObject(s.getObject('Account')!).childRelationships.map((c) => c.relationshipName)).toContain(
            'Reqs__r'
        );
        expect(describeSObject(s.getObject('Account')!).fields.get('numberofemployees')!.type).toBe('INTEGER');
        expect(defaultLabel('BillingCity')).toBe('Billing City');
        expect(defaultLabel('AccountId')).toBe('Account ID');
    });
});
