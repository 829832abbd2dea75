import * as crypto from 'node:crypto';
import { cryptoCipherStatics as C } from '../crypto-cipher';
import { ApexBlob } from '../../values';
import type { Interpreter } from '../../interp/interpreter';

const fail = (kind: string) => (m: string) => {
    throw new Error(`${kind}: ${m}`);
};
const it_ = {
    unsupported: fail('unsupported'),
    compileError: fail('compile'),
    npe: fail('npe'),
    typeOf: () => 'Object'
} as unknown as Interpreter;
const hex = (h: string) => new ApexBlob(new Uint8Array(Buffer.from(h, 'hex')));
const toHex = (b: unknown) => Buffer.from((b as ApexBlob).bytes).toString('hex');
const text = (s: string) => new ApexBlob(new Uint8Array(Buffer.from(s, 'utf8')));

describe('Crypto encryption (Apex Reference "Crypto Class": AES, CBC, PKCS5 padding)', () => {
    // NIST SP 800-38A F.2.1 CBC-AES128.Encrypt, block 1; a full block gains one padding block
    const key = hex('2b7e151628aed2a6abf7158809cf4f3c');
    const iv = hex('000102030405060708090a0b0c0d0e0f');
    it('matches the NIST CBC vector', () => {
        const out = toHex(C.encrypt(it_, ['AES128', key, iv, hex('6bc1bee22e409f96e93d7e117393172a')]));
        expect(out).toHaveLength(64);
        expect(out.slice(0, 32)).toBe('7649abac8119b246cee98e9b12e9197d');
    });
    it('stores the managed IV as the first 16 bytes', () => {
        const key256 = new ApexBlob(new Uint8Array(crypto.randomBytes(32)));
        const enc = C.encryptwithmanagediv(it_, ['AES256', key256, text('secret')]) as ApexBlob;
        expect(enc.bytes.length).toBe(32);
        const plain = C.decrypt(it_, [
            'AES256',
            key256,
            new ApexBlob(enc.bytes.subarray(0, 16)),
            new ApexBlob(enc.bytes.subarray(16))
        ]);
        expect(Buffer.from((plain as ApexBlob).bytes).toString()).toBe('secret');
        const again = C.decryptwithmanagediv(it_, ['AES256', key256, enc]);
        expect(Buffer.from((again as ApexBlob).bytes).toString()).toBe('secret');
    });
    it('leaves undocumented failures unsupported', () => {
        expect(() => C.encrypt(it_, ['AES256', key, iv, text('x')])).toThrow(/unsupported: .*16-byte key/);
        expect(() => C.encrypt(it_, ['aes128', key, iv, text('x')])).toThrow(/unsupported: .*'aes128'/);
        expect(() => C.decrypt(it_, ['AES128', key, iv, text('not a ciphertext')])).toThrow(
            /unsupported: Crypto.decrypt failing/
        );
        expect(() => C.encrypt(it_, ['AES128', key, hex('00'), text('x')])).toThrow(/1-byte initialization vector/);
    });
});

describe('Crypto.sign (RSA with a PKCS #8 private key)', () => {
    const { privateKey, publicKey } = crypto.generateKeyPairSync('rsa', { modulusLength: 2048 });
    const der = new ApexBlob(new Uint8Array(privateKey.export({ format: 'der', type: 'pkcs8' })));
    it('signs with RSA-SHA256 (PKCS #1 v1.5, verifiable with the public key)', () => {
        const sig = C.sign(it_, ['RSA-SHA256', text('payload'), der]) as ApexBlob;
        expect(crypto.verify('sha256', Buffer.from('payload'), publicKey, Buffer.from(sig.bytes))).toBe(true);
        // PKCS #1 v1.5 signatures are deterministic
        expect(toHex(C.sign(it_, ['RSA-SHA256', text('payload'), der]))).toBe(toHex(sig));
    });
    it('treats RSA as RSA-SHA1 and refuses other algorithms and unreadable keys', () => {
        const sig = C.sign(it_, ['RSA', text('p'), der]) as ApexBlob;
        expect(crypto.verify('sha1', Buffer.from('p'), publicKey, Buffer.from(sig.bytes))).toBe(true);
        expect(() => C.sign(it_, ['ECDSA-SHA256', text('p'), der])).toThrow(/unsupported/);
        expect(() => C.sign(it_, ['RSA-SHA256', text('p'), text('not a key')])).toThrow(
            /unsupported: Crypto.sign failing/
        );
    });
});
