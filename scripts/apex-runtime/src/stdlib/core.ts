// System, Assert, Math, Limits, UserInfo and the methods of numbers, Boolean, Date/Datetime/Time, enums.
// assertEquals / Assert.areEqual compare with equals() semantics: Strings case-SENSITIVELY, unlike `==`
// ([Obs] developer forum thread 906F00000008vcnIAA: System.assertEquals('a', 'A') fails).
// Sources: Apex Reference Guide — System Class, Assert Class, Math Class, Limits Class, Integer/Long/Double/
// Decimal Classes, Date/Datetime/Time Classes. Assertion message layout: APEX-RUNTIME.md §2 #57 ([Obs]).
import * as V from '../values';
import { ApexPlatformError } from '../errors';
import type { Interpreter } from '../interp/interpreter';
import { registerNative, registerValueMethods, type NativeFn } from '../interp/natives';
import { ApexLimitThrow, ApexThrow } from '../interp/exceptions';
import { ApexList, ApexMap, ApexSet, partialList, partialMap } from '../collections';
import { EnumValue, NativeObject, TypeValue, typeKey, typeToString, type RType } from '../interp/types';
import { ApexObject } from '../interp/types';
import { GOVERNOR_LIMITS, type LimitKey } from '../limits/limits';

export const num = (it: Interpreter, v: unknown, what = 'argument'): V.ApexNumber => {
    if (v === null || v === undefined) it.npe();
    if (!V.isApexNumber(v)) it.compileError(`${what} must be a number, got ${it.typeOf(v)}`);
    return v;
};
export const jsInt = (it: Interpreter, v: unknown): number =>
    (V.convertNumber(num(it, v), 'Integer') as V.ApexInteger).value;
export const jsNum = (it: Interpreter, v: unknown): number => {
    const n = num(it, v);
    return n.kind === 'Decimal' ? n.toNumber() : n.kind === 'Long' ? Number(n.value) : n.value;
};
export const str = (it: Interpreter, v: unknown): string => {
    if (v === null || v === undefined) it.npe();
    if (typeof v === 'string') return v;
    if (v instanceof V.ApexId) return v.value;
    return it.compileError(`expected a String, got ${it.typeOf(v)}`);
};
/** A platform object's setter method (`setSubject(v)`): stores the converted value, or null, in its state. */
export const stateSetter =
    (key: string, conv: (it: Interpreter, v: unknown) => unknown): NativeFn =>
    (it, a, self) => {
        arity(it, a, 1);
        (self as NativeObject).state[key] = a[0] === null || a[0] === undefined ? null : conv(it, a[0]);
        return null;
    };

/** A platform object's getter method (`getSubject()`): its stored value, converted by `out`, or null. */
export const stateGetter =
    (key: string, out: (v: unknown) => unknown = (v) => v): NativeFn =>
    (it, a, self) => {
        arity(it, a, 0);
        const v = (self as NativeObject).state[key];
        return v === null || v === undefined ? null : out(v);
    };

export function arity(it: Interpreter, args: unknown[], ...allowed: number[]): void {
    if (!allowed.includes(args.length)) it.compileError(`wrong number of arguments (${args.length})`);
}

function assertFail(it: Interpreter, message: string): never {
    throw new ApexLimitThrow(it.makeException('AssertException', message));
}

function withMsg(msg: unknown, it: Interpreter, rest: string): string {
    return msg === undefined || msg === null
        ? `Assertion Failed: ${rest}`
        : `Assertion Failed: ${it.str(msg)}: ${rest}`;
}

// Declaration order, hence ordinal(): least to most severe after NONE — INTERNAL 1, FINEST 2 … ERROR 8 [Obs]. The
// LoggingLevel Enum page lists the names without their order; logging frameworks gate entries on it (NebulaLogger's
// Logger.meetsUserLoggingLevel: `userLoggingLevel.ordinal() <= entryLevel.ordinal()` saves an ERROR entry for a FINEST
// user), which only holds with ERROR above FINEST.
const LOGGING_LEVELS = ['NONE', 'INTERNAL', 'FINEST', 'FINER', 'FINE', 'DEBUG', 'INFO', 'WARN', 'ERROR'];
export const loggingLevel = new Map(
    LOGGING_LEVELS.map((n, i) => [n.toLowerCase(), new EnumValue('System.LoggingLevel', n, i)])
);

const system: Record<string, NativeFn> = {
    debug: (it, args) => {
        arity(it, args, 1, 2);
        if (args.length === 2) {
            const lvl = args[0] instanceof EnumValue ? args[0].name : 'DEBUG';
            it.debug(it.curLine, lvl, it.str(args[1], true));
        } else it.debug(it.curLine, 'DEBUG', it.str(args[0], true));
        return null;
    },
    assert: (it, args) => {
        arity(it, args, 1, 2);
        if (args[0] === null) it.npe();
        if (args[0] !== true)
            assertFail(
                it,
                args.length === 2 && args[1] !== null ? `Assertion Failed: ${it.str(args[1])}` : 'Assertion Failed'
            );
        return null;
    },
    assertequals: (it, args) => {
        arity(it, args, 2, 3);
        if (!it.valueEquals(args[0], args[1]))
            assertFail(it, withMsg(args[2], it, `Expected: ${it.str(args[0])}, Actual: ${it.str(args[1])}`));
        return null;
    },
    assertnotequals: (it, args) => {
        arity(it, args, 2, 3);
        if (it.valueEquals(args[0], args[1])) assertFail(it, withMsg(args[2], it, `Same value: ${it.str(args[0])}`));
        return null;
    },
    now: () => V.ApexDatetime.now(),
    today: () => V.ApexDate.today(),
    currenttimemillis: () => V.long(V.runtimeSettings().now()),
    enqueuejob: (it, args) => it.services.enqueueJob(it, args),
    isbatch: (it) => !!(it.services.asyncStack as { batch?: boolean }[] | undefined)?.some((j) => j.batch),
    isfuture: (it) => it.services.asyncKind?.() === 'future',
    isqueueable: (it) =>
        it.services.asyncKind?.() === 'queueable' &&
        !(it.services.asyncStack as { batch?: boolean }[]).some((j) => j.batch),
    // true while a scheduled job's execute() runs (System.isScheduled)
    isscheduled: (it) => (it.services.scheduledDepth ?? 0) > 0,
    attachfinalizer: (it, args) => it.services.attachFinalizer(it, args),
    abortjob: (it, args) => it.services.abortJob(it, args),
    schedule: (it, args) => it.services.schedule(it, args),
    hashcode: (it, args) => V.int(hashString(it.hashKey(args[0])))
};

/** The runtime's Integer hash of a value's hash key (Object.hashCode, System.hashCode, SObject.hashCode). */
export function hashString(s: string): number {
    let h = 0;
    for (let i = 0; i < s.length; i++) h = (Math.imul(31, h) + s.charCodeAt(i)) | 0;
    return h;
}

registerNative({ name: 'System', statics: system }, 'system.system');
registerNative(
    {
        name: 'LoggingLevel',
        staticProps: Object.fromEntries([...loggingLevel].map(([k, v]) => [k, () => v]))
    },
    'system.logginglevel'
);

const assertClass: Record<string, NativeFn> = {
    areequal: (it, args) => {
        arity(it, args, 2, 3);
        if (!it.valueEquals(args[0], args[1]))
            assertFail(it, withMsg(args[2], it, `Expected: ${it.str(args[0])}, Actual: ${it.str(args[1])}`));
        return null;
    },
    arenotequal: (it, args) => {
        arity(it, args, 2, 3);
        if (it.valueEquals(args[0], args[1])) assertFail(it, withMsg(args[2], it, `Same value: ${it.str(args[0])}`));
        return null;
    },
    istrue: (it, args) => {
        arity(it, args, 1, 2);
        if (args[0] !== true) assertFail(it, withMsg(args[1], it, `Expected: true, Actual: ${it.str(args[0])}`));
        return null;
    },
    isfalse: (it, args) => {
        arity(it, args, 1, 2);
        if (args[0] !== false) assertFail(it, withMsg(args[1], it, `Expected: false, Actual: ${it.str(args[0])}`));
        return null;
    },
    isnull: (it, args) => {
        arity(it, args, 1, 2);
        if (args[0] !== null) assertFail(it, withMsg(args[1], it, `Expected: null, Actual: ${it.str(args[0])}`));
        return null;
    },
    isnotnull: (it, args) => {
        arity(it, args, 1, 2);
        if (args[0] === null) assertFail(it, withMsg(args[1], it, 'Expected: not null, Actual: null'));
        return null;
    },
    fail: (it, args) => {
        arity(it, args, 0, 1);
        assertFail(it, args.length && args[0] !== null ? `Assertion Failed: ${it.str(args[0])}` : 'Assertion Failed');
    },
    isinstanceoftype: (it, args) => {
        arity(it, args, 2, 3);
        const t = args[1] as TypeValue;
        if (!it.isInstance(args[0], t.t))
            assertFail(
                it,
                withMsg(
                    args[2],
                    it,
                    `Expected: ${typeToString(t.t)}, Actual: ${args[0] === null ? 'null' : it.typeOf(args[0])}`
                )
            );
        return null;
    },
    isnotinstanceoftype: (it, args) => {
        arity(it, args, 2, 3);
        const t = args[1] as TypeValue;
        if (it.isInstance(args[0], t.t)) assertFail(it, withMsg(args[2], it, `Not expected: ${typeToString(t.t)}`));
        return null;
    }
};
registerNative({ name: 'Assert', statics: assertClass }, 'system.assert');

// ---------------------------------------------------------------- Math
// Math methods with Decimal and Double overloads (Math Class): a Decimal argument gives a Decimal result.
// ceil/floor on a Decimal are exact (setScale(0, CEILING/FLOOR)); the others go through Double.
const mathFn =
    (f: (x: number) => number, exact?: V.RoundingMode): NativeFn =>
    (it, args) => {
        const n = num(it, args[0]);
        if (n.kind === 'Decimal') {
            if (exact) return n.scale > 0 ? n.setScale(0, exact) : n;
            return V.ApexDecimal.fromDouble(f(jsNum(it, n)));
        }
        return V.dbl(f(jsNum(it, n)));
    };
registerNative(
    {
        name: 'Math',
        statics: {
            abs: (it, args) => {
                const n = num(it, args[0]);
                return V.compareNumbers(n, V.int(0)) < 0 ? V.negate(n) : n;
            },
            max: (it, args) => {
                const [a, b] = [num(it, args[0]), num(it, args[1])];
                const k = V.promotedKind(a, b);
                return V.compareNumbers(a, b) >= 0 ? V.widen(a, k) : V.widen(b, k);
            },
            min: (it, args) => {
                const [a, b] = [num(it, args[0]), num(it, args[1])];
                const k = V.promotedKind(a, b);
                return V.compareNumbers(a, b) <= 0 ? V.widen(a, k) : V.widen(b, k);
            },
            mod: (it, args) => V.mod(num(it, args[0]) as V.ApexInteger, num(it, args[1]) as V.ApexInteger),
            pow: (it, args) => V.dbl(Math.pow(jsNum(it, args[0]), jsNum(it, args[1]))),
            sqrt: mathFn(Math.sqrt),
            floor: mathFn(Math.floor, 'FLOOR'),
            ceil: mathFn(Math.ceil, 'CEILING'),
            exp: mathFn(Math.exp),
            log: mathFn(Math.log),
            log10: mathFn(Math.log10),
            random: (it) => V.dbl(it.services.random ? it.services.random() : Math.random()),
            round: (it, args) => {
                const n = num(it, args[0]);
                if (n.kind === 'Decimal') return V.int(Number(n.roundToBigInt('HALF_EVEN')));
                return V.int(Math.round(jsNum(it, n)));
            },
            roundtolong: (it, args) => {
                const n = num(it, args[0]);
                if (n.kind === 'Decimal') return V.long(n.roundToBigInt('HALF_EVEN'));
                return V.long(Math.round(jsNum(it, n)));
            },
            signum: (it, args) => V.dbl(Math.sign(jsNum(it, args[0])))
        }
    },
    'system.math'
);

// ---------------------------------------------------------------- numbers
function valueOfNumber(kind: V.NumericKind): NativeFn {
    return (it, args) => {
        arity(it, args, 1);
        const a = args[0];
        if (a === null) return kind === 'Decimal' || kind === 'Double' ? it.npe() : null;
        if (typeof a === 'string') {
            if (kind === 'Integer') return V.parseInteger(a);
            if (kind === 'Long') return V.parseLong(a);
            if (kind === 'Double') return V.parseDouble(a);
            try {
                return V.ApexDecimal.parse(a.trim());
            } catch (e) {
                // only the parser's own TypeException is re-worded: a host error stays an internal error
                if (!(e instanceof ApexPlatformError)) throw e;
                throw new ApexPlatformError('System.TypeException', `Invalid decimal: ${a}`);
            }
        }
        if (V.isApexNumber(a)) {
            if (kind === 'Decimal' && a.kind === 'Double') return V.ApexDecimal.fromDouble(a.value);
            return V.convertNumber(a, kind);
        }
        return it.throwApex('TypeException', `Invalid conversion from runtime type ${it.typeOf(a)} to ${kind}`);
    };
}
for (const k of ['Integer', 'Long', 'Double', 'Decimal'] as V.NumericKind[]) {
    registerNative({ name: k, statics: { valueof: valueOfNumber(k) } }, `system.${k}`);
}
registerNative(
    {
        name: 'Boolean',
        statics: {
            valueof: (it, args) => {
                const a = args[0];
                if (a === null || typeof a === 'boolean') return a;
                if (typeof a === 'string') return a.toLowerCase() === 'true';
                return it.throwApex('TypeException', `Invalid conversion from runtime type ${it.typeOf(a)} to Boolean`);
            }
        }
    },
    'system.boolean'
);

const rounding = (it: Interpreter, v: unknown): V.RoundingMode => {
    if (v === undefined) return 'HALF_EVEN';
    if (v instanceof EnumValue) return v.name as V.RoundingMode;
    return it.compileError('expected a System.RoundingMode');
};
registerNative(
    {
        name: 'RoundingMode',
        staticProps: Object.fromEntries(
            ['UP', 'DOWN', 'CEILING', 'FLOOR', 'HALF_UP', 'HALF_DOWN', 'HALF_EVEN', 'UNNECESSARY'].map((n, i) => [
                n.toLowerCase(),
                () => new EnumValue('System.RoundingMode', n, i)
            ])
        )
    },
    'system.roundingmode'
);

const numberMethods: Record<string, NativeFn> = {
    intvalue: (it, _a, self) => V.convertNumber(num(it, self), 'Integer'),
    longvalue: (it, _a, self) => V.convertNumber(num(it, self), 'Long'),
    doublevalue: (it, _a, self) => V.convertNumber(num(it, self), 'Double'),
    format: (it, _a, self) => formatNumber(num(it, self)),
    tostring: (it, _a, self) => it.str(self),
    equals: (it, a, self) => it.valueEquals(self, a[0]),
    hashcode: (it, _a, self) => V.int(hashString(it.hashKey(self)))
};
function formatNumber(n: V.ApexNumber): string {
    // en_US grouping (Integer.format / Decimal.format); locale-specific formats are not modelled. Decimals and
    // Doubles follow java.text.NumberFormat defaults: at most 3 fraction digits (half-even), no trailing zeros
    // (Decimal Class: format() example `12345.6789` → `12,345.679`).
    let s: string;
    if (n.kind === 'Decimal' || n.kind === 'Double') {
        const d = n.kind === 'Decimal' ? n : V.ApexDecimal.fromDouble(n.value);
        const r = d.scale > 3 ? d.setScale(3, 'HALF_EVEN') : d;
        s = r.scale > 0 ? r.stripTrailingZeros().toPlainString() : r.toPlainString();
    } else s = n.toString();
    const [i, f] = s.split('.');
    const neg = i.startsWith('-');
    const digits = neg ? i.slice(1) : i;
    const grouped = digits.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
    return (neg ? '-' : '') + grouped + (f ? '.' + f : '');
}
registerValueMethods('Integer', numberMethods);
registerValueMethods('Long', numberMethods);
registerValueMethods('Double', {
    ...numberMethods,
    round: (it, _a, self) => V.long(Math.round(jsNum(it, self)))
});
const decOf = (it: Interpreter, v: unknown): V.ApexDecimal => {
    const n = num(it, v);
    return n.kind === 'Decimal'
        ? n
        : n.kind === 'Double'
          ? V.ApexDecimal.fromDouble(n.value)
          : (V.widen(n, 'Decimal') as V.ApexDecimal);
};
registerValueMethods('Decimal', {
    ...numberMethods,
    scale: (it, _a, self) => V.int((self as V.ApexDecimal).scale),
    precision: (it, _a, self) => V.int((self as V.ApexDecimal).precision()),
    setscale: (it, a, self) =>
        (self as V.ApexDecimal).setScale(jsInt(it, a[0]), a.length > 1 ? rounding(it, a[1]) : 'HALF_EVEN'),
    divide: (it, a, self) => {
        arity(it, a, 2, 3);
        const d = decOf(it, a[0]);
        if (d.signum() === 0) it.throwApex('MathException', 'Divide by 0');
        return (self as V.ApexDecimal).divideToScale(
            d,
            jsInt(it, a[1]),
            a.length > 2 ? rounding(it, a[2]) : 'HALF_EVEN'
        );
    },
    abs: (it, _a, self) => (self as V.ApexDecimal).abs(),
    round: (it, a, self) => V.long((self as V.ApexDecimal).roundToBigInt(a.length ? rounding(it, a[0]) : 'HALF_EVEN')),
    striptrailingzeros: (it, _a, self) => (self as V.ApexDecimal).stripTrailingZeros(),
    toplainstring: (it, _a, self) => (self as V.ApexDecimal).toPlainString(),
    pow: (it, a, self) => (self as V.ApexDecimal).pow(jsInt(it, a[0]))
});
registerValueMethods('Boolean', {
    equals: (it, a, self) => self === a[0],
    tostring: (it, _a, self) => String(self)
});

// ---------------------------------------------------------------- enums and Type
registerValueMethods('Enum', {
    name: (it, _a, self) => (self as EnumValue).name,
    ordinal: (it, _a, self) =>
        (self as EnumValue).ordinal < 0
            ? it.unsupported(`ordinal() of ${(self as EnumValue).typeName} (the platform's order is not documented)`)
            : V.int((self as EnumValue).ordinal),
    tostring: (it, _a, self) => (self as EnumValue).name,
    equals: (it, a, self) => self === a[0],
    hashcode: (it, _a, self) => V.int(hashString((self as EnumValue).typeName + '.' + (self as EnumValue).name))
});
/** Primitive types that may convert into one another; any other primitive is a family of its own. */
const PRIM_FAMILY: Record<string, string> = {
    Integer: 'number',
    Long: 'number',
    Double: 'number',
    Decimal: 'number',
    String: 'text',
    Id: 'text',
    Date: 'date',
    Datetime: 'date'
};

/**
 * `target.isAssignableFrom(source)` (Apex Reference, "Type Class"): a variable of the target type can hold a value
 * of the source type. Decided here only where Apex's reference rules are plain — the same type, Object, a class
 * or interface and its subclasses/implementers, SObject and concrete sObjects, kinds that never convert (below);
 * every other pairing (primitive widening, collection variance, platform classes) is reported unsupported.
 */
function typeAssignable(it: Interpreter, target: RType, source: RType): boolean {
    if (typeKey(target) === typeKey(source)) return true;
    if (target.k === 'any') return true;
    if (target.k === 'class' && source.k === 'class') {
        return it.ensureResolved(source.cls).isSubclassOf(it.ensureResolved(target.cls));
    }
    if (target.k === 'sobject' && source.k === 'sobject') return target.name === null;
    const reference = (t: RType) => t.k === 'class' || t.k === 'sobject';
    // a user class is never an sObject, and an sObject never a user class or interface
    if (reference(target) && reference(source) && !(target.k === 'class' && target.cls.builtin)) return false;
    if (target.k === 'class' && !target.cls.builtin && source.k === 'prim') return false;
    // values of different kinds never convert into each other ("Rules of Conversion"): a primitive of one family
    // (numbers, String/Id, Date/Datetime, Time, Boolean, Blob) is no other family's, and a primitive, an sObject, a
    // user class and each collection kind are distinct (inside a family, and collection element variance, stay open)
    const kind = (t: RType): string | null => {
        if (t.k === 'prim') return `prim:${PRIM_FAMILY[t.name] ?? t.name}`;
        if (t.k === 'class') return t.cls.builtin ? null : 'class';
        if (t.k === 'sobject' || t.k === 'list' || t.k === 'set' || t.k === 'map') return t.k;
        return null;
    };
    const tk = kind(target);
    const sk = kind(source);
    if (tk && sk && tk !== sk) return false;
    // "Apex requires you to explicitly convert one data type to another"; only lower numeric types go to higher ones
    // implicitly (Apex Developer Guide, "Rules of Conversion"): an Integer or Long variable takes no wider number
    const rank = ['Integer', 'Long', 'Double', 'Decimal'];
    if (target.k === 'prim' && source.k === 'prim' && (target.name === 'Integer' || target.name === 'Long'))
        if (rank.indexOf(source.name) > rank.indexOf(target.name)) return false;
    return it.unsupported(`Type.isAssignableFrom(${typeToString(source)}) on ${typeToString(target)}`);
}

registerValueMethods('Type', {
    isassignablefrom: (it, a, self) => {
        if (a.length !== 1) it.compileError('Type.isAssignableFrom takes one Type');
        if (a[0] === null || a[0] === undefined) it.unsupported('Type.isAssignableFrom(null)');
        const source = a[0];
        if (!(source instanceof TypeValue))
            return it.compileError(`Type.isAssignableFrom takes a Type, got ${it.typeOf(source)}`);
        return typeAssignable(it, (self as TypeValue).t, source.t);
    },
    getname: (it, _a, self) => typeToString((self as TypeValue).t),
    tostring: (it, _a, self) => typeToString((self as TypeValue).t),
    equals: (it, a, self) => a[0] instanceof TypeValue && typeKey(a[0].t) === typeKey((self as TypeValue).t),
    newinstance: (it, _a, self) => {
        const t = (self as TypeValue).t;
        if (t.k === 'class' && !t.cls.builtin) return it.instantiate(t.cls, []);
        // a built-in exception type is instantiated as `new NullPointerException()` would be
        if (t.k === 'class' && t.cls.kind === 'class') return it.instantiate(t.cls, []);
        // Type.forName('Account').newInstance() is a new, empty sObject of that type (Apex Reference, "Type Class")
        if (t.k === 'sobject' && t.name !== null && it.services.newSObject) return it.services.newSObject(t.name);
        // a collection type from Type.forName('Map<Id,Account>') is instantiated empty, as `new` would
        if (t.k === 'list') return new ApexList(t.elem);
        if (t.k === 'set') return new ApexSet(t.elem);
        if (t.k === 'map') return new ApexMap(t.key, t.val);
        return it.unsupported(`Type.newInstance for ${typeToString(t)}`);
    }
});
/**
 * The type a name denotes, generic collections included ('Map<Id, List<Account>>'), or null when it names
 * no type (Type.forName returns null then).
 */
function typeFromName(it: Interpreter, name: string): RType | null {
    const tokens = name.match(/[<>,]|[^<>,\s]+/g) ?? [];
    let pos = 0;
    const parse = (): RType | null => {
        const word = tokens[pos++];
        if (word === undefined || /^[<>,]$/.test(word)) return null;
        const args: (RType | null)[] = [];
        if (tokens[pos] === '<') {
            pos++;
            for (;;) {
                args.push(parse());
                const sep = tokens[pos++];
                if (sep === '>') break;
                if (sep !== ',') return null;
            }
        }
        if (args.some((a) => a === null)) return null;
        const ok = args as RType[];
        const bare = word.toLowerCase().replace(/^system\./, '');
        // a raw `List` / `Set` / `Map`, or the `ANY` element type a TypeException message prints: what the org's
        // Type.forName answers for them is not documented (apex-mockery's Argument.ofType('List') relies on one)
        if (bare === 'any' || (['list', 'set', 'map'].includes(bare) && !args.length))
            return it.unsupported(`Type.forName('${name}')`);
        if (bare === 'list' || bare === 'set') {
            if (ok.length !== 1) return null;
            return bare === 'list' ? { k: 'list', elem: ok[0] } : { k: 'set', elem: ok[0] };
        }
        if (bare === 'map') return ok.length === 2 ? { k: 'map', key: ok[0], val: ok[1] } : null;
        if (ok.length) return null;
        return it.lookupType(word.split('.'), null);
    };
    const t = parse();
    return t && pos === tokens.length ? t : null;
}

registerNative(
    {
        name: 'Type',
        statics: {
            forname: (it, args) => {
                const t = typeFromName(it, str(it, args[args.length - 1]));
                return t ? new TypeValue(t) : null;
            }
        }
    },
    'system.type'
);

// ---------------------------------------------------------------- Date / Datetime / Time
const toJs = (it: Interpreter, a: unknown): unknown => (V.isApexNumber(a) ? jsNum(it, a) : a);
const fromJs = (v: unknown): unknown => (typeof v === 'number' ? V.int(v) : typeof v === 'bigint' ? V.long(v) : v);
function reflect(names: string[]): Record<string, NativeFn> {
    const out: Record<string, NativeFn> = {};
    for (const n of names) {
        out[n.toLowerCase()] = (it, args, self) => {
            const fn = (self as Record<string, (...a: unknown[]) => unknown>)[n];
            if (typeof fn !== 'function') return it.unsupported(`${it.typeOf(self)}.${n}()`);
            return fromJs(
                fn.apply(
                    self,
                    args.map((a) => toJs(it, a))
                )
            );
        };
    }
    return out;
}
registerValueMethods(
    'Date',
    reflect([
        'year',
        'month',
        'day',
        'dayOfYear',
        'addDays',
        'addMonths',
        'addYears',
        'daysBetween',
        'monthsBetween',
        'isSameDay',
        'toStartOfMonth',
        'toStartOfWeek',
        'format'
    ])
);
registerValueMethods(
    'Datetime',
    reflect([
        'year',
        'month',
        'day',
        'hour',
        'minute',
        'second',
        'millisecond',
        'getTime',
        'addDays',
        'addHours',
        'addMinutes',
        'addSeconds',
        'addMonths',
        'addYears',
        'date',
        'dateGmt',
        'time',
        'timeGmt',
        'format',
        'formatGmt',
        'yearGmt',
        'monthGmt',
        'dayGmt',
        'hourGmt',
        'minuteGmt',
        'secondGmt',
        'formatLong',
        'isSameDay'
    ])
);
registerValueMethods(
    'Time',
    reflect(['hour', 'minute', 'second', 'millisecond', 'addHours', 'addMinutes', 'addSeconds', 'addMilliseconds'])
);
// hashCode() of a Date / Datetime / Time (an Object method every value has): public code hashes them through Object
// [Obs: apex-rollup's RollupRecursionItem.hashCode() combines field values, Dates among them]. The platform's number
// is not documented; like the numbers' hashCode above, this one keeps only the contract code relies on — equal values
// give equal hashes (the key the collections use for equality).
for (const kind of ['Date', 'Datetime', 'Time'])
    registerValueMethods(kind, { hashcode: (it, _a, self) => V.int(hashString(it.hashKey(self))) });
const reflectStatics = (cls: unknown, names: string[]): Record<string, NativeFn> => {
    const out: Record<string, NativeFn> = {};
    for (const n of names) {
        out[n.toLowerCase()] = (it, args) => {
            const fn = (cls as Record<string, (...a: unknown[]) => unknown>)[n];
            if (typeof fn !== 'function') return it.unsupported(`${n}()`);
            return fromJs(
                fn.apply(
                    cls,
                    args.map((a) => toJs(it, a))
                )
            );
        };
    }
    return out;
};
registerNative(
    {
        name: 'Date',
        statics: reflectStatics(V.ApexDate, ['newInstance', 'today', 'valueOf', 'parse', 'isLeapYear', 'daysInMonth'])
    },
    'system.date'
);
const DATETIME_TEXT = reflectStatics(V.ApexDatetime, ['valueOf']);
registerNative(
    {
        name: 'Datetime',
        statics: {
            ...reflectStatics(V.ApexDatetime, ['now', 'valueOf', 'valueOfGmt']),
            // Datetime.valueOf(Object): a Long is the instant in milliseconds since the epoch [Obs] — logging
            // libraries rebuild event timestamps this way (NebulaLogger's LogEntryEventHandler:
            // `Datetime.valueOf(Long.valueOf(TimestampString__c))`, the string of `Datetime.getTime()`); other
            // non-text objects are not documented
            valueof: (it, a) => {
                arity(it, a, 1);
                if (a[0] instanceof V.ApexLong) return new V.ApexDatetime(Number(a[0].value));
                if (a[0] !== null && typeof a[0] !== 'string')
                    return it.unsupported(`Datetime.valueOf(${it.typeOf(a[0])})`);
                return DATETIME_TEXT.valueof(it, a, null);
            },
            // newInstance(Long ms) | (Date, Time) | (y, m, d[, h, mi, s]) — Datetime Class
            newinstance: (it, a) => datetimeNew(it, a, false),
            newinstancegmt: (it, a) => datetimeNew(it, a, true)
        }
    },
    'system.datetime'
);
registerNative({ name: 'Time', statics: reflectStatics(V.ApexTime, ['newInstance']) }, 'system.time');

function datetimeNew(it: Interpreter, a: unknown[], gmt: boolean): V.ApexDatetime {
    if (a.some((x) => x === null)) return it.npe();
    if (a.length === 1 && !gmt)
        return new V.ApexDatetime(Number((V.convertNumber(num(it, a[0]), 'Long') as V.ApexLong).value));
    if (a.length === 2 && a[0] instanceof V.ApexDate && a[1] instanceof V.ApexTime)
        return V.ApexDatetime.fromDateAndTime(a[0], a[1], gmt);
    if (a.length === 3 || a.length === 6) {
        const n = a.map((x) => jsInt(it, x)) as [number, number, number, number?, number?, number?];
        return gmt ? V.ApexDatetime.newInstanceGmt(...n) : V.ApexDatetime.newInstance(...n);
    }
    return it.compileError(
        `Datetime.newInstance${gmt ? 'Gmt' : ''}: unsupported arguments (${a.map((x) => it.typeOf(x)).join(', ')})`
    );
}

// ---------------------------------------------------------------- Limits (from the one table, limits/limits.ts)
const limitsStatics: Record<string, NativeFn> = {};
for (const [key, row] of Object.entries(GOVERNOR_LIMITS)) {
    if (!row.method) continue;
    limitsStatics[`get${row.method}`.toLowerCase()] = (it) => V.int(it.tx.limits.usage(key as LimitKey));
    limitsStatics[`getlimit${row.method}`.toLowerCase()] = (it) => V.int(it.tx.limits.limits[key as LimitKey]);
}
// Creating a Database.Cursor runs its query; whether that counts against the query and row limits is not documented
for (const key of ['getqueries', 'getqueryrows']) {
    const known = limitsStatics[key];
    limitsStatics[key] = (it, a, self) =>
        it.tx.limits.cursorUsed
            ? it.unsupported(
                  `Limits.${key.slice(3) === 'queries' ? 'getQueries' : 'getQueryRows'}() after Database.getCursor`
              )
            : known(it, a, self);
}
// Query locator rows (Execution Governors and Limits: "Total number of records retrieved by
// Database.getQueryLocator", 10,000): the runtime does not count them, so the usage is known (0) only while no
// locator has been created in the transaction.
limitsStatics.getquerylocatorrows = (it) =>
    it.tx.limits.queryLocatorUsed
        ? it.unsupported('Limits.getQueryLocatorRows() after Database.getQueryLocator (locator rows are not counted)')
        : V.int(0);
limitsStatics.getlimitquerylocatorrows = () => V.int(10000);
// "Aggregate queries" (Limits Class: "the number of aggregate queries that have been processed with any SOQL query
// statement") are parent-to-child subqueries in SELECT, not GROUP BY queries [Obs]: 0 after plain and aggregate
// queries, limit 300 (salesforce.stackexchange.com/q/65881). The runtime does not count subqueries, so the usage is
// known (0) only while none ran in the transaction.
limitsStatics.getaggregatequeries = (it) =>
    it.tx.limits.selectSubqueryUsed
        ? it.unsupported('Limits.getAggregateQueries() after a query with a subquery (subqueries are not counted)')
        : V.int(0);
limitsStatics.getlimitaggregatequeries = () => V.int(300);
// Push notifications (Execution Governors and Limits: "Maximum number of push notification method calls allowed per
// Apex transaction", 10): Messaging.PushNotification is not modelled, so no call is ever counted.
limitsStatics.getmobilepushapexcalls = () => V.int(0);
limitsStatics.getlimitmobilepushapexcalls = () => V.int(10);
// getAsyncCalls / getLimitAsyncCalls are "Reserved for future use" (Limits Class): nothing counts against them, so the
// usage is 0; the limit's value is not documented (200 here, unverified) — code reads them only to log or compare
// them, and NebulaLogger's builder reads both for every entry.
limitsStatics.getasynccalls = () => V.int(0);
// getDatabaseTime is not on the Limits Class page, but the platform class has it (orgs compile it; rflib's logger reads
// it for every log event). Like getCpuTime it is a time measure that varies from run to run, so no test can rely on
// its value: a deterministic proxy of 1 ms per database round trip (SOQL, SOSL and DML statements of the current
// context), never enforced. getLimitDatabaseTime's value is not documented and stays Unsupported.
limitsStatics.getdatabasetime = (it) => {
    const l = it.tx.limits;
    return V.int(l.used.soqlQueries + l.soslUsed + l.used.dmlStatements);
};
limitsStatics.getlimitasynccalls = () => V.int(200);
registerNative({ name: 'Limits', statics: limitsStatics }, 'system.limits');

// System.OrgLimits / OrgLimit (Apex Reference): the org's API allocations and their usage, one OrgLimit per limit name.
// The org holds dozens of limits; the runtime models the one whose allocation the Apex Developer Guide states for
// any org of under 1,250 licences ("Elastic Limits for Asynchronous Apex Jobs": 250,000 jobs or 200 times the user
// licences, whichever is greater). Its usage is 0: the runtime's org is fresh, and "limit values are updated
// asynchronously" (OrgLimits Class), so a test never sees its own jobs counted. Every other limit is unsupported.
const ORG_LIMITS: ReadonlyArray<{ name: string; max: number }> = [{ name: 'DailyAsyncApexExecutions', max: 250000 }];
const orgLimit = (l: { name: string; max: number }) => new NativeObject('System.OrgLimit', { ...l, used: 0 });
const orgLimitOf = (self: unknown) => (self as NativeObject).state as { name: string; max: number; used: number };
registerNative(
    {
        name: 'OrgLimits',
        statics: {
            getmap: () =>
                partialMap(
                    { k: 'prim', name: 'String' },
                    { k: 'native', name: 'System.OrgLimit' },
                    new Map(ORG_LIMITS.map((l) => [l.name, orgLimit(l)])),
                    'OrgLimits.getMap()'
                ),
            getall: () =>
                partialList({ k: 'native', name: 'System.OrgLimit' }, ORG_LIMITS.map(orgLimit), 'OrgLimits.getAll()')
        }
    },
    'system.orglimits'
);
registerNative(
    {
        name: 'System.OrgLimit',
        methods: {
            getname: (_it, _a, self) => orgLimitOf(self).name,
            getlimit: (_it, _a, self) => V.int(orgLimitOf(self).max),
            getvalue: (_it, _a, self) => V.int(orgLimitOf(self).used),
            // "OrgLimit[DailyBulkApiBatches: consumed 25 of 15000]" (OrgLimit Class, toString())
            tostring: (_it, _a, self) => {
                const l = orgLimitOf(self);
                return `OrgLimit[${l.name}: consumed ${l.used} of ${l.max}]`;
            }
        }
    },
    'orglimit'
);

// exceptions get a few more methods through valueMethods('Exception') if needed later
export function isApexThrow(e: unknown): e is ApexThrow {
    return e instanceof ApexThrow;
}
export { ApexList, ApexObject };
