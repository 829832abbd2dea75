// `npm run screenshots`: pictures of the LIVE local org (npm start's server, the package's real LWCs on the local
// Apex runtime and the APIM + D365 emulator), taken in headless Chromium while it plays the flows of the e2e tests:
// an approval that syncs, a stale subscription key that fails, a validation error, the admin's dashboard with its
// retry-job, resync and ops panels. Writes docs/images/local-org-*.png (docs/ui.md lists them).
// `npm run preview` still renders the components' other states from fixtures (docs/images/d365Sync*.png).
// Needs Debian `chromium` (/usr/bin/chromium) or CHROMIUM_PATH.
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { startLocalOrgServer } from './server';

const ROOT = path.resolve(__dirname, '..', '..');
const IMAGES = path.join(ROOT, 'docs', 'images');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

async function approve(page: Page, url: string, name: string): Promise<void> {
    await page.goto(`${url}/#/accounts`);
    await page.getByRole('link', { name }).click();
    // the sales user (the owner) submits; the approver decides
    await loginAs(page, 'sales');
    await page.getByRole('button', { name: 'Submit for Approval' }).click();
    await page.getByRole('button', { name: 'Approve' }).waitFor({ timeout: 30_000 });
    await loginAs(page, 'approver');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.locator('[data-field="approvalStatus"]').getByText('Approved').waitFor({ timeout: 60_000 });
}

async function loginAs(page: Page, user: string): Promise<void> {
    await page.selectOption('[data-id="user"]', user);
}

async function main(): Promise<void> {
    if (!fs.existsSync(CHROMIUM)) throw new Error(`no Chromium at ${CHROMIUM} (apt-get install chromium)`);
    const server = await startLocalOrgServer({ projectDir: ROOT, port: 0, outDir: path.join(ROOT, '.tmp', 'start') });
    const browser = await chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']
    });
    const written: string[] = [];
    const shot = async (page: Page, file: string, selector?: string): Promise<void> => {
        const out = path.join(IMAGES, file);
        // toasts fade after 4 s; a picture without them shows the page itself
        await page.evaluate('document.getElementById("toasts").replaceChildren()');
        if (selector) await page.locator(selector).first().screenshot({ path: out, animations: 'disabled' });
        else await page.screenshot({ path: out, fullPage: true, animations: 'disabled' });
        written.push(file);
    };
    try {
        const page = await browser.newPage({ viewport: { width: 1280, height: 860 } });
        await page.addInitScript({ content: "window.localStorage.setItem('localOrgUser', 'approver')" });
        const status = page.locator('c-d365-sync-status');

        // 1. the approver approves Acme Corporation: Synced with the key D365 assigned
        await approve(page, server.url, 'Acme Corporation');
        await status.getByText('Synced', { exact: true }).waitFor({ timeout: 60_000 });
        await shot(page, 'local-org-record-synced.png');

        // 2. a stale subscription key (Setup): Globex Ltd fails with the configuration message
        await page.goto(`${server.url}/#/admin`);
        await loginAs(page, 'admin');
        await page.selectOption('[data-id="setup-key"]', 'stale');
        await page.getByText('Setup saved').first().waitFor();
        await loginAs(page, 'approver');
        await approve(page, server.url, 'Globex Ltd');
        await status.getByText('Failed', { exact: true }).first().waitFor({ timeout: 60_000 });
        await shot(page, 'local-org-record-failed.png');

        // 3. the key is current again; D365 refuses Initech's data (validation-400 armed in the fault panel)
        await page.goto(`${server.url}/#/admin`);
        await loginAs(page, 'admin');
        await page.selectOption('[data-id="setup-key"]', 'current');
        await page.getByText('Setup saved').first().waitFor();
        await page.goto(`${server.url}/#/d365`);
        await page.selectOption('[data-id="fault-kind"]', 'validation-400');
        await page.getByRole('button', { name: 'Arm' }).click();
        await page.locator('[data-id="faults-armed"]').getByText('validation-400 ×1').waitFor();
        await loginAs(page, 'approver');
        await approve(page, server.url, 'Initech GmbH');
        await status.getByText('Failed', { exact: true }).first().waitFor({ timeout: 60_000 });
        await page.goto(`${server.url}/#/d365`);
        await page.locator('[data-id="d365"]').getByText('Acme Corporation').waitFor();
        await shot(page, 'local-org-d365.png');

        // 4. the admin's app page: Setup, then the dashboard with its panels, two Failed rows
        await page.goto(`${server.url}/#/admin`);
        await loginAs(page, 'admin');
        const dash = page.locator('c-d365-sync-dashboard');
        await dash.locator('lightning-datatable').getByText('Initech GmbH').waitFor({ timeout: 60_000 });
        await dash.getByRole('button', { name: 'Test connection' }).click();
        await dash.locator('.connection-text').waitFor({ timeout: 60_000 });
        await shot(page, 'local-org-dashboard.png');
        await shot(page, 'local-org-resync-panel.png', 'c-d365-sync-resync-panel');
        await shot(page, 'local-org-retry-job-panel.png', 'c-d365-sync-retry-job-panel');
        // the ops panel (alerts and retention) after the admin scheduled the alerts and purge job
        await dash.getByRole('button', { name: 'Schedule alerts and purge' }).click();
        await dash.locator('.purge-schedule').waitFor({ timeout: 60_000 });
        await shot(page, 'local-org-ops-panel.png', 'c-d365-sync-ops-panel');
    } finally {
        await browser.close();
        await server.stop();
    }
    process.stdout.write(`screenshots: ${written.map((f) => `docs/images/${f}`).join(', ')}\n`);
}

main().catch((e: Error) => {
    process.stderr.write(`screenshots: ${e.stack ?? e.message}\n`);
    process.exit(1);
});
