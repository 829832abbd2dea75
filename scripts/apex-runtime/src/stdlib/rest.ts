// Apex REST as tests drive it (Apex Developer Guide "Testing Apex REST Classes": the test builds a RestRequest and a
// RestResponse, assigns them to RestContext.request / RestContext.response and calls the @HttpGet/@HttpPost method
// directly). Apex Reference "RestContext Class", "RestRequest Class", "RestResponse Class": RestRequest has
// headers, httpMethod, params, remoteAddress, requestBody (Blob), requestURI, resourcePath, addHeader(),
// addParameter(); RestResponse has headers, responseBody (Blob), statusCode, addHeader().
// RestContext lives for one transaction (one test method); no HTTP request ever reaches Apex here, so both stay
// null until a test assigns them. Headers the reference forbids on a response (cookie, set-cookie, set-cookie2,
// content-length, authorization) are unsupported: the error is not documented.
import type { Interpreter } from '../interp/interpreter';
import { registerNative, type NativeFn } from '../interp/natives';
import { NativeObject, type RType } from '../interp/types';
import type { TxState } from '../interp/interpreter';
import { ApexMap } from '../collections';
import { ApexBlob, ApexInteger } from '../values';
import { arity } from './core';

const STR: RType = { k: 'prim', name: 'String' };
const REQ = 'RestRequest';
const RES = 'RestResponse';
const FORBIDDEN_RESPONSE_HEADERS = new Set(['cookie', 'set-cookie', 'set-cookie2', 'content-length', 'authorization']);

const contexts = new WeakMap<TxState, { request: unknown; response: unknown }>();
const context = (it: Interpreter) => {
    let c = contexts.get(it.tx);
    if (!c) contexts.set(it.tx, (c = { request: null, response: null }));
    return c;
};

type St = Record<string, unknown>;
const st = (o: unknown): St => (o as NativeObject).state;

const typed = (it: Interpreter, v: unknown, type: string, ok: (v: unknown) => boolean) => {
    if (v !== null && !ok(v)) it.throwApex('TypeException', `Illegal assignment from ${it.typeOf(v)} to ${type}`);
};
const isString = (v: unknown) => typeof v === 'string';

/** `get:`/`set:` accessors of one property. */
const prop = (key: string, type: string, ok: (v: unknown) => boolean): Record<string, NativeFn> => ({
    [`get:${key}`]: (_it, _a, self) => st(self)[key] ?? null,
    [`set:${key}`]: (it, a, self) => {
        typed(it, a[0], type, ok);
        st(self)[key] = a[0];
        return null;
    }
});
const stringMap = (key: string): Record<string, NativeFn> =>
    prop(key, 'Map<String,String>', (v) => v instanceof ApexMap);

const put = (mapKey: string, check?: (it: Interpreter, name: string) => void): NativeFn => {
    return (it, a, self) => {
        arity(it, a, 2);
        if (a[0] === null) return it.npe();
        check?.(it, String(a[0]));
        let m = st(self)[mapKey] as ApexMap | null;
        if (!m) st(self)[mapKey] = m = new ApexMap(STR, STR);
        m.set(a[0], a[1]);
        return null;
    };
};

registerNative(
    {
        name: REQ,
        ctor: (it, a) => {
            arity(it, a, 0);
            return new NativeObject(REQ, { headers: new ApexMap(STR, STR), params: new ApexMap(STR, STR) });
        },
        methods: {
            ...stringMap('headers'),
            ...stringMap('params'),
            ...prop('httpmethod', 'String', isString),
            ...prop('remoteaddress', 'String', isString),
            ...prop('requestbody', 'Blob', (v) => v instanceof ApexBlob),
            ...prop('requesturi', 'String', isString),
            ...prop('resourcepath', 'String', isString),
            addheader: put('headers'),
            addparameter: put('params')
        }
    },
    'system.restrequest'
);

registerNative(
    {
        name: RES,
        ctor: (it, a) => {
            arity(it, a, 0);
            return new NativeObject(RES, { headers: new ApexMap(STR, STR) });
        },
        methods: {
            ...stringMap('headers'),
            ...prop('responsebody', 'Blob', (v) => v instanceof ApexBlob),
            ...prop('statuscode', 'Integer', (v) => v instanceof ApexInteger),
            addheader: put('headers', (it, name) => {
                if (FORBIDDEN_RESPONSE_HEADERS.has(name.toLowerCase()))
                    it.unsupported(`RestResponse.addHeader('${name}') (a header the platform does not allow)`);
            })
        }
    },
    'system.restresponse'
);

const isA = (cls: string) => (v: unknown) => v instanceof NativeObject && v.cls === cls;
registerNative(
    {
        name: 'RestContext',
        staticProps: {
            request: (it) => context(it).request,
            response: (it) => context(it).response
        },
        staticSetters: {
            request: (it, v) => {
                typed(it, v, REQ, isA(REQ));
                context(it).request = v;
            },
            response: (it, v) => {
                typed(it, v, RES, isA(RES));
                context(it).response = v;
            }
        }
    },
    'system.restcontext'
);
