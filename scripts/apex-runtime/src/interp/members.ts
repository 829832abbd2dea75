// Names and members: identifiers, qualified type and namespace names, instance and static fields, property
// accessors, platform static properties, final-field rules and assignable expressions (lvalues).
import type { Interpreter } from './interpreter';
import type { Expr, TypeRef } from '../frontend/ast';
import { ApexList, ApexMap } from '../collections';
import { nativeClasses } from './natives';
import { ANY, ApexObject, ClassInfo, NativeObject, TypeName, typeToString } from './types';
import type { FieldInfo, RType } from './types';

type Lvalue = {
    get(): unknown;
    set(v: unknown): void;
    type: RType;
    undecided?(what: string, candidates?: readonly string[]): void;
};
import { RETURN } from './state';

/* eslint-disable @typescript-eslint/no-explicit-any */

/** Never instantiated: interpreter.ts installs these methods on Interpreter.prototype (`this` is the interpreter). */
export class MemberMethods {
    findField(this: Interpreter, lc: string): boolean {
        const f = this.frame;
        if (f.thisObj && f.thisObj.cls.findField(lc)) return true;
        for (let c: ClassInfo | null = f.cls; c; c = c.outer) if (c.findField(lc)) return true;
        return false;
    }

    evalName(this: Interpreter, name: string, line: number): unknown {
        const lc = name.toLowerCase();
        const f = this.frame;
        const slot = f.scope.lookup(lc);
        if (slot) return slot.v;
        if (f.thisObj) {
            const fi = f.thisObj.cls.findField(lc);
            if (fi && !fi.isStatic) return this.getInstanceField(f.thisObj, fi);
        }
        for (let c: ClassInfo | null = f.cls; c; c = c.outer) {
            for (let s: ClassInfo | null = c; s; s = s.superclass) {
                const fi = s.fields.get(lc);
                if (fi && fi.isStatic) return this.getStatic(s, fi);
            }
        }
        const tn = this.typeNameFor([name]);
        if (tn) return tn;
        return this.unsupported(`unknown identifier or platform name '${name}'`, line);
    }

    /**
     * `Name.m()` where Name is not a local or an own field but a static field inherited from a superclass of the
     * lexical class, and also names a type: the org compiles this code, so when the field's value has no method `m`
     * the type is meant (fflib domain subclasses call `Test.isRunningTest()` next to fflib_SObjectDomain's static
     * `Test` property of type TestFactory [Obs: DLRS RollupSummaries]). Returns the type, or undefined to read the
     * name as usual; both readings possible → Unsupported.
     */
    inheritedStaticNamingType(this: Interpreter, name: string, method: string, line: number): TypeName | undefined {
        const lc = name.toLowerCase();
        const f = this.frame;
        if (f.scope.lookup(lc) || f.thisObj?.cls.fields.get(lc)) return undefined;
        let owner: ClassInfo | null = null;
        for (let c: ClassInfo | null = f.cls; c && !owner; c = c.outer) {
            if (c.fields.get(lc)) return undefined;
            for (let s: ClassInfo | null = c.superclass; s && !owner; s = s.superclass) if (s.fields.get(lc)) owner = s;
        }
        const fi = owner?.fields.get(lc);
        if (!owner || !fi?.isStatic) return undefined;
        const tn = this.typeNameFor([name]);
        if (!tn) return undefined;
        const value = this.getStatic(owner, fi);
        if (!(value instanceof ApexObject)) return undefined;
        const ml = method.toLowerCase();
        if (!value.cls.findMethods(ml).length) return tn;
        const t = tn.t;
        if (t?.k === 'class' && !t.cls.builtin && t.cls.findMethods(ml).some((m) => m.modifiers.includes('static')))
            return this.unsupported(
                `${name}.${method}(): the inherited static ${owner.name}.${fi.name} or the type ${name}`,
                line
            );
        return undefined;
    }

    typeNameFor(this: Interpreter, names: string[]): TypeName | null {
        const lc = names.map((n) => n.toLowerCase());
        if (
            lc.length === 1 &&
            [
                'system',
                'database',
                'schema',
                'connectapi',
                'auth',
                'messaging',
                'metadata',
                'approval',
                'eventbus',
                'flow',
                'cache',
                'dom',
                'reports',
                'site',
                'invocable'
            ].includes(lc[0]) &&
            // a project class of that name (Invocable is no reserved word) is the class, not the namespace
            !(lc[0] === 'invocable' && this.program.classes.has('invocable'))
        )
            return new TypeName(null, lc[0]);
        const t = this.lookupType(names, this.frame.cls);
        if (t) return new TypeName(t, null);
        return null;
    }

    /** Stub API limitations: properties can't be mocked, and what a stub's fields hold is not documented. */
    stubMember(this: Interpreter, o: ApexObject, name: string): void {
        if (o.stub) this.unsupported(`field or property ${o.cls.name}.${name} of a Test.createStub object`);
    }

    getInstanceField(
        this: Interpreter,
        o: ApexObject,
        fi: { name: string; prop: any; owner: ClassInfo; type: TypeRef }
    ): unknown {
        this.stubMember(o, fi.name);
        const lc = fi.name.toLowerCase();
        const own = this.inOwnAccessor(lc, fi.owner);
        if (fi.prop && fi.prop.getter && fi.prop.getter !== 'auto' && !own) {
            return this.runAccessor(fi.owner, o, fi.prop, 'get', null);
        }
        if (fi.prop && fi.prop.getter === null && !own) this.compileError(`Variable is not visible: ${fi.name}`);
        return o.fields.has(lc) ? o.fields.get(lc) : null;
    }

    setInstanceField(
        this: Interpreter,
        o: ApexObject,
        fi: { name: string; prop: any; owner: ClassInfo; type: TypeRef },
        v: unknown
    ): void {
        this.stubMember(o, fi.name);
        const lc = fi.name.toLowerCase();
        const own = this.inOwnAccessor(lc, fi.owner);
        if (fi.prop && fi.prop.setter && fi.prop.setter !== 'auto' && !own) {
            this.runAccessor(fi.owner, o, fi.prop, 'set', v);
            return;
        }
        if (fi.prop && fi.prop.setter === null && !own) this.compileError(`Variable is not visible: ${fi.name}`);
        o.fields.set(lc, v);
    }

    /**
     * Inside a property's own accessor its name means the backing value; a same-named property of another class read
     * there (an inner class's lazy `isX { get { … other.isX … } }`) is a read of that property, so its get accessor
     * runs: "The code in a get accessor executes when the property is read" (Apex Developer Guide, "Apex
     * Properties"). Another object of the same class keeps the backing-value reading (not decided).
     */
    inOwnAccessor(this: Interpreter, lc: string, owner: ClassInfo): boolean {
        return this.frame.accessor === lc && this.frame.cls === owner;
    }

    runAccessor(
        this: Interpreter,
        cls: ClassInfo,
        o: ApexObject | null,
        prop: any,
        which: 'get' | 'set',
        v: unknown
    ): unknown {
        const body = which === 'get' ? prop.getter : prop.setter;
        const frame = this.pushFrame({
            cls,
            thisObj: o,
            where: `Class.${cls.name}.${prop.name}`,
            file: cls.decl!.file,
            accessor: prop.name.toLowerCase()
        });
        try {
            if (which === 'set') frame.scope.vars.set('value', { t: this.resolveType(prop.type, cls), v });
            const r = this.exec(body);
            return r === RETURN ? frame.retVal : null;
        } finally {
            this.popFrame();
        }
    }

    /** The assignable slot of a static field (or property) of `owner`: final fields refuse a second assignment. */
    staticLvalue(this: Interpreter, owner: ClassInfo, fi: FieldInfo, line: number): Lvalue {
        return {
            get: () => this.getStatic(owner, fi),
            set: (v) => {
                this.checkFinalAssign(fi, owner, true, line);
                this.setStatic(owner, fi, v);
            },
            type: this.resolveType(fi.type, owner)
        };
    }

    getStatic(this: Interpreter, cls: ClassInfo, fi: { name: string; prop: any }): unknown {
        const lc = fi.name.toLowerCase();
        if (fi.prop && fi.prop.getter && fi.prop.getter !== 'auto' && !this.inOwnAccessor(lc, cls))
            return this.runAccessor(cls, null, fi.prop, 'get', null);
        const slots = this.staticSlots(cls);
        return slots.get(lc)?.v ?? null;
    }

    setStatic(this: Interpreter, cls: ClassInfo, fi: { name: string; prop: any; type: TypeRef }, v: unknown): void {
        const lc = fi.name.toLowerCase();
        if (fi.prop && fi.prop.setter && fi.prop.setter !== 'auto' && !this.inOwnAccessor(lc, cls)) {
            this.runAccessor(cls, null, fi.prop, 'set', v);
            return;
        }
        const slots = this.staticSlots(cls);
        const s = slots.get(lc);
        if (s) s.v = v;
        else slots.set(lc, { t: this.resolveType(fi.type, cls), v });
    }

    evalDot(this: Interpreter, e: Extract<Expr, { kind: 'Dot' }>): unknown {
        // qualified type / namespace names (System.Foo, Outer.Inner, MyEnum.VALUE)
        this.shortAt = null;
        this.nullParentAt = null;
        const target = this.evalTarget(e.target);
        if (target === null) {
            if (e.safe || this.chainShortCircuited(e.target)) return this.shortCircuit(e);
            // `c.Account.Name` read as a value is null when c.Account is null (no NullPointerException)
            if (this.nullParentRead(e.target)) return null;
            this.npe();
        }
        return this.getMember(target, e.name, e.line);
    }

    /**
     * "The expression c.Account.Name, and any other expression that traverses a relationship … when being read as a
     * value, if c.Account is null, then c.Account.Name evaluates to null, but does not yield a NullPointerException";
     * modified (assigned) or with a method called on it, it does (Apex Developer Guide, "Accessing sObject Fields
     * Through Relationships"). `nullParentAt` names the chain node whose value is such a null parent (a relationship
     * read on an sObject, or the rest of a chain after one), at this frame depth.
     */
    nullParentRead(this: Interpreter, target: Expr): boolean {
        return (
            target.kind === 'Dot' &&
            !target.paren &&
            this.nullParentAt?.node === target &&
            this.nullParentAt.depth === this.frames.length
        );
    }

    /**
     * `?.` short-circuits the rest of its chain: "If the left-hand-side of the chain expression evaluates to null, the
     * right-hand-side isn't evaluated" (`a[x]?.aMethod().aField` is null when a[x] is null), up to the first closing
     * parenthesis (Apex Developer Guide, "Safe Navigation Operator"). `shortAt` names the chain node that returned
     * null by a short-circuit (at this frame depth, so a recursive call's own chains do not count); a parent reads it
     * right after evaluating that node as its target, and clears it before.
     */
    shortCircuit(this: Interpreter, node: object): null {
        this.shortAt = { node, depth: this.frames.length };
        return null;
    }

    /** Whether a null target is the short-circuited rest of a `?.` chain (not a null value of its own). */
    chainShortCircuited(this: Interpreter, target: Expr | null): boolean {
        return !!target && this.shortAt?.node === target && this.shortAt.depth === this.frames.length && !target.paren;
    }

    /** Evaluate the target of a member access; names that are types become TypeName values. */
    evalTarget(this: Interpreter, t: Expr): unknown {
        if (t.kind === 'Name') return this.evalName(t.name, t.line);
        if (t.kind === 'Dot') {
            this.shortAt = null;
            const inner = this.evalTarget(t.target);
            if (inner instanceof TypeName) {
                const sub = this.memberOfTypeName(inner, t.name, t.line, true);
                if (sub !== undefined) return sub;
            }
            if (inner === null) {
                if (t.safe || this.chainShortCircuited(t.target)) return this.shortCircuit(t);
                if (this.nullParentRead(t.target)) {
                    this.nullParentAt = { node: t, depth: this.frames.length };
                    return null;
                }
                this.npe();
            }
            const v = this.getMember(inner, t.name, t.line);
            // a null member of an sObject used as a target can only be a parent relationship (fields are primitives)
            this.nullParentAt =
                v === null && this.sobjectHooks.typeOf(inner) ? { node: t, depth: this.frames.length } : null;
            return v;
        }
        return this.eval(t);
    }

    /** `X.name` where X is a type or namespace. Returns undefined when not a nested type (if onlyTypes). */
    memberOfTypeName(this: Interpreter, tn: TypeName, name: string, line: number, onlyTypes: boolean): unknown {
        const lc = name.toLowerCase();
        if (tn.ns) {
            const qualified = this.lookupType([tn.ns, name], this.frame.cls);
            if (qualified) return new TypeName(qualified, null);
            if (onlyTypes) return undefined;
            return this.unsupported(`${tn.ns}.${name}`, line);
        }
        const t = tn.t!;
        if (t.k === 'class') {
            const cls = t.cls;
            // in name1.name2[...], name2 is first taken as a static variable of class name1 (Apex Developer Guide,
            // "Namespace, Class, and Variable Name Precedence"): a static field or property named like an inner type
            // (`SOQL.Filter`, `Triggers.skips` next to `Skips`) is the variable in an expression
            for (let s: ClassInfo | null = cls; s; s = s.superclass)
                if (s.fields.get(lc)?.isStatic) return this.staticMember(cls, name, line);
            const inner = cls.inner.get(lc);
            if (inner) return new TypeName({ k: 'class', cls: this.ensureResolved(inner) }, null);
            if (onlyTypes) {
                if (cls.kind === 'enum' || cls.findField(lc)) return this.staticMember(cls, name, line);
                return undefined;
            }
            return this.staticMember(cls, name, line);
        }
        if (t.k === 'native') {
            const nat = nativeClasses.get(t.name.toLowerCase())!;
            const qualified = nativeClasses.get(`${t.name}.${name}`.toLowerCase());
            if (qualified) return new TypeName({ k: 'native', name: qualified.name }, null);
            const prop = nat.staticProps?.[lc];
            if (prop) return prop(this);
            const dyn = nat.staticMember?.(this, name);
            if (dyn !== undefined) return dyn;
            if (onlyTypes) return undefined;
            return this.unsupported(`${t.name}.${name}`, line);
        }
        if (t.k === 'sobject') {
            const r = this.sobjectHooks.staticMember?.(this, t.name, name);
            if (r !== undefined) return r;
            if (onlyTypes) return undefined;
            return this.unsupported(`${typeToString(t)}.${name}`, line);
        }
        if (onlyTypes) return undefined;
        return this.unsupported(`${typeToString(t)}.${name}`, line);
    }

    staticMember(this: Interpreter, cls: ClassInfo, name: string, line: number): unknown {
        const lc = name.toLowerCase();
        if (cls.kind === 'enum') {
            const ev = cls.enumValues.find((x) => x.name.toLowerCase() === lc);
            if (ev) return ev;
        }
        for (let s: ClassInfo | null = cls; s; s = s.superclass) {
            const fi = s.fields.get(lc);
            if (fi && fi.isStatic) {
                this.checkField(fi, line);
                return this.getStatic(s, fi);
            }
        }
        return this.compileError(`Variable does not exist: ${cls.name}.${name}`, line);
    }

    getMember(this: Interpreter, target: unknown, name: string, line: number): unknown {
        const lc = name.toLowerCase();
        if (target instanceof TypeName) return this.memberOfTypeName(target, name, line, false);
        if (target instanceof ApexObject) {
            const fi = target.cls.findField(lc);
            if (fi && !fi.isStatic) {
                this.checkField(fi, line);
                return this.getInstanceField(target, fi);
            }
            return this.compileError(`Variable does not exist: ${name}`, line);
        }
        if (target instanceof NativeObject) {
            const nat = nativeClasses.get(target.cls.toLowerCase());
            const getter = nat?.methods?.['get:' + lc];
            if (getter) return getter(this, [], target);
            if (nat?.dynamicGet) return nat.dynamicGet(this, target, name);
            return this.unsupported(`${target.cls}.${name}`, line);
        }
        if (target instanceof ApexList && this.services.isSoqlList?.(target))
            return this.getMember(this.services.singleRow!(target), name, line);
        const so = this.sobjectHooks.getField?.(this, target, name);
        if (so !== undefined) return so;
        return this.unsupported(`field access .${name} on ${this.typeOf(target)}`, line);
    }

    /**
     * A final field may be assigned only in its declaration, an initializer block (static ones for static fields) or
     * a constructor of its class; anywhere else the platform refuses to compile the class.
     */
    checkFinalAssign(
        this: Interpreter,
        fi: { name: string; mods: string[] },
        owner: ClassInfo,
        isStatic: boolean,
        line: number
    ) {
        if (!fi.mods.includes('final')) return;
        // a final property's own accessor writes its backing value (lazy `static final X { get { if (X == null) X = …` ),
        // which the platform compiles
        if (this.frame.accessor === fi.name.toLowerCase() && this.frame.cls === owner) return;
        const where = this.frame.where;
        const base = `Class.${owner.name}.`;
        // an instance final inherited from a superclass may be assigned in a subclass constructor [Obs]: apex-rollup's
        // RollupAsyncProcessor assigns Rollup's `protected final` invokePoint / rollupControl / isConductor after
        // `super()` (Rollup keeps an empty protected constructor for it), and the package deploys; the compile pass
        // accepts any constructor (typecheck/checker.ts checkFinalField)
        const cls = this.frame.cls;
        const inCtor = (c: ClassInfo) =>
            where === `Class.${c.name}.<init>` || where === `Class.${c.name}.${c.decl!.name}`;
        const ok = isStatic
            ? where === base + '<clinit>'
            : (cls === owner && inCtor(owner)) ||
              (!!cls && cls !== owner && cls.isSubclassOf(owner) && !!cls.decl && inCtor(cls));
        if (!ok)
            this.compileError(
                `Final members can only be assigned in their declaration, init blocks, or constructors: ${fi.name}`,
                line
            );
    }

    lvalue(this: Interpreter, e: Expr): Lvalue {
        const f = this.frame;
        if (e.kind === 'Name') {
            const lc = e.name.toLowerCase();
            const slot = f.scope.lookup(lc);
            if (slot?.final) {
                const fin = slot.final;
                return {
                    get: () => slot.v,
                    set: (v) => {
                        // a final local assigned a second time: the org refuses it, but whether as a compile error
                        // or as System.FinalException is not documented ("Using the final Keyword")
                        if (fin.assigned) this.unsupported(`second assignment of final local ${e.name}`, e.line);
                        fin.assigned = true;
                        slot.v = v;
                    },
                    type: slot.t
                };
            }
            if (slot) return { get: () => slot.v, set: (v) => (slot.v = v), type: slot.t };
            if (f.thisObj) {
                const o = f.thisObj;
                const fi = o.cls.findField(lc);
                if (fi && !fi.isStatic)
                    return {
                        get: () => this.getInstanceField(o, fi),
                        set: (v) => {
                            this.checkFinalAssign(fi, fi.owner, false, e.line);
                            this.setInstanceField(o, fi, v);
                        },
                        type: this.resolveType(fi.type, fi.owner)
                    };
            }
            for (let c: ClassInfo | null = f.cls; c; c = c.outer) {
                for (let s: ClassInfo | null = c; s; s = s.superclass) {
                    const fi = s.fields.get(lc);
                    if (fi && fi.isStatic) return this.staticLvalue(s, fi, e.line);
                }
            }
            return this.compileError(`Variable does not exist: ${e.name}`, e.line);
        }
        if (e.kind === 'Dot') {
            const target = this.evalTarget(e.target);
            if (target === null) this.npe();
            const lc = e.name.toLowerCase();
            if (target instanceof TypeName && target.t?.k === 'class') {
                const cls = target.t.cls;
                for (let s: ClassInfo | null = cls; s; s = s.superclass) {
                    const fi = s.fields.get(lc);
                    if (fi && fi.isStatic) {
                        this.checkSetter(fi, e.line);
                        return this.staticLvalue(s, fi, e.line);
                    }
                }
                return this.compileError(`Variable does not exist: ${e.name}`, e.line);
            }
            if (target instanceof TypeName && target.t?.k === 'native') {
                const nat = nativeClasses.get(target.t.name.toLowerCase());
                const get = nat?.staticProps?.[lc];
                const set = nat?.staticSetters?.[lc];
                if (get && set) return { get: () => get(this), set: (v) => set(this, v), type: ANY };
                return this.unsupported(`assignment to ${target.t.name}.${e.name}`, e.line);
            }
            if (target instanceof ApexObject) {
                const fi = target.cls.findField(lc);
                if (!fi || fi.isStatic) return this.compileError(`Variable does not exist: ${e.name}`, e.line);
                this.checkSetter(fi, e.line);
                return {
                    get: () => this.getInstanceField(target, fi),
                    set: (v) => {
                        this.checkFinalAssign(fi, fi.owner, false, e.line);
                        this.setInstanceField(target, fi, v);
                    },
                    type: this.resolveType(fi.type, fi.owner)
                };
            }
            if (target instanceof NativeObject) {
                const m = nativeClasses.get(target.cls.toLowerCase())?.methods;
                const g = m?.['get:' + lc];
                const s = m?.['set:' + lc];
                if (g && s) return { get: () => g(this, [], target), set: (v) => s(this, [v], target), type: ANY };
                return this.unsupported(`assignment to ${target.cls}.${e.name}`, e.line);
            }
            const so = this.sobjectHooks.fieldLvalue?.(this, target, e.name);
            if (so) return so;
            return this.unsupported(`assignment to .${e.name} on ${this.typeOf(target)}`, e.line);
        }
        if (e.kind === 'Index') {
            const t = this.eval(e.target);
            const i = this.eval(e.index);
            if (t === null) this.npe();
            if (t instanceof ApexList) {
                const n = this.listIndex(t, i);
                return { get: () => t.items[n], set: (v) => (t.items[n] = v), type: t.elemType };
            }
            if (t instanceof ApexMap) return { get: () => t.get(i), set: (v) => t.set(i, v), type: t.valType };
            return this.unsupported(`index assignment on ${this.typeOf(t)}`, e.line);
        }
        return this.compileError('Expression cannot be assigned', e.line);
    }
}
