// The rollup plugins and build check shared by `npm run preview` and `npm start`: the package's LWCs (the .js tsc
// emits) with the OSS base components, as LOCAL-PREVIEW.md describes.
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Plugin } from 'rollup';
import replace from '@rollup/plugin-replace';
import lwcModule from '@lwc/rollup-plugin';

const ROOT = path.resolve(__dirname, '..', '..');
const LWC_DIR = path.join(ROOT, 'force-app', 'main', 'default', 'lwc');
const lwc = ((lwcModule as unknown as { default?: typeof lwcModule }).default ?? lwcModule) as typeof lwcModule;

/** Fails with the command to run when tsc has not emitted a component's .js yet. */
export function assertComponentsBuilt(components: readonly string[]): void {
    for (const name of components) {
        if (!fs.existsSync(path.join(LWC_DIR, name, `${name}.js`))) {
            throw new Error(`${name}.js is missing: run "npm run build" first (tsc emits the LWC .js).`);
        }
    }
}

/** `replace` + the LWC compiler for `c/<component>` and `lightning-base-components`. */
export function lwcPlugins(components: readonly string[], exclude?: string[]): Plugin[] {
    return [
        replace({
            preventAssignment: true,
            values: { 'process.env.NODE_ENV': JSON.stringify('development'), 'import.meta.env.SSR': 'false' }
        }),
        lwc({
            rootDir: ROOT,
            ...(exclude ? { exclude } : {}),
            modules: [
                ...components.map((name) => ({
                    name: `c/${name}`,
                    path: path.join('force-app', 'main', 'default', 'lwc', name, `${name}.js`)
                })),
                { npm: 'lightning-base-components' }
            ],
            enableDynamicComponents: true,
            // lightning-input / -combobox call attachInternals, which synthetic shadow refuses otherwise
            enableSyntheticElementInternals: true
        })
    ];
}
