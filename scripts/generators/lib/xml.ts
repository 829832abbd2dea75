/**
 * A tiny XML writer for Salesforce source-format metadata: 4-space indentation, elements in the
 * order given, text escaped. Enough for the flat shapes the generators write.
 */
export type XmlValue = string | number | boolean;

export interface XmlElement {
    name: string;
    /** Text content, child elements, or nothing (self-closing). */
    value?: XmlValue | XmlElement[];
    attributes?: Record<string, string>;
}

export const METADATA_NAMESPACE = 'http://soap.sforce.com/2006/04/metadata';

export function escapeXml(text: string): string {
    return text
        .replace(/&/g, '&amp;')
        .replace(/</g, '&lt;')
        .replace(/>/g, '&gt;')
        .replace(/"/g, '&quot;')
        .replace(/'/g, '&apos;');
}

/** Shorthand for an element; `undefined`/`null` values produce no element at all. */
export function el(
    name: string,
    value?: XmlValue | XmlElement[] | null,
    attributes?: Record<string, string>
): XmlElement[] {
    if (value === undefined || value === null) {
        return [];
    }
    return [{ name, value, attributes }];
}

function renderAttributes(attributes?: Record<string, string>): string {
    if (!attributes) {
        return '';
    }
    return Object.entries(attributes)
        .map(([key, value]) => ` ${key}="${escapeXml(value)}"`)
        .join('');
}

function renderElement(element: XmlElement, depth: number): string {
    const indent = '    '.repeat(depth);
    const open = `${element.name}${renderAttributes(element.attributes)}`;
    if (element.value === undefined) {
        return `${indent}<${open}/>`;
    }
    if (Array.isArray(element.value)) {
        const children = element.value.map((child) => renderElement(child, depth + 1)).join('\n');
        return `${indent}<${open}>\n${children}\n${indent}</${element.name}>`;
    }
    return `${indent}<${open}>${escapeXml(String(element.value))}</${element.name}>`;
}

/** XML comments may not contain `--`. */
export function xmlComment(text: string): string {
    return `<!-- ${text.replace(/--/g, '- -')} -->`;
}

/**
 * A complete metadata document: declaration, an optional comment (the generator's ownership
 * marker), the root element in the Metadata API namespace, and a final newline.
 */
export function metadataDocument(
    root: string,
    children: XmlElement[],
    options: { comment?: string; extraNamespaces?: Record<string, string> } = {}
): string {
    const attributes: Record<string, string> = { xmlns: METADATA_NAMESPACE, ...(options.extraNamespaces ?? {}) };
    const lines = ['<?xml version="1.0" encoding="UTF-8"?>'];
    if (options.comment) {
        lines.push(xmlComment(options.comment));
    }
    lines.push(renderElement({ name: root, attributes, value: children }, 0));
    return `${lines.join('\n')}\n`;
}
