// Which Named Credential URLs count as configured, and which `--apim-url` values setup accepts.

/** A URL on a `.invalid` host can never resolve (RFC 2606 §2): the shipped placeholder is one. */
export function isPlaceholderUrl(url: string | undefined): boolean {
    if (!url) return true;
    try {
        return new URL(url).hostname.endsWith('.invalid');
    } catch {
        return true;
    }
}

/** Why an APIM URL given on the command line cannot be used, or null when it can. */
export function apimUrlProblem(value: string): string | null {
    let url: URL;
    try {
        url = new URL(value);
    } catch {
        return `"${value}" is not a URL`;
    }
    if (url.protocol !== 'https:') return 'the APIM URL must use https';
    if (isPlaceholderUrl(value)) return 'the APIM URL is the reserved placeholder host (.invalid)';
    if (url.username || url.password) return 'the APIM URL must not carry credentials';
    if (url.search || url.hash) return 'the APIM URL takes no query or fragment (the engine adds the endpoint path)';
    return null;
}
