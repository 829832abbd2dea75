// The local org behind `npm start`: the package's Apex in the local runtime (SandboxRuntime), the APIM + D365
// emulator in a worker thread, the users of the sandbox scenario and a few Draft Accounts. Every call is one
// transaction as the chosen user; the async jobs it queued run right after it, as in `npm run sandbox`.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EmulatorHost } from '../sandbox/emulator-host';
import { SandboxRuntime, show, type TxReport } from '../sandbox/runtime';
import { calloutUsername, localUsersApex } from '../sandbox/users';
import type { CustomerRecord } from '../emulators/apim-d365';
import { V, type CalloutSender } from '../apex-runtime/src';

const LOCAL_ORG_DOMAIN = 'd365-local-org.example.invalid';

export type UserKey = 'admin' | 'approver' | 'integration' | 'callout';

export interface LocalUser {
    key: UserKey;
    id: string;
    name: string;
    username: string;
}

export interface AccountView {
    id: string;
    name: string;
    billingCity: string;
    approvalStatus: string;
    syncStatus: string;
    d365AccountNumber: string;
}

/** What the page gets back from a controller call: Lightning's shape for a thrown Apex exception is `body.message`. */
export type ApexAnswer =
    { ok: true; value: unknown } | { ok: false; status: number; body: { message: string; exceptionType?: string } };

const RESULT = '__LOCAL_ORG_RESULT__';

/** An Apex string literal (the only way request data enters generated Apex). */
export function apexLiteral(s: string): string {
    return `'${s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n').replace(/\r/g, '\\r')}'`;
}

interface AuraMethod {
    params: { type: string; name: string }[];
}

/** Splits "Map<String, Object> a, Id b" at top-level commas. */
function splitParams(s: string): string[] {
    const out: string[] = [];
    let depth = 0;
    let cur = '';
    for (const ch of s) {
        if (ch === '<') depth++;
        if (ch === '>') depth--;
        if (ch === ',' && depth === 0) {
            out.push(cur);
            cur = '';
        } else cur += ch;
    }
    if (cur.trim()) out.push(cur);
    return out.map((p) => p.trim()).filter(Boolean);
}

/**
 * The @AuraEnabled static methods of the project's classes, read from the source: only these can be called
 * from the page (as on the platform), and their parameter types say how to turn the JSON params into Apex.
 */
export function auraMethods(projectDir: string): Map<string, AuraMethod> {
    const out = new Map<string, AuraMethod>();
    const walk = (dir: string): void => {
        for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
            const p = path.join(dir, e.name);
            if (e.isDirectory()) walk(p);
            else if (e.name.endsWith('.cls')) {
                const cls = e.name.slice(0, -'.cls'.length);
                const src = fs.readFileSync(p, 'utf8');
                const re =
                    /@AuraEnabled\b(?:\s*\([^)]*\))?\s+(?:public|global)\s+static\s+[\w.<>, ]+?\s+(\w+)\s*\(([^)]*)\)/gi;
                for (const m of src.matchAll(re)) {
                    const params = splitParams(m[2]).map((p) => {
                        const i = p.lastIndexOf(' ');
                        return { type: p.slice(0, i).trim(), name: p.slice(i + 1).trim() };
                    });
                    out.set(`${cls}.${m[1]}`.toLowerCase(), { params });
                }
            }
        }
    };
    for (const dir of ['force-app', 'first-install']) {
        if (fs.existsSync(path.join(projectDir, dir))) walk(path.join(projectDir, dir));
    }
    return out;
}

/** One JSON param → an Apex expression of the declared type (primitives as literals, the rest via JSON). */
export function apexArg(type: string, value: unknown): string {
    if (value === null || value === undefined) return 'null';
    const t = type.toLowerCase();
    if (t === 'id' && typeof value === 'string') return `(Id) ${apexLiteral(value)}`;
    if (t === 'string' && typeof value === 'string') return apexLiteral(value);
    if (t === 'boolean' && typeof value === 'boolean') return String(value);
    return `(${type}) JSON.deserialize(${apexLiteral(JSON.stringify(value))}, ${type}.class)`;
}

const randomKey = (): string => `local-org-${randomBytes(18).toString('base64url')}`;
const str = (v: V.ApexPrimitive | undefined): string => show(v);

export class LocalOrg {
    readonly users = new Map<UserKey, LocalUser>();
    /** pending approval work item per Account (ProcessInstanceWorkitem is not queryable in the runtime) */
    private readonly workitems = new Map<string, string>();
    private readonly methods: Map<string, AuraMethod>;
    /**
     * Local Setup (scripts/start/setup.ts): when true the External Credential holds a stale key (APIM regenerated
     * it), so D365 answers 401 — the admin's "wrong key" case; false again = the admin entered the current key.
     */
    subscriptionKeyStale = false;

    private constructor(
        readonly rt: SandboxRuntime,
        readonly emulator: EmulatorHost,
        projectDir: string
    ) {
        this.methods = auraMethods(projectDir);
    }

    /** `send`: replaces the per-callout process spawn (the chaos run's scripts/start/sync-http.ts) */
    static async start(projectDir: string, opts: { send?: CalloutSender } = {}): Promise<LocalOrg> {
        // the subscription key is random per run, in memory only (never printed, never on disk)
        const key = randomKey();
        const emu = await EmulatorHost.start(key);
        let org: LocalOrg | undefined;
        try {
            const rt = new SandboxRuntime({
                projectDir,
                urlOverrides: { D365_APIM: emu.url },
                send: opts.send,
                credentials: (ec, param) =>
                    ec.toLowerCase() === 'd365_apim' && param.toLowerCase() === 'subscriptionkey'
                        ? org?.subscriptionKeyStale
                            ? `${key}-stale`
                            : key
                        : undefined
            });
            rt.configureAsAdmin({ D365_APIM: emu.url });
            org = new LocalOrg(rt, emu, projectDir);
            org.seed();
            return org;
        } catch (e) {
            await emu.stop();
            throw e;
        }
    }

    async stop(): Promise<void> {
        await this.emulator.stop();
    }

    private must(r: TxReport): TxReport {
        if (r.outcome.kind !== 'ok') {
            const o = r.outcome;
            throw new Error(`${r.label}: ${o.kind === 'exception' ? `${o.type}: ${o.message}` : o.message}`);
        }
        return r;
    }

    private debugValue(r: TxReport, prefix: string): string {
        return (r.debug.find((d) => d.startsWith(prefix)) ?? '').slice(prefix.length);
    }

    /** The sandbox scenario's users (step a) and three Draft Accounts owned by the approver (sales user). */
    private seed(): void {
        const setup = this.must(this.rt.tx('seed users', localUsersApex(LOCAL_ORG_DOMAIN)));
        this.rt.configureCalloutUser(calloutUsername(LOCAL_ORG_DOMAIN));
        const ids: Record<UserKey, string> = {
            admin: this.rt.adminUserId,
            approver: this.debugValue(setup, 'approver='),
            integration: this.debugValue(setup, 'integration='),
            callout: this.debugValue(setup, 'callout=')
        };
        for (const k of Object.keys(ids) as UserKey[]) {
            const row = this.rt.db.getRow(ids[k])?.row;
            this.users.set(k, {
                key: k,
                id: new V.ApexId(ids[k]).value,
                name: `${str(row?.get('firstname'))} ${str(row?.get('lastname'))}`.trim(),
                username: str(row?.get('username'))
            });
        }
        this.must(
            this.rt.tx(
                'seed Draft Accounts',
                `
insert new List<Account>{
    new Account(Name = 'Acme Corporation', BillingCity = 'Seattle', BillingCountry = 'US'),
    new Account(Name = 'Globex Ltd', BillingCity = 'London', BillingCountry = 'GB'),
    new Account(Name = 'Initech GmbH', BillingCity = 'Berlin', BillingCountry = 'DE')
};
`,
                ids.approver
            )
        );
    }

    user(key: string): LocalUser {
        const u = this.users.get(key as UserKey);
        if (!u) throw new Error(`unknown user ${key}`);
        return u;
    }

    /** Accounts the user can see (user mode), newest last. */
    accounts(userKey: string): AccountView[] {
        const r = this.rt.tx(
            'list Accounts',
            `System.debug('${RESULT}' + JSON.serialize([SELECT Id, Name, BillingCity, D365_Approval_Status__c, D365_Sync_Status__c, D365_Account_Number__c FROM Account WITH USER_MODE ORDER BY Name LIMIT 200]));`,
            this.user(userKey).id
        );
        const a = this.answer(r);
        if (!a.ok) throw new Error(a.body.message);
        return (a.value as Record<string, string | undefined>[]).map((x) => ({
            id: x.Id ?? '',
            name: x.Name ?? '',
            billingCity: x.BillingCity ?? '',
            approvalStatus: x.D365_Approval_Status__c ?? '',
            syncStatus: x.D365_Sync_Status__c ?? '',
            d365AccountNumber: x.D365_Account_Number__c ?? ''
        }));
    }

    /** Submit for approval (the shipped process; the submitter picks the approver in its adhoc step). */
    submit(userKey: string, accountId: string): ApexAnswer {
        const approver = this.user('approver').id;
        const r = this.rt.tx(
            'submit for approval',
            `
Approval.ProcessSubmitRequest r = new Approval.ProcessSubmitRequest();
r.setObjectId((Id) ${apexLiteral(accountId)});
r.setNextApproverIds(new List<Id>{ (Id) ${apexLiteral(approver)} });
Approval.ProcessResult res = Approval.process(r);
System.debug('${RESULT}' + JSON.serialize(res.getNewWorkitemIds()));
`,
            this.user(userKey).id
        );
        const a = this.answer(r);
        if (a.ok) {
            const items = a.value as string[];
            if (items[0]) this.workitems.set(new V.ApexId(accountId).value, items[0]);
        }
        return a;
    }

    /** Approve or reject the pending work item of an Account, as the user (must be the assigned approver). */
    decide(userKey: string, accountId: string, action: 'Approve' | 'Reject'): ApexAnswer {
        const id = new V.ApexId(accountId).value;
        const item = this.workitems.get(id);
        if (!item) return { ok: false, status: 400, body: { message: 'This Account has no pending approval.' } };
        const r = this.rt.tx(
            `${action.toLowerCase()} Account`,
            `
Approval.ProcessWorkitemRequest w = new Approval.ProcessWorkitemRequest();
w.setWorkitemId((Id) ${apexLiteral(item)});
w.setAction(${apexLiteral(action)});
Approval.process(w);
System.debug('${RESULT}' + JSON.serialize(true));
`,
            this.user(userKey).id
        );
        const a = this.answer(r);
        if (a.ok) this.workitems.delete(id);
        return a;
    }

    /** The record page's Edit: Name and Billing City, one update in user mode as the user (triggers, locks, FLS). */
    edit(userKey: string, accountId: string, fields: { name?: unknown; billingCity?: unknown }): ApexAnswer {
        const sets: string[] = [];
        if (typeof fields.name === 'string') sets.push(`a.Name = ${apexLiteral(fields.name)};`);
        if (typeof fields.billingCity === 'string') sets.push(`a.BillingCity = ${apexLiteral(fields.billingCity)};`);
        const r = this.rt.tx(
            'edit Account',
            `
Account a = new Account(Id = (Id) ${apexLiteral(accountId)});
${sets.join('\n')}
update as user a;
System.debug('${RESULT}' + JSON.serialize(true));
`,
            this.user(userKey).id
        );
        return this.answer(r);
    }

    pendingApproval(accountId: string): boolean {
        return this.workitems.has(new V.ApexId(accountId).value);
    }

    /** An @AuraEnabled method of the package, as the user: one transaction, then its async jobs. */
    callApex(userKey: string, classAndMethod: string, params: Record<string, unknown>): ApexAnswer {
        const m = this.methods.get(classAndMethod.toLowerCase());
        if (!/^\w+\.\w+$/.test(classAndMethod) || !m) {
            return { ok: false, status: 404, body: { message: `No @AuraEnabled method ${classAndMethod}` } };
        }
        const args = m.params.map((p) => apexArg(p.type, params[p.name])).join(', ');
        const r = this.rt.tx(
            classAndMethod,
            `Object result = ${classAndMethod}(${args});\nSystem.debug('${RESULT}' + JSON.serialize(result));`,
            this.user(userKey).id
        );
        return this.answer(r);
    }

    /** What D365 holds (the emulator's customer records). */
    d365(): Promise<CustomerRecord[]> {
        return this.emulator.customers();
    }

    private answer(r: TxReport): ApexAnswer {
        const o = r.outcome;
        // an exception reaches the component as body.message and body.exceptionType (LWC guide "Handle Errors from
        // Apex", https://developer.salesforce.com/docs/platform/lwc/guide/apex-error-handling.html)
        if (o.kind === 'exception')
            return { ok: false, status: 500, body: { message: o.message, exceptionType: o.type } };
        if (o.kind !== 'ok') return { ok: false, status: 500, body: { message: `${o.kind}: ${o.message}` } };
        const line = r.debug.find((d) => d.startsWith(RESULT));
        if (line === undefined) return { ok: false, status: 500, body: { message: 'no result' } };
        return { ok: true, value: JSON.parse(line.slice(RESULT.length)) as unknown };
    }
}
