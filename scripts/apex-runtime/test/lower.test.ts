import { parseUnit, ApexSyntaxErrors } from '../src/frontend/lower';
import type { Expr, Stmt } from '../src/frontend/ast';

const anon = (src: string): Stmt[] => {
    const u = parseUnit(src, 'x.apex', 'anonymous');
    if (u.unit !== 'anonymous') throw new Error('not anonymous');
    return (u.anon.body as { stmts: Stmt[] }).stmts;
};
const init = (src: string): Expr => {
    const s = anon(src)[0] as Extract<Stmt, { kind: 'LocalVar' }>;
    return s.decls[0].init!;
};

describe('lowering', () => {
    it('Q1: top-level declarations of anonymous Apex become local variables in order', () => {
        const s = anon('Integer n = 1; n++; String s;');
        expect(s.map((x) => x.kind)).toEqual(['LocalVar', 'ExprStmt', 'LocalVar']);
    });
    it('Q2: new List<T>{…} and new Set<T>{…} keep their collection name', () => {
        const e = init("List<String> l = new List<String>{'a', 'b'};") as Extract<Expr, { kind: 'New' }>;
        expect(e.type.names).toEqual(['List']);
        expect(e.listInit).toHaveLength(2);
    });
    it('Q3: (a) - 1 keeps a binary reading besides the cast', () => {
        const e = init('Integer x = (a) - 1;');
        expect(e.kind).toBe('CastOrBin');
    });
    it('Q4: two-token operators are rebuilt (>=, >>=, >>>)', () => {
        const e = init('Boolean b = x >= 2;') as Extract<Expr, { kind: 'Bin' }>;
        expect(e.op).toBe('>=');
        const s = anon('x >>= 1;')[0] as Extract<Stmt, { kind: 'ExprStmt' }>;
        expect((s.expr as Extract<Expr, { kind: 'Assign' }>).op).toBe('>>=');
        expect((init('Integer y = x >>> 2;') as Extract<Expr, { kind: 'Bin' }>).op).toBe('>>>');
    });
    it('Q6: literals are decoded with their numeric type', () => {
        expect(init("String s = 'it\\'s\\n';")).toMatchObject({ kind: 'Lit', type: 'String', value: "it's\n" });
        expect(init('Long l = 10L;')).toMatchObject({ type: 'Long', value: '10' });
        expect(init('Double d = 1.5d;')).toMatchObject({ type: 'Double', value: '1.5' });
        expect(init('Decimal d = 1.50;')).toMatchObject({ type: 'Decimal', value: '1.50' });
        expect(init('Integer i = -2147483648;')).toMatchObject({ type: 'Integer', value: '-2147483648' });
    });
    it('Q7: new Account(Name = x) carries field initialisers', () => {
        const e = init("Account a = new Account(Name = 'x', AnnualRevenue = 5);") as Extract<Expr, { kind: 'New' }>;
        expect(e.fieldInits!.map((f) => f.name)).toEqual(['Name', 'AnnualRevenue']);
    });
    it('Q10: when clauses with enum values resolve to names', () => {
        const s = anon('switch on op { when BEFORE_INSERT, AFTER_UPDATE { } when else { } }')[0] as Extract<
            Stmt,
            { kind: 'Switch' }
        >;
        expect(s.whens[0].values).toEqual([
            { kind: 'enum', name: 'BEFORE_INSERT' },
            { kind: 'enum', name: 'AFTER_UPDATE' }
        ]);
        expect(s.whens[1].values).toBeNull();
    });
    it('inline SOQL keeps the text with a placeholder per bind, and the bind expressions in order', () => {
        const e = init(
            'List<Account> l = [SELECT Id FROM Account WHERE Id IN :ids AND Name = :a.Name LIMIT :n];'
        ) as Extract<Expr, { kind: 'Soql' }>;
        expect(e.text).toBe('SELECT Id FROM Account WHERE Id IN :__bind0 AND Name = :__bind1 LIMIT :__bind2');
        expect(e.binds.map((b) => b.kind)).toEqual(['Name', 'Dot', 'Name']);
    });
    it('String[] types become List<String>', () => {
        const s = anon('String[] xs;')[0] as Extract<Stmt, { kind: 'LocalVar' }>;
        expect(s.type).toEqual({ names: ['List'], args: [{ names: ['String'], args: [] }] });
    });
    it('classes: members, statics in source order, annotations, inner types, executable lines', () => {
        const u = parseUnit(
            [
                '@IsTest',
                'private class T {',
                '    static Integer a = 1;',
                '    static { a = 2; }',
                '    @TestSetup static void setup() {',
                '        a = 3;',
                '    }',
                '    class Inner {}',
                '}'
            ].join('\n'),
            'T.cls',
            'class'
        );
        if (u.unit !== 'class') throw new Error('class expected');
        expect(u.type.annotations[0].name).toBe('IsTest');
        expect(u.type.staticInit.map((m) => m.kind)).toEqual(['field', 'block']);
        expect(u.type.methods[0].annotations[0].name).toBe('TestSetup');
        expect(u.type.inner[0].name).toBe('Inner');
        expect(u.lines).toEqual([3, 4, 6]);
    });
    it('syntax errors (lexer and parser) are reported with positions', () => {
        expect(() => parseUnit('Integer x = ;', 'bad.apex', 'anonymous')).toThrow(ApexSyntaxErrors);
        try {
            parseUnit("String s = 'bad \\q';", 'bad.apex', 'anonymous');
        } catch (e) {
            expect((e as ApexSyntaxErrors).errors[0].line).toBe(1);
        }
    });
});
