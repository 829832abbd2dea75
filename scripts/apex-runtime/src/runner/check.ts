// `apex check`: static findings over every class and trigger, including code that no test executes —
// syntax errors, SOQL the platform would reject at compile time (the data layer's checkSoql), type names that
// are neither project classes, sObjects nor supported platform types, constructs the runtime refuses, and the
// compile pass of typecheck/ (unknown names and members, signatures, assignments, returns, implementations).
import { ApexPlatformError } from '../errors';
import type { TypeDecl, TypeRef } from '../frontend/ast';
import { isUnsupported } from '../interp/exceptions';
import type { ClassInfo } from '../interp/types';
import { loadProgram } from '../project/load';
import type { ProjectSources } from '../project/project';
import { Session } from '../session';
import { checkSoql } from '../soql';
import type { SchemaRegistry } from '../schema';
import { typecheckProgram } from '../typecheck';

export interface Finding {
    severity: 'error' | 'unsupported';
    file: string;
    line: number;
    message: string;
}

const COLLECTIONS = new Set(['list', 'set', 'map']);

export function checkProject(src: ProjectSources, opts: { explicitSourceDirs?: boolean } = {}): Finding[] {
    const syntax: string[] = [];
    const program = loadProgram(src, syntax);
    const findings: Finding[] = syntax.map((m) => ({
        severity: 'error',
        file: m.split(':')[0],
        line: Number(/: (\d+):/.exec(m)?.[1] ?? 0),
        message: m
    }));
    const session = new Session(program, {
        projectDir: src.root,
        sourceDirs: opts.explicitSourceDirs ? src.sourceDirs : []
    });
    const it = session.it;
    const schema = it.services.schema as SchemaRegistry;

    const checkType = (t: TypeRef, ctx: ClassInfo | null, file: string, line: number): void => {
        const lc = t.names.map((n) => n.toLowerCase());
        if (
            !(lc.length === 1 && COLLECTIONS.has(lc[0])) &&
            !(lc.length === 2 && lc[0] === 'system' && COLLECTIONS.has(lc[1]))
        ) {
            let found = false;
            try {
                found = it.lookupType(t.names, ctx) !== null;
            } catch (e) {
                if (!isUnsupported(e)) throw e;
            }
            if (!found)
                findings.push({
                    severity: 'unsupported',
                    file,
                    line,
                    message: `type ${t.names.join('.')} is not a project class, an sObject or a supported platform type`
                });
        }
        for (const a of t.args) checkType(a, ctx, file, line);
    };

    const walk = (node: unknown, ctx: ClassInfo | null, file: string, line: number): void => {
        if (Array.isArray(node)) {
            for (const n of node) walk(n, ctx, file, line);
            return;
        }
        if (!node || typeof node !== 'object') return;
        const o = node as Record<string, unknown>;
        const here = typeof o.line === 'number' ? o.line : line;
        if ('names' in o && 'args' in o && Array.isArray(o.names)) {
            checkType(o as unknown as TypeRef, ctx, file, here);
            return;
        }
        if (o.kind === 'Unsupported')
            findings.push({ severity: 'unsupported', file, line: here, message: String(o.what) });
        if (o.kind === 'Soql') {
            try {
                checkSoql(String(o.text), schema, { file, line: here });
            } catch (e) {
                if (e instanceof ApexPlatformError)
                    findings.push({ severity: 'error', file, line: here, message: `${e.apexType}: ${e.message}` });
                else if (isUnsupported(e))
                    findings.push({
                        severity: 'unsupported',
                        file,
                        line: here,
                        message: (e as Error).message.replace(/^ApexRuntimeUnsupported: /, '')
                    });
                else throw e;
            }
        }
        for (const [k, v] of Object.entries(o))
            if (k !== 'inner' && v && typeof v === 'object') walk(v, ctx, file, here);
    };

    const walkClass = (decl: TypeDecl, ci: ClassInfo): void => {
        try {
            it.ensureResolved(ci);
        } catch (e) {
            if (!isUnsupported(e)) throw e;
            findings.push({
                severity: 'unsupported',
                file: decl.file,
                line: decl.line,
                message: (e as Error).message.replace(/^ApexRuntimeUnsupported: /, '')
            });
        }
        walk({ ...decl, extends: null, implements: [] }, ci, decl.file, decl.line);
        for (const inner of decl.inner) {
            const ici = ci.inner.get(inner.name.toLowerCase());
            if (ici) walkClass(inner, ici);
        }
    };
    for (const ci of program.classes.values()) if (ci.decl) walkClass(ci.decl, ci);
    for (const t of program.triggers) walk(t.body, null, t.file, t.line);
    for (const f of typecheckProgram(program, it)) {
        findings.push({
            severity: f.unsupported ? 'unsupported' : 'error',
            file: f.file,
            line: f.line,
            message: f.message
        });
        // an "Invalid type" error replaces the undecided finding for the same name
        const m = /^Invalid type: (.*)$/.exec(f.message);
        if (m)
            for (let i = findings.length - 1; i >= 0; i--)
                if (
                    findings[i].severity === 'unsupported' &&
                    findings[i].file === f.file &&
                    findings[i].message.startsWith(`type ${m[1]} is not`)
                )
                    findings.splice(i, 1);
    }
    const seen = new Set<string>();
    return findings
        .filter((f) => {
            const k = `${f.file}:${f.line}:${f.message}`;
            if (seen.has(k)) return false;
            seen.add(k);
            return true;
        })
        .sort((a, b) => a.file.localeCompare(b.file) || a.line - b.line);
}

export function formatFindings(findings: Finding[]): string {
    if (!findings.length) return 'apex check: no findings\n';
    const lines = findings.map(
        (f) => `${f.severity === 'error' ? 'error' : 'unsupported'}: ${f.file}:${f.line} ${f.message}`
    );
    const errors = findings.filter((f) => f.severity === 'error').length;
    return `${lines.join('\n')}\n\napex check: ${errors} error(s), ${findings.length - errors} unsupported construct(s)\n`;
}
