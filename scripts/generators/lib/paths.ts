import * as path from 'node:path';

/** Repository root (scripts/generators/lib → three levels up). */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');

export const DEFAULT_PACKAGE_DIR = path.join(REPO_ROOT, 'force-app', 'main', 'default');
/** First-install, admin-owned metadata: deployed once by `npm run setup`, never by `npm run deploy` (docs/metadata.md). */
export const DEFAULT_FIRST_INSTALL_DIR = path.join(REPO_ROOT, 'first-install', 'main', 'default');
export const DEFAULT_DOCS_DIR = path.join(REPO_ROOT, 'docs');
export const DEFAULT_MAPPING_CONFIG = path.join(REPO_ROOT, 'config', 'd365-field-mapping.json');
export const DEFAULT_INTEGRATION_CONFIG = path.join(REPO_ROOT, 'config', 'd365-integration.json');
export const API_VERSION = '66.0';

/** A path as shown to people: relative to the current directory when inside it, else absolute. */
export function displayPath(file: string): string {
    const relative = path.relative(process.cwd(), file);
    return relative && !relative.startsWith('..') && !path.isAbsolute(relative) ? relative : file;
}
