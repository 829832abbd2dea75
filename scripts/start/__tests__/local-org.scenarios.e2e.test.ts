/**
 * `npm start` end to end, the failure paths of issue #13 in headless Chromium, asserted at the APIM + D365 emulator:
 *  - a 503 then a 200: the record shows Retry scheduled, then Synced; both POSTs carry the same idempotency key
 *    and the mapped JSON;
 *  - a stale subscription key: Failed with the configuration message; the admin enters the current key in Setup;
 *    Retry now → Synced;
 *  - the admin dashboard: kill switch, state filter, paging, search, Retry selected and Retry all failed.
 * Each screen on the way is checked with axe-core in the browser: no serious or critical violation.
 * One server for the file; no sleeps: every wait is on page state.
 */
import type { Page } from 'playwright-core';
import { axeViolations, describeBrowser, loginAs, startBrowserOrg, type BrowserOrg } from './browser-org';
import type { RecordedRequest } from '../../emulators/apim-d365';

const describeIt = describeBrowser('local org scenarios e2e');

/** The emulator's POSTs for one Account (the body carries its Salesforce Id). */
async function postsFor(o: BrowserOrg, accountId: string): Promise<RecordedRequest[]> {
    return (await o.server.org.emulator.requests()).filter(
        (r) => r.method === 'POST' && r.path === '/api/accounts' && r.body.includes(accountId)
    );
}

async function openAccount(page: Page, url: string, name: string): Promise<string> {
    await page.goto(`${url}/#/accounts`);
    await page.getByRole('link', { name }).click();
    await page.locator('[data-id="record-name"]').getByText(name).waitFor();
    return /#\/account\/(\w+)$/.exec(page.url())![1];
}

/** The sales user (the owner) submits; the approver the submitter named decides. */
async function submitAndApprove(page: Page): Promise<void> {
    await loginAs(page, 'sales');
    await page.getByRole('button', { name: 'Submit for Approval' }).click();
    await page.getByRole('button', { name: 'Approve' }).waitFor({ timeout: 30_000 });
    await loginAs(page, 'approver');
    await page.getByRole('button', { name: 'Approve' }).click();
    await page.locator('[data-field="approvalStatus"]').getByText('Approved').waitFor({ timeout: 30_000 });
}

describeIt('npm start: failure paths and the admin dashboard', () => {
    let o: BrowserOrg;
    /** screens checked with axe, and their serious/critical violations */
    const checked: string[] = [];
    const violations: string[] = [];
    const a11y = async (screen: string): Promise<void> => {
        checked.push(screen);
        violations.push(...(await axeViolations(o.page, screen)));
    };

    beforeAll(async () => {
        o = await startBrowserOrg('start-e2e-scenarios');
    }, 300_000);

    afterAll(async () => {
        await o?.stop();
    }, 60_000);

    afterEach(async () => {
        // what the page showed when a step failed (git-ignored)
        await o?.page.screenshot({ path: '.tmp/start-e2e-scenarios/last.png', fullPage: true }).catch(() => undefined);
        expect(o.pageErrors).toEqual([]);
        expect(o.external).toEqual([]);
    });

    test('503 then 200: Retry scheduled, then Synced; the same idempotency key and mapped JSON at D365', async () => {
        const { page, server } = o;
        await page.goto(`${server.url}/#/d365`);
        await page.selectOption('[data-id="fault-kind"]', 'backend-503');
        await page.getByRole('button', { name: 'Arm' }).click();
        await page.locator('[data-id="faults-armed"]').getByText('backend-503 ×1').waitFor();
        await a11y('D365 pane (fault armed)');

        const id = await openAccount(page, server.url, 'Acme Corporation');
        await submitAndApprove(page);
        const status = page.locator('c-d365-sync-status');
        await status.getByText('Retry scheduled').first().waitFor({ timeout: 30_000 });
        await a11y('record page, Retry scheduled');
        const [first] = await postsFor(o, id);
        expect(first.status).toBe(503);

        // The worker waits for the row as a delayed Queueable (MinimumQueueableDelayInMinutes); the local org runs a
        // delayed job with the first transaction after its delay. Move the runtime clock past the backoff, then one
        // call (any transaction) runs the waiting worker.
        server.org.rt.advanceSeconds(11 * 60);
        expect((await o.call('approver', '/org/accounts')).status).toBe(200);
        await status.getByRole('button', { name: 'Refresh sync status' }).click();
        await status.getByText('Synced', { exact: true }).waitFor({ timeout: 30_000 });

        const posts = await postsFor(o, id);
        expect(posts.map((r) => r.status)).toEqual([503, 200]);
        expect(posts[1].headers['idempotency-key']).toBeTruthy();
        expect(posts[1].headers['idempotency-key']).toBe(posts[0].headers['idempotency-key']);
        // the body is the mapping of the Account's fields (D365_Field_Mapping__mdt), the same on the retry
        expect(posts[1].body).toBe(posts[0].body);
        expect(JSON.parse(posts[1].body)).toMatchObject({
            salesforceId: id,
            OrganizationName: 'Acme Corporation',
            AddressCity: 'Seattle',
            AddressCountryRegionId: 'US'
        });
        const customers = (await server.org.d365()).filter((c) => c.salesforceId === id);
        expect(customers).toHaveLength(1);
        await status.getByText(customers[0].CustomerAccount).waitFor();
        await a11y('record page, Synced');
        await page.goto(`${server.url}/#/accounts`);
        await page.locator('[data-id="accounts"]').getByText('Globex Ltd').waitFor();
        await a11y('Accounts list');
        await page.goto(`${server.url}/#/d365`);
        await page.locator('[data-id="d365"]').getByText(customers[0].CustomerAccount).waitFor();
        await a11y('D365 pane (a customer)');
    }, 120_000);

    test('stale subscription key: Failed with the configuration message; fix the key in Setup, Retry now → Synced', async () => {
        const { page, server } = o;
        await page.goto(`${server.url}/#/admin`);
        await loginAs(page, 'admin');
        await page.selectOption('[data-id="setup-key"]', 'stale');
        await page.getByText('Setup saved').first().waitFor();
        await expect(o.call('admin', '/org/setup')).resolves.toMatchObject({ body: { subscriptionKey: 'stale' } });

        await loginAs(page, 'approver');
        const id = await openAccount(page, server.url, 'Globex Ltd');
        await submitAndApprove(page);
        const status = page.locator('c-d365-sync-status');
        await status.getByText('Failed', { exact: true }).first().waitFor({ timeout: 30_000 });
        await status
            .getByText('D365 rejected the subscription key — ask your admin to check the D365 credential.')
            .first()
            .waitFor();
        await a11y('record page, Failed (configuration)');
        expect((await postsFor(o, id)).map((r) => [r.status, r.keyValid])).toEqual([[401, false]]);

        // the admin enters the current key (Setup); the approver retries from the record page
        await loginAs(page, 'admin');
        await page.goto(`${server.url}/#/admin`);
        await page.selectOption('[data-id="setup-key"]', 'current');
        await page.getByText('Setup saved').first().waitFor();
        await expect(o.call('admin', '/org/setup')).resolves.toMatchObject({ body: { subscriptionKey: 'current' } });
        await loginAs(page, 'approver');
        await page.goto(`${server.url}/#/account/${id}`);
        await status.getByRole('button', { name: 'Retry now' }).click();
        await status.getByText('Synced', { exact: true }).waitFor({ timeout: 30_000 });
        const posts = await postsFor(o, id);
        expect(posts.map((r) => r.status)).toEqual([401, 200]);
        expect((await server.org.d365()).filter((c) => c.salesforceId === id)).toHaveLength(1);
    }, 120_000);

    test('dashboard: kill switch, state filter, paging, search, Retry selected, Retry all failed', async () => {
        const { page, server } = o;
        // Fixture: 55 Accounts whose requests the engine left Failed (a validation error), written as data so the
        // test needs no 55 callouts. More than one page (the dashboard's PAGE_SIZE is 50).
        const seeded = server.org.rt.tx(
            'seed failed requests',
            `
List<Account> accts = new List<Account>();
for (Integer i = 1; i <= 55; i++) {
    accts.add(new Account(Name = 'Paging ' + String.valueOf(i).leftPad(2, '0'), BillingCity = 'Oslo', BillingCountry = 'NO'));
}
insert accts;
List<D365_Sync_Request__c> rows = new List<D365_Sync_Request__c>();
for (Account a : accts) {
    rows.add(new D365_Sync_Request__c(Account__c = a.Id, Status__c = 'Failed', Trigger_Reason__c = 'Approved',
        Idempotency_Key__c = 'seed-' + a.Id, Attempts__c = 1, Last_HTTP_Status__c = 400, Error_Category__c = 'Data',
        Last_Error__c = 'D365 rejected the data (HTTP 400): OrganizationName is not valid.',
        Last_Attempt_At__c = System.now(), Completed_At__c = System.now()));
}
insert rows;
`
        );
        expect(seeded.outcome.kind).toBe('ok');
        const sentBefore = (await server.org.emulator.requests()).length;

        await page.goto(`${server.url}/#/admin`);
        await loginAs(page, 'admin');
        const dash = page.locator('c-d365-sync-dashboard');
        await dash.getByText('Sending is on').first().waitFor({ timeout: 30_000 });
        // kill switch: Setup → sending off; the dashboard says so
        await page.locator('label[for="setup-enabled"]').click();
        await dash.getByText('Sending is paused (kill switch is on)').first().waitFor({ timeout: 30_000 });

        // state filter: Failed → 55 rows, two pages
        await dash.locator('lightning-combobox.state-filter button').click();
        await dash.getByRole('option', { name: 'Failed' }).click();
        await dash.locator('.page-label').getByText('Page 1 · 55 rows').waitFor({ timeout: 30_000 });
        await expect(dash.locator('lightning-datatable tbody tr').count()).resolves.toBe(50);
        await a11y('admin: Setup, dashboard with 50 Failed rows, retry-job/resync/ops panels');
        await dash.getByRole('button', { name: 'Next' }).click();
        await dash.locator('.page-label').getByText('Page 2').waitFor({ timeout: 30_000 });
        await dash.locator('lightning-datatable tbody tr').nth(5).waitFor({ state: 'detached', timeout: 30_000 });
        await expect(dash.locator('lightning-datatable tbody tr').count()).resolves.toBe(5);

        // Retry selected: every row of page 2 (header checkbox) → re-queued; the kill switch holds them (no callout)
        await dash.locator('lightning-datatable thead input[type="checkbox"]').check({ force: true });
        await dash.getByRole('button', { name: 'Retry selected (5)' }).click();
        await page.getByText('5 request(s) queued again.').first().waitFor({ timeout: 30_000 });
        await dash.locator('.tile[data-state="Failed"]').getByText('50').waitFor({ timeout: 30_000 });
        // the refresh after a retry counts again: 50 rows fit on one page, so page 2 no longer exists → page 1
        await dash.locator('.page-label').getByText('Page 1 · 50 rows').waitFor({ timeout: 30_000 });
        await expect(dash.getByRole('button', { name: 'Previous' }).isDisabled()).resolves.toBe(true);

        // search by Account name narrows the rows
        await dash.locator('lightning-input.account-search input').fill('Paging 07');
        await dash.locator('.page-label').getByText('Page 1 · 1 rows').waitFor({ timeout: 30_000 });
        await dash.locator('lightning-datatable').getByText('Paging 07').waitFor();
        await dash.locator('lightning-input.account-search input').fill('');
        await dash.locator('.page-label').getByText('Page 1 · 50 rows').waitFor({ timeout: 30_000 });

        // Retry all failed → nothing left Failed
        await dash.getByRole('button', { name: 'Retry all failed' }).click();
        // lightning/confirm (the base component's modal) asks first
        await page.getByText('This puts 50 failed sync request(s) back in the queue.', { exact: false }).waitFor();
        await page.getByRole('button', { name: 'OK' }).click();
        await page.getByText('50 request(s) queued again.').first().waitFor({ timeout: 30_000 });
        await dash.getByRole('heading', { name: 'Nothing needs attention' }).waitFor({ timeout: 30_000 });
        await a11y('admin: dashboard, nothing needs attention');

        const counts = server.org.callApex('admin', 'D365SyncAdminController.getSummary', {});
        expect(counts).toMatchObject({ ok: true, value: { syncEnabled: false } });
        const c = (counts as { value: { counts: Record<string, number> } }).value.counts;
        expect(c.Failed ?? 0).toBe(0);
        expect(c.Queued).toBe(55);
        // the kill switch: re-queued rows wait, nothing was sent
        expect((await server.org.emulator.requests()).length).toBe(sentBefore);
    }, 180_000);

    test('accessibility: axe-core finds no serious or critical violation on any screen', async () => {
        expect(checked.length).toBeGreaterThanOrEqual(8);
        expect(violations).toEqual([]);
        // and it does see one: a button without a name is critical
        await o.page.evaluate('document.body.insertAdjacentHTML("beforeend", "<button id=\\"axe-probe\\"></button>")');
        await expect(axeViolations(o.page, 'probe')).resolves.toEqual([
            expect.stringMatching(/^probe: button-name \(critical\)/)
        ]);
        await o.page.evaluate('document.getElementById("axe-probe").remove()');
    });
});
