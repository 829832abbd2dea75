// List / Set / Map with Apex equality: case-sensitive String keys, Ids by 18-char form, numbers by value,
// deep equality for collections and sObjects, user equals()/hashCode() through a hook (interpreter).
import type { RType } from '../interp/types';
import { ApexRuntimeUnsupported } from '../errors';

export interface EqualityHooks {
    /** hash key of a value for Set/Map membership */
    hash(v: unknown): string;
    /** equals() semantics (collection membership) */
    equals(a: unknown, b: unknown): boolean;
}

let hooks: EqualityHooks = {
    hash: (v) => String(v),
    equals: (a, b) => a === b
};

export function setEqualityHooks(h: EqualityHooks): void {
    hooks = h;
}

export class ApexList {
    readonly kind = 'List' as const;
    constructor(
        public elemType: RType,
        public items: unknown[] = []
    ) {}
}

/**
 * A list the runtime knows only in part (a standard object's child relationships: the catalogue lacks the platform's
 * system ones). A for-each loop may walk the known elements and leave early (`return`/`break` on a match); reaching
 * the end, or any other use of the elements (size, get, index, copy, print), is unsupported — `items` throws.
 */
export class PartialList extends ApexList {
    constructor(
        elemType: RType,
        readonly known: unknown[],
        readonly what: string
    ) {
        super(elemType, []);
        Object.defineProperty(this, 'items', {
            get: () => {
                throw new ApexRuntimeUnsupported(
                    `${what} (the list is incomplete: only a loop that stops early is answered)`
                );
            },
            set: () => {
                throw new ApexRuntimeUnsupported(`${what} (the list is incomplete)`);
            }
        });
    }
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
        const b = this.buckets.get(hooks.hash(v));
        return !!b && b.some((x) => hooks.equals(x, v));
    }
    add(v: unknown): boolean {
        const h = hooks.hash(v);
        const b = this.buckets.get(h);
        if (!b) {
            this.buckets.set(h, [v]);
            this.count++;
            return true;
        }
        if (b.some((x) => hooks.equals(x, v))) return false;
        b.push(v);
        this.count++;
        return true;
    }
    delete(v: unknown): boolean {
        const h = hooks.hash(v);
        const b = this.buckets.get(h);
        if (!b) return false;
        const i = b.findIndex((x) => hooks.equals(x, v));
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
}

export class ApexMap {
    readonly kind = 'Map' as const;
    private buckets = new Map<string, [unknown, unknown][]>();
    private count = 0;
    constructor(
        public keyType: RType,
        public valType: RType
    ) {}

    get size(): number {
        return this.count;
    }
    private entry(k: unknown): [unknown, unknown] | undefined {
        const b = this.buckets.get(hooks.hash(k));
        return b?.find((e) => hooks.equals(e[0], k));
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
        const h = hooks.hash(k);
        const b = this.buckets.get(h);
        if (!b) {
            this.buckets.set(h, [[k, v]]);
            this.count++;
            return null;
        }
        const e = b.find((x) => hooks.equals(x[0], k));
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
        const h = hooks.hash(k);
        const b = this.buckets.get(h);
        if (!b) return null;
        const i = b.findIndex((x) => hooks.equals(x[0], k));
        if (i < 0) return null;
        const [[, v]] = b.splice(i, 1);
        if (!b.length) this.buckets.delete(h);
        this.count--;
        return v;
    }
    clear(): void {
        this.buckets.clear();
        this.count = 0;
    }
    entries(): [unknown, unknown][] {
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
}
