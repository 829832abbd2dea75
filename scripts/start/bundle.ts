// Builds the local org's page: rollup + @lwc/rollup-plugin with the real Lightning base components and SLDS, as
// scripts/preview does, but `@salesforce/apex/*` goes to the local org's /apex endpoint (app/apex.js) instead of
// fixtures. The package's LWCs are compiled unchanged from the .js that `npm run build` (tsc) emits.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { rollup, type Plugin } from 'rollup';
import { assertComponentsBuilt, lwcPlugins } from '../preview/lwc-bundle';

const ROOT = path.resolve(__dirname, '..', '..');
const APP = path.join(__dirname, 'app');
export const SLDS_DIR = path.join(ROOT, 'node_modules', '@salesforce-ux', 'design-system', 'assets');
export const COMPONENTS = [
    'd365SyncUtils',
    'd365SyncErrorPanel',
    'd365SyncStatus',
    'd365SyncDashboard',
    'd365SyncOpsPanel',
    'd365SyncRequestDetail',
    'd365SyncResyncPanel',
    'd365SyncRetryJobPanel'
];

/** Platform modules the OSS base components do not provide, answered by the local org. */
function platformModules(): Plugin {
    const apex = path.join(APP, 'apex.js');
    const files: Record<string, string> = {
        'lightning/uiRecordApi': path.join(APP, 'uiRecordApi.js')
    };
    const virtual: Record<string, string> = {
        '@salesforce/apex': `export { refreshApex } from ${JSON.stringify(apex)};`,
        'lightning/platformShowToastEvent':
            'export class ShowToastEvent extends CustomEvent { constructor(t) { super("lightning__showtoast", { detail: t, bubbles: true, composed: true }); } }'
    };
    return {
        name: 'local-org-platform',
        resolveId(id) {
            if (id in files) return files[id];
            if (id in virtual || id.startsWith('@salesforce/apex/')) return '\0local-org:' + id;
            return null;
        },
        load(id) {
            if (!id.startsWith('\0local-org:')) return null;
            const name = id.slice('\0local-org:'.length);
            if (name in virtual) return virtual[name];
            const method = name.slice('@salesforce/apex/'.length);
            return `import { makeApex } from ${JSON.stringify(apex)};\nexport default makeApex(${JSON.stringify(method)});`;
        }
    };
}

/** Writes index.html and dist/ into `outDir`. */
export async function buildPage(outDir: string): Promise<void> {
    assertComponentsBuilt(COMPONENTS);
    const bundle = await rollup({
        input: path.join(APP, 'main.js'),
        plugins: [platformModules(), ...lwcPlugins(COMPONENTS)],
        onwarn: () => undefined
    });
    await bundle.write({ dir: path.join(outDir, 'dist'), format: 'esm', entryFileNames: 'app.js' });
    await bundle.close();
    fs.writeFileSync(
        path.join(outDir, 'index.html'),
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Local org — D365 Sync</title>
<link rel="stylesheet" href="/assets/styles/salesforce-lightning-design-system.min.css">
<style>body{background:#f3f3f3} #main{padding:1rem} #toasts{position:fixed;top:4rem;left:0;right:0;z-index:9000}</style></head>
<body class="slds-scope"><div id="header"></div><div id="toasts" class="slds-notify_container"></div><div id="main"></div>
<script type="module" src="/dist/app.js"></script></body></html>`
    );
}
