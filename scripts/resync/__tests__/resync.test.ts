/**
 * `npm run resync`: argument parsing, the generated anonymous Apex, and the `sf apex run` call (a fake runner).
 * The generated Apex itself runs in the local runtime in `npm run sandbox` (step "f. resync").
 */
import { accountIdsIn, parseSet, resultFrom, resyncApex, RESULT_MARKER } from '../apex';
import { main } from '../main';
import type { RunCommand } from '../../generators/credentials/org-session';

function io() {
    const out: string[] = [];
    const err: string[] = [];
    return { io: { out: (l: string) => out.push(l), err: (l: string) => err.push(l) }, out, err };
}

const ok = (logs: string) => JSON.stringify({ status: 0, result: { success: true, compiled: true, logs } });

describe('npm run resync', () => {
    test('maps the CLI set names to the Apex selections', () => {
        expect(parseSet('approved')).toEqual({ set: 'Approved' });
        expect(parseSet('never')).toEqual({ set: 'Never Synced' });
        expect(parseSet('FAILED')).toEqual({ set: 'Failed' });
        expect(parseSet('since=2026-11-01')).toEqual({ set: 'Changed Since', since: '2026-11-01' });
        expect(() => parseSet('since=yesterday')).toThrow('since=YYYY-MM-DD needs a date');
        expect(() => parseSet('since')).toThrow('since=YYYY-MM-DD needs a date');
        expect(() => parseSet('failed=1')).toThrow('takes no value');
        expect(() => parseSet('everything')).toThrow('--set must be one of');
    });

    test('finds Account Ids in an export, each once, ignoring headers and other Ids', () => {
        const csv =
            '"Account ID","Account Name"\n"001000000000001AAA","Acme"\n001000000000001AAA\n003000000000001AAA\n001000000000002';
        expect(accountIdsIn(csv)).toEqual(['001000000000001AAA', '001000000000002']);
    });

    test('generates Apex that calls D365SyncResync.start with the selection', () => {
        expect(resyncApex({ kind: 'start', set: 'Failed' })).toContain(
            "D365SyncResync.selection('Failed', null, null);\nD365_Sync_Resync__c run = D365SyncResync.start(selection);"
        );
        expect(resyncApex({ kind: 'start', set: 'Changed Since', since: '2026-11-01' })).toContain(
            "D365SyncResync.selection('Changed Since', Date.newInstance(2026, 11, 1), null);"
        );
        expect(
            resyncApex({ kind: 'start', set: 'Account Ids', accountIds: ['001000000000001AAA', '001000000000002'] })
        ).toContain("D365SyncResync.selection('Account Ids', null, '001000000000001AAA,001000000000002');");
        expect(resyncApex({ kind: 'stop', runId: 'a0R000000000001AAA' })).toContain(
            "D365_Sync_Resync__c run = D365SyncResync.stop('a0R000000000001AAA');"
        );
        expect(() => resyncApex({ kind: 'resume', runId: "x'); delete" })).toThrow('record Id');
        expect(resyncApex({ kind: 'start', set: 'Approved' })).toContain(RESULT_MARKER);
    });

    test('--dry-run prints the Apex and runs nothing', async () => {
        const run = jest.fn<ReturnType<RunCommand>, Parameters<RunCommand>>();
        const t = io();
        expect(await main(['--set', 'never', '--dry-run'], t.io, { run })).toBe(0);
        expect(run).not.toHaveBeenCalled();
        expect(t.out.join('\n')).toContain("D365SyncResync.selection('Never Synced', null, null);");
    });

    test('runs the Apex with sf apex run against the target org and reports the run', async () => {
        let apexFile = '';
        let apexText = '';
        const run: RunCommand = async (_cmd, args) => {
            apexFile = args[args.indexOf('--file') + 1];
            apexText = require('node:fs').readFileSync(apexFile, 'utf8');
            return {
                code: 0,
                stderr: '',
                stdout: ok(
                    `12:00:00.1|USER_DEBUG|[4]|ERROR|${RESULT_MARKER} {"id":"a0R000000000001AAA","name":"RSY-000001","status":"Running","total":250,"processed":0,"job":"707000000000001AAA"}\n`
                )
            };
        };
        const spy = jest.fn(run);
        const t = io();
        expect(await main(['--set', 'failed', '--target-org', 'prod'], t.io, { run: spy })).toBe(0);
        const args = spy.mock.calls[0][1];
        expect(args.slice(0, 2)).toEqual(['apex', 'run']);
        expect(args).toEqual(expect.arrayContaining(['--target-org', 'prod', '--json']));
        expect(apexText).toContain("D365SyncResync.selection('Failed', null, null);");
        expect(require('node:fs').existsSync(apexFile)).toBe(false); // the temporary file is removed
        expect(t.out[0]).toBe(
            'resync started RSY-000001 (a0R000000000001AAA): Running, 0 of 250 processed, batch job 707000000000001AAA'
        );
    });

    test('reads Account Ids from --ids-file', async () => {
        const t = io();
        const code = await main(['--set', 'ids', '--ids-file', 'export.csv', '--dry-run'], t.io, {
            readFile: () => 'Account ID\n001000000000001AAA\n001000000000002AAA\n'
        });
        expect(code).toBe(0);
        expect(t.out.join('\n')).toContain("'001000000000001AAA,001000000000002AAA'");
        const none = io();
        expect(await main(['--set', 'ids', '--ids-file', 'x', '--dry-run'], none.io, { readFile: () => 'Acme' })).toBe(
            1
        );
        expect(none.err.join('\n')).toContain('no Account Id');
    });

    test('a refusal in the org (no permission, kill switch) is shown and exits 1', async () => {
        const run: RunCommand = async () => ({
            code: 1,
            stderr: '',
            stdout: JSON.stringify({
                status: 1,
                result: {
                    success: false,
                    compiled: true,
                    exceptionMessage:
                        'D365SyncResync.NotAllowedException: Only D365 Sync admins can resync Accounts (custom permission D365_Sync_Administer, permission set D365 Sync Admin).'
                }
            })
        });
        const t = io();
        expect(await main(['--set', 'approved'], t.io, { run })).toBe(1);
        expect(t.err[0]).toContain('resync refused: D365SyncResync.NotAllowedException: Only D365 Sync admins');
    });

    test('usage errors exit 2', async () => {
        for (const argv of [
            [],
            ['--set', 'failed', '--stop', 'a0R000000000001AAA'],
            ['--set', 'ids'],
            ['--set', 'failed', '--ids-file', 'f']
        ]) {
            const t = io();
            expect(await main(argv, t.io, {})).toBe(2);
        }
    });

    test('reads the result line back from the log', () => {
        expect(resultFrom(`x\n${RESULT_MARKER} {"name":"RSY-1"}\ny`)).toEqual({ name: 'RSY-1' });
        expect(resultFrom('nothing')).toBeNull();
    });
});
