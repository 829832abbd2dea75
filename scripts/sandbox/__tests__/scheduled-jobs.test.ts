/**
 * SandboxRuntime.fireDueScheduledJobs (npm start's async job loop): a System.schedule job fires when its
 * CronTrigger.NextFireTime has come on the runtime's clock, once, as its owner, in a scheduled context; a class the
 * runtime cannot instantiate (no public no-argument constructor) is reported unsupported, never run or passed.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SandboxRuntime, show } from '../runtime';

const START = Date.UTC(2026, 11, 5, 10, 0, 30);
const META = (v = '66.0') =>
    `<?xml version="1.0" encoding="UTF-8"?>\n<ApexClass xmlns="http://soap.sforce.com/2006/04/metadata"><apiVersion>${v}</apiVersion><status>Active</status></ApexClass>\n`;

function project(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'sandbox-scheduled-'));
    fs.writeFileSync(
        path.join(dir, 'sfdx-project.json'),
        JSON.stringify({ packageDirectories: [{ path: 'force-app' }] })
    );
    const cls = path.join(dir, 'force-app/main/default/classes');
    fs.mkdirSync(cls, { recursive: true });
    const write = (name: string, body: string) => {
        fs.writeFileSync(path.join(cls, `${name}.cls`), body);
        fs.writeFileSync(path.join(cls, `${name}.cls-meta.xml`), META());
    };
    write(
        'TickJob',
        `public class TickJob implements Schedulable {
    public void execute(SchedulableContext ctx) {
        System.debug('fired ' + System.isScheduled() + ' ' + ctx.getTriggerId() + ' as ' + UserInfo.getUserId());
    }
}`
    );
    write(
        'ArgJob',
        `public class ArgJob implements Schedulable {
    public ArgJob(Integer n) {}
    public void execute(SchedulableContext ctx) {}
}`
    );
    return dir;
}

describe('fireDueScheduledJobs', () => {
    const dir = project();
    afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));
    let now = START;
    const rt = new SandboxRuntime({
        projectDir: dir,
        urlOverrides: {},
        credentials: () => undefined,
        clock: () => now
    });

    test('fires a due job once, as its owner, in a scheduled context; then NextFireTime moves on', () => {
        const r = rt.tx('schedule', `System.debug('id=' + System.schedule('tick', '0 5 * * * ?', new TickJob()));`);
        expect(r.outcome).toEqual({ kind: 'ok' });
        const id = r.debug.find((d) => d.startsWith('id='))!.slice(3);
        expect(rt.fireDueScheduledJobs()).toEqual([]); // 10:05 has not come
        now = Date.UTC(2026, 11, 5, 10, 5, 0);
        const fired = rt.fireDueScheduledJobs();
        expect(fired.map((f) => f.outcome)).toEqual([{ kind: 'ok' }]);
        expect(fired[0].jobs.map((j) => `${j.name} ${j.status}`)).toEqual(['TickJob Completed']);
        expect(fired[0].debug).toContain(`fired true ${id} as ${rt.adminUserId}`);
        const ct = rt.rows('CronTrigger')[0];
        expect(show(ct.get('timestriggered'))).toBe('1');
        expect(show(ct.get('previousfiretime'))).toBe('2026-12-05T10:05:00.000Z');
        expect(show(ct.get('nextfiretime'))).toBe('2026-12-05T11:05:00.000Z');
        expect(rt.fireDueScheduledJobs()).toEqual([]); // once per fire time
    });

    test('a Schedulable without a public no-argument constructor is unsupported, not run', () => {
        expect(rt.tx('schedule', `System.schedule('arg', '0 10 * * * ?', new ArgJob(1));`).outcome).toEqual({
            kind: 'ok'
        });
        now = Date.UTC(2026, 11, 5, 10, 10, 0);
        const fired = rt.fireDueScheduledJobs();
        expect(fired.map((f) => f.outcome)).toEqual([
            {
                kind: 'unsupported',
                construct: 'firing a scheduled ArgJob without a public no-argument constructor',
                message: 'unsupported: firing a scheduled ArgJob without a public no-argument constructor'
            }
        ]);
        expect(fired[0].jobs).toEqual([]);
    });
});
