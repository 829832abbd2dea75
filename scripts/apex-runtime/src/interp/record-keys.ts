import type { Interpreter } from './interpreter';
import * as V from '../values';
import { AggregateRow } from '../soql';
import type { RType } from './types';

/**
 * The key `new Map<K, SObject>(records)` and `putAll(records)` give a record: its Id. An AggregateResult has no
 * record Id; its `Id` is the value the query aliased as Id (`SELECT Email Id FROM Contact GROUP BY Email` keys the
 * map by the grouped values, the well-known one-column idiom: neilhohmann.com/apex-leveraging-keyset-to-skip-loops-
 * perform-magic, xbaf.com/field-keysets). Anything the idiom's sources do not cover (no Id alias, a non-text value,
 * a text value in a Map keyed by Id) is refused rather than guessed.
 */
export function recordMapKey(it: Interpreter, r: unknown, keyType: RType): unknown {
    if (!(r instanceof AggregateRow)) return it.sobjectHooks.getField?.(it, r, 'Id') ?? null;
    if (!r.values.has('id')) return it.unsupported('a Map built from AggregateResult rows without an Id alias');
    const v = r.values.get('id')!;
    if (v === null) return it.unsupported('a Map built from AggregateResult rows whose Id alias is null');
    const keyIsId = keyType.k === 'prim' && keyType.name === 'Id';
    if (v instanceof V.ApexId) return keyIsId ? v : it.coerce(v, keyType);
    if (typeof v === 'string' && !keyIsId) return it.coerce(v, keyType);
    // a row deserialized from JSON holds its Id alias as text; text that is an Id keys a Map<Id, …> as that Id
    if (typeof v === 'string' && V.isValidIdText(v)) return new V.ApexId(v);
    return it.unsupported(`a Map<${keyIsId ? 'Id' : 'String'}, SObject> keyed by an aggregate Id alias of that value`);
}
