/**
 * SOQL evaluation. Sources: SOQL and SOSL Reference ("Comparison Operators" LIKE/IN, "ORDER BY" null
 * ordering, "Date Formats and Date Literals", "COUNT()", "Using Aliases with GROUP BY" expr0),
 * Apex Developer Guide "Working with SOQL and SOSL Query Results" (§2 #28), APEX-RUNTIME.md §2 #27, #29, #30.
 */
import { runQuery, parseSoql, singleRow, AggregateRow, QueryResult, likeRegex, checkSoql } from '..';
import { Database, SObject } from '../../db';
import { ApexDate, ApexDatetime, ApexDecimal, ApexId, ApexInteger, dec, int } from '../../values';
import { ApexPlatformError, ApexRuntimeUnsupported } from '../../errors';
import { fixtureSchema, insertRow, platformError, seededDb, useRuntimeSettings } from '../../__tests__/support';

const schema = fixtureSchema();
const NOW = Date.UTC(2026, 5, 15, 18, 0, 0); // Mon 2026-06-15 11:00 PDT

let db: Database;
const ins = (obj: string, vals: Record<string, unknown>) => insertRow(db, obj, vals);
const records = (r: QueryResult) => {
    if (r.kind !== 'records') throw new Error('not records');
    return r.records;
};
const q = (text: string, binds?: unknown[], extra: Record<string, unknown> = {}) =>
    runQuery(text, { db, binds: binds ? { evalBind: (i) => binds[i] } : undefined, ...extra });
const names = (r: QueryResult) => records(r).map((s) => s.get('Name'));
const qErr = platformError;

let acme: ApexId, globex: ApexId, initech: ApexId;
useRuntimeSettings({ now: () => NOW, timeZone: 'America/Los_Angeles' });
beforeEach(() => {
    db = seededDb(schema);
    acme = ins('Account', { Name: 'Acme', Industry: 'Energy', NumberOfEmployees: int(50), Approval__c: 'Approved' });
    globex = ins('Account', { Name: 'globex', Industry: null, NumberOfEmployees: int(10) });
    initech = ins('Account', { Name: 'Initech', Industry: 'Banking', NumberOfEmployees: null });
    ins('Contact', { LastName: 'Smith', FirstName: 'Ann', AccountId: acme, Email: 'ann@example.com' });
    ins('Contact', { LastName: 'Jones', AccountId: acme });
    ins('Contact', { LastName: 'Orphan' });
    ins('Req__c', {
        Account__c: acme,
        Status__c: 'Queued',
        Due__c: new ApexDatetime(NOW - 3 * 86400000),
        Amount__c: dec('10.5')
    });
    ins('Req__c', {
        Account__c: acme,
        Status__c: 'Done',
        Due__c: new ApexDatetime(NOW + 86400000),
        Amount__c: dec('4')
    });
    ins('Req__c', { Account__c: globex, Status__c: 'Queued', Due__c: null, Amount__c: dec('1.25') });
});

describe('basic SELECT / WHERE', () => {
    it('filters with = (case-insensitive), binds and AND/OR', () => {
        expect(names(q("SELECT Id, Name FROM Account WHERE Name = 'ACME'"))).toEqual(['Acme']);
        expect(names(q('SELECT Name FROM Account WHERE Name = :n', ['GLOBEX']))).toEqual(['globex']);
        expect(
            names(
                q(
                    "SELECT Name FROM Account WHERE (Industry = 'Energy' OR Industry = 'Banking') AND NumberOfEmployees > 20"
                )
            )
        ).toEqual(['Acme']);
        expect(names(q("SELECT Name FROM Account WHERE NOT Name LIKE 'a%'"))).toEqual(['globex', 'Initech']);
    });
    it('null comparisons: = null, != null, != value includes nulls, < with null is false (§2 #7)', () => {
        expect(names(q('SELECT Name FROM Account WHERE Industry = null'))).toEqual(['globex']);
        expect(names(q('SELECT Name FROM Account WHERE Industry != null'))).toEqual(['Acme', 'Initech']);
        expect(names(q("SELECT Name FROM Account WHERE Industry != 'Energy'"))).toEqual(['globex', 'Initech']);
        expect(names(q('SELECT Name FROM Account WHERE NumberOfEmployees < 100'))).toEqual(['Acme', 'globex']);
    });
    it('IN / NOT IN with literal lists, Set/List binds and sObject lists', () => {
        expect(names(q("SELECT Name FROM Account WHERE Name IN ('acme', 'initech')"))).toEqual(['Acme', 'Initech']);
        expect(names(q('SELECT Name FROM Account WHERE Id IN :ids', [{ items: [acme, globex] }]))).toEqual([
            'Acme',
            'globex'
        ]);
        expect(
            names(q('SELECT Name FROM Account WHERE Id NOT IN :ids', [{ kind: 'Set', values: () => [acme.value] }]))
        ).toEqual(['globex', 'Initech']);
        const rec = new SObject(schema.getObject('Account')!);
        rec.setRaw('Id', initech);
        expect(names(q('SELECT Name FROM Account WHERE Id IN :recs', [{ items: [rec] }]))).toEqual(['Initech']);
        // 15-char Id string against an Id field
        expect(names(q('SELECT Name FROM Account WHERE Id = :i', [globex.to15()]))).toEqual(['globex']);
    });
    it('LIKE wildcards and escapes', () => {
        expect(likeRegex('a\\%b').test('a%b')).toBe(true);
        expect(likeRegex('a\\%b').test('axb')).toBe(false);
        expect(likeRegex('_lobex').test('Globex')).toBe(true);
        expect(names(q("SELECT Name FROM Account WHERE Name LIKE '%e%'"))).toEqual(['Acme', 'globex', 'Initech']);
    });
    it('date literals and datetime fields in the user time zone', () => {
        const st = (t: string) => records(q(`SELECT Status__c FROM Req__c WHERE ${t}`)).map((r) => r.get('Status__c'));
        expect(st('Due__c = LAST_N_DAYS:3')).toEqual(['Queued']);
        expect(st('Due__c = LAST_N_DAYS:2')).toEqual([]);
        expect(st('Due__c > TODAY')).toEqual(['Done']);
        expect(st('Due__c = THIS_MONTH')).toEqual(['Queued', 'Done']);
        expect(st('Due__c < 2026-06-14T00:00:00Z')).toEqual(['Queued']);
    });
    it('custom metadata is queryable and does not touch limits', () => {
        const r = records(
            q("SELECT DeveloperName, Batch_Size__c, Enabled__c FROM Setting__mdt WHERE DeveloperName = 'Default'")
        );
        expect(r).toHaveLength(1);
        expect((r[0].get('Batch_Size__c') as ApexDecimal).toString()).toBe('50');
        expect(r[0].get('Enabled__c')).toBe(true);
    });
});

describe('results', () => {
    it('tracks queried fields (§2 #28); Id is always readable', () => {
        const [a] = records(q("SELECT Id FROM Account WHERE Name = 'Acme'"));
        expect(a.id!.value).toBe(acme.value);
        const e = qErr(() => a.get('Name'));
        expect(e.apexType).toBe('System.SObjectException');
        expect(e.message).toBe('SObject row was retrieved via SOQL without querying the requested field: Account.Name');
    });
    it('parent paths (multi-level) and null parents', () => {
        const rs = records(
            q(
                'SELECT Name__x FROM Contact'.replace('Name__x', 'LastName, Account.Name, Account.Owner.Name') +
                    ' ORDER BY LastName'
            )
        );
        expect(rs.map((c) => c.get('LastName'))).toEqual(['Jones', 'Orphan', 'Smith']);
        expect(rs[0].getParent('Account')!.get('Name')).toBe('Acme');
        expect(rs[0].getParent('Account')!.getParent('Owner')!.get('Name')).toBe('Local Admin');
        expect(rs[1].getParent('Account')).toBeNull();
        expect(() => rs[0].getParent('Account')!.get('Industry')).toThrow(ApexPlatformError);
        const reqs = records(q('SELECT Account__r.Name FROM Req__c WHERE Account__r.Name = :n', ['globex']));
        expect(reqs.map((r) => r.getParent('Account__r')!.get('Name'))).toEqual(['globex']);
    });
    it('child subqueries with their own WHERE/ORDER/LIMIT; empty list when no children', () => {
        const rs = records(
            q(
                "SELECT Name, (SELECT LastName FROM Contacts ORDER BY LastName DESC LIMIT 1), (SELECT Status__c FROM Reqs__r WHERE Status__c = 'Queued') FROM Account ORDER BY Name"
            )
        );
        expect(rs.map((a) => a.get('Name'))).toEqual(['Acme', 'globex', 'Initech']);
        expect(rs[0].getChildren('Contacts')!.map((c) => c.get('LastName'))).toEqual(['Smith']);
        expect(rs[0].getChildren('reqs__r')!.length).toBe(1);
        expect(rs[2].getChildren('Contacts')).toEqual([]);
    });
    it('ORDER BY: nulls first in either direction, case-insensitive strings, multi-key; LIMIT/OFFSET with binds', () => {
        expect(names(q('SELECT Name FROM Account ORDER BY Industry'))).toEqual(['globex', 'Initech', 'Acme']);
        // "By default, null values are sorted first" (SOQL Reference, "ORDER BY")
        expect(names(q('SELECT Name FROM Account ORDER BY Industry DESC'))).toEqual(['globex', 'Acme', 'Initech']);
        expect(names(q('SELECT Name FROM Account ORDER BY Industry DESC NULLS LAST'))).toEqual([
            'Acme',
            'Initech',
            'globex'
        ]);
        expect(names(q('SELECT Name FROM Account ORDER BY Industry ASC NULLS LAST'))).toEqual([
            'Initech',
            'Acme',
            'globex'
        ]);
        expect(names(q('SELECT Name FROM Account ORDER BY Name'))).toEqual(['Acme', 'globex', 'Initech']);
        expect(names(q('SELECT Name FROM Account ORDER BY Name LIMIT :l OFFSET 1', [int(1)]))).toEqual(['globex']);
    });
    it('COUNT() returns an Integer count (§2 #30)', () => {
        expect(q('SELECT COUNT() FROM Contact WHERE AccountId = :a', [acme])).toEqual({ kind: 'count', count: 2 });
    });
    it('aggregates with GROUP BY and expr0 aliases', () => {
        const r = q(
            'SELECT Status__c, COUNT(Id), SUM(Amount__c) total FROM Req__c GROUP BY Status__c ORDER BY Status__c'
        );
        if (r.kind !== 'aggregate') throw new Error();
        const rows = r.rows as AggregateRow[];
        expect(rows.map((x) => x.get('Status__c'))).toEqual(['Done', 'Queued']);
        expect((rows[1].get('expr0') as ApexInteger).value).toBe(2);
        expect((rows[1].get('TOTAL') as ApexDecimal).toString()).toBe('11.75');
        const aliased = q('SELECT Status__c status, COUNT(Id) total FROM Req__c GROUP BY Status__c');
        if (aliased.kind !== 'aggregate') throw new Error();
        expect(aliased.rows.map((x) => [x.get('status'), (x.get('total') as ApexInteger).value])).toEqual([
            ['Queued', 2],
            ['Done', 1]
        ]);
        expect(qErr(() => q('SELECT Name n FROM Account')).apexType).toBe('System.QueryException');
        const all = q('SELECT COUNT(Id) c, MAX(Amount__c) m FROM Req__c');
        if (all.kind !== 'aggregate') throw new Error();
        expect((all.rows[0].get('c') as ApexInteger).value).toBe(3);
        expect((all.rows[0].get('m') as ApexDecimal).toString()).toBe('10.50');
    });
    it('FIELDS(STANDARD|CUSTOM|ALL) expands field lists; ALL needs LIMIT <= 200 (SOQL Reference, FIELDS())', () => {
        const [a] = records(q("SELECT FIELDS(CUSTOM) FROM Account WHERE Name = 'Acme' LIMIT 1"));
        expect(a.get('Approval__c')).toBe('Approved');
        expect(() => a.get('Name')).toThrow(ApexPlatformError);
        const [s] = records(q("SELECT FIELDS(STANDARD) FROM Account WHERE Name = 'Acme'"));
        expect(s.get('Industry')).toBe('Energy');
        expect(qErr(() => q('SELECT FIELDS(ALL) FROM Account')).apexType).toBe('System.QueryException');
        const [r] = records(q('SELECT FIELDS(ALL) FROM Req__c LIMIT 1'));
        expect(() => r.get('Calc__c')).toThrow(ApexRuntimeUnsupported);
    });
    it('semi-join Id IN (SELECT …)', () => {
        expect(
            names(
                q(
                    "SELECT Name FROM Account WHERE Id IN (SELECT Account__c FROM Req__c WHERE Status__c = 'Queued') ORDER BY Name"
                )
            )
        ).toEqual(['Acme', 'globex']);
    });
    it('single-row assignment errors (§2 #27)', () => {
        expect(qErr(() => singleRow(records(q("SELECT Id FROM Account WHERE Name = 'none'")))).message).toBe(
            'List has no rows for assignment to SObject'
        );
        expect(qErr(() => singleRow(records(q('SELECT Id FROM Account')))).message).toBe(
            'List has more than 1 row for assignment to SObject'
        );
    });
    it('deleted rows hidden unless ALL ROWS (§2 #29)', () => {
        db.deleteRow(schema.getObject('Account')!, initech.value);
        expect(names(q('SELECT Name FROM Account'))).toEqual(['Acme', 'globex']);
        expect(names(q('SELECT Name FROM Account ALL ROWS'))).toHaveLength(3);
    });
});

describe('modes, errors and unsupported constructs', () => {
    it('WITH USER_MODE runs and reports a fidelity note; FOR UPDATE is a no-op', () => {
        const notes: string[] = [];
        expect(
            names(
                q("SELECT Name FROM Account WHERE Name = 'Acme' WITH USER_MODE", undefined, {
                    onFidelityNote: (n: string) => notes.push(n)
                })
            )
        ).toEqual(['Acme']);
        expect(notes[0]).toMatch(/USER_MODE/);
        expect(names(q("SELECT Name FROM Account WHERE Name = 'Acme' FOR UPDATE"))).toEqual(['Acme']);
    });
    it('unknown fields raise QueryException (dynamic SOQL)', () => {
        const e = qErr(() => q('SELECT Nope__c FROM Account'));
        expect(e.apexType).toBe('System.QueryException');
        expect(e.message).toMatch(/^No such column 'Nope__c' on entity 'Account'/);
    });
    it('syntax errors and trailing junk raise QueryException (Q5)', () => {
        expect(qErr(() => parseSoql("SELECT Id FROM Account WHERE Name = 'a' garbage here")).apexType).toBe(
            'System.QueryException'
        );
    });
    it('TYPEOF on a non-polymorphic relationship, unknown objects and formula fields are unsupported', () => {
        expect(() => q('SELECT TYPEOF Owner WHEN User THEN Name END FROM Account')).toThrow(ApexRuntimeUnsupported);
        expect(() => q('SELECT Id FROM Nope__c')).toThrow(ApexRuntimeUnsupported);
        expect(() => q('SELECT Calc__c FROM Req__c')).toThrow(ApexRuntimeUnsupported);
    });
    it('dynamic SOQL binds simple variables via lookupVar; queryWithBinds via bindMap', () => {
        const r = runQuery('SELECT Name FROM Account WHERE Name = :nm', {
            db,
            binds: { lookupVar: (n) => (n === 'nm' ? 'Acme' : undefined) }
        });
        expect(names(r)).toEqual(['Acme']);
        const r2 = runQuery('SELECT Name FROM Account WHERE Name = :nm', {
            db,
            binds: { bindMap: new Map([['NM', 'Initech']]) }
        });
        expect(names(r2)).toEqual(['Initech']);
    });
    it('numbers binds in depth-first order (matches the interpreter lowering)', () => {
        const pq = parseSoql(
            'SELECT Id, (SELECT Id FROM Contacts WHERE LastName = :a) FROM Account WHERE Name = :b AND Id IN :c LIMIT :d'
        );
        expect(pq.bindCount).toBe(4);
        const seen: number[] = [];
        runQuery(
            'SELECT Id, (SELECT Id FROM Contacts WHERE LastName = :a) FROM Account WHERE Name = :b AND Id IN :c LIMIT :d',
            {
                db,
                binds: {
                    evalBind: (i) => {
                        seen.push(i);
                        return i === 3 ? int(5) : i === 2 ? { items: [] } : 'x';
                    }
                }
            }
        );
        expect(seen).toEqual([0, 1, 2, 3]); // each bind evaluated exactly once, in order
    });
});

describe('date literal helper', () => {
    it('uses Date values for Date fields', () => {
        const d = ApexDate.newInstance(2026, 6, 15);
        expect(d.toString()).toBe('2026-06-15');
    });
});

describe('multi-select picklists and toLabel()', () => {
    it('INCLUDES / EXCLUDES (SOQL Reference, "Querying Multi-Select Picklists")', () => {
        ins('Account', { Name: 'm1', Tags__c: 'A;B' });
        ins('Account', { Name: 'm2', Tags__c: 'C' });
        const n = (w: string) => names(q(`SELECT Name FROM Account WHERE ${w} ORDER BY Name`));
        expect(n("Tags__c INCLUDES ('a;b')")).toEqual(['m1']);
        expect(n("Tags__c INCLUDES ('A;C', 'C')")).toEqual(['m2']);
        expect(n("Tags__c INCLUDES ('B', 'C')")).toEqual(['m1', 'm2']);
        expect(n("Tags__c EXCLUDES ('C') AND Tags__c != null")).toEqual(['m1']);
    });
    it('toLabel() returns the picklist label (SOQL Reference, "toLabel()")', () => {
        ins('Account', { Name: 'gold', Tier__c: 'G' });
        const [a] = records(q("SELECT toLabel(Tier__c) FROM Account WHERE Name = 'gold'"));
        expect(a.get('Tier__c')).toBe('Gold');
        expect(() => q('SELECT toLabel(Name) FROM Account')).toThrow(ApexRuntimeUnsupported);
    });
});

describe('static check (apexrt check)', () => {
    it('validates fields in SELECT, WHERE, ORDER BY and subqueries without running', () => {
        expect(
            checkSoql(
                "SELECT Name, (SELECT LastName FROM Contacts WHERE Email != null) FROM Account WHERE Industry = 'x'",
                schema
            ).from
        ).toBe('Account');
        expect(() => checkSoql('SELECT Name FROM Account WHERE Nope__c = 1', schema)).toThrow(
            /No such column 'Nope__c'/
        );
        expect(() => checkSoql('SELECT Id, (SELECT Id FROM Contacts WHERE Bad__c = 1) FROM Account', schema)).toThrow(
            /No such column 'Bad__c'/
        );
        // custom parent: an unknown relationship is the platform's compile error
        expect(() => checkSoql('SELECT Id, (SELECT Id FROM Attempts) FROM Req__c', schema)).toThrow(
            /Didn't understand relationship 'Attempts'/
        );
        // `Atts` where only `Atts__r` exists (on a standard parent) is still the platform error
        expect(() => checkSoql('SELECT Id, (SELECT Id FROM Atts) FROM Contact', schema)).toThrow(
            /Didn't understand relationship 'Atts'/
        );
        // standard parent + standard-looking name: the catalogue is a subset → unsupported, not a false failure
        expect(() => checkSoql('SELECT Id, (SELECT Id FROM Histories) FROM Account', schema)).toThrow(
            ApexRuntimeUnsupported
        );
        expect(() => checkSoql('SELECT CleanStatus FROM Account', schema)).toThrow(ApexRuntimeUnsupported);
        expect(() => checkSoql('SELECT Owner.Nope FROM Account', schema)).toThrow(ApexRuntimeUnsupported);
        expect(() => checkSoql('SELECT Calc__c FROM Req__c', schema)).toThrow(ApexRuntimeUnsupported);
    });
});

describe('more SOQL paths', () => {
    it('Date fields with date literals, nested NOT/parentheses, LIMIT 0 and OFFSET past the end', () => {
        ins('Task', { Subject: 'today', ActivityDate: ApexDate.newInstance(2026, 6, 15) });
        ins('Task', { Subject: 'yesterday', ActivityDate: ApexDate.newInstance(2026, 6, 14) });
        ins('Task', { Subject: 'none' });
        const subj = (w: string) =>
            records(q(`SELECT Subject FROM Task WHERE ${w} ORDER BY Subject`)).map((t) => t.get('Subject'));
        expect(subj('ActivityDate = TODAY')).toEqual(['today']);
        expect(subj('ActivityDate = YESTERDAY')).toEqual(['yesterday']);
        expect(subj('ActivityDate < TODAY')).toEqual(['yesterday']);
        expect(subj('ActivityDate = LAST_N_DAYS:1')).toEqual(['today', 'yesterday']);
        expect(subj("(Subject = 'none' OR ActivityDate = TODAY) AND (NOT Subject = 'none')")).toEqual(['today']);
        expect(subj("NOT (Subject = 'none' OR Subject = 'today')")).toEqual(['yesterday']);
        expect(records(q('SELECT Id FROM Task LIMIT 0'))).toEqual([]);
        expect(records(q('SELECT Id FROM Task ORDER BY Subject OFFSET 10'))).toEqual([]);
    });
    it('polymorphic Owner: fields missing on the actual parent type read as absent, not a crash', () => {
        const g = ins('Group', { Name: 'Queue A', Type: 'Regular' });
        ins('Account', { Name: 'Grouped', OwnerId: g });
        const [a] = records(q("SELECT Owner.Name, Owner.Username FROM Account WHERE Name = 'Grouped'"));
        expect(a.getParent('Owner')!.get('Name')).toBe('Queue A');
        expect(records(q("SELECT Name FROM Account WHERE Owner.Username = null AND Name = 'Grouped'"))).toHaveLength(1);
    });
    it('ORDER BY a parent field puts null parents first (ASC)', () => {
        const rs = records(q('SELECT LastName FROM Contact ORDER BY Account.Name, LastName'));
        expect(rs.map((c) => c.get('LastName'))).toEqual(['Orphan', 'Jones', 'Smith']);
    });
    it('binds inside semi-joins and subqueries are evaluated once', () => {
        let calls = 0;
        const r = runQuery(
            'SELECT Name FROM Account WHERE Id IN (SELECT Account__c FROM Req__c WHERE Status__c = :s) ORDER BY Name',
            {
                db,
                binds: {
                    evalBind: () => {
                        calls++;
                        return 'Queued';
                    }
                }
            }
        );
        expect(names(r)).toEqual(['Acme', 'globex']);
        expect(calls).toBe(1);
    });
    it('counts SOQL queries and rows against the limits', () => {
        const { currentLimits } = jest.requireActual('../../limits/limits');
        const before = { ...currentLimits().used };
        q('SELECT Id FROM Account');
        q('SELECT Id FROM Setting__mdt');
        expect(currentLimits().used.soqlQueries - before.soqlQueries).toBe(1);
        expect(currentLimits().used.queryRows - before.queryRows).toBe(3);
        const mid = currentLimits().used.queryRows;
        q('SELECT Id, (SELECT Id FROM Contacts) FROM Account');
        expect(currentLimits().used.queryRows - mid).toBe(5); // 3 accounts + 2 contacts
    });
});

describe('setup data queries (seeded from force-app)', () => {
    it('permission data is queryable with semi-joins and parent paths', () => {
        const ps = records(q("SELECT Id, Name, Label FROM PermissionSet WHERE Name = 'Integration'"));
        expect(ps).toHaveLength(1);
        const user = ins('User', {
            Username: 'psa@example.invalid',
            LastName: 'Psa',
            Email: 'psa@example.invalid',
            Alias: 'psa',
            TimeZoneSidKey: 'GMT',
            LocaleSidKey: 'en_US',
            EmailEncodingKey: 'UTF-8',
            LanguageLocaleKey: 'en_US',
            ProfileId: new ApexId(db.seeded.profiles['Standard User'])
        });
        ins('PermissionSetAssignment', { AssigneeId: user, PermissionSetId: ps[0].id });
        const grants = records(
            q(
                "SELECT Parent.Name FROM SetupEntityAccess WHERE SetupEntityId IN (SELECT Id FROM CustomPermission WHERE DeveloperName = 'Integration_User')"
            )
        );
        expect(grants.map((g) => g.getParent('Parent')!.get('Name'))).toEqual(['Integration']);
        const psa = records(
            q(
                'SELECT PermissionSet.Name, Assignee.Username FROM PermissionSetAssignment WHERE AssigneeId = :u AND PermissionSet.IsOwnedByProfile = false',
                [user]
            )
        );
        expect(psa).toHaveLength(1);
        expect(psa[0].getParent('PermissionSet')!.get('Name')).toBe('Integration');
        expect(psa[0].getParent('Assignee')!.get('Username')).toBe('psa@example.invalid');
        // the org's own user may hold assignments the runtime cannot list: only the profile's is known
        expect(() => q('SELECT Id FROM PermissionSetAssignment WHERE AssigneeId = :u', [db.runningUserId])).toThrow(
            /PermissionSetAssignment rows of the org's own user/
        );
        const own = records(
            q(
                'SELECT PermissionSet.ProfileId FROM PermissionSetAssignment WHERE AssigneeId = :u AND PermissionSet.IsOwnedByProfile = true',
                [db.runningUserId]
            )
        );
        expect(own.map((a) => a.getParent('PermissionSet')!.get('ProfileId'))).toEqual([
            new ApexId(db.seeded.profiles['System Administrator'])
        ]);
        expect(records(q("SELECT Id FROM Profile WHERE Name = 'Standard User'"))).toHaveLength(1);
        expect(records(q("SELECT Id FROM ApexClass WHERE Name = 'Foo'"))).toHaveLength(1);
    });

    // Profile names are translated in orgs of another language: tests find a standard profile by license and flags.
    it('answers a locale-independent profile lookup by license key and permission flags', () => {
        const found = records(
            q(
                "SELECT Id, Name, UserLicense.LicenseDefinitionKey FROM Profile WHERE UserType = 'Standard' AND UserLicense.LicenseDefinitionKey = 'SFDC' AND PermissionsModifyAllData = false AND PermissionsViewAllData = false AND PermissionsEditTask = true ORDER BY CreatedDate ASC, Id ASC"
            )
        );
        expect(found[0].get('Name')).toBe('Standard User');
        expect(found.map((p) => p.get('Name'))).not.toContain('System Administrator');
        expect(found.map((p) => p.get('Name'))).not.toContain('Minimum Access - Salesforce');
        expect(found.map((p) => p.get('Name'))).not.toContain('Standard Platform User');
        expect(found[0].getParent('UserLicense')!.get('LicenseDefinitionKey')).toBe('SFDC');
        const admins = records(q('SELECT Name FROM Profile WHERE PermissionsModifyAllData = true'));
        expect(admins.map((p) => p.get('Name'))).toEqual(['System Administrator']);
    });
});
