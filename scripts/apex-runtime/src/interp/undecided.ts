// Undecided values on the interpreter side: a platform read whose value a test cannot know (today the UI theme) stored
// straight into an sObject field stays undecided there (db/sobject.ts putUndecided: reading it back is Unsupported, and
// the Unsupported carries the documented candidates); a relational comparison of the length of that read is decided
// when every candidate gives the same answer. This module owns the whole rule; statements.ts and operators.ts call it.
import type { Interpreter } from './interpreter';
import * as V from '../values';
import type { Expr } from '../frontend/ast';
import { ApexRuntimeUnsupported } from '../errors';
import { SObject } from '../db';

/**
 * What `UserInfo.getUiTheme()` / `getUiThemeDisplayed()` can return: the themes the UserInfo Class page (Apex
 * Reference) lists, and of the same user attributes the Visualforce Developer Guide ("$User.UITheme and
 * $User.UIThemeDisplayed") says "Both variables return one of the following values". Which one a test (no UI
 * session) gets is not documented.
 */
export const UI_THEMES: readonly string[] = [
    'Theme1',
    'Theme2',
    'Theme3',
    'Theme4d',
    'Theme4t',
    'Theme4u',
    'PortalDefault',
    'Webstore'
];

/**
 * A platform read whose value a test cannot know, when it is stored straight into an sObject field
 * (`e.ThemeDisplayed__c = UserInfo.getUiThemeDisplayed();`): the UserInfo Class page lists the themes but not the
 * one a test (no UI session) displays. The statement keeps the field undecided (SObject.putUndecided, candidates
 * UI_THEMES): only reading it back is Unsupported. Returns what the read is, or null for any other expression.
 */
export function undecidedRead(it: Interpreter, e: Expr): string | null {
    if (e.kind !== 'Call' || e.args.length || !e.target) return null;
    const name = e.name.toLowerCase();
    if (name !== 'getuithemedisplayed' && name !== 'getuitheme') return null;
    if (!(it.services.test as { running?: boolean } | undefined)?.running) return null;
    const t = e.target;
    const names =
        t.kind === 'Name' ? [t.name] : t.kind === 'Dot' && t.target.kind === 'Name' ? [t.target.name, t.name] : [];
    const spelled = names.map((n) => n.toLowerCase()).join('.');
    if (spelled !== 'userinfo' && spelled !== 'system.userinfo') return null;
    // a project class or variable named UserInfo shadows the platform class
    if (names.length === 1 && (it.frame.scope.lookup('userinfo') || it.program.classes.has('userinfo'))) return null;
    return `UserInfo.${e.name}() in a test (the theme without a UI session is not documented)`;
}

const RELATIONAL = new Set(['<', '>', '<=', '>=', '==', '!=']);

/**
 * An operand of the binary operator `op` raised `err` (evalBin's only catch: the left operand when `leftDone` is false,
 * else the right one, `a` holding the left value). When it is a relational comparison and `err` is the read of an
 * undecided value with candidates, the comparison is made for every candidate's length: decided when they all agree.
 * Anything else rethrows `err` (when the left operand raised, the right one is then never evaluated).
 */
export function decideComparison(
    it: Interpreter,
    op: string,
    l: Expr,
    r: Expr,
    leftDone: boolean,
    a: unknown,
    err: unknown,
    line: number
): unknown {
    const lens = RELATIONAL.has(op) ? candidateLengths(it, leftDone ? r : l, err) : null;
    if (!lens) throw err;
    const right = leftDone ? null : it.eval(r); // once, as it would be
    let decided: unknown;
    for (let i = 0; i < lens.length; i++) {
        const result = leftDone ? it.binary(op, a, lens[i], line) : it.binary(op, lens[i], right, line);
        if (i > 0 && result !== decided) throw err; // the candidates disagree: the Unsupported stands
        decided = result;
    }
    return decided;
}

/**
 * `((String) rec.get(f)).length()` / `rec.Field__c?.length()` whose read hit a value the runtime cannot decide but knows
 * to be one of a documented set of Strings (err.candidates, e.g. a `UserInfo.getUiThemeDisplayed()` stored in a field):
 * the lengths of the candidates, when the unsupported read is certainly that field read — the record and the field
 * argument are local variables or literals, so nothing else in the operand could have raised it. Otherwise null.
 */
function candidateLengths(it: Interpreter, e: Expr, err: unknown): V.ApexPrimitive[] | null {
    if (!(err instanceof ApexRuntimeUnsupported) || !err.candidates?.length) return null;
    if (e.kind !== 'Call' || e.name.toLowerCase() !== 'length' || e.args.length || !e.target) return null;
    let read: Expr = e.target;
    if (read.kind === 'Cast') {
        const names = read.type.names.map((n) => n.toLowerCase()).join('.');
        if (read.type.args.length || (names !== 'string' && names !== 'system.string')) return null;
        read = read.expr;
    }
    const local = (x: Expr) =>
        x.kind === 'Lit' || (x.kind === 'Name' && it.frame.scope.lookup(x.name.toLowerCase()) !== undefined);
    // the record is a local holding an sObject: an Apex object's property or get() could compute something else from
    // the undecided field before raising
    const record = (x: Expr | null) =>
        x?.kind === 'Name' && it.frame.scope.lookup(x.name.toLowerCase())?.v instanceof SObject;
    const isRead =
        (read.kind === 'Call' &&
            read.name.toLowerCase() === 'get' &&
            read.args.length === 1 &&
            record(read.target) &&
            local(read.args[0])) ||
        (read.kind === 'Dot' && record(read.target));
    if (!isRead) return null;
    return err.candidates.map((c) => V.int(c.length));
}
