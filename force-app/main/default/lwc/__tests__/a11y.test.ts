import { findA11yViolations } from './helpers/a11y';

type Spec = [tag: string, attributes?: Record<string, string>, properties?: Record<string, unknown>];

function host(specs: Spec[]): HTMLElement {
    const div = document.createElement('div');
    for (const [tag, attributes = {}, properties = {}] of specs) {
        const el = document.createElement(tag);
        for (const [name, value] of Object.entries(attributes)) {
            el.setAttribute(name, value);
        }
        Object.assign(el, properties);
        if (tag === 'table') {
            el.appendChild(document.createElement('tr')).appendChild(document.createElement('td')).textContent = '1';
        }
        div.appendChild(el);
    }
    document.body.appendChild(div);
    return div;
}

describe('findA11yViolations (jest helper)', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
    });

    it('reports unnamed icons, buttons, inputs, tables and images', () => {
        const el = host([
            ['lightning-icon', { class: 'i' }],
            ['lightning-button-icon'],
            ['lightning-input'],
            ['lightning-button'],
            ['button'],
            ['img', { src: 'x.png' }],
            ['table']
        ]);
        expect(findA11yViolations(el)).toEqual([
            'lightning-icon.i has no alternative-text',
            'lightning-button-icon has no alternative-text',
            'lightning-input has no label',
            'lightning-button has no label',
            'button has no accessible name',
            'img has no alt',
            'table has no caption or aria-label'
        ]);
    });

    it('accepts named controls', () => {
        const el = host([
            ['lightning-icon', {}, { alternativeText: 'Error' }],
            ['lightning-input', {}, { label: 'Name' }],
            ['button', { 'aria-label': 'Close' }],
            ['table', { 'aria-label': 'Rows' }],
            ['img', { alt: '' }]
        ]);
        expect(findA11yViolations(el)).toEqual([]);
    });
});
