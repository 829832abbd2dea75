/**
 * The sentence a reader sees in an element, with each `lightning-formatted-date-time` (which the Jest stub renders
 * empty) shown as `<value>`, and whitespace collapsed as the browser does. It catches words glued to a value because
 * the LWC compiler dropped the whitespace between them (salesforce/lwc#2607), which `textContent` of the
 * parts alone cannot show.
 */
export function renderedText(root: Node): string {
    const parts: string[] = [];
    const walk = (node: Node): void => {
        if (node.nodeType === Node.TEXT_NODE) {
            parts.push(node.textContent ?? '');
        } else if (node.nodeType === Node.ELEMENT_NODE) {
            const element = node as HTMLElement & { value?: unknown };
            if (element.localName === 'lightning-formatted-date-time') {
                parts.push(`<${String(element.value)}>`);
                return;
            }
            node.childNodes.forEach(walk);
        }
    };
    walk(root);
    return parts.join('').replace(/\s+/g, ' ').trim();
}
