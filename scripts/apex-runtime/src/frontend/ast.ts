// Compact, JSON-serialisable AST that the interpreter evaluates. The ANTLR tree is dropped after lowering.
// Names keep their source spelling; every lookup in the interpreter folds case.

export interface Pos {
    line: number;
    col: number;
    /** written in parentheses: a `?.` short-circuit inside stops at the closing parenthesis */
    paren?: boolean;
}

/** `List<String>` → { names: ['List'], args: [String] }; `String[]` is lowered to List<String>. */
export interface TypeRef {
    names: string[];
    args: TypeRef[];
}

export interface Annotation {
    name: string;
    params: Record<string, string | boolean | number>;
}

export type LiteralType = 'Integer' | 'Long' | 'Double' | 'Decimal' | 'String' | 'Boolean' | 'Null';

export type Expr =
    | ({ kind: 'Lit'; type: LiteralType; value: string | boolean | null } & Pos)
    | ({ kind: 'Name'; name: string } & Pos)
    | ({ kind: 'This' } & Pos)
    | ({ kind: 'Super' } & Pos)
    | ({ kind: 'Dot'; target: Expr; name: string; safe: boolean } & Pos)
    | ({ kind: 'Call'; target: Expr | null; name: string; args: Expr[]; safe: boolean } & Pos)
    | ({ kind: 'CtorCall'; which: 'this' | 'super'; args: Expr[] } & Pos)
    | ({ kind: 'Index'; target: Expr; index: Expr } & Pos)
    | ({
          kind: 'New';
          type: TypeRef;
          args?: Expr[];
          fieldInits?: { name: string; value: Expr }[];
          listInit?: Expr[];
          mapInit?: [Expr, Expr][];
          arraySize?: Expr;
      } & Pos)
    | ({ kind: 'Cast'; type: TypeRef; expr: Expr } & Pos)
    | ({ kind: 'Unary'; op: '-' | '+' | '!' | '~'; expr: Expr } & Pos)
    | ({ kind: 'IncDec'; op: '++' | '--'; prefix: boolean; target: Expr } & Pos)
    | ({ kind: 'Bin'; op: string; left: Expr; right: Expr } & Pos)
    | ({ kind: 'InstanceOf'; expr: Expr; type: TypeRef } & Pos)
    | ({ kind: 'Cond'; cond: Expr; then: Expr; else: Expr } & Pos)
    | ({ kind: 'Assign'; op: string; target: Expr; value: Expr } & Pos)
    | ({ kind: 'ClassLit'; type: TypeRef } & Pos)
    | ({ kind: 'CastOrBin'; cast: Expr; bin: Expr } & Pos)
    | ({ kind: 'Soql'; text: string; binds: Expr[] } & Pos)
    | ({ kind: 'Sosl'; text: string; binds: Expr[] } & Pos)
    | ({ kind: 'Unsupported'; what: string } & Pos);

export interface VarDecl {
    name: string;
    init: Expr | null;
    line: number;
}

export type WhenValue =
    { kind: 'lit'; expr: Expr } | { kind: 'enum'; name: string } | { kind: 'type'; type: TypeRef; name: string };

export type Stmt =
    | ({ kind: 'Block'; stmts: Stmt[] } & Pos)
    /** `final`: set only on a final local (assigned twice, the org refuses it one way or another) */
    | ({ kind: 'LocalVar'; type: TypeRef; decls: VarDecl[]; final?: true } & Pos)
    | ({ kind: 'ExprStmt'; expr: Expr } & Pos)
    | ({ kind: 'If'; cond: Expr; then: Stmt; else: Stmt | null } & Pos)
    | ({ kind: 'While'; cond: Expr; body: Stmt } & Pos)
    | ({ kind: 'DoWhile'; cond: Expr; body: Stmt } & Pos)
    | ({ kind: 'For'; init: Stmt[]; cond: Expr | null; update: Expr[]; body: Stmt } & Pos)
    | ({ kind: 'ForEach'; type: TypeRef; name: string; iter: Expr; body: Stmt } & Pos)
    | ({ kind: 'Switch'; expr: Expr; whens: { values: WhenValue[] | null; body: Stmt }[] } & Pos)
    | ({
          kind: 'Try';
          body: Stmt;
          catches: { type: string[]; name: string; body: Stmt; line: number }[];
          fin: Stmt | null;
      } & Pos)
    | ({ kind: 'Return'; expr: Expr | null } & Pos)
    | ({ kind: 'Throw'; expr: Expr } & Pos)
    | ({ kind: 'Break' } & Pos)
    | ({ kind: 'Continue' } & Pos)
    | ({
          kind: 'Dml';
          op: 'insert' | 'update' | 'upsert' | 'delete' | 'undelete' | 'merge';
          expr: Expr;
          expr2: Expr | null;
          extId: string | null;
          access: string | null;
      } & Pos)
    | ({ kind: 'RunAs'; args: Expr[]; body: Stmt } & Pos)
    | ({ kind: 'Unsupported'; what: string } & Pos);

export interface Param {
    type: TypeRef;
    name: string;
}

export interface MethodDecl extends Pos {
    name: string;
    modifiers: string[];
    annotations: Annotation[];
    returnType: TypeRef | null; // null = void
    params: Param[];
    body: Stmt | null; // null = abstract / interface
}

export interface FieldDecl extends Pos {
    modifiers: string[];
    annotations: Annotation[];
    type: TypeRef;
    decls: VarDecl[];
}

export interface PropDecl extends Pos {
    modifiers: string[];
    annotations: Annotation[];
    type: TypeRef;
    name: string;
    /** null = no accessor; 'auto' = `get;` */
    getter: Stmt | 'auto' | null;
    setter: Stmt | 'auto' | null;
    getterMods: string[];
    setterMods: string[];
}

export type InitMember =
    { kind: 'field'; field: FieldDecl } | { kind: 'block'; body: Stmt } | { kind: 'prop'; prop: PropDecl };

export interface TypeDecl extends Pos {
    kind: 'class' | 'interface' | 'enum';
    name: string;
    modifiers: string[];
    annotations: Annotation[];
    extends: TypeRef | null;
    implements: TypeRef[];
    methods: MethodDecl[];
    ctors: MethodDecl[];
    /** static members in source order (fields, props, static blocks) */
    staticInit: InitMember[];
    /** instance members in source order (fields, props, instance init blocks) */
    instanceInit: InitMember[];
    inner: TypeDecl[];
    enumValues: string[];
    file: string;
    endLine: number;
}

export interface TriggerDecl extends Pos {
    name: string;
    object: string;
    events: string[]; // 'before insert' …
    body: Stmt;
    file: string;
}

export interface AnonymousUnit {
    body: Stmt;
    methods: MethodDecl[];
    types: TypeDecl[];
    file: string;
}

export type CompilationUnit =
    | { unit: 'class'; type: TypeDecl; lines: number[] }
    | { unit: 'trigger'; trigger: TriggerDecl; lines: number[] }
    | { unit: 'anonymous'; anon: AnonymousUnit; lines: number[] };
