/**
 * Shared runtime errors (one file; docs/apex-runtime-internals.md). Written first by the data layer; the
 * interpreter imports these and converts them into Apex exception objects / test outcomes.
 */

/** Source position of the construct that triggered an error (1-based line). */
export interface SourcePos {
    file?: string;
    line?: number;
    column?: number;
}

/**
 * A construct the runtime deliberately does not implement (APEX-RUNTIME.md §0.4 / §3.7).
 * Message: `ApexRuntimeUnsupported: <construct> at <file>:<line>`.
 */
export class ApexRuntimeUnsupported extends Error {
    readonly construct: string;
    readonly file?: string;
    readonly line?: number;
    /**
     * Set when the gap is reading back a value the runtime cannot decide but knows to be one of a documented set of
     * Strings (SObject.putUndecided): a comparison of its length may still be decided (interp/undecided.ts).
     */
    candidates?: readonly string[];
    constructor(construct: string, pos: SourcePos = {}) {
        const where = pos.file ? ` at ${pos.file}:${pos.line ?? '?'}` : pos.line ? ` at line ${pos.line}` : '';
        super(`ApexRuntimeUnsupported: ${construct}${where}`);
        this.name = 'ApexRuntimeUnsupported';
        this.construct = construct;
        this.file = pos.file;
        this.line = pos.line;
    }
}

/** Alias kept for the brief's wording ("UnsupportedError"). */
export { ApexRuntimeUnsupported as UnsupportedError };

/**
 * A platform exception raised by runtime code (values, SOQL, DML...). The interpreter turns it
 * into a catchable Apex exception of type `apexType` (e.g. `System.MathException`) with
 * `getMessage() === message`. `details` carries extra data for typed exceptions (DmlException:
 * per-row errors, see src/dml).
 */
export class ApexPlatformError extends Error {
    readonly apexType: string;
    readonly details?: unknown;
    constructor(apexType: string, message: string, details?: unknown) {
        super(message);
        this.name = apexType;
        this.apexType = apexType;
        this.details = details;
    }
}

/** Shorthands for the exception types the data layer raises. */
export const mathError = (m: string) => new ApexPlatformError('System.MathException', m);
export const typeError = (m: string) => new ApexPlatformError('System.TypeException', m);
export const stringError = (m: string) => new ApexPlatformError('System.StringException', m);
export const sobjectError = (m: string) => new ApexPlatformError('System.SObjectException', m);
export const queryError = (m: string) => new ApexPlatformError('System.QueryException', m);
export const nullPointer = (m = 'Attempt to de-reference a null object') =>
    new ApexPlatformError('System.NullPointerException', m);
