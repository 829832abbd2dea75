/**
 * Default sort order of sObjects for List<SObject>.sort() — Apex Developer Guide, "Sorting Lists of
 * sObjects": 1. the label of the sObject type; 2. the Name field, if applicable; 3. standard fields in
 * alphabetical order, except Id and Name; 4. custom fields in alphabetical order. "For text fields, the sort
 * algorithm uses the Unicode sort order. Also, empty fields precede non-empty fields in the sort order."
 */
import { ApexPrimitive, primitiveCompare } from '../values';
import type { SObject } from './sobject';

function compareValues(a: ApexPrimitive | undefined, b: ApexPrimitive | undefined): number {
    const ea = a === undefined || a === null || a === '';
    const eb = b === undefined || b === null || b === '';
    if (ea || eb) return ea === eb ? 0 : ea ? -1 : 1;
    if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0; // Unicode (code unit) order
    return primitiveCompare(a!, b!) ?? 0;
}

const orderCache = new WeakMap<object, string[]>();
function fieldOrder(s: SObject): string[] {
    let order = orderCache.get(s.info);
    if (!order) {
        const fields = [...s.info.fields.values()].filter((f) => f.name !== 'Id' && f.name !== 'Name');
        const byName = (x: { name: string }, y: { name: string }) => (x.name < y.name ? -1 : x.name > y.name ? 1 : 0);
        order = [...fields.filter((f) => !f.custom).sort(byName), ...fields.filter((f) => f.custom).sort(byName)].map(
            (f) => f.name
        );
        orderCache.set(s.info, order);
    }
    return order;
}

/** Comparator for the documented default sObject order. */
export function compareSObjects(a: SObject, b: SObject): number {
    if (a.info !== b.info) {
        const la = a.info.label;
        const lb = b.info.label;
        if (la !== lb) return la < lb ? -1 : 1;
        return a.info.name < b.info.name ? -1 : a.info.name > b.info.name ? 1 : 0;
    }
    if (a.info.fields.has('name')) {
        const c = compareValues(a.getRaw('Name'), b.getRaw('Name'));
        if (c) return c;
    }
    for (const f of fieldOrder(a)) {
        const c = compareValues(a.getRaw(f), b.getRaw(f));
        if (c) return c;
    }
    return 0;
}
