/**
 * Apex Blob: a byte array. Blob.valueOf(String) encodes UTF-8; toString() decodes UTF-8
 * (Apex Reference, "Blob Class"). Debug/String.valueOf form `Blob[<size>]` is [Known], unverified.
 */
export class ApexBlob {
    readonly kind = 'Blob' as const;
    constructor(readonly bytes: Uint8Array) {}
    static valueOf(s: string): ApexBlob {
        return new ApexBlob(new TextEncoder().encode(s));
    }
    size(): number {
        return this.bytes.length;
    }
    toString(): string {
        return new TextDecoder('utf-8').decode(this.bytes);
    }
    debugString(): string {
        return `Blob[${this.bytes.length}]`;
    }
    equals(o: ApexBlob): boolean {
        if (o.bytes.length !== this.bytes.length) return false;
        for (let i = 0; i < this.bytes.length; i++) if (o.bytes[i] !== this.bytes[i]) return false;
        return true;
    }
}
