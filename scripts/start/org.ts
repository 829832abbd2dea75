// The local org behind `npm start`: the package's Apex in the local runtime (SandboxRuntime), the APIM + D365
// emulator in a worker thread, the Salesforce REST fake D365 writes back through, the users of the sandbox scenario
// plus a sales user, and a few Draft Accounts. Every call is one transaction as the chosen user; the async jobs it
// queued run right after it, as in `npm run sandbox`; delayed Queueables and scheduled jobs wait for the org's clock
// (`tick`). With a state folder the org is saved there after every change and resumed by the next start.
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { EmulatorHost } from '../sandbox/emulator-host';
import { SandboxRuntime, show, type TxReport } from '../sandbox/runtime';
import { calloutUsername, localUsersApex } from '../sandbox/users';
import { API_VERSION, SalesforceRestEmulator } from '../emulators/salesforce-rest';
import type { CustomerRecord } from '../emulators/apim-d365';
import { V, type CalloutSender } from '../apex-runtime/src';

const LOCAL_ORG_DOMAIN = 'd365-local-org.example.invalid';
/** the saved org in the state folder */
export const STATE_FILE = 'org.json';
const STATE_FORMAT = 'local-org/1';

export type UserKey = 'admin' | 'sales' | 'approver' | 'integration' | 'callout';

export interface LocalOrgOptions {
    /** where the org is saved (npm start: `.local-org/`, git-ignored); none = in memory only */
    stateDir?: string;
    /** forget the saved org and start fresh */
    reset?: boolean;
    /** org clock speed: 1 = real time (default); 60 = a minute of org time per real second */
    clockSpeed?: number;
    /** replaces the per-callout process spawn (the chaos run's scripts/start/sync-http.ts) */
    send?: CalloutSender;
}

/** The org's clock: real time, optionally sped up, never earlier than the saved org's last time. */
export class OrgClock {
    private readonly realStart = Date.now();
    constructor(
        readonly speed: number,
        private readonly startMs: number
    ) {
        if (!(speed > 0)) throw new Error(`clock speed must be > 0, got ${speed}`);
    }
    now(): number {
        return this.startMs + (Date.now() - this.realStart) * this.speed;
    }
}

interface SavedOrg {
    format: string;
    savedAt: string;
    clockMs: number;
    users: Record<UserKey, string>;
    workitems: [string, string][];
    d365: CustomerRecord[];
    db: unknown;
}

/** D365 properties D365 may write back, with their Salesforce fields: the mapping's fields owned by both. */
export function writableD365Fields(projectDir: string): Map<string, string> {
    const file = path.join(projectDir, 'config', 'd365-field-mapping.json');
    const cfg = JSON.parse(fs.readFileSync(file, 'utf8')) as {
        mappings: { source: string; target: string; owner: string }[];
    };
    return new Map(cfg.mappings.filter((m) => m.owner === 'both').map((m) => [m.target, m.source]));
}

/** The sales user: Standard User + D365_Sync_User; owns the Accounts and submits them; not an approver. */
function salesUserApex(domain: string): string {
    return `
Profile standard = [SELECT Id FROM Profile WHERE Name = 'Standard User'];
User sales = new User(LastName = 'Sales', FirstName = 'Sam', Alias = 'ssales', Email = 'sales@example.invalid',
    Username = 'sales@${domain}', ProfileId = standard.Id, TimeZoneSidKey = 'Europe/London',
    LocaleSidKey = 'en_GB', EmailEncodingKey = 'UTF-8', LanguageLocaleKey = 'en_US');
insert sales;
insert new PermissionSetAssignment(AssigneeId = sales.Id,
    PermissionSetId = [SELECT Id FROM PermissionSet WHERE Name = 'D365_Sync_User'].Id);
System.debug('sales=' + sales.Id);
`;
}

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
    /** pending approval work item per Account (ProcessInstanceWorkitem is not queryable in the runtime); saved */
    private readonly workitems = new Map<string, string>();
    private readonly methods: Map<string, AuraMethod>;
    private readonly d365Fields: Map<string, string>;
    /** the Salesforce REST fake D365 writes back through, and D365's cached token (as docs/d365-handoff.md §2) */
    private sfRest: SalesforceRestEmulator | null = null;
    private restCredentials = { clientId: randomKey(), clientSecret: randomKey() };
    private restToken: string | null = null;
    private loop: NodeJS.Timeout | null = null;
    /** what the last start did: 'fresh' (seeded) or 'resumed' (loaded from the state folder) */
    started: 'fresh' | 'resumed' = 'fresh';
    /** held lanes aborted at load (not saved: interpreter objects) */
    abortedAtLoad = 0;
    /**
     * Local Setup (scripts/start/setup.ts): when true the External Credential holds a stale key (APIM regenerated
     * it), so D365 answers 401 — the admin's "wrong key" case; false again = the admin entered the current key.
     */
    subscriptionKeyStale = false;

    private constructor(
        readonly rt: SandboxRuntime,
        readonly emulator: EmulatorHost,
        readonly clock: OrgClock,
        private readonly projectDir: string,
        private readonly opts: LocalOrgOptions
    ) {
        this.methods = auraMethods(projectDir);
        this.d365Fields = writableD365Fields(projectDir);
    }

    private static stateFile(opts: LocalOrgOptions): string | null {
        return opts.stateDir ? path.join(opts.stateDir, STATE_FILE) : null;
    }

    static async start(projectDir: string, opts: LocalOrgOptions = {}): Promise<LocalOrg> {
        const file = LocalOrg.stateFile(opts);
        if (file && opts.reset) fs.rmSync(file, { force: true });
        let saved: SavedOrg | null = null;
        try {
            if (file && fs.existsSync(file)) saved = JSON.parse(fs.readFileSync(file, 'utf8')) as SavedOrg;
        } catch (e) {
            throw new Error(`${file}: cannot read the saved org (${(e as Error).message}); start with --reset`);
        }
        if (saved && saved.format !== STATE_FORMAT)
            throw new Error(`${file} is not a saved local org (${saved.format}); start with --reset`);
        // org time goes on from the saved org's time (a sped-up clock may have run ahead of the real one)
        const clock = new OrgClock(opts.clockSpeed ?? 1, Math.max(saved?.clockMs ?? 0, Date.now()));
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
                        : undefined,
                clock: () => clock.now()
            });
            org = new LocalOrg(rt, emu, clock, projectDir, opts);
            if (saved) await org.resume(saved);
            else {
                rt.configureAsAdmin({ D365_APIM: emu.url });
                org.seed();
            }
            org.sfRest = await SalesforceRestEmulator.start({
                runtime: rt,
                clientId: org.restCredentials.clientId,
                clientSecret: org.restCredentials.clientSecret,
                runAsUserId: org.user('integration').id
            });
            await org.save();
            return org;
        } catch (e) {
            await org?.sfRest?.stop();
            await emu.stop();
            throw e;
        }
    }

    async stop(): Promise<void> {
        this.stopClock();
        await this.save(); // the org's time goes on from here next start
        await this.sfRest?.stop();
        await this.emulator.stop();
    }

    /** The saved org: the runtime's data, users, approval work items, the org's time and what D365 holds. */
    private async resume(saved: SavedOrg): Promise<void> {
        this.abortedAtLoad = this.rt.loadState(JSON.stringify(saved.db));
        // this run's emulator port (the saved URL was the last run's); the kick trigger's user is Setup, not data
        this.rt.pointNamedCredentials({ D365_APIM: this.emulator.url });
        this.rt.configureCalloutUser(calloutUsername(LOCAL_ORG_DOMAIN));
        for (const [k, id] of Object.entries(saved.users) as [UserKey, string][]) this.addUser(k, id);
        for (const [acc, item] of saved.workitems) this.workitems.set(acc, item);
        await this.emulator.setCustomers(saved.d365);
        this.started = 'resumed';
        // a waiting worker lane was lost with the process: ask for new lanes, as a lane that dies does
        if (this.abortedAtLoad)
            this.must(this.rt.tx('kick after load', "D365SyncKick.publish('Local org restarted');"));
    }

    /** Writes the org to the state folder (atomically: a temporary file, then a rename). No folder: nothing. */
    async save(): Promise<void> {
        const file = LocalOrg.stateFile(this.opts);
        if (!file) return;
        const users = Object.fromEntries([...this.users].map(([k, u]) => [k, u.id]));
        const head = JSON.stringify({
            format: STATE_FORMAT,
            savedAt: new Date().toISOString(),
            clockMs: this.rt.now,
            users,
            workitems: [...this.workitems],
            d365: await this.emulator.customers()
        });
        // the runtime's text is spliced in as it is (no second parse)
        const text = `${head.slice(0, -1)},"db":${this.rt.saveState()}}\n`;
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, text, { mode: 0o600 });
        fs.renameSync(tmp, file);
    }

    /**
     * The async job loop, once: fires the scheduled jobs whose time has come and runs the delayed Queueables
     * whose delay has passed (each its own transaction), on the org's clock. Returns what ran.
     */
    tick(): TxReport[] {
        const out = this.rt.fireDueScheduledJobs();
        const delayed = this.rt.runDueDelayedJobs();
        if (delayed) out.push(delayed);
        return out;
    }

    /** Runs `tick` every `everyMs` real milliseconds and saves after a tick that ran something. */
    startClock(everyMs = 1000, onTick?: (ran: TxReport[]) => void): void {
        this.stopClock();
        let busy = false;
        this.loop = setInterval(() => {
            if (busy) return;
            busy = true;
            try {
                const ran = this.tick();
                if (ran.length) {
                    onTick?.(ran);
                    void this.save().finally(() => (busy = false));
                    return;
                }
            } catch (e) {
                process.stderr.write(`async job loop: ${(e as Error).message}\n`);
            }
            busy = false;
        }, everyMs);
        this.loop.unref();
    }

    stopClock(): void {
        if (this.loop) clearInterval(this.loop);
        this.loop = null;
    }

    private addUser(k: UserKey, id: string): void {
        const row = this.rt.db.getRow(id)?.row;
        this.users.set(k, {
            key: k,
            id: new V.ApexId(id).value,
            name: `${str(row?.get('firstname'))} ${str(row?.get('lastname'))}`.trim(),
            username: str(row?.get('username'))
        });
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

    /**
     * The sandbox scenario's users (step a), a sales user, and three Draft Accounts owned by the sales user, who
     * submits them; the approver approves.
     */
    private seed(): void {
        const setup = this.must(this.rt.tx('seed users', localUsersApex(LOCAL_ORG_DOMAIN)));
        const sales = this.must(this.rt.tx('seed sales user', salesUserApex(LOCAL_ORG_DOMAIN)));
        this.rt.configureCalloutUser(calloutUsername(LOCAL_ORG_DOMAIN));
        const ids: Record<UserKey, string> = {
            admin: this.rt.adminUserId,
            sales: this.debugValue(sales, 'sales='),
            approver: this.debugValue(setup, 'approver='),
            integration: this.debugValue(setup, 'integration='),
            callout: this.debugValue(setup, 'callout=')
        };
        for (const k of Object.keys(ids) as UserKey[]) this.addUser(k, ids[k]);
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
                ids.sales
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

    /** D365 properties the "edit in D365" action may change (the mapping's fields owned by both sides). */
    d365EditableFields(): string[] {
        return [...this.d365Fields.keys()];
    }

    /**
     * A user changes a customer in D365; D365 then writes the change back the way docs/d365-handoff.md describes
     * it: a token by the client-credentials flow (cached; a new one after a 401), then `PATCH
     * /sobjects/Account/D365_Account_Number__c/<CustomerAccount>` with the Salesforce fields and
     * `D365_Modified_At__c` = the time of the change in D365 (§5.1). The write runs as the integration user, whose
     * changes the package does not push back (§6: loop prevention).
     */
    async editInD365(
        account: string,
        fields: Record<string, unknown>
    ): Promise<{ status: number; body: unknown; record: CustomerRecord }> {
        const body: Record<string, unknown> = {};
        for (const [prop, value] of Object.entries(fields)) {
            const sf = this.d365Fields.get(prop);
            if (!sf)
                throw new Error(
                    `${prop} is not a D365 property D365 writes back (${this.d365EditableFields().join(', ')})`
                );
            if (value !== null && typeof value !== 'string') throw new Error(`${prop} must be text or null`);
            body[sf] = value;
        }
        if (!Object.keys(body).length) throw new Error('nothing to change');
        const at = new Date(this.rt.now).toISOString();
        const record = await this.emulator.editCustomer(account, fields, at);
        body.D365_Modified_At__c = record.updatedAt;
        const upsert = `/services/data/v${API_VERSION}/sobjects/Account/D365_Account_Number__c/${encodeURIComponent(account)}`;
        let res = await this.restCall(upsert, body);
        if (res.status === 401) {
            this.restToken = null;
            res = await this.restCall(upsert, body);
        }
        await this.save();
        return { ...res, record };
    }

    private async restCall(p: string, body: unknown): Promise<{ status: number; body: unknown }> {
        const rest = this.sfRest;
        if (!rest) throw new Error('the Salesforce REST fake is not running');
        if (!this.restToken) {
            const tokenRes = await fetch(`${rest.url}/services/oauth2/token`, {
                method: 'POST',
                headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
                body: new URLSearchParams({
                    grant_type: 'client_credentials',
                    client_id: this.restCredentials.clientId,
                    client_secret: this.restCredentials.clientSecret
                }).toString()
            });
            const token = (await tokenRes.json()) as { access_token?: string; error_description?: string };
            if (!token.access_token) return { status: tokenRes.status, body: token };
            this.restToken = token.access_token;
        }
        const res = await fetch(`${rest.url}${p}`, {
            method: 'PATCH',
            headers: { Authorization: `Bearer ${this.restToken}`, 'Content-Type': 'application/json' },
            body: JSON.stringify(body)
        });
        const text = await res.text();
        return { status: res.status, body: text ? (JSON.parse(text) as unknown) : null };
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
