// Closed registry of platform classes and of instance methods on built-in value types.
// Anything not registered here is `unsupported` (never undefined / null).
import type { Interpreter } from './interpreter';
import type { NativeObject } from './types';

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

export const nativeClasses = new Map<string, NativeClassDef>();

/** Register under the lower-cased name and any aliases (e.g. 'system.http'). */
export function registerNative(def: NativeClassDef, ...aliases: string[]): void {
    nativeClasses.set(def.name.toLowerCase(), def);
    for (const a of aliases) nativeClasses.set(a.toLowerCase(), def);
}

/** Instance methods on built-in value kinds: 'String', 'List', 'Set', 'Map', 'Integer', … */
export const valueMethods = new Map<string, Record<string, NativeFn>>();

export function registerValueMethods(kind: string, methods: Record<string, NativeFn>): void {
    valueMethods.set(kind, { ...(valueMethods.get(kind) ?? {}), ...methods });
}

/** Native subtype → its platform supertypes (`Messaging.SingleEmailMessage` is a `Messaging.Email`). */
export const nativeSupertypes = new Map<string, string[]>();

/** Platform namespaces that may prefix a class name (`System.Http`, `Database.SaveResult`). */
export const NAMESPACES = new Set(['system', 'database', 'schema']);
