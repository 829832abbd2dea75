import { parseArgs } from 'node:util';
import { UsageError } from './errors';

export interface OptionSpec {
    type: 'string' | 'boolean';
    description: string;
    valueName?: string;
}

export type ParsedOptions = Record<string, string | boolean | undefined>;

/** Parses `--name value` / `--flag` options strictly; anything unknown is a UsageError (exit 2). */
export function parseOptions(argv: string[], specs: Record<string, OptionSpec>): ParsedOptions {
    const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' } };
    for (const [name, spec] of Object.entries(specs)) {
        options[name] = { type: spec.type };
    }
    try {
        const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
        if (positionals.length > 0) {
            throw new UsageError(`unexpected argument "${positionals[0]}"`);
        }
        for (const [name, spec] of Object.entries(specs)) {
            if (spec.type === 'string' && values[name] === '') {
                throw new UsageError(`--${name} needs a value`);
            }
        }
        return values as ParsedOptions;
    } catch (error) {
        if (error instanceof UsageError) {
            throw error;
        }
        throw new UsageError((error as Error).message.replace(/\. To specify a positional argument.*$/s, ''));
    }
}

export function usageText(command: string, summary: string, specs: Record<string, OptionSpec>, notes: string[] = []) {
    const rows = Object.entries(specs).map(([name, spec]) => {
        const left = spec.type === 'string' ? `--${name} ${spec.valueName ?? 'VALUE'}` : `--${name}`;
        return `  ${left.padEnd(30)} ${spec.description}`;
    });
    return [
        `Usage: ${command} [options]`,
        '',
        summary,
        '',
        'Options:',
        ...rows,
        `  ${'--help'.padEnd(30)} show this help`,
        ...(notes.length ? ['', ...notes] : [])
    ].join('\n');
}
