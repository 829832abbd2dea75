// Local preview of the D365 sync LWCs with the real Lightning base components and SLDS (see
// ../../../shared/design/LOCAL-PREVIEW.md): builds a bundle with rollup + @lwc/rollup-plugin (synthetic
// shadow), serves it on 127.0.0.1, opens it in headless Chromium (playwright-core) and saves one
// screenshot per state to docs/images/. Apex calls are answered from the components' Jest fixtures
// (scripts/preview/app/fakeApex.js); nothing leaves the machine.
//
// Usage: npm run build && tsx scripts/preview/preview.ts [--serve]
//   --serve   keep the server running (prints the URL) instead of taking screenshots
// Needs Debian `chromium` (/usr/bin/chromium) or CHROMIUM_PATH.
import * as fs from 'node:fs';
import * as http from 'node:http';
import * as path from 'node:path';
import type { AddressInfo } from 'node:net';
import { rollup, type Plugin } from 'rollup';
import { assertComponentsBuilt, lwcPlugins } from './lwc-bundle';
import { chromium } from 'playwright-core';

const ROOT = path.resolve(__dirname, '..', '..');
const OUT = path.join(ROOT, '.tmp', 'preview');
const SLDS = path.join(ROOT, 'node_modules', '@salesforce-ux', 'design-system', 'assets');
const IMAGES = path.join(ROOT, 'docs', 'images');
const COMPONENTS = [
    'd365SyncUtils',
    'd365SyncErrorPanel',
    'd365SyncStatus',
    'd365SyncDashboard',
    'd365SyncRequestDetail',
    'd365SyncRetryJobPanel',
    'd365SyncMappingEditor'
];

/** Platform modules the OSS base components do not provide, answered in the browser. */
function platformFakes(): Plugin {
    const fakeApex = path.join(__dirname, 'app', 'fakeApex.js');
    const virtual: Record<string, string> = {
        '@salesforce/apex': 'export const refreshApex = () => Promise.resolve();',
        'lightning/uiRecordApi': 'export const notifyRecordUpdateAvailable = () => Promise.resolve();',
        // the mapping editor's deployment result: answered with a success for the job id it subscribed for
        'lightning/empApi':
            'export const onError = () => undefined; export const unsubscribe = () => Promise.resolve(true); ' +
            'export const subscribe = (channel, replay, onMessage) => { setTimeout(() => onMessage({ data: { payload: ' +
            '{ Job_Id__c: "0Af5g00000ABCDEFGH", Status__c: "Succeeded" } } }), 400); return Promise.resolve({ channel }); };',
        'lightning/platformShowToastEvent':
            'export class ShowToastEvent extends CustomEvent { constructor(t) { super("lightning__showtoast", { detail: t, bubbles: true, composed: true }); console.log("toast", JSON.stringify(t)); } }'
    };
    return {
        name: 'd365-preview-fakes',
        resolveId(id) {
            if (id in virtual || id.startsWith('@salesforce/apex/')) {
                return '\0fake:' + id;
            }
            return null;
        },
        load(id) {
            if (!id.startsWith('\0fake:')) {
                return null;
            }
            const name = id.slice('\0fake:'.length);
            if (name in virtual) {
                return virtual[name];
            }
            const method = name.slice('@salesforce/apex/'.length);
            return `import { makeApex } from ${JSON.stringify(fakeApex)};\nexport default makeApex(${JSON.stringify(method)});`;
        }
    };
}

/** JSON fixtures as ES modules (no @rollup/plugin-json needed). */
function jsonModules(): Plugin {
    return {
        name: 'd365-preview-json',
        transform(code, id) {
            return id.endsWith('.json') ? { code: `export default ${code};`, map: null } : null;
        }
    };
}

async function build(): Promise<void> {
    assertComponentsBuilt(COMPONENTS);
    const bundle = await rollup({
        input: path.join(__dirname, 'app', 'main.js'),
        plugins: [platformFakes(), jsonModules(), ...lwcPlugins(COMPONENTS, ['**/*.json'])],
        onwarn: () => undefined
    });
    await bundle.write({ dir: path.join(OUT, 'dist'), format: 'esm', entryFileNames: 'app.js' });
    await bundle.close();
    fs.writeFileSync(
        path.join(OUT, 'index.html'),
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>D365 Sync preview</title>
<link rel="stylesheet" href="/assets/styles/salesforce-lightning-design-system.min.css">
<style>body{background:#f3f3f3;padding:1rem}</style></head>
<body class="slds-scope"><div id="root"></div><script type="module" src="/dist/app.js"></script></body></html>`
    );
}

const TYPES: Record<string, string> = {
    '.html': 'text/html',
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.woff2': 'font/woff2'
};

function serve(): Promise<http.Server> {
    const server = http.createServer((req, res) => {
        const url = new URL(req.url ?? '/', 'http://127.0.0.1');
        const file = url.pathname.startsWith('/assets/')
            ? path.join(SLDS, url.pathname.slice('/assets/'.length))
            : path.join(OUT, url.pathname === '/' ? 'index.html' : url.pathname);
        const inside = file.startsWith(SLDS) || file.startsWith(OUT);
        if (!inside || !fs.existsSync(file) || fs.statSync(file).isDirectory()) {
            res.writeHead(404).end();
            return;
        }
        res.writeHead(200, { 'Content-Type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
        fs.createReadStream(file).pipe(res);
    });
    return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

interface Shot {
    view: string;
    file: string;
    selector: string;
    /** runs in the page after the component rendered */
    act?: string;
}

const SHOTS: Shot[] = [
    { view: 'status-failed', file: 'd365SyncStatus-failed.png', selector: 'c-d365-sync-status' },
    {
        view: 'status-synced',
        file: 'd365SyncStatus-synced-preview.png',
        selector: 'c-d365-sync-status',
        act: 'clickButton("c-d365-sync-status", "Preview payload")'
    },
    { view: 'status-pending', file: 'd365SyncStatus-pending.png', selector: 'c-d365-sync-status' },
    {
        view: 'dashboard',
        file: 'd365SyncDashboard.png',
        selector: 'c-d365-sync-dashboard',
        act: 'clickButton("c-d365-sync-dashboard", "Test connection")'
    },
    {
        view: 'dashboard',
        file: 'd365SyncDashboard-detail.png',
        selector: 'c-d365-sync-dashboard',
        act: 'rowAction("details", 0)'
    },
    {
        view: 'mapping-issues',
        file: 'd365SyncMappingEditor-issues.png',
        selector: 'c-d365-sync-mapping-editor',
        act: 'clickButton("c-d365-sync-mapping-editor", "Check against this org")'
    },
    {
        view: 'mapping',
        file: 'd365SyncMappingEditor-deployed.png',
        selector: 'c-d365-sync-mapping-editor',
        act: 'clickButton("c-d365-sync-mapping-editor", "Save and deploy")'
    }
];

/** Helpers injected into the page: reach into (synthetic) shadow roots. */
const PAGE_HELPERS = `
window.deepAll = (root, sel, out = []) => {
  root.querySelectorAll(sel).forEach((e) => out.push(e));
  root.querySelectorAll('*').forEach((e) => { if (e.shadowRoot) window.deepAll(e.shadowRoot, sel, out); });
  return out;
};
window.clickButton = (host, label) => {
  const b = window.deepAll(document, 'button').find((e) => e.textContent.trim() === label);
  if (!b) throw new Error('no button ' + label);
  b.click();
};
window.rowAction = (name, index) => {
  const table = window.deepAll(document, 'lightning-datatable')[0];
  table.dispatchEvent(new CustomEvent('rowaction', { detail: { action: { name }, row: table.data[index] } }));
};
`;

async function screenshots(baseUrl: string): Promise<void> {
    fs.mkdirSync(IMAGES, { recursive: true });
    const browser = await chromium.launch({
        executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']
    });
    let failures = 0;
    try {
        for (const shot of SHOTS) {
            const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
            const errors: string[] = [];
            page.on('pageerror', (e) => errors.push(String(e)));
            page.on('request', (r) => {
                if (!r.url().startsWith(baseUrl)) errors.push('external request ' + r.url());
            });
            await page.goto(`${baseUrl}/?view=${shot.view}`);
            await page.addScriptTag({ content: PAGE_HELPERS });
            try {
                // rendered = content is there and no spinner is left (a string: this file has no DOM types)
                await page.waitForFunction(
                    "deepAll(document, 'lightning-badge, lightning-datatable, .empty-state, .mapping-table').length > 0 && " +
                        "deepAll(document, 'lightning-spinner').length === 0",
                    undefined,
                    { timeout: 15000 }
                );
            } catch (error) {
                const debug = path.join(OUT, `timeout-${shot.file}`);
                await page.screenshot({ path: debug, fullPage: true });
                throw new Error(
                    `${shot.view} did not finish rendering (see ${debug}): ${String(error)}; ${errors.join('; ')}`
                );
            }
            if (shot.act) {
                await page.evaluate(shot.act);
                await page.waitForTimeout(1200);
            }
            await page.locator(shot.selector).screenshot({ path: path.join(IMAGES, shot.file) });
            console.log(`${shot.file}: ${errors.length ? errors.join('; ') : 'ok, 0 page errors'}`);
            failures += errors.length;
            await page.close();
        }
    } finally {
        await browser.close();
    }
    if (failures) {
        process.exitCode = 1;
    }
}

async function main(): Promise<void> {
    const started = Date.now();
    await build();
    console.log(`built ${path.relative(ROOT, OUT)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const server = await serve();
    const baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    if (process.argv.includes('--serve')) {
        console.log(
            `serving ${baseUrl}/?view=status-failed | status-synced | status-pending | dashboard | mapping | mapping-issues (Ctrl+C stops)`
        );
        return;
    }
    try {
        await screenshots(baseUrl);
    } finally {
        server.close();
    }
}

main().catch((error) => {
    console.error(error);
    process.exit(1);
});
