/**
 * `npm start` end to end in headless Chromium: the page on a free port, the REAL d365SyncStatus LWC calling the
 * package's controller in the local runtime. The approver submits and approves an Account through the shipped
 * approval process; the worker pushes it to the APIM + D365 emulator; the component shows Synced with the D365 key.
 * Needs Debian `chromium` (/usr/bin/chromium, or CHROMIUM_PATH); skipped with a message when it is missing.
 */
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startLocalOrgServer, type LocalOrgServer } from '../server';
import { COMPONENTS } from '../bundle';

const ROOT = path.resolve(__dirname, '../../..');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const haveChromium = fs.existsSync(CHROMIUM);
if (!haveChromium) {
    console.warn(`local org e2e SKIPPED: no Chromium at ${CHROMIUM} (apt-get install chromium, or set CHROMIUM_PATH)`);
}
const describeBrowser = haveChromium ? describe : describe.skip;

describeBrowser('npm start: the local org in the browser', () => {
    let server: LocalOrgServer;
    let browser: Browser;
    let page: Page;
    const pageErrors: string[] = [];
    const external: string[] = [];

    beforeAll(async () => {
        // the LWC .js come from tsc (npm run build), as for npm start
        const lwcDir = path.join(ROOT, 'force-app', 'main', 'default', 'lwc');
        if (COMPONENTS.some((c) => !fs.existsSync(path.join(lwcDir, c, `${c}.js`)))) {
            execFileSync(process.execPath, [require.resolve('typescript/bin/tsc'), '-p', 'tsconfig.build.json'], {
                cwd: ROOT
            });
        }
        server = await startLocalOrgServer({ projectDir: ROOT, port: 0, outDir: path.join(ROOT, '.tmp', 'start-e2e') });
        browser = await chromium.launch({
            executablePath: CHROMIUM,
            args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--no-first-run']
        });
        page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
        page.on('pageerror', (e) => pageErrors.push(String(e)));
        page.on('request', (r) => {
            if (!r.url().startsWith(server.url)) external.push(r.url());
        });
        // the user switcher's choice, before the page's own scripts run (a string: this file has no DOM types)
        await page.addInitScript({
            content:
                "if (!window.localStorage.getItem('localOrgUser')) window.localStorage.setItem('localOrgUser', 'sales')"
        });
    }, 180_000);

    afterAll(async () => {
        await browser?.close();
        await server?.stop();
    });

    test('the sales user submits, the approver approves; d365SyncStatus shows Synced with the D365 key', async () => {
        await page.goto(`${server.url}/#/accounts`);
        await page.getByRole('link', { name: 'Acme Corporation' }).click();
        const status = page.locator('c-d365-sync-status');
        // the real component, answered by the real controller: a Draft Account is not synced yet
        await status.getByText('Not synced').waitFor({ timeout: 30_000 });
        await page.getByRole('button', { name: 'Submit for Approval' }).click();
        // the sales user is not the approver: switch to the approver, who decides
        await page.getByRole('button', { name: 'Approve' }).waitFor({ timeout: 30_000 });
        await page.selectOption('[data-id="user"]', 'approver');
        await page.getByRole('button', { name: 'Approve' }).click();
        await status.getByText('Synced', { exact: true }).waitFor({ timeout: 60_000 });
        const key = (await server.org.d365()).find((c) => c.fields.OrganizationName === 'Acme Corporation');
        expect(key?.CustomerAccount).toMatch(/^SF-\d{6}$/);
        await status.getByText(key!.CustomerAccount).waitFor({ timeout: 10_000 });
        await expect(page.locator('[data-field="approvalStatus"]').textContent()).resolves.toBe('Approved');
        await expect(page.locator('[data-field="d365AccountNumber"]').textContent()).resolves.toBe(
            key!.CustomerAccount
        );
        // Edit a mapped field of the approved Account: the change is pushed (the D365 pane shows the new city)
        await page.getByRole('button', { name: 'Edit' }).click();
        await page.fill('#edit-city', 'Tacoma');
        await page.getByRole('button', { name: 'Save' }).click();
        await page.locator('[data-field="billingCity"]').getByText('Tacoma').waitFor({ timeout: 30_000 });
        await page.getByRole('link', { name: 'D365', exact: true }).click();
        const d365Row = page.locator('[data-id="d365"] tr', { hasText: key!.CustomerAccount });
        await d365Row.getByText('Tacoma').waitFor({ timeout: 10_000 });
        // the fault panel arms the emulator
        await page.selectOption('[data-id="fault-kind"]', 'backend-503');
        await page.getByRole('button', { name: 'Arm' }).click();
        await page.locator('[data-id="faults-armed"]').getByText('backend-503 ×1').waitFor({ timeout: 10_000 });
        await page.getByRole('button', { name: 'Clear faults' }).click();
        await page.locator('[data-id="faults-armed"]').getByText('No fault armed.').waitFor({ timeout: 10_000 });
        // the admin app's dashboard, unchanged, on the admin's controller calls
        await page.selectOption('[data-id="user"]', 'admin');
        await page.getByRole('link', { name: 'D365 Sync Admin' }).click();
        await page.locator('c-d365-sync-dashboard').getByText('Sending is on').last().waitFor({ timeout: 30_000 });
        // the Account did not go anywhere else, and the page raised nothing
        expect(pageErrors).toEqual([]);
        expect(external).toEqual([]);
    }, 120_000);

    test('edit in D365: the Account changes in Salesforce and nothing is pushed back to D365', async () => {
        const key = (await server.org.d365()).find((c) => c.fields.OrganizationName === 'Acme Corporation');
        expect(key).toBeDefined();
        const requestsBefore = (await server.org.emulator.requests()).length;
        await page.goto(`${server.url}/#/d365`);
        await page.selectOption('#d365-edit-account', key!.CustomerAccount);
        await page.selectOption('#d365-edit-field', 'AddressCity');
        await page.fill('#d365-edit-value', 'Redmond');
        await page.getByRole('button', { name: 'Save in D365' }).click();
        await page
            .locator('[data-id="d365-writeback"]')
            .getByText('Salesforce answered 200')
            .waitFor({ timeout: 30_000 });
        await page.locator('[data-id="d365"] tr', { hasText: key!.CustomerAccount }).getByText('Redmond').waitFor();
        // the record page shows D365's change; the status component still shows Synced (no new push)
        await page.goto(`${server.url}/#/accounts`);
        await page.getByRole('link', { name: 'Acme Corporation' }).click();
        await page.locator('[data-field="billingCity"]').getByText('Redmond').waitFor({ timeout: 30_000 });
        await page.locator('c-d365-sync-status').getByText('Synced', { exact: true }).waitFor({ timeout: 30_000 });
        expect((await server.org.emulator.requests()).length).toBe(requestsBefore);
        expect(pageErrors).toEqual([]);
        expect(external).toEqual([]);
    }, 120_000);

    test('switching user re-runs the page as that user: the integration user hits field-level security', async () => {
        await page.goto(`${server.url}/#/accounts`);
        await page.locator('[data-id="accounts"]').getByText('Globex Ltd').waitFor();
        // API-only integration user: its permission set does not grant the approval field (user-mode SOQL refuses)
        await page.selectOption('[data-id="user"]', 'integration');
        await page
            .getByRole('alert')
            .getByText("No such column 'D365_Approval_Status__c'")
            .waitFor({ timeout: 30_000 });
        await page.selectOption('[data-id="user"]', 'approver');
        await page.locator('[data-id="accounts"]').getByText('Globex Ltd').waitFor({ timeout: 30_000 });
        expect(pageErrors).toEqual([]);
    }, 120_000);
});
