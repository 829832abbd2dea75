// Shared setup of the `npm start` browser tests: the local org's server on a free port and headless Chromium
// (playwright-core + Debian's chromium; the tests are skipped with a message when it is missing), with page errors
// and any request that leaves the local org collected. One server per test file.
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startLocalOrgServer, type LocalOrgServer } from '../server';
import { COMPONENTS } from '../bundle';

export const ROOT = path.resolve(__dirname, '../../..');
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const haveChromium = fs.existsSync(CHROMIUM);

/** `describe`, or `describe.skip` with a message when there is no Chromium. */
export function describeBrowser(what: string): jest.Describe {
    if (!haveChromium) {
        console.warn(`${what} SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
    }
    return haveChromium ? describe : describe.skip;
}

export interface BrowserOrg {
    server: LocalOrgServer;
    browser: Browser;
    page: Page;
    pageErrors: string[];
    /** requests that went anywhere but the local org */
    external: string[];
    /** a local org endpoint as a user, outside the page (e.g. to run a transaction) */
    call(user: string, p: string, body?: unknown): Promise<{ status: number; body: unknown }>;
    stop(): Promise<void>;
}

/** Builds the LWC .js if needed (tsc, as npm start's `npm run build`), starts the server and a browser page. */
export async function startBrowserOrg(outName: string, user = 'approver'): Promise<BrowserOrg> {
    const lwcDir = path.join(ROOT, 'force-app', 'main', 'default', 'lwc');
    if (COMPONENTS.some((c) => !fs.existsSync(path.join(lwcDir, c, `${c}.js`)))) {
        execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
            cwd: ROOT
        });
    }
    const server = await startLocalOrgServer({ projectDir: ROOT, port: 0, outDir: path.join(ROOT, '.tmp', outName) });
    const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']
    });
    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    const pageErrors: string[] = [];
    const external: string[] = [];
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    page.on('request', (r) => {
        if (!r.url().startsWith(server.url)) external.push(r.url());
    });
    // the user switcher's choice, before the page's own scripts run (a string: these files have no DOM types)
    await page.addInitScript({ content: `window.localStorage.setItem('localOrgUser', ${JSON.stringify(user)})` });
    return {
        server,
        browser,
        page,
        pageErrors,
        external,
        async call(asUser, p, body) {
            const res = await fetch(`${server.url}${p}`, {
                method: body === undefined ? 'GET' : 'POST',
                headers: { 'X-Local-User': asUser, 'Content-Type': 'application/json' },
                body: body === undefined ? undefined : JSON.stringify(body)
            });
            return { status: res.status, body: (await res.json()) as unknown };
        },
        async stop() {
            await browser.close();
            await server.stop();
        }
    };
}

/** Switches the shell's "Logged in as" (the page re-renders as that user). */
export async function loginAs(page: Page, user: string): Promise<void> {
    await page.selectOption('[data-id="user"]', user);
}

/**
 * axe-core (Deque's maintained checker) in the page as it is now: the serious and critical violations, one line
 * each ("<screen>: <rule> (<impact>) <help> — <first targets>"). Injected from node_modules (no network).
 */
export async function axeViolations(page: Page, screen: string): Promise<string[]> {
    if (!(await page.evaluate('typeof window.axe !== "undefined"'))) {
        await page.addScriptTag({ path: require.resolve('axe-core/axe.min.js') });
    }
    const result = (await page.evaluate('window.axe.run(document, { resultTypes: ["violations"] })')) as {
        violations: { id: string; impact: string | null; help: string; nodes: { target: unknown[] }[] }[];
    };
    return result.violations
        .filter((v) => v.impact === 'serious' || v.impact === 'critical')
        .map(
            (v) =>
                `${screen}: ${v.id} (${v.impact}) ${v.help} — ${v.nodes
                    .slice(0, 3)
                    .map((n) => JSON.stringify(n.target))
                    .join(', ')}${v.nodes.length > 3 ? ` (+${v.nodes.length - 3})` : ''}`
        );
}
