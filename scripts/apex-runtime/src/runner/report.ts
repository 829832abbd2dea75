// Reporters: human summary (Salesforce CLI style), JSON shaped like `sf apex run test --json`'s `result`,
// JUnit XML (layout of the Salesforce CLI JUnit reporter).
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { RunResult } from './runner';

function table(headers: string[], rows: string[][]): string {
    const w = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
    const line = (cells: string[]) =>
        cells
            .map((c, i) => (c ?? '').padEnd(w[i]))
            .join('  ')
            .trimEnd();
    return [line(headers), w.map((n) => '─'.repeat(n)).join('  '), ...rows.map(line)].join('\n') + '\n';
}

export function humanReport(r: RunResult): string {
    const s = r.summary;
    let out = '';
    if (s.compileErrors.length) out += `=== Compile Errors\n${s.compileErrors.join('\n')}\n\n`;
    out += '=== Test Summary\n';
    out += table(
        ['NAME', 'VALUE'],
        [
            ['Outcome', s.outcome],
            ['Tests Ran', String(s.testsRan)],
            ['Passing', String(s.passing)],
            ['Failing', String(s.failing)],
            ['Unsupported', String(s.unsupported)],
            ['Internal Errors', String(s.crashed)],
            ['Pass Rate', s.passRate],
            ['Fail Rate', s.failRate],
            ['Test Start Time', s.testStartTime],
            ['Test Execution Time', `${s.testExecutionTimeMs} ms`],
            ['Test Run Coverage', s.testRunCoverage]
        ]
    );
    out += '\n=== Test Results\n';
    out += table(
        ['TEST NAME', 'OUTCOME', 'MESSAGE', 'RUNTIME (MS)'],
        r.tests.map((t) => [
            `${t.className}.${t.methodName}`,
            t.outcome,
            (t.message ?? '').replace(/\s*\n\s*/g, ' '),
            String(t.runTimeMs)
        ])
    );
    const failed = r.tests.filter((t) => t.outcome !== 'Pass' && t.stackTrace);
    if (failed.length) {
        out += '\n=== Stack Traces\n';
        for (const t of failed) out += `${t.className}.${t.methodName}\n${t.stackTrace}\n`;
    }
    out += '\n=== Apex Code Coverage by Class\n';
    out += table(
        ['CLASSES', 'PERCENT', 'UNCOVERED LINES'],
        r.coverage.map((c) => [
            c.kind === 'trigger' ? `${c.name} (trigger)` : c.name,
            `${c.coveredPercent}%`,
            c.uncovered.join(',')
        ])
    );
    return out;
}

/** `sf apex run test --json` → `result` shape, plus the Unsupported outcome, limits and run time. */
export function toSfJson(r: RunResult): unknown {
    const s = r.summary;
    return {
        summary: {
            outcome: s.outcome,
            testsRan: s.testsRan,
            passing: s.passing,
            failing: s.failing,
            unsupported: s.unsupported,
            internalErrors: s.crashed,
            skipped: s.skipped,
            passRate: s.passRate,
            failRate: s.failRate,
            testStartTime: s.testStartTime,
            testExecutionTime: `${s.testExecutionTimeMs} ms`,
            testTotalTime: `${s.testExecutionTimeMs} ms`,
            commandTime: `${s.testExecutionTimeMs} ms`,
            hostname: 'local-apex-runtime',
            testRunCoverage: s.testRunCoverage,
            orgWideCoverage: s.testRunCoverage,
            compileErrors: s.compileErrors
        },
        tests: r.tests.map((t) => ({
            Id: null,
            QueueItemId: null,
            StackTrace: t.stackTrace,
            Message: t.message,
            AsyncApexJobId: null,
            MethodName: t.methodName,
            Outcome: t.outcome,
            ApexClass: { Id: null, Name: t.className, NamespacePrefix: null },
            RunTime: t.runTimeMs,
            FullName: `${t.className}.${t.methodName}`,
            UnsupportedConstruct: t.unsupported,
            limits: {
                soqlQueries: t.limits.soqlQueries,
                queryRows: t.limits.queryRows,
                dmlStatements: t.limits.dmlStatements,
                dmlRows: t.limits.dmlRows,
                callouts: t.limits.callouts,
                queueableJobs: t.limits.queueableJobs,
                futureCalls: t.limits.futureCalls,
                cpuProxySteps: t.limits.cpuSteps,
                heapEstimateBytes: t.limits.heapEstimate
            }
        })),
        coverage: {
            coverage: r.coverage.map((c) => ({
                id: null,
                name: c.name,
                type: c.kind === 'trigger' ? 'ApexTrigger' : 'ApexClass',
                totalLines: c.totalLines,
                lines: c.lines,
                totalCovered: c.totalCovered,
                coveredPercent: c.coveredPercent
            })),
            summary: {
                totalLines: r.coverage.reduce((n, c) => n + c.totalLines, 0),
                coveredLines: r.coverage.reduce((n, c) => n + c.totalCovered, 0),
                testRunCoverage: s.testRunCoverage,
                orgWideCoverage: s.testRunCoverage
            }
        }
    };
}

export function writeJson(r: RunResult, file: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, JSON.stringify(toSfJson(r), null, 2) + '\n');
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
const cdata = (s: string) => `<![CDATA[${s.replace(/]]>/g, ']]]]><![CDATA[>')}]]>`;

export function toJunit(r: RunResult): string {
    const s = r.summary;
    const failures = r.tests.filter((t) => t.outcome === 'Fail').length;
    const errors = r.tests.filter((t) => t.outcome === 'Unsupported' || t.outcome === 'Crash').length;
    let x = '<?xml version="1.0" encoding="UTF-8"?>\n<testsuites>\n';
    x += `    <testsuite name="force.apex" timestamp="${s.testStartTime}" hostname="local-apex-runtime" tests="${s.testsRan}" failures="${failures}" errors="${errors}" time="${(s.testExecutionTimeMs / 1000).toFixed(2)}">\n`;
    x += '        <properties>\n';
    for (const [k, v] of [
        ['outcome', s.outcome],
        ['testsRan', s.testsRan],
        ['passing', s.passing],
        ['failing', s.failing],
        ['unsupported', s.unsupported],
        ['passRate', s.passRate],
        ['testRunCoverage', s.testRunCoverage]
    ])
        x += `            <property name="${k}" value="${esc(String(v))}"/>\n`;
    x += '        </properties>\n';
    for (const t of r.tests) {
        x += `        <testcase name="${esc(t.methodName)}" classname="${esc(t.className)}" time="${(t.runTimeMs / 1000).toFixed(2)}">\n`;
        if (t.outcome === 'Fail')
            x += `            <failure message="${esc(t.message ?? '')}">${cdata(t.stackTrace ?? '')}</failure>\n`;
        else if (t.outcome !== 'Pass')
            x += `            <error type="${t.outcome}" message="${esc(t.message ?? '')}">${cdata(t.stackTrace ?? '')}</error>\n`;
        x += '        </testcase>\n';
    }
    x += '    </testsuite>\n</testsuites>\n';
    return x;
}

export function writeJunit(r: RunResult, file: string): void {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, toJunit(r));
}
