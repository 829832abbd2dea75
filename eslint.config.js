// ESLint flat config (eslint 9) for the Lightning Web Components, after lwc-recipes:
// @salesforce/eslint-config-lwc `recommendedTs` on the TypeScript sources and their Jest tests.
// The `.js` that `npm run build` emits next to each `.ts` is build output and is not linted.
// The tooling under scripts/ is TypeScript checked by `npm run typecheck`, not linted here.
const fs = require('node:fs');
const path = require('node:path');
const lwcConfig = require('@salesforce/eslint-config-lwc');
const globals = require('globals');

const LWC_FILES = ['**/lwc/**/*.{js,ts}'];

/** `foo.js` next to a `foo.ts` in an LWC bundle is tsc output (see tsconfig.build.json). */
function emittedLwcJs() {
    const out = [];
    const walk = (dir) => {
        for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
            const full = path.join(dir, entry.name);
            if (entry.isDirectory()) {
                if (entry.name !== 'node_modules' && entry.name !== '__tests__') walk(full);
            } else if (entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts')) {
                const js = full.slice(0, -3) + '.js';
                if (full.includes(`${path.sep}lwc${path.sep}`) && fs.existsSync(js)) {
                    out.push(path.relative(__dirname, js).split(path.sep).join('/'));
                }
            }
        }
    };
    if (fs.existsSync(path.join(__dirname, 'force-app'))) walk(path.join(__dirname, 'force-app'));
    return out;
}

module.exports = [
    {
        ignores: [
            'node_modules/**',
            'coverage/**',
            'mdapi_out/**',
            '.sf/**',
            '.sfdx/**',
            '.tmp/**',
            '.localdevserver/**',
            'types/**',
            'scripts/**',
            '*.config.js',
            ...emittedLwcJs()
        ]
    },
    ...lwcConfig.configs.recommendedTs.map((config) => ({ ...config, files: LWC_FILES })),
    {
        // Babel's scope analysis does not know TypeScript type names (interfaces, `jest.Mock`).
        files: ['**/lwc/**/*.ts'],
        rules: { 'no-undef': 'off' }
    },
    {
        files: ['**/lwc/**/__tests__/**/*.{js,ts}'],
        languageOptions: { globals: { ...globals.node, ...globals.jest } },
        rules: {
            '@lwc/lwc/no-async-operation': 'off',
            '@lwc/lwc/no-unexpected-wire-adapter-usages': 'off'
        }
    }
];
