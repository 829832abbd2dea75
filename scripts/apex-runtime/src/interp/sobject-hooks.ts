// Seam between the interpreter and the data layer's SObject values. The interpreter never inspects an
// SObject directly; the integration module (src/interp/data-bridge.ts) fills these hooks from the data
// layer's schema/db once it is available. With no hooks installed every SObject construct is unsupported.
// The hooks belong to the interpreter (`it.sobjectHooks`).
import type { Interpreter } from './interpreter';

export interface SObjectHooks {
    /** canonical API name if `name` is an SObject type, else null */
    sobjectType(name: string): string | null;
    /** API name of the SObject type of `v`, or null if `v` is not an SObject */
    typeOf(v: unknown): string | null;
    /** populated fields in order (for equality, hashing) or null if not an SObject */
    fields(v: unknown): [string, unknown][] | null;
    /** debug rendering `Account:{Name=Acme}` or null if not an SObject */
    toStr(v: unknown, str: (x: unknown) => string): string | null;
    create?(it: Interpreter, type: string | null, inits: { name: string; value: unknown }[]): unknown;
    getField?(it: Interpreter, target: unknown, name: string): unknown;
    fieldLvalue?(
        it: Interpreter,
        target: unknown,
        name: string
    ):
        | {
              get(): unknown;
              set(v: unknown): void;
              type: import('./types').RType;
              /** store a value the runtime cannot decide (SObject.putUndecided) */
              undecided?(what: string, candidates?: readonly string[]): void;
          }
        | undefined;
    callMethod?(it: Interpreter, target: unknown, name: string, args: unknown[]): unknown;
    callStatic?(it: Interpreter, type: string | null, name: string, args: unknown[]): unknown;
    staticMember?(it: Interpreter, type: string | null, name: string): unknown;
}

/** The hooks of an interpreter without a data layer: nothing is an sObject. */
export function noSObjectHooks(): SObjectHooks {
    return {
        sobjectType: () => null,
        typeOf: () => null,
        fields: () => null,
        toStr: () => null
    };
}

/** Fill an interpreter's hooks (each Interpreter has its own: two Sessions never share a data layer). */
export function installSObjectHooks(it: Interpreter, h: Partial<SObjectHooks>): void {
    Object.assign(it.sobjectHooks, h);
}
