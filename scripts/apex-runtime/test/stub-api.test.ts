// Stub API (Apex Developer Guide, "Build a Mocking Framework with the Stub API" and "Apex Stub API Limitations")
// and the Type equality that providers rely on (Apex Reference, "Type Class": equals).
import { writeProject } from '../src/__tests__/support';
import { Program } from '../src/interp/interpreter';
import { discover } from '../src/project/project';
import { runTests } from '../src/runner/runner';
import { Session } from '../src/session';

const anon = (src: string) => {
    const s = new Session(new Program());
    const outcome = s.runAnonymous(src, 'stub.apex');
    return { outcome, debug: s.debug.map((d) => d.message) };
};

const META =
    '<?xml version="1.0" encoding="UTF-8"?><ApexClass xmlns="http://soap.sforce.com/2006/04/metadata"><apiVersion>66.0</apiVersion><status>Active</status></ApexClass>';

describe('Type equality', () => {
    it('== and equals compare the named type, and Types work as Map keys', () => {
        const r = anon(`
            System.debug(Integer.class == Integer.class);
            System.debug(List<Account>.class == List<account>.class);
            System.debug(String.class == Integer.class);
            System.debug(Type.forName('Integer').equals(Integer.class));
            Map<Type, String> names = new Map<Type, String>{ Integer.class => 'int' };
            System.debug(names.get(Integer.class));`);
        expect(r.outcome.kind).toBe('ok');
        expect(r.debug).toEqual(['true', 'true', 'false', 'true', 'int']);
    });
});

describe('Test.createStub limits', () => {
    const project = writeProject('stub-api-', (w) => {
        const cls = (name: string, body: string) => {
            w(`classes/${name}.cls`, body);
            w(`classes/${name}.cls-meta.xml`, META);
        };
        cls(
            'Feed',
            `public virtual class Feed {
                public virtual Iterator<String> entries() { return new List<String>().iterator(); }
                public virtual Integer count() { return 0; }
                Integer secret() { return 1; }
                public static Integer peek(Feed f) { return f.secret(); }
            }`
        );
        cls('Tally', `public virtual class Tally { public Integer total = 0; }`);
        cls(
            'Echo',
            `@IsTest public class Echo implements System.StubProvider {
                public Object handleMethodCall(Object o, String n, Type t, List<Type> pt, List<String> pn, List<Object> a) {
                    return t == Integer.class ? (Object) 7 : null;
                }
            }`
        );
        cls(
            'FeedTest',
            `@IsTest private class FeedTest {
                @IsTest static void counts() { Assert.areEqual(7, ((Feed) Test.createStub(Feed.class, new Echo())).count()); }
                @IsTest static void iteratorReturn() { ((Feed) Test.createStub(Feed.class, new Echo())).entries(); }
                @IsTest static void privateMethod() { Feed.peek((Feed) Test.createStub(Feed.class, new Echo())); }
                @IsTest static void rendered() { Assert.areEqual('Feed__sfdc_ApexStub:[]', '' + Test.createStub(Feed.class, new Echo())); }
                @IsTest static void renderedWithFields() { System.debug('' + Test.createStub(Tally.class, new Echo())); }
            }`
        );
    });
    const byName = Object.fromEntries(
        runTests(discover(project), { classes: [], methods: [] }).tests.map((t) => [t.methodName, t])
    );

    it('a stubbed method answers through handleMethodCall with its return Type', () => {
        expect(byName.counts.outcome).toBe('Pass');
    });

    it('an Iterator return type is unsupported ("Iterators can\'t be used as return types or parameter types")', () => {
        expect(byName.iteratorReturn.outcome).toBe('Unsupported');
        expect(byName.iteratorReturn.message).toMatch(/Feed\.entries with an Iterator/);
    });

    it('a private method of a stub (called by its own class) is unsupported ("Private methods" can\'t be mocked)', () => {
        expect(byName.privateMethod.outcome).toBe('Unsupported');
        expect(byName.privateMethod.message).toMatch(/private method Feed\.secret of a Test\.createStub object/);
    });

    it('a stub prints as the generated subclass <Type>__sfdc_ApexStub (observed); with instance fields it is unsupported', () => {
        expect(byName.rendered.outcome).toBe('Pass');
        expect(byName.renderedWithFields.outcome).toBe('Unsupported');
        expect(byName.renderedWithFields.message).toMatch(/Tally, which has instance fields/);
    });

    it('outside a test, Test.createStub is unsupported', () => {
        const r = anon(`
            public class P implements System.StubProvider {
                public Object handleMethodCall(Object o, String n, Type t, List<Type> pt, List<String> pn, List<Object> a) { return null; }
            }
            public virtual class V { public virtual Integer n() { return 1; } }
            Object o = Test.createStub(V.class, new P());`);
        expect(r.outcome).toMatchObject({
            kind: 'unsupported',
            message: expect.stringContaining('Test.createStub outside a test')
        });
    });
});
