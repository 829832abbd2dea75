/**
 * The approval model beyond the T2 project `approval-locks` (which runs the AdminOnly rules as Apex tests): metadata
 * parsing of the shipped process, the AdminOrCurrentApprover rule, and the constructs refused as unsupported.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discover } from '../../project/project';
import { runTests } from '../../runner/runner';
import { SchemaRegistry } from '../../schema';
import { approvalProcesses } from '../definitions';

const repo = path.resolve(__dirname, '../../../../..');
const fixture = path.resolve(__dirname, '../../../conformance/t2/approval-locks');
const processFile = 'force-app/main/default/approvalProcesses/Account.Review.approvalProcess-meta.xml';

/** A copy of the T2 project with the process XML edited and one more test class; returns outcome per test. */
function runVariant(edit: (xml: string) => string, testBody: string): Record<string, string> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apex-approval-'));
    try {
        fs.cpSync(fixture, dir, { recursive: true });
        const file = path.join(dir, processFile);
        fs.writeFileSync(file, edit(fs.readFileSync(file, 'utf8')));
        const classes = path.join(dir, 'force-app/main/default/classes');
        fs.writeFileSync(
            path.join(classes, 'VariantTest.cls'),
            `@IsTest\nprivate class VariantTest {\n${testBody}\n}\n`
        );
        fs.copyFileSync(path.join(classes, 'ReviewNotes.cls-meta.xml'), path.join(classes, 'VariantTest.cls-meta.xml'));
        const r = runTests(discover(dir), { classes: ['VariantTest'], methods: [] });
        return Object.fromEntries(
            r.tests.map((t) => [t.methodName, t.outcome === 'Pass' ? 'Pass' : `${t.outcome}: ${t.message}`])
        );
    } finally {
        fs.rmSync(dir, { recursive: true, force: true });
    }
}

// users and a submitted Account, as in ReviewTest (Apex source shared by the variants)
const SETUP = `
    static User user(String name) {
        User u = new User(ProfileId = [SELECT Id FROM Profile WHERE Name = 'Standard User'].Id, LastName = name,
            Alias = name.left(8), Email = name + '@example.com', Username = name + '@variant.example.com.invalid',
            EmailEncodingKey = 'UTF-8', LanguageLocaleKey = 'en_US', LocaleSidKey = 'en_US', TimeZoneSidKey = 'GMT');
        System.runAs(new User(Id = UserInfo.getUserId())) {
            insert u;
            insert new PermissionSetAssignment(AssigneeId = u.Id,
                PermissionSetId = [SELECT Id FROM PermissionSet WHERE Name = 'Reviewer'].Id);
        }
        return u;
    }
    static Id submitted(User owner, User approver, Account a) {
        System.runAs(owner) {
            insert a;
            Approval.ProcessSubmitRequest r = new Approval.ProcessSubmitRequest();
            r.setObjectId(a.Id);
            r.setNextApproverIds(new List<Id>{ approver.Id });
            return Approval.process(r).getNewWorkitemIds()[0];
        }
        return null;
    }
    static void approve(User approver, Id workitem) {
        Approval.ProcessWorkitemRequest w = new Approval.ProcessWorkitemRequest();
        w.setWorkitemId(workitem);
        w.setAction('Approve');
        System.runAs(approver) {
            Approval.process(w);
        }
    }`;

describe('approval process metadata', () => {
    it("reads the package's own process with nothing it cannot model", () => {
        const defs = approvalProcesses(SchemaRegistry.load(repo));
        const d365 = defs.find((d) => d.fullName === 'Account.D365_Sync_Approval');
        expect(d365).toMatchObject({
            object: 'Account',
            active: true,
            recordEditability: 'AdminOnly',
            finalApprovalRecordLock: false,
            unsupported: []
        });
        expect(d365?.finalApproval).toEqual([
            {
                name: 'Mark_D365_Approved_By_Process',
                field: 'D365_Approved_By_Process__c',
                operation: 'Literal',
                literalValue: '1'
            },
            {
                name: 'Set_D365_Approved',
                field: 'D365_Approval_Status__c',
                operation: 'Literal',
                literalValue: 'Approved'
            }
        ]);
    });
    it.each([
        [
            'an entry-criteria formula',
            (x: string) => x.replace('<entryCriteria>', '<entryCriteria><formula>true</formula>'),
            'entry criteria formula'
        ],
        [
            'a queue approver',
            (x: string) => x.replace('<type>adhoc</type>', '<type>queue</type>'),
            'approver type queue'
        ],
        [
            'no final lock setting',
            (x: string) => x.replace(/<finalApprovalRecordLock>.*<\/finalApprovalRecordLock>/, ''),
            'finalApprovalRecordLock not set'
        ],
        [
            'an email alert',
            (x: string) => x.replace('<type>FieldUpdate</type>', '<type>Alert</type>'),
            'action of type Alert'
        ]
    ])('a process with %s is refused when used', (_name, edit, construct) => {
        const out = runVariant(
            edit,
            `${SETUP}
            @IsTest static void submit() { submitted(user('o'), user('a'), new Account(Name = 'x', Review_Status__c = 'Draft')); }`
        );
        expect(out.submit).toMatch(
            new RegExp(`^Unsupported: unsupported: approval process Account.Review: .*${construct}`)
        );
    });
});

describe('Manager approver (userHierarchyField)', () => {
    const manager = (x: string) =>
        x
            .replace('<type>adhoc</type>', '<type>userHierarchyField</type>')
            .replace(
                '<recordEditability>',
                '<nextAutomatedApprover><useApproverFieldOfRecordOwner>false</useApproverFieldOfRecordOwner><userHierarchyField>Manager</userHierarchyField></nextAutomatedApprover><recordEditability>'
            );
    it("assigns the submitter's manager, who approves", () => {
        const out = runVariant(
            manager,
            `${SETUP}
            @IsTest static void managerApproves() {
                User boss = user('boss');
                User owner = user('o');
                System.runAs(new User(Id = UserInfo.getUserId())) { update new User(Id = owner.Id, ManagerId = boss.Id); }
                Account a = new Account(Name = 'x', Review_Status__c = 'Draft');
                Approval.ProcessResult submitted;
                System.runAs(owner) {
                    insert a;
                    Approval.ProcessSubmitRequest r = new Approval.ProcessSubmitRequest();
                    r.setObjectId(a.Id);
                    submitted = Approval.process(r);
                }
                Assert.areEqual(boss.Id, submitted.getActorIds()[0]);
                ReviewNotes.mode = 'lookup';
                approve(boss, submitted.getNewWorkitemIds()[0]);
                Assert.areEqual('Approved', [SELECT Review_Status__c FROM Account WHERE Id = :a.Id].Review_Status__c);
            }
            @IsTest static void noManager() { submitted(user('o'), user('a'), new Account(Name = 'x', Review_Status__c = 'Draft')); }`
        );
        expect(out).toEqual({
            managerApproves: 'Pass',
            noManager: expect.stringMatching(
                /^Unsupported: unsupported: a Manager approver for a submitter without a manager/
            )
        });
    });
});

describe('AdminOrCurrentApprover', () => {
    const current = (x: string) =>
        x.replace('<recordEditability>AdminOnly<', '<recordEditability>AdminOrCurrentApprover<');
    it('lets the current approver (only) edit the pending record', () => {
        const out = runVariant(
            current,
            `${SETUP}
            @IsTest static void approverEdits() {
                User owner = user('o'); User approver = user('a');
                Account a = new Account(Name = 'x', Review_Status__c = 'Draft');
                submitted(owner, approver, a);
                System.runAs(approver) { update new Account(Id = a.Id, Name = 'by approver'); }
                System.runAs(owner) {
                    Database.SaveResult r = Database.update(new Account(Id = a.Id, Name = 'by owner'), false);
                    Assert.areEqual(StatusCode.ENTITY_IS_LOCKED, r.getErrors()[0].getStatusCode());
                }
                Assert.areEqual('by approver', [SELECT Name FROM Account WHERE Id = :a.Id].Name);
            }`
        );
        expect(out).toEqual({ approverEdits: 'Pass' });
    });
    it('refuses to decide whether the approver may write a detail while the final actions run', () => {
        const out = runVariant(
            current,
            `${SETUP}
            @IsTest static void approverTrigger() {
                User approver = user('a');
                Account a = new Account(Name = 'x', Review_Status__c = 'Draft');
                Id w = submitted(user('o'), approver, a);
                approve(approver, w);
            }`
        );
        expect(out.approverTrigger).toMatch(
            /^Unsupported: unsupported: the approver writing a record locked AdminOrCurrentApprover/
        );
    });
});

describe('master-detail lock inheritance', () => {
    it('refuses update and delete of a detail under a locked master, not of a lookup child', () => {
        const out = runVariant(
            (x) => x,
            `${SETUP}
            @IsTest static void t() {
                User owner = user('o');
                Account a = new Account(Name = 'x', Review_Status__c = 'Draft');
                Review_Note__c note = new Review_Note__c(Name = 'n');
                Review_Log__c log = new Review_Log__c(Name = 'l');
                System.runAs(owner) {
                    insert a;
                    note.Account__c = a.Id;
                    log.Account__c = a.Id;
                    insert note;
                    insert log;
                }
                Approval.ProcessSubmitRequest r = new Approval.ProcessSubmitRequest();
                r.setObjectId(a.Id);
                r.setNextApproverIds(new List<Id>{ user('a').Id });
                System.runAs(owner) {
                    Approval.process(r);
                    note.Name = 'changed';
                    Database.SaveResult u = Database.update(note, false);
                    Assert.areEqual(StatusCode.ENTITY_IS_LOCKED, u.getErrors()[0].getStatusCode());
                    Database.DeleteResult d = Database.delete(note, false);
                    Assert.areEqual(StatusCode.ENTITY_IS_LOCKED, d.getErrors()[0].getStatusCode());
                    log.Name = 'changed';
                    update log;
                }
            }`
        );
        expect(out).toEqual({ t: 'Pass' });
    });
});

describe('Approval.lock / unlock / isLocked', () => {
    it.each([
        [
            'lock by a user without Modify All Data',
            `User u = user('u'); System.runAs(u) { Approval.lock(a.Id); }`,
            'Approval.lock by a user without Modify All Data'
        ],
        ['locking a locked record', 'Approval.lock(a.Id); Approval.lock(a.Id);', 'Approval.lock of a locked record'],
        ['unlocking an unlocked record', 'Approval.unlock(a.Id);', 'Approval.unlock of an unlocked record'],
        [
            'isLocked of a detail locked through its master',
            "Review_Note__c n = new Review_Note__c(Name = 'n', Account__c = a.Id); insert n; Approval.lock(a.Id); Approval.isLocked(n.Id);",
            'Approval.isLocked of a detail record whose master is locked'
        ]
    ])('%s is unsupported', (_name, src, construct) => {
        const out = runVariant(
            (x) => x,
            `${SETUP}
            @IsTest static void t() { Account a = new Account(Name = 'x'); insert a; ${src} }`
        );
        expect(out.t).toMatch(new RegExp(`^Unsupported: unsupported: ${construct}`));
    });
    it('an admin lock blocks a standard user and counts as DML', () => {
        const out = runVariant(
            (x) => x,
            `${SETUP}
            @IsTest static void t() {
                User u = user('u');
                Account a = new Account(Name = 'x');
                System.runAs(u) { insert a; }
                Integer before = Limits.getDmlStatements();
                Approval.LockResult r = Approval.lock(a);
                Assert.areEqual(before + 1, Limits.getDmlStatements());
                Assert.isTrue(r.isSuccess());
                Assert.areEqual(a.Id, r.getId());
                Assert.areEqual(true, Approval.isLocked(new List<Id>{ a.Id }).get(a.Id));
                System.runAs(u) {
                    Database.DeleteResult d = Database.delete(a, false);
                    Assert.areEqual(StatusCode.ENTITY_IS_LOCKED, d.getErrors()[0].getStatusCode());
                }
            }`
        );
        expect(out).toEqual({ t: 'Pass' });
    });
});
