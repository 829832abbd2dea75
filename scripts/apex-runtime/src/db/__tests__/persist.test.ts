/**
 * Save / load of a database as JSON text (db/persist.ts): a round trip keeps every row with its Apex value types,
 * the Id and AutoNumber counters, the side data (approval state) and the running user; what cannot be saved is an
 * error, never dropped.
 */
import { loadDatabase, saveDatabase, DB_FORMAT } from '../persist';
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
    int
} from '../../values';
import { fixtureSchema, seededDb, useRuntimeSettings } from '../../__tests__/support';

const schema = fixtureSchema();
useRuntimeSettings({ now: () => Date.UTC(2026, 11, 5, 10, 0, 0) });

describe('saveDatabase / loadDatabase', () => {
    it('round-trips rows, counters, side data and the running user', () => {
        const db = seededDb(schema);
        const account = schema.getObject('Account')!;
        const row = db.insertRow(
            account,
            new Map<string, never>([
                ['name', "Acme 'quoted' \u00e9" as never],
                ['numberofemployees', int(42) as never],
                ['annualrevenue', new ApexDecimal(123456n, 2) as never]
            ])
        );
        const id = (row.get('id') as ApexId).value;
        const approval = {
            locks: new Map([[id, { editability: 'AdminOnly' }]]),
            pending: new Map([
                [id, { instanceId: '04g5h0000000001AAA', workitemId: '04i5h0000000001AAA', recordId: id }]
            ]),
            workitems: new Map([['04i5h0000000001AAA', id]])
        };
        db.setSide('approval', approval);
        db.setSide('values', [
            new ApexLong(9007199254740993n),
            new ApexDouble(1.5),
            new ApexDate(20000),
            new ApexDatetime(Date.UTC(2026, 0, 1)),
            new ApexTime(3_600_000),
            new ApexBlob(new Uint8Array([0, 255, 7])),
            new ApexInteger(-3),
            new Set(['a', 'b']),
            NaN
        ]);
        db.runningUserId = db.seeded.adminUserId;

        const text = saveDatabase(db);
        expect(JSON.parse(text).format).toBe(DB_FORMAT);

        const fresh = seededDb(schema);
        loadDatabase(fresh, text);
        const back = fresh.getRow(id)!.row;
        expect(back.get('name')).toBe("Acme 'quoted' \u00e9");
        expect(back.get('numberofemployees')).toEqual(int(42));
        expect(back.get('annualrevenue')).toBeInstanceOf(ApexDecimal);
        expect(back.get('annualrevenue')).toEqual(row.get('annualrevenue'));
        expect(back.get('createddate')).toEqual(row.get('createddate'));
        expect(fresh.getSide('approval')).toEqual(approval);
        expect(fresh.getSide('values')).toEqual([
            new ApexLong(9007199254740993n),
            new ApexDouble(1.5),
            new ApexDate(20000),
            new ApexDatetime(Date.UTC(2026, 0, 1)),
            new ApexTime(3_600_000),
            new ApexBlob(new Uint8Array([0, 255, 7])),
            new ApexInteger(-3),
            new Set(['a', 'b']),
            NaN
        ]);
        expect(fresh.runningUserId).toBe(db.seeded.adminUserId);
        expect(fresh.rows('Account').length).toBe(db.rows('Account').length);
        // the Id counter is restored: the next Account does not reuse a saved Id
        const next = fresh.insertRow(account, new Map([['name', 'Next' as never]]));
        expect((next.get('id') as ApexId).value).not.toBe(id);
        expect(db.rows('Account').map((r) => (r.get('id') as ApexId).value)).not.toContain(
            (next.get('id') as ApexId).value
        );
        // saving the loaded database gives the same text (nothing lost on the way)
        const again = seededDb(schema);
        loadDatabase(again, text);
        expect(saveDatabase(again)).toBe(text);
    });

    it('refuses what it cannot save, and text of another format', () => {
        const db = seededDb(schema);
        db.setSide('odd', new (class Interp {})());
        expect(() => saveDatabase(db)).toThrow('cannot save a Interp (side data)');
        expect(() => loadDatabase(seededDb(schema), JSON.stringify({ format: 'x/0' }))).toThrow(
            'not a saved database (format x/0, want apex-runtime-db/1)'
        );
    });
});
