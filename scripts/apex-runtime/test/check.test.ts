import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discover } from '../src/project/project';

// Fixtures are written at test time: a deliberately broken .cls must not live in the repository, where the format
// and syntax gates would (rightly) reject it.
function fixture(classes: Record<string, string[]>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apexrt-check-'));
    fs.writeFileSync(path.join(dir, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'src' }] }));
    fs.mkdirSync(path.join(dir, 'src'));
    for (const [name, lines] of Object.entries(classes))
        fs.writeFileSync(path.join(dir, `src/${name}.cls`), lines.join('\n') + '\n');
    return dir;
}
import { checkProject, formatFindings } from '../src/runner/check';

describe('apex check', () => {
    it('reports syntax errors, SOQL compile errors and unsupported types in code no test runs', () => {
        const f = checkProject(
            discover(
                fixture({
                    Bad: [
                        'public class Bad {',
                        '    public static void m() {',
                        '        List<Account> a = [SELECT Id, NoSuchField__c FROM Account];',
                        '        Foo__Bar x;',
                        '        ConnectApi.FeedItem f;',
                        '        Reports.ReportResults results;',
                        '        Flow.Interview.Calculate_Discounts flow;',
                        '    }',
                        '}'
                    ],
                    Broken: ['public class Broken { Integer x = ; }']
                })
            )
        );
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
    it('accepts custom-metadata relationship traversal (X__r.QualifiedApiName) and geolocation sub-fields', () => {
        // both were refused as "No such column" although the org compiles them (issue 11)
        const project = discover(path.join(__dirname, '../conformance/t2/metadata-relationships'));
        expect(checkProject(project).filter((f) => f.severity === 'error')).toEqual([]);
    });
    it('refuses static SOQL the org refuses at compile time whatever the data: literal of another type, long text in WHERE/ORDER BY', () => {
        const dir = fixture({
            Q: [
                'public class Q {',
                '    public static void m() {',
                "        List<Account> ok = [SELECT Id FROM Account WHERE Name = '5' AND AnnualRevenue > 10 ORDER BY Name];",
                '        List<Account> a = [SELECT Id FROM Account WHERE Name = 5];',
                "        List<Account> b = [SELECT Id FROM Account WHERE Description = 'x'];",
                '        List<Account> c = [SELECT Id FROM Account ORDER BY Description];',
                '    }',
                '}'
            ]
        });
        const f = checkProject(discover(dir));
        expect(f.map((x) => `${x.severity} ${x.line} ${x.message}`)).toEqual([
            "error 4 System.QueryException: value of filter criterion for field 'Name' must be of type string and should be enclosed in quotes",
            "error 5 System.QueryException: field 'Description' can not be filtered in a query call",
            "error 6 System.QueryException: field 'Description' can not be sorted in a query call"
        ]);
    });
    it('has no findings on a clean project', () => {
        expect(checkProject(discover(path.join(__dirname, 'fixtures/basic')))).toEqual([]);
    });
});
