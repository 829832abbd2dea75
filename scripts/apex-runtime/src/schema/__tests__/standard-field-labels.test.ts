/**
 * Standard field labels and the catalogue's types/lengths against the Salesforce Field Reference guide
 * (schema/standard-field-labels.ts: rows read from the pages named per object, e.g.
 * https://developer.salesforce.com/docs/platform/field-reference/references/field-reference/salesforce-field-reference-account.html).
 * The catalogue (standard-objects.json) and the collected rows must not drift apart.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { SchemaRegistry, describeField } from './_imports';
import { STANDARD_FIELD_LABELS } from '../standard-field-labels';

// Field Reference "Type" column → DisplayType of Describe
const DISPLAY: Record<string, string> = { int: 'INTEGER' };

describe('standard field labels (Field Reference)', () => {
    const s = SchemaRegistry.standard();

    it('gives the listed label, including the "… ID" label of Id and lookup fields', () => {
        expect(s.getField('Account', 'Name')!.label).toBe('Account Name');
        expect(s.getField('Account', 'Id')!.label).toBe('Account ID');
        expect(s.getField('Contact', 'AccountId')!.label).toBe('Account ID');
        expect(s.getField('Opportunity', 'IsClosed')!.label).toBe('Closed');
        expect(s.getField('OpportunityLineItem', 'UnitPrice')!.label).toBe('Sales Price');
    });

    it('leaves fields the collected rows do not list unknown', () => {
        // Task.TaskSubtype is past the part of the describe result that was read; Lead.HasOptedOutOfEmail is not in it
        expect(s.getField('Task', 'TaskSubtype')!.label).toBeUndefined();
        expect(s.getField('Opportunity', 'NextStep')!.label).toBe('Next Step');
        expect(s.getField('Lead', 'HasOptedOutOfEmail')!.label).toBeUndefined();
    });

    it('gives the describe labels of activities, orders and price books (lwrfileupload describe results)', () => {
        expect(s.getField('Task', 'ActivityDate')!.label).toBe('Due Date Only');
        expect(s.getField('Task', 'WhatId')!.label).toBe('Related To ID');
        expect(s.getField('Event', 'OwnerId')!.label).toBe('Assigned To ID');
        expect(s.getField('Contact', 'Phone')!.label).toBe('Business Phone');
        expect(s.getField('Order', 'EffectiveDate')!.label).toBe('Order Start Date');
        expect(s.getField('Pricebook2', 'IsStandard')!.label).toBe('Is Standard Price Book');
    });

    it('Task and Event Subject are comboboxes (Schema.DisplayType COMBOBOX) with suggested values', () => {
        const task = s.getObject('Task')!;
        const d = describeField(task, task.fields.get('subject')!);
        expect(d.type).toBe('COMBOBOX');
        expect(d.soapType).toBe('STRING');
        expect(d.length).toBe(255);
        expect(d.picklistValues.map((p) => p.value)).toEqual(['Call', 'Email', 'Send Letter', 'Send Quote', 'Other']);
    });

    it('gives the labels of the later Account rows (UI API objectInfo of lwc-recipes)', () => {
        expect(s.getField('Account', 'OwnerId')!.label).toBe('Owner ID');
        expect(s.getField('Account', 'ParentId')!.label).toBe('Parent Account ID');
        expect(s.getField('Account', 'Website')!.label).toBe('Website');
        expect(s.getField('Account', 'ShippingPostalCode')!.label).toBe('Shipping Zip/Postal Code');
        expect(s.getField('Account', 'Rating')!.label).toBe('Account Rating');
    });

    it('User has no Nickname field: "Nickname" is the label of CommunityNickname', () => {
        expect(s.getField('User', 'Nickname')).toBeUndefined();
        expect(s.getField('User', 'CommunityNickname')!.label).toBe('Nickname');
    });

    it('every collected row names a catalogued object; its catalogued fields agree in type and size', () => {
        const problems: string[] = [];
        for (const [obj, ref] of Object.entries(STANDARD_FIELD_LABELS)) {
            const info = s.getObject(obj);
            if (!info) {
                problems.push(`${obj}: not catalogued`);
                continue;
            }
            expect(ref.sources.length).toBeGreaterThan(0);
            for (const [name, [label, type, length, precision, scale]] of Object.entries(ref.fields)) {
                const f = info.fields.get(name.toLowerCase());
                if (!f) continue; // listed on the page, not catalogued: nothing to compare
                expect(f.label).toBe(label);
                const d = describeField(info, f);
                const want = DISPLAY[type] ?? type.toUpperCase();
                if (d.type !== want) problems.push(`${obj}.${name}: type ${d.type}, Field Reference ${type}`);
                if (length !== undefined && d.length !== length)
                    problems.push(`${obj}.${name}: length ${d.length}, Field Reference ${length}`);
                if (precision !== undefined && (d.precision !== precision || d.scale !== scale))
                    problems.push(
                        `${obj}.${name}: (${d.precision},${d.scale}), Field Reference (${precision},${scale})`
                    );
            }
        }
        expect(problems).toEqual([]);
    });

    function projectWith(files: Record<string, string>): SchemaRegistry {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sfl-'));
        fs.writeFileSync(
            path.join(dir, 'sfdx-project.json'),
            JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }] })
        );
        for (const [rel, text] of Object.entries(files)) {
            const p = path.join(dir, 'force-app/main/default', rel);
            fs.mkdirSync(path.dirname(p), { recursive: true });
            fs.writeFileSync(p, text);
        }
        return SchemaRegistry.load(dir);
    }

    it('a project field-meta.xml for a standard field makes its label unknown', () => {
        const s2 = projectWith({
            'objects/Account/fields/Industry.field-meta.xml':
                '<?xml version="1.0" encoding="UTF-8"?><CustomField xmlns="http://soap.sforce.com/2006/04/metadata">' +
                '<fullName>Industry</fullName><label>Sector</label><type>Picklist</type></CustomField>'
        });
        expect(s2.getField('Account', 'Industry')!.label).toBeUndefined();
        expect(s2.getField('Account', 'Name')!.label).toBe('Account Name');
    });

    it('a translation of a standard object (either source format) makes its field labels unknown', () => {
        const whole = projectWith({
            'objectTranslations/Account-en_US/Account-en_US.objectTranslation-meta.xml':
                '<?xml version="1.0" encoding="UTF-8"?><CustomObjectTranslation xmlns="http://soap.sforce.com/2006/04/metadata"/>'
        });
        expect(whole.getField('Account', 'Name')!.label).toBeUndefined();
        expect(whole.getField('Contact', 'AccountId')!.label).toBe('Account ID');
        const decomposed = projectWith({
            'objectTranslations/Contact-en_US/AccountId.fieldTranslation-meta.xml':
                '<?xml version="1.0" encoding="UTF-8"?><CustomFieldTranslation xmlns="http://soap.sforce.com/2006/04/metadata">' +
                '<label>Company</label><name>AccountId</name></CustomFieldTranslation>'
        });
        expect(decomposed.getField('Contact', 'AccountId')!.label).toBeUndefined();
    });
});
