// Invocable.Action: Apex calling an invocable action. Only custom actions of type 'apex' (a project class with an
// @InvocableMethod) run here: each invocation's parameters fill one request object (its @InvocableVariable fields),
// the method gets them all in one list, and each returned object's @InvocableVariable fields become that
// invocation's output parameters. Standard actions, flows, other types, and the cases whose platform result is not
// documented (an action that throws, a parameter the request class does not declare, primitive requests or
// results) are unsupported.
// Apex Reference: "Action Class" (createCustomAction, addInvocation, setInvocationParameter, invoke) and
// "Action.Result Class" (isSuccess, getOutputParameters, getInvocationParameters, getErrors, getAction):
// https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_class_Invocable_Action.htm
// https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_class_Invocable_Action_Result.htm
import type { Interpreter } from '../interp/interpreter';
import { registerNative } from '../interp/natives';
import { ApexObject, NativeObject, type ClassInfo, type RType } from '../interp/types';
import { ApexThrow } from '../interp/exceptions';
import { ApexList, ApexMap } from '../collections';
import { arity, str } from './core';
import type { Annotation, MethodDecl } from '../frontend/ast';

const ACTION = 'Invocable.Action';
const RESULT = 'Invocable.Action.Result';
const STRING: RType = { k: 'prim', name: 'String' };
const OBJECT: RType = { k: 'any' };

interface ActionState {
    type: string;
    namespace: string | null;
    name: string;
    /** one map per invocation: parameter name as written → value, in the order set */
    invocations: Map<string, unknown>[];
}

const state = (self: unknown) => (self as NativeObject).state as unknown as ActionState;
const isInvocable = (anns: { name: string }[]) => anns.some((a) => a.name.toLowerCase() === 'invocablevariable');

function createCustom(it: Interpreter, a: unknown[]): NativeObject {
    if (a.length === 4) it.unsupported('Invocable.Action.createCustomAction with a version');
    if (a.length !== 2 && a.length !== 3) arity(it, a, 2);
    const type = str(it, a[0]);
    const namespace = a.length === 3 && a[1] !== null ? str(it, a[1]) : null;
    const name = str(it, a[a.length - 1]);
    return new NativeObject(ACTION, { type, namespace, name, invocations: [] } satisfies ActionState);
}

/** The class and its @InvocableMethod, or unsupported. */
function target(it: Interpreter, s: ActionState): { cls: ClassInfo; m: MethodDecl } {
    const what = `Invocable.Action '${s.type}' '${s.name}'`;
    if (s.type.toLowerCase() !== 'apex') it.unsupported(`${what}: only custom actions of type 'apex' run locally`);
    if (s.namespace) it.unsupported(`${what} in namespace ${s.namespace}`);
    const found = it.program.classes.get(s.name.toLowerCase());
    if (!found) it.unsupported(`${what}: no project class of that name`);
    const cls = it.ensureResolved(found);
    const methods = [...cls.methods.values()]
        .flat()
        .filter((m) => m.annotations.some((x) => x.name.toLowerCase() === 'invocablemethod'));
    if (methods.length !== 1) it.unsupported(`${what}: the class has no single @InvocableMethod`);
    return { cls, m: methods[0] };
}

function fieldsOf(cls: ClassInfo) {
    const out = [];
    for (let c: ClassInfo | null = cls; c; c = c.superclass)
        for (const f of c.fields.values()) if (!f.isStatic && isInvocable(f.anns)) out.push(f);
    return out;
}

function invoke(it: Interpreter, self: unknown): ApexList {
    const s = state(self);
    const what = `Invocable.Action '${s.name}'`;
    if (!s.invocations.length) it.unsupported(`${what}.invoke() without any invocation`);
    const { cls, m } = target(it, s);
    if (m.params.length !== 1) it.unsupported(`${what}: an @InvocableMethod without exactly one parameter`);
    const paramType = it.resolveType(m.params[0].type, cls);
    const reqType = paramType.k === 'list' ? paramType.elem : null;
    if (!reqType || reqType.k !== 'class')
        it.unsupported(`${what}: requests that are not objects of an Apex class with @InvocableVariable fields`);
    const reqCls = (reqType as { k: 'class'; cls: ClassInfo }).cls;
    const declared = fieldsOf(reqCls);
    const requests = s.invocations.map((params) => {
        const req = it.instantiate(reqCls, []);
        for (const [name, value] of params) {
            const f = declared.find((x) => x.name.toLowerCase() === name.toLowerCase());
            if (!f) it.unsupported(`${what}: parameter '${name}' is no @InvocableVariable of ${reqCls.name}`);
            let v: unknown;
            try {
                v = it.coerce(value, it.resolveType(f.type, f.owner));
            } catch (e) {
                if (e instanceof ApexThrow)
                    it.unsupported(`${what}: parameter '${name}' of another type than declared`);
                throw e;
            }
            it.setInstanceField(req, f, v);
        }
        // what the platform does when a required input is missing is not documented
        for (const f of declared) {
            const ann = (f.anns as Annotation[]).find((x) => x.name.toLowerCase() === 'invocablevariable');
            const required = Object.entries(ann?.params ?? {}).some(
                ([k, v]) => k.toLowerCase() === 'required' && (v === true || String(v).toLowerCase() === 'true')
            );
            if (required && ![...params.keys()].some((k) => k.toLowerCase() === f.name.toLowerCase()))
                it.unsupported(`${what}: the required parameter '${f.name}' is not set`);
        }
        return req;
    });
    let returned: unknown;
    try {
        returned = it.invoke(cls, m, null, [new ApexList(reqType, requests)]);
    } catch (e) {
        // how a failing action is reported (an exception, or a result with isSuccess() false) is not documented
        if (e instanceof ApexThrow) it.unsupported(`${what}: an invocable action that throws`);
        throw e;
    }
    const outputs: ApexMap[] = [];
    if (m.returnType === null) {
        for (let i = 0; i < requests.length; i++) outputs.push(new ApexMap(STRING, OBJECT));
    } else {
        if (!(returned instanceof ApexList) || returned.items.length !== requests.length)
            it.unsupported(`${what}: an @InvocableMethod whose result list does not match its invocations`);
        for (const r of (returned as ApexList).items) {
            if (!(r instanceof ApexObject))
                it.unsupported(`${what}: results that are not objects of an Apex class with @InvocableVariable fields`);
            const out = new ApexMap(STRING, OBJECT);
            for (const f of fieldsOf((r as ApexObject).cls)) out.set(f.name, it.getInstanceField(r as ApexObject, f));
            outputs.push(out);
        }
    }
    return new ApexList(
        { k: 'native', name: RESULT },
        outputs.map((out, i) => {
            const inputs = new ApexMap(STRING, OBJECT);
            for (const [k, v] of s.invocations[i]) inputs.set(k, v);
            return new NativeObject(RESULT, { action: self, outputs: out, inputs });
        })
    );
}

registerNative(
    {
        name: ACTION,
        statics: {
            createcustomaction: (it, a) => createCustom(it, a),
            createstandardaction: (it) => it.unsupported('Invocable.Action.createStandardAction')
        },
        methods: {
            addinvocation: (it, a, self) => {
                arity(it, a, 0);
                state(self).invocations.push(new Map());
                return self;
            },
            clearinvocations: (it, a, self) => {
                arity(it, a, 0);
                state(self).invocations = [];
                return self;
            },
            setinvocationparameter: (it, a, self) => {
                arity(it, a, 2);
                const s = state(self);
                // Apex that never calls addInvocation() sets the parameters of a single invocation
                if (!s.invocations.length) s.invocations.push(new Map());
                const inv = s.invocations[s.invocations.length - 1];
                const name = str(it, a[0]);
                for (const k of inv.keys()) if (k.toLowerCase() === name.toLowerCase()) inv.delete(k);
                inv.set(name, a[1]);
                return self;
            },
            getname: (it, a, self) => {
                arity(it, a, 0);
                return state(self).name;
            },
            gettype: (it, a, self) => {
                arity(it, a, 0);
                return state(self).type;
            },
            getnamespace: (it, a, self) => {
                arity(it, a, 0);
                return state(self).namespace;
            },
            invoke: (it, a, self) => {
                arity(it, a, 0);
                return invoke(it, self);
            }
        }
    },
    'invocable.action'
);

registerNative(
    {
        name: RESULT,
        methods: {
            issuccess: (it, a) => {
                arity(it, a, 0);
                return true;
            },
            geterrors: (it, a) => {
                arity(it, a, 0);
                return new ApexList({ k: 'native', name: 'Invocable.Action.Error' }, []);
            },
            getoutputparameters: (it, a, self) => {
                arity(it, a, 0);
                return (self as NativeObject).state.outputs;
            },
            getinvocationparameters: (it, a, self) => {
                arity(it, a, 0);
                return (self as NativeObject).state.inputs;
            },
            getaction: (it, a, self) => {
                arity(it, a, 0);
                return (self as NativeObject).state.action;
            }
        }
    },
    'invocable.action.result'
);
