import * as fs from 'node:fs';
import { ConfigError } from './errors';
import { displayPath } from './paths';

/** Line and column (1-based) of a character offset in a text. */
export function lineAndColumn(text: string, offset: number): { line: number; column: number } {
    const before = text.slice(0, Math.max(0, Math.min(offset, text.length)));
    const lines = before.split('\n');
    return { line: lines.length, column: lines[lines.length - 1].length + 1 };
}

/** Offset of a JSON.parse error, from the messages Node 20 and Node 22+ produce. */
function errorOffset(message: string, text: string): number {
    const position = /at position (\d+)/.exec(message);
    if (position) {
        return Number(position[1]);
    }
    const lineColumn = /line (\d+) column (\d+)/.exec(message);
    if (lineColumn) {
        const lines = text.split('\n');
        const line = Number(lineColumn[1]);
        let offset = 0;
        for (let i = 0; i < line - 1 && i < lines.length; i++) {
            offset += lines[i].length + 1;
        }
        return offset + Number(lineColumn[2]) - 1;
    }
    return text.length;
}

/**
 * Reads and parses a JSON file; a missing file or malformed JSON becomes a ConfigError naming the
 * file, line and column.
 */
export function readJsonFile(file: string): unknown {
    const shown = displayPath(file);
    let text: string;
    try {
        text = fs.readFileSync(file, 'utf8');
    } catch {
        throw new ConfigError([
            {
                file: shown,
                path: '$',
                message: 'file not found or not readable',
                hint: 'pass an existing file with --config FILE'
            }
        ]);
    }
    if (text.trim() === '') {
        throw new ConfigError([
            { file: shown, path: '$', message: 'the file is empty', hint: 'see config/schemas/ for the format' }
        ]);
    }
    try {
        return JSON.parse(text);
    } catch (error) {
        const message = (error as Error).message;
        const { line, column } = lineAndColumn(text, errorOffset(message, text));
        const reason = message.replace(/\s*\(line \d+ column \d+\)/, '').replace(/ in JSON at position \d+/, '');
        throw new ConfigError([
            {
                file: shown,
                path: '$',
                line,
                column,
                message: `malformed JSON: ${reason}`,
                hint: 'check for a missing comma or quote, or a trailing comma, just before this position'
            }
        ]);
    }
}
