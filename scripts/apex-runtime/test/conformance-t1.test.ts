import * as path from 'node:path';
import { loadT1, type T1Result } from '../src/conformance';
import { callOnApexStack } from '../src/host/apex-stack';

const dir = path.join(__dirname, '../conformance/t1');
const cases = loadT1(dir);
// the corpus runs where the CLI runs Apex: on a stack deep enough for Apex's 1,000 frames
let results: Record<string, T1Result> = {};
beforeAll(async () => {
    results = await callOnApexStack(path.join(__dirname, '../src/conformance.ts'), 'runT1Corpus', [dir]);
}, 120_000);

describe('T1 language snippets (documented)', () => {
    for (const c of cases.filter((x) => !x.unverified)) {
        it(`${c.id} — ${c.title}`, () => {
            const r = results[c.id];
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
            const r = results[c.id];
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
