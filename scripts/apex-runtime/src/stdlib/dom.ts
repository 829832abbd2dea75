// Dom.Document and Dom.XmlNode, read side (Apex Reference: "Document Class", "XmlNode Class", "XmlNodeType Enum";
// https://developer.salesforce.com/docs/atlas.en-us.apexref.meta/apexref/apex_classes_xml_dom_xmlnode.htm).
// A document is loaded from a string and walked: element names are local names, namespaces are resolved from the
// xmlns declarations in scope. Where the reference leaves the result open the call is Unsupported, never a guess:
// malformed XML (the XmlException text is not documented), a DOCTYPE, getText() of an element that has element or
// comment children or no children at all, getNamespace() of an element in no namespace, getChildren() where
// whitespace-only text separates elements (whether the parser keeps it is not documented), attribute counts and keys
// where xmlns declarations are present, and every method that builds or serialises a document.
import type { Interpreter } from '../interp/interpreter';
import { registerNative, type NativeFn } from '../interp/natives';
import { EnumValue, NativeObject } from '../interp/types';
import { ApexList } from '../collections';
import * as V from '../values';
import { arity, jsInt, str } from './core';

interface XAttr {
    local: string;
    prefix: string | null;
    ns: string | null;
    value: string;
    isXmlns: boolean;
}
interface XElement {
    kind: 'element';
    local: string;
    prefix: string | null;
    ns: string | null;
    attrs: XAttr[];
    children: XNode[];
    parent: XElement | null;
    /** prefix ('' = default) → namespace URI, declared on this element */
    decls: Map<string, string>;
}
interface XText {
    kind: 'text' | 'comment';
    text: string;
    parent: XElement;
}
type XNode = XElement | XText;

class XmlParseError extends Error {}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
function decode(s: string): string {
    return s.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-zA-Z]+);/g, (m, e: string) => {
        if (e[0] === '#')
            return String.fromCodePoint(e[1] === 'x' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10));
        const v = ENTITIES[e];
        if (v === undefined) throw new XmlParseError(`unknown entity ${m}`);
        return v;
    });
}

/** A small well-formedness-checking parser: elements, attributes, text, CDATA, comments, processing instructions. */
function parse(xml: string): XElement {
    let i = 0;
    const fail = (why: string): never => {
        throw new XmlParseError(why);
    };
    /** A comment or processing instruction at `i`: moves past it and says which (with a comment's text); else null. */
    const skipMarkup = (): { kind: 'comment'; text: string } | { kind: 'instruction' } | null => {
        if (xml.startsWith('<?', i)) {
            const e = xml.indexOf('?>', i);
            if (e < 0) fail('unterminated processing instruction');
            i = e + 2;
            return { kind: 'instruction' };
        }
        if (xml.startsWith('<!--', i)) {
            const e = xml.indexOf('-->', i);
            if (e < 0) fail('unterminated comment');
            const text = xml.slice(i + 4, e);
            i = e + 3;
            return { kind: 'comment', text };
        }
        return null;
    };
    // before and after the root element: white space, comments and processing instructions (all dropped)
    const skipMisc = () => {
        for (;;) {
            while (i < xml.length && /\s/.test(xml[i])) i++;
            if (skipMarkup()) continue;
            if (xml.startsWith('<!', i)) fail('DOCTYPE');
            return;
        }
    };
    const NAME = /[A-Za-z_][\w.\-]*(?::[A-Za-z_][\w.\-]*)?/y;
    const readName = (): string => {
        NAME.lastIndex = i;
        const m = NAME.exec(xml);
        if (!m) return fail('name expected');
        i += m[0].length;
        return m[0];
    };
    const split = (q: string): [string | null, string] => {
        const c = q.indexOf(':');
        return c < 0 ? [null, q] : [q.slice(0, c), q.slice(c + 1)];
    };
    const lookup = (el: XElement | null, prefix: string): string | null | undefined => {
        for (let e = el; e; e = e.parent) if (e.decls.has(prefix)) return e.decls.get(prefix)!;
        return undefined;
    };
    const element = (parent: XElement | null): XElement => {
        i++; // '<'
        const qname = readName();
        const raw: { q: string; value: string }[] = [];
        for (;;) {
            const ws = i;
            while (i < xml.length && /\s/.test(xml[i])) i++;
            if (xml.startsWith('/>', i) || xml[i] === '>') break;
            if (i === ws) fail('space expected');
            const q = readName();
            while (/\s/.test(xml[i] ?? '')) i++;
            if (xml[i] !== '=') fail('= expected');
            i++;
            while (/\s/.test(xml[i] ?? '')) i++;
            const quote = xml[i];
            if (quote !== '"' && quote !== "'") fail('quote expected');
            const e = xml.indexOf(quote, i + 1);
            if (e < 0) fail('unterminated attribute');
            const v = xml.slice(i + 1, e);
            if (v.includes('<')) fail('< in attribute');
            raw.push({ q, value: decode(v) });
            i = e + 1;
        }
        const el: XElement = {
            kind: 'element',
            local: '',
            prefix: null,
            ns: null,
            attrs: [],
            children: [],
            parent,
            decls: new Map()
        };
        for (const a of raw) {
            if (a.q === 'xmlns') el.decls.set('', a.value);
            else if (a.q.startsWith('xmlns:')) el.decls.set(a.q.slice(6), a.value);
        }
        const [prefix, local] = split(qname);
        el.prefix = prefix;
        el.local = local;
        const ns = lookup(el, prefix ?? '');
        if (prefix !== null && ns === undefined) fail(`undeclared prefix ${prefix}`);
        el.ns = ns === undefined || ns === '' ? null : ns;
        const seen = new Set<string>();
        for (const a of raw) {
            if (seen.has(a.q)) fail('duplicate attribute');
            seen.add(a.q);
            const isXmlns = a.q === 'xmlns' || a.q.startsWith('xmlns:');
            const [ap, al] = split(a.q);
            let ans: string | null = null;
            if (ap !== null && !isXmlns) {
                const u = ap === 'xml' ? 'http://www.w3.org/XML/1998/namespace' : lookup(el, ap);
                if (u === undefined) fail(`undeclared prefix ${ap}`);
                ans = u ?? null;
            }
            el.attrs.push({ local: al, prefix: ap, ns: ans, value: a.value, isXmlns });
        }
        if (xml.startsWith('/>', i)) {
            i += 2;
            return el;
        }
        i++; // '>'
        let text = '';
        const flush = () => {
            if (text) el.children.push({ kind: 'text', text: decode(text), parent: el });
            text = '';
        };
        let markup: ReturnType<typeof skipMarkup>;
        for (;;) {
            if (i >= xml.length) fail(`unclosed element ${qname}`);
            if (xml.startsWith('</', i)) {
                flush();
                i += 2;
                if (readName() !== qname) fail('mismatched end tag');
                while (/\s/.test(xml[i] ?? '')) i++;
                if (xml[i] !== '>') fail('> expected');
                i++;
                return el;
            }
            if (xml.startsWith('<![CDATA[', i)) {
                const e = xml.indexOf(']]>', i);
                if (e < 0) fail('unterminated CDATA');
                // CDATA joins the surrounding text (decoded already: escape its ampersands for the later decode)
                text += xml.slice(i + 9, e).replace(/&/g, '&amp;');
                i = e + 3;
            } else if ((markup = skipMarkup())) {
                // a comment is a child node (it ends the text before it); an instruction is dropped
                if (markup.kind === 'comment') {
                    flush();
                    el.children.push({ kind: 'comment', text: markup.text, parent: el });
                }
            } else if (xml.startsWith('<!', i)) fail('DOCTYPE');
            else if (xml[i] === '<') {
                flush();
                el.children.push(element(el));
            } else {
                const e = xml.indexOf('<', i);
                text += xml.slice(i, e < 0 ? xml.length : e);
                i = e < 0 ? xml.length : e;
            }
        }
    };
    skipMisc();
    if (xml[i] !== '<') fail('root element expected');
    const root = element(null);
    skipMisc();
    if (i < xml.length) fail('content after the root element');
    return root;
}

// ---------------------------------------------------------------- Apex values
const NODE = 'Dom.XmlNode';
const nodes = new WeakMap<XNode, NativeObject>();
/** one Apex object per node, so `==` and Map keys see the same node as the same value */
const wrap = (n: XNode | null): NativeObject | null => {
    if (!n) return null;
    let o = nodes.get(n);
    if (!o) nodes.set(n, (o = new NativeObject(NODE, { node: n })));
    return o;
};
const nodeOf = (self: unknown): XNode => (self as NativeObject).state.node as XNode;
const elementOf = (it: Interpreter, self: unknown, what: string): XElement => {
    const n = nodeOf(self);
    return n.kind === 'element' ? n : it.unsupported(`Dom.XmlNode.${what}() of a ${n.kind} node`);
};
const nodeList = (ns: XNode[]) => new ApexList({ k: 'native', name: NODE }, ns.map(wrap));
/** a String argument the reference does not say may be null: null is refused rather than guessed */
const reqStr = (it: Interpreter, v: unknown, what: string): string =>
    v === null || v === undefined ? it.unsupported(`${what} with a null argument`) : str(it, v);
/** `null` or a String argument (a namespace: null means "no namespace") */
const optStr = (it: Interpreter, v: unknown): string | null => (v === null || v === undefined ? null : str(it, v));
const sameNs = (a: string | null, b: string | null) => (a ?? '') === (b ?? '');
const isBlankText = (n: XNode) => n.kind === 'text' && n.text.trim() === '';

const NODE_TYPES = ['COMMENT', 'ELEMENT', 'TEXT'];
const nodeType = new Map(NODE_TYPES.map((n, i) => [n.toLowerCase(), new EnumValue('Dom.XmlNodeType', n, i)]));
registerNative(
    { name: 'Dom.XmlNodeType', staticProps: Object.fromEntries([...nodeType].map(([k, v]) => [k, () => v])) },
    'dom.xmlnodetype'
);

const building =
    (what: string): NativeFn =>
    (it) =>
        it.unsupported(`Dom.${what} (building or serialising XML)`);

/** A Dom.Document holding `xml` parsed (HttpResponse.getBodyDocument, Document.load); refused XML → unsupported. */
export function loadDocument(it: Interpreter, doc: NativeObject, xml: string): NativeObject {
    try {
        doc.state.root = parse(xml);
    } catch (e) {
        if (e instanceof XmlParseError)
            return it.unsupported(`Dom.Document.load of XML the local parser refuses (${e.message})`);
        throw e;
    }
    return doc;
}
export const newDocument = (): NativeObject => new NativeObject('Dom.Document', { root: null });

registerNative(
    {
        name: 'Dom.Document',
        ctor: (it, a) => {
            arity(it, a, 0);
            return newDocument();
        },
        methods: {
            load: (it, a, self) => {
                arity(it, a, 1);
                loadDocument(it, self as NativeObject, reqStr(it, a[0], 'Dom.Document.load'));
                return null;
            },
            getrootelement: (it, a, self) => {
                arity(it, a, 0);
                return wrap((self as NativeObject).state.root as XElement | null);
            },
            createrootelement: building('Document.createRootElement'),
            toxmlstring: building('Document.toXmlString')
        }
    },
    'dom.document'
);

registerNative(
    {
        name: NODE,
        methods: {
            getname: (it, a, self) => elementOf(it, self, 'getName').local,
            getnamespace: (it, a, self) => {
                const el = elementOf(it, self, 'getNamespace');
                return el.ns ?? it.unsupported('Dom.XmlNode.getNamespace() of an element in no namespace');
            },
            getprefixfor: (it, a, self) => {
                arity(it, a, 1);
                const ns = reqStr(it, a[0], 'Dom.XmlNode.getPrefixFor');
                for (let e: XElement | null = elementOf(it, self, 'getPrefixFor'); e; e = e.parent)
                    for (const [p, u] of e.decls) if (u === ns && p !== '') return p;
                return it.unsupported('Dom.XmlNode.getPrefixFor() of a namespace without a declared prefix');
            },
            getnamespacefor: (it, a, self) => {
                arity(it, a, 1);
                const p = reqStr(it, a[0], 'Dom.XmlNode.getNamespaceFor');
                for (let e: XElement | null = elementOf(it, self, 'getNamespaceFor'); e; e = e.parent)
                    if (e.decls.has(p)) return e.decls.get(p)!;
                return it.unsupported('Dom.XmlNode.getNamespaceFor() of an undeclared prefix');
            },
            getnodetype: (it, a, self) => nodeType.get(nodeOf(self).kind)!,
            getparent: (it, a, self) => wrap(nodeOf(self).parent),
            gettext: (it, a, self) => {
                const n = nodeOf(self);
                if (n.kind !== 'element') return n.text;
                if (!n.children.length || n.children.some((c) => c.kind !== 'text'))
                    return it.unsupported('Dom.XmlNode.getText() of an element without a single run of text');
                return n.children.map((c) => (c as XText).text).join('');
            },
            getchildelements: (it, a, self) =>
                nodeList(elementOf(it, self, 'getChildElements').children.filter((c) => c.kind === 'element')),
            getchildelement: (it, a, self) => {
                arity(it, a, 2);
                const name = reqStr(it, a[0], 'Dom.XmlNode.getChildElement');
                const ns = optStr(it, a[1]);
                const el = elementOf(it, self, 'getChildElement');
                return wrap(
                    el.children.find((c) => c.kind === 'element' && c.local === name && sameNs(c.ns, ns)) ?? null
                );
            },
            getchildren: (it, a, self) => {
                const el = elementOf(it, self, 'getChildren');
                if (el.children.some((c) => c.kind === 'element') && el.children.some(isBlankText))
                    return it.unsupported('Dom.XmlNode.getChildren() with whitespace-only text between elements');
                return nodeList(el.children);
            },
            getattributevalue: (it, a, self) => {
                arity(it, a, 2);
                const key = reqStr(it, a[0], 'Dom.XmlNode.getAttributeValue');
                const ns = optStr(it, a[1]);
                const at = elementOf(it, self, 'getAttributeValue').attrs.find(
                    (x) => !x.isXmlns && x.local === key && sameNs(x.ns, ns)
                );
                return at ? at.value : null;
            },
            getattributecount: (it, a, self) => {
                const el = elementOf(it, self, 'getAttributeCount');
                if (el.attrs.some((x) => x.isXmlns))
                    return it.unsupported('Dom.XmlNode.getAttributeCount() of an element declaring namespaces');
                return V.int(el.attrs.length);
            },
            getattributekeyat: (it, a, self) => {
                arity(it, a, 1);
                const el = elementOf(it, self, 'getAttributeKeyAt');
                if (el.attrs.some((x) => x.isXmlns))
                    return it.unsupported('Dom.XmlNode.getAttributeKeyAt() of an element declaring namespaces');
                const k = el.attrs[jsInt(it, a[0])];
                return k ? k.local : it.unsupported('Dom.XmlNode.getAttributeKeyAt() past the last attribute');
            },
            getattribute: (it) => it.unsupported('Dom.XmlNode.getAttribute (its prefix:value form)'),
            addchildelement: building('XmlNode.addChildElement'),
            addtextnode: building('XmlNode.addTextNode'),
            addcommentnode: building('XmlNode.addCommentNode'),
            setattribute: building('XmlNode.setAttribute'),
            setattributens: building('XmlNode.setAttributeNs'),
            setnamespace: building('XmlNode.setNamespace'),
            removechild: building('XmlNode.removeChild'),
            removeattribute: building('XmlNode.removeAttribute')
        }
    },
    'dom.xmlnode'
);
