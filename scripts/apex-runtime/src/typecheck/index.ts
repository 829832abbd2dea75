// The compile pass over a loaded program (docs/apex-runtime.md, "Compile pass"): used by `apex check` and, before
// any test runs, by `apex test`, where a refused class fails the run like a syntax error; and over an anonymous block
// before `apex run` (and the T1 runner) runs any of it.
import { Program, type Interpreter } from '../interp/interpreter';
import { loadUnit } from '../frontend/cache';
import { Session } from '../session';
import type { SchemaRegistry } from '../schema';
import { TypeChecker, type TypeFinding } from './checker';

export type { TypeFinding } from './checker';

export function typecheckProgram(program: Program, it: Interpreter): TypeFinding[] {
    const tc = new TypeChecker(it, (it.services.schema as SchemaRegistry | undefined) ?? null);
    for (const ci of program.classes.values()) if (ci.decl) tc.checkClass(ci.decl, ci);
    for (const t of program.triggers) tc.checkTrigger(t);
    return tc.findings;
}

/** One line per finding, as listed under `=== Compile Errors`: `<file>: <line>: <platform message>`. */
export const formatTypeFinding = (f: TypeFinding): string => `${f.file}: ${f.line}: ${f.message}`;

/**
 * The pass over anonymous Apex (`apex run`, the T1 corpus): its inline types, its methods and its body, against the
 * classes of `session`'s program (`apex run --project`: the block may use the project's classes; none by default).
 * A syntax error or a class the program refuses to declare is thrown (ApexSyntaxErrors, ApexCompileError).
 */
export function typecheckAnonymous(source: string, file: string, session = new Session(new Program())): TypeFinding[] {
    const program = session.program;
    const u = loadUnit(source, file, 'anonymous');
    if (u.unit !== 'anonymous') return [];
    for (const t of u.anon.types) program.classes.set(t.name.toLowerCase(), program.declare(t, null));
    const tc = new TypeChecker(session.it, (session.it.services.schema as SchemaRegistry | undefined) ?? null);
    for (const t of u.anon.types) tc.checkClass(t, program.classes.get(t.name.toLowerCase())!, true);
    tc.checkAnonymous(u.anon);
    return tc.findings;
}
