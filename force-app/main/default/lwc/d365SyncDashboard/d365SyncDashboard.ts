import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getSummary from '@salesforce/apex/D365SyncAdminController.getSummary';
import getRequests from '@salesforce/apex/D365SyncAdminController.getRequests';
import retryOne from '@salesforce/apex/D365SyncAdminController.retryOne';
import retrySelected from '@salesforce/apex/D365SyncAdminController.retrySelected';
import retryAllFailed from '@salesforce/apex/D365SyncAdminController.retryAllFailed';
import testConnection from '@salesforce/apex/D365SyncAdminController.testConnection';
import { confirmAction, describeSyncError, readableError, deriveDisplayState } from 'c/d365SyncUtils';

export const PAGE_SIZE = 50;
export const AUTO_REFRESH_MS = 30000;
export const MAX_SELECTED = 2000;
const SEARCH_DELAY_MS = 400;

/** datatable column fieldName → the controller's sort key */
const SORT_KEYS: Record<string, string> = { name: 'name', accountUrl: 'accountName', lastChange: 'lastChange' };

const TILES: { key: string; label: string; icon: string; statuses: string[] }[] = [
    { key: 'Queued', label: 'Queued', icon: 'utility:send', statuses: ['Queued'] },
    { key: 'Processing', label: 'Processing', icon: 'utility:sync', statuses: ['Processing'] },
    { key: 'Retry Scheduled', label: 'Retry scheduled', icon: 'utility:refresh', statuses: ['Retry Scheduled'] },
    { key: 'Failed', label: 'Failed', icon: 'utility:error', statuses: ['Failed'] },
    { key: 'Stuck', label: 'Stuck processing', icon: 'utility:warning', statuses: [] },
    { key: 'Succeeded', label: 'Succeeded', icon: 'utility:success', statuses: ['Succeeded'] }
];

/**
 * Admin dashboard: counts per state, the rows needing attention (server-side filters, sort and
 * keyset pagination), retries, attempt details, connection test, kill switch and auto-refresh.
 */
export default class D365SyncDashboard extends LightningElement {
    summary?: D365Sync.Summary;
    summaryError?: string;
    rows: (D365Sync.RequestRow & Record<string, unknown>)[] = [];
    tableError?: string;
    isLoadingSummary = true;
    isLoadingRows = true;
    isWorking = false;

    // filters and sort
    stateFilter = 'Attention';
    fromDate: string | null = null;
    toDate: string | null = null;
    accountSearch = '';
    sortedBy = 'lastChange';
    sortedDirection: 'asc' | 'desc' = 'desc';

    // keyset pagination: cursors[i] is the cursor that loads page i (null for the first page)
    cursors: (string | null)[] = [null];
    nextCursor: string | null = null;
    hasMore = false;
    totalCount?: number;

    selectedIds: string[] = [];
    detailRequestId?: string;
    connection?: D365Sync.ConnectionResult;
    isTestingConnection = false;
    autoRefresh = false;

    private refreshTimer?: ReturnType<typeof setInterval>;
    private searchTimer?: ReturnType<typeof setTimeout>;

    override connectedCallback(): void {
        this.loadSummary();
        this.loadRows();
    }

    override disconnectedCallback(): void {
        this.stopAutoRefresh();
        if (this.searchTimer) {
            clearTimeout(this.searchTimer);
        }
    }

    // ------------------------------------------------------------------ data

    async loadSummary(): Promise<void> {
        try {
            this.summary = await getSummary();
            this.summaryError = undefined;
        } catch (error) {
            this.summaryError = readableError(error);
        } finally {
            this.isLoadingSummary = false;
        }
    }

    get query(): D365Sync.RequestQuery {
        return {
            state: this.stateFilter,
            fromDate: this.fromDate || null,
            toDate: this.toDate || null,
            accountName: this.accountSearch.trim() || null,
            sortBy: SORT_KEYS[this.sortedBy] ?? 'lastChange',
            sortDirection: this.sortedDirection,
            cursor: this.cursors[this.cursors.length - 1],
            pageSize: PAGE_SIZE,
            includeCount: false
        };
    }

    /**
     * Loads the current page. `recount` (refresh, after a retry) asks the server for the filter's total even on a
     * later page, because retried rows leave the filter; a page that no longer exists is clamped to the last one.
     */
    async loadRows(recount = false): Promise<void> {
        this.isLoadingRows = true;
        try {
            const page: D365Sync.RequestPage = await getRequests({ query: { ...this.query, includeCount: recount } });
            if (page.totalCount !== undefined && page.totalCount !== null) {
                this.totalCount = page.totalCount;
            }
            const lastPage = this.lastExistingPage(page);
            if (lastPage < this.pageNumber) {
                this.cursors = this.cursors.slice(0, lastPage);
                await this.loadRows(true);
                return;
            }
            this.rows = page.rows.map((row) => this.decorate(row));
            this.hasMore = page.hasMore;
            this.nextCursor = page.nextCursor ?? null;
            this.tableError = undefined;
        } catch (error) {
            this.tableError = readableError(error);
            this.rows = [];
        } finally {
            this.isLoadingRows = false;
        }
    }

    /**
     * The last page that still exists: an empty later page does not, nor a page past the total counted with this
     * answer (a total from an earlier page may be older than the rows, so it never clamps).
     */
    private lastExistingPage(page: D365Sync.RequestPage): number {
        let last = this.pageNumber;
        if (page.totalCount !== undefined && page.totalCount !== null) {
            last = Math.min(last, Math.max(1, Math.ceil(page.totalCount / PAGE_SIZE)));
        }
        if (page.rows.length === 0) {
            last = Math.min(last, this.pageNumber - 1);
        }
        return Math.max(1, last);
    }

    private decorate(row: D365Sync.RequestRow): D365Sync.RequestRow & Record<string, unknown> {
        const state = deriveDisplayState(row.status, null, null);
        return {
            ...row,
            accountUrl: `/lightning/r/Account/${row.accountId}/view`,
            statusLabel: row.stuck ? 'Stuck processing' : state.label,
            problem: row.stuck
                ? 'Stopped while sending; retry to send it again.'
                : describeSyncError(row.errorCategory, row.lastHttpStatus, row.lastError)
        };
    }

    /** Reloads the tiles and the current page (auto-refresh, Refresh button, after a retry). */
    async refresh(): Promise<void> {
        await Promise.all([this.loadSummary(), this.loadRows(true)]);
    }

    private restartPaging(): void {
        this.cursors = [null];
        this.totalCount = undefined;
        this.selectedIds = [];
        this.loadRows();
    }

    // ------------------------------------------------------------------ getters for the template

    get tiles() {
        const counts = this.summary?.counts ?? {};
        return TILES.map((tile) => {
            const count =
                tile.key === 'Stuck'
                    ? (this.summary?.stuck ?? 0)
                    : tile.statuses.reduce((sum, s) => sum + (counts[s] ?? 0), 0);
            const alarming = (tile.key === 'Failed' || tile.key === 'Stuck') && count > 0;
            return {
                ...tile,
                count,
                iconAlternativeText: tile.label,
                iconVariant: alarming ? 'error' : '',
                countClass: 'slds-text-heading_large tile-count' + (alarming ? ' slds-text-color_error' : '')
            };
        });
    }

    get killSwitchLabel(): string {
        return this.summary?.syncEnabled === false ? 'Sending is paused (kill switch is on)' : 'Sending is on';
    }

    get killSwitchClass(): string {
        return 'kill-switch ' + (this.summary?.syncEnabled === false ? 'slds-theme_error' : 'slds-theme_success');
    }

    get killSwitchIcon(): string {
        return this.summary?.syncEnabled === false ? 'utility:pause' : 'utility:play';
    }

    get canRetry(): boolean {
        return !!this.summary?.canRetry;
    }

    get canAdminister(): boolean {
        return !!this.summary?.canAdminister;
    }

    get hideCheckboxColumn(): boolean {
        return !this.canAdminister;
    }

    get columns() {
        const rowActions = [{ label: 'View details', name: 'details' }];
        if (this.canRetry) {
            rowActions.push({ label: 'Retry', name: 'retry' });
        }
        return [
            { label: 'Request', fieldName: 'name', sortable: true, initialWidth: 140 },
            {
                label: 'Account',
                fieldName: 'accountUrl',
                type: 'url',
                sortable: true,
                typeAttributes: { label: { fieldName: 'accountName' }, target: '_self' }
            },
            { label: 'Status', fieldName: 'statusLabel', initialWidth: 150 },
            { label: 'Attempts', fieldName: 'attempts', type: 'number', initialWidth: 100 },
            { label: 'HTTP', fieldName: 'lastHttpStatus', type: 'number', initialWidth: 80 },
            { label: 'Problem', fieldName: 'problem', wrapText: true },
            {
                label: 'Last change',
                fieldName: 'lastChange',
                type: 'date',
                sortable: true,
                typeAttributes: { year: 'numeric', month: 'short', day: '2-digit', hour: '2-digit', minute: '2-digit' }
            },
            { type: 'action', typeAttributes: { rowActions } }
        ];
    }

    get stateOptions() {
        return [
            { label: 'Needs attention (all)', value: 'Attention' },
            { label: 'Failed', value: 'Failed' },
            { label: 'Retry scheduled', value: 'Retry Scheduled' },
            { label: 'Stuck processing', value: 'Stuck' }
        ];
    }

    get isEmpty(): boolean {
        return !this.isLoadingRows && !this.tableError && this.rows.length === 0;
    }

    get hasRows(): boolean {
        return this.rows.length > 0;
    }

    get pageNumber(): number {
        return this.cursors.length;
    }

    get pageLabel(): string {
        const total = this.totalCount !== undefined ? ` · ${this.totalCount} rows` : '';
        return `Page ${this.pageNumber}${total}`;
    }

    get isFirstPage(): boolean {
        return this.cursors.length <= 1 || this.isLoadingRows;
    }

    get isLastPage(): boolean {
        return !this.hasMore || this.isLoadingRows;
    }

    get retrySelectedDisabled(): boolean {
        return this.selectedIds.length === 0 || this.isWorking;
    }

    get retrySelectedLabel(): string {
        return this.selectedIds.length ? `Retry selected (${this.selectedIds.length})` : 'Retry selected';
    }

    get connectionText(): string {
        const c = this.connection;
        if (!c) {
            return '';
        }
        const latency = c.latencyMs !== undefined && c.latencyMs !== null ? ` in ${c.latencyMs} ms` : '';
        switch (c.outcome) {
            case 'reachable':
                return `Reachable — D365 answered${c.httpStatus ? ` HTTP ${c.httpStatus}` : ''}${latency}.`;
            case 'keyRejected':
                return `Key rejected — D365 refused the subscription key${latency}. Check the D365_APIM External Credential.`;
            case 'keyNotVerified':
            case 'notConfigured':
                return c.message ?? '';
            default:
                return `Unreachable${latency}. ${c.message ?? ''}`.trim();
        }
    }

    get connectionIcon(): string {
        return this.connection?.outcome === 'reachable' ? 'utility:success' : 'utility:error';
    }

    get connectionIconVariant(): string {
        return this.connection?.outcome === 'reachable' ? 'success' : 'error';
    }

    get connectionAlternativeText(): string {
        return this.connection?.outcome === 'reachable' ? 'Connection works' : 'Connection problem';
    }

    // ------------------------------------------------------------------ handlers

    handleStateChange(event: CustomEvent<{ value: string }>): void {
        this.stateFilter = event.detail.value;
        this.restartPaging();
    }

    handleFromDateChange(event: CustomEvent<{ value: string }>): void {
        this.fromDate = event.detail.value || null;
        this.restartPaging();
    }

    handleToDateChange(event: CustomEvent<{ value: string }>): void {
        this.toDate = event.detail.value || null;
        this.restartPaging();
    }

    handleSearchChange(event: CustomEvent<{ value: string }>): void {
        this.accountSearch = event.detail.value ?? '';
        if (this.searchTimer) {
            clearTimeout(this.searchTimer);
        }
        // Debounce typing: one server call after the user pauses.
        // eslint-disable-next-line @lwc/lwc/no-async-operation
        this.searchTimer = setTimeout(() => this.restartPaging(), SEARCH_DELAY_MS);
    }

    handleSort(event: CustomEvent<{ fieldName: string; sortDirection: 'asc' | 'desc' }>): void {
        this.sortedBy = event.detail.fieldName;
        this.sortedDirection = event.detail.sortDirection;
        this.restartPaging();
    }

    handleNext(): void {
        if (!this.hasMore || !this.nextCursor) {
            return;
        }
        this.cursors = [...this.cursors, this.nextCursor];
        this.loadRows();
    }

    handlePrevious(): void {
        if (this.cursors.length <= 1) {
            return;
        }
        this.cursors = this.cursors.slice(0, -1);
        this.loadRows();
    }

    /** Selection is kept across pages: the rows of this page are replaced by what is ticked now. */
    handleRowSelection(event: CustomEvent<{ selectedRows: D365Sync.RequestRow[] }>): void {
        const onPage = new Set(this.rows.map((row) => row.id));
        const kept = this.selectedIds.filter((id) => !onPage.has(id));
        this.selectedIds = [...kept, ...event.detail.selectedRows.map((row) => row.id)];
    }

    get selectedOnPage(): string[] {
        const onPage = new Set(this.rows.map((row) => row.id));
        return this.selectedIds.filter((id) => onPage.has(id));
    }

    async handleRowAction(event: CustomEvent<{ action: { name: string }; row: D365Sync.RequestRow }>): Promise<void> {
        const { action, row } = event.detail;
        if (action.name === 'details') {
            this.detailRequestId = row.id;
        } else if (action.name === 'retry') {
            await this.runRetry(() => retryOne({ requestId: row.id }));
        }
    }

    handleCloseDetail(): void {
        this.detailRequestId = undefined;
    }

    async handleRetrySelected(): Promise<void> {
        const ids = [...this.selectedIds];
        if (!ids.length) {
            return;
        }
        if (ids.length > MAX_SELECTED) {
            this.toast('Too many rows', `Select at most ${MAX_SELECTED} rows, or use "Retry all failed".`, 'warning');
            return;
        }
        await this.runRetry(() => retrySelected({ requestIds: ids }));
    }

    async handleRetryAllFailed(): Promise<void> {
        const failed = this.summary?.counts?.Failed ?? 0;
        const confirmed = await confirmAction({
            label: 'Retry all failed syncs?',
            message: `This puts ${failed} failed sync request(s) back in the queue. They are sent again within minutes.`,
            theme: 'warning'
        });
        if (!confirmed) {
            return;
        }
        await this.runRetry(() => retryAllFailed());
    }

    private async runRetry(call: () => Promise<D365Sync.RetryResult>): Promise<void> {
        this.isWorking = true;
        try {
            const result = await call();
            const skipped = result.requested - result.requeued;
            let message = `${result.requeued} request(s) queued again.`;
            if (skipped > 0) {
                message += ` ${skipped} skipped (no longer failed or retry-scheduled).`;
            }
            if (result.moreRemaining) {
                message += ' More failed requests remain: run "Retry all failed" again.';
            }
            this.toast('Retry', message, 'success');
            this.selectedIds = [];
            await this.refresh();
        } catch (error) {
            this.toast('Retry failed', readableError(error), 'error');
        } finally {
            this.isWorking = false;
        }
    }

    async handleTestConnection(): Promise<void> {
        this.isTestingConnection = true;
        this.connection = undefined;
        try {
            this.connection = await testConnection();
        } catch (error) {
            this.connection = { outcome: 'unreachable', message: readableError(error) };
        } finally {
            this.isTestingConnection = false;
        }
    }

    handleRefresh(): void {
        this.refresh();
    }

    handleAutoRefreshToggle(event: CustomEvent<{ checked: boolean }>): void {
        this.autoRefresh = !!event.detail.checked;
        if (this.autoRefresh) {
            this.stopAutoRefresh();
            // eslint-disable-next-line @lwc/lwc/no-async-operation
            this.refreshTimer = setInterval(() => this.refresh(), AUTO_REFRESH_MS);
        } else {
            this.stopAutoRefresh();
        }
    }

    private stopAutoRefresh(): void {
        if (this.refreshTimer) {
            clearInterval(this.refreshTimer);
            this.refreshTimer = undefined;
        }
    }

    private toast(title: string, message: string, variant: 'success' | 'error' | 'warning' | 'info'): void {
        this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
    }
}
