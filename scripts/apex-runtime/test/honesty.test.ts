// Issue 11 "Honest first": a host (JS) error is a runtime bug (outcome `crash`), an unsupported construct stays
// `unsupported`, and neither is ever an Apex exception that Apex code can catch, nor runs Apex `finally` code.
import * as path from 'node:path';
import { Program } from '../src/interp/interpreter';
import { nativeClasses, registerNative } from '../src/interp/natives';
import { Session, type Outcome } from '../src/session';
import { callOnApexStack } from '../src/host/apex-stack';

const run = (src: string): { outcome: Outcome; debug: string[] } => {
    const s = new Session(new Program());
    const outcome = s.runAnonymous(src, 'honesty.apex');
    return { outcome, debug: s.debug.map((d) => d.message) };
};

describe('host errors and unsupported constructs are never Apex exceptions', () => {
    beforeAll(() => {
        // a platform method with a bug in it: the runtime throws a plain TypeError
        registerNative({
            name: 'HostBugProbe',
            statics: {
                boom: () => {
                    throw new TypeError("Cannot read properties of undefined (reading 'x')");
                }
            }
        });
    });
    afterAll(() => nativeClasses.delete('hostbugprobe'));

    it('a JS TypeError is a crash: catch (Exception) does not see it and finally does not run', () => {
        const r = run(`
            try { HostBugProbe.boom(); }
            catch (Exception e) { System.debug('caught ' + e); }
            finally { System.debug('finally'); }`);
        expect(r.outcome.kind).toBe('crash');
        expect(r.outcome).toMatchObject({ message: expect.stringContaining('Cannot read properties') });
        expect(r.debug).toEqual([]);
    });

    it('an unsupported construct is not caught, and a finally block cannot replace it with an Apex exception', () => {
        const r = run(`
            try { Account.SObjectType.getDescribe().getChildRelationships().size(); }
            catch (Exception e) { System.debug('caught ' + e); }
            finally { System.debug('finally'); throw new IllegalArgumentException('from finally'); }`);
        expect(r.outcome.kind).toBe('unsupported');
        expect(r.debug).toEqual([]);
    });

    it('Apex exceptions still run finally (Apex Developer Guide, "Try Catch Finally Statements")', () => {
        const r = run(`
            try { Integer i; i.format(); }
            finally { System.debug('finally'); }`);
        expect(r.outcome).toMatchObject({ kind: 'exception', type: 'System.NullPointerException' });
        expect(r.debug).toEqual(['finally']);
    });
});

describe('a value that contains itself is unsupported, not an endless host recursion', () => {
    const cyclic = `List<Object> l = new List<Object>(); l.add(l); List<Object> m = new List<Object>(); m.add(m);`;
    it.each([
        ['String rendering', 'System.debug(l);'],
        ['Hashing', 'Set<Object> s = new Set<Object>{ l };'],
        ['Equality', 'System.debug(l == m);'],
        ['JSON.serialize', 'System.debug(JSON.serialize(l));']
    ])('%s', (walk, statement) => {
        const r = run(`${cyclic} System.debug(l.size()); ${statement}`);
        expect(r.outcome).toMatchObject({
            kind: 'unsupported',
            message: expect.stringContaining(`${walk} of a value that contains itself`)
        });
        expect(r.debug).toEqual(['1']);
    });

    it('a list holding the same (acyclic) list twice still renders, hashes and compares', () => {
        const r = run(`
            List<Integer> x = new List<Integer>{ 1 };
            List<Object> twice = new List<Object>{ x, x };
            System.debug(twice);
            System.debug(new Set<Object>{ twice }.contains(new List<Object>{ x, x }));
            System.debug(twice == new List<Object>{ x, x });`);
        expect(r.outcome.kind).toBe('ok');
        expect(r.debug).toEqual(['((1), (1))', 'true', 'true']);
    });
});

describe('call-stack depth', () => {
    const deep = `
        public class Countdown {
            public static Integer depth(Integer n) { return n == 0 ? 0 : 1 + depth(n - 1); }
        }
        System.debug(Countdown.depth(998));
        try { Countdown.depth(999); } catch (Exception e) { System.debug('caught'); }`;

    it('on the Apex stack, 999 nested calls under the entry frame run and the 1,001st frame is an uncatchable LimitException', async () => {
        const r = await callOnApexStack<{ outcome: Outcome; debug: string[] }>(
            path.join(__dirname, 'honesty-worker.ts'),
            'runAnonymousOnce',
            [deep]
        );
        expect(r.debug).toEqual(['998']);
        expect(r.outcome).toMatchObject({
            kind: 'exception',
            type: 'System.LimitException',
            message: 'Maximum stack depth reached: 1001'
        });
    }, 60_000);

    it('on the default host stack the same program overflows: why entry points use host/apex-stack', () => {
        expect(run(deep).outcome).toMatchObject({
            kind: 'crash',
            message: expect.stringMatching(
                /host stack exhausted at Apex call depth \d{3}; run Apex through host\/apex-stack/
            )
        });
    });
});
