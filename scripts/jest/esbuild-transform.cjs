// Jest transformer for the TypeScript tooling under scripts/: esbuild strips types and emits
// CommonJS, which is how tsx runs the same files from npm scripts.
const { transformSync } = require('esbuild');

module.exports = {
    process(sourceText, sourcePath) {
        const { code, map } = transformSync(sourceText, {
            loader: 'ts',
            format: 'cjs',
            target: 'node20',
            sourcefile: sourcePath,
            sourcemap: 'inline'
        });
        return { code, map };
    }
};
