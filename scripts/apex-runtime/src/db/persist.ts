/**
 * Save / load of a Database as JSON text (`npm start` keeps its local org under `.local-org/` between runs).
 * What is saved is the whole-DB snapshot (`Database.snapshot()`): every table's rows, the Id counters (so new Ids
 * never reuse a saved one), AutoNumber counters, the cascade-delete log and the side data (approval locks, pending
 * approvals and their work items — src/approval/locks.ts). The transaction journal is not saved: a save happens
 * between transactions.
 *
 * Values are tagged (`{"$id": …}`, `{"$dt": …}`, …) so that a load gives back the same Apex value types. A value the
 * encoder does not know (an interpreter object in side data, a function) is an error, never silently dropped.
 */
import {
    ApexBlob,
    ApexDate,
    ApexDatetime,
    ApexDecimal,
    ApexDouble,
    ApexId,
    ApexInteger,
    ApexLong,
    ApexTime,
    type ApexPrimitive
} from '../values';
import type { Database, DbSnapshot, Row } from './database';
import { UndecidedValue } from './sobject';

export const DB_FORMAT = 'apex-runtime-db/1';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function encode(v: unknown, where: string): Json {
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
    if (typeof v === 'number') return Number.isFinite(v) ? v : { $num: String(v) };
    if (v instanceof ApexId) return { $id: v.value };
    if (v instanceof ApexInteger) return { $int: v.value };
    if (v instanceof ApexLong) return { $long: v.value.toString() };
    if (v instanceof ApexDouble) return { $dbl: String(v.value) };
    if (v instanceof ApexDecimal) return { $dec: [v.unscaled.toString(), v.scale] };
    if (v instanceof ApexDate) return { $date: v.epochDay };
    if (v instanceof ApexDatetime) return { $dt: v.epochMs };
    if (v instanceof ApexTime) return { $time: v.msOfDay };
    if (v instanceof ApexBlob) return { $blob: Buffer.from(v.bytes).toString('base64') };
    if (v instanceof UndecidedValue) return { $undecided: v.reason };
    if (v instanceof Map) return { $map: [...v].map(([k, x]) => [encode(k, where), encode(x, where)]) };
    if (v instanceof Set) return { $set: [...v].map((x) => encode(x, where)) };
    if (Array.isArray(v)) return v.map((x) => encode(x, where));
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
        const o: { [k: string]: Json } = {};
        for (const [k, x] of Object.entries(v as Record<string, unknown>)) if (x !== undefined) o[k] = encode(x, where);
        return { $obj: o };
    }
    const kind = typeof v === 'object' ? ((v as object).constructor?.name ?? 'object') : typeof v;
    throw new Error(`cannot save a ${kind} (${where})`);
}

function decode(j: Json): unknown {
    if (j === null || typeof j !== 'object') return j;
    if (Array.isArray(j)) return j.map(decode);
    const [tag] = Object.keys(j);
    const x = j[tag];
    switch (tag) {
        case '$num':
            return Number(x);
        case '$id':
            return new ApexId(x as string);
        case '$int':
            return new ApexInteger(x as number);
        case '$long':
            return new ApexLong(BigInt(x as string));
        case '$dbl':
            return new ApexDouble(Number(x));
        case '$dec':
            return new ApexDecimal(BigInt((x as [string, number])[0]), (x as [string, number])[1]);
        case '$date':
            return new ApexDate(x as number);
        case '$dt':
            return new ApexDatetime(x as number);
        case '$time':
            return new ApexTime(x as number);
        case '$blob':
            return new ApexBlob(new Uint8Array(Buffer.from(x as string, 'base64')));
        case '$undecided':
            return new UndecidedValue(x as string);
        case '$map':
            return new Map((x as [Json, Json][]).map(([k, v]) => [decode(k), decode(v)]));
        case '$set':
            return new Set((x as Json[]).map(decode));
        case '$obj': {
            const o: Record<string, unknown> = {};
            for (const [k, v] of Object.entries(x as Record<string, Json>)) o[k] = decode(v);
            return o;
        }
        default:
            throw new Error(`not a saved database value: ${JSON.stringify(j).slice(0, 80)}`);
    }
}

/** The database's data as JSON text (between transactions). */
export function saveDatabase(db: Database): string {
    const s = db.snapshot();
    const tables: Record<string, Record<string, Json>[]> = {};
    for (const [name, t] of s.tables) {
        tables[name] = [...t.values()].map((row) => {
            const o: Record<string, Json> = {};
            for (const [k, v] of row) o[k] = encode(v, `${name}.${k}`);
            return o;
        });
    }
    return JSON.stringify({
        format: DB_FORMAT,
        tables,
        cascadeLog: [...s.cascadeLog],
        ids: [...s.ids],
        autoNumbers: [...s.autoNumbers],
        runningUserId: s.runningUserId,
        side: encode(s.side, 'side data')
    });
}

/** Replaces the database's data with saved text (from `saveDatabase`); the schema is the database's own. */
export function loadDatabase(db: Database, text: string): void {
    const j = JSON.parse(text) as {
        format?: string;
        tables: Record<string, Record<string, Json>[]>;
        cascadeLog: [string, string][];
        ids: [string, number][];
        autoNumbers: [string, number][];
        runningUserId: string;
        side: Json;
    };
    if (j.format !== DB_FORMAT) throw new Error(`not a saved database (format ${String(j.format)}, want ${DB_FORMAT})`);
    const tables = new Map<string, Map<string, Row>>();
    for (const [name, rows] of Object.entries(j.tables)) {
        const t = new Map<string, Row>();
        for (const o of rows) {
            const row: Row = new Map();
            for (const [k, v] of Object.entries(o)) row.set(k, decode(v) as ApexPrimitive);
            const id = row.get('id');
            if (!(id instanceof ApexId)) throw new Error(`a saved ${name} row has no Id`);
            t.set(id.value, row);
        }
        tables.set(name, t);
    }
    const snapshot: DbSnapshot = {
        tables,
        cascadeLog: new Map(j.cascadeLog),
        ids: new Map(j.ids),
        autoNumbers: new Map(j.autoNumbers),
        runningUserId: j.runningUserId,
        side: decode(j.side) as Map<string, unknown>
    };
    db.restore(snapshot);
}
