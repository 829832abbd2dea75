// Database.DMLOptions (Apex Reference "DMLOptions Class", "DuplicateRuleHeader Class"; Apex Developer Guide "Setting
// DML Options"): passed to Database.insert / Database.update. Modelled: optAllOrNone (default false: partial
// success), allowFieldTruncation (over-long text is cut instead of STRING_TOO_LONG), DuplicateRuleHeader.allowSave /
// runAsCurrentUser (accepted: an active duplicate rule already makes the DML unsupported, so they never change a
// modelled result). Assignment rules, email headers and locale options are unsupported. sObject.setOptions(options)
// attaches them to one record (interp/data-bridge.ts): allowFieldTruncation is honoured for it; an optAllOrNone other
// than the statement's own mode is unsupported (dml/dml.ts).
import type { Interpreter } from '../interp/interpreter';
import { registerNative, type NativeFn } from '../interp/natives';
import { NativeObject } from '../interp/types';

type St = Record<string, unknown>;
const st = (o: unknown): St => (o as NativeObject).state;

const prop = (
    key: string,
    check: (it: Interpreter, v: unknown) => void = () => undefined
): Record<string, NativeFn> => ({
    [`get:${key}`]: (_it, _a, self) => st(self)[key] ?? null,
    [`set:${key}`]: (it, a, self) => {
        if (a[0] !== null) check(it, a[0]);
        st(self)[key] = a[0];
        return null;
    }
});
const boolean = (it: Interpreter, v: unknown) => {
    if (typeof v !== 'boolean') it.throwApex('TypeException', `Illegal assignment from ${it.typeOf(v)} to Boolean`);
};
const header = (cls: string) => (it: Interpreter, v: unknown) => {
    if (!(v instanceof NativeObject) || v.cls !== cls)
        it.throwApex('TypeException', `Illegal assignment from ${it.typeOf(v)} to ${cls}`);
};

const DUP = 'Database.DMLOptions.DuplicateRuleHeader';
const ASSIGN = 'Database.DMLOptions.AssignmentRuleHeader';
const EMAIL = 'Database.DMLOptions.EmailHeader';

registerNative(
    {
        name: DUP,
        ctor: () => new NativeObject(DUP, { allowsave: null, runascurrentuser: null }),
        methods: { ...prop('allowsave', boolean), ...prop('runascurrentuser', boolean) }
    },
    DUP.toLowerCase()
);
registerNative(
    {
        name: ASSIGN,
        ctor: () => new NativeObject(ASSIGN, { usedefaultrule: null, assignmentruleid: null }),
        methods: { ...prop('usedefaultrule', boolean), ...prop('assignmentruleid') }
    },
    ASSIGN.toLowerCase()
);
registerNative(
    {
        name: EMAIL,
        ctor: () =>
            new NativeObject(EMAIL, {
                triggerautoresponseemail: null,
                triggerotheremail: null,
                triggeruseremail: null
            }),
        methods: {
            ...prop('triggerautoresponseemail', boolean),
            ...prop('triggerotheremail', boolean),
            ...prop('triggeruseremail', boolean)
        }
    },
    EMAIL.toLowerCase()
);
registerNative(
    {
        name: 'Database.DMLOptions',
        ctor: (it, a) => {
            if (a.length) it.compileError('Database.DMLOptions takes no arguments');
            return new NativeObject('Database.DMLOptions', {
                optallornone: null,
                allowfieldtruncation: null,
                duplicateruleheader: new NativeObject(DUP, { allowsave: null, runascurrentuser: null }),
                assignmentruleheader: new NativeObject(ASSIGN, { usedefaultrule: null, assignmentruleid: null }),
                emailheader: new NativeObject(EMAIL, {
                    triggerautoresponseemail: null,
                    triggerotheremail: null,
                    triggeruseremail: null
                }),
                localeoptions: null
            });
        },
        methods: {
            ...prop('optallornone', boolean),
            ...prop('allowfieldtruncation', boolean),
            ...prop('duplicateruleheader', header(DUP)),
            ...prop('assignmentruleheader', header(ASSIGN)),
            ...prop('emailheader', header(EMAIL)),
            ...prop('localeoptions')
        }
    },
    'database.dmloptions'
);

export interface ResolvedDmlOptions {
    allOrNone: boolean;
    allowFieldTruncation: boolean;
}

/** The options a Database.insert/update call uses; what the runtime cannot honour is unsupported. */
export function resolveDmlOptions(it: Interpreter, o: NativeObject, op: string): ResolvedDmlOptions {
    if (op !== 'insert' && op !== 'update')
        it.compileError(`Database.${op} does not take Database.DMLOptions (insert and update only)`);
    const s = o.state;
    const assign = s.assignmentruleheader as NativeObject | null;
    if (assign && (assign.state.usedefaultrule === true || assign.state.assignmentruleid != null))
        it.unsupported('Database.DMLOptions.assignmentRuleHeader (assignment rules are not modelled)');
    const email = s.emailheader as NativeObject | null;
    if (email && Object.values(email.state).some((v) => v === true))
        it.unsupported('Database.DMLOptions.emailHeader (automatic emails are not modelled)');
    if (s.localeoptions != null) it.unsupported('Database.DMLOptions.localeOptions');
    return { allOrNone: s.optallornone === true, allowFieldTruncation: s.allowfieldtruncation === true };
}
