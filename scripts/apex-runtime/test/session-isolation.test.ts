/**
 * Two Sessions in one process share nothing (issue #11 item 5): governor-limit counters, clock/time zone settings,
 * platform classes registered for one session, the data layer's schema, and Apex equality (user hashCode) each
 * belong to the session whose Apex runs — also when the sessions are created and run interleaved.
 */
import { Session, runtimeSettings } from '../src';
import { Program } from '../src/interp/interpreter';
import { loadProgram } from '../src/project/load';
import { writeFixtureProject } from '../src/schema/__tests__/fixture';

const messages = (s: Session): string[] => s.debug.map((d) => d.message);

function run(s: Session, apex: string): string[] {
    s.debug = [];
    const o = s.runAnonymous(apex);
    if (o.kind !== 'ok') throw new Error(`${o.kind}: ${'message' in o ? o.message : ''}`);
    return messages(s);
}

describe('two Sessions side by side', () => {
    it('count governor limits apart: creating or running one does not move the other one’s counters', () => {
        const a = new Session(new Program());
        run(a, 'List<Account> x = [SELECT Id FROM Account];');
        const b = new Session(new Program());
        run(b, 'List<Account> x = [SELECT Id FROM Account]; x = [SELECT Id FROM Account];');
        // a's transaction goes on (no beginTransaction): its third query is its own, b's two are b's
        expect(run(a, 'List<Account> x = [SELECT Id FROM Account]; System.debug(Limits.getQueries());')).toEqual(['2']);
        expect(run(b, 'System.debug(Limits.getQueries());')).toEqual(['2']);
        expect(a.it.tx.limits.used.soqlQueries).toBe(2);
        expect(b.it.tx.limits.used.soqlQueries).toBe(2);
    });

    it('keep their own clock and time zone, and leave the process-wide settings alone', () => {
        const noon = Date.UTC(2026, 11, 5, 12, 0);
        const processZone = runtimeSettings().timeZone;
        const tokyo = new Session(new Program(), { settings: { timeZone: 'Asia/Tokyo', now: () => noon } });
        const berlin = new Session(new Program(), { settings: { timeZone: 'Europe/Berlin', now: () => noon } });
        const show = "System.debug(Datetime.now().format('yyyy-MM-dd HH:mm'));";
        expect(run(tokyo, show)).toEqual(['2026-12-05 21:00']);
        expect(run(berlin, show)).toEqual(['2026-12-05 13:00']);
        expect(run(tokyo, show)).toEqual(['2026-12-05 21:00']);
        // a session without settings of its own follows the process-wide ones, untouched by the two above
        const plain = new Session(new Program());
        expect(run(plain, 'System.debug(UserInfo.getTimeZone().getID());')).toEqual([processZone]);
        expect(run(tokyo, 'System.debug(UserInfo.getTimeZone().getID());')).toEqual(['Asia/Tokyo']);
    });

    it('see only the platform classes registered for them', () => {
        const a = new Session(new Program());
        const b = new Session(new Program());
        const plain = new Session(new Program());
        a.registerNative({ name: 'Probe', statics: { who: () => 'a' } });
        b.registerNative({ name: 'Probe', statics: { who: () => 'b' } });
        expect(run(a, 'System.debug(Probe.who());')).toEqual(['a']);
        expect(run(b, 'System.debug(Probe.who());')).toEqual(['b']);
        expect(plain.runAnonymous('System.debug(Probe.who());')).toMatchObject({ kind: 'unsupported' });
        expect(run(a, 'System.debug(Probe.who());')).toEqual(['a']);
    });

    it('keep their own schema: a session created later does not replace the sObject types of an earlier one', () => {
        const root = writeFixtureProject();
        const custom = new Session(loadProgram({ root, sourceDirs: [], classes: [], triggers: [] }), {
            projectDir: root
        });
        const standard = new Session(new Program());
        expect(run(custom, "Account a = new Account(Ext_Key__c = 'k1'); System.debug(a.Ext_Key__c);")).toEqual(['k1']);
        expect(standard.runAnonymous("Account a = new Account(Ext_Key__c = 'k1');")).not.toEqual({ kind: 'ok' });
    });

    it('run user hashCode() for Set keys in the session that owns the set (its debug log, not the newest one’s)', () => {
        const a = new Session(new Program());
        const b = new Session(new Program());
        const out = run(
            a,
            `public class K {
                public Integer hashCode() { System.debug('hash'); return 1; }
                public Boolean equals(Object o) { return o instanceof K; }
            }
            Set<K> keys = new Set<K>{ new K(), new K() };
            System.debug(keys.size());`
        );
        expect(out).toEqual(['hash', 'hash', '1']);
        expect(messages(b)).toEqual([]);
    });
});
