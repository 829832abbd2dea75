// The state a Session owns that code without an interpreter at hand still reads: the transaction's limit counters
// (SOQL/DML accounting in soql/ and dml/), the clock/time zone/locale (values/), Apex equality for Set/Map keys
// (collections/), the platform classes only this session has (interp/natives.ts) and a few counters. Each
// Interpreter owns one RuntimeContext and makes it the active one whenever it is entered (construction, a new
// transaction, the first frame of any Apex execution), so two Sessions in one process never share this state;
// the only module-level variable left is which context is active.
import type { Limits } from './limits/limits';
import type { RuntimeSettings } from './values/settings';
import type { EqualityHooks } from './collections';
import type { NativeClassDef, NativeFn } from './interp/natives';
import { IdGenerator } from './values/id';

export class RuntimeContext {
    /** the running transaction's counters (Interpreter.newTransaction); null: the process default */
    limits: Limits | null = null;
    /** this session's clock, time zone and locale; null: the process-wide settings (setRuntimeSettings, withClock) */
    settings: RuntimeSettings | null = null;
    /** Apex equality (user equals/hashCode) for Set and Map keys; null: JavaScript identity */
    equality: EqualityHooks | null = null;
    /** platform classes, value methods and supertypes of this session only, consulted before the shared registry */
    readonly natives = {
        classes: new Map<string, NativeClassDef>(),
        valueMethods: new Map<string, Record<string, NativeFn>>(),
        supertypes: new Map<string, string[]>()
    };
    /** nesting of trigger invocations by DML (dml/dml.ts: past 16, the row fails) */
    dmlTriggerDepth = 0;
    /** ReplayId of the last platform event delivered */
    eventReplay = 0;
    /** Ids minted outside the database: async job ids without a data layer, platform event publish results */
    readonly ids = new IdGenerator();
}

let active = new RuntimeContext();

/** The context of the session running now (a process default before any session exists). */
export function activeContext(): RuntimeContext {
    return active;
}

/** Make `ctx` the active context (an Interpreter entering; it stays active until another is entered). */
export function activateContext(ctx: RuntimeContext): void {
    active = ctx;
}
