// Gate `check:pmd`: PMD's Apex rules through Salesforce Code Analyzer core + its PMD engine, used as
// a library on the local Java 17 (the `sf code-analyzer` plugin cannot be installed offline).
// Configuration: config/code-analyzer/code-analyzer.yml. Rules: pmd:Recommended + pmd:Security.
// Fails on severity 1–2 and on any Security rule; prints `file:line rule message`. Severity 3 is
// printed as a warning; 4–5 are only counted (`--all` prints them too).
// Suppressions must be explicit in code and carry a reason; one without a reason is an error.
// Usage: tsx scripts/checks/pmd.ts [--all] [files or folders…]   (default: the package directories)
import { mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { CodeAnalyzer, CodeAnalyzerConfig, SeverityLevel, Violation } from '@salesforce/code-analyzer-core';
import * as pmdEngine from '@salesforce/code-analyzer-pmd-engine';
import { Finding, PROJECT_ROOT, listFiles, packageDirectories, parseArgs, report, runMain } from './lib/common';

export const CONFIG_FILE = path.join(PROJECT_ROOT, 'config', 'code-analyzer', 'code-analyzer.yml');
export const RULE_SELECTORS = ['pmd:Recommended', 'pmd:Security'];
const FAILING_SEVERITY = SeverityLevel.High; // 1 Critical, 2 High

export function failsGate(v: Violation): boolean {
    return v.getRule().getSeverityLevel() <= FAILING_SEVERITY || v.getRule().getTags().includes('Security');
}

// ---- suppressions must carry a reason --------------------------------------------------------

const NOPMD = /\/\/\s*NOPMD\b(.*)$/i;
const SUPPRESS_ANNOTATION = /@SuppressWarnings\s*\(\s*'([^']*PMD[^']*)'\s*\)/i;
const CA_MARKER = /code-analyzer-suppress\s*\(([^)]*)\)(.*)$/i;
const hasReason = (text: string): boolean => /[A-Za-z]{3,}/.test(text.replace(/^[\s:\-–—]+/, ''));

/** Suppressions without a written reason, in the given Apex sources. */
export function suppressionsWithoutReason(files: string[]): Finding[] {
    const findings: Finding[] = [];
    for (const file of files) {
        const lines = readFileSync(file, 'utf8').split('\n');
        lines.forEach((text, i) => {
            const line = i + 1;
            const nopmd = NOPMD.exec(text);
            if (nopmd && !hasReason(nopmd[1])) {
                findings.push({
                    file,
                    line,
                    rule: 'suppression',
                    message: 'NOPMD without a reason: write `// NOPMD - why`'
                });
            }
            const marker = CA_MARKER.exec(text);
            if (marker && !hasReason(marker[2])) {
                findings.push({
                    file,
                    line,
                    rule: 'suppression',
                    message: `code-analyzer-suppress(${marker[1]}) without a reason after it`
                });
            }
            const annotation = SUPPRESS_ANNOTATION.exec(text);
            if (annotation) {
                // The reason is a `//` comment on the annotation's line or directly above it.
                const sameLine = /\/\/(.*)$/.exec(text.slice(annotation.index + annotation[0].length));
                let j = i - 1;
                while (j >= 0 && /^\s*@\w+/.test(lines[j]) && !/\/\//.test(lines[j])) j--;
                const above = j >= 0 ? /^\s*\/\/(.*)$/.exec(lines[j]) : null;
                if (!(sameLine && hasReason(sameLine[1])) && !(above && hasReason(above[1]))) {
                    findings.push({
                        file,
                        line,
                        rule: 'suppression',
                        message: `@SuppressWarnings('${annotation[1]}') without a reason: add a // comment saying why`
                    });
                }
            }
        });
    }
    return findings;
}

// ---- the run ---------------------------------------------------------------------------------

export interface PmdResult {
    files: number;
    rules: number;
    findings: Finding[];
    quiet: number;
}

export async function runPmd(targets: string[], options: { all?: boolean } = {}): Promise<PmdResult> {
    const files = listFiles(targets, (f) => /\.(cls|trigger)$/i.test(f)).filter((f) => /\.(cls|trigger)$/i.test(f));
    const findings = suppressionsWithoutReason(files);
    if (files.length === 0) return { files: 0, rules: 0, findings, quiet: 0 };

    mkdirSync(path.join(PROJECT_ROOT, '.tmp', 'code-analyzer'), { recursive: true });
    const config = CodeAnalyzerConfig.fromYamlString(readFileSync(CONFIG_FILE, 'utf8'), PROJECT_ROOT);
    const analyzer = new CodeAnalyzer(config);
    await analyzer.addEnginePlugin(pmdEngine.createEnginePlugin());
    const workspace = await analyzer.createWorkspace(files);
    const rules = await analyzer.selectRules(RULE_SELECTORS, { workspace });
    const results = await analyzer.run(rules, { workspace });

    let quiet = 0;
    for (const v of results.getViolations()) {
        const location = v.getPrimaryLocation();
        const severity = v.getRule().getSeverityLevel();
        // An engine that cannot run (no Java, …) is reported by core as a severity-1 violation.
        const failing = failsGate(v);
        if (!failing && severity > SeverityLevel.Moderate && !options.all) {
            quiet++;
            continue;
        }
        findings.push({
            file: location.getFile() ?? '<unknown file>',
            line: location.getStartLine(),
            rule: `${v.getRule().getName()} [sev ${severity}${v.getRule().getTags().includes('Security') ? ', Security' : ''}]`,
            message: v.getMessage().trim(),
            severity: failing ? 'error' : 'warning'
        });
    }
    return { files: files.length, rules: rules.getCount(), findings, quiet };
}

async function main(): Promise<number> {
    const started = Date.now();
    const { flags, targets } = parseArgs(process.argv.slice(2));
    const result = await runPmd(targets.length ? targets : packageDirectories(), { all: flags.has('all') });
    const quiet = result.quiet ? `, ${result.quiet} severity 4–5 findings not shown (--all)` : '';
    return report('check:pmd', result.findings, `${result.files} Apex files, ${result.rules} rules${quiet}`, started);
}

if (require.main === module) runMain(main);
