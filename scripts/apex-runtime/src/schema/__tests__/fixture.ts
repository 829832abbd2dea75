/** Writes a tiny SFDX project into a temp dir for schema/db/soql/dml tests (no -meta.xml in the repo). */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const NS = 'xmlns="http://soap.sforce.com/2006/04/metadata"';

function field(name: string, body: string): string {
    return `<?xml version="1.0" encoding="UTF-8"?>\n<CustomField ${NS}>\n<fullName>${name}</fullName>\n<label>${name}</label>\n${body}\n</CustomField>`;
}
function picklist(values: string[], def: string | null, restricted: boolean): string {
    return `<type>Picklist</type><valueSet><restricted>${restricted}</restricted><valueSetDefinition><sorted>false</sorted>${values
        .map((v) => `<value><fullName>${v}</fullName><default>${v === def}</default><label>${v}</label></value>`)
        .join('')}</valueSetDefinition></valueSet>`;
}

export function writeFixtureProject(opts: { automation?: boolean } = {}): string {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'apexrt-schema-'));
    const base = path.join(root, 'force-app/main/default');
    const w = (rel: string, text: string) => {
        const p = path.join(base, rel);
        fs.mkdirSync(path.dirname(p), { recursive: true });
        fs.writeFileSync(p, text);
    };
    fs.writeFileSync(
        path.join(root, 'sfdx-project.json'),
        JSON.stringify({ packageDirectories: [{ path: 'force-app', default: true }], sourceApiVersion: '66.0' })
    );
    // Account extension fields
    w(
        'objects/Account/fields/Approval__c.field-meta.xml',
        field('Approval__c', picklist(['Draft', 'Approved'], 'Draft', true))
    );
    w(
        'objects/Account/fields/Ext_Key__c.field-meta.xml',
        field(
            'Ext_Key__c',
            '<type>Text</type><length>50</length><externalId>true</externalId><unique>true</unique><caseSensitive>false</caseSensitive>'
        )
    );
    w(
        'objects/Account/fields/Tags__c.field-meta.xml',
        field(
            'Tags__c',
            '<type>MultiselectPicklist</type><visibleLines>3</visibleLines><valueSet><valueSetDefinition><sorted>false</sorted>' +
                ['A', 'B', 'C']
                    .map((v) => `<value><fullName>${v}</fullName><default>false</default><label>${v}</label></value>`)
                    .join('') +
                '</valueSetDefinition></valueSet>'
        )
    );
    w(
        'objects/Account/fields/Tier__c.field-meta.xml',
        field(
            'Tier__c',
            '<type>Picklist</type><valueSet><valueSetDefinition><sorted>false</sorted>' +
                '<value><fullName>G</fullName><default>false</default><label>Gold</label></value>' +
                '<value><fullName>S</fullName><default>false</default><label>Silver</label></value></valueSetDefinition></valueSet>'
        )
    );
    // Outbox-like detail object
    w(
        'objects/Req__c/Req__c.object-meta.xml',
        `<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject ${NS}><label>Req</label><nameField><displayFormat>REQ-{0000}</displayFormat><label>Number</label><type>AutoNumber</type></nameField><sharingModel>ControlledByParent</sharingModel></CustomObject>`
    );
    w(
        'objects/Req__c/fields/Account__c.field-meta.xml',
        field(
            'Account__c',
            '<referenceTo>Account</referenceTo><relationshipName>Reqs</relationshipName><type>MasterDetail</type>'
        )
    );
    w(
        'objects/Req__c/fields/Status__c.field-meta.xml',
        field('Status__c', picklist(['Queued', 'Done'], 'Queued', true))
    );
    w('objects/Req__c/fields/Reason__c.field-meta.xml', field('Reason__c', picklist(['A', 'B'], null, false)));
    w(
        'objects/Req__c/fields/Open_Key__c.field-meta.xml',
        field(
            'Open_Key__c',
            '<type>Text</type><length>18</length><externalId>true</externalId><unique>true</unique><caseSensitive>true</caseSensitive>'
        )
    );
    w(
        'objects/Req__c/fields/Attempts__c.field-meta.xml',
        field(
            'Attempts__c',
            '<type>Number</type><precision>3</precision><scale>0</scale><defaultValue>0</defaultValue>'
        )
    );
    w(
        'objects/Req__c/fields/Amount__c.field-meta.xml',
        field('Amount__c', '<type>Currency</type><precision>16</precision><scale>2</scale>')
    );
    w(
        'objects/Req__c/fields/Note__c.field-meta.xml',
        field('Note__c', '<type>Text</type><length>10</length><required>true</required>')
    );
    w(
        'objects/Req__c/fields/Body__c.field-meta.xml',
        field('Body__c', '<type>LongTextArea</type><length>32768</length><visibleLines>3</visibleLines>')
    );
    w('objects/Req__c/fields/Due__c.field-meta.xml', field('Due__c', '<type>DateTime</type>'));
    w(
        'objects/Req__c/fields/Flag__c.field-meta.xml',
        field('Flag__c', '<type>Checkbox</type><defaultValue>true</defaultValue>')
    );
    w(
        'objects/Req__c/fields/Calc__c.field-meta.xml',
        field(
            'Calc__c',
            '<type>Number</type><precision>18</precision><scale>0</scale><formula>Attempts__c * 2</formula>'
        )
    );
    // Attempt: child of Req
    w(
        'objects/Att__c/Att__c.object-meta.xml',
        `<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject ${NS}><label>Att</label><nameField><label>Name</label><type>Text</type></nameField><sharingModel>ControlledByParent</sharingModel></CustomObject>`
    );
    w(
        'objects/Att__c/fields/Req__c.field-meta.xml',
        field(
            'Req__c',
            '<referenceTo>Req__c</referenceTo><relationshipName>Atts</relationshipName><type>MasterDetail</type>'
        )
    );
    w(
        'objects/Att__c/fields/Contact__c.field-meta.xml',
        field(
            'Contact__c',
            '<referenceTo>Contact</referenceTo><relationshipName>Atts</relationshipName><type>Lookup</type><deleteConstraint>SetNull</deleteConstraint>'
        )
    );
    // custom metadata type + record
    w(
        'objects/Setting__mdt/Setting__mdt.object-meta.xml',
        `<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject ${NS}><label>Setting</label></CustomObject>`
    );
    w(
        'objects/Setting__mdt/fields/Enabled__c.field-meta.xml',
        field('Enabled__c', '<type>Checkbox</type><defaultValue>false</defaultValue>')
    );
    w(
        'objects/Setting__mdt/fields/Batch_Size__c.field-meta.xml',
        field('Batch_Size__c', '<type>Number</type><precision>3</precision><scale>0</scale>')
    );
    w('objects/Setting__mdt/fields/Path__c.field-meta.xml', field('Path__c', '<type>Text</type><length>255</length>'));
    w(
        'objects/Setting__mdt/fields/Rate__c.field-meta.xml',
        field('Rate__c', '<type>Number</type><precision>5</precision><scale>2</scale>')
    );
    w(
        'customMetadata/Setting.Default.md-meta.xml',
        `<?xml version="1.0" encoding="UTF-8"?>\n<CustomMetadata ${NS} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><label>Default Setting</label><protected>false</protected>` +
            `<values><field>Enabled__c</field><value xsi:type="xsd:boolean">true</value></values>` +
            `<values><field>Batch_Size__c</field><value xsi:type="xsd:double">50</value></values>` +
            `<values><field>Rate__c</field><value xsi:type="xsd:double">1.5</value></values>` +
            `<values><field>Path__c</field><value xsi:nil="true"/></values></CustomMetadata>`
    );
    w(
        'customMetadata/Setting.Other.md-meta.xml',
        `<?xml version="1.0" encoding="UTF-8"?>\n<CustomMetadata ${NS} xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance" xmlns:xsd="http://www.w3.org/2001/XMLSchema"><label>Other</label><protected>false</protected>` +
            `<values><field>Enabled__c</field><value xsi:type="xsd:boolean">false</value></values>` +
            `<values><field>Path__c</field><value xsi:type="xsd:string">/x</value></values></CustomMetadata>`
    );
    // approval-process field updates only: must NOT count as automation
    w(
        'workflows/Account.workflow-meta.xml',
        `<?xml version="1.0" encoding="UTF-8"?>\n<Workflow ${NS}><fieldUpdates><fullName>Set_Approved</fullName><field>Approval__c</field><literalValue>Approved</literalValue><name>Set Approved</name><operation>Literal</operation><protected>false</protected></fieldUpdates></Workflow>`
    );
    // permissions
    w(
        'customPermissions/Integration_User.customPermission-meta.xml',
        `<?xml version="1.0" encoding="UTF-8"?>\n<CustomPermission ${NS}><label>Integration User</label></CustomPermission>`
    );
    w(
        'permissionsets/Integration.permissionset-meta.xml',
        `<?xml version="1.0" encoding="UTF-8"?>\n<PermissionSet ${NS}><customPermissions><enabled>true</enabled><name>Integration_User</name></customPermissions><label>Integration</label></PermissionSet>`
    );
    w('classes/Foo.cls', 'public class Foo {}');
    // custom settings: one hierarchy, one list
    w(
        'objects/Hier__c/Hier__c.object-meta.xml',
        `<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject ${NS}><customSettingsType>Hierarchy</customSettingsType><label>Hier</label><visibility>Public</visibility></CustomObject>`
    );
    w(
        'objects/Hier__c/fields/Flag__c.field-meta.xml',
        field('Flag__c', '<type>Checkbox</type><defaultValue>false</defaultValue>')
    );
    w(
        'objects/Hier__c/fields/Limit__c.field-meta.xml',
        field('Limit__c', '<type>Number</type><precision>5</precision><scale>0</scale>')
    );
    w(
        'objects/Codes__c/Codes__c.object-meta.xml',
        `<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject ${NS}><customSettingsType>List</customSettingsType><label>Codes</label><visibility>Public</visibility></CustomObject>`
    );
    w('objects/Codes__c/fields/Value__c.field-meta.xml', field('Value__c', '<type>Text</type><length>50</length>'));
    // access model fixtures: a reader permission set and a Private custom object
    w(
        'permissionsets/Req_Reader.permissionset-meta.xml',
        `<?xml version="1.0" encoding="UTF-8"?>\n<PermissionSet ${NS}><fieldPermissions><editable>false</editable><field>Req__c.Status__c</field><readable>true</readable></fieldPermissions>` +
            `<label>Req Reader</label><objectPermissions><allowCreate>false</allowCreate><allowDelete>false</allowDelete><allowEdit>false</allowEdit><allowRead>true</allowRead><modifyAllRecords>false</modifyAllRecords><object>Req__c</object><viewAllRecords>false</viewAllRecords></objectPermissions>` +
            `<objectPermissions><allowCreate>false</allowCreate><allowDelete>false</allowDelete><allowEdit>false</allowEdit><allowRead>true</allowRead><modifyAllRecords>false</modifyAllRecords><object>Priv__c</object><viewAllRecords>false</viewAllRecords></objectPermissions></PermissionSet>`
    );
    w(
        'objects/Priv__c/Priv__c.object-meta.xml',
        `<?xml version="1.0" encoding="UTF-8"?>\n<CustomObject ${NS}><label>Priv</label><nameField><label>Name</label><type>Text</type></nameField><sharingModel>Private</sharingModel></CustomObject>`
    );
    if (opts.automation) {
        w(
            'objects/Contact/validationRules/Need_Email.validationRule-meta.xml',
            `<?xml version="1.0" encoding="UTF-8"?>\n<ValidationRule ${NS}><fullName>Need_Email</fullName><active>true</active><errorConditionFormula>ISBLANK(Email)</errorConditionFormula><errorMessage>x</errorMessage></ValidationRule>`
        );
        w(
            'flows/Req_Flow.flow-meta.xml',
            `<?xml version="1.0" encoding="UTF-8"?>\n<Flow ${NS}><label>F</label><processType>AutoLaunchedFlow</processType><start><object>Req__c</object><recordTriggerType>Create</recordTriggerType><triggerType>RecordAfterSave</triggerType></start><status>Active</status></Flow>`
        );
        w(
            'workflows/Contact.workflow-meta.xml',
            `<?xml version="1.0" encoding="UTF-8"?>\n<Workflow ${NS}><rules><fullName>R1</fullName><active>true</active><triggerType>onCreateOnly</triggerType></rules></Workflow>`
        );
    }
    return root;
}
