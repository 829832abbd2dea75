// List / Set / Map with Apex equality: case-sensitive String keys, Ids by 18-char form, numbers by value,
// deep equality for collections and sObjects, user equals()/hashCode() through a hook (interpreter).
import { ApexRuntimeUnsupported } from '../errors';
import type { RType } from '../interp/types';
import type { Expr, Stmt } from '../frontend/ast';
import { activeContext } from '../context';

export interface EqualityHooks {
    /** hash key of a value for Set/Map membership */
    hash(v: unknown): string;
    /** equals() semantics (collection membership) */
    equals(a: unknown, b: unknown): boolean;
}

const IDENTITY: EqualityHooks = {
    hash: (v) => String(v),
    equals: (a, b) => a === b
};

/** Apex equality of the running session (its interpreter's hashKey/valueEquals: context.ts); else identity. */
const hooks = (): EqualityHooks => activeContext().equality ?? IDENTITY;

export class ApexList {
    readonly kind = 'List' as const;
    /** set only by partialList: some elements are known, the rest (and so the order and size) are not */
    partial?: PartialInfo;
    constructor(
        public elemType: RType,
        public items: unknown[] = []
    ) {}
}

/**
 * A list the runtime knows only in part (the child relationships of a standard object: the org lists system
 * relationships the catalogue lacks). A for-each loop may walk the known elements and leave early (`break`,
 * `return`, an exception: finding one element is answered); reading the list any other way (size, index, a loop
 * that runs past the known elements, printing, copying) is unsupported.
 */
export interface PartialInfo {
    known: readonly unknown[];
    what: string;
    /**
     * Whether a loop which walked the known elements can end there: its body does nothing for any element the runtime
     * does not know, or what it does is recorded as unknown (a map filled by key: `ApexMap.partialKeys`). The list's
     * owner reads the body (describe-children.ts: a search by a key no unknown element holds, a map indexed by such a
     * key); `evaluate` computes one of its expressions in the loop's enclosing scope.
     */
    unknownsSkipped?: (body: Stmt, loopVar: string, evaluate: (e: Expr) => unknown) => boolean;
}

export function partialList(
    elemType: RType,
    known: readonly unknown[],
    what: string,
    unknownsSkipped?: PartialInfo['unknownsSkipped']
): ApexList {
    const list = new ApexList(elemType);
    list.partial = { known, what, unknownsSkipped };
    Object.defineProperty(list, 'items', {
        get(): never {
            throw new ApexRuntimeUnsupported(`${what}: the complete list (only part of it is known)`);
        }
    });
    return list;
}

/**
 * A map the runtime knows only in part (the org's limits: `OrgLimits.getMap()` holds every limit of the org, the
 * runtime models a few). Reading a known key answers; any other key, the size, the keys or values, and changes are
 * unsupported — the org may hold that key, so neither null nor a value would be honest.
 */
export function partialMap(
    keyType: RType,
    valType: RType,
    known: ReadonlyMap<unknown, unknown>,
    what: string
): ApexMap {
    const refuse = (reading: string): never => {
        throw new ApexRuntimeUnsupported(`${what}: ${reading} (only part of it is known)`);
    };
    const map = new (class extends ApexMap {
        override get size(): number {
            return refuse('its size');
        }
        override has(k: unknown): boolean {
            return known.has(k) || refuse(`the key ${String(k)}`);
        }
        override get(k: unknown): unknown {
            return known.has(k) ? known.get(k) : refuse(`the key ${String(k)}`);
        }
        override set(): unknown {
            return refuse('a change');
        }
        override delete(): unknown {
            return refuse('a change');
        }
        override clear(): void {
            refuse('a change');
        }
        override entries(): [unknown, unknown][] {
            return refuse('the complete map');
        }
    })(keyType, valType);
    return map;
}

export class ApexSet {
    readonly kind = 'Set' as const;
    private buckets = new Map<string, unknown[]>();
    private count = 0;
    constructor(public elemType: RType) {}

    get size(): number {
        return this.count;
    }
    has(v: unknown): boolean {
        const b = this.buckets.get(hooks().hash(v));
        return !!b && b.some((x) => hooks().equals(x, v));
    }
    add(v: unknown): boolean {
        const h = hooks().hash(v);
        const b = this.buckets.get(h);
        if (!b) {
            this.buckets.set(h, [v]);
            this.count++;
            return true;
        }
        if (b.some((x) => hooks().equals(x, v))) return false;
        b.push(v);
        this.count++;
        return true;
    }
    delete(v: unknown): boolean {
        const h = hooks().hash(v);
        const b = this.buckets.get(h);
        if (!b) return false;
        const i = b.findIndex((x) => hooks().equals(x, v));
        if (i < 0) return false;
        b.splice(i, 1);
        if (!b.length) this.buckets.delete(h);
        this.count--;
        return true;
    }
    clear(): void {
        this.buckets.clear();
        this.count = 0;
    }
    values(): unknown[] {
        const out: unknown[] = [];
        for (const b of this.buckets.values()) out.push(...b);
        return out;
    }
    /**
     * Fills the empty `target` with `copy` of each element, kept under its hash: a copy equals its original (so no
     * user hashCode()/equals() runs), and `target` can be registered as the copy before its elements are copied.
     */
    copyInto(target: ApexSet, copy: (v: unknown) => unknown): ApexSet {
        for (const [h, b] of this.buckets) target.buckets.set(h, b.map(copy));
        target.count = this.count;
        return target;
    }
}

export class ApexMap {
    readonly kind = 'Map' as const;
    private buckets = new Map<string, [unknown, unknown][]>();
    private count = 0;
    /**
     * Set when a loop filled this map from a partly known list (`m.put(rel.getRelationshipName(), rel)` over a
     * standard object's child relationships): the entries of the unknown elements are missing. A key no unknown
     * element can hold (`knows`) answers; any other key, the size, the entries and changes are unsupported.
     */
    partialKeys?: { what: string; knows: (k: unknown) => boolean };
    constructor(
        public keyType: RType,
        public valType: RType
    ) {}

    private refusePartial(reading: string): never {
        throw new ApexRuntimeUnsupported(`${this.partialKeys!.what}: ${reading} (only part of it is known)`);
    }
    get size(): number {
        if (this.partialKeys) this.refusePartial('its size');
        return this.count;
    }
    private entry(k: unknown): [unknown, unknown] | undefined {
        if (this.partialKeys && !this.partialKeys.knows(k)) this.refusePartial(`the key ${String(k)}`);
        const b = this.buckets.get(hooks().hash(k));
        return b?.find((e) => hooks().equals(e[0], k));
    }
    has(k: unknown): boolean {
        return !!this.entry(k);
    }
    get(k: unknown): unknown {
        const e = this.entry(k);
        return e ? e[1] : null;
    }
    /** returns the previous value (or null) */
    set(k: unknown, v: unknown): unknown {
        if (this.partialKeys) this.refusePartial('a change');
        const h = hooks().hash(k);
        const b = this.buckets.get(h);
        if (!b) {
            this.buckets.set(h, [[k, v]]);
            this.count++;
            return null;
        }
        const e = b.find((x) => hooks().equals(x[0], k));
        if (e) {
            const prev = e[1];
            e[1] = v;
            return prev;
        }
        b.push([k, v]);
        this.count++;
        return null;
    }
    delete(k: unknown): unknown {
        if (this.partialKeys) this.refusePartial('a change');
        const h = hooks().hash(k);
        const b = this.buckets.get(h);
        if (!b) return null;
        const i = b.findIndex((x) => hooks().equals(x[0], k));
        if (i < 0) return null;
        const [[, v]] = b.splice(i, 1);
        if (!b.length) this.buckets.delete(h);
        this.count--;
        return v;
    }
    clear(): void {
        if (this.partialKeys) this.refusePartial('a change');
        this.buckets.clear();
        this.count = 0;
    }
    entries(): [unknown, unknown][] {
        if (this.partialKeys) this.refusePartial('the complete map');
        const out: [unknown, unknown][] = [];
        for (const b of this.buckets.values()) out.push(...b);
        return out;
    }
    keys(): unknown[] {
        return this.entries().map((e) => e[0]);
    }
    values(): unknown[] {
        return this.entries().map((e) => e[1]);
    }
    /** Fills the empty `target` with copies of the entries, kept under their hashes (as ApexSet.copyInto). */
    copyInto(target: ApexMap, copy: (v: unknown) => unknown): ApexMap {
        for (const [h, b] of this.buckets)
            target.buckets.set(
                h,
                b.map(([k, v]) => [copy(k), copy(v)])
            );
        target.count = this.count;
        return target;
    }
}
