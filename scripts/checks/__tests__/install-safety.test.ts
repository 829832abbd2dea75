// What a fresh deploy ships must not send anything anywhere: the Named Credential points at a reserved
// `.invalid` host (RFC 2606 §2), sending is off, and the Apex guard knows the same placeholder.
import { readFileSync, readdirSync } from 'node:fs';
import * as path from 'node:path';
import { ROOT } from './run-gate';

const SRC = path.join(ROOT, 'force-app', 'main', 'default');
// Admin-owned components ship in the first-install folder (deployed once by `npm run setup`).
const FIRST_INSTALL = path.join(ROOT, 'first-install', 'main', 'default');
const read = (rel: string): string => readFileSync(path.join(SRC, rel), 'utf8');
const readFirstInstall = (rel: string): string => readFileSync(path.join(FIRST_INSTALL, rel), 'utf8');
const tag = (xml: string, name: string): string[] =>
    [...xml.matchAll(new RegExp(`<${name}>([^<]*)</${name}>`, 'g'))].map((m) => m[1]);

describe('install safety of the shipped metadata', () => {
    const nc = readFirstInstall('namedCredentials/D365_APIM.namedCredential-meta.xml');

    it('ships the Named Credential with the placeholder the Apex guard refuses (one owner: D365Endpoint)', () => {
        const placeholder = /PLACEHOLDER_URL = '([^']+)'/.exec(read('classes/sync/D365Endpoint.cls'))?.[1];
        expect(placeholder).toBe('https://d365-apim.invalid/d365');
        expect(tag(nc, 'parameterValue')).toContain(placeholder);
    });

    it('ships the Remote Site Setting inactive on a reserved host', () => {
        const rss = read('remoteSiteSettings/D365_APIM_Host.remoteSite-meta.xml');
        expect(tag(rss, 'url')[0]).toMatch(/^https:\/\/[^/]+\.invalid$/);
        expect(tag(rss, 'isActive')).toEqual(['false']);
    });

    it('ships sending disabled (the admin enables it after the URL and the key)', () => {
        const settings = readFirstInstall('customMetadata/D365_Sync_Setting.Default.md-meta.xml');
        expect(settings).toMatch(/<field>Enabled__c<\/field>\s*<value xsi:type="xsd:boolean">false<\/value>/);
    });

    // The key header is a formula on the External Credential, evaluated for every callout; "Allow merge
    // fields in HTTP header" only lets Apex put merge fields into headers it sets itself, which ours never does
    // (Apex Developer Guide, "Custom Headers and Bodies of Apex Callouts That Use Named Credentials").
    it('does not let Apex put merge fields into headers or bodies', () => {
        expect(tag(nc, 'allowMergeFieldsInHeader')).toEqual(['false']);
        expect(tag(nc, 'allowMergeFieldsInBody')).toEqual(['false']);
    });

    it('orders the README install steps URL → key → enable', () => {
        const readme = readFileSync(path.join(ROOT, 'README.md'), 'utf8');
        const install = readme.slice(readme.indexOf('## Install into an org'), readme.indexOf('## What users see'));
        const url = install.indexOf('**Named Credential URL**');
        const key = install.indexOf('npm run credentials:set');
        const enable = install.indexOf('**Enable sending**');
        expect(url).toBeGreaterThan(-1);
        expect(key).toBeGreaterThan(url);
        expect(enable).toBeGreaterThan(key);
    });

    // A deploy replaces any org component of the same name: an org's own `AccountTrigger` would be overwritten
    // (and ours by theirs). Package components carry the package prefix.
    it('gives every Apex trigger a package-specific name', () => {
        const triggers = readdirSync(path.join(SRC, 'triggers')).filter((f) => f.endsWith('.trigger'));
        expect(triggers.length).toBeGreaterThan(0);
        for (const file of triggers) {
            expect(file).toMatch(/^D365Sync\w+\.trigger$/);
            const source = readFileSync(path.join(SRC, 'triggers', file), 'utf8');
            expect(source).toMatch(new RegExp(`\\btrigger\\s+${file.replace('.trigger', '')}\\s+on\\b`));
        }
    });
});
