// Runtime type descriptors, class metadata and the non-primitive value shapes the interpreter owns.
import type { MethodDecl, TypeDecl, TypeRef, PropDecl } from '../frontend/ast';
import type { PrimitiveTypeName } from '../values';

export type RType =
    | { k: 'any' }
    | { k: 'prim'; name: PrimitiveTypeName }
    | { k: 'list'; elem: RType }
    | { k: 'set'; elem: RType }
    | { k: 'map'; key: RType; val: RType }
    | { k: 'class'; cls: ClassInfo }
    | { k: 'sobject'; name: string | null }
    | { k: 'native'; name: string }
    | { k: 'void' };

export const ANY: RType = { k: 'any' };

export function typeToString(t: RType): string {
    switch (t.k) {
        case 'any':
            return 'Object';
        case 'prim':
            return t.name;
        case 'list':
            return `List<${typeToString(t.elem)}>`;
        case 'set':
            return `Set<${typeToString(t.elem)}>`;
        case 'map':
            return `Map<${typeToString(t.key)},${typeToString(t.val)}>`;
        case 'class':
            return t.cls.name;
        case 'sobject':
            return t.name ?? 'SObject';
        case 'native':
            return t.name;
        case 'void':
            return 'void';
    }
}

/** Identity of a type for equality and hashing (type names are case-insensitive). */
export const typeKey = (t: RType): string => typeToString(t).toLowerCase();

export interface FieldInfo {
    name: string;
    mods: string[];
    anns: { name: string }[];
    type: TypeRef;
    isStatic: boolean;
    prop: PropDecl | null;
    owner: ClassInfo;
}

/** Parameter type as written, without the implicit System./Schema. namespace, generics included. */
function signatureKey(t: TypeRef): string {
    const name = t.names
        .join('.')
        .toLowerCase()
        .replace(/^(system|schema)\./, '');
    return t.args.length ? `${name}<${t.args.map(signatureKey).join(',')}>` : name;
}

/** Methods of the platform interfaces a user class may implement (their ClassInfos carry no declarations). */
const PLATFORM_INTERFACE_METHODS: Record<string, string[]> = {
    queueable: ['execute'],
    schedulable: ['execute'],
    finalizer: ['execute'],
    'database.batchable': ['start', 'execute', 'finish'],
    comparable: ['compareto'],
    'system.comparator': ['compare'],
    callable: ['call'],
    iterator: ['hasnext', 'next'],
    iterable: ['iterator'],
    httpcalloutmock: ['respond'],
    stubprovider: ['handlemethodcall'],
    'metadata.deploycallback': ['handleresult'],
    'cache.cachebuilder': ['doload']
};

/** A user-defined (or built-in exception) class, interface or enum. */
export class ClassInfo {
    superclass: ClassInfo | null = null;
    interfaces: ClassInfo[] = [];
    inner = new Map<string, ClassInfo>();
    methods = new Map<string, MethodDecl[]>();
    fields = new Map<string, FieldInfo>();
    enumValues: EnumValue[] = [];
    resolved = false;
    private methodCache = new Map<string, MethodDecl[]>();
    private ownerOf = new Map<MethodDecl, ClassInfo>();

    constructor(
        public name: string,
        public kind: 'class' | 'interface' | 'enum',
        public decl: TypeDecl | null,
        public outer: ClassInfo | null,
        public builtin = false
    ) {}

    get key(): string {
        return this.name.toLowerCase();
    }

    /** Name reported by getTypeName()/String.valueOf: built-ins carry their namespace. */
    get apexName(): string {
        // namespaced built-ins (Cache.Org.OrgCacheException) already carry their namespace
        return this.builtin && this.name !== 'Exception' && !this.name.includes('.')
            ? `System.${this.name}`
            : this.name;
    }

    isSubclassOf(other: ClassInfo): boolean {
        for (let c: ClassInfo | null = this; c; c = c.superclass) {
            if (c === other) return true;
            for (const i of c.interfaces) if (i === other || i.isSubclassOf(other)) return true;
        }
        return false;
    }

    /**
     * The instance fields and properties declared in this class and its superclasses, superclass first, each in
     * declaration order with its modifiers (what serialization walks: JSON.serialize, the async job snapshot).
     */
    get declaredInstanceMembers(): { name: string; modifiers: readonly string[] }[] {
        const chain: ClassInfo[] = [];
        for (let c: ClassInfo | null = this; c; c = c.superclass) chain.unshift(c);
        return chain.flatMap((c) =>
            (c.decl?.instanceInit ?? []).flatMap((mem) =>
                mem.kind === 'field'
                    ? mem.field.decls.map((d) => ({ name: d.name, modifiers: mem.field.modifiers }))
                    : mem.kind === 'prop'
                      ? [{ name: mem.prop.name, modifiers: mem.prop.modifiers }]
                      : []
            )
        );
    }

    get topLevel(): ClassInfo {
        let c: ClassInfo = this;
        while (c.outer) c = c.outer;
        return c;
    }

    get isTestClass(): boolean {
        return !!this.decl?.annotations.some((a) => a.name.toLowerCase() === 'istest');
    }

    get isException(): boolean {
        for (let c: ClassInfo | null = this; c; c = c.superclass) if (c.builtin && c.name === 'Exception') return true;
        return false;
    }

    hasModifier(m: string): boolean {
        return !!this.decl?.modifiers.includes(m);
    }

    /**
     * All methods named `lc` visible on this class: the class chain first (own, then each superclass), then the
     * interfaces, so a concrete method inherited from a superclass implements an interface method of a subclass
     * ("Interfaces": any class in the hierarchy may provide the implementation). Same signature = the most
     * derived one only.
     */
    findMethods(lc: string): MethodDecl[] {
        const hit = this.methodCache.get(lc);
        if (hit) return hit;
        const out: MethodDecl[] = [];
        const seen = new Set<string>();
        const add = (c: ClassInfo): void => {
            for (const m of c.methods.get(lc) ?? []) {
                const sig = m.params.map((p) => signatureKey(p.type)).join(',');
                if (seen.has(sig)) continue;
                seen.add(sig);
                out.push(m);
                this.ownerOf.set(m, c);
            }
        };
        const interfaces: ClassInfo[] = [];
        for (let c: ClassInfo | null = this; c; c = c.superclass) {
            add(c);
            interfaces.push(...c.interfaces);
        }
        for (let i = 0; i < interfaces.length; i++) {
            add(interfaces[i]);
            interfaces.push(...interfaces[i].interfaces);
        }
        this.methodCache.set(lc, out);
        return out;
    }

    /**
     * Static methods named `lc` that implement a method of an interface the class implements. The org compiles
     * `public static void execute(QueueableContext c)` in a Queueable and runs it for calls through the interface
     * (a compiler bug kept because code relies on it: salesforce.stackexchange.com/questions/341915); empty when
     * no implemented interface declares `lc`.
     */
    staticInterfaceImpls(lc: string): MethodDecl[] {
        const interfaces: ClassInfo[] = [];
        for (let c: ClassInfo | null = this; c; c = c.superclass) interfaces.push(...c.interfaces);
        let declared = false;
        for (let i = 0; i < interfaces.length && !declared; i++) {
            const f = interfaces[i];
            declared = f.builtin ? !!PLATFORM_INTERFACE_METHODS[f.name.toLowerCase()]?.includes(lc) : f.methods.has(lc);
            interfaces.push(...f.interfaces);
        }
        return declared ? this.findMethods(lc).filter((m) => m.modifiers.includes('static')) : [];
    }

    ownerOfMethod(m: MethodDecl): ClassInfo {
        return this.ownerOf.get(m) ?? this;
    }

    findField(lc: string): FieldInfo | undefined {
        for (let c: ClassInfo | null = this; c; c = c.superclass) {
            const f = c.fields.get(lc);
            if (f) return f;
        }
        return undefined;
    }
}

/** Instance of a user class (and of exceptions, built-in or custom). */
export class ApexObject {
    fields = new Map<string, unknown>();
    /** exception payload */
    /** messageUndocumented: the platform's text for this exception is not documented; getMessage() is refused */
    exc: {
        message: string | null;
        cause: ApexObject | null;
        line: number;
        stack: string;
        messageUndocumented?: boolean;
    } | null = null;
    /** Test.createStub: the StubProvider that receives every method call */
    stub: ApexObject | null = null;
    constructor(public cls: ClassInfo) {}
}

export class EnumValue {
    constructor(
        public type: ClassInfo | string,
        public name: string,
        public ordinal: number
    ) {}
    get typeName(): string {
        return typeof this.type === 'string' ? this.type : this.type.name;
    }
}

/** `Foo.class` and the result of `Type.forName`. */
export class TypeValue {
    constructor(public t: RType) {}
}

/** A name that resolved to a type or a platform namespace during member access (`System`, `Foo`). */
export class TypeName {
    constructor(
        public t: RType | null,
        public ns: string | null
    ) {}
}

/** A platform object (HttpRequest, …): a native class name and its state. */
export class NativeObject {
    constructor(
        public cls: string,
        public state: Record<string, unknown> = {}
    ) {}
}
