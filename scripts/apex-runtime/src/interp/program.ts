// The loaded program: project classes and triggers, built-in classes and platform interfaces, coverage
// denominators. Split out of interpreter.ts (declaration, no evaluation).
import type { InitMember, TriggerDecl, TypeDecl } from '../frontend/ast';
import { ApexCompileError, BUILTIN_EXCEPTIONS, NAMESPACED_EXCEPTIONS } from './exceptions';
import { ClassInfo, EnumValue } from './types';

/** Platform interfaces represented by native objects (see Program.nativeInterfaces); names as registered natives. */
const NATIVE_PLATFORM_INTERFACES = new Set([
    'FinalizerContext',
    'QueueableContext',
    'SchedulableContext',
    'Database.BatchableContext'
]);

/** Project-wide program: classes and triggers, built once per run. */
export class Program {
    classes = new Map<string, ClassInfo>();
    builtins = new Map<string, ClassInfo>();
    triggers: TriggerDecl[] = [];
    /** executable lines per file (coverage denominators) */
    executable = new Map<string, number[]>();
    /** display name per file, e.g. 'AccountService' or 'AccountTrigger' */
    fileNames = new Map<string, { name: string; kind: 'class' | 'trigger' }>();
    /**
     * Platform interfaces whose platform-made instances are native objects (contexts handed to Finalizer, Queueable,
     * Schedulable and batch code). User classes may implement them too (test doubles), so each gets an interface
     * ClassInfo that user classes list in `interfaces`; `isInstance` accepts both the native object and such a class.
     */
    nativeInterfaces = new Map<string, ClassInfo>();

    nativeInterface(name: string): ClassInfo | null {
        if (!NATIVE_PLATFORM_INTERFACES.has(name)) return null;
        let c = this.nativeInterfaces.get(name);
        if (!c) {
            c = new ClassInfo(name, 'interface', null, null, true);
            c.resolved = true;
            this.nativeInterfaces.set(name, c);
        }
        return c;
    }

    constructor() {
        const exc = new ClassInfo('Exception', 'class', null, null, true);
        this.builtins.set('exception', exc);
        this.builtins.set('system.exception', exc);
        for (const n of BUILTIN_EXCEPTIONS) {
            const c = new ClassInfo(n, 'class', null, null, true);
            c.superclass = exc;
            c.resolved = true;
            this.builtins.set(n.toLowerCase(), c);
            this.builtins.set('system.' + n.toLowerCase(), c);
        }
        for (const n of NAMESPACED_EXCEPTIONS) {
            const c = new ClassInfo(n, 'class', null, null, true);
            c.superclass = exc;
            c.resolved = true;
            this.builtins.set(n.toLowerCase(), c);
        }
        exc.resolved = true;
        for (const n of [
            'Queueable',
            'Database.AllowsCallouts',
            'Database.Stateful',
            'Database.Batchable',
            'Database.RaisesPlatformEvents',
            'HttpCalloutMock',
            'Finalizer',
            'Comparable',
            'Schedulable',
            'Callable',
            'Iterable',
            'Iterator',
            'System.Comparator',
            'StubProvider',
            'Metadata.DeployCallback',
            'Cache.CacheBuilder'
        ]) {
            const c = new ClassInfo(n, 'interface', null, null, true);
            c.resolved = true;
            const lc = n.toLowerCase();
            this.builtins.set(lc, c);
            if (!lc.includes('.')) this.builtins.set('system.' + lc, c);
            else if (lc.startsWith('system.')) this.builtins.set(lc.slice(7), c);
        }
    }

    addClass(decl: TypeDecl, lines: number[]): ClassInfo {
        const ci = this.declare(decl, null);
        this.executable.set(decl.file, lines);
        this.fileNames.set(decl.file, { name: decl.name, kind: 'class' });
        this.classes.set(ci.key, ci);
        return ci;
    }

    declare(decl: TypeDecl, outer: ClassInfo | null): ClassInfo {
        const name = outer ? `${outer.name}.${decl.name}` : decl.name;
        const ci = new ClassInfo(name, decl.kind, decl, outer);
        // A class may not declare the same signature twice (the org refuses the class: "Method already defined").
        const refText = (t: { names: string[]; args: { names: string[]; args: unknown[] }[] }): string =>
            t.names.join('.') + (t.args.length ? '<' + t.args.map((a) => refText(a as typeof t)).join(',') + '>' : '');
        const signatures = new Set<string>();
        for (const m of decl.methods) {
            const signature = `${m.name}(${m.params.map((p) => refText(p.type)).join(',')})`;
            if (signatures.has(signature.toLowerCase()))
                throw new ApexCompileError(
                    `Method already defined: ${signature} from the type ${name}`,
                    decl.file,
                    m.line
                );
            signatures.add(signature.toLowerCase());
        }
        for (const m of decl.methods) {
            const lc = m.name.toLowerCase();
            const l = ci.methods.get(lc) ?? [];
            l.push(m);
            ci.methods.set(lc, l);
        }
        const addField = (mem: InitMember, isStatic: boolean): void => {
            if (mem.kind === 'field')
                for (const d of mem.field.decls)
                    ci.fields.set(d.name.toLowerCase(), {
                        name: d.name,
                        mods: mem.field.modifiers,
                        anns: mem.field.annotations,
                        type: mem.field.type,
                        isStatic,
                        prop: null,
                        owner: ci
                    });
            else if (mem.kind === 'prop')
                ci.fields.set(mem.prop.name.toLowerCase(), {
                    name: mem.prop.name,
                    mods: mem.prop.modifiers,
                    anns: mem.prop.annotations,
                    type: mem.prop.type,
                    isStatic,
                    prop: mem.prop,
                    owner: ci
                });
        };
        decl.staticInit.forEach((m) => addField(m, true));
        decl.instanceInit.forEach((m) => addField(m, false));
        if (decl.kind === 'enum') ci.enumValues = decl.enumValues.map((v, i) => new EnumValue(ci, v, i));
        for (const inner of decl.inner) ci.inner.set(inner.name.toLowerCase(), this.declare(inner, ci));
        return ci;
    }

    addTrigger(t: TriggerDecl, lines: number[]): void {
        this.triggers.push(t);
        this.triggers.sort((a, b) => a.file.localeCompare(b.file));
        this.executable.set(t.file, lines);
        this.fileNames.set(t.file, { name: t.name, kind: 'trigger' });
    }
}
