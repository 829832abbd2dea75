import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discover } from '../src/project/project';

// The fixture is written at test time: a deliberately broken .cls must not live in the repository, where the
// format and syntax gates would (rightly) reject it.
function fixture(): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apexrt-check-'));
    fs.writeFileSync(path.join(dir, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'src' }] }));
    fs.mkdirSync(path.join(dir, 'src'));
    fs.writeFileSync(
        path.join(dir, 'src/Bad.cls'),
        [
            'public class Bad {',
            '    public static void m() {',
            '        List<Account> a = [SELECT Id, NoSuchField__c FROM Account];',
            '        Foo__Bar x;',
            '        ConnectApi.FeedItem f;',
            '        Reports.ReportResults results;',
            '        Flow.Interview flow;',
            '    }',
            '}'
        ].join('\n')
    );
    fs.writeFileSync(path.join(dir, 'src/Broken.cls'), 'public class Broken { Integer x = ; }\n');
    return dir;
}
import { checkProject, formatFindings } from '../src/runner/check';

describe('apex check', () => {
    it('reports syntax errors, SOQL compile errors and unsupported types in code no test runs', () => {
        const f = checkProject(discover(fixture()));
        const summary = f.map((x) => `${x.severity} ${path.basename(x.file)}:${x.line}`);
        expect(summary).toEqual([
            'error Bad.cls:3',
            'unsupported Bad.cls:4',
            'unsupported Bad.cls:5',
            'unsupported Bad.cls:6',
            'unsupported Bad.cls:7',
            'error Broken.cls:1'
        ]);
        expect(f[0].message).toMatch(/No such column 'NoSuchField__c' on entity 'Account'/);
        expect(f[3].message).toMatch(/Reports\.ReportResults/);
        expect(f[5].message).toMatch(/expecting one of \d+ tokens/);
        expect(formatFindings(f)).toMatch(/2 error\(s\), 4 unsupported construct\(s\)/);
    });
    it('has no findings on a clean project', () => {
        expect(checkProject(discover(path.join(__dirname, 'fixtures/basic')))).toEqual([]);
    });
});
