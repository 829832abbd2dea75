import * as fs from 'node:fs';
import * as path from 'node:path';
import { main as generate } from '../mapping/main';
import { main as importRecords } from '../mapping/import';
import { captureIo, cleanupTempDirs, FIXTURE_OBJECTS, readJson, REPO, tempDir } from './helpers';

afterAll(cleanupTempDirs);

const DEFAULT_CONFIG = path.join(REPO, 'config', 'd365-field-mapping.json');

/** Records generated from the default config (what a retrieve of an unchanged org gives) and a copy of the config. */
async function setup(): Promise<{ records: string; config: string }> {
    const dir = tempDir('mapping-import-');
    const out = path.join(dir, 'out');
    const generated = await generate(['--objects-dir', FIXTURE_OBJECTS, '--out', out], captureIo());
    expect(generated).toBe(0);
    const config = path.join(dir, 'd365-field-mapping.json');
    fs.copyFileSync(DEFAULT_CONFIG, config);
    return { records: path.join(out, 'customMetadata'), config };
}

async function runImport(from: string, config: string) {
    const io = captureIo();
    const code = await importRecords(['--from', from, '--config', config, '--objects-dir', FIXTURE_OBJECTS], io);
    return { code, io };
}

function edit(records: string, name: string, field: string, value: string): void {
    const file = path.join(records, `D365_Field_Mapping.${name}.md-meta.xml`);
    const text = fs.readFileSync(file, 'utf8');
    const pattern = new RegExp(`(<field>${field}</field>\\s*<value[^>]*>)[^<]*(</value>)`);
    expect(pattern.test(text)).toBe(true);
    fs.writeFileSync(file, text.replace(pattern, `$1${value}$2`));
}

describe('mapping:import (org records → config)', () => {
    it('gives back the same config for unchanged records (round trip)', async () => {
        const { records, config } = await setup();
        const { code, io } = await runImport(records, config);
        expect(io.text()).toContain('10 mappings');
        expect(code).toBe(0);
        expect(fs.readFileSync(config, 'utf8')).toBe(fs.readFileSync(DEFAULT_CONFIG, 'utf8'));
    });

    it('carries an edited length and order into the config and leaves inactive records out', async () => {
        const { records, config } = await setup();
        edit(records, 'Account_Name', 'Max_Length__c', '80.0');
        edit(records, 'Phone', 'Sort_Order__c', '0.0');
        edit(records, 'Fax', 'Active__c', 'false');
        const { code, io } = await runImport(records, config);
        expect(code).toBe(0);
        expect(io.text()).toContain('left out inactive record Fax');
        const mappings = readJson<{ mappings: Array<Record<string, unknown>> }>(config).mappings;
        expect(mappings.map((m) => m.name).slice(0, 3)).toEqual(['Phone', 'Account_Number', 'Account_Name']);
        expect(mappings.find((m) => m.name === 'Account_Name')!.maxLength).toBe(80);
        expect(mappings.some((m) => m.name === 'Fax')).toBe(false);
        expect(mappings).toHaveLength(9);
    });

    it('round-trips Owner__c: a changed owner reaches the config, a blank one is the default (salesforce)', async () => {
        const { records, config } = await setup();
        edit(records, 'Phone', 'Owner__c', 'd365');
        edit(records, 'Fax', 'Owner__c', '');
        const { code } = await runImport(records, config);
        expect(code).toBe(0);
        const mappings = readJson<{ mappings: Array<Record<string, unknown>> }>(config).mappings;
        expect(mappings.find((m) => m.name === 'Phone')!.owner).toBe('d365');
        // the entry spelled its owner out before, so the default stays spelled out
        expect(mappings.find((m) => m.name === 'Fax')!.owner).toBe('salesforce');
        expect(mappings.find((m) => m.name === 'Account_Number')!.owner).toBe('d365');
    });

    it('refuses an unknown Owner__c and leaves the config as it was', async () => {
        const { records, config } = await setup();
        edit(records, 'Phone', 'Owner__c', 'sales');
        const before = fs.readFileSync(config, 'utf8');
        const { code, io } = await runImport(records, config);
        expect(code).toBe(1);
        expect(io.text()).toContain('"sales" is not an owner (entry "Phone", field Account.Phone)');
        expect(fs.readFileSync(config, 'utf8')).toBe(before);
    });

    it('refuses records the generator would refuse and leaves the config as it was', async () => {
        const { records, config } = await setup();
        edit(records, 'Billing_City', 'Source_Field__c', 'BilingCity');
        const before = fs.readFileSync(config, 'utf8');
        const { code, io } = await runImport(records, config);
        expect(code).toBe(1);
        expect(io.text()).toContain('unknown field "BilingCity"');
        expect(fs.readFileSync(config, 'utf8')).toBe(before);
    });

    it('needs --from and a folder with records', async () => {
        const { config } = await setup();
        expect((await importRecords(['--config', config], captureIo())).valueOf()).toBe(2);
        const empty = tempDir('mapping-import-empty-');
        const { code, io } = await runImport(empty, config);
        expect(code).toBe(1);
        expect(io.text()).toContain('no D365_Field_Mapping.*.md-meta.xml records');
    });
});
