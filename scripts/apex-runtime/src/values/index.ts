/**
 * Public API of the primitive value layer. Contract: docs/apex-runtime-internals.md.
 *
 * Representation (APEX-RUNTIME.md §3.3):
 *   null → null, Boolean → JS boolean, String → JS string,
 *   Integer/Long/Double/Decimal → ApexInteger/ApexLong/ApexDouble/ApexDecimal,
 *   Id → ApexId (18-char), Date/Datetime/Time → ApexDate/ApexDatetime/ApexTime, Blob → ApexBlob.
 * Non-primitive values (collections, sObjects, user objects) belong to other modules; helpers here
 * return `undefined` / throw for them so callers can dispatch.
 */
import { ApexPlatformError, ApexRuntimeUnsupported, typeError } from '../errors';
import { ApexBlob } from './blob';
import { ApexDecimal, javaDoubleToString } from './decimal';
import { ApexDate, ApexDatetime, ApexTime } from './datetime';
import { ApexId, hasForeignSuffix, isIdFormat, isValidIdText, to18 } from './id';
import {
    ApexDouble,
    ApexInteger,
    ApexLong,
    ApexNumber,
    compareNumbers,
    isApexNumber,
    NumericKind,
    widen,
    convertNumber
} from './numbers';

export * from './decimal';
export * from './numbers';
export * from './datetime';
export * from './id';
export * from './blob';
export * from './settings';

export type ApexPrimitive =
    | null
    | boolean
    | string
    | ApexInteger
    | ApexLong
    | ApexDouble
    | ApexDecimal
    | ApexId
    | ApexDate
    | ApexDatetime
    | ApexTime
    | ApexBlob;

export type PrimitiveTypeName =
    'Boolean' | 'String' | 'Integer' | 'Long' | 'Double' | 'Decimal' | 'Id' | 'Date' | 'Datetime' | 'Time' | 'Blob';

const PRIMITIVE_NAMES: Record<string, PrimitiveTypeName> = {
    boolean: 'Boolean',
    string: 'String',
    integer: 'Integer',
    long: 'Long',
    double: 'Double',
    decimal: 'Decimal',
    id: 'Id',
    date: 'Date',
    datetime: 'Datetime',
    time: 'Time',
    blob: 'Blob'
};

/** Canonical primitive type name for a (case-insensitive) name, or undefined. Accepts `System.` prefix. */
export function primitiveTypeName(name: string): PrimitiveTypeName | undefined {
    return PRIMITIVE_NAMES[name.toLowerCase().replace(/^system\./, '')];
}

export function isPrimitive(v: unknown): v is ApexPrimitive {
    return (
        v === null ||
        typeof v === 'boolean' ||
        typeof v === 'string' ||
        isApexNumber(v) ||
        v instanceof ApexId ||
        v instanceof ApexDate ||
        v instanceof ApexDatetime ||
        v instanceof ApexTime ||
        v instanceof ApexBlob
    );
}

/** Runtime type of a primitive value ('String', 'Integer', ...); undefined for null and non-primitives. */
export function typeOfPrimitive(v: unknown): PrimitiveTypeName | undefined {
    if (typeof v === 'boolean') return 'Boolean';
    if (typeof v === 'string') return 'String';
    if (v !== null && typeof v === 'object' && 'kind' in v) {
        const k = (v as { kind: string }).kind;
        if (PRIMITIVE_NAMES[k.toLowerCase()] && isPrimitive(v)) return k as PrimitiveTypeName;
    }
    return undefined;
}

/**
 * The primitive types a value of a runtime type is also `instanceof` ([Obs], from a suite that passes in orgs:
 * fflib-apex-mocks' matcher tests expect `9` and `9L` to be `instanceof Decimal`, `Double` and (for `9`) `Long`,
 * `9.99` to be `instanceof Double` but not `Integer`/`Long`, `9L` not `instanceof Integer`, a Date to be
 * `instanceof Datetime` and a Datetime not `instanceof Date`): the implicit conversions of "Rules of Conversion"
 * (Integer → Long → Double → Decimal, Date → Datetime), and Decimal ↔ Double.
 */
const ALSO_INSTANCE_OF: Partial<Record<PrimitiveTypeName, readonly PrimitiveTypeName[]>> = {
    Integer: ['Long', 'Double', 'Decimal'],
    Long: ['Double', 'Decimal'],
    Double: ['Decimal'],
    Decimal: ['Double'],
    Date: ['Datetime'],
    Id: ['String']
};

/**
 * `v instanceof T` for primitive T (null → false). `Object o = 1; o instanceof Integer` → true; a number is also an
 * instance of the wider numeric types, a Date of Datetime (ALSO_INSTANCE_OF). "The instanceOf keyword can always be
 * used to test whether a string is an ID" (Rules of Conversion): a String is `instanceof Id` when it is a valid Id.
 */
export function isInstanceOfPrimitive(v: unknown, typeName: string): boolean {
    if (v === null || v === undefined) return false;
    const t = primitiveTypeName(typeName);
    if (typeName.toLowerCase() === 'object') return true;
    const actual = typeOfPrimitive(v);
    if (!t || !actual) return false;
    if (actual === t || (ALSO_INSTANCE_OF[actual]?.includes(t) ?? false)) return true;
    if (actual !== 'String' || t !== 'Id') return false;
    const text = v as string;
    if (isValidIdText(text)) return true;
    // orgs also call some 15/18-character strings that are no valid Id an Id (GitHub gist techieshark/509bb2a8…:
    // '243;0919957138;z71' instanceof Id is true); which ones is not documented
    if (text.length === 15 || text.length === 18)
        throw new ApexRuntimeUnsupported(`instanceof Id of the 15/18-character string '${text}' that is no valid Id`);
    return false;
}

/** `v instanceof T` holds only through a conversion (an Integer tested against Decimal), not by its own type. */
export function isInstanceOnlyByConversion(v: unknown, typeName: string): boolean {
    const t = primitiveTypeName(typeName);
    return !!t && typeOfPrimitive(v) !== t && isInstanceOfPrimitive(v, typeName);
}

/** String.valueOf(x) per type. Datetime uses the local time zone (Datetime/String class pages). */
export function stringValueOf(v: ApexPrimitive): string {
    if (v === null) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'string') return v;
    if (v instanceof ApexDatetime) return v.toLocalString();
    if (v instanceof ApexBlob) return v.debugString();
    return v.toString();
}

/**
 * Text used by string concatenation (`'a' + x`) and System.debug: like String.valueOf except
 * Datetime prints in GMT and Date prints `yyyy-MM-dd 00:00:00` ([Known] debug output; UNVERIFIED
 * for concatenation, APEX-RUNTIME.md §2 #20).
 */
export function concatString(v: ApexPrimitive): string {
    if (v instanceof ApexDatetime) return v.toString();
    if (v instanceof ApexDate) return `${v.toString()} 00:00:00`;
    return stringValueOf(v);
}

/**
 * Apex `==` on two primitives (APEX-RUNTIME.md §2 #2, #4): String comparison ignores case; Ids
 * compare their 18-char forms case-sensitively; numbers compare by value after promotion
 * (1 == 1L, 1.0 == 1.00); a String and an Id compare as Ids when the String is a valid id.
 */
export function primitiveEquals(a: ApexPrimitive, b: ApexPrimitive): boolean {
    if (a === null || b === null) return a === b;
    if (typeof a === 'string' && typeof b === 'string') return a === b || a.toLowerCase() === b.toLowerCase();
    if (a instanceof ApexId || b instanceof ApexId) {
        const x = a instanceof ApexId ? a.value : typeof a === 'string' && isIdFormat(a) ? to18(a) : undefined;
        const y = b instanceof ApexId ? b.value : typeof b === 'string' && isIdFormat(b) ? to18(b) : undefined;
        // the same record's Id written with two suffixes, one of them no checksum: not documented (id.ts to18)
        if (x && y && x !== y && x.slice(0, 15) === y.slice(0, 15) && (hasForeignSuffix(x) || hasForeignSuffix(y)))
            throw new ApexRuntimeUnsupported(
                `== of the Ids '${x}' and '${y}' (same 15 characters, a suffix that is no checksum)`
            );
        return x !== undefined && x === y;
    }
    if (isApexNumber(a) && isApexNumber(b)) return compareNumbers(a, b) === 0;
    if (typeof a === 'boolean' || typeof b === 'boolean') return a === b;
    if (a instanceof ApexDate && b instanceof ApexDate) return a.epochDay === b.epochDay;
    // Datetimes are equal when they name the same second: the platform "ignores the milliseconds for the purposes of
    // considering two values equal" [Obs: Salesforce StackExchange 234824 — a Datetime 900 ms past a stored one
    // assertEquals it; apex-rollup's RollupTests compare a System.now()-based value with its second-truncated
    // rollup and pass in orgs]. `<` / `>` still see the milliseconds (not on record either way).
    if (a instanceof ApexDatetime && b instanceof ApexDatetime) return sameSecond(a.epochMs, b.epochMs);
    if (a instanceof ApexDate && b instanceof ApexDatetime) return sameSecond(a.toDatetime().epochMs, b.epochMs);
    if (a instanceof ApexDatetime && b instanceof ApexDate) return sameSecond(b.toDatetime().epochMs, a.epochMs);
    if (a instanceof ApexTime && b instanceof ApexTime) return a.msOfDay === b.msOfDay;
    if (a instanceof ApexBlob && b instanceof ApexBlob) return a.equals(b);
    return false;
}

/**
 * Ordering for `<`, `>`, `<=`, `>=` and sorting. Returns undefined when either side is null
 * (the relational operator is then false for numbers/dates — §2 #7) or the types are not comparable;
 * a non-null String/Id compares greater than null (Expression Operators, quoted in SE 282619).
 * Strings compare case-insensitively first (UNVERIFIED for the operators), then by code unit.
 */
export function primitiveCompare(a: ApexPrimitive, b: ApexPrimitive): number | undefined {
    if (a === null || b === null) {
        // "A non-null String or ID value is always greater than a null value" (Expression Operators)
        const isText = (v: ApexPrimitive) => typeof v === 'string' || v instanceof ApexId;
        if (a === null && b !== null && isText(b)) return -1;
        if (b === null && a !== null && isText(a)) return 1;
        return undefined;
    }
    if (isApexNumber(a) && isApexNumber(b)) return compareNumbers(a, b);
    const sa = typeof a === 'string' ? a : a instanceof ApexId ? a.value : undefined;
    const sb = typeof b === 'string' ? b : b instanceof ApexId ? b.value : undefined;
    if (sa !== undefined && sb !== undefined) {
        const la = sa.toLowerCase();
        const lb = sb.toLowerCase();
        return la < lb ? -1 : la > lb ? 1 : 0;
    }
    const key = (v: ApexPrimitive): number | undefined =>
        v instanceof ApexDate
            ? v.toDatetime().epochMs
            : v instanceof ApexDatetime
              ? v.epochMs
              : v instanceof ApexTime
                ? v.msOfDay
                : undefined;
    if (a instanceof ApexTime !== b instanceof ApexTime) return undefined;
    if (a instanceof ApexDate && b instanceof ApexDate) return Math.sign(a.epochDay - b.epochDay);
    const ka = key(a);
    const kb = key(b);
    if (ka !== undefined && kb !== undefined) return Math.sign(ka - kb);
    if (typeof a === 'boolean' && typeof b === 'boolean') return a === b ? 0 : a ? 1 : -1;
    return undefined;
}

function sameSecond(x: number, y: number): boolean {
    return Math.floor(x / 1000) === Math.floor(y / 1000);
}

/** Hash key for Set/Map membership: case-SENSITIVE strings (§2 #22/#24), Ids by 18-char form. */
export function primitiveHashKey(v: ApexPrimitive): string {
    if (v === null) return 'null';
    if (typeof v === 'string') return 's:' + v;
    if (typeof v === 'boolean') return 'b:' + v;
    if (v instanceof ApexId) return 's:' + v.value;
    if (v instanceof ApexDecimal) return 'n:' + v.toString();
    if (isApexNumber(v)) return 'n:' + v.toString();
    if (v instanceof ApexDate) return 'd:' + v.epochDay;
    if (v instanceof ApexDatetime) return 't:' + Math.floor(v.epochMs / 1000); // equal Datetimes share a key (== above)
    if (v instanceof ApexTime) return 'h:' + v.msOfDay;
    return 'x:' + Array.from(v.bytes).join(',');
}

const NUMERIC = new Set<string>(['Integer', 'Long', 'Double', 'Decimal']);

/**
 * Implicit conversion on assignment / parameter passing to declared primitive type `to`:
 * numeric widening (Rules of Conversion), String → Id (validated), Id → String, Date → Datetime.
 * Anything else → System.TypeException "Invalid conversion from runtime type X to Y" ([Known]).
 */
export function coercePrimitive(v: ApexPrimitive, to: string): ApexPrimitive {
    if (v === null) return null;
    const target = primitiveTypeName(to);
    if (!target) {
        if (to.toLowerCase() === 'object') return v;
        throw new Error(`coercePrimitive: '${to}' is not a primitive type`);
    }
    const actual = typeOfPrimitive(v)!;
    if (actual === target) return v;
    if (NUMERIC.has(actual) && NUMERIC.has(target)) {
        return widenOrThrow(v as ApexNumber, target as NumericKind);
    }
    if (target === 'Id' && typeof v === 'string') return new ApexId(v);
    if (target === 'String' && v instanceof ApexId) return v.value;
    if (target === 'Datetime' && v instanceof ApexDate) return v.toDatetime();
    throw typeError(`Invalid conversion from runtime type ${actual} to ${target}`);
}

function widenOrThrow(v: ApexNumber, to: NumericKind): ApexNumber {
    const order: NumericKind[] = ['Integer', 'Long', 'Double', 'Decimal'];
    if (order.indexOf(to) >= order.indexOf(v.kind)) return widen(v, to);
    throw typeError(`Invalid conversion from runtime type ${v.kind} to ${to}`);
}

/** Explicit cast `(T) v` between primitives: numeric conversions allowed both ways; others as coercePrimitive. */
export function castPrimitive(v: ApexPrimitive, to: string): ApexPrimitive {
    if (v === null) return null;
    const target = primitiveTypeName(to);
    if (target && isApexNumber(v) && NUMERIC.has(target)) return convertNumber(v, target as NumericKind);
    return coercePrimitive(v, to);
}

/**
 * Value of an XML literal from metadata (custom metadata `<value xsi:type="xsd:...">`).
 * `nil` → null. Numbers become Decimal (Number fields are Decimal in Apex).
 */
export function fromXsdLiteral(text: string | null | undefined, xsdType?: string, nil = false): ApexPrimitive {
    if (nil || text === null || text === undefined) return null;
    const t = (xsdType ?? 'xsd:string').replace(/^.*:/, '').toLowerCase();
    switch (t) {
        case 'boolean':
            return text.trim() === 'true' || text.trim() === '1';
        case 'double':
        case 'decimal':
        case 'int':
        case 'integer':
        case 'long':
            return ApexDecimal.parse(text);
        case 'date':
            return ApexDate.valueOf(text);
        case 'datetime':
            return ApexDatetime.parseIso(text);
        case 'time':
            return parseTimeLiteral(text);
        default:
            return text;
    }
}

/** 'HH:mm:ss[.SSS][Z]' → Time (SOQL/XML/JSON time literals). */
export function parseTimeLiteral(text: string): ApexTime {
    const m = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,3}))?)?Z?$/.exec(text.trim());
    if (!m) throw new ApexPlatformError('System.TypeException', `Invalid time: ${text}`);
    return ApexTime.newInstance(+m[1], +m[2], m[3] ? +m[3] : 0, m[4] ? +m[4].padEnd(3, '0') : 0);
}

/**
 * Convert a JSON scalar into the Apex primitive `to` (typed JSON.deserialize of primitives, and
 * stored JSON fixtures). Strings for Date/Datetime/Time/Id/Blob(base64) are parsed; numbers go to
 * the numeric type requested.
 */
export function fromJsonScalar(json: unknown, to: string): ApexPrimitive {
    if (json === null || json === undefined) return null;
    const target = primitiveTypeName(to);
    if (!target) throw new Error(`fromJsonScalar: '${to}' is not a primitive type`);
    const bad = () =>
        new ApexPlatformError('System.JSONException', `Cannot deserialize ${JSON.stringify(json)} as ${target}`);
    switch (target) {
        case 'Boolean':
            if (typeof json === 'boolean') return json;
            throw bad();
        case 'String':
            if (typeof json === 'string') return json;
            if (typeof json === 'number' || typeof json === 'boolean') return String(json);
            throw bad();
        case 'Integer':
        case 'Long':
        case 'Double':
        case 'Decimal': {
            if (typeof json !== 'number' && typeof json !== 'string') throw bad();
            const d = ApexDecimal.parse(String(json));
            return castPrimitive(d, target);
        }
        case 'Id':
            if (typeof json === 'string') return new ApexId(json);
            throw bad();
        case 'Date':
            if (typeof json === 'string') return ApexDate.valueOf(json);
            throw bad();
        case 'Datetime':
            if (typeof json === 'string') return ApexDatetime.parseIso(json);
            throw bad();
        case 'Time':
            if (typeof json === 'string') return parseTimeLiteral(json);
            throw bad();
        case 'Blob':
            if (typeof json === 'string') return new ApexBlob(new Uint8Array(Buffer.from(json, 'base64')));
            throw bad();
    }
}

/** Short description used in error messages and debug: `Double` values print like Java. */
export function describeNumber(v: ApexNumber): string {
    return v.kind === 'Double' ? javaDoubleToString(v.value) : v.toString();
}
