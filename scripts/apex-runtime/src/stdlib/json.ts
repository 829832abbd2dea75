// JSON class (Apex Reference Guide, "JSON Class"): serialize / serializePretty / deserialize /
// deserializeStrict / deserializeUntyped. Shapes per APEX-RUNTIME.md §2 #53-54:
//  - sObjects: {"attributes":{"type":…,"url":…}, populated fields in order}; url only when the Id is set.
//  - Apex objects: every instance field in declaration order, nulls included unless suppressApexObjectNulls.
//  - deserializeUntyped: objects → Map<String,Object>, arrays → List<Object>, integral numbers → Integer
//    (Long when out of range), others → Decimal (number typing UNVERIFIED, §2 #54).
//  - serializePretty layout (2-space indent, `"k" : v`) is UNVERIFIED (Jackson default pretty printer).
import * as V from '../values';
import type { Interpreter } from '../interp/interpreter';
import { registerNative } from '../interp/natives';
import { ApexList, ApexMap, ApexSet } from '../collections';
import { ANY, ApexObject, EnumValue, TypeValue, type RType, ClassInfo } from '../interp/types';
import { SObject } from '../db';
import { arity, str } from './core';

type J = null | boolean | string | { num: string } | J[] | { obj: [string, J][] };

// ---------------------------------------------------------------- parser (keeps number text)
function parseJson(it: Interpreter, text: string): J {
    let i = 0;
    const fail = (msg: string): never => it.throwApex('JSONException', `${msg} at [line:1, column:${i + 1}]`);
    const ws = () => {
        while (i < text.length && /\s/.test(text[i])) i++;
    };
    const value = (): J => {
        ws();
        const c = text[i];
        if (c === '{') {
            i++;
            const obj: [string, J][] = [];
            ws();
            if (text[i] === '}') {
                i++;
                return { obj };
            }
            for (;;) {
                ws();
                if (text[i] !== '"') fail('Unexpected character');
                const k = string();
                ws();
                if (text[i++] !== ':') fail("Unexpected character, expected ':'");
                obj.push([k, value()]);
                ws();
                if (text[i] === ',') {
                    i++;
                    continue;
                }
                if (text[i] === '}') {
                    i++;
                    return { obj };
                }
                fail('Unexpected character');
            }
        }
        if (c === '[') {
            i++;
            const arr: J[] = [];
            ws();
            if (text[i] === ']') {
                i++;
                return arr;
            }
            for (;;) {
                arr.push(value());
                ws();
                if (text[i] === ',') {
                    i++;
                    continue;
                }
                if (text[i] === ']') {
                    i++;
                    return arr;
                }
                fail('Unexpected character');
            }
        }
        if (c === '"') return string();
        const m = /^-?\d+(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
        if (m) {
            i += m[0].length;
            return { num: m[0] };
        }
        for (const [lit, v] of [
            ['true', true],
            ['false', false],
            ['null', null]
        ] as [string, J][]) {
            if (text.startsWith(lit, i)) {
                i += lit.length;
                return v;
            }
        }
        return fail('Unexpected character');
    };
    const string = (): string => {
        i++;
        let out = '';
        while (i < text.length && text[i] !== '"') {
            if (text[i] === '\\') {
                const n = text[++i];
                const map: Record<string, string> = {
                    n: '\n',
                    t: '\t',
                    r: '\r',
                    b: '\b',
                    f: '\f',
                    '/': '/',
                    '\\': '\\',
                    '"': '"'
                };
                if (n === 'u') {
                    out += String.fromCharCode(parseInt(text.slice(i + 1, i + 5), 16));
                    i += 5;
                    continue;
                }
                out += map[n] ?? n;
                i++;
                continue;
            }
            out += text[i++];
        }
        if (text[i] !== '"') fail('Unexpected end of input');
        i++;
        return out;
    };
    const v = value();
    ws();
    if (i < text.length) fail('Unexpected character');
    return v;
}

function untyped(j: J): unknown {
    if (j === null || typeof j === 'boolean' || typeof j === 'string') return j;
    if (Array.isArray(j)) return new ApexList(ANY, j.map(untyped));
    if ('num' in j) {
        if (/^-?\d+$/.test(j.num)) {
            const b = BigInt(j.num);
            if (b >= -2147483648n && b <= 2147483647n) return V.int(Number(b));
            return V.long(b);
        }
        return V.ApexDecimal.parse(j.num.includes('e') || j.num.includes('E') ? String(Number(j.num)) : j.num);
    }
    const m = new ApexMap({ k: 'prim', name: 'String' }, ANY);
    for (const [k, v] of j.obj) m.set(k, untyped(v));
    return m;
}

function typed(it: Interpreter, j: J, t: RType, strict: boolean): unknown {
    if (j === null) return null;
    switch (t.k) {
        case 'any':
            return untyped(j);
        case 'prim': {
            const scalar = typeof j === 'object' && !Array.isArray(j) && 'num' in j ? j.num : j;
            if (typeof scalar === 'object')
                it.throwApex('JSONException', `Cannot deserialize a JSON object/array as ${t.name}`);
            return V.fromJsonScalar(scalar, t.name);
        }
        case 'list':
        case 'set': {
            if (!Array.isArray(j))
                return it.throwApex('JSONException', `Expected a JSON array for ${t.k === 'list' ? 'List' : 'Set'}`);
            const items = j.map((x) => typed(it, x, t.elem, strict));
            if (t.k === 'list') return new ApexList(t.elem, items);
            const s = new ApexSet(t.elem);
            items.forEach((x) => s.add(x));
            return s;
        }
        case 'map': {
            if (typeof j !== 'object' || Array.isArray(j) || !('obj' in j))
                return it.throwApex('JSONException', 'Expected a JSON object for Map');
            const m = new ApexMap(t.key, t.val);
            for (const [k, v] of j.obj)
                m.set(
                    t.key.k === 'prim' && t.key.name !== 'String' ? V.fromJsonScalar(k, t.key.name) : k,
                    typed(it, v, t.val, strict)
                );
            return m;
        }
        case 'class': {
            const cls = t.cls;
            if (cls.kind === 'enum') {
                if (typeof j !== 'string')
                    return it.throwApex('JSONException', `Expected a string for enum ${cls.name}`);
                return cls.enumValues.find((e) => e.name.toLowerCase() === j.toLowerCase()) ?? null;
            }
            if (typeof j !== 'object' || Array.isArray(j) || !('obj' in j))
                return it.throwApex('JSONException', `Expected a JSON object for ${cls.name}`);
            if (cls.builtin || cls.kind !== 'class') return it.unsupported(`JSON.deserialize into ${cls.name}`);
            const o = new ApexObject(cls);
            for (let c: ClassInfo | null = cls; c; c = c.superclass)
                for (const [k, f] of c.fields) if (!f.isStatic) o.fields.set(k, null);
            for (const [k, v] of j.obj) {
                const f = cls.findField(k.toLowerCase());
                if (!f || f.isStatic) {
                    if (strict) it.throwApex('JSONException', `No such column '${k}' on apex type ${cls.name}`);
                    continue;
                }
                o.fields.set(k.toLowerCase(), typed(it, v, it.resolveType(f.type, f.owner), strict));
            }
            return o;
        }
        case 'sobject': {
            if (!t.name) return it.unsupported('JSON.deserialize into generic SObject');
            if (typeof j !== 'object' || Array.isArray(j) || !('obj' in j))
                return it.throwApex('JSONException', `Expected a JSON object for ${t.name}`);
            const schema = it.services.schema;
            const o = new SObject(schema.requireObject(t.name));
            for (const [k, v] of j.obj) {
                if (k === 'attributes') continue;
                if (!o.hasField(k)) {
                    if (strict) it.throwApex('JSONException', `No such column '${k}' on sobject of type ${t.name}`);
                    return it.unsupported(`JSON.deserialize of sObject relationship or unknown field '${k}'`);
                }
                const f = o.field(k);
                o.setRaw(
                    f.name,
                    typed(it, v, { k: 'prim', name: f.apexType as V.PrimitiveTypeName }, strict) as V.ApexPrimitive
                );
            }
            return o;
        }
        default:
            return it.unsupported(`JSON.deserialize into ${t.k}`);
    }
}

// ---------------------------------------------------------------- writer
function quote(s: string): string {
    return JSON.stringify(s);
}

function scalarJson(it: Interpreter, v: unknown): string | undefined {
    if (v === null || v === undefined) return 'null';
    if (typeof v === 'boolean') return v ? 'true' : 'false';
    if (typeof v === 'string') return quote(v);
    if (V.isApexNumber(v)) {
        if (v.kind === 'Decimal') return v.toPlainString();
        if (v.kind === 'Double')
            return Number.isFinite(v.value)
                ? String(v.value)
                : it.throwApex('JSONException', 'Cannot serialize NaN/Infinity');
        return v.toString();
    }
    if (v instanceof V.ApexId) return quote(v.value);
    if (v instanceof V.ApexDate) return quote(v.toString());
    if (v instanceof V.ApexDatetime) return quote((v as unknown as { toIsoString(): string }).toIsoString());
    if (v instanceof V.ApexTime) return quote(v.toString() + 'Z');
    if (v instanceof V.ApexBlob) return quote(Buffer.from(v.bytes).toString('base64'));
    if (v instanceof EnumValue) return quote(v.name);
    return undefined;
}

function serialize(it: Interpreter, v: unknown, suppressNulls: boolean, pretty: boolean, depth = 0): string {
    const s = scalarJson(it, v);
    if (s !== undefined) return s;
    const ind = (d: number) => (pretty ? '\n' + '  '.repeat(d) : '');
    const sep = pretty ? ' : ' : ':';
    const arr = (items: unknown[]): string =>
        items.length
            ? '[' +
              items.map((x) => ind(depth + 1) + serialize(it, x, suppressNulls, pretty, depth + 1)).join(',') +
              ind(depth) +
              ']'
            : '[ ]'.replace(pretty ? '' : ' ', '');
    const obj = (entries: [string, unknown][]): string =>
        entries.length
            ? '{' +
              entries
                  .map(([k, x]) => ind(depth + 1) + quote(k) + sep + serialize(it, x, suppressNulls, pretty, depth + 1))
                  .join(',') +
              ind(depth) +
              '}'
            : '{ }'.replace(pretty ? '' : ' ', '');
    if (v instanceof ApexList) return arr(v.items);
    if (v instanceof ApexSet) return arr(v.values());
    if (v instanceof ApexMap) return obj(v.entries().map(([k, x]) => [k === null ? 'null' : it.str(k), x]));
    if (v instanceof SObject) {
        const attrs: [string, unknown][] = [['type', v.type]];
        if (v.id) attrs.push(['url', `/services/data/v66.0/sobjects/${v.type}/${v.id.value}`]);
        const attrMap = new ApexMap({ k: 'prim', name: 'String' }, ANY);
        for (const [k, x] of attrs) attrMap.set(k, x);
        const entries: [string, unknown][] = [['attributes', attrMap]];
        for (const [k, x] of v.populated()) entries.push([k, x]);
        for (const [k, p] of v.parents) if (p) entries.push([p.type === k ? k : relName(v, k), p]);
        if (v.children.size) return it.unsupported('JSON.serialize of sObjects with child relationship records');
        return obj(entries);
    }
    if (v instanceof ApexObject) {
        if (v.exc) return it.unsupported('JSON.serialize of an exception');
        const entries: [string, unknown][] = [];
        const chain: ClassInfo[] = [];
        for (let c: ClassInfo | null = v.cls; c; c = c.superclass) chain.unshift(c);
        for (const c of chain) {
            for (const mem of c.decl?.instanceInit ?? []) {
                const names =
                    mem.kind === 'field'
                        ? mem.field.decls.map((d) => [d.name, mem.field.modifiers] as const)
                        : mem.kind === 'prop'
                          ? [[mem.prop.name, mem.prop.modifiers] as const]
                          : [];
                for (const [name, mods] of names) {
                    if (mods.includes('transient')) continue;
                    const x = v.fields.get(name.toLowerCase()) ?? null;
                    if (x === null && suppressNulls) continue;
                    entries.push([name, x]);
                }
            }
        }
        return obj(entries);
    }
    if (v instanceof TypeValue) return it.unsupported('JSON.serialize of a Type');
    return it.unsupported(`JSON.serialize of ${it.typeOf(v)}`);
}

function relName(o: SObject, lowerRel: string): string {
    for (const f of o.info.fields.values())
        if (f.relationshipName && f.relationshipName.toLowerCase() === lowerRel) return f.relationshipName;
    return lowerRel;
}

const typeArg = (it: Interpreter, v: unknown): RType => {
    if (!(v instanceof TypeValue)) return it.compileError('expected a System.Type (e.g. Foo.class)');
    return v.t;
};

registerNative(
    {
        name: 'JSON',
        statics: {
            serialize: (it, a) => {
                arity(it, a, 1, 2);
                return serialize(it, a[0], a[1] === true, false);
            },
            serializepretty: (it, a) => {
                arity(it, a, 1, 2);
                return serialize(it, a[0], a[1] === true, true);
            },
            deserializeuntyped: (it, a) => {
                arity(it, a, 1);
                return untyped(parseJson(it, str(it, a[0])));
            },
            deserialize: (it, a) => {
                arity(it, a, 2);
                return typed(it, parseJson(it, str(it, a[0])), typeArg(it, a[1]), false);
            },
            deserializestrict: (it, a) => {
                arity(it, a, 2);
                return typed(it, parseJson(it, str(it, a[0])), typeArg(it, a[1]), true);
            },
            creategenerator: (it) => it.unsupported('JSON.createGenerator'),
            createparser: (it) => it.unsupported('JSON.createParser')
        }
    },
    'system.json'
);
