// `merge master duplicate(s);` and Database.merge (Apex Reference "Database Class" merge methods, "MergeResult Class";
// Apex Developer Guide "Merging Records"). The data work is dml/merge.ts; this is the Apex surface. Duplicates may be
// an sObject, an Id, or a list of either. MergeResult: getId() (the master), getMergedRecordIds() (List<String>),
// getUpdatedRelatedIds(), isSuccess(), getErrors() ("If no error occurred, returns null").
import type { Interpreter } from '../interp/interpreter';
import { registerNative } from '../interp/natives';
import { NativeObject } from '../interp/types';
import { ApexList } from '../collections';
import { SObject } from '../db';
import type { DmlEnv } from '../dml';
import { mergeRecords, type MergeOutcome } from '../dml/merge';
import { ApexId } from '../values';
import type { DmlError } from '../dml/dml';
import { requireJsonKey } from './dml-results-json';

const MERGE_RESULT = 'Database.MergeResult';

/** The duplicates argument as records or Ids, and whether it was a list. */
function duplicatesOf(it: Interpreter, v: unknown): { dups: (SObject | ApexId)[]; list: boolean } {
    if (v === null || v === undefined) return it.npe();
    const one = (x: unknown): SObject | ApexId => {
        if (x instanceof SObject || x instanceof ApexId) return x;
        if (typeof x === 'string') {
            try {
                return new ApexId(x);
            } catch {
                return it.throwApex('StringException', `Invalid id: ${x}`);
            }
        }
        if (x === null) return it.npe();
        return it.compileError(`merge: duplicates must be sObjects or Ids, not ${it.typeOf(x)}`);
    };
    if (v instanceof ApexList) return { dups: v.items.map(one), list: true };
    return { dups: [one(v)], list: false };
}

function masterOf(it: Interpreter, v: unknown): SObject {
    if (v === null || v === undefined) return it.npe();
    if (!(v instanceof SObject)) return it.compileError(`merge: the master must be an sObject, not ${it.typeOf(v)}`);
    return v;
}

/** The merge statement: no result; a failure would be a DmlException (unsupported in dml/merge.ts). */
export function mergeStatement(it: Interpreter, env: DmlEnv, master: unknown, duplicates: unknown): void {
    mergeRecords(env, masterOf(it, master), duplicatesOf(it, duplicates).dups);
}

/** Database.merge(master, duplicate(s) [, allOrNone]). */
export function databaseMerge(it: Interpreter, env: DmlEnv, args: unknown[]): unknown {
    if (args.length < 2 || args.length > 3) return it.compileError('Database.merge: wrong number of arguments');
    if (args.length === 3 && typeof args[2] !== 'boolean')
        return it.unsupported(`Database.merge with ${it.typeOf(args[2])}`);
    const master = masterOf(it, args[0]);
    const { dups, list } = duplicatesOf(it, args[1]);
    // "returns a Database.MergeResult object for each merged record": one result or one per duplicate is not
    // settled for two duplicates in a list
    if (list && dups.length > 1)
        return it.unsupported('Database.merge with a list of two duplicates (number of MergeResults not documented)');
    const result = new NativeObject(MERGE_RESULT, { m: mergeRecords(env, master, dups) });
    return list ? new ApexList({ k: 'native', name: MERGE_RESULT }, [result]) : result;
}

const outcome = (self: unknown) => (self as NativeObject).state.m as MergeOutcome;
const fromJson = (self: unknown) => !!(self as NativeObject).state.given;
const jsonResult = (it: Interpreter, self: unknown, key: string) => {
    const st = (self as NativeObject).state;
    requireJsonKey(it, st.given as Set<string>, key, `Database.MergeResult value "${key}"`, st.notId as Set<string>);
    return st.r as { success: boolean; id: ApexId | null; errors: DmlError[] };
};
registerNative({
    name: MERGE_RESULT,
    methods: {
        // a MergeResult built by JSON.deserialize holds a row (stdlib/dml-results-json.ts), not a merge outcome
        issuccess: (it, _a, self) => (fromJson(self) ? jsonResult(it, self, 'success').success : true),
        getid: (it, _a, self) => (fromJson(self) ? jsonResult(it, self, 'id').id : outcome(self).id),
        geterrors: (it, _a, self) => {
            if (!fromJson(self)) return null;
            const errors = jsonResult(it, self, 'errors').errors;
            return new ApexList(
                { k: 'native', name: 'Database.Error' },
                errors.map((e) => new NativeObject('Database.Error', { e }))
            );
        },
        getmergedrecordids: (it, _a, self) => {
            if (fromJson(self)) jsonResult(it, self, 'mergedrecordids');
            return new ApexList(
                { k: 'prim', name: 'String' },
                outcome(self).mergedRecordIds.map((id) => id.value)
            );
        },
        getupdatedrelatedids: (it, _a, self) => {
            if (fromJson(self)) jsonResult(it, self, 'updatedrelatedids');
            return new ApexList({ k: 'prim', name: 'Id' }, [...outcome(self).updatedRelatedIds]);
        }
        // A failed merge is unsupported (dml/merge.ts), so every MergeResult is a success.
    }
});
