// The compile pass (src/typecheck): (a) classes the org refuses are refused with the compiler's message, file and
// line; (b) every Apex source the project already has — all of which compiles on the platform — gets no finding.
// Message wording: jorje's messages_en_US.properties (the Apex compiler's message catalogue, as generated into
// Salesforce's BSD-licensed Apex language-support sources): variable.does.not.exist, invalid.method.not.found,
// illegal.assignment, illegal.conversion, duplicate.variable, duplicate.field, interface.implementation.missing.method,
// class.must.implement.abstract.method, invalid.return.non.void, invalid.return.void, invalid.condition.type,
// unknown.constructor, method.not.visible, variable.not.visible, invalid.unresolved.type, invalid.new.abstract,
// type.not.constructable, invalid.final.super.type, methods.must.override, unreachable.statement,
// invalid.non.static.method.context, invalid.non.static.variable.context, invalid.this.static.context,
// invalid.final.field.assignment, invalid.exception.must.end.with.exception, invalid.exception.must.extend.exception,
// toplevel.must.be.public.or.global, duplicate.modifier, test.method.cannot.have.params, test.setup.must.return.void,
// invalid.expression.statement, invalid.break, invalid.continue, invalid.this.call, invalid.super.call,
// when.else.not.last, invalid.comparison.types, invalid.logical.type, invalid.numeric.postfix.operand,
// invalid.negate.prefix.operand, invalid.boolean.prefix.operand, loop.must.iterate.over.collection, invalid.dml.type,
// invalid.catch.exception, invalid.throw.exception, invalid.constructor.return, method.must.have.body,
// abstract.methods.cannot.have.body, invalid.parameterized.type.count.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { discover } from '../src/project/project';
import { checkProject } from '../src/runner/check';
import { loadT1 } from '../src/conformance';
import { typecheckAnonymous } from '../src/typecheck';
import { runTests } from '../src/runner/runner';

interface Refused {
    name: string;
    files: Record<string, string>;
    /** `File.cls:line message` */
    expect: string[];
}

// Each case is a class (or pair) the deploy compiler refuses. Written at test time: a .cls that does not compile
// must not live in the repository, where the deploy gates would (rightly) reject it.
const REFUSED: Refused[] = [
    {
        name: 'unknown variable',
        files: { 'A.cls': 'public class A {\n    public Integer m() {\n        return countr + 1;\n    }\n}' },
        expect: ['A.cls:3 Variable does not exist: countr']
    },
    {
        name: 'unknown field on a project class',
        files: {
            'A.cls': 'public class A {\n    public Integer size;\n}',
            'B.cls': 'public class B {\n    public static Integer m(A a) {\n        return a.sise;\n    }\n}'
        },
        expect: ['B.cls:3 Variable does not exist: sise']
    },
    {
        name: 'unknown method',
        files: { 'A.cls': 'public class A {\n    public void m() {\n        doIt(1);\n    }\n}' },
        expect: ['A.cls:3 Method does not exist or incorrect signature: void doIt(Integer) from the type A']
    },
    {
        name: 'wrong argument type on a static call',
        files: {
            'Util.cls':
                'public class Util {\n    public static String twice(String s) {\n        return s + s;\n    }\n}',
            'A.cls': 'public class A {\n    public void m() {\n        String s = Util.twice(42);\n    }\n}'
        },
        expect: ['A.cls:3 Method does not exist or incorrect signature: void twice(Integer) from the type Util']
    },
    {
        name: 'wrong argument count on an instance call',
        files: {
            'A.cls':
                'public class A {\n    public Integer add(Integer a, Integer b) {\n        return a + b;\n    }\n    public Integer m() {\n        return this.add(1);\n    }\n}'
        },
        expect: ['A.cls:6 Method does not exist or incorrect signature: void add(Integer) from the type A']
    },
    {
        name: 'illegal assignment',
        files: { 'A.cls': "public class A {\n    public void m() {\n        Integer i = 'seven';\n    }\n}" },
        expect: ['A.cls:3 Illegal assignment from String to Integer']
    },
    {
        name: 'illegal assignment to a field',
        files: {
            'A.cls':
                'public class A {\n    private Decimal total;\n    private Integer count;\n    public void m() {\n        count = total;\n    }\n}'
        },
        expect: ['A.cls:5 Illegal assignment from Decimal to Integer']
    },
    {
        name: 'return of the wrong type',
        files: { 'A.cls': "public class A {\n    public Integer m() {\n        return 'x';\n    }\n}" },
        expect: ['A.cls:3 Illegal conversion from String to Integer']
    },
    {
        name: 'value returned from a void method',
        files: { 'A.cls': 'public class A {\n    public void m() {\n        return 1;\n    }\n}' },
        expect: ['A.cls:3 Void method must not return a value']
    },
    {
        name: 'missing return',
        files: {
            'A.cls':
                'public class A {\n    public Integer m(Boolean b) {\n        if (b) {\n            return 1;\n        }\n    }\n}'
        },
        expect: ['A.cls:2 Missing return statement required return type: Integer']
    },
    {
        name: 'duplicate local variable in a nested block',
        files: {
            'A.cls':
                "public class A {\n    public void m() {\n        Integer x = 1;\n        if (x > 0) {\n            String x = 'a';\n        }\n    }\n}"
        },
        expect: ['A.cls:5 Duplicate variable: x']
    },
    {
        name: 'duplicate field',
        files: { 'A.cls': 'public class A {\n    private Integer n;\n    private String n;\n}' },
        expect: ['A.cls:3 Duplicate field: n']
    },
    {
        name: 'missing interface method',
        files: {
            'Shape.cls': 'public interface Shape {\n    Decimal area();\n}',
            'Square.cls': 'public class Square implements Shape {\n    public Decimal side;\n}'
        },
        expect: ['Square.cls:1 Class Square must implement the method: Decimal Shape.area()']
    },
    {
        name: 'missing abstract method',
        files: {
            'Base.cls': 'public abstract class Base {\n    public abstract Integer size(String s);\n}',
            'Impl.cls': 'public class Impl extends Base {\n}'
        },
        expect: ['Impl.cls:1 Class Impl must implement the abstract method: Integer Base.size(String)']
    },
    {
        name: 'non-Boolean condition',
        files: {
            'A.cls':
                'public class A {\n    public void m(Integer n) {\n        if (n) {\n            n = 0;\n        }\n    }\n}'
        },
        expect: ['A.cls:3 Condition expression must be of type Boolean: Integer']
    },
    {
        name: 'constructor that does not exist',
        files: {
            'P.cls': 'public class P {\n    public P(String name) {\n    }\n}',
            'A.cls': 'public class A {\n    public P m() {\n        return new P(1, 2);\n    }\n}'
        },
        expect: ['A.cls:3 Constructor not defined: [P].<Constructor>(Integer, Integer)']
    },
    {
        name: 'private method of another class',
        files: {
            'P.cls': 'public class P {\n    private static void secret() {\n    }\n}',
            'A.cls': 'public class A {\n    public void m() {\n        P.secret();\n    }\n}'
        },
        expect: ['A.cls:3 Method is not visible: void P.secret()']
    },
    {
        name: 'private field of another class',
        files: {
            'P.cls': 'public class P {\n    private static Integer hidden = 1;\n}',
            'A.cls': 'public class A {\n    public Integer m() {\n        return P.hidden;\n    }\n}'
        },
        expect: ['A.cls:3 Variable is not visible: P.hidden']
    },
    {
        name: 'unknown type: a near miss of a project class (a typo, or a class missing from the deploy)',
        files: {
            'Helper.cls': 'public class Helper {\n}',
            'A.cls': 'public class A {\n    public void m() {\n        Helpr h = null;\n    }\n}'
        },
        expect: ['A.cls:3 Invalid type: Helpr']
    },
    {
        name: 'unknown type: a custom object the project does not define',
        files: { 'A.cls': 'public class A {\n    public void m() {\n        Widget__c w = null;\n    }\n}' },
        expect: ['A.cls:3 Invalid type: Widget__c']
    },
    {
        // an org has standard objects no list here holds (AccountTeamMember, CurrencyType, Territory2…): undecided
        name: 'unknown type that may be a platform type or standard object: no finding',
        files: {
            'A.cls':
                'public class A {\n    public void m() {\n        AccountTeamMember t = null;\n        Foo f = null;\n    }\n}'
        },
        expect: []
    },
    {
        name: 'unknown enum value',
        files: {
            'Color.cls': 'public enum Color {\n    RED,\n    GREEN\n}',
            'A.cls': 'public class A {\n    public Color m() {\n        return Color.BLUE;\n    }\n}'
        },
        expect: ['A.cls:3 Variable does not exist: BLUE']
    },
    {
        name: 'new on an abstract class',
        files: {
            'Base.cls': 'public abstract class Base {\n}',
            'A.cls': 'public class A {\n    public Object m() {\n        return new Base();\n    }\n}'
        },
        expect: ['A.cls:3 Abstract classes cannot be constructed: Base']
    },
    {
        name: 'new on an interface',
        files: {
            'Shape.cls': 'public interface Shape {\n}',
            'A.cls': 'public class A {\n    public Object m() {\n        return new Shape();\n    }\n}'
        },
        expect: ['A.cls:3 Type cannot be constructed: Shape']
    },
    {
        name: 'extending a class that is neither virtual nor abstract',
        files: { 'Base.cls': 'public class Base {\n}', 'Impl.cls': 'public class Impl extends Base {\n}' },
        expect: ['Impl.cls:1 Non-virtual and non-abstract type cannot be extended: Base']
    },
    {
        name: 'redefining a virtual method without override',
        files: {
            'Base.cls':
                'public virtual class Base {\n    public virtual Integer size(String s) {\n        return 0;\n    }\n}',
            'Impl.cls':
                'public class Impl extends Base {\n    public Integer size(String s) {\n        return 1;\n    }\n}'
        },
        expect: ['Impl.cls:2 Method must use the override keyword: Integer Impl.size(String)']
    },
    {
        // no access modifier = private (Apex Developer Guide, "Access Modifiers"): not an override; orgs compile it
        name: 'implementing a default-access abstract method without override is not an error',
        files: {
            'Base.cls':
                'public abstract class Base {\n    abstract Integer size(String s);\n    public Integer twice(String s) {\n        return 2 * size(s);\n    }\n}',
            'Impl.cls':
                'public class Impl extends Base {\n    public Integer size(String s) {\n        return 1;\n    }\n}'
        },
        expect: []
    },
    {
        name: 'misspelt variable as the start of a member access',
        files: {
            'A.cls':
                "public class A {\n    public void m() {\n        Account account = new Account();\n        acount.Name = 'x';\n    }\n}"
        },
        expect: ['A.cls:4 Variable does not exist: acount']
    },
    {
        name: 'unknown String method',
        files: {
            'A.cls': 'public class A {\n    public Integer m(String s) {\n        return s.lenght();\n    }\n}'
        },
        expect: ['A.cls:3 Method does not exist or incorrect signature: void lenght() from the type String']
    },
    {
        name: 'unknown List method',
        files: {
            'A.cls': 'public class A {\n    public Integer m(List<String> xs) {\n        return xs.length();\n    }\n}'
        },
        expect: ['A.cls:3 Method does not exist or incorrect signature: void length() from the type List<String>']
    },
    {
        name: 'a statement right after return',
        files: {
            'A.cls': 'public class A {\n    public void m() {\n        return;\n        Integer y = 2;\n    }\n}'
        },
        expect: ['A.cls:4 Unreachable statement']
    },
    {
        name: 'an instance method called from a static method',
        files: {
            'A.cls':
                'public class A {\n    public void g() {\n    }\n    public static void f() {\n        g();\n    }\n}'
        },
        expect: ['A.cls:5 Non static method cannot be referenced from a static context: void A.g()']
    },
    {
        name: 'an instance field, and this, in a static method',
        files: {
            'A.cls':
                'public class A {\n    Integer count;\n    public static void f() {\n        count = 2;\n        this.count = 3;\n    }\n}'
        },
        expect: [
            'A.cls:4 Non static field cannot be referenced from a static context: count from the type A',
            'A.cls:5 This cannot be referenced in a static context'
        ]
    },
    {
        name: 'a final field assigned in a method',
        files: {
            'A.cls': 'public class A {\n    final Integer x = 1;\n    public void f() {\n        x = 2;\n    }\n}'
        },
        expect: ['A.cls:4 Final members can only be assigned in their declaration, init blocks, or constructors: x']
    },
    {
        name: 'a platform interface method missing',
        files: {
            'A.cls':
                'public class A implements Comparable, Database.Batchable<SObject> {\n    public void finish(Database.BatchableContext bc) {\n    }\n}'
        },
        expect: [
            'A.cls:1 Class A must implement the method: Integer System.Comparable.compareTo(Object)',
            'A.cls:1 Class A must implement the method: System.Iterable<ANY> Database.Batchable.start(Database.BatchableContext)',
            'A.cls:1 Class A must implement the method: void Database.Batchable.execute(Database.BatchableContext, List<ANY>)'
        ]
    },
    {
        name: 'exception class names',
        files: {
            'A.cls':
                'public class A {\n    public class Boom extends Exception {\n    }\n    public class NotAnException {\n    }\n}'
        },
        expect: [
            "A.cls:2 Classes extending Exception must have a name ending in 'Exception': Boom",
            'A.cls:4 Exception class must extend another Exception class: NotAnException'
        ]
    },
    {
        name: 'a top-level class without public or global',
        files: { 'A.cls': 'class A {\n}' },
        expect: ['A.cls:1 Top-level type must have public or global visibility']
    },
    {
        name: 'test method and test setup shapes',
        files: {
            'ATest.cls':
                '@IsTest\nprivate class ATest {\n    @IsTest\n    static void t(Integer x) {\n    }\n    @TestSetup\n    static Integer s() {\n        return 1;\n    }\n}'
        },
        expect: ['ATest.cls:4 Test methods must have no arguments', 'ATest.cls:7 Test setup method must return void']
    },
    {
        name: 'statements the compiler refuses',
        files: {
            'A.cls': [
                'public class A {',
                '    public A() {',
                '        Integer x = 1;',
                '        this(x);',
                '    }',
                '    public A(Integer i) {',
                '    }',
                '    public public void f(Integer a) {',
                '        a + 1;',
                '        break;',
                '        switch on a {',
                '            when else {',
                '            }',
                '            when 1 {',
                '            }',
                '        }',
                '    }',
                '}'
            ].join('\n')
        },
        expect: [
            "A.cls:4 Call to 'this()' must be the first statement in a constructor method",
            'A.cls:8 Duplicate modifier: public',
            'A.cls:9 Expression cannot be a statement.',
            'A.cls:10 Break statement must be in loop',
            'A.cls:11 Unreachable statement',
            "A.cls:11 'when else' must be the last when block"
        ]
    },
    {
        name: 'operand, throw, catch, loop and DML types',
        files: {
            'A.cls': [
                'public class A {',
                '    public void f(Integer n, String s, List<String> l) {',
                "        Boolean b = n == 'a';",
                '        Boolean c = n && true;',
                '        s++;',
                "        Integer m = -'x';",
                '        Boolean d = !5;',
                '        for (Integer i : n) {',
                '        }',
                '        insert n;',
                '        try {',
                '            f(1, s, l);',
                '        } catch (String e) {',
                '        }',
                "        throw 'x';",
                '    }',
                '}'
            ].join('\n')
        },
        expect: [
            'A.cls:3 Comparison arguments must be compatible types: Integer, String',
            'A.cls:4 Logical operator can only be applied to Boolean',
            'A.cls:5 Unary postfix increment/decrement can only be applied to numeric expressions: String',
            'A.cls:6 Unary negation must use a numeric argument',
            'A.cls:7 ! operator can only be applied to boolean expressions',
            'A.cls:8 Loop must iterate over collection: Integer',
            'A.cls:10 DML requires SObject or SObject list type: Integer',
            'A.cls:13 Catch block variable must be of type exception: String',
            'A.cls:15 Throw expression must be of type exception: String'
        ]
    },
    {
        name: 'method bodies, constructor returns, type argument counts',
        files: {
            'A.cls': [
                'public abstract class A {',
                '    public A() {',
                '        return 1;',
                '    }',
                '    public void f();',
                '    public abstract void g() {',
                '    }',
                '    public void h() {',
                '        List<String, Integer> l;',
                '    }',
                '}'
            ].join('\n')
        },
        expect: [
            'A.cls:3 Constructors must not return a value',
            'A.cls:5 Method must have a body',
            'A.cls:6 Abstract methods cannot have a body',
            'A.cls:9 Invalid type argument count for List: expected 1 but found 2'
        ]
    },
    {
        // mutation round (docs/apex-runtime.md, "Round 7 — compile pass by mutation"): incompatible.cast.types
        name: 'a cast between primitives that never converts',
        files: {
            'A.cls': [
                'public class A {',
                '    public void m(Boolean b) {',
                "        Integer i = (Integer) 'x';",
                '        String s = (String) 42;',
                '        Integer j = (Integer) b;',
                '    }',
                '}'
            ].join('\n')
        },
        expect: [
            'A.cls:3 Incompatible types since an instance of String is never an instance of Integer',
            'A.cls:4 Incompatible types since an instance of Integer is never an instance of String',
            'A.cls:5 Incompatible types since an instance of Boolean is never an instance of Integer'
        ]
    },
    {
        // one-keystroke misspellings of a platform type, a standard object and a System exception
        // (invalid.unresolved.type; Apex Developer Guide, "Validating sObjects and Fields")
        name: 'a misspelled platform type, standard object or exception',
        files: {
            'A.cls': [
                'public class A {',
                '    public void m() {',
                "        Strng s = 'a';",
                '        Map<Id, Acount> byId = null;',
                '        try {',
                '            s = null;',
                '        } catch (DmlExcepton e) {',
                '            s = null;',
                '        }',
                '        try {',
                '            s = null;',
                '        } catch (QuryException e) {',
                '            s = null;',
                '        }',
                '    }',
                '}'
            ].join('\n')
        },
        expect: [
            'A.cls:3 Invalid type: Strng',
            'A.cls:4 Invalid type: Acount',
            'A.cls:7 Invalid type: DmlExcepton',
            'A.cls:12 Invalid type: QuryException'
        ]
    },
    {
        name: 'a misspelled field of a standard object, in code and in inline SOQL',
        files: {
            'A.cls': [
                'public class A {',
                '    public void m() {',
                '        Account a = new Account();',
                "        a.Nmae = 'x';",
                "        Account b = new Account(Nmae = 'x', Missing__c = 'y');",
                '        List<Account> rows = [SELECT Id, Nmae FROM Account];',
                '        List<Contact> more = [SELECT Id FROM Contcat];',
                '        a.Missing__c = null;',
                '    }',
                '}'
            ].join('\n')
        },
        expect: [
            'A.cls:4 Variable does not exist: Nmae',
            'A.cls:5 Field does not exist: Nmae on Account',
            'A.cls:5 Field does not exist: Missing__c on Account',
            "A.cls:6 System.QueryException: No such column 'Nmae' on entity 'Account'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.",
            "A.cls:7 System.QueryException: sObject type 'Contcat' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.",
            'A.cls:8 Variable does not exist: Missing__c'
        ]
    },
    {
        // invalid.final.field.assignment; salesforce.stackexchange.com/questions/341460 quotes the message for a
        // final member assigned from another method
        name: 'a final field of another class assigned',
        files: {
            'Config.cls':
                'public class Config {\n    public static final Integer MAX = 5;\n    public final String label = null;\n}',
            'A.cls': [
                'public class A {',
                '    public A(Config c) {',
                '        Config.MAX = 3;',
                "        c.label = 'x';",
                '    }',
                '}'
            ].join('\n')
        },
        expect: [
            'A.cls:3 Final members can only be assigned in their declaration, init blocks, or constructors: MAX',
            'A.cls:4 Final members can only be assigned in their declaration, init blocks, or constructors: label'
        ]
    },
    {
        // invalid.non.static.method.context, for a call through the class name from an unrelated class
        name: 'an instance method called through its class name',
        files: {
            'Util.cls': [
                'public class Util {',
                '    public Integer size() {',
                '        return 1;',
                '    }',
                '    public static Integer size(Integer a) {',
                '        return a;',
                '    }',
                '}'
            ].join('\n'),
            // a platform interface adds no static method: the class's own chain decides
            'Jobs.cls': [
                'public class Jobs implements Queueable {',
                '    public void execute(QueueableContext qc) {',
                '    }',
                '    public void enqueueAll() {',
                '    }',
                '}'
            ].join('\n'),
            'Caller.cls': [
                'public class Caller {',
                '    public void m() {',
                '        Integer a = Util.size(3);',
                '        Integer b = Util.size();',
                '        Jobs.enqueueAll();',
                '    }',
                '}'
            ].join('\n')
        },
        expect: [
            'Caller.cls:4 Non static method cannot be referenced from a static context: Integer Util.size()',
            'Caller.cls:5 Non static method cannot be referenced from a static context: void Jobs.enqueueAll()'
        ]
    },
    {
        name: 'a misspelled inner type of the project',
        files: {
            'Outer.cls': [
                'public class Outer {',
                '    public void m() {',
                '        Selectr s = new Selector();',
                '    }',
                '    public class Selector {',
                '    }',
                '}'
            ].join('\n')
        },
        expect: ['Outer.cls:3 Invalid type: Selectr']
    },
    {
        // invalid.numeric.arguments.expression, invalid.comparison.types, invalid.method.not.found (String Class lists
        // the static methods)
        name: 'arithmetic on a String or Boolean, a number compared with a String, an unknown static String method',
        files: {
            'A.cls': [
                'public class A {',
                '    public void m(String s, Boolean b) {',
                '        String t = s - 1;',
                '        Integer i = 1 + b;',
                '        Boolean c = 1 > s;',
                '        Boolean d = String.isBlnk(s);',
                '    }',
                '}'
            ].join('\n')
        },
        expect: [
            'A.cls:3 Arithmetic expressions must use numeric arguments',
            'A.cls:4 Arithmetic expressions must use numeric arguments',
            'A.cls:5 Comparison arguments must be compatible types: Integer, String',
            'A.cls:6 Method does not exist or incorrect signature: void isBlnk(String) from the type String'
        ]
    },
    {
        name: 'unknown variable in a trigger',
        files: {
            'T.trigger':
                'trigger T on Account (before insert) {\n    for (Account a : Trigger.new) {\n        a.Name = nme;\n    }\n}'
        },
        expect: ['T.trigger:3 Variable does not exist: nme']
    },
    {
        // a platform interface adds no static method, and a concrete class declares each of its instance methods
        name: 'unknown method of a class implementing a platform interface',
        files: {
            'Job.cls': [
                'public class Job implements Queueable {',
                '    public void execute(QueueableContext ctx) {',
                '        exceute(ctx);',
                '    }',
                '    public static void enqueue() {',
                '    }',
                '}'
            ].join('\n'),
            'A.cls': 'public class A {\n    public void m() {\n        Job.enqueue(1);\n    }\n}'
        },
        expect: [
            'A.cls:3 Method does not exist or incorrect signature: void enqueue(Integer) from the type Job',
            'Job.cls:3 Method does not exist or incorrect signature: void exceute(QueueableContext) from the type Job'
        ]
    }
];

function project(files: Record<string, string>): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'apexrt-typecheck-'));
    fs.writeFileSync(path.join(dir, 'sfdx-project.json'), JSON.stringify({ packageDirectories: [{ path: 'src' }] }));
    fs.mkdirSync(path.join(dir, 'src'));
    for (const [name, body] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'src', name), body + '\n');
    return dir;
}

const errors = (dir: string): string[] =>
    checkProject(discover(dir))
        .filter((f) => f.severity === 'error')
        .map((f) => `${path.basename(f.file)}:${f.line} ${f.message}`);

describe('compile pass: classes the org refuses', () => {
    it.each(REFUSED.map((r) => [r.name, r] as const))('%s', (_name, r) => {
        expect(errors(project(r.files))).toEqual(r.expect);
    });

    it('fails `apex test` like a syntax error', () => {
        const dir = project({
            ...REFUSED[0].files,
            'ATest.cls':
                '@IsTest\nprivate class ATest {\n    @IsTest\n    static void t() {\n        Assert.isTrue(true);\n    }\n}'
        });
        const res = runTests(discover(dir), { classes: [], methods: [] });
        expect(res.tests.map((t) => t.outcome)).toEqual(['Pass']);
        expect(res.summary.compileErrors).toEqual([
            expect.stringMatching(/A\.cls: 3: Variable does not exist: countr$/)
        ]);
        expect(res.summary.outcome).toBe('Failed');
    });
});

describe('compile pass: no finding on code that compiles', () => {
    const root = path.join(__dirname, '../../..');
    const rt = path.join(__dirname, '..');
    const projects = (tier: string): string[] =>
        fs
            .readdirSync(path.join(rt, 'conformance', tier))
            .map((d) => path.join(rt, 'conformance', tier, d))
            .filter((d) => fs.existsSync(path.join(d, 'sfdx-project.json')));

    it('force-app and first-install', () => {
        expect(errors(root)).toEqual([]);
    });

    it('the static-context, final-field, reachability and platform-interface rules accept what the org compiles', () => {
        const dir = project({
            'Job.cls': [
                'public class Job implements Comparable, Schedulable, Database.Batchable<SObject>, Queueable {',
                '    final Integer x;',
                '    static final Integer LIMIT_SIZE;',
                '    static {',
                '        LIMIT_SIZE = 3;',
                '    }',
                '    Integer count;',
                '    public Job() {',
                '        x = 1;',
                '        this.count = 0;',
                '        g();',
                '    }',
                '    public Integer compareTo(Object o) {',
                '        return 0;',
                '    }',
                '    public void execute(SchedulableContext sc) {',
                '    }',
                '    public void execute(QueueableContext qc) {',
                '        g();',
                '    }',
                '    public Database.QueryLocator start(Database.BatchableContext bc) {',
                "        return Database.getQueryLocator('SELECT Id FROM Account');",
                '    }',
                '    public void execute(Database.BatchableContext bc, List<SObject> scope) {',
                '    }',
                '    public void finish(Database.BatchableContext bc) {',
                '    }',
                '    public void g() {',
                '    }',
                '    public static void g(Integer i) {',
                '    }',
                '    public static void s() {',
                '        g(1);',
                '        Integer count = 2;',
                '        count++;',
                '        Job o = new Job();',
                '        o.count = 3;',
                '    }',
                '    public Integer h(Boolean b) {',
                '        if (b) {',
                '            return 1;',
                '        } else {',
                '            return 2;',
                '        }',
                '    }',
                '    public void loop() {',
                '        for (Integer i = 0; i < 3; i++) {',
                '            if (i == 1) {',
                '                continue;',
                '            }',
                '            break;',
                '        }',
                '    }',
                '}'
            ].join('\n'),
            'Base.cls':
                'public virtual class Base implements Comparable {\n    public Integer compareTo(Object o) {\n        return 1;\n    }\n}',
            'Sub.cls': 'public class Sub extends Base implements Comparable {\n}',
            'Later.cls': 'public abstract class Later implements Schedulable {\n}',
            'Failures.cls': [
                'public class Failures {',
                '    public virtual class BaseException extends Exception {',
                '    }',
                '    public class DetailException extends BaseException {',
                '    }',
                '    public Failures() {',
                '        this(1);',
                '        new Later2();',
                '        for (Integer i = 0; i < 2; i++) {',
                '            while (true) {',
                '                break;',
                '            }',
                '            continue;',
                '        }',
                '        switch on 1 {',
                '            when 1 {',
                '            }',
                '            when else {',
                '            }',
                '        }',
                '    }',
                '    public Failures(Integer i) {',
                '        super();',
                '    }',
                '}'
            ].join('\n'),
            'Later2.cls': 'public virtual class Later2 {\n}',
            'FailuresTest.cls':
                '@IsTest\nprivate class FailuresTest {\n    @TestSetup\n    static void setup() {\n    }\n    @IsTest\n    static void t() {\n        Assert.isNotNull(new Failures());\n    }\n}',
            'OtherTest.cls': '@IsTest\nclass OtherTest {\n}'
        });
        expect(errors(dir)).toEqual([]);
    });

    it('the cast, misspelling and final-field rules accept what the org compiles', () => {
        const dir = project({
            'Holder.cls': [
                'public class Holder {',
                '    public static final Integer MAX;',
                '    public final String label;',
                '    static {',
                '        MAX = 3;',
                '    }',
                '    public Holder() {',
                "        this.label = 'x';",
                '    }',
                '    public void m(Object o, Integer i, Id recordId) {',
                '        Decimal d = (Decimal) i;',
                '        Long l = (Long) i;',
                "        Id someId = (Id) '0015h0000000001AAA';",
                '        String s = (String) recordId;',
                '        Integer k = (Integer) o;',
                '        Case c = new Case(Subject = s);',
                '        Cases.getCaseIdFromEmailHeaders(null);',
                '        List<Contact> rows = [SELECT Id, Name, Title, Email FROM Contact];',
                '        List<Contract> cs = [SELECT Id FROM Contract];',
                '        Account a = new Account(Name = s, Site = s);',
                '        a.Type = s;',
                "        String joined = s + true + 1 + String.join(new List<String>{ s }, ',');",
                "        Boolean ordered = s < 'b' && Date.today() - 1 < Date.today() && String.isBlank(s);",
                '    }',
                '}'
            ].join('\n'),
            // an inherited static property named like a platform class: the org compiles Test.isRunningTest() here
            'Domain.cls': [
                'public virtual class Domain {',
                '    public static Factory Test { get; private set; }',
                '    public class Factory {',
                '    }',
                '}'
            ].join('\n'),
            'Accounts.cls': [
                'public class Accounts extends Domain {',
                '    public static Boolean inTest() {',
                '        return Test.isRunningTest();',
                '    }',
                '}'
            ].join('\n')
        });
        expect(errors(dir)).toEqual([]);
    });

    it('the platform-signature, DML-result and void rules accept what the org compiles', () => {
        const dir = project({
            // an abstract class may call the platform interface's method it leaves to subclasses
            'Ranked.cls': [
                'public abstract class Ranked implements Comparable {',
                '    public Integer against(Object other) {',
                '        return compareTo(other);',
                '    }',
                '}'
            ].join('\n'),
            'Sigs.cls': [
                'public class Sigs {',
                '    public static void log() {',
                '    }',
                '    public static Object m(String s, Id recordId, Long big, Decimal d, Object o, List<Account> rows) {',
                '        String a = s.substring(1) + s.substring(1, 2) + s.left(big == null ? 1 : 2) + s.replace(recordId, s);',
                '        Integer i = s.indexOf(recordId) + s.indexOf(s, 2) + s.length() + Math.max(1, 2) + Math.round(d);',
                '        Decimal m = Math.max(big, 2) + Math.max(d, 1.5) + Math.abs(d) + Math.mod(big, 2) + Math.pow(2, 3);',
                '        Long r = Math.roundToLong(d);',
                '        Object any = s.split(o == null ? s : (String) o);',
                '        List<String> parts = s.split(s, 2);',
                '        Database.SaveResult one = Database.insert(new Account(Name = s));',
                '        List<Database.SaveResult> many = Database.insert(rows, false);',
                '        Database.SaveResult[] arr = Database.update(rows);',
                '        Database.DeleteResult gone = Database.delete(recordId);',
                '        List<Database.UpsertResult> ups = Database.upsert(rows, Account.Id, false);',
                '        Object held = Database.insert(rows);',
                '        Date today = Date.today() + 1;',
                '        Datetime midnight = Date.today();',
                '        Long elapsed = System.currentTimeMillis() - 5;',
                '        Integer queries = Limits.getQueries() + Limits.getLimitQueries();',
                "        String label = 'x' + Date.today() + UserInfo.getUserId() + System.TriggerOperation.AFTER_INSERT.name();",
                '        Id me = UserInfo.getUserId();',
                // a short name one edit from a local that is a platform class or namespace stays a type
                '        Integer ur = 1;',
                '        Integer sit = 2;',
                '        String u = url.getOrgDomainUrl().toExternalForm() + json.serialize(ur) + site.getPathPrefix();',
                '        String described = rows[0].getSObjectType().getDescribe().getName() + Account.Name.getDescribe().getLength();',
                '        Schema.DescribeSObjectResult dr = Account.SObjectType.getDescribe();',
                '        Boolean readable = Account.Name.getDescribe().isAccessible() && dr.isCreateable();',
                '        String meText = UserInfo.getUserId();',
                '        Boolean running = Test.isRunningTest() && !System.isBatch();',
                '        Integer pos = System.LoggingLevel.DEBUG.ordinal();',
                '        log();',
                "        System.debug('x');",
                '        return Math.max(i, 2);',
                '    }',
                '}'
            ].join('\n')
        });
        expect(errors(dir)).toEqual([]);
    });

    it('the T2 and T3 projects and the fixtures', () => {
        const found: Record<string, string[]> = {};
        for (const d of [...projects('t2'), ...projects('t3'), path.join(rt, 'test/fixtures/basic')]) {
            const e = errors(d);
            if (e.length) found[path.relative(rt, d)] = e;
        }
        // the one T2 project whose expected outcomes are compile errors (conformance/t2/test-visible/expected.json)
        expect(found).toEqual({
            'conformance/t2/test-visible': [
                'Counter2Test.cls:10 Variable is not visible: Counter2.hidden',
                'Counter2Test.cls:15 Variable is not visible: Counter2.total'
            ]
        });
    });

    it('every T1 snippet, and the T1 compile errors it can decide', () => {
        const found: Record<string, string[]> = {};
        for (const c of loadT1(path.join(rt, 'conformance/t1'))) {
            const f = typecheckAnonymous(c.source, `${c.id}.apex`);
            if (f.length) found[c.id] = f.map((x) => `${x.line} ${x.unsupported ? 'unsupported: ' : ''}${x.message}`);
            // a snippet that expects success must get no error (an undecided finding is no error)
            const refused = f.filter((x) => !x.unsupported);
            if (!c.expectException?.startsWith('compile:')) expect([c.id, refused]).toEqual([c.id, []]);
        }
        expect(found).toEqual({
            // the interpreter's own wording differs ("cannot be instantiated", marked unverified in the snippet)
            'classes/abstract-new-is-error': ['6 Abstract classes cannot be constructed: Shape'],
            'classes/static-final-constant': [
                '8 Final members can only be assigned in their declaration, init blocks, or constructors: LIMIT_VALUE'
            ],
            'classes/enum-name-is-string-refused': ['8 Illegal assignment from String to Integer'],
            'classes/platform-interface-class-unknown-method': [
                '8 Method does not exist or incorrect signature: void compareTO(Object, Integer) from the type Score'
            ],
            'classes/short-local-misspelt-before-call': ['8 Variable does not exist: ctxx'],
            'classes/void-result-used-refused': ['10 Illegal assignment from void to Object'],
            'dates/date-today-to-integer-refused': ['7 Illegal assignment from Date to Integer'],
            'sobjects/describe-name-is-string-refused': ['7 Illegal assignment from String to Integer'],
            // compile error or System.FinalException: undocumented, so the pass leaves it to the runtime's unsupported
            'control/final-local-second-assignment-unsupported': ['12 unsupported: second assignment of final local x'],
            'classes/wrong-argument-count': [
                '11 Method does not exist or incorrect signature: void add(Integer, String) from the type Calc'
            ],
            'classes/wrong-argument-type': [
                '12 Method does not exist or incorrect signature: void greet(Integer) from the type Greeter'
            ],
            'numbers/math-argument-type-refused': [
                '7 Method does not exist or incorrect signature: void max(Integer, String) from the type Math'
            ],
            'sobjects/database-result-to-primitive-refused': [
                '8 Illegal assignment from Database.SaveResult to Integer'
            ],
            'strings/method-argument-type-refused': [
                '8 Method does not exist or incorrect signature: void substring(String) from the type String'
            ]
        });
    });
});
