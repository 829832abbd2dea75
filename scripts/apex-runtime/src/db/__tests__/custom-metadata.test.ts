/**
 * X__mdt.getAll()/getInstance() data side (§2 #32): DeveloperName keys, lookup by DeveloperName / QualifiedApiName /
 * Id, long text truncated to 255 characters through these methods while SOQL returns the full value.
 */
import { CustomMetadata, Database } from '..';
import { SchemaRegistry } from '../../schema';
import { runQuery } from '../../soql';
import { ApexId } from '../../values';
import { seededDb, writeProject } from '../../__tests__/support';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';
const long = 'x'.repeat(300);
function project(): string {
    return writeProject('apexrt-cmdt-', (w) => {
        w(
            'objects/Cfg__mdt/Cfg__mdt.object-meta.xml',
            `<?xml version="1.0"?><CustomObject ${NS}><label>Cfg</label></CustomObject>`
        );
        w(
            'objects/Cfg__mdt/fields/Body__c.field-meta.xml',
            `<?xml version="1.0"?><CustomField ${NS}><fullName>Body__c</fullName><label>Body</label><type>LongTextArea</type><length>32768</length><visibleLines>3</visibleLines></CustomField>`
        );
        w(
            'objects/Cfg__mdt/fields/Short__c.field-meta.xml',
            `<?xml version="1.0"?><CustomField ${NS}><fullName>Short__c</fullName><label>Short</label><type>Text</type><length>255</length></CustomField>`
        );
        for (const [name, body] of [
            ['Beta', long],
            ['Alpha', 'short']
        ]) {
            w(
                `customMetadata/Cfg.${name}.md-meta.xml`,
                `<?xml version="1.0"?><CustomMetadata ${NS} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><label>${name} label</label><protected>false</protected>` +
                    `<values><field>Body__c</field><value xsi:type="xsd:string">${body}</value></values>` +
                    `<values><field>Short__c</field><value xsi:type="xsd:string">s-${name}</value></values></CustomMetadata>`
            );
        }
    });
}

const schema = SchemaRegistry.load(project());
let db: Database;
let cm: CustomMetadata;
beforeEach(() => {
    db = seededDb(schema);
    cm = new CustomMetadata(db);
});

test('getAll keys by DeveloperName; records carry the SOQL Ids', () => {
    const all = cm.getAll('Cfg__mdt');
    expect([...all.keys()]).toEqual(['Alpha', 'Beta']);
    const r = runQuery("SELECT Id, DeveloperName FROM Cfg__mdt WHERE DeveloperName = 'Beta'", {
        db,
        countLimits: false
    });
    if (r.kind !== 'records') throw new Error('x');
    expect((all.get('Beta')!.get('Id') as ApexId).value).toBe((r.records[0].get('Id') as ApexId).value);
    expect(all.get('Alpha')!.get('MasterLabel')).toBe('Alpha label');
});

test('long text is truncated to 255 through the accessors, full through SOQL', () => {
    expect((cm.getAll('Cfg__mdt').get('Beta')!.get('Body__c') as string).length).toBe(255);
    expect((cm.getInstance('Cfg__mdt', 'Beta')!.get('Body__c') as string).length).toBe(255);
    expect(cm.getInstance('Cfg__mdt', 'Alpha')!.get('Body__c')).toBe('short');
    const r = runQuery("SELECT Body__c FROM Cfg__mdt WHERE DeveloperName = 'Beta'", { db, countLimits: false });
    if (r.kind !== 'records') throw new Error('x');
    expect((r.records[0].get('Body__c') as string).length).toBe(300);
});

test('getInstance by DeveloperName (any case), QualifiedApiName or Id; unknown → null', () => {
    const beta = cm.getInstance('Cfg__mdt', 'beta')!;
    expect(beta.get('Short__c')).toBe('s-Beta');
    const id = beta.get('Id') as ApexId;
    expect(cm.getInstance('Cfg__mdt', id)!.get('DeveloperName')).toBe('Beta');
    expect(cm.getInstance('Cfg__mdt', id.value.slice(0, 15))!.get('DeveloperName')).toBe('Beta');
    expect(cm.getInstance('Cfg__mdt', 'Nope')).toBeNull();
    // copies: changing one does not change the next call
    beta.setRaw('Short__c', 'changed');
    expect(cm.getInstance('Cfg__mdt', 'Beta')!.get('Short__c')).toBe('s-Beta');
});
