// Gate `check:apex`: parses every Apex class and trigger with @apexdevtools/apex-parser and
// reports each syntax error as `file:line:col message`.
// Usage: tsx scripts/checks/apex-syntax.ts [files or folders…]   (default: the package directories)
import { readFileSync } from 'node:fs';
import { ApexErrorListener, ApexParserFactory } from '@apexdevtools/apex-parser';
import { Finding, listFiles, packageDirectories, parseArgs, report, runMain } from './lib/common';

const APEX_FILE = /\.(cls|trigger)$/i;

class CollectingListener extends ApexErrorListener {
    readonly findings: Finding[] = [];
    constructor(private readonly file: string) {
        super();
    }
    apexSyntaxError(line: number, column: number, message: string): void {
        // ANTLR columns are 0-based; editors count from 1.
        this.findings.push({ file: this.file, line, column: column + 1, rule: 'syntax', message });
    }
}

/** Syntax errors of one Apex source text; `file` decides between class and trigger grammar. */
export function checkApexSource(file: string, source: string): Finding[] {
    const listener = new CollectingListener(file);
    const { parser } = ApexParserFactory.createLexerAndParser(source, listener);
    if (/\.trigger$/i.test(file)) parser.triggerUnit();
    else parser.compilationUnit();
    return listener.findings;
}

export function checkApexFiles(targets: string[]): { files: string[]; findings: Finding[] } {
    const files = listFiles(targets, (f) => APEX_FILE.test(f)).filter((f) => APEX_FILE.test(f));
    const findings = files.flatMap((f) => checkApexSource(f, readFileSync(f, 'utf8')));
    return { files, findings };
}

async function main(): Promise<number> {
    const started = Date.now();
    const { targets } = parseArgs(process.argv.slice(2));
    const { files, findings } = checkApexFiles(targets.length ? targets : packageDirectories());
    return report('check:apex', findings, `${files.length} Apex files parsed`, started);
}

if (require.main === module) runMain(main);
