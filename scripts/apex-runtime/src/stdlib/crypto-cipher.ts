// Crypto encryption and signing (Apex Reference "Crypto Class"):
// - encrypt/decrypt(algorithm, key, iv, data) and encryptWithManagedIV/decryptWithManagedIV(algorithm, key, data):
//   AES128/AES192/AES256 "use cipher block chaining (CBC) and PKCS5 padding"; the IV is 128 bits; with a managed IV
//   "the initialization vector is stored as the first 128 bits (16 bytes) of the encrypted Blob".
// - sign(algorithm, data, privateKey): RSA (= RSA-SHA1), RSA-SHA1, RSA-SHA256, RSA-SHA384, RSA-SHA512 with a key
//   "in RSA's PKCS #8 (1.2) Private-Key Information Syntax Standard form" (the DER bytes, base64-decoded by the caller).
// Error paths (wrong key or IV length, bad padding, an unreadable key) and the other algorithms (ECDSA, certificates,
// verify) are unsupported: their platform messages are not documented.
import * as crypto from 'node:crypto';
import type { Interpreter } from '../interp/interpreter';
import { ApexBlob } from '../values';
import { arity, str } from './core';

const AES_KEY_BYTES: Record<string, number> = { AES128: 16, AES192: 24, AES256: 32 };
const RSA_HASH: Record<string, string> = {
    RSA: 'sha1',
    'RSA-SHA1': 'sha1',
    'RSA-SHA256': 'sha256',
    'RSA-SHA384': 'sha384',
    'RSA-SHA512': 'sha512'
};

const blob = (it: Interpreter, v: unknown, what: string): Uint8Array => {
    if (v === null || v === undefined) return it.npe();
    if (!(v instanceof ApexBlob)) return it.compileError(`Crypto: ${what} must be a Blob, not ${it.typeOf(v)}`);
    return v.bytes;
};

function aes(it: Interpreter, name: unknown, key: unknown, what: string): { cipher: string; key: Uint8Array } {
    const alg = str(it, name);
    const size = AES_KEY_BYTES[alg];
    if (!size) return it.unsupported(`Crypto.${what} with algorithm '${alg}'`);
    const k = blob(it, key, 'the key');
    if (k.length !== size) return it.unsupported(`Crypto.${what} with a ${k.length}-byte key for ${alg}`);
    return { cipher: `aes-${size * 8}-cbc`, key: k };
}

function run(it: Interpreter, what: string, f: () => Buffer): ApexBlob {
    try {
        return new ApexBlob(new Uint8Array(f()));
    } catch (e) {
        return it.unsupported(`Crypto.${what} failing (${(e as Error).message})`);
    }
}

function cipher(it: Interpreter, what: string, a: unknown[], managed: boolean, decrypt: boolean): ApexBlob {
    arity(it, a, managed ? 3 : 4);
    const { cipher: name, key } = aes(it, a[0], a[1], what);
    let data = blob(it, a[managed ? 2 : 3], 'the data');
    let iv: Uint8Array;
    if (!managed) iv = blob(it, a[2], 'the initialization vector');
    else if (decrypt) {
        iv = data.subarray(0, 16);
        data = data.subarray(16);
    } else iv = new Uint8Array(crypto.randomBytes(16));
    if (iv.length !== 16) return it.unsupported(`Crypto.${what} with a ${iv.length}-byte initialization vector`);
    return run(it, what, () => {
        const c = decrypt ? crypto.createDecipheriv(name, key, iv) : crypto.createCipheriv(name, key, iv);
        const out = Buffer.concat([c.update(data), c.final()]);
        return managed && !decrypt ? Buffer.concat([Buffer.from(iv), out]) : out;
    });
}

export const cryptoCipherStatics = {
    encrypt: (it: Interpreter, a: unknown[]) => cipher(it, 'encrypt', a, false, false),
    decrypt: (it: Interpreter, a: unknown[]) => cipher(it, 'decrypt', a, false, true),
    encryptwithmanagediv: (it: Interpreter, a: unknown[]) => cipher(it, 'encryptWithManagedIV', a, true, false),
    decryptwithmanagediv: (it: Interpreter, a: unknown[]) => cipher(it, 'decryptWithManagedIV', a, true, true),
    sign: (it: Interpreter, a: unknown[]) => {
        arity(it, a, 3);
        const alg = str(it, a[0]);
        const hash = RSA_HASH[alg];
        if (!hash) return it.unsupported(`Crypto.sign with algorithm '${alg}'`);
        const data = blob(it, a[1], 'the input');
        const der = blob(it, a[2], 'the private key');
        return run(it, 'sign', () => {
            const key = crypto.createPrivateKey({ key: Buffer.from(der), format: 'der', type: 'pkcs8' });
            return crypto.sign(hash, data, key);
        });
    }
};
