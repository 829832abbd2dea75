// `npm run resync -- --set failed|never|approved|since=YYYY-MM-DD|ids [--ids-file FILE] [--target-org ALIAS] [--dry-run]`
// (or `--stop RUN_ID` / `--resume RUN_ID`): starts a resync through `sf apex run` with generated anonymous Apex that
// calls D365SyncResync, the same entry point as the dashboard. --dry-run prints the Apex and runs nothing.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { OptionSpec, parseOptions, usageText } from '../generators/lib/cli-args';
import { EXIT_INVALID, EXIT_OK, GeneratorError, UsageError } from '../generators/lib/errors';
import { Io, processIo, runCli, runMain } from '../generators/lib/run-cli';
import { RunCommand, runCommand, sfCommand } from '../generators/credentials/org-session';
import { accountIdsIn, parseSet, ResyncAction, resultFrom, resyncApex, SETS } from './apex';

const OPTIONS: Record<string, OptionSpec> = {
    set: {
        type: 'string',
        valueName: 'SET',
        description: 'approved | never | failed | since=YYYY-MM-DD | ids (approved Accounts only)'
    },
    'ids-file': {
        type: 'string',
        valueName: 'FILE',
        description: 'with --set ids: a file holding Account Ids (e.g. a report export; other text is ignored)'
    },
    stop: { type: 'string', valueName: 'RUN_ID', description: 'ask a running resync to stop' },
    resume: { type: 'string', valueName: 'RUN_ID', description: 'resume a stopped, paused or failed resync' },
    'target-org': { type: 'string', valueName: 'ALIAS', description: "alias or username (default: sf's default org)" },
    'dry-run': { type: 'boolean', description: 'print the anonymous Apex; run nothing' }
};

export const USAGE = usageText(
    'npm run resync --',
    'Resync approved Accounts to D365 (initial load): starts the same Batch Apex run as the dashboard, through `sf apex run`. Needs the D365 Sync Admin permission set in the org. Watch the progress on the dashboard.',
    OPTIONS,
    ['Exactly one of --set, --stop, --resume. Exit codes: 0 ok, 1 refused or failed, 2 usage.']
);

export interface ResyncCliDeps {
    run?: RunCommand;
    readFile?: (file: string) => string;
}

interface ApexRunJson {
    status?: number;
    message?: string;
    result?: {
        success?: boolean;
        compiled?: boolean;
        compileProblem?: string;
        exceptionMessage?: string;
        logs?: string;
    };
}

export function actionFrom(options: Record<string, unknown>, readFile: (file: string) => string): ResyncAction {
    const chosen = ['set', 'stop', 'resume'].filter((k) => options[k] !== undefined);
    if (chosen.length !== 1) throw new UsageError('give exactly one of --set, --stop RUN_ID, --resume RUN_ID');
    if (options.stop) return { kind: 'stop', runId: String(options.stop) };
    if (options.resume) return { kind: 'resume', runId: String(options.resume) };
    const { set, since } = parseSet(String(options.set));
    if (set !== SETS.ids) {
        if (options['ids-file']) throw new UsageError('--ids-file goes with --set ids');
        return { kind: 'start', set, since };
    }
    if (!options['ids-file']) throw new UsageError('--set ids needs --ids-file FILE');
    let text: string;
    try {
        text = readFile(String(options['ids-file']));
    } catch (error) {
        throw new GeneratorError(`cannot read ${String(options['ids-file'])}: ${(error as Error).message}`);
    }
    const accountIds = accountIdsIn(text);
    if (!accountIds.length) throw new GeneratorError(`no Account Id (001…) found in ${String(options['ids-file'])}`);
    return { kind: 'start', set, accountIds };
}

export async function main(argv: string[], io: Io = processIo, deps: ResyncCliDeps = {}): Promise<number> {
    return runCli(
        async () => {
            const options = parseOptions(argv, OPTIONS);
            if (options.help) {
                io.out(USAGE);
                return EXIT_OK;
            }
            const action = actionFrom(options, deps.readFile ?? ((f) => readFileSync(f, 'utf8')));
            const apex = resyncApex(action);
            if (options['dry-run']) {
                io.out(apex.trimEnd());
                return EXIT_OK;
            }
            const dir = mkdtempSync(path.join(tmpdir(), 'd365-resync-'));
            const file = path.join(dir, 'resync.apex');
            writeFileSync(file, apex);
            const args = ['apex', 'run', '--file', file, '--json'];
            if (options['target-org']) args.push('--target-org', String(options['target-org']));
            let out: { code: number; stdout: string; stderr: string };
            try {
                out = await (deps.run ?? runCommand)(sfCommand(), args);
            } catch (error) {
                throw new GeneratorError(`could not run the Salesforce CLI (${(error as Error).message})`);
            } finally {
                rmSync(dir, { recursive: true, force: true });
            }
            let parsed: ApexRunJson;
            try {
                parsed = JSON.parse(out.stdout) as ApexRunJson;
            } catch {
                throw new GeneratorError(`sf apex run failed (exit ${out.code}) without a JSON answer`);
            }
            const r = parsed.result;
            if (!r || r.compiled === false || r.success === false || parsed.status !== 0) {
                const why = r?.compileProblem || r?.exceptionMessage || parsed.message || 'unknown error';
                io.err(`resync refused: ${why}`);
                return EXIT_INVALID;
            }
            const result = resultFrom(r.logs ?? '');
            if (!result) {
                io.err('resync: the Apex ran but printed no result (is the debug log level too low?)');
                return EXIT_INVALID;
            }
            const verb =
                action.kind === 'start' ? 'started' : action.kind === 'stop' ? 'stop requested for' : 'resumed';
            io.out(
                `resync ${verb} ${String(result.name)} (${String(result.id)}): ${String(result.status)}, ` +
                    `${String(result.processed ?? 0)} of ${String(result.total ?? '?')} processed, batch job ${String(result.job ?? '-')}`
            );
            io.out('Watch it on the D365 Sync Dashboard (Resync / initial load), or stop it with --stop <id>.');
            return EXIT_OK;
        },
        io,
        USAGE
    );
}

if (require.main === module) {
    runMain((argv, io) => main(argv, io));
}
