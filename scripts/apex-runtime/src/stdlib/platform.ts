// Smaller platform classes: System.UUID (Apex Reference "UUID Class"), System.AccessLevel.
import * as crypto from 'node:crypto';
import type { Interpreter } from '../interp/interpreter';
import { registerNative } from '../interp/natives';
import { EnumValue, NativeObject } from '../interp/types';
import { arity, str } from './core';
import { cryptoCipherStatics } from './crypto-cipher';

const uuidState = (o: unknown) => (o as NativeObject).state.value as string;
registerNative(
    {
        name: 'UUID',
        statics: {
            randomuuid: (it, a) => {
                arity(it, a, 0);
                const gen = it.services.randomUUID as (() => string) | undefined;
                return new NativeObject('UUID', { value: gen ? gen() : crypto.randomUUID() });
            },
            fromstring: (it, a) => {
                const s = str(it, a[0]);
                if (!/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i.test(s))
                    it.throwApex('IllegalArgumentException', `Invalid UUID string: ${s}`);
                return new NativeObject('UUID', { value: s.toLowerCase() });
            }
        },
        methods: {
            tostring: (it, _a, self) => uuidState(self),
            equals: (it, a, self) =>
                a[0] instanceof NativeObject && a[0].cls === 'UUID' && uuidState(a[0]) === uuidState(self)
        }
    },
    'system.uuid'
);

// AccessLevel.SYSTEM_MODE is the default of the Database methods; USER_MODE needs the sharing/FLS model.
export const SYSTEM_MODE = new EnumValue('System.AccessLevel', 'SYSTEM_MODE', 0);
export const USER_MODE = new EnumValue('System.AccessLevel', 'USER_MODE', 1);
registerNative(
    {
        name: 'AccessLevel',
        staticProps: { system_mode: () => SYSTEM_MODE, user_mode: () => USER_MODE }
    },
    'system.accesslevel'
);

// ---------------------------------------------------------------- Blob, EncodingUtil (Apex Reference: Blob Class,
// EncodingUtil Class)
import * as V from '../values';
registerNative(
    {
        name: 'Blob',
        statics: {
            valueof: (it, a) => {
                arity(it, a, 1);
                return V.ApexBlob.valueOf(str(it, a[0]));
            },
            topdf: (it) => it.unsupported('Blob.toPdf')
        }
    },
    'system.blob'
);
const blobOf = (it: Parameters<typeof str>[0], v: unknown): V.ApexBlob => {
    if (v === null || v === undefined) return it.npe();
    if (!(v instanceof V.ApexBlob)) return it.compileError(`expected a Blob, got ${it.typeOf(v)}`);
    return v;
};
import { registerValueMethods } from '../interp/natives';
registerValueMethods('Blob', {
    tostring: (it, _a, self) => {
        const b = blobOf(it, self);
        const text = b.toString();
        if (Buffer.from(text, 'utf8').length !== b.bytes.length || text.includes('\uFFFD'))
            it.throwApex('StringException', 'BLOB is not a valid UTF-8 string');
        return text;
    },
    size: (it, _a, self) => V.int(blobOf(it, self).bytes.length)
});
registerNative(
    {
        name: 'EncodingUtil',
        statics: {
            base64encode: (it, a) => Buffer.from(blobOf(it, a[0]).bytes).toString('base64'),
            base64decode: (it, a) => {
                const s = str(it, a[0]);
                if (!/^[A-Za-z0-9+/]*={0,2}$/.test(s.replace(/\s/g, '')))
                    it.throwApex('StringException', 'Unable to convert the given string to a Blob');
                return new V.ApexBlob(new Uint8Array(Buffer.from(s, 'base64')));
            },
            converttohex: (it, a) => Buffer.from(blobOf(it, a[0]).bytes).toString('hex'),
            convertfromhex: (it, a) => new V.ApexBlob(new Uint8Array(Buffer.from(str(it, a[0]), 'hex'))),
            urlencode: (it, a) => {
                arity(it, a, 2);
                if (str(it, a[1]).toUpperCase() !== 'UTF-8')
                    it.unsupported(`EncodingUtil.urlEncode with ${str(it, a[1])}`);
                // java.net.URLEncoder: space → '+', and *-._ stay; everything else percent-encoded
                return encodeURIComponent(str(it, a[0]))
                    .replace(/%20/g, '+')
                    .replace(/[!'()~]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
            },
            urldecode: (it, a) => {
                arity(it, a, 2);
                if (str(it, a[1]).toUpperCase() !== 'UTF-8')
                    it.unsupported(`EncodingUtil.urlDecode with ${str(it, a[1])}`);
                return decodeURIComponent(str(it, a[0]).replace(/\+/g, ' '));
            }
        }
    },
    'system.encodingutil'
);

// ---------------------------------------------------------------- AsyncOptions / AsyncInfo (Apex Reference:
// AsyncOptions Class, AsyncInfo Class — queueable stack depth)
const opt = (o: unknown) => (o as NativeObject).state;
registerNative(
    {
        name: 'AsyncOptions',
        ctor: () =>
            new NativeObject('AsyncOptions', {
                maximumqueueablestackdepth: null,
                minimumqueueabledelayinminutes: null,
                duplicatesignature: null
            }),
        methods: {
            'get:maximumqueueablestackdepth': (it, _a, self) => opt(self).maximumqueueablestackdepth,
            'set:maximumqueueablestackdepth': (it, a, self) => {
                opt(self).maximumqueueablestackdepth = a[0];
                return null;
            },
            'get:minimumqueueabledelayinminutes': (it, _a, self) => opt(self).minimumqueueabledelayinminutes,
            'set:minimumqueueabledelayinminutes': (it, a, self) => {
                opt(self).minimumqueueabledelayinminutes = a[0];
                return null;
            },
            'get:duplicatesignature': (it, _a, self) => opt(self).duplicatesignature,
            'set:duplicatesignature': (it, a, self) => {
                opt(self).duplicatesignature = a[0];
                return null;
            }
        }
    },
    'system.asyncoptions'
);

// ---------------------------------------------------------------- QueueableDuplicateSignature (Apex Reference:
// "QueueableDuplicateSignature Class", "QueueableDuplicateSignature.Builder Class"; Apex Developer Guide, "Detecting
// Duplicate Queueable Jobs"). The signature is the ordered list of the parts added; System.enqueueJob compares it
// (stdlib/services.ts). Its toString() text and the byte sizes (getSize/getRemainingSize/getMaxSize) are not
// documented → unsupported.
const QDS = 'QueueableDuplicateSignature';
const QDS_BUILDER = 'QueueableDuplicateSignature.Builder';
const newBuilder = () => new NativeObject(QDS_BUILDER, { parts: [] as string[] });
const addPart = (kind: string, check: (v: unknown) => boolean) => (it: Interpreter, a: unknown[], self: unknown) => {
    arity(it, a, 1);
    if (!check(a[0])) it.compileError(`QueueableDuplicateSignature.Builder.add${kind}: wrong argument type`);
    if (a[0] === null) it.unsupported(`QueueableDuplicateSignature.Builder.add${kind}(null)`);
    const v = a[0] instanceof V.ApexId ? a[0].value.slice(0, 15) : String(a[0]);
    ((self as NativeObject).state.parts as string[]).push(`${kind}:${v}`);
    return self;
};
registerNative(
    {
        name: QDS_BUILDER,
        ctor: (it, a) => {
            arity(it, a, 0);
            return newBuilder();
        },
        methods: {
            addid: addPart('Id', (v) => v === null || v instanceof V.ApexId || typeof v === 'string'),
            addinteger: addPart('Integer', (v) => v === null || v instanceof V.ApexInteger),
            addstring: addPart('String', (v) => v === null || typeof v === 'string'),
            build: (it, a, self) => {
                arity(it, a, 0);
                return new NativeObject(QDS, { key: JSON.stringify((self as NativeObject).state.parts) });
            },
            getsize: (it) => it.unsupported('QueueableDuplicateSignature.Builder.getSize() (byte size not documented)'),
            getremainingsize: (it) =>
                it.unsupported('QueueableDuplicateSignature.Builder.getRemainingSize() (byte size not documented)'),
            getmaxsize: (it) =>
                it.unsupported('QueueableDuplicateSignature.Builder.getMaxSize() (byte size not documented)')
        }
    },
    QDS_BUILDER.toLowerCase(),
    'system.' + QDS_BUILDER.toLowerCase()
);
registerNative(
    {
        name: QDS,
        // the older guide's form `QueueableDuplicateSignature.Builder()` (a static call) and `new ….Builder()`
        statics: {
            builder: (it, a) => {
                arity(it, a, 0);
                return newBuilder();
            }
        },
        methods: {
            tostring: (it) => it.unsupported('QueueableDuplicateSignature.toString() (its text is not documented)')
        }
    },
    QDS.toLowerCase(),
    'system.' + QDS.toLowerCase()
);

// ---------------------------------------------------------------- Crypto subset (Apex Reference: Crypto Class):
// digests, HMACs and random numbers here; AES encryption and RSA signing in crypto-cipher.ts. Certificates, ECDSA
// and verify are unsupported.
const DIGESTS: Record<string, string> = {
    md5: 'md5',
    sha1: 'sha1',
    sha3: 'sha3-256',
    'sha-256': 'sha256',
    'sha-512': 'sha512',
    'sha3-256': 'sha3-256',
    'sha3-384': 'sha3-384',
    'sha3-512': 'sha3-512'
};
const MACS: Record<string, string> = { hmacmd5: 'md5', hmacsha1: 'sha1', hmacsha256: 'sha256', hmacsha512: 'sha512' };
function mac(it: Interpreter, algorithm: unknown, data: unknown, key: unknown): Uint8Array {
    const alg = MACS[str(it, algorithm).toLowerCase()];
    if (!alg) return it.throwApex('InvalidParameterValueException', `Invalid algorithm: ${str(it, algorithm)}`);
    return new Uint8Array(crypto.createHmac(alg, blobOf(it, key).bytes).update(blobOf(it, data).bytes).digest());
}
registerNative(
    {
        name: 'Crypto',
        statics: {
            generatedigest: (it, a) => {
                arity(it, a, 2);
                const alg = DIGESTS[str(it, a[0]).toLowerCase()];
                if (!alg) return it.throwApex('InvalidParameterValueException', `Invalid algorithm: ${str(it, a[0])}`);
                return new V.ApexBlob(new Uint8Array(crypto.createHash(alg).update(blobOf(it, a[1]).bytes).digest()));
            },
            generatemac: (it, a) => {
                arity(it, a, 3);
                return new V.ApexBlob(mac(it, a[0], a[1], a[2]));
            },
            // verifyHMac(algorithmName, data, privateKey, hmacToVerify): true when the MAC of data matches
            verifyhmac: (it, a) => {
                arity(it, a, 4);
                const expected = blobOf(it, a[3]).bytes;
                const actual = mac(it, a[0], a[1], a[2]);
                return actual.length === expected.length && crypto.timingSafeEqual(actual, expected);
            },
            getrandominteger: () => V.int(crypto.randomBytes(4).readInt32BE(0)),
            getrandomlong: () => V.long(crypto.randomBytes(8).readBigInt64BE(0)),
            generateaeskey: (it, a) => {
                const bits = Number((a[0] as V.ApexInteger)?.value);
                if (![128, 192, 256].includes(bits))
                    return it.throwApex('InvalidParameterValueException', `Invalid key size: ${bits}`);
                return new V.ApexBlob(new Uint8Array(crypto.randomBytes(bits / 8)));
            },
            ...cryptoCipherStatics
        }
    },
    'system.crypto'
);
