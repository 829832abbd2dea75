// `npm run conformance:t3 [-- --update] [-- --verbose]`: runs every T3 project, prints the outcome table by
// project and overall, and checks it against conformance/t3/ratchet.json. `--update` rewrites the ratchet, and
// only when no count got worse and no passing test stopped passing.
import * as fs from 'node:fs';
import { RATCHET_FILE, ratchetViolations, readRatchet, report, runT3, toRatchet } from '../conformance-t3';

function main(argv: string[]): number {
    const tests = runT3();
    console.log(report(tests));
    if (argv.includes('--verbose')) {
        for (const t of tests.filter((x) => x.outcome !== 'Pass'))
            console.log(`\n${t.outcome}  ${t.id}\n  ${t.message}`);
    }
    const now = toRatchet(tests);
    const violations = fs.existsSync(RATCHET_FILE)
        ? ratchetViolations(readRatchet(), now, argv.includes('--update'))
        : [];
    for (const v of violations) console.error(`ratchet: ${v}`);
    if (violations.length) return 1;
    if (argv.includes('--update')) {
        fs.writeFileSync(RATCHET_FILE, `${JSON.stringify(now, null, 2)}\n`);
        console.log(`\nratchet updated: ${RATCHET_FILE}`);
    }
    return 0;
}

process.exitCode = main(process.argv.slice(2));
