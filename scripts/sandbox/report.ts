// Plain-text tables for the sandbox report.
import { SYNC_LIMITS, ASYNC_LIMITS, type LimitCounters } from '../apex-runtime/src';
import type { TxReport } from './runtime';

export function table(headers: string[], rows: string[][], maxCell = 60): string {
    const cut = (s: string) => (s.length > maxCell ? `${s.slice(0, maxCell - 1)}…` : s);
    const cells = rows.map((r) => r.map((c) => cut(c.replace(/\s+/g, ' '))));
    const w = headers.map((h, i) => Math.max(h.length, ...cells.map((r) => (r[i] ?? '').length)));
    const line = (r: string[]) => `  ${r.map((c, i) => (c ?? '').padEnd(w[i])).join('  ')}`.trimEnd();
    const out = [line(headers), line(w.map((n) => '-'.repeat(n))), ...cells.map(line)];
    if (!rows.length) out.push('  (none)');
    return `${out.join('\n')}\n`;
}

const fmt = (used: number, limit: number | null) => (limit === null ? String(used) : `${used}/${limit}`);

export function limitRow(label: string, l: LimitCounters, async: boolean): string[] {
    const lim = async ? ASYNC_LIMITS : SYNC_LIMITS;
    return [
        label,
        fmt(l.soqlQueries, lim.soqlQueries),
        fmt(l.queryRows, lim.queryRows),
        fmt(l.dmlStatements, lim.dmlStatements),
        fmt(l.dmlRows, lim.dmlRows),
        fmt(l.callouts, lim.callouts),
        fmt(l.queueableJobs, lim.queueableJobs),
        String(l.cpuSteps),
        String(l.heapEstimate)
    ];
}

export const LIMIT_HEADERS = [
    'transaction',
    'SOQL',
    'rows',
    'DML stmts',
    'DML rows',
    'callouts',
    'queueables',
    'CPU proxy (statements)',
    'heap est. (bytes)'
];

export function limitsTable(r: TxReport): string {
    const rows = [limitRow(`${r.label} (sync)`, r.limits, false)];
    for (const j of r.jobs) rows.push(limitRow(`  └ ${j.name} (async, ${j.status})`, j.limits, true));
    return table(LIMIT_HEADERS, rows, 80);
}
