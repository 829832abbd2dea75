/**
 * Platform async services used by public projects: System.abortJob (scheduled and queued jobs), here against this
 * package's own D365SyncRetryJob.scheduleEvery (abort the "D365 Sync Retry :%" jobs found through CronTrigger,
 * then schedule again). The rules themselves are in T2 `abort-job`.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Program } from '../src/interp/interpreter';
import { loadProgram } from '../src/project/load';
import { discover } from '../src/project/project';
import { Session } from '../src/session';

const root = path.resolve(__dirname, '../../..');

const runInPackage = (src: string) => {
    const s = new Session(loadProgram(discover(root)), { projectDir: root });
    const o = s.runAnonymous(src, 'snippet.apex');
    return { o, debug: s.debug.map((d) => d.message) };
};
const run = (src: string) => {
    const s = new Session(new Program());
    const o = s.runAnonymous(src, 'snippet.apex');
    return { o, debug: s.debug.map((d) => d.message) };
};

describe('System.abortJob', () => {
    it('D365SyncRetryJob.scheduleEvery replaces the earlier schedule instead of failing on duplicate names', () => {
        const r = runInPackage(`
            List<Id> first = D365SyncRetryJob.scheduleEvery(15);
            System.debug([SELECT COUNT() FROM CronTrigger WHERE CronJobDetail.Name LIKE 'D365 Sync Retry :%']);
            List<Id> second = D365SyncRetryJob.scheduleEvery(30);
            System.debug([SELECT COUNT() FROM CronTrigger WHERE CronJobDetail.Name LIKE 'D365 Sync Retry :%']);
            System.debug([SELECT COUNT() FROM CronTrigger WHERE Id IN :first]);
            for (CronTrigger ct : [SELECT CronExpression FROM CronTrigger WHERE Id IN :second ORDER BY CronExpression])
                System.debug(ct.CronExpression);
        `);
        expect(r).toEqual({ o: { kind: 'ok' }, debug: ['4', '2', '0', '0 0 * * * ?', '0 30 * * * ?'] });
    });
    it('an unknown job Id is unsupported (the platform result is not documented)', () => {
        expect(run("System.abortJob('7075h0000000001AAA');").o).toMatchObject({
            kind: 'unsupported',
            construct: 'System.abortJob of a job that is not scheduled or queued in this run'
        });
        expect(run('System.abortJob(null);').o).toMatchObject({ kind: 'unsupported' });
    });
    it('a queued Queueable aborted in an anonymous run never runs', () => {
        const r = run(`
            public class Q implements Queueable { public void execute(QueueableContext c) { System.debug('ran'); } }
            Id j = System.enqueueJob(new Q());
            System.abortJob(j);
            System.debug([SELECT Status FROM AsyncApexJob WHERE Id = :j].Status);
        `);
        expect(r).toEqual({ o: { kind: 'ok' }, debug: ['Aborted'] });
    });
});

describe('Messaging.sendEmail', () => {
    const mail = (extra = '') => `
        Messaging.SingleEmailMessage m = new Messaging.SingleEmailMessage();
        m.setToAddresses(new List<String>{ 'ops@example.com' });
        m.setSubject('S');
        m.setPlainTextBody('P');
        ${extra}`;
    it('records accepted messages in the session outbox (nothing is sent)', () => {
        const s = new Session(new Program());
        const o = s.runAnonymous(`${mail("m.setCcAddresses(new List<String>{ 'cc@example.com' });")}
            Messaging.sendEmail(new List<Messaging.Email>{ m });`);
        expect(o).toEqual({ kind: 'ok' });
        expect(s.it.services.sentEmails).toEqual([
            expect.objectContaining({
                to: ['ops@example.com'],
                cc: ['cc@example.com'],
                subject: 'S',
                plainTextBody: 'P'
            })
        ]);
    });
    it.each([
        [
            'a callout after sendEmail',
            'HTTP callout after Messaging.sendEmail',
            `Messaging.sendEmail(new List<Messaging.Email>{ m });
            HttpRequest r = new HttpRequest(); r.setEndpoint('https://example.com'); r.setMethod('GET'); new Http().send(r);`
        ],
        [
            'saveAsActivity left at its default with a target',
            'Messaging.sendEmail with saveAsActivity',
            `m.setTargetObjectId(UserInfo.getUserId());
            Messaging.sendEmail(new List<Messaging.Email>{ m });`
        ],
        [
            'an invalid address',
            'Messaging.sendEmail to an invalid address',
            `m.setToAddresses(new List<String>{ 'not-an-address' });
            Messaging.sendEmail(new List<Messaging.Email>{ m });`
        ],
        ['attachments', 'Messaging.SingleEmailMessage.setFileAttachments', `m.setFileAttachments(null);`],
        ['an empty list', 'Messaging.sendEmail of an empty list', `Messaging.sendEmail(new List<Messaging.Email>());`],
        [
            'mass email',
            'Messaging.MassEmailMessage',
            `Messaging.MassEmailMessage mm = new Messaging.MassEmailMessage();`
        ]
    ])('%s is unsupported', (_name, construct, src) => {
        const r = run(mail(src));
        expect(r.o).toMatchObject({ kind: 'unsupported', construct: expect.stringContaining(construct) });
    });
    it('nothing is recorded when one message of the call is refused', () => {
        const s = new Session(new Program());
        s.runAnonymous(`${mail()}
            Messaging.SingleEmailMessage bad = new Messaging.SingleEmailMessage();
            bad.setPlainTextBody('no recipient');
            Messaging.sendEmail(new List<Messaging.Email>{ m, bad });`);
        expect(s.it.services.sentEmails ?? []).toEqual([]);
    });
});

describe('EventBus.publish (platform events)', () => {
    const project = path.resolve(__dirname, '../conformance/t2/platform-events');
    const runInEvents = (src: string) => {
        const s = new Session(loadProgram(discover(project)), { projectDir: project });
        const o = s.runAnonymous(src, 'snippet.apex');
        return { o, debug: s.debug.map((d) => d.message) };
    };
    it('outside a test, events are delivered after the transaction', () => {
        const r = runInEvents(`
            OrderEvents.publish(new List<String>{ '7' });
            System.debug([SELECT COUNT() FROM Account]);
        `);
        expect(r).toEqual({ o: { kind: 'ok' }, debug: ['0'] });
        const s = new Session(loadProgram(discover(project)), { projectDir: project });
        s.runAnonymous("OrderEvents.publish(new List<String>{ '7' });");
        expect(s.runAnonymous('System.debug([SELECT Name FROM Account].Name);')).toEqual({ kind: 'ok' });
        expect(s.debug.map((d) => d.message)).toEqual(['Order 7']);
    });
    it.each([
        ['publishing a non-event sObject', "EventBus.publish(new Account(Name = 'x'));", 'EventBus.publish of Account'],
        [
            'a callout after publishing',
            "EventBus.publish(new Order_Event__e(Order_Number__c = '1')); HttpRequest r = new HttpRequest(); r.setEndpoint('https://example.com'); r.setMethod('GET'); new Http().send(r);",
            'HTTP callout after EventBus.publish'
        ],
        [
            'EventBus.TriggerContext',
            'EventBus.TriggerContext c = EventBus.TriggerContext.currentContext();',
            'EventBus.TriggerContext'
        ],
        ['Test.getEventBus() outside a test', 'Test.getEventBus().deliver();', 'Test.getEventBus outside a test']
    ])('%s is unsupported', (_name, src, construct) => {
        expect(runInEvents(src).o).toMatchObject({
            kind: 'unsupported',
            construct: expect.stringContaining(construct)
        });
    });
});

describe('Database.DMLOptions', () => {
    it.each([
        [
            'sObject.setOptions with an assignment rule',
            "Lead l = new Lead(LastName = 'x', Company = 'c'); Database.DMLOptions o = new Database.DMLOptions(); o.assignmentRuleHeader.useDefaultRule = true; l.setOptions(o);",
            'unsupported'
        ],
        [
            'sObject.setOptions with another optAllOrNone than the statement',
            "Account a = new Account(Name = 'x'); Database.DMLOptions o = new Database.DMLOptions(); o.optAllOrNone = false; a.setOptions(o); insert a;",
            'unsupported'
        ],
        [
            'an email header that triggers emails',
            "Database.DMLOptions o = new Database.DMLOptions(); o.EmailHeader.triggerUserEmail = true; Database.insert(new Account(Name = 'x'), o);",
            'unsupported'
        ],
        [
            'DMLOptions on delete',
            'Database.DMLOptions o = new Database.DMLOptions(); Database.delete(new List<Account>(), o);',
            'compile'
        ]
    ])('%s is refused', (_name, src, kind) => {
        expect(run(src).o).toMatchObject({ kind });
    });
    it('a non-Boolean option is a type error', () => {
        expect(
            run("Database.DMLOptions o = new Database.DMLOptions(); Object v = 'yes'; o.optAllOrNone = (Boolean) v;").o
        ).toMatchObject({
            kind: 'exception'
        });
    });
});

describe('platform event triggers and email what-Ids', () => {
    it('Trigger.newMap in an event trigger is unsupported', () => {
        // a copy of the T2 project whose event trigger reads Trigger.newMap
        const src = path.resolve(__dirname, '../conformance/t2/platform-events');
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apex-events-'));
        try {
            fs.cpSync(src, dir, { recursive: true });
            const trig = path.join(dir, 'force-app/main/default/triggers/OrderEventTrigger.trigger');
            fs.writeFileSync(
                trig,
                'trigger OrderEventTrigger on Order_Event__e(after insert) { System.debug(Trigger.newMap); }'
            );
            const s = new Session(loadProgram(discover(dir)), { projectDir: dir });
            const o = s.runAnonymous("EventBus.publish(new Order_Event__e(Order_Number__c = '1'));");
            expect(o).toMatchObject({
                kind: 'unsupported',
                construct: 'Trigger.newMap in a platform event trigger (Order_Event__e)'
            });
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
    it('setWhatId without a contact target is unsupported', () => {
        const r = run(`
            Messaging.SingleEmailMessage m = new Messaging.SingleEmailMessage();
            m.setToAddresses(new List<String>{ 'a@example.com' });
            m.setPlainTextBody('b');
            m.setWhatId('0015h0000000001');
            Messaging.sendEmail(new List<Messaging.Email>{ m });
        `);
        expect(r.o).toMatchObject({ kind: 'unsupported', construct: expect.stringContaining('setWhatId') });
    });
});

describe('AsyncOptions.MinimumQueueableDelayInMinutes', () => {
    const q = `public class Q implements Queueable { public void execute(QueueableContext c) { System.debug('ran'); } }`;
    it('a delayed job in a host without a clock is unsupported, never run early', () => {
        const r = run(`${q}
            AsyncOptions o = new AsyncOptions();
            o.MinimumQueueableDelayInMinutes = 1;
            System.enqueueJob(new Q(), o);
        `);
        expect(r.o).toMatchObject({ kind: 'unsupported', construct: expect.stringContaining('without a clock') });
        expect(r.debug).toEqual([]);
    });
    it('a delay outside 0–10 minutes is unsupported', () => {
        const r = run(`${q}
            AsyncOptions o = new AsyncOptions();
            o.MinimumQueueableDelayInMinutes = 11;
            System.enqueueJob(new Q(), o);
        `);
        expect(r.o).toMatchObject({ kind: 'unsupported', construct: expect.stringContaining('outside 0–10') });
    });
});
