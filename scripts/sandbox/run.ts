// `npm run sandbox`: the package's Apex runs offline in the local Apex runtime against the APIM + D365 emulator.
import * as path from 'node:path';
import { runSandbox } from './scenario';

async function main(): Promise<number> {
    const projectDir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', '..'));
    const r = await runSandbox({ projectDir, write: (s) => process.stdout.write(s) });
    return r.failed === 0 && r.passed > 0 ? 0 : 1;
}

main().then(
    (code) => {
        process.exitCode = code;
    },
    (e: Error) => {
        process.stderr.write(`sandbox: ${e.stack ?? e.message}\n`);
        process.exitCode = 1;
    }
);
