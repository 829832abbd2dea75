/**
 * The Session's driver hooks (src/index.ts): async executions observed as transactions of their own, services
 * replaced through wrapService, and the typed service table (every key a Session installs is declared).
 */
import { Session, type AsyncTransactionInfo } from '../src';
import { Program } from '../src/interp/interpreter';
import { SERVICE_KEYS } from '../src/interp/runtime-services';

const QUEUEABLE = `
    public class Q implements Queueable {
        public Boolean fail = false;
        public void execute(QueueableContext c) {
            Account a = new Account(Name = 'from job');
            insert a;
            if (fail) throw new IllegalArgumentException('boom');
        }
    }
`;

describe('Session.observeAsyncTransactions', () => {
    it('sees each job as its own transaction with its own limits, named after the job', () => {
        const s = new Session(new Program());
        const seen: { info: AsyncTransactionInfo; dml: number; error: string | null }[] = [];
        s.observeAsyncTransactions((info, run) => {
            let error: string | null = null;
            try {
                return run();
            } catch (e) {
                error = String((s.classify(e) as { type?: string }).type);
                throw e;
            } finally {
                seen.push({ info, dml: s.it.tx.limits.used.dmlStatements, error });
            }
        });
        const o = s.runAnonymous(`${QUEUEABLE}
            insert new Account(Name = 'sync'); insert new Account(Name = 'sync 2');
            System.enqueueJob(new Q());
            Q bad = new Q(); bad.fail = true; System.enqueueJob(bad);
        `);
        // the jobs run after the anonymous block; the runtime reports the first failed job's exception
        expect(o).toMatchObject({ kind: 'exception', type: 'System.IllegalArgumentException' });
        expect(seen.map((x) => [x.info.name, x.info.finalizer, x.dml, x.error])).toEqual([
            ['Q', false, 1, null],
            ['Q', false, 1, 'System.IllegalArgumentException']
        ]);
        expect(seen[0].info.job?.kind).toBe('queueable');
        // the failed job's DML was rolled back, the good one's kept
        expect(s.database.rows('Account').map((r) => r.get('name'))).toEqual(['sync', 'sync 2', 'from job']);
    });

    it('stacks observers: the last added runs outermost', () => {
        const s = new Session(new Program());
        const order: string[] = [];
        s.observeAsyncTransactions((_i, run) => (order.push('first'), run()));
        s.observeAsyncTransactions((_i, run) => (order.push('second'), run()));
        expect(s.runAnonymous(`${QUEUEABLE} System.enqueueJob(new Q());`)).toEqual({ kind: 'ok' });
        expect(order).toEqual(['second', 'first']);
    });
});

describe('Session.wrapService', () => {
    it('replaces a service for the Apex that runs next (a seeded Math.random)', () => {
        const s = new Session(new Program());
        s.wrapService('random', () => () => 0.25);
        expect(s.runAnonymous('System.debug(Math.random());')).toEqual({ kind: 'ok' });
        expect(s.debug.map((d) => d.message)).toEqual(['0.25']);
    });
});

describe('typed services', () => {
    it('a Session installs only declared service keys (RuntimeServices / SERVICE_KEYS)', () => {
        const s = new Session(new Program());
        s.runAnonymous(`${QUEUEABLE} System.enqueueJob(new Q());`);
        const undeclared = Object.keys(s.it.services).filter((k) => !(k in SERVICE_KEYS));
        expect(undeclared).toEqual([]);
        expect(Object.keys(s.it.services).length).toBeGreaterThan(40);
    });
});
