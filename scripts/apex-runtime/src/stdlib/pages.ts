// Visualforce page references in tests (Apex Reference "PageReference Class"; Visualforce Developer Guide "ApexPages
// Class" currentPage(); Apex Reference "Test Class" setCurrentPage(page)):
// - `new PageReference('partialURL' | 'fullURL')`: getUrl() returns the URL as given; getParameters() is the live map
//   of its query-string parameters; getRedirect/setRedirect (setRedirect returns the reference), getAnchor/setAnchor.
// - `Page.<name>` of a page in the project (`pages/<name>.page`); another name does not compile in an org.
// - `Test.setCurrentPage(ref)` makes `ApexPages.currentPage()` return `ref` for the rest of the test.
// - getUrl() of `Page.<name>` (a lower-case name) is `/apex/<name>`, and one query parameter put on a reference without one shows as
//   `?key=value` (Visualforce Developer Guide "Testing Custom Controllers and Controller Extensions": `Page.failure`
//   with `error=noParam` is '/apex/failure?error=noParam', `Page.success` is '/apex/success').
// Not modelled, so unsupported (never a guess): getUrl() of a page whose name has capitals, or differs in case from
// the page file (whether the URL keeps the case is not shown), after more than one parameter changed (order) or with characters that
// would need encoding, a URL with percent-escapes (decoding), the URL of the page request when a test set none, a
// reference to a record (`new PageReference(sObject)`), content (getContent/getContentAsPDF), cookies, headers,
// redirect codes.
import type { Interpreter } from '../interp/interpreter';
import { nativeClasses, registerNative } from '../interp/natives';
import { NativeObject, type RType } from '../interp/types';
import type { TxState } from '../interp/interpreter';
import type { SchemaRegistry } from '../schema/registry';
import { ApexMap } from '../collections';
import { arity } from './core';

const STR: RType = { k: 'prim', name: 'String' };
const PR = 'PageReference';

interface PageState extends Record<string, unknown> {
    /** the URL as constructed; null for `Page.<name>` (its URL form is not documented) */
    url: string | null;
    /** the parameters parsed from the URL, to tell whether the map changed since */
    initial: [string, string][];
    params: ApexMap;
    redirect: boolean;
    anchor: string | null;
    /** why the URL is not known, when `url` is null */
    urlUnknown?: string;
}

const st = (self: unknown) => (self as NativeObject).state as PageState;

function make(it: Interpreter, url: string | null, query: string | null, urlUnknown?: string): NativeObject {
    const params = new ApexMap(STR, STR);
    const initial: [string, string][] = [];
    for (const pair of query ? query.split('&') : []) {
        if (!pair) continue;
        if (/[%+]/.test(pair)) return it.unsupported(`PageReference URL parameter '${pair}' (decoding not modelled)`);
        const eq = pair.indexOf('=');
        const [k, v] = eq >= 0 ? [pair.slice(0, eq), pair.slice(eq + 1)] : [pair, ''];
        params.set(k, v);
        initial.push([k, v]);
    }
    return new NativeObject(PR, { url, initial, params, redirect: false, anchor: null, urlUnknown } as PageState);
}

function construct(it: Interpreter, a: unknown[]): NativeObject {
    arity(it, a, 1);
    const u = a[0];
    if (u === null || u === undefined) return it.npe();
    if (typeof u !== 'string') return it.unsupported('new PageReference(sObject) (record page references)');
    const hash = u.indexOf('#');
    if (hash >= 0) return it.unsupported(`new PageReference('${u}') with an anchor`);
    const q = u.indexOf('?');
    return make(it, u, q >= 0 ? u.slice(q + 1) : null);
}

function unchanged(s: PageState): boolean {
    const keys = s.params.keys();
    if (keys.length !== s.initial.length) return false;
    return s.initial.every(([k, v]) => s.params.has(k) && s.params.get(k) === v);
}

registerNative(
    {
        name: PR,
        ctor: (it, a) => construct(it, a),
        methods: {
            geturl: (it, a, self) => {
                arity(it, a, 0);
                const s = st(self);
                if (s.url === null) return it.unsupported(`PageReference.getUrl() of ${s.urlUnknown ?? 'this page'}`);
                if (unchanged(s)) return s.url;
                // one parameter added to a reference that had none, plain characters only (the guide's example)
                const entries = s.params.entries();
                const plain = (x: unknown) => typeof x === 'string' && /^[A-Za-z0-9_.-]+$/.test(x);
                if (s.initial.length === 0 && entries.length === 1 && plain(entries[0][0]) && plain(entries[0][1]))
                    return `${s.url}?${entries[0][0] as string}=${entries[0][1] as string}`;
                return it.unsupported(
                    'PageReference.getUrl() after its parameters changed (encoding, order not documented)'
                );
            },
            getparameters: (it, a, self) => {
                arity(it, a, 0);
                return st(self).params;
            },
            getredirect: (it, a, self) => {
                arity(it, a, 0);
                return st(self).redirect;
            },
            setredirect: (it, a, self) => {
                arity(it, a, 1);
                if (a[0] === null) return it.npe();
                st(self).redirect = a[0] === true;
                return self;
            },
            getanchor: (it, a, self) => {
                arity(it, a, 0);
                return st(self).anchor;
            },
            setanchor: (it, a, self) => {
                arity(it, a, 1);
                st(self).anchor = (a[0] as string | null) ?? null;
                return self;
            }
        }
    },
    'system.pagereference'
);

/** `Page.<name>`: a reference to a Visualforce page of the project. */
registerNative(
    {
        name: 'Page',
        staticMember: (it, name) => {
            const pages = (it.services.schema as SchemaRegistry | undefined)?.setup.visualforcePages ?? [];
            const page = pages.find((p) => p.toLowerCase() === name.toLowerCase());
            if (page === undefined)
                return it.unsupported(`Page.${name} (no Visualforce page '${name}' in the project)`);
            // a mixed-case name: whether the URL keeps its case is not shown (the guide's names are lower case; a blog's
            // `Page.homepage` test expects '/apex/homepage')
            return make(
                it,
                page === name && name === name.toLowerCase() ? `/apex/${page}` : null,
                null,
                `Page.${name} (URL case of a page name with capitals not documented)`
            );
        }
    },
    'system.page'
);

const currentPages = new WeakMap<TxState, unknown>();

/** Test.setCurrentPage (registered on the Test class in services.ts). */
export function setCurrentPage(it: Interpreter, args: unknown[]): null {
    arity(it, args, 1);
    const p = args[0];
    if (p !== null && !(p instanceof NativeObject && p.cls === PR))
        return it.unsupported('Test.setCurrentPage with a value that is not a PageReference');
    currentPages.set(it.tx, p);
    return null;
}

/**
 * ApexPages.currentPage() / System.currentPageReference(): the page a test set, else the test's own page request, a
 * reference with no parameters whose URL is not known. [Obs] The Experience Cloud templates Salesforce generates into
 * orgs (SiteLoginController, CommunitiesLoginController) read `System.currentPageReference().getParameters()` in tests
 * that never set a page and pass in every org that deploys them, so it is not null there.
 */
function currentPage(it: Interpreter, a: unknown[]): unknown {
    arity(it, a, 0);
    if (!currentPages.has(it.tx))
        currentPages.set(it.tx, make(it, null, null, 'the page request of a test that set no page (not documented)'));
    return currentPages.get(it.tx) ?? null;
}

registerNative({ name: 'ApexPages', statics: { currentpage: currentPage } }, 'system.apexpages');
const system = nativeClasses.get('system');
if (system) system.statics = { ...(system.statics ?? {}), currentpagereference: currentPage };

// Visualforce Developer Guide "SelectOption Class": new SelectOption(value, label) — "Because a value for isDisabled
// is not specified, the user can both view and select the option" (getDisabled() false) — or (value, label,
// isDisabled); getValue/getLabel/getDisabled and their setters. getEscapeItem() of an option whose escapeItem was
// never set is not given by the page: unsupported.
interface OptionState extends Record<string, unknown> {
    value: string | null;
    label: string | null;
    disabled: boolean;
    escapeItem: boolean | undefined;
}
const opt = (self: unknown) => (self as NativeObject).state as OptionState;
registerNative(
    {
        name: 'SelectOption',
        ctor: (it, a) => {
            if (a.length !== 2 && a.length !== 3)
                return it.unsupported(`new SelectOption() with ${a.length} arguments`);
            if (a.length === 3 && a[2] === null) return it.npe();
            const state: OptionState = {
                value: (a[0] as string | null) ?? null,
                label: (a[1] as string | null) ?? null,
                disabled: a.length === 3 ? a[2] === true : false,
                escapeItem: undefined
            };
            return new NativeObject('SelectOption', state);
        },
        methods: {
            getvalue: (it, a, self) => {
                arity(it, a, 0);
                return opt(self).value;
            },
            getlabel: (it, a, self) => {
                arity(it, a, 0);
                return opt(self).label;
            },
            getdisabled: (it, a, self) => {
                arity(it, a, 0);
                return opt(self).disabled;
            },
            getescapeitem: (it, a, self) => {
                arity(it, a, 0);
                const e = opt(self).escapeItem;
                return e === undefined ? it.unsupported('SelectOption.getEscapeItem() before setEscapeItem()') : e;
            },
            setvalue: (it, a, self) => {
                arity(it, a, 1);
                opt(self).value = (a[0] as string | null) ?? null;
                return null;
            },
            setlabel: (it, a, self) => {
                arity(it, a, 1);
                opt(self).label = (a[0] as string | null) ?? null;
                return null;
            },
            setdisabled: (it, a, self) => {
                arity(it, a, 1);
                if (a[0] === null) return it.npe();
                opt(self).disabled = a[0] === true;
                return null;
            },
            setescapeitem: (it, a, self) => {
                arity(it, a, 1);
                if (a[0] === null) return it.npe();
                opt(self).escapeItem = a[0] === true;
                return null;
            }
        }
    },
    'system.selectoption'
);
