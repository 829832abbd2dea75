// A one-off Metadata API folder (package.xml + components in Metadata API format) for what setup must deploy
// with values the repo does not hold: the settings record with the org's values, the OAuth policies with the
// org's Run As user. Written to a temp folder and deployed with `sf project deploy start --metadata-dir`.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { API_VERSION } from '../generators/lib/paths';
import { OrgClient } from './org-client';

export interface MetadataFile {
    /** Metadata API type name (package.xml) */
    type: string;
    fullName: string;
    /** path inside the folder, Metadata API format (e.g. `customMetadata/T.R.md`) */
    file: string;
    xml: string;
}

export async function deployMetadataFiles(client: OrgClient, files: MetadataFile[]): Promise<void> {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'd365-setup-'));
    try {
        for (const f of files) {
            mkdirSync(path.dirname(path.join(dir, f.file)), { recursive: true });
            writeFileSync(path.join(dir, f.file), f.xml);
        }
        const types = files
            .map(
                (f) =>
                    `    <types>\n        <members>${f.fullName}</members>\n        <name>${f.type}</name>\n    </types>\n`
            )
            .join('');
        writeFileSync(
            path.join(dir, 'package.xml'),
            `<?xml version="1.0" encoding="UTF-8"?>\n<Package xmlns="http://soap.sforce.com/2006/04/metadata">\n${types}    <version>${API_VERSION}</version>\n</Package>\n`
        );
        await client.sf(['project', 'deploy', 'start', '--metadata-dir', dir, '--single-package']);
    } finally {
        rmSync(dir, { recursive: true, force: true });
    }
}
