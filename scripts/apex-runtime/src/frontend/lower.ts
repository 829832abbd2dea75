// Lowering: ANTLR parse tree (apex-parser 5.2.0) → compact AST (ast.ts). This is the only module that
// knows the grammar's shape. Quirks handled here are numbered as in docs/APEX-RUNTIME.md §1.6.
import * as P from '@apexdevtools/apex-parser';
import type {
    Annotation,
    AnonymousUnit,
    CompilationUnit,
    Expr,
    FieldDecl,
    InitMember,
    MethodDecl,
    Param,
    PropDecl,
    Stmt,
    TriggerDecl,
    TypeDecl,
    TypeRef,
    VarDecl,
    WhenValue
} from './ast';

/* eslint-disable @typescript-eslint/no-explicit-any */
type Ctx = any;

export class ApexSyntaxErrors extends Error {
    constructor(
        public file: string,
        public errors: { line: number; column: number; msg: string }[]
    ) {
        super(`${file}: ${errors.map((e) => `${e.line}:${e.column} ${e.msg}`).join('; ')}`);
        this.name = 'ApexSyntaxErrors';
    }
}

class Collect extends P.ApexErrorListener {
    errors: { line: number; column: number; msg: string }[] = [];
    apexSyntaxError(line: number, column: number, msg: string): void {
        // ANTLR lists every acceptable token after "expecting"; keep messages readable
        const short = msg.replace(/expecting \{([^}]*)\}/, (m, list: string) =>
            list.length > 80 ? `expecting one of ${list.split(',').length} tokens` : m
        );
        this.errors.push({ line, column, msg: short });
    }
}

export function parseUnit(source: string, file: string, kind: 'class' | 'trigger' | 'anonymous'): CompilationUnit {
    const errs = new Collect();
    const { parser } = P.ApexParserFactory.createLexerAndParser(source, errs);
    const tree =
        kind === 'trigger'
            ? parser.triggerUnit()
            : kind === 'anonymous'
              ? parser.anonymousUnit()
              : parser.compilationUnit();
    if (!errs.errors.length) reservedNames(tree, errs);
    if (errs.errors.length) throw new ApexSyntaxErrors(file, errs.errors);
    const l = new Lowerer(file);
    if (kind === 'trigger') return { unit: 'trigger', trigger: l.trigger(tree), lines: l.sortedLines() };
    if (kind === 'anonymous') return { unit: 'anonymous', anon: l.anonymous(tree), lines: l.sortedLines() };
    return { unit: 'class', type: l.typeDeclaration((tree as Ctx).typeDeclaration()), lines: l.sortedLines() };
}

/**
 * Words Salesforce's own Apex parser refuses as a declared name (local variable, field, property, parameter,
 * method, loop or catch variable) although this grammar accepts them: the SOQL keywords and a few reserved words
 * ("Reserved Keywords", Apex Developer Guide). Measured with prettier-plugin-apex's parser (Salesforce's jorje),
 * which answers `Unexpected token 'bulk'.` for `Integer bulk;`; words the grammar already refuses are not listed.
 */
const RESERVED_NAMES = new Set(
    'and as asc bulk by commit desc from having in instanceof like limit not nulls or select trigger using where'.split(
        ' '
    )
);
const DECLARATIONS = [
    P.VariableDeclaratorContext,
    P.FormalParameterContext,
    P.MethodDeclarationContext,
    P.InterfaceMethodDeclarationContext,
    P.PropertyDeclarationContext,
    P.EnhancedForControlContext,
    P.CatchClauseContext
];

function reservedNames(tree: Ctx, errs: Collect): void {
    const visit = (n: Ctx): void => {
        if (DECLARATIONS.some((c) => n instanceof c)) {
            const id = n.id?.();
            if (id && RESERVED_NAMES.has(id.getText().toLowerCase()))
                errs.apexSyntaxError(id.start.line, id.start.column, `Unexpected token '${id.getText()}'.`);
        }
        for (const ch of n.children ?? []) if (!isTerminal(ch)) visit(ch);
    };
    visit(tree);
}

/** Parse a standalone expression (used by tests and by dynamic code paths). */
export function lowerExpression(ctx: Ctx, file: string): Expr {
    return new Lowerer(file).expr(ctx);
}

function pos(ctx: Ctx): { line: number; col: number } {
    const t = ctx.start ?? ctx.symbol;
    return { line: t.line, col: t.column + 1 };
}

function isTerminal(c: Ctx): boolean {
    return !!c && c.symbol !== undefined && !c.children;
}

function sourceText(ctx: Ctx): string {
    return ctx.start.getInputStream().getText(ctx.start.start, ctx.stop.stop);
}

function decodeString(raw: string): string {
    const body = raw.slice(1, -1);
    let out = '';
    for (let i = 0; i < body.length; i++) {
        const ch = body[i];
        if (ch !== '\\') {
            out += ch;
            continue;
        }
        const n = body[++i];
        switch (n) {
            case 'n':
                out += '\n';
                break;
            case 't':
                out += '\t';
                break;
            case 'r':
                out += '\r';
                break;
            case 'b':
                out += '\b';
                break;
            case 'f':
                out += '\f';
                break;
            case 'u':
                out += String.fromCharCode(parseInt(body.slice(i + 1, i + 5), 16));
                i += 4;
                break;
            default:
                out += n; // \' \" \\
        }
    }
    return out;
}

export class Lowerer {
    private lines = new Set<number>();
    constructor(private file: string) {}

    sortedLines(): number[] {
        return [...this.lines].sort((a, b) => a - b);
    }

    // ---------- types and declarations ----------
    typeRef(ctx: Ctx): TypeRef {
        const names: string[] = [];
        let args: TypeRef[] = [];
        for (const tn of ctx.typeName_list()) {
            if (tn.LIST()) names.push('List');
            else if (tn.SET()) names.push('Set');
            else if (tn.MAP()) names.push('Map');
            else names.push(tn.id().getText());
            const ta = tn.typeArguments();
            if (ta)
                args = ta
                    .typeList()
                    .typeRef_list()
                    .map((t: Ctx) => this.typeRef(t));
        }
        let t: TypeRef = { names, args };
        const subs = ctx.arraySubscripts();
        const dims = subs ? subs.LBRACK_list().length : 0;
        for (let i = 0; i < dims; i++) t = { names: ['List'], args: [t] };
        return t;
    }

    modifiers(list: Ctx[]): { modifiers: string[]; annotations: Annotation[] } {
        const modifiers: string[] = [];
        const annotations: Annotation[] = [];
        for (const m of list) {
            const a = m.annotation();
            if (a) annotations.push(this.annotation(a));
            else modifiers.push(m.children.map((c: Ctx) => c.getText().toLowerCase()).join(' '));
        }
        return { modifiers, annotations };
    }

    annotation(a: Ctx): Annotation {
        const params: Record<string, string | boolean | number> = {};
        const pairs = a.elementValuePairs();
        if (pairs) {
            for (const p of pairs.elementValuePair_list()) {
                params[p.id().getText().toLowerCase()] = this.annotationValue(p.elementValue());
            }
        } else if (a.elementValue()) params.value = this.annotationValue(a.elementValue());
        return { name: a.id().getText(), params };
    }

    private annotationValue(ev: Ctx): string | boolean | number {
        const lit = ev.literal();
        const e = this.literal(lit, pos(lit));
        if (e.kind === 'Lit') {
            if (typeof e.value === 'boolean') return e.value;
            if (e.type === 'Integer') return Number(e.value);
            return e.value === null ? '' : String(e.value);
        }
        return '';
    }

    typeDeclaration(td: Ctx): TypeDecl {
        const { modifiers, annotations } = this.modifiers(td.modifier_list());
        const inner = td.classDeclaration() ?? td.interfaceDeclaration() ?? td.enumDeclaration();
        return this.typeDecl(inner, modifiers, annotations);
    }

    typeDecl(ctx: Ctx, modifiers: string[], annotations: Annotation[]): TypeDecl {
        const decl: TypeDecl = {
            kind: 'class',
            name: ctx.id().getText(),
            modifiers,
            annotations,
            extends: null,
            implements: [],
            methods: [],
            ctors: [],
            staticInit: [],
            instanceInit: [],
            inner: [],
            enumValues: [],
            file: this.file,
            ...pos(ctx),
            endLine: ctx.stop.line
        };
        if (ctx instanceof P.EnumDeclarationContext) {
            decl.kind = 'enum';
            const ec = ctx.enumConstants();
            decl.enumValues = ec ? ec.id_list().map((i: Ctx) => i.getText()) : [];
            return decl;
        }
        if (ctx instanceof P.InterfaceDeclarationContext) {
            decl.kind = 'interface';
            const tl = ctx.typeList();
            if (tl) decl.implements = tl.typeRef_list().map((t: Ctx) => this.typeRef(t));
            for (const im of ctx.interfaceBody().interfaceMethodDeclaration_list()) {
                const m = this.modifiers(im.modifier_list());
                decl.methods.push({
                    name: im.id().getText(),
                    ...m,
                    returnType: im.typeRef() ? this.typeRef(im.typeRef()) : null,
                    params: this.params(im.formalParameters()),
                    body: null,
                    ...pos(im)
                });
            }
            return decl;
        }
        if (ctx.EXTENDS()) decl.extends = this.typeRef(ctx.typeRef());
        if (ctx.IMPLEMENTS())
            decl.implements = ctx
                .typeList()
                .typeRef_list()
                .map((t: Ctx) => this.typeRef(t));
        for (const cbd of ctx.classBody().classBodyDeclaration_list()) {
            if (cbd.block()) {
                const body = this.block(cbd.block());
                (cbd.STATIC() ? decl.staticInit : decl.instanceInit).push({ kind: 'block', body }); // Q11
                continue;
            }
            const md = cbd.memberDeclaration();
            if (!md) continue;
            const m = this.modifiers(cbd.modifier_list());
            this.member(decl, md, m.modifiers, m.annotations);
        }
        return decl;
    }

    private member(decl: TypeDecl, md: Ctx, modifiers: string[], annotations: Annotation[]): void {
        const isStatic = modifiers.includes('static');
        if (md.methodDeclaration()) decl.methods.push(this.method(md.methodDeclaration(), modifiers, annotations));
        else if (md.constructorDeclaration()) {
            const c = md.constructorDeclaration();
            decl.ctors.push({
                name: '<init>',
                modifiers,
                annotations,
                returnType: null,
                params: this.params(c.formalParameters()),
                body: this.block(c.block()),
                ...pos(c)
            });
        } else if (md.fieldDeclaration()) {
            const f = this.field(md.fieldDeclaration(), modifiers, annotations);
            (isStatic ? decl.staticInit : decl.instanceInit).push({ kind: 'field', field: f });
        } else if (md.propertyDeclaration()) {
            const p = this.property(md.propertyDeclaration(), modifiers, annotations);
            (isStatic ? decl.staticInit : decl.instanceInit).push({ kind: 'prop', prop: p });
        } else {
            const inner = md.classDeclaration() ?? md.interfaceDeclaration() ?? md.enumDeclaration();
            decl.inner.push(this.typeDecl(inner, modifiers, annotations));
        }
    }

    method(c: Ctx, modifiers: string[], annotations: Annotation[]): MethodDecl {
        const body = c.block() ? this.block(c.block()) : null;

        return {
            name: c.id().getText(),
            modifiers,
            annotations,
            returnType: c.typeRef() ? this.typeRef(c.typeRef()) : null,
            params: this.params(c.formalParameters()),
            body,
            ...pos(c)
        };
    }

    params(fp: Ctx): Param[] {
        const l = fp.formalParameterList();
        if (!l) return [];
        return l.formalParameter_list().map((p: Ctx) => ({ type: this.typeRef(p.typeRef()), name: p.id().getText() }));
    }

    field(c: Ctx, modifiers: string[], annotations: Annotation[]): FieldDecl {
        const decls = this.varDecls(c.variableDeclarators());
        if (decls.some((d) => d.init)) this.lines.add(c.start.line);
        return { modifiers, annotations, type: this.typeRef(c.typeRef()), decls, ...pos(c) };
    }

    varDecls(vds: Ctx): VarDecl[] {
        return vds.variableDeclarator_list().map((vd: Ctx) => ({
            name: vd.id().getText(),
            init: vd.expression() ? this.expr(vd.expression()) : null,
            line: vd.start.line
        }));
    }

    property(c: Ctx, modifiers: string[], annotations: Annotation[]): PropDecl {
        const p: PropDecl = {
            modifiers,
            annotations,
            type: this.typeRef(c.typeRef()),
            name: c.id().getText(),
            getter: null,
            setter: null,
            getterMods: [],
            setterMods: [],
            ...pos(c)
        };
        for (const pb of c.propertyBlock_list()) {
            const mods = this.modifiers(pb.modifier_list()).modifiers;
            if (pb.getter()) {
                const g = pb.getter();
                p.getter = g.block() ? this.block(g.block()) : 'auto';
                p.getterMods = mods;
            } else if (pb.setter()) {
                const s = pb.setter();
                p.setter = s.block() ? this.block(s.block()) : 'auto';
                p.setterMods = mods;
            }
        }
        return p;
    }

    trigger(tu: Ctx): TriggerDecl {
        const ids = tu.id_list();
        const events = tu
            .triggerCase_list()
            .map((tc: Ctx) => tc.children.map((c: Ctx) => c.getText().toLowerCase()).join(' '));
        const stmts: Stmt[] = [];
        const tb = tu.triggerBlock();
        for (const m of tb.triggerBlockMember_list()) {
            if (m.statement()) stmts.push(this.stmt(m.statement()));
            else {
                const d = m.triggerMemberDeclaration();
                if (d.fieldDeclaration())
                    stmts.push(this.fieldAsLocal(d.fieldDeclaration())); // Q1
                else stmts.push({ kind: 'Unsupported', what: 'declaration of a member inside a trigger', ...pos(d) });
            }
        }
        return {
            name: ids[0].getText(),
            object: ids[1].getText(),
            events,
            body: { kind: 'Block', stmts, ...pos(tb) },
            file: this.file,
            ...pos(tu)
        };
    }

    anonymous(au: Ctx): AnonymousUnit {
        const out: AnonymousUnit = {
            body: { kind: 'Block', stmts: [], line: 1, col: 1 },
            methods: [],
            types: [],
            file: this.file
        };
        const stmts = (out.body as { stmts: Stmt[] }).stmts;
        for (const m of au.anonymousBlock().anonymousBlockMember_list()) {
            if (m.statement()) {
                stmts.push(this.stmt(m.statement()));
                continue;
            }
            const d = m.anonymousMemberDeclaration();
            const mods = this.modifiers(m.modifier_list());
            if (d.fieldDeclaration())
                stmts.push(this.fieldAsLocal(d.fieldDeclaration(), mods.modifiers.includes('final'))); // Q1
            else if (d.methodDeclaration())
                out.methods.push(this.method(d.methodDeclaration(), [...mods.modifiers, 'static'], mods.annotations));
            else if (d.classDeclaration() || d.interfaceDeclaration() || d.enumDeclaration())
                out.types.push(
                    this.typeDecl(
                        d.classDeclaration() ?? d.interfaceDeclaration() ?? d.enumDeclaration(),
                        mods.modifiers,
                        mods.annotations
                    )
                );
            else stmts.push({ kind: 'Unsupported', what: 'property declaration in anonymous Apex', ...pos(d) });
        }
        return out;
    }

    private fieldAsLocal(fd: Ctx, fin = false): Stmt {
        this.lines.add(fd.start.line);
        return {
            kind: 'LocalVar',
            type: this.typeRef(fd.typeRef()),
            decls: this.varDecls(fd.variableDeclarators()),
            ...(fin ? { final: true as const } : {}),
            ...pos(fd)
        };
    }

    // ---------- statements ----------
    block(b: Ctx): Stmt {
        return { kind: 'Block', stmts: b.statement_list().map((s: Ctx) => this.stmt(s)), ...pos(b) };
    }

    stmtOrEmpty(s: Ctx | null, at: Ctx): Stmt {
        return s ? this.stmt(s) : { kind: 'Block', stmts: [], ...pos(at) };
    }

    stmt(s: Ctx): Stmt {
        const c = s instanceof P.StatementContext ? s.getChild(0) : s;
        const p = pos(c);
        if (!(c instanceof P.BlockContext)) this.lines.add(p.line);
        if (c instanceof P.BlockContext) return this.block(c);
        if (c instanceof P.LocalVariableDeclarationStatementContext) {
            const lv = c.localVariableDeclaration();
            const fin = lv.modifier_list().some((m: Ctx) => m.getText().toLowerCase() === 'final');
            return {
                kind: 'LocalVar',
                type: this.typeRef(lv.typeRef()),
                decls: this.varDecls(lv.variableDeclarators()),
                ...(fin ? { final: true as const } : {}),
                ...p
            };
        }
        if (c instanceof P.ExpressionStatementContext)
            return { kind: 'ExprStmt', expr: this.expr(c.expression()), ...p };
        if (c instanceof P.IfStatementContext) {
            const ss = c.statement_list();
            return {
                kind: 'If',
                cond: this.expr(c.parExpression().expression()),
                then: this.stmt(ss[0]),
                else: ss[1] ? this.stmt(ss[1]) : null,
                ...p
            };
        }
        if (c instanceof P.WhileStatementContext)
            return {
                kind: 'While',
                cond: this.expr(c.parExpression().expression()),
                body: this.stmtOrEmpty(c.statement(), c),
                ...p
            };
        if (c instanceof P.DoWhileStatementContext)
            return {
                kind: 'DoWhile',
                cond: this.expr(c.parExpression().expression()),
                body: this.block(c.block()),
                ...p
            };
        if (c instanceof P.ForStatementContext) {
            const fc = c.forControl();
            const body = this.stmtOrEmpty(c.statement(), c);
            const efc = fc.enhancedForControl();
            if (efc)
                return {
                    kind: 'ForEach',
                    type: this.typeRef(efc.typeRef()),
                    name: efc.id().getText(),
                    iter: this.expr(efc.expression()),
                    body,
                    ...p
                };
            const init: Stmt[] = [];
            const fi = fc.forInit();
            if (fi) {
                const lv = fi.localVariableDeclaration();
                if (lv)
                    init.push({
                        kind: 'LocalVar',
                        type: this.typeRef(lv.typeRef()),
                        decls: this.varDecls(lv.variableDeclarators()),
                        ...pos(lv)
                    });
                else
                    for (const e of fi.expressionList().expression_list())
                        init.push({ kind: 'ExprStmt', expr: this.expr(e), ...pos(e) });
            }
            const fu = fc.forUpdate();
            return {
                kind: 'For',
                init,
                cond: fc.expression() ? this.expr(fc.expression()) : null,
                update: fu
                    ? fu
                          .expressionList()
                          .expression_list()
                          .map((e: Ctx) => this.expr(e))
                    : [],
                body,
                ...p
            };
        }
        if (c instanceof P.SwitchStatementContext) {
            return {
                kind: 'Switch',
                expr: this.expr(c.expression()),
                whens: c
                    .whenControl_list()
                    .map((w: Ctx) => ({ values: this.whenValue(w.whenValue()), body: this.block(w.block()) })),
                ...p
            };
        }
        if (c instanceof P.TryStatementContext) {
            return {
                kind: 'Try',
                body: this.block(c.block()),
                catches: c.catchClause_list().map((cc: Ctx) => ({
                    type: cc
                        .qualifiedName()
                        .id_list()
                        .map((i: Ctx) => i.getText()),
                    name: cc.id().getText(),
                    body: this.block(cc.block()),
                    line: cc.start.line
                })),
                fin: c.finallyBlock() ? this.block(c.finallyBlock().block()) : null,
                ...p
            };
        }
        if (c instanceof P.ReturnStatementContext)
            return { kind: 'Return', expr: c.expression() ? this.expr(c.expression()) : null, ...p };
        if (c instanceof P.ThrowStatementContext) return { kind: 'Throw', expr: this.expr(c.expression()), ...p };
        if (c instanceof P.BreakStatementContext) return { kind: 'Break', ...p };
        if (c instanceof P.ContinueStatementContext) return { kind: 'Continue', ...p };
        if (c instanceof P.RunAsStatementContext) {
            const el = c.expressionList();
            return {
                kind: 'RunAs',
                args: el ? el.expression_list().map((e: Ctx) => this.expr(e)) : [],
                body: this.block(c.block()),
                ...p
            };
        }
        const dmlKinds: [any, 'insert' | 'update' | 'upsert' | 'delete' | 'undelete' | 'merge'][] = [
            [P.InsertStatementContext, 'insert'],
            [P.UpdateStatementContext, 'update'],
            [P.UpsertStatementContext, 'upsert'],
            [P.DeleteStatementContext, 'delete'],
            [P.UndeleteStatementContext, 'undelete'],
            [P.MergeStatementContext, 'merge']
        ];
        for (const [cls, op] of dmlKinds) {
            if (c instanceof cls) {
                const exprs = op === 'merge' ? c.expression_list() : [c.expression()];
                const al = c.accessLevel();
                const qn = op === 'upsert' ? c.qualifiedName() : null;
                return {
                    kind: 'Dml',
                    op,
                    expr: this.expr(exprs[0]),
                    expr2: exprs[1] ? this.expr(exprs[1]) : null,
                    extId: qn
                        ? qn
                              .id_list()
                              .map((i: Ctx) => i.getText())
                              .join('.')
                        : null,
                    access: al ? al.getText().toLowerCase() : null,
                    ...p
                };
            }
        }
        return { kind: 'Unsupported', what: `statement ${c.constructor?.name ?? '?'}`, ...p };
    }

    whenValue(wv: Ctx): WhenValue[] | null {
        if (wv.ELSE()) return null;
        if (wv.typeRef()) return [{ kind: 'type', type: this.typeRef(wv.typeRef()), name: wv.id().getText() }];
        return wv.whenLiteral_list().map((wl: Ctx) => this.whenLiteral(wl));
    }

    private whenLiteral(wl: Ctx): WhenValue {
        if (wl.whenLiteral()) return this.whenLiteral(wl.whenLiteral());
        const qn = wl.qualifiedName();
        if (qn) {
            const ids = qn.id_list().map((i: Ctx) => i.getText());
            return { kind: 'enum', name: ids[ids.length - 1] }; // Q10
        }
        const p = pos(wl);
        if (wl.NULL()) return { kind: 'lit', expr: { kind: 'Lit', type: 'Null', value: null, ...p } };
        if (wl.StringLiteral())
            return {
                kind: 'lit',
                expr: { kind: 'Lit', type: 'String', value: decodeString(wl.StringLiteral().getText()), ...p }
            };
        const neg = wl.SUB_list().length % 2 === 1;
        if (wl.LongLiteral()) {
            const t = wl.LongLiteral().getText().replace(/[lL]$/, '');
            return { kind: 'lit', expr: { kind: 'Lit', type: 'Long', value: (neg ? '-' : '') + t, ...p } };
        }
        const t = wl.IntegerLiteral().getText();
        return { kind: 'lit', expr: { kind: 'Lit', type: 'Integer', value: (neg ? '-' : '') + t, ...p } };
    }

    // ---------- expressions ----------
    literal(lit: Ctx, p: { line: number; col: number }): Expr {
        if (lit.IntegerLiteral()) return { kind: 'Lit', type: 'Integer', value: lit.getText(), ...p };
        if (lit.LongLiteral()) return { kind: 'Lit', type: 'Long', value: lit.getText().replace(/[lL]$/, ''), ...p };
        if (lit.NumberLiteral()) {
            const t = lit.getText();
            if (/[dD]$/.test(t)) return { kind: 'Lit', type: 'Double', value: t.slice(0, -1), ...p };
            return { kind: 'Lit', type: 'Decimal', value: t, ...p }; // Q6
        }
        if (lit.StringLiteral()) return { kind: 'Lit', type: 'String', value: decodeString(lit.getText()), ...p };
        if (lit.BooleanLiteral())
            return { kind: 'Lit', type: 'Boolean', value: lit.getText().toLowerCase() === 'true', ...p };
        if (lit.NULL()) return { kind: 'Lit', type: 'Null', value: null, ...p };
        return { kind: 'Unsupported', what: 'multi-line string literal', ...p };
    }

    args(el: Ctx | null): Expr[] {
        return el ? el.expression_list().map((e: Ctx) => this.expr(e)) : [];
    }

    expr(c: Ctx): Expr {
        const p = pos(c);
        if (c instanceof P.PrimaryExpressionContext) return this.primary(c.primary());
        if (c instanceof P.SubExpressionContext) return { ...this.expr(c.expression()), paren: true };
        if (c instanceof P.DotExpressionContext) {
            const target = this.expr(c.expression());
            const safe = c.getChild(1).getText() === '?.';
            const dmc = c.dotMethodCall();
            if (dmc)
                return {
                    kind: 'Call',
                    target,
                    name: dmc.anyId().getText(),
                    args: this.args(dmc.expressionList()),
                    safe,
                    ...p
                };
            return { kind: 'Dot', target, name: c.anyId().getText(), safe, ...p };
        }
        if (c instanceof P.MethodCallExpressionContext) {
            const mc = c.methodCall();
            const args = this.args(mc.expressionList());
            if (mc.THIS()) return { kind: 'CtorCall', which: 'this', args, ...p };
            if (mc.SUPER()) return { kind: 'CtorCall', which: 'super', args, ...p };
            return { kind: 'Call', target: null, name: mc.id().getText(), args, safe: false, ...p };
        }
        if (c instanceof P.ArrayExpressionContext) {
            const [a, b] = c.expression_list();
            return { kind: 'Index', target: this.expr(a), index: this.expr(b), ...p };
        }
        if (c instanceof P.NewExpressionContext) return this.creator(c.creator(), p);
        if (c instanceof P.CastExpressionContext) {
            const type = this.typeRef(c.typeRef());
            const innerCtx = c.expression();
            const inner = this.expr(innerCtx);
            const preOp = innerCtx instanceof P.PreOpExpressionContext ? innerCtx.getChild(0).getText() : '';
            // Q3: `(a) - b` parses as Cast(a, -b). Keep both readings; the interpreter picks the binary one
            // when `a` is not a type.
            if (type.names.length === 1 && !type.args.length && (preOp === '-' || preOp === '+')) {
                return {
                    kind: 'CastOrBin',
                    cast: { kind: 'Cast', type, expr: inner, ...p },
                    bin: {
                        kind: 'Bin',
                        op: preOp,
                        left: { kind: 'Name', name: type.names[0], ...p },
                        right: this.expr((innerCtx as Ctx).expression()),
                        ...p
                    },
                    ...p
                };
            }
            return { kind: 'Cast', type, expr: inner, ...p };
        }
        if (c instanceof P.PostOpExpressionContext)
            return {
                kind: 'IncDec',
                op: c.getChild(1).getText() as '++' | '--',
                prefix: false,
                target: this.expr(c.expression()),
                ...p
            };
        if (c instanceof P.PreOpExpressionContext) {
            const op = c.getChild(0).getText();
            const e = this.expr(c.expression());
            if (op === '++' || op === '--') return { kind: 'IncDec', op, prefix: true, target: e, ...p };
            // fold negative numeric literals so that -2147483648 is representable
            if (op === '-' && e.kind === 'Lit' && ['Integer', 'Long', 'Double', 'Decimal'].includes(e.type))
                return { ...e, value: '-' + String(e.value), ...p };
            return { kind: 'Unary', op: op as '-' | '+', expr: e, ...p };
        }
        if (c instanceof P.NegExpressionContext)
            return { kind: 'Unary', op: c.getChild(0).getText() as '!' | '~', expr: this.expr(c.expression()), ...p };
        if (c instanceof P.InstanceOfExpressionContext)
            return { kind: 'InstanceOf', expr: this.expr(c.expression()), type: this.typeRef(c.typeRef()), ...p };
        if (c instanceof P.CondExpressionContext) {
            const [a, b, d] = c.expression_list();
            return { kind: 'Cond', cond: this.expr(a), then: this.expr(b), else: this.expr(d), ...p };
        }
        // Binary and assignment forms: operator = the terminal tokens between the two operands (Q4).
        const kids: Ctx[] = c.children ?? [];
        const exprs = kids.filter((k) => k instanceof P.ExpressionContext);
        if (exprs.length === 2) {
            const op = kids
                .filter((k) => isTerminal(k))
                .map((k) => k.getText())
                .join('');
            const left = this.expr(exprs[0]);
            const right = this.expr(exprs[1]);
            if (c instanceof P.AssignExpressionContext) return { kind: 'Assign', op, target: left, value: right, ...p };
            return { kind: 'Bin', op: op === '<>' ? '!=' : op, left, right, ...p };
        }
        return { kind: 'Unsupported', what: `expression ${c.constructor?.name ?? '?'}`, ...p };
    }

    primary(pr: Ctx): Expr {
        const p = pos(pr);
        if (pr instanceof P.ThisPrimaryContext) return { kind: 'This', ...p };
        if (pr instanceof P.SuperPrimaryContext) return { kind: 'Super', ...p };
        if (pr instanceof P.LiteralPrimaryContext) return this.literal(pr.literal(), p);
        if (pr instanceof P.IdPrimaryContext) return { kind: 'Name', name: pr.id().getText(), ...p };
        if (pr instanceof P.TypeRefPrimaryContext) return { kind: 'ClassLit', type: this.typeRef(pr.typeRef()), ...p };
        if (pr instanceof P.VoidPrimaryContext) return { kind: 'ClassLit', type: { names: ['void'], args: [] }, ...p };
        if (pr instanceof P.SoqlPrimaryContext) {
            const q = pr.soqlLiteral().query();
            return { kind: 'Soql', ...this.boundQuery(q), ...p };
        }
        if (pr instanceof P.SoslPrimaryContext) {
            // binds numbered in text order (the FIND bind first), like the data layer's runSosl expects
            const q = pr.soslLiteral();
            return { kind: 'Sosl', ...this.boundQuery(q), ...p };
        }
        return { kind: 'Unsupported', what: `primary ${pr.constructor?.name ?? '?'}`, ...p };
    }

    /**
     * The `:expr` binds of an inline SOQL/SOSL query, depth-first in text order (how the data layer numbers them),
     * and the query text with each bound expression replaced by a placeholder name: the data layer parses the
     * query on its own, where an Apex expression such as an unqualified method call `:find(x).Id` does not
     * parse, and it needs only each bind's position.
     */
    boundQuery(query: Ctx): { text: string; binds: Expr[] } {
        const binds: Expr[] = [];
        const start = query.start.start as number;
        const source = sourceText(query);
        let text = '';
        let copied = start;
        const visit = (n: Ctx): void => {
            if (n instanceof P.BoundExpressionContext) {
                const e: Ctx = n.expression();
                text += source.slice(copied - start, e.start.start - start) + `__bind${binds.length}`;
                copied = (e.stop.stop as number) + 1;
                binds.push(this.expr(e));
                return;
            }
            for (const ch of n.children ?? []) if (!isTerminal(ch)) visit(ch);
        };
        visit(query);
        return { text: text + source.slice(copied - start), binds };
    }

    creator(cr: Ctx, p: { line: number; col: number }): Expr {
        const pairs = cr.createdName().idCreatedNamePair_list();
        const names: string[] = [];
        let args: TypeRef[] = [];
        for (const pair of pairs) {
            names.push(pair.anyId().getText());
            const tl = pair.typeList();
            if (tl) args = tl.typeRef_list().map((t: Ctx) => this.typeRef(t));
        }
        let type: TypeRef = { names, args };
        if (cr.classCreatorRest()) {
            const a = this.args(cr.classCreatorRest().arguments().expressionList());
            const out: Expr = { kind: 'New', type, args: a, ...p };
            // Q7: `new Account(Name='x')` — assignment-shaped arguments are field/value pairs for sObjects
            if (a.length && a.every((x) => x.kind === 'Assign' && x.op === '=' && x.target.kind === 'Name')) {
                out.fieldInits = a.map((x) => {
                    const as = x as Extract<Expr, { kind: 'Assign' }>;
                    return { name: (as.target as { name: string }).name, value: as.value };
                });
            }
            return out;
        }
        if (cr.arrayCreatorRest()) {
            const ac = cr.arrayCreatorRest();
            type = { names: ['List'], args: [type] };
            if (ac.arrayInitializer())
                return {
                    kind: 'New',
                    type,
                    listInit: ac
                        .arrayInitializer()
                        .expression_list()
                        .map((e: Ctx) => this.expr(e)),
                    ...p
                };
            if (ac.expression()) return { kind: 'New', type, arraySize: this.expr(ac.expression()), ...p };
            return { kind: 'New', type, listInit: [], ...p };
        }
        if (cr.mapCreatorRest()) {
            const mp = cr
                .mapCreatorRest()
                .mapCreatorRestPair_list()
                .map((pp: Ctx) => {
                    const [k, v] = pp.expression_list();
                    return [this.expr(k), this.expr(v)] as [Expr, Expr];
                });
            return { kind: 'New', type, mapInit: mp, ...p };
        }
        if (cr.setCreatorRest()) {
            // Q2: `new List<String>{'a'}` is SetCreatorRest; the interpreter picks List or Set from the name
            return {
                kind: 'New',
                type,
                listInit: cr
                    .setCreatorRest()
                    .expression_list()
                    .map((e: Ctx) => this.expr(e)),
                ...p
            };
        }
        return { kind: 'New', type, args: [], ...p };
    }
}

export type { InitMember, PropDecl, FieldDecl };
