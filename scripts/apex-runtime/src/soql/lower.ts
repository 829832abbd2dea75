/**
 * Parse SOQL text with apex-parser's `query()` rule (the same rule the inline `[SELECT …]` uses) and
 * lower it into our AST. Binds are numbered in the depth-first order of `BoundExpressionContext`
 * nodes — the same order the interpreter's lowering uses for `Soql.binds` (docs/apex-runtime-internals.md).
 * Constructs outside the supported subset (APEX-RUNTIME.md §3.5) throw ApexRuntimeUnsupported.
 */
import * as P from '@apexdevtools/apex-parser';
import { ApexErrorListener, ApexLexer, ApexParserFactory } from '@apexdevtools/apex-parser';
import { ApexRuntimeUnsupported, queryError, SourcePos } from '../errors';
import { ApexDate, ApexDatetime, ApexDecimal, parseTimeLiteral } from '../values';
import type { AggFn, CmpOp, Cond, DateFn, DateFnSpec, OrderItem, SelectItem, SoqlQuery, ValueExpr } from './ast';

type Ctx = any; // eslint-disable-line @typescript-eslint/no-explicit-any

class Collect extends ApexErrorListener {
    errors: string[] = [];
    apexSyntaxError(line: number, column: number, msg: string): void {
        this.errors.push(`${line}:${column} ${msg}`);
    }
}

const cache = new Map<string, SoqlQuery>();

/** Parse + lower, cached by text. Syntax errors → System.QueryException (dynamic SOQL behaviour). */
export function parseSoql(text: string, pos: SourcePos = {}): SoqlQuery {
    const hit = cache.get(text);
    if (hit) return hit;
    const errs = new Collect();
    const { parser } = ApexParserFactory.createLexerAndParser(text, errs);
    const tree = parser.query();
    if (errs.errors.length) throw queryError(`unexpected token: ${errs.errors[0]}`);
    if (parser.getTokenStream().LA(1) !== ApexLexer.EOF) {
        throw queryError(`unexpected token: '${parser.getTokenStream().LT(1)?.text ?? '?'}'`);
    }
    const l = new Lowerer(pos);
    l.numberBinds(tree);
    const q = l.query(tree, false);
    q.bindCount = l.bindIndex.size;
    cache.set(text, q);
    return q;
}

function isTerminal(n: Ctx): boolean {
    return n && typeof n.getSymbol === 'function';
}

/** Decode a SOQL string literal token ('…' with backslash escapes). `\%` and `\_` keep their backslash for LIKE. */
export function decodeSoqlString(tok: string): string {
    const body = tok.slice(1, -1);
    return body.replace(/\\(.)/g, (_, c: string) => {
        switch (c) {
            case 'n':
                return '\n';
            case 't':
                return '\t';
            case 'r':
                return '\r';
            case 'b':
                return '\b';
            case 'f':
                return '\f';
            case '%':
            case '_':
                return '\\' + c;
            default:
                return c;
        }
    });
}

class Lowerer {
    readonly bindIndex = new Map<Ctx, number>();
    constructor(private pos: SourcePos) {}

    private unsupported(what: string, ctx?: Ctx): never {
        const line = ctx?.start?.line;
        throw new ApexRuntimeUnsupported(`SOQL ${what}`, {
            file: this.pos.file,
            line: this.pos.line !== undefined && line !== undefined ? this.pos.line + line - 1 : this.pos.line
        });
    }

    numberBinds(n: Ctx): void {
        if (n instanceof P.BoundExpressionContext) {
            this.bindIndex.set(n, this.bindIndex.size);
            return;
        }
        for (const ch of n.children ?? []) if (!isTerminal(ch)) this.numberBinds(ch);
    }

    private path(fn: Ctx): string[] {
        return fn.soqlId_list().map((s: Ctx) => s.getText());
    }

    query(q: Ctx, sub: boolean): SoqlQuery {
        const from = q.fromNameList();
        if (from.fieldName_list().length !== 1 || from.soqlId_list().length > 0)
            this.unsupported('multiple FROM objects / aliases', from);
        const out: SoqlQuery = {
            from: this.path(from.fieldName(0)).join('.'),
            select: [],
            countOnly: false,
            groupBy: [],
            orderBy: [],
            allRows: false,
            forUpdate: false,
            bindCount: 0
        };
        const entries: Ctx[] = sub ? q.subFieldList().subFieldEntry_list() : q.selectList().selectEntry_list();
        for (const e of entries) out.select.push(this.selectEntry(e, out));
        // a subquery may name its relationship through the outer object: `(SELECT … FROM Account.Contacts) FROM
        // Account` (SOQL and SOSL Reference, "Understanding Relationship Names")
        for (const s of out.select) {
            if (s.kind !== 'subquery') continue;
            const dot = s.query.from.indexOf('.');
            if (dot > 0 && s.query.from.slice(0, dot).toLowerCase() === out.from.toLowerCase())
                s.query.from = s.query.from.slice(dot + 1);
        }
        if (!sub && q.usingScope()) this.unsupported('USING SCOPE', q.usingScope());
        if (q.whereClause()) out.where = this.whereLogical(q.whereClause().whereLogicalExpression());
        if (!sub && q.withClause()) {
            const w = q.withClause();
            if (w.USER_MODE()) out.withMode = 'USER_MODE';
            else if (w.SYSTEM_MODE()) out.withMode = 'SYSTEM_MODE';
            else if (w.SECURITY_ENFORCED()) out.withMode = 'SECURITY_ENFORCED';
            else this.unsupported('WITH DATA CATEGORY / WITH filter', w);
        }
        if (!sub && q.groupByClause()) {
            const g = q.groupByClause();
            if (g.ROLLUP() || g.CUBE()) out.groupingMode = g.ROLLUP() ? 'ROLLUP' : 'CUBE';
            for (const fg of g.fieldGroupByList().fieldGroupBy_list()) {
                if (!fg.fieldName()) {
                    const d = fg.soqlFunction() ? this.dateFn(fg.soqlFunction()) : null;
                    if (!d) this.unsupported('GROUP BY on a function', fg);
                    (out.groupByFn ??= [])[out.groupBy.length] = d.spec;
                    out.groupBy.push(d.path);
                    continue;
                }
                out.groupBy.push(this.path(fg.fieldName()));
            }
            if (g.HAVING()) out.having = this.logical(g.logicalExpression());
        }
        if (q.orderByClause()) {
            for (const fo of q.orderByClause().fieldOrderList().fieldOrder_list()) out.orderBy.push(this.order(fo));
        }
        if (q.limitClause()) out.limit = this.intOrBind(q.limitClause());
        if (!sub && q.offsetClause()) out.offset = this.intOrBind(q.offsetClause());
        if (!sub && q.allRowsClause()) out.allRows = true;
        const fc = q.forClauses();
        if (fc) {
            if (fc.VIEW_list().length) out.forView = true;
            if (fc.REFERENCE_list().length) out.forReference = true;
            if (fc.UPDATE_list().length) out.forUpdate = true;
        }
        if (q.UPDATE && q.UPDATE()) this.unsupported('UPDATE TRACKING / VIEWSTAT', q);
        return out;
    }

    private selectEntry(e: Ctx, q: SoqlQuery): SelectItem {
        if (e.typeOf()) {
            const t = e.typeOf();
            const list = (l: Ctx): string[][] =>
                l
                    .fieldNameList()
                    .fieldName_list()
                    .map((f: Ctx) => this.path(f));
            return {
                kind: 'typeof',
                rel: this.path(t.fieldName()),
                whens: t.whenClause_list().map((w: Ctx) => ({ type: w.fieldName().getText(), fields: list(w) })),
                ...(t.elseClause() ? { otherwise: list(t.elseClause()) } : {})
            };
        }
        if (e.subQuery()) return { kind: 'subquery', query: this.query(e.subQuery(), true) };
        if (e.soqlFunction() && e.soqlFunction().TOLABEL() && e.soqlFunction().fieldName()) {
            const alias = e.soqlId() ? e.soqlId().getText() : undefined;
            if (alias) this.unsupported('toLabel() with an alias', e);
            return { kind: 'field', path: this.path(e.soqlFunction().fieldName()), toLabel: true };
        }
        if (e.soqlFunction() && e.soqlFunction().FIELDS()) {
            const fp = e.soqlFunction().soqlFieldsParameter();
            return { kind: 'fields', which: fp.ALL() ? 'ALL' : fp.CUSTOM() ? 'CUSTOM' : 'STANDARD' };
        }
        if (e.soqlFunction() && e.soqlFunction().dateFieldName()) {
            const d = this.dateFn(e.soqlFunction())!;
            const alias = e.soqlId() ? e.soqlId().getText() : undefined;
            return { kind: 'field', path: d.path, dateFn: d.spec, ...(alias ? { alias } : {}) };
        }
        if (e.soqlFunction()) {
            const f = this.func(e.soqlFunction());
            if (f.fn === 'COUNT' && f.path === null && !e.soqlId()) {
                q.countOnly = true;
            }
            return { kind: 'agg', fn: f.fn, path: f.path, alias: e.soqlId()?.getText() };
        }
        const alias = e.soqlId() ? e.soqlId().getText() : undefined;
        return { kind: 'field', path: this.path(e.fieldName()), ...(alias ? { alias } : {}) };
    }

    /** `CALENDAR_YEAR(CreatedDate)` / `DAY_ONLY(convertTimezone(CreatedDate))`; null when not a date function. */
    private dateFn(f: Ctx): { spec: DateFnSpec; path: string[] } | null {
        const d = f.dateFieldName();
        if (!d) return null;
        if (f.FISCAL_MONTH() || f.FISCAL_QUARTER() || f.FISCAL_YEAR())
            this.unsupported(`fiscal date function ${f.getText()} (org fiscal year settings)`, f);
        const names: DateFn[] = [
            'CALENDAR_MONTH',
            'CALENDAR_QUARTER',
            'CALENDAR_YEAR',
            'DAY_IN_MONTH',
            'DAY_IN_WEEK',
            'DAY_IN_YEAR',
            'DAY_ONLY',
            'HOUR_IN_DAY',
            'WEEK_IN_MONTH',
            'WEEK_IN_YEAR'
        ];
        const fn = names.find((n) => typeof f[n] === 'function' && f[n]());
        if (!fn) return this.unsupported(`function ${f.getText()}`, f);
        return { spec: { fn, tz: !!d.CONVERT_TIMEZONE() }, path: this.path(d.fieldName()) };
    }

    private func(f: Ctx): { fn: AggFn; path: string[] | null } {
        const fn: AggFn | undefined = f.COUNT()
            ? 'COUNT'
            : f.COUNT_DISTINCT()
              ? 'COUNT_DISTINCT'
              : f.SUM()
                ? 'SUM'
                : f.AVG()
                  ? 'AVG'
                  : f.MIN()
                    ? 'MIN'
                    : f.MAX()
                      ? 'MAX'
                      : typeof f.GROUPING === 'function' && f.GROUPING()
                        ? 'GROUPING'
                        : undefined;
        if (!fn) this.unsupported(`function ${f.getText()}`, f);
        return { fn, path: f.fieldName() ? this.path(f.fieldName()) : null };
    }

    private order(fo: Ctx): OrderItem {
        const desc = !!fo.DESC();
        // "By default, null values are sorted first", whatever the direction (SOQL Reference, "ORDER BY"; DLRS's LREngine
        // tests, run in orgs, expect a null first under DESC too)
        const nullsLast = fo.NULLS() ? !!fo.LAST() : false;
        if (fo.soqlFunction() && fo.soqlFunction().dateFieldName()) {
            const d = this.dateFn(fo.soqlFunction())!;
            return { path: d.path, dateFn: d.spec, desc, nullsLast };
        }
        if (fo.soqlFunction()) {
            const f = this.func(fo.soqlFunction());
            return { path: null, agg: { fn: f.fn, path: f.path }, desc, nullsLast };
        }
        return { path: this.path(fo.fieldName()), desc, nullsLast };
    }

    private intOrBind(c: Ctx): ValueExpr {
        if (c.boundExpression()) return this.bind(c.boundExpression());
        return { kind: 'lit', value: ApexDecimal.parse(c.IntegerLiteral().getText()) };
    }

    private bind(b: Ctx): ValueExpr {
        const ex = b.expression();
        const text = ex.start.getInputStream().getText(ex.start.start, ex.stop.stop);
        return { kind: 'bind', index: this.bindIndex.get(b)!, text };
    }

    private whereLogical(w: Ctx): Cond {
        const items: Cond[] = w.whereConditionalExpression_list().map((c: Ctx) => this.whereConditional(c));
        if (w.NOT()) return { kind: 'not', item: items[0] };
        if (items.length === 1) return items[0];
        return w.SOQLOR_list().length ? { kind: 'or', items } : { kind: 'and', items };
    }

    private whereConditional(c: Ctx): Cond {
        if (c.whereLogicalExpression()) return this.whereLogical(c.whereLogicalExpression());
        const fe = c.whereFieldExpression();
        if (fe.FORMULA()) this.unsupported('FORMULA() in WHERE', fe);
        return this.fieldExpr(fe.fieldExpression());
    }

    private logical(w: Ctx): Cond {
        const items: Cond[] = w
            .conditionalExpression_list()
            .map((c: Ctx) =>
                c.logicalExpression() ? this.logical(c.logicalExpression()) : this.fieldExpr(c.fieldExpression())
            );
        if (w.NOT()) return { kind: 'not', item: items[0] };
        if (items.length === 1) return items[0];
        return w.SOQLOR_list().length ? { kind: 'or', items } : { kind: 'and', items };
    }

    private fieldExpr(fe: Ctx): Cond {
        const opText = fe.comparisonOperator().getText().toUpperCase().replace(/\s+/g, '');
        const op: CmpOp = opText === '<>' ? '!=' : opText === 'NOTIN' ? 'NOT IN' : (opText as CmpOp);
        const df = fe.soqlFunction() ? this.dateFn(fe.soqlFunction()) : null;
        if (df) return { kind: 'cmp', left: { path: df.path, dateFn: df.spec }, op, value: this.value(fe.value()) };
        const left = fe.soqlFunction()
            ? (() => {
                  const f = this.func(fe.soqlFunction());
                  return { agg: f.fn, path: f.path };
              })()
            : { path: this.path(fe.fieldName()) };
        return { kind: 'cmp', left, op, value: this.value(fe.value()) };
    }

    private value(v: Ctx): ValueExpr {
        if (v.NULL()) return { kind: 'lit', value: null };
        if (v.BooleanLiteral()) return { kind: 'lit', value: v.BooleanLiteral().getText().toLowerCase() === 'true' };
        if (v.signedNumber()) return { kind: 'lit', value: ApexDecimal.parse(v.signedNumber().getText()) };
        if (v.StringLiteral()) return { kind: 'lit', value: decodeSoqlString(v.StringLiteral().getText()) };
        if (v.DateLiteral()) return { kind: 'lit', value: ApexDate.valueOf(v.DateLiteral().getText()) };
        if (v.DateTimeLiteral()) return { kind: 'lit', value: ApexDatetime.parseIso(v.DateTimeLiteral().getText()) };
        if (v.TimeLiteral()) return { kind: 'lit', value: parseTimeLiteral(v.TimeLiteral().getText()) };
        if (v.dateFormula()) {
            const t = v.dateFormula().getText().toUpperCase();
            const m = /^([A-Z_0-9]+?)(?::(-?\d+))?$/.exec(t)!;
            return { kind: 'dateLit', name: m[1], n: m[2] !== undefined ? parseInt(m[2], 10) : undefined };
        }
        if (v.subQuery()) {
            const sq = this.query(v.subQuery(), true);
            return { kind: 'semijoin', query: sq };
        }
        if (v.valueList())
            return {
                kind: 'list',
                items: v
                    .valueList()
                    .value_list()
                    .map((x: Ctx) => this.value(x))
            };
        if (v.boundExpression()) return this.bind(v.boundExpression());
        return this.unsupported(`value ${v.getText()}`, v);
    }
}
