// mapping:import — the way back from an org: turns retrieved D365_Field_Mapping records (for example after the
// in-org mapping editor saved) into config/d365-field-mapping.json, which stays the source of truth; then
// `npm run mapping:generate` rewrites the records with their ownership comment. See docs/field-mapping.md.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { XMLParser } from 'fast-xml-parser';
import { parseOptions, usageText, OptionSpec } from '../lib/cli-args';
import { EXIT_OK, GeneratorError, UsageError } from '../lib/errors';
import { readJsonFile } from '../lib/json-file';
import { DEFAULT_MAPPING_CONFIG, DEFAULT_PACKAGE_DIR, displayPath } from '../lib/paths';
import { Io, processIo, runCli, runMain } from '../lib/run-cli';
import { DEFAULT_OWNER, validateMappingConfig } from './mapping-config';
import { MAPPING_TYPE_NAME, RECORD_FILE_PATTERN } from './mapping-records';

const OPTIONS: Record<string, OptionSpec> = {
    from: {
        type: 'string',
        valueName: 'DIR',
        description: 'folder with the retrieved D365_Field_Mapping.*.md-meta.xml records (or its customMetadata/)'
    },
    config: {
        type: 'string',
        valueName: 'FILE',
        description: 'config to update (default config/d365-field-mapping.json)'
    },
    'objects-dir': {
        type: 'string',
        valueName: 'DIR',
        description: 'where <Object>/fields/*.field-meta.xml are read (default force-app/main/default/objects)'
    }
};

export const USAGE = usageText(
    'npm run mapping:import --',
    'Rewrites the mappings of the config from retrieved D365_Field_Mapping records (active ones, in Sort_Order__c order), keeping the rest of the config. Run mapping:generate afterwards.',
    OPTIONS,
    ['Exit codes: 0 ok, 1 invalid records or resulting config, 2 usage.']
);

type Entry = Record<string, unknown>;

interface RetrievedRecord {
    name: string;
    label: string;
    values: Map<string, string | null>;
}

const parser = new XMLParser({ ignoreAttributes: false, parseTagValue: false, isArray: (n) => n === 'values' });

function readRecord(file: string): RetrievedRecord {
    const doc = parser.parse(fs.readFileSync(file, 'utf8')) as { CustomMetadata?: Entry };
    const root = doc.CustomMetadata;
    if (!root) {
        throw new GeneratorError(`${displayPath(file)}: not a CustomMetadata record`);
    }
    const values = new Map<string, string | null>();
    for (const v of (root.values ?? []) as Entry[]) {
        const value = v.value as Entry | string | undefined;
        const text = typeof value === 'object' && value !== null ? (value['#text'] as string | undefined) : value;
        values.set(String(v.field), text === undefined ? null : String(text));
    }
    const name = path.basename(file).slice(MAPPING_TYPE_NAME.length + 1, -'.md-meta.xml'.length);
    return { name, label: String(root.label ?? ''), values };
}

/** The config entry of one record; explicit keys of the previous entry with the same name are kept explicit. */
function toEntry(record: RetrievedRecord, previous: Entry | undefined): Entry {
    const v = (field: string) => record.values.get(field) ?? null;
    const entry: Entry = { name: record.name };
    if (record.label && (record.label !== record.name.replace(/_/g, ' ') || previous?.label !== undefined)) {
        entry.label = record.label;
    }
    entry.source = v('Source_Field__c');
    entry.target = v('Target_Property__c');
    entry.type = v('Data_Type__c');
    // a blank Owner__c (a record saved before ownership existed) is the default owner, like an entry without owner
    const owner = v('Owner__c')?.trim() || DEFAULT_OWNER;
    if (owner !== DEFAULT_OWNER || previous?.owner !== undefined) entry.owner = owner;
    const required = v('Required__c') === 'true';
    if (required || previous?.required !== undefined) entry.required = required;
    const dflt = v('Default_Value__c');
    if (dflt !== null) entry.default = dflt;
    const maxLength = v('Max_Length__c');
    if (maxLength !== null) entry.maxLength = Number(maxLength);
    const valueMap = v('Value_Map__c');
    if (valueMap !== null) {
        try {
            entry.valueMap = JSON.parse(valueMap) as unknown;
        } catch {
            throw new GeneratorError(`record ${record.name}: Value_Map__c is not JSON`);
        }
    }
    return entry;
}

export async function main(argv: string[], io: Io = processIo): Promise<number> {
    return runCli(
        async () => {
            const options = parseOptions(argv, OPTIONS);
            if (options.help) {
                io.out(USAGE);
                return EXIT_OK;
            }
            if (!options.from) {
                throw new UsageError('--from DIR is required (the folder of the retrieved records)');
            }
            let from = path.resolve(options.from as string);
            if (fs.existsSync(path.join(from, 'customMetadata'))) from = path.join(from, 'customMetadata');
            const configFile = path.resolve((options.config as string | undefined) ?? DEFAULT_MAPPING_CONFIG);
            const objectsDir = path.resolve(
                (options['objects-dir'] as string | undefined) ?? path.join(DEFAULT_PACKAGE_DIR, 'objects')
            );
            const files = fs.existsSync(from) ? fs.readdirSync(from).filter((f) => RECORD_FILE_PATTERN.test(f)) : [];
            if (!files.length) {
                throw new GeneratorError(`no ${MAPPING_TYPE_NAME}.*.md-meta.xml records in ${displayPath(from)}`);
            }
            const config = readJsonFile(configFile) as Entry;
            const previous = new Map(((config.mappings ?? []) as Entry[]).map((m) => [String(m.name), m]));
            const records = files.map((f) => readRecord(path.join(from, f)));
            const inactive = records.filter((r) => r.values.get('Active__c') !== 'true').map((r) => r.name);
            const active = records
                .filter((r) => r.values.get('Active__c') === 'true')
                .sort((a, b) => order(a) - order(b) || a.name.localeCompare(b.name));
            const updated = { ...config, mappings: active.map((r) => toEntry(r, previous.get(r.name))) };
            // the result must pass the generator's own checks before the config is touched
            validateMappingConfig(updated, displayPath(configFile), { objectsDir });
            fs.writeFileSync(configFile, `${JSON.stringify(updated, null, 2)}\n`);
            io.out(`${displayPath(configFile)}: ${active.length} mappings from ${displayPath(from)}`);
            for (const name of inactive) {
                io.out(`left out inactive record ${name}: delete it in the org too`);
            }
            return EXIT_OK;
        },
        io,
        USAGE
    );
}

function order(r: RetrievedRecord): number {
    const text = r.values.get('Sort_Order__c');
    return text === null || text === undefined ? Number.MAX_SAFE_INTEGER : Number(text);
}

if (require.main === module) {
    runMain(main);
}
