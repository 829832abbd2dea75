// A class the org would refuse to compile is left out and reported, never loaded and run: a method declared twice
// ("Method already defined") is such a class. Overloads (same name, other parameter types) stay legal.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { loadProgram } from '../load';

function project(files: Record<string, string>): { root: string; classes: string[] } {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'apexrt-load-'));
    const classes = Object.entries(files).map(([name, src]) => {
        const f = path.join(root, `${name}.cls`);
        fs.writeFileSync(f, src);
        return f;
    });
    return { root, classes };
}

describe('loadProgram: compile errors of a class', () => {
    it('leaves out a class that declares the same method twice and reports it', () => {
        const p = project({
            Twice: 'public class Twice {\n public static Boolean ok() { return true; }\n public static Boolean ok() { return false; }\n}',
            Fine: 'public class Fine {\n public static Integer n(Integer a) { return a; }\n public static Integer n(String a) { return 0; }\n}'
        });
        const errors: string[] = [];
        const program = loadProgram({ root: p.root, sourceDirs: [], classes: p.classes, triggers: [] }, errors);
        expect(errors).toHaveLength(1);
        expect(errors[0]).toMatch(/Twice\.cls: Method already defined: ok\(\) from the type Twice/);
        expect(program.classes.has('twice')).toBe(false);
        expect(program.classes.has('fine')).toBe(true);
    });

    it('compares parameter types case-insensitively, as Apex does', () => {
        const p = project({
            Cased: 'public class Cased {\n void m(List<Id> a) {}\n void M(list<ID> b) {}\n}'
        });
        const errors: string[] = [];
        loadProgram({ root: p.root, sourceDirs: [], classes: p.classes, triggers: [] }, errors);
        expect(errors[0]).toMatch(/Method already defined: M\(list<id>\)/i);
    });
});
