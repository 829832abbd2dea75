/**
 * SOSL in tests (Apex Developer Guide "Adding SOSL Queries to Unit Tests"): empty unless Test.setFixedSearchResults;
 * with fixed Ids, the RETURNING WHERE / ORDER BY / LIMIT still apply; one list per RETURNING object.
 */
import { Database } from '../../db';
import { runSosl } from '..';
import { ApexId } from '../../values';
import { ApexRuntimeUnsupported } from '../../errors';
import { fixtureSchema, insertRow, seededDb } from '../../__tests__/support';

const schema = fixtureSchema();
let db: Database;
const ins = (obj: string, vals: Record<string, unknown>) => insertRow(db, obj, vals);
let a1: ApexId, a2: ApexId, c1: ApexId;
beforeEach(() => {
    db = seededDb(schema);
    a1 = ins('Account', { Name: 'Acme' });
    a2 = ins('Account', { Name: 'Zeta' });
    c1 = ins('Contact', { LastName: 'Smith' });
    ins('Account', { Name: 'Not fixed' });
});

test('without fixed results every list is empty (binds still evaluated once)', () => {
    const seen: number[] = [];
    const r = runSosl('FIND :term IN ALL FIELDS RETURNING Account(Id, Name WHERE Name != :skip), Contact', {
        db,
        evalBind: (i) => {
            seen.push(i);
            return i === 0 ? 'x' : 'y';
        }
    });
    expect(r.lists.map((l) => [l.sobjectType, l.records.length])).toEqual([
        ['Account', 0],
        ['Contact', 0]
    ]);
    expect(seen).toEqual([0, 1]);
});

test('fixed results: filtered by object, WHERE, ORDER BY and LIMIT', () => {
    const fixedIds = [a1.value, a2.value, c1.value];
    const r = runSosl("FIND 'acme' IN NAME FIELDS RETURNING Account(Id, Name ORDER BY Name DESC), Contact(LastName)", {
        db,
        fixedIds
    });
    expect(r.lists[0].records.map((x) => x.get('Name'))).toEqual(['Zeta', 'Acme']);
    expect(r.lists[1].records.map((x) => x.get('LastName'))).toEqual(['Smith']);
    const r2 = runSosl('FIND {Acme} RETURNING Account(Name WHERE Name = :n LIMIT 1)', {
        db,
        fixedIds,
        evalBind: () => 'Acme'
    });
    expect(r2.lists[0].records.map((x) => x.get('Name'))).toEqual(['Acme']);
    // global LIMIT across lists; a WHERE text containing "with" inside quotes is fine
    const r3 = runSosl("FIND 'a' RETURNING Account(Name WHERE Name != 'with x' ORDER BY Name), Contact LIMIT 2", {
        db,
        fixedIds
    });
    expect(r3.lists.map((l) => l.records.length)).toEqual([2, 0]);
});

test('unsupported forms are explicit', () => {
    expect(() => runSosl("FIND 'x'", { db, fixedIds: [] })).toThrow(ApexRuntimeUnsupported);
    expect(() => runSosl("FIND 'x' RETURNING Account WITH SNIPPET", { db, fixedIds: [] })).toThrow(
        ApexRuntimeUnsupported
    );
    expect(() => runSosl("FIND 'x' RETURNING Account WITH DIVISION = 'Global'", { db })).toThrow(
        ApexRuntimeUnsupported
    );
    // without fixed results the display clauses change nothing: empty lists
    expect(
        runSosl("FIND 'x' RETURNING Account WITH HIGHLIGHT WITH SPELL_CORRECTION = false LIMIT 3", { db }).lists.map(
            (l) => l.records.length
        )
    ).toEqual([0]);
    expect(() => runSosl("FIND 'x' RETURNING Nope__x", { db, fixedIds: [] })).toThrow(ApexRuntimeUnsupported);
});
