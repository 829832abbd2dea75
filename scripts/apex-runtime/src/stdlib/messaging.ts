// Outbound email (Apex Reference "SingleEmailMessage Class", "Messaging Class", "SendEmailResult Class"; Apex
// Developer Guide "Outbound Email"; "Execution Governors and Limits": 10 sendEmail invocations per transaction).
// Nothing is sent: every accepted message is recorded in `it.services.sentEmails` (the session's outbox). What the
// platform would do beyond a plain, addressed, text/HTML message (templates, attachments, activity history, mass
// email, error results whose shape is not documented) is unsupported.
import type { Interpreter } from '../interp/interpreter';
import { nativeSupertypes, registerNative, type NativeFn } from '../interp/natives';
import { NativeObject } from '../interp/types';
import { ApexList, ApexSet } from '../collections';
import type { Database } from '../db/database';
import * as V from '../values';
import { arity, stateGetter as getter, stateSetter as setter, str } from './core';

export interface SentEmail {
    to: string[];
    cc: string[];
    bcc: string[];
    subject: string | null;
    plainTextBody: string | null;
    htmlBody: string | null;
    targetObjectId: string | null;
    whatId: string | null;
    replyTo: string | null;
    senderDisplayName: string | null;
}

const SEM = 'Messaging.SingleEmailMessage';
nativeSupertypes.set(SEM, ['Messaging.Email']);

const strList = (it: Interpreter, v: unknown): ApexList => {
    if (!(v instanceof ApexList)) return it.throwApex('TypeException', `Expected a List<String>, got ${it.typeOf(v)}`);
    return v;
};
const idOf = (it: Interpreter, v: unknown): V.ApexId => (v instanceof V.ApexId ? v : new V.ApexId(str(it, v)));
const bool = (it: Interpreter, v: unknown): boolean => {
    if (typeof v !== 'boolean') return it.throwApex('TypeException', `Expected a Boolean, got ${it.typeOf(v)}`);
    return v;
};
const refuse =
    (what: string): NativeFn =>
    (it) =>
        it.unsupported(`Messaging.SingleEmailMessage.${what}`);

registerNative(
    {
        name: 'Messaging.Email',
        ctor: (it) => it.compileError('Messaging.Email is abstract: use Messaging.SingleEmailMessage')
    },
    'messaging.email'
);
registerNative(
    {
        name: SEM,
        ctor: (it, a) => {
            arity(it, a, 0);
            return new NativeObject(SEM, {});
        },
        methods: {
            settoaddresses: setter('to', strList),
            gettoaddresses: getter('to'),
            setccaddresses: setter('cc', strList),
            getccaddresses: getter('cc'),
            setbccaddresses: setter('bcc', strList),
            getbccaddresses: getter('bcc'),
            setsubject: setter('subject', str),
            getsubject: getter('subject'),
            setplaintextbody: setter('plainTextBody', str),
            getplaintextbody: getter('plainTextBody'),
            sethtmlbody: setter('htmlBody', str),
            gethtmlbody: getter('htmlBody'),
            settargetobjectid: setter('targetObjectId', idOf),
            gettargetobjectid: getter('targetObjectId'),
            setwhatid: setter('whatId', idOf),
            getwhatid: getter('whatId'),
            setsaveasactivity: setter('saveAsActivity', bool),
            setreplyto: setter('replyTo', str),
            getreplyto: getter('replyTo'),
            setsenderdisplayname: setter('senderDisplayName', str),
            getsenderdisplayname: getter('senderDisplayName'),
            setusesignature: setter('useSignature', bool),
            setbccsender: setter('bccSender', bool),
            setcharset: setter('charset', str),
            // templates, attachments, org-wide addresses and opt-out policies need data the runtime does not model
            settemplateid: setter('templateId', idOf),
            gettemplateid: getter('templateId'),
            setfileattachments: refuse('setFileAttachments'),
            setentityattachments: refuse('setEntityAttachments'),
            setorgwideemailaddressid: refuse('setOrgWideEmailAddressId'),
            setoptoutpolicy: refuse('setOptOutPolicy'),
            settreattargetobjectasrecipient: refuse('setTreatTargetObjectAsRecipient'),
            setinreplyto: refuse('setInReplyTo'),
            setreferences: refuse('setReferences')
        }
    },
    'messaging.singleemailmessage'
);
registerNative(
    {
        name: 'Messaging.SendEmailResult',
        methods: {
            issuccess: () => true,
            geterrors: () => new ApexList({ k: 'native', name: 'Messaging.SendEmailError' }, [])
        }
    },
    'messaging.sendemailresult'
);

// A loose syntactic check: anything that is not obviously an address is refused rather than guessed (the platform
// reports INVALID_EMAIL_ADDRESS in a shape this runtime does not reproduce).
const ADDRESS = /^[^\s@,;<>()]+@[^\s@,;<>()]+\.[^\s@,;<>()]+$/;
// Recipient objects for targetObjectId (SingleEmailMessage.setTargetObjectId: a contact, lead or user).
const TARGET_PREFIXES = new Set(['003', '00Q', '005']);

function accept(it: Interpreter, email: unknown): SentEmail {
    if (!(email instanceof NativeObject) || email.cls !== SEM) {
        if (email === null || email === undefined) return it.unsupported('Messaging.sendEmail with a null message');
        return it.unsupported(`Messaging.sendEmail of ${it.typeOf(email)}`);
    }
    const s = email.state;
    const list = (k: string): string[] =>
        s[k] instanceof ApexList ? (s[k] as ApexList).items.map((x) => (x === null ? '' : String(x))) : [];
    const to = list('to');
    const cc = list('cc');
    const bcc = list('bcc');
    if (s.templateId) it.unsupported('Messaging.sendEmail with a template (templates are not rendered)');
    const target = s.targetObjectId as V.ApexId | null | undefined;
    if (target) {
        if (!TARGET_PREFIXES.has(target.keyPrefix))
            it.unsupported('SingleEmailMessage.setTargetObjectId with an Id that is not a contact, lead or user');
        // saveAsActivity defaults to true and then logs an activity on the target (not modelled)
        if (s.saveAsActivity !== false)
            it.unsupported('Messaging.sendEmail with saveAsActivity (activity history is not modelled)');
    }
    // setWhatId: "If you specify a contact for the targetObjectId field, you can specify an optional whatId"
    if (s.whatId && target?.keyPrefix !== '003')
        it.unsupported('SingleEmailMessage.setWhatId without a contact as target object (platform error not modelled)');
    if (!to.length && !cc.length && !bcc.length && !target)
        it.unsupported('Messaging.sendEmail without a recipient (the platform error is not modelled)');
    if (to.length + cc.length + bcc.length > 100)
        it.unsupported('Messaging.sendEmail with more than 100 addresses (the platform limits are not modelled)');
    for (const a of [...to, ...cc, ...bcc])
        if (!ADDRESS.test(a)) it.unsupported(`Messaging.sendEmail to an invalid address (${JSON.stringify(a)})`);
    if (s.plainTextBody == null && s.htmlBody == null)
        it.unsupported('Messaging.sendEmail without a body (the platform error is not modelled)');
    return {
        to,
        cc,
        bcc,
        subject: (s.subject as string | null) ?? null,
        plainTextBody: (s.plainTextBody as string | null) ?? null,
        htmlBody: (s.htmlBody as string | null) ?? null,
        targetObjectId: target ? target.value : null,
        whatId: s.whatId ? (s.whatId as V.ApexId).value : null,
        replyTo: (s.replyTo as string | null) ?? null,
        senderDisplayName: (s.senderDisplayName as string | null) ?? null
    };
}

registerNative(
    {
        name: 'Messaging',
        statics: {
            sendemail: (it, a) => {
                arity(it, a, 1, 2);
                const emails = a[0];
                if (emails === null || emails === undefined) return it.npe();
                if (!(emails instanceof ApexList))
                    return it.compileError(
                        `Messaging.sendEmail expects a List<Messaging.Email>, got ${it.typeOf(emails)}`
                    );
                if (a.length > 1 && typeof a[1] !== 'boolean')
                    return it.compileError('Messaging.sendEmail: allOrNothing must be a Boolean');
                if (!emails.items.length) return it.unsupported('Messaging.sendEmail of an empty list');
                it.tx.limits.email();
                // every message is checked before any is recorded; a message the runtime cannot judge stops the call
                const accepted = emails.items.map((e) => accept(it, e));
                const outbox = (it.services.sentEmails ??= []) as SentEmail[];
                outbox.push(...accepted);
                return new ApexList(
                    { k: 'native', name: 'Messaging.SendEmailResult' },
                    accepted.map(() => new NativeObject('Messaging.SendEmailResult', {}))
                );
            }
        }
    },
    'messaging'
);

// Custom notifications (Apex Reference "CustomNotification Class"): a platform object built with setters (or the
// six-argument constructor) and sent with send(Set<String> users). Nothing is delivered: every accepted send is
// recorded in `it.services.sentNotifications`. What the reference leaves open is unsupported, never guessed: the
// exception send() throws without a target ("send() throws an exception"), a type, title or body left empty, an
// unknown notification type, recipients that are not users of this run (groups, queues, account/opportunity teams),
// and more than 500 recipients in one send (the Custom Notification Actions limit; its error is not modelled).
export interface SentNotification {
    typeId: string;
    senderId: string | null;
    title: string;
    body: string;
    targetId: string | null;
    targetPageRef: string | null;
    recipients: string[];
}

const CN = 'Messaging.CustomNotification';
const CN_STATE = ['typeId', 'senderId', 'title', 'body', 'targetId', 'targetPageRef'] as const;
const MAX_NOTIFICATION_RECIPIENTS = 500;

function sendNotification(it: Interpreter, self: NativeObject, users: unknown): null {
    if (users === null || users === undefined) return it.npe();
    if (!(users instanceof ApexSet))
        return it.compileError(`CustomNotification.send expects a Set<String>, got ${it.typeOf(users)}`);
    const s = self.state as Record<string, string | null | undefined>;
    if (!s.targetId && !s.targetPageRef)
        return it.unsupported(
            'CustomNotification.send without targetId or targetPageRef (the exception is not documented)'
        );
    if (!s.typeId) return it.unsupported('CustomNotification.send without a notification type (error not modelled)');
    if (!s.title || !s.body)
        return it.unsupported('CustomNotification.send without a title or body (error not modelled)');
    const db = it.services.database as Database;
    const type = db.getRow(s.typeId);
    if (!type || type.info.name !== 'CustomNotificationType')
        return it.unsupported(
            'CustomNotification.send with an Id that is not a CustomNotificationType of this project'
        );
    const recipients = users
        .values()
        .map((u) => (u === null || u === undefined ? '' : String(u instanceof V.ApexId ? u.value : u)));
    if (!recipients.length) return it.unsupported('CustomNotification.send to an empty set (error not modelled)');
    if (recipients.length > MAX_NOTIFICATION_RECIPIENTS)
        return it.unsupported(`CustomNotification.send to more than ${MAX_NOTIFICATION_RECIPIENTS} recipients`);
    const ids = recipients.map((r) => {
        let id: V.ApexId | null = null;
        try {
            id = new V.ApexId(r);
        } catch {
            id = null;
        }
        const row = id ? db.getRow(id) : undefined;
        if (!id || !row || row.info.name !== 'User')
            it.unsupported(
                `CustomNotification.send to a recipient that is not a user of this run (${JSON.stringify(r)})`
            );
        return id!.value;
    });
    const outbox = (it.services.sentNotifications ??= []) as SentNotification[];
    outbox.push({
        typeId: new V.ApexId(s.typeId).value,
        senderId: s.senderId ?? null,
        title: s.title,
        body: s.body,
        targetId: s.targetId ?? null,
        targetPageRef: s.targetPageRef ?? null,
        recipients: ids
    });
    return null;
}

registerNative(
    {
        name: CN,
        ctor: (it, a) => {
            arity(it, a, 0, 6);
            const state: Record<string, unknown> = {};
            a.forEach((v, i) => (state[CN_STATE[i]] = v === null || v === undefined ? null : str(it, v)));
            return new NativeObject(CN, state);
        },
        methods: {
            setnotificationtypeid: setter('typeId', str),
            setsenderid: setter('senderId', str),
            settitle: setter('title', str),
            setbody: setter('body', str),
            settargetid: setter('targetId', str),
            settargetpageref: setter('targetPageRef', str),
            send: (it, a, self) => {
                arity(it, a, 1);
                return sendNotification(it, self as NativeObject, a[0]);
            }
        }
    },
    'messaging.customnotification'
);
