import * as path from 'node:path';
import { loadT1, runT1 } from '../src/conformance';

const cases = loadT1(path.join(__dirname, '../conformance/t1'));

describe('T1 language snippets (documented)', () => {
    for (const c of cases.filter((x) => !x.unverified)) {
        it(`${c.id} — ${c.title}`, () => {
            const r = runT1(c);
            expect({ debug: r.debug, outcome: r.outcome }).toEqual({
                debug: c.expectDebug,
                outcome: c.expectException ?? 'ok'
            });
        });
    }
});

// Expectations not pinned to a document ([Known]/[Obs]); they must pass too, but are reported apart and
// never count as proof of conformance.
describe('T1 language snippets (unverified expectations)', () => {
    for (const c of cases.filter((x) => x.unverified)) {
        it(`${c.id} — unverified: ${c.unverified}`, () => {
            const r = runT1(c);
            expect({ debug: r.debug, outcome: r.outcome }).toEqual({
                debug: c.expectDebug,
                outcome: c.expectException ?? 'ok'
            });
        });
    }
});

it('every T1 case cites a developer.salesforce.com page', () => {
    expect(cases.length).toBeGreaterThan(30);
    for (const c of cases) expect(c.url).toMatch(/^https:\/\/developer\.salesforce\.com\/docs\//);
});
