// What the platform keeps of an async job: the job object is serialized when it is handed over and each later
// transaction runs a deserialized copy, so changes made to the live object (or to anything it holds) after the call do
// not reach the job, and what the job changes does not reach the caller's objects. Sources:
//  - Apex Developer Guide, "Queueable Apex": a queueable class can hold "member variables of non-primitive data types,
//    such as sObjects or custom Apex types", accessible "when the job executes"; "Variables that are declared
//    transient are ignored by serialization and deserialization and the value is set to null in Queueable Apex".
//  - Visualforce Developer Guide, "Using the transient Keyword": classes "that implement the Batchable or Schedulable
//    interface" are serializable, and transient instance variables "can't be saved" (so they are null after it).
//  - Apex Developer Guide, "Using Batch Apex" ("Using State in Batch Apex"): each execution is a discrete transaction;
//    without Database.Stateful "all static and instance member variables are set back to their original values", with
//    it "only instance member variables retain their values between transactions".
//  - [Obs] salesforce.stackexchange.com/questions/385673: System.enqueueJob serializes its argument at the call;
//    a member that cannot be serialized (System.Version, Database.Savepoint) throws System.SerializationException
//    there; an sObjectField member can be held.
//  - [Obs] salesforce.stackexchange.com/questions/253757: a batch job is "serialized when System.scheduleBatch(...) is
//    called ... This is also true for scheduled and queueable jobs"; the Apex Scheduler runs the instance built when
//    the job was scheduled (its constructor is not run again, cropredysfdc.com 2016/11/29).
//  - [Obs] apex-rollup enqueues a job and then clears a list the job holds, in tests that pass in orgs.
// The copy is deep and keeps shared references (two members pointing to one list point to one copied list). Held
// values whose serialization the runtime does not know (any platform object but sObject type/field tokens, System.Type,
// exceptions, stubs, partly known lists and maps, records with addError() errors or DML options) are Unsupported at the
// call: the org may throw SerializationException there or rebuild them differently.
import * as V from '../values';
import type { Interpreter } from '../interp/interpreter';
import { ApexObject, ClassInfo, EnumValue, NativeObject } from '../interp/types';
import { ApexList, ApexMap, ApexSet } from '../collections';
import { SObject } from '../db';
import { DescribeMap } from '../interp/describe';

/** immutable platform tokens a queued job may hold: shared, not copied */
const HELD_TOKENS = new Set(['Schema.SObjectType', 'Schema.SObjectField']);

const transientCache = new WeakMap<ClassInfo, ReadonlySet<string>>();

/** lower-case names of the instance fields and properties declared `transient` in the class or its superclasses */
function transientMembers(cls: ClassInfo): ReadonlySet<string> {
    const known = transientCache.get(cls);
    if (known) return known;
    const out = new Set(
        cls.declaredInstanceMembers.filter((m) => m.modifiers.includes('transient')).map((m) => m.name.toLowerCase())
    );
    transientCache.set(cls, out);
    return out;
}

/** The job as the org runs it: a deep copy of the Queueable's state at System.enqueueJob (or Unsupported). */
export function snapshotQueueable(it: Interpreter, job: ApexObject): ApexObject {
    return snapshotJob(it, job, 'System.enqueueJob of a Queueable');
}

/**
 * The job as it comes out of the platform's serialization (or Unsupported): `handedOver` names the moment for the
 * Unsupported message ("Database.executeBatch of a batch job", …). Every async kind uses this one copier.
 */
export function snapshotJob(it: Interpreter, job: ApexObject, handedOver: string): ApexObject {
    const memo = new Map<object, unknown>();
    const refuse = (what: string): never =>
        it.unsupported(`${handedOver} holding ${what} (how the org serializes it is not modelled)`);
    const copy = (v: unknown): unknown => {
        if (v === null || typeof v !== 'object' || V.isPrimitive(v) || v instanceof EnumValue) return v;
        const done = memo.get(v);
        if (done !== undefined) return done;
        if (v instanceof ApexObject) {
            if (v.exc) return refuse(`an exception (${v.cls.apexName})`);
            if (v.stub) return refuse('a stub (Test.createStub)');
            const c = new ApexObject(v.cls);
            memo.set(v, c);
            const skipped = transientMembers(v.cls);
            for (const [k, x] of v.fields) c.fields.set(k, skipped.has(k) ? null : copy(x));
            return c;
        }
        if (v instanceof SObject) {
            if (v.errors.length) return refuse('a record with errors added by addError()');
            if (v.dmlOptions) return refuse('a record with DML options (setOptions)');
            const c = v.copy();
            memo.set(v, c);
            for (const [k, p] of v.parents) c.parents.set(k, p && (copy(p) as SObject));
            for (const [k, ch] of v.children)
                c.children.set(
                    k,
                    ch.map((x) => copy(x) as SObject)
                );
            return c;
        }
        if (v instanceof ApexList) {
            if (v.partial) return refuse(v.partial.what);
            const c = new ApexList(v.elemType);
            memo.set(v, c);
            c.items = v.items.map(copy);
            return c;
        }
        if (v instanceof ApexSet && v.constructor === ApexSet) {
            const c = new ApexSet(v.elemType);
            memo.set(v, c);
            return v.copyInto(c, copy);
        }
        if (v instanceof ApexMap && v.partialKeys) return refuse(v.partialKeys.what);
        // a describe map (`fields.getMap()`) stays one: [Obs] apex-rollup's RollupEvaluator holds such a map in a queued
        // job and looks names up in mixed case there, in tests that pass in orgs
        if (v instanceof ApexMap && (v.constructor === ApexMap || v.constructor === DescribeMap)) {
            const c =
                v instanceof DescribeMap ? new DescribeMap(v.keyType, v.valType) : new ApexMap(v.keyType, v.valType);
            memo.set(v, c);
            return v.copyInto(c, copy);
        }
        if (v instanceof NativeObject && HELD_TOKENS.has(v.cls)) return v;
        return refuse(`a ${it.typeOf(v)}`);
    };
    return copy(job) as ApexObject;
}
