/**
 * Apex Id: 15- or 18-character record id. Stored in the 18-character form; 15-char input gets the
 * case-safe checksum suffix. `==` on Ids is case-sensitive but a 15- and 18-char form of the same
 * record are equal (compare the 18-char forms).
 *
 * Checksum algorithm: for each of the three 5-character chunks, bit i is set when character i is an
 * uppercase letter; the 5-bit value indexes "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345". Source: Salesforce
 * Help "What are Salesforce IDs composed of?" / SOAP API Developer Guide "ID Field Type" (case-safe
 * 18-character id). Invalid text → System.StringException "Invalid id: <text>" ([Known]).
 */
import { ApexRuntimeUnsupported, stringError } from '../errors';

const SUFFIX_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ012345';
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

export function idChecksum(id15: string): string {
    let out = '';
    for (let chunk = 0; chunk < 3; chunk++) {
        let bits = 0;
        for (let i = 0; i < 5; i++) {
            const c = id15.charCodeAt(chunk * 5 + i);
            if (c >= 65 && c <= 90) bits |= 1 << i;
        }
        out += SUFFIX_CHARS[bits];
    }
    return out;
}

export function isValidIdText(text: string): boolean {
    if (!/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(text)) return false;
    if (text.length === 18 && idChecksum(text.slice(0, 15)) !== text.slice(15).toUpperCase()) return false;
    return true;
}

/** 15 or 18 letters and digits: the text an Id may be built from (its suffix need not be the checksum: to18). */
export function isIdFormat(text: string): boolean {
    return /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(text);
}

/** 18 characters whose last three are not the case checksum of the first fifteen. */
export function hasForeignSuffix(text: string): boolean {
    return text.length === 18 && idChecksum(text.slice(0, 15)) !== text.slice(15).toUpperCase();
}

/**
 * Normalise to 18 characters; throws StringException for text that is not 15 or 18 letters and digits.
 * An 18-character text whose suffix is not the checksum is kept as written: orgs accept such Ids (public
 * suites run in orgs assign '0066g000000000000X' to Opportunity.Id and use it as a map key: apex-rollup's
 * RollupEvaluatorTests), and what the platform does with the suffix is not documented — so `to15()` of such
 * an Id is unsupported (ApexId.to15).
 */
export function to18(text: string): string {
    if (!isIdFormat(text)) throw stringError(`Invalid id: ${text}`);
    if (hasForeignSuffix(text)) return text;
    return text.length === 18 ? text.slice(0, 15) + idChecksum(text.slice(0, 15)) : text + idChecksum(text);
}

export class ApexId {
    readonly kind = 'Id' as const;
    /** 18-character form */
    readonly value: string;
    constructor(text: string) {
        this.value = to18(text);
    }
    static valueOf(text: string): ApexId {
        return new ApexId(text);
    }
    /** First three characters: the object's key prefix. */
    get keyPrefix(): string {
        return this.value.slice(0, 3);
    }
    to15(): string {
        // "corrects any distorted casing" from the suffix (Id.to15); a suffix that is no checksum corrects nothing known
        if (hasForeignSuffix(this.value))
            throw new ApexRuntimeUnsupported(
                `Id.to15() of '${this.value}', whose last three characters are not its checksum`
            );
        return this.value.slice(0, 15);
    }
    equals(other: ApexId): boolean {
        return this.value === other.value;
    }
    toString(): string {
        return this.value;
    }
}

/**
 * Deterministic Id factory: `<prefix>5h<10 base-62 digits of the counter>` + checksum, one counter per key prefix
 * (e.g. 0015h0000000001AAA). Like an org's Ids it carries a non-zero pod segment after the key
 * prefix, so it never equals a hand-made fake Id of the common `<prefix>` + zero-padded counter shape (fflib's
 * IdGenerator, `'001' + '0'.repeat(12 - n.length) + n`): a test mixing both finds them distinct, as in an org.
 * Reset it per test run for reproducible Ids.
 */
/** The pod segment of every Id the runtime issues (org Ids: key prefix, pod, then the record number). */
export const ID_POD = '5h';
export class IdGenerator {
    private counters = new Map<string, number>();
    next(keyPrefix: string): ApexId {
        if (!/^[a-zA-Z0-9]{3}$/.test(keyPrefix)) throw new Error(`bad key prefix '${keyPrefix}'`);
        const n = (this.counters.get(keyPrefix) ?? 0) + 1;
        this.counters.set(keyPrefix, n);
        let digits = '';
        let v = n;
        while (v > 0) {
            digits = BASE62[v % 62] + digits;
            v = Math.floor(v / 62);
        }
        return new ApexId(keyPrefix + ID_POD + digits.padStart(10, '0'));
    }
    snapshot(): Map<string, number> {
        return new Map(this.counters);
    }
    restore(s: Map<string, number>): void {
        this.counters = new Map(s);
    }
    reset(): void {
        this.counters.clear();
    }
}
