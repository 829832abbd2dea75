// Closed registry of platform classes and of instance methods on built-in value types.
// Anything not registered here is `unsupported` (never undefined / null).
import type { Interpreter } from './interpreter';
import type { NativeObject } from './types';
import { activeContext, type RuntimeContext } from '../context';

export type NativeFn = (it: Interpreter, args: unknown[], self: unknown) => unknown;

export interface NativeClassDef {
    /** display name, e.g. 'HttpRequest' or 'Database.SaveResult' */
    name: string;
    statics?: Record<string, NativeFn>;
    /** static properties (`Trigger.new`) */
    staticProps?: Record<string, (it: Interpreter) => unknown>;
    /** assignable static properties (`RestContext.request = r`); each also needs a `staticProps` getter */
    staticSetters?: Record<string, (it: Interpreter, value: unknown) => void>;
    /** `new X(args)` */
    ctor?: NativeFn;
    /** `X.<anything>` resolved at run time (Schema.SObjectType.Account); undefined = no such member */
    staticMember?: (it: Interpreter, name: string) => unknown;
    /** `obj.<anything>` resolved at run time (describe `fields.Name`) */
    dynamicGet?: (it: Interpreter, self: unknown, name: string) => unknown;
    /** instance methods (for NativeObject instances whose cls is `name`) */
    methods?: Record<string, NativeFn>;
    /** value identity as a Map/Set key, for platform values compared by value (its `equals` must agree) */
    hashKey?: (self: NativeObject) => string;
}

/**
 * A registry read through the running session: its own entries (RuntimeContext.natives, e.g. Session.registerNative)
 * first, then the platform's, which the stdlib modules register once at load.
 */
class LayeredRegistry<T> {
    readonly platform = new Map<string, T>();
    constructor(private readonly own: (ctx: RuntimeContext) => Map<string, T>) {}
    get(key: string): T | undefined {
        return this.own(activeContext()).get(key) ?? this.platform.get(key);
    }
    /** a platform entry (at module load): every session sees it */
    set(key: string, value: T): this {
        this.platform.set(key, value);
        return this;
    }
    delete(key: string): boolean {
        return this.platform.delete(key);
    }
}

export const nativeClasses = new LayeredRegistry<NativeClassDef>((c) => c.natives.classes);

/** Register under the lower-cased name and any aliases (e.g. 'system.http'), for every session. */
export function registerNative(def: NativeClassDef, ...aliases: string[]): void {
    registerNativeIn(null, def, ...aliases);
}

/** Register in `ctx` (one session only: Session.registerNative), or for every session when null. */
export function registerNativeIn(ctx: RuntimeContext | null, def: NativeClassDef, ...aliases: string[]): void {
    const put = (k: string) => (ctx ? ctx.natives.classes.set(k, def) : nativeClasses.set(k, def));
    put(def.name.toLowerCase());
    for (const a of aliases) put(a.toLowerCase());
}

/** Instance methods on built-in value kinds: 'String', 'List', 'Set', 'Map', 'Integer', … */
export const valueMethods = new LayeredRegistry<Record<string, NativeFn>>((c) => c.natives.valueMethods);

export function registerValueMethods(kind: string, methods: Record<string, NativeFn>): void {
    valueMethods.set(kind, { ...(valueMethods.platform.get(kind) ?? {}), ...methods });
}

/** Native subtype → its platform supertypes (`Messaging.SingleEmailMessage` is a `Messaging.Email`). */
export const nativeSupertypes = new LayeredRegistry<string[]>((c) => c.natives.supertypes);

/** Platform namespaces that may prefix a class name (`System.Http`, `Database.SaveResult`). */
export const NAMESPACES = new Set(['system', 'database', 'schema']);
