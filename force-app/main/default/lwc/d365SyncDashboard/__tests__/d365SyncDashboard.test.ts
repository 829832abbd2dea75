import { createElement } from 'lwc';
import D365SyncDashboard from 'c/d365SyncDashboard';
import LightningConfirm from 'lightning/confirm';
import getSummary from '@salesforce/apex/D365SyncAdminController.getSummary';
import getRequests from '@salesforce/apex/D365SyncAdminController.getRequests';
import retryOne from '@salesforce/apex/D365SyncAdminController.retryOne';
import retrySelected from '@salesforce/apex/D365SyncAdminController.retrySelected';
import retryAllFailed from '@salesforce/apex/D365SyncAdminController.retryAllFailed';
import testConnection from '@salesforce/apex/D365SyncAdminController.testConnection';
import getRequestDetail from '@salesforce/apex/D365SyncAdminController.getRequestDetail';
import { findA11yViolations } from '../../__tests__/helpers/a11y';
import { flushPromises } from '../../__tests__/helpers/flushPromises';

const summaryAdmin = require('./data/summaryAdmin.json');
const summaryNoPermission = require('./data/summaryNoPermission.json');
const requestsPage1 = require('./data/requestsPage1.json');
const requestsPage2 = require('./data/requestsPage2.json');
const requestsEmpty = require('./data/requestsEmpty.json');
const retryResult = require('./data/retryResult.json');
const retryAllResult = require('./data/retryAllResult.json');
const connectionReachable = require('./data/connectionReachable.json');
const connectionKeyRejected = require('./data/connectionKeyRejected.json');
const connectionUnreachable = require('./data/connectionUnreachable.json');
const connectionKeyNotVerified = require('./data/connectionKeyNotVerified.json');
const connectionNotConfigured = require('./data/connectionNotConfigured.json');
const noAccessError = require('./data/noAccessError.json');

jest.mock('@salesforce/apex/D365SyncAdminController.getSummary', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/D365SyncAdminController.getRequests', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/D365SyncAdminController.retryOne', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/D365SyncAdminController.retrySelected', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/D365SyncAdminController.retryAllFailed', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/D365SyncAdminController.testConnection', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/D365SyncAdminController.getRequestDetail', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/D365SyncAdminController.getAttemptDetail', () => ({ default: jest.fn() }), {
    virtual: true
});

const DEFAULT_QUERY = {
    state: 'Attention',
    fromDate: null,
    toDate: null,
    accountName: null,
    sortBy: 'lastChange',
    sortDirection: 'desc',
    cursor: null,
    pageSize: 50,
    includeCount: false
};

function mount(): HTMLElement {
    const element = createElement('c-d365-sync-dashboard', { is: D365SyncDashboard });
    document.body.appendChild(element);
    return element;
}

async function mountLoaded(summary = summaryAdmin, page = requestsPage1): Promise<HTMLElement> {
    (getSummary as jest.Mock).mockResolvedValue(summary);
    (getRequests as jest.Mock).mockResolvedValue(page);
    const element = mount();
    await flushPromises();
    return element;
}

function $(element: HTMLElement, selector: string): any {
    return element.shadowRoot!.querySelector(selector);
}

function lastQuery(): any {
    const calls = (getRequests as jest.Mock).mock.calls;
    return calls[calls.length - 1][0].query;
}

function fire(target: any, name: string, detail: unknown) {
    target.dispatchEvent(new CustomEvent(name, { detail }));
}

describe('c-d365-sync-dashboard', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
        jest.useRealTimers();
    });

    it('shows spinners while the counts and rows load', () => {
        (getSummary as jest.Mock).mockReturnValue(new Promise(() => {}));
        (getRequests as jest.Mock).mockReturnValue(new Promise(() => {}));
        const element = mount();
        const spinners = Array.from(element.shadowRoot!.querySelectorAll('lightning-spinner')).map(
            (s: any) => s.alternativeText
        );
        expect(spinners).toEqual(['Loading the sync counts', 'Loading the sync requests']);
    });

    it('loads the tiles and the first page with the default filters', async () => {
        const element = await mountLoaded();

        expect(getSummary).toHaveBeenCalledTimes(1);
        expect(getRequests).toHaveBeenCalledWith({ query: DEFAULT_QUERY });
        const tiles = Array.from(element.shadowRoot!.querySelectorAll('.tile')).map((t: any) => [
            t.dataset.state,
            t.querySelector('.tile-count').textContent
        ]);
        expect(tiles).toEqual([
            ['Queued', '12'],
            ['Processing', '3'],
            ['Retry Scheduled', '7'],
            ['Failed', '42'],
            ['Stuck', '2'],
            ['Succeeded', '48210']
        ]);
        const failedCount = $(element, '[data-state="Failed"] .tile-count');
        expect(failedCount.className).toContain('slds-text-color_error');
        expect($(element, '[data-state="Queued"] .tile-count').className).not.toContain('slds-text-color_error');
        expect($(element, '.kill-switch-label').textContent).toBe('Sending is on');
        const table = $(element, 'lightning-datatable');
        expect(table.data.length).toBe(3);
        expect(table.data[0].accountUrl).toBe('/lightning/r/Account/001000000000101AAA/view');
        expect(table.data[0].problem).toContain('D365 refused this Account.');
        expect(table.data[2].statusLabel).toBe('Stuck processing');
        expect($(element, '.page-label').textContent).toBe('Page 1 · 51 rows');
        expect($(element, '.previous-page').disabled).toBe(true);
        expect($(element, '.next-page').disabled).toBe(false);
    });

    it('shows the kill switch clearly when sending is paused', async () => {
        const element = await mountLoaded(summaryNoPermission);
        expect($(element, '.kill-switch-label').textContent).toBe('Sending is paused (kill switch is on)');
        expect($(element, '.kill-switch').className).toContain('slds-theme_error');
    });

    it('shows the empty state when nothing needs attention', async () => {
        const element = await mountLoaded(summaryAdmin, requestsEmpty);
        expect($(element, '.empty-state').textContent).toContain('Nothing needs attention');
        expect($(element, 'lightning-datatable')).toBeNull();
        expect($(element, '.next-page').disabled).toBe(true);
    });

    it('shows readable errors when the counts or rows cannot be loaded', async () => {
        (getSummary as jest.Mock).mockRejectedValue(noAccessError);
        (getRequests as jest.Mock).mockRejectedValue(new Error('Failed to fetch'));
        const element = mount();
        await flushPromises();

        const panels = Array.from(element.shadowRoot!.querySelectorAll('c-d365-sync-error-panel')).map(
            (p: any) => p.message
        );
        expect(panels).toEqual([
            'You cannot read the D365 sync requests. Ask your admin for the D365 Sync Admin permission set.',
            'Salesforce could not be reached. Check your connection and try again.'
        ]);
    });

    it('filters by state and date range on the server, from the first page', async () => {
        const element = await mountLoaded();
        fire($(element, '.state-filter'), 'change', { value: 'Failed' });
        await flushPromises();
        expect(lastQuery()).toEqual({ ...DEFAULT_QUERY, state: 'Failed' });

        fire($(element, '.from-date'), 'change', { value: '2026-11-01' });
        fire($(element, '.to-date'), 'change', { value: '2026-11-26' });
        await flushPromises();
        expect(lastQuery()).toEqual({
            ...DEFAULT_QUERY,
            state: 'Failed',
            fromDate: '2026-11-01',
            toDate: '2026-11-26'
        });
    });

    it('debounces the Account name search into one server call', async () => {
        const element = await mountLoaded();
        jest.useFakeTimers();
        (getRequests as jest.Mock).mockClear();
        const search = $(element, '.account-search');
        fire(search, 'change', { value: 'Ac' });
        fire(search, 'change', { value: 'Acme' });
        expect(getRequests).not.toHaveBeenCalled();
        jest.advanceTimersByTime(500);
        expect(getRequests).toHaveBeenCalledTimes(1);
        expect(lastQuery()).toEqual({ ...DEFAULT_QUERY, accountName: 'Acme' });
    });

    it('sorts on the server by the mapped sort key', async () => {
        const element = await mountLoaded();
        fire($(element, 'lightning-datatable'), 'sort', { fieldName: 'accountUrl', sortDirection: 'asc' });
        await flushPromises();
        expect(lastQuery()).toEqual({ ...DEFAULT_QUERY, sortBy: 'accountName', sortDirection: 'asc' });
        const table = $(element, 'lightning-datatable');
        expect(table.sortedBy).toBe('accountUrl');
        expect(table.sortedDirection).toBe('asc');
    });

    it('pages forward with the keyset cursor and back to the first page', async () => {
        const element = await mountLoaded();
        (getRequests as jest.Mock).mockResolvedValue(requestsPage2);
        $(element, '.next-page').click();
        await flushPromises();

        expect(lastQuery()).toEqual({ ...DEFAULT_QUERY, cursor: requestsPage1.nextCursor });
        expect($(element, 'lightning-datatable').data.map((r: any) => r.name)).toEqual(['DSR-00000151']);
        expect($(element, '.page-label').textContent).toBe('Page 2 · 51 rows');
        expect($(element, '.next-page').disabled).toBe(true);
        expect($(element, '.previous-page').disabled).toBe(false);

        (getRequests as jest.Mock).mockResolvedValue(requestsPage1);
        $(element, '.previous-page').click();
        await flushPromises();
        expect(lastQuery()).toEqual(DEFAULT_QUERY);
        expect($(element, '.page-label').textContent).toBe('Page 1 · 51 rows');
    });

    it('retries one row from the row action and refreshes tiles and rows', async () => {
        const element = await mountLoaded();
        (retryOne as jest.Mock).mockResolvedValue({ requested: 1, requeued: 1, moreRemaining: false });
        const toast = jest.fn();
        element.addEventListener('lightning__showtoast', toast);

        fire($(element, 'lightning-datatable'), 'rowaction', {
            action: { name: 'retry' },
            row: requestsPage1.rows[0]
        });
        await flushPromises();

        expect(retryOne).toHaveBeenCalledWith({ requestId: 'a01000000000101AAA' });
        expect(getSummary).toHaveBeenCalledTimes(2);
        expect(getRequests).toHaveBeenCalledTimes(2);
        expect(toast.mock.calls[0][0].detail).toMatchObject({
            variant: 'success',
            message: '1 request(s) queued again.'
        });
    });

    it('re-counts the filter after a retry on a later page, instead of keeping the old total', async () => {
        const element = await mountLoaded();
        (getRequests as jest.Mock).mockResolvedValue(requestsPage2);
        $(element, '.next-page').click();
        await flushPromises();
        expect($(element, '.page-label').textContent).toBe('Page 2 · 51 rows');

        // 40 rows of the filter were retried meanwhile (by this admin on page 1, or by another one): 11 remain
        (retryOne as jest.Mock).mockResolvedValue({ requested: 1, requeued: 1, moreRemaining: false });
        (getRequests as jest.Mock).mockResolvedValue({ ...requestsPage2, totalCount: 11 });
        fire($(element, 'lightning-datatable'), 'rowaction', { action: { name: 'retry' }, row: requestsPage2.rows[0] });
        await flushPromises();

        const queries = (getRequests as jest.Mock).mock.calls.map((call) => call[0].query);
        expect(queries[2]).toEqual({ ...DEFAULT_QUERY, cursor: requestsPage1.nextCursor, includeCount: true });
        // 11 rows fit on one page, so page 2 no longer exists: back to page 1, counted again
        expect(queries).toHaveLength(4);
        expect(queries[3]).toEqual({ ...DEFAULT_QUERY, includeCount: true });
        expect($(element, '.page-label').textContent).toBe('Page 1 · 11 rows');
        expect($(element, '.previous-page').disabled).toBe(true);
    });

    it('keeps a later page that still exists after a refresh and shows the new total', async () => {
        const element = await mountLoaded();
        (getRequests as jest.Mock).mockResolvedValue(requestsPage2);
        $(element, '.next-page').click();
        await flushPromises();

        (getRequests as jest.Mock).mockResolvedValue({ ...requestsPage2, totalCount: 60 });
        $(element, '.refresh-button').click();
        await flushPromises();

        expect(lastQuery()).toEqual({ ...DEFAULT_QUERY, cursor: requestsPage1.nextCursor, includeCount: true });
        expect($(element, '.page-label').textContent).toBe('Page 2 · 60 rows');
        expect($(element, 'lightning-datatable').data.map((r: any) => r.name)).toEqual(['DSR-00000151']);
    });

    it('goes back a page when the retried rows were the last ones of the current page', async () => {
        const element = await mountLoaded();
        (getRequests as jest.Mock).mockResolvedValue(requestsPage2);
        $(element, '.next-page').click();
        await flushPromises();

        (retryOne as jest.Mock).mockResolvedValue({ requested: 1, requeued: 1, moreRemaining: false });
        (getRequests as jest.Mock)
            .mockResolvedValueOnce({ rows: [], hasMore: false, totalCount: 50 })
            .mockResolvedValueOnce({ ...requestsPage1, hasMore: false, nextCursor: undefined, totalCount: 50 });
        fire($(element, 'lightning-datatable'), 'rowaction', { action: { name: 'retry' }, row: requestsPage2.rows[0] });
        await flushPromises();

        expect(lastQuery()).toEqual({ ...DEFAULT_QUERY, includeCount: true });
        expect($(element, '.page-label').textContent).toBe('Page 1 · 50 rows');
        expect($(element, 'lightning-datatable').data).toHaveLength(requestsPage1.rows.length);
        expect($(element, '.empty-state')).toBeNull();
    });

    it('retries the selected rows in one call', async () => {
        const element = await mountLoaded();
        (retrySelected as jest.Mock).mockResolvedValue(retryResult);
        fire($(element, 'lightning-datatable'), 'rowselection', {
            selectedRows: [requestsPage1.rows[0], requestsPage1.rows[1]]
        });
        await flushPromises();
        const button = $(element, '.retry-selected');
        expect(button.label).toBe('Retry selected (2)');
        expect(button.disabled).toBe(false);

        button.click();
        await flushPromises();
        expect(retrySelected).toHaveBeenCalledTimes(1);
        expect(retrySelected).toHaveBeenCalledWith({ requestIds: ['a01000000000101AAA', 'a01000000000102AAA'] });
        expect($(element, '.retry-selected').label).toBe('Retry selected');
    });

    it('keeps the selection of other pages when paging', async () => {
        const element = await mountLoaded();
        fire($(element, 'lightning-datatable'), 'rowselection', { selectedRows: [requestsPage1.rows[0]] });
        (getRequests as jest.Mock).mockResolvedValue(requestsPage2);
        $(element, '.next-page').click();
        await flushPromises();
        fire($(element, 'lightning-datatable'), 'rowselection', { selectedRows: [requestsPage2.rows[0]] });
        (retrySelected as jest.Mock).mockResolvedValue(retryResult);
        await flushPromises();

        $(element, '.retry-selected').click();
        await flushPromises();
        expect(retrySelected).toHaveBeenCalledWith({ requestIds: ['a01000000000101AAA', 'a01000000000151AAA'] });
    });

    it('asks for confirmation before retrying all failed rows', async () => {
        const element = await mountLoaded();
        const open = jest.fn().mockResolvedValue(false);
        (LightningConfirm as any).open = open;
        $(element, '.retry-all').click();
        await flushPromises();
        expect(open).toHaveBeenCalledTimes(1);
        expect(open.mock.calls[0][0].message).toContain('42 failed sync request(s)');
        expect(retryAllFailed).not.toHaveBeenCalled();

        open.mockResolvedValue(true);
        (retryAllFailed as jest.Mock).mockResolvedValue(retryAllResult);
        const toast = jest.fn();
        element.addEventListener('lightning__showtoast', toast);
        $(element, '.retry-all').click();
        await flushPromises();
        expect(retryAllFailed).toHaveBeenCalledTimes(1);
        expect(toast.mock.calls[0][0].detail.message).toBe(
            '1990 request(s) queued again. 10 skipped (no longer failed or retry-scheduled). More failed requests remain: run "Retry all failed" again.'
        );
    });

    it('turns a refused retry into a readable error toast', async () => {
        const element = await mountLoaded();
        (retryOne as jest.Mock).mockRejectedValue({
            body: {
                message:
                    'You do not have permission to retry D365 syncs. Ask your admin for the D365 Sync User permission set.'
            }
        });
        const toast = jest.fn();
        element.addEventListener('lightning__showtoast', toast);
        fire($(element, 'lightning-datatable'), 'rowaction', { action: { name: 'retry' }, row: requestsPage1.rows[1] });
        await flushPromises();
        expect(toast.mock.calls[0][0].detail).toMatchObject({
            variant: 'error',
            message:
                'You do not have permission to retry D365 syncs. Ask your admin for the D365 Sync User permission set.'
        });
    });

    it('opens the detail of a row', async () => {
        (getRequestDetail as jest.Mock).mockResolvedValue({ request: requestsPage1.rows[0], attempts: [] });
        const element = await mountLoaded();
        fire($(element, 'lightning-datatable'), 'rowaction', {
            action: { name: 'details' },
            row: requestsPage1.rows[0]
        });
        await flushPromises();
        const detail = $(element, 'c-d365-sync-request-detail');
        expect(detail.requestId).toBe('a01000000000101AAA');
        expect(getRequestDetail).toHaveBeenCalledWith({ requestId: 'a01000000000101AAA' });

        fire(detail, 'close', null);
        await flushPromises();
        expect($(element, 'c-d365-sync-request-detail')).toBeNull();
    });

    it.each([
        [connectionReachable, 'Reachable — D365 answered HTTP 200 in 184 ms.'],
        [
            connectionKeyRejected,
            'Key rejected — D365 refused the subscription key in 95 ms. Check the D365_APIM External Credential.'
        ],
        [connectionUnreachable, 'Unreachable in 20003 ms. D365 could not be reached: Read timed out'],
        [connectionKeyNotVerified, connectionKeyNotVerified.message],
        [connectionNotConfigured, connectionNotConfigured.message]
    ])('tests the connection and shows the outcome (%#)', async (result, text) => {
        const element = await mountLoaded();
        (testConnection as jest.Mock).mockResolvedValue(result);
        $(element, '.test-connection').click();
        await flushPromises();
        expect(testConnection).toHaveBeenCalledTimes(1);
        expect($(element, '.connection-text').textContent).toBe(text);
    });

    it('hides every action from a user without the permissions', async () => {
        const element = await mountLoaded(summaryNoPermission);
        expect($(element, '.test-connection')).toBeNull();
        expect($(element, '.retry-selected')).toBeNull();
        expect($(element, '.retry-all')).toBeNull();
        const table = $(element, 'lightning-datatable');
        expect(table.hideCheckboxColumn).toBe(true);
        const actions = table.columns.find((c: any) => c.type === 'action').typeAttributes.rowActions;
        expect(actions.map((a: any) => a.name)).toEqual(['details']);
    });

    it('auto-refreshes every 30 seconds while the toggle is on', async () => {
        const element = await mountLoaded();
        jest.useFakeTimers();
        (getSummary as jest.Mock).mockClear();
        (getRequests as jest.Mock).mockClear();
        const toggle = $(element, '.auto-refresh');

        fire(toggle, 'change', { checked: true });
        jest.advanceTimersByTime(30000);
        expect(getSummary).toHaveBeenCalledTimes(1);
        expect(getRequests).toHaveBeenCalledTimes(1);

        fire(toggle, 'change', { checked: false });
        jest.advanceTimersByTime(90000);
        expect(getSummary).toHaveBeenCalledTimes(1);
    });

    it('stops auto-refresh when removed from the page', async () => {
        const element = await mountLoaded();
        jest.useFakeTimers();
        fire($(element, '.auto-refresh'), 'change', { checked: true });
        document.body.removeChild(element);
        (getSummary as jest.Mock).mockClear();
        jest.advanceTimersByTime(60000);
        expect(getSummary).not.toHaveBeenCalled();
    });

    it('is accessible with and without permissions, with data and empty', async () => {
        let element = await mountLoaded();
        (testConnection as jest.Mock).mockResolvedValue(connectionKeyRejected);
        $(element, '.test-connection').click();
        await flushPromises();
        expect(findA11yViolations(element)).toEqual([]);
        document.body.removeChild(element);

        element = await mountLoaded(summaryNoPermission, requestsEmpty);
        expect(findA11yViolations(element)).toEqual([]);
    });
});
