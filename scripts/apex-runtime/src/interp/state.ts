// The interpreter's per-call and per-transaction state: variable scopes, call frames, the transaction's statics
// and limits. Split out of interpreter.ts (data only, no evaluation).
import type { AnonymousUnit } from '../frontend/ast';
import { Limits } from '../limits/limits';
import type { ApexObject, ClassInfo, RType } from './types';

export interface Slot {
    t: RType;
    v: unknown;
    /** a `final` local: whether it holds its one value already (declared with a value, or assigned once) */
    final?: { assigned: boolean };
}

export class Scope {
    vars = new Map<string, Slot>();
    constructor(public parent: Scope | null) {}
    lookup(lc: string): Slot | undefined {
        for (let s: Scope | null = this; s; s = s.parent) {
            const v = s.vars.get(lc);
            if (v) return v;
        }
        return undefined;
    }
}

export interface Frame {
    cls: ClassInfo | null;
    thisObj: ApexObject | null;
    scope: Scope;
    where: string;
    file: string;
    line: number;
    cov: Set<number> | null;
    anon: AnonymousUnit | null;
    retVal: unknown;
    /** name of the property whose accessor is running (its name then means the backing field) */
    accessor: string | null;
    /**
     * Effective sharing mode ("Using the with sharing, without sharing, and inherited sharing Keywords"): a class
     * declared `with`/`without sharing` sets it; a class without a declaration (or `inherited sharing`) runs in the
     * caller's mode; the entry point of a test or a trigger runs without sharing.
     */
    sharing: 'with' | 'without';
}

export interface DebugSink {
    (line: number, level: string, message: string): void;
}

/** Per-transaction (per test method) mutable state. */
export class TxState {
    statics = new Map<ClassInfo, Map<string, Slot>>();
    staticInitStarted = new Set<ClassInfo>();
    limits = new Limits();
    triggerDepth = 0;
    asyncDepth = 0;
}

/** How a statement completed (statements.ts returns one; calls, constructors and accessors read RETURN). */
export const NORMAL = 0;
export const BREAK = 1;
export const CONTINUE = 2;
export const RETURN = 3;
