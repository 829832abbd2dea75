/**
 * A small accessibility checker for LWC Jest tests (sfdx-lwc-jest has no axe). It walks the
 * rendered tree, including the shadow roots of our own child components, and reports every
 * control a screen-reader user could not name:
 * - lightning-icon / lightning-button-icon / lightning-spinner without alternative-text
 * - lightning-button without a label (and without alternative-text / title for icon-only use)
 * - lightning-input / -combobox / -textarea / -datatable's search field without a label
 * - lightning-badge without a label
 * - native <button> / <a> without text or aria-label, <img> without alt, <table> without caption or aria-label
 * Usage: `expect(findA11yViolations(element)).toEqual([])`.
 */

type AnyElement = Element & Record<string, unknown>;

const NEEDS_ALTERNATIVE_TEXT = [
    'lightning-icon',
    'lightning-button-icon',
    'lightning-button-icon-stateful',
    'lightning-spinner'
];
const NEEDS_LABEL = [
    'lightning-input',
    'lightning-combobox',
    'lightning-textarea',
    'lightning-radio-group',
    'lightning-badge'
];

function text(value: unknown): string {
    return typeof value === 'string' ? value.trim() : '';
}

function describe(el: Element): string {
    const cls = el.getAttribute('class');
    return el.tagName.toLowerCase() + (cls ? `.${cls.trim().split(/\s+/).join('.')}` : '');
}

function* walk(root: Element | ShadowRoot): Generator<Element> {
    for (const child of Array.from(root.children)) {
        yield child;
        yield* walk(child);
        const shadow = (child as Element).shadowRoot;
        // Descend into our own components (c-*), not into the base-component stubs.
        if (shadow && child.tagName.toLowerCase().startsWith('c-')) {
            yield* walk(shadow);
        }
    }
}

export function findA11yViolations(host: Element): string[] {
    const violations: string[] = [];
    const root = host.shadowRoot ?? host;
    for (const node of walk(root)) {
        const el = node as AnyElement;
        const tag = el.tagName.toLowerCase();
        if (NEEDS_ALTERNATIVE_TEXT.includes(tag) && !text(el.alternativeText)) {
            violations.push(`${describe(el)} has no alternative-text`);
        }
        if (NEEDS_LABEL.includes(tag) && !text(el.label)) {
            violations.push(`${describe(el)} has no label`);
        }
        if (tag === 'lightning-button' && !text(el.label) && !text(el.title) && !text(el.alternativeText)) {
            violations.push(`${describe(el)} has no label`);
        }
        if ((tag === 'button' || tag === 'a') && !text(el.textContent) && !text(el.getAttribute('aria-label'))) {
            violations.push(`${describe(el)} has no accessible name`);
        }
        if (tag === 'img' && el.getAttribute('alt') === null) {
            violations.push(`${describe(el)} has no alt`);
        }
        if (tag === 'table' && !el.querySelector('caption') && !text(el.getAttribute('aria-label'))) {
            violations.push(`${describe(el)} has no caption or aria-label`);
        }
    }
    return violations;
}
