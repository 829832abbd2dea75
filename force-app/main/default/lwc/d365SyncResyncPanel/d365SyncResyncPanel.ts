import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getOverview from '@salesforce/apex/D365SyncResyncController.getOverview';
import previewCount from '@salesforce/apex/D365SyncResyncController.previewCount';
import startResync from '@salesforce/apex/D365SyncResyncController.startResync';
import getProgress from '@salesforce/apex/D365SyncResyncController.getProgress';
import stopResync from '@salesforce/apex/D365SyncResyncController.stopResync';
import resumeResync from '@salesforce/apex/D365SyncResyncController.resumeResync';
import { confirmAction, readableError } from 'c/d365SyncUtils';

/** How often the progress is read while a run is active. */
export const POLL_INTERVAL_MS = 5000;

const SET_HELP: Record<D365Sync.ResyncSet, string> = {
    Approved: 'Every approved Account (initial load).',
    'Never Synced': 'Approved Accounts that were never delivered to D365 (no D365 Last Synced).',
    Failed: 'Approved Accounts whose D365 Sync Status is Failed.',
    'Changed Since': 'Approved Accounts changed (Last Modified Date) on or after a date.',
    'Account Ids':
        'Approved Accounts from a pasted list of Account Ids (e.g. the Account ID column of a report or list view export).'
};

/** Seconds as "1 h 5 min", "4 min", "40 s". */
export function formatEta(seconds: number | null | undefined): string {
    if (seconds === null || seconds === undefined) {
        return '';
    }
    if (seconds < 60) {
        return `${Math.max(1, Math.round(seconds))} s`;
    }
    const minutes = Math.round(seconds / 60);
    if (minutes < 60) {
        return `${minutes} min`;
    }
    const hours = Math.floor(minutes / 60);
    const rest = minutes % 60;
    return rest ? `${hours} h ${rest} min` : `${hours} h`;
}

/**
 * Resync / initial load on the admin dashboard. The server (D365SyncResyncController → D365SyncResync) owns the
 * rules and the permission check; this component chooses the set, previews, starts, polls the progress while the
 * run is active, and stops or resumes it.
 */
export default class D365SyncResyncPanel extends LightningElement {
    overview?: D365Sync.ResyncOverview;
    run?: D365Sync.ResyncProgress;
    preview?: D365Sync.ResyncPreview;
    error?: string;
    isLoading = true;
    isBusy = false;
    selection: D365Sync.ResyncSet = 'Never Synced';
    changedSince?: string;
    accountIds = '';
    private pollTimer?: ReturnType<typeof setInterval>;

    override connectedCallback(): void {
        this.load();
    }

    override disconnectedCallback(): void {
        this.stopPolling();
    }

    async load(): Promise<void> {
        this.isLoading = true;
        try {
            const overview: D365Sync.ResyncOverview = await getOverview();
            this.overview = overview;
            this.error = undefined;
            this.showRun(overview.latest);
        } catch (e) {
            this.error = readableError(e);
        } finally {
            this.isLoading = false;
        }
    }

    // ------------------------------------------------------------------ form

    get setOptions(): { label: string; value: string }[] {
        return (this.overview?.sets ?? []).map((value) => ({ label: value, value }));
    }

    get setHelp(): string {
        return SET_HELP[this.selection] ?? '';
    }

    get isChangedSince(): boolean {
        return this.selection === 'Changed Since';
    }

    get isAccountIds(): boolean {
        return this.selection === 'Account Ids';
    }

    get accountIdsHelp(): string {
        return `Paste up to ${this.overview?.maxAccountIds ?? 5000} Account Ids; other text (headers, names) is ignored.`;
    }

    get sendingPaused(): boolean {
        return !!this.overview && !this.overview.syncEnabled;
    }

    get cannotStart(): boolean {
        return this.isBusy || this.sendingPaused || !!this.run?.running;
    }

    get previewText(): string {
        if (!this.preview) {
            return '';
        }
        const count = this.preview.count.toLocaleString();
        const found =
            this.preview.idsFound === undefined || this.preview.idsFound === null
                ? ''
                : ` (${this.preview.idsFound} Account Id(s) found in the text)`;
        return `${count} approved Account(s) will be sent${found}.`;
    }

    handleSetChange(event: CustomEvent<{ value: D365Sync.ResyncSet }>): void {
        this.selection = event.detail.value;
        this.preview = undefined;
    }

    handleDateChange(event: CustomEvent<{ value: string }>): void {
        this.changedSince = event.detail.value;
        this.preview = undefined;
    }

    handleIdsChange(event: CustomEvent<{ value: string }>): void {
        this.accountIds = event.detail.value;
        this.preview = undefined;
    }

    private params(): Record<string, unknown> {
        return {
            selection: this.selection,
            changedSince: this.isChangedSince ? (this.changedSince ?? null) : null,
            accountIds: this.isAccountIds ? this.accountIds : null
        };
    }

    async handlePreview(): Promise<void> {
        this.isBusy = true;
        try {
            this.preview = await previewCount(this.params());
        } catch (e) {
            this.preview = undefined;
            this.toast('Cannot count this selection', readableError(e), 'error');
        } finally {
            this.isBusy = false;
        }
    }

    async handleStart(): Promise<void> {
        this.isBusy = true;
        try {
            const preview: D365Sync.ResyncPreview = await previewCount(this.params());
            this.preview = preview;
            const confirmed = await confirmAction({
                label: 'Start the resync?',
                message:
                    `${preview.count} approved Account(s) (${this.selection}) are sent to ` +
                    'D365 again. Accounts already waiting in the outbox are skipped, not sent twice.',
                theme: 'warning'
            });
            if (!confirmed) {
                return;
            }
            this.showRun(await startResync(this.params()));
            this.toast('Resync started', `${this.run?.name ?? ''} runs in the background.`, 'success');
        } catch (e) {
            this.toast('The resync could not be started', readableError(e), 'error');
        } finally {
            this.isBusy = false;
        }
    }

    // ------------------------------------------------------------------ progress

    get hasRun(): boolean {
        return !!this.run;
    }

    get statusClass(): string {
        const s = this.run?.status;
        const theme =
            s === 'Completed' && !this.run?.errors
                ? 'slds-theme_success'
                : s === 'Failed' || (s === 'Completed' && this.run?.errors)
                  ? 'slds-theme_error'
                  : s === 'Paused' || s === 'Stopped' || s === 'Stop Requested'
                    ? 'slds-theme_warning'
                    : 'slds-theme_info';
        return `slds-badge ${theme} run-status`;
    }

    get totalText(): string {
        if (!this.run) {
            return '';
        }
        return this.run.total.toLocaleString();
    }

    get selectionText(): string {
        const r = this.run;
        if (!r) {
            return '';
        }
        if (r.selection === 'Account Ids') {
            return `Account Ids (${r.accountIdCount})`;
        }
        if (r.selection === 'Changed Since' && r.changedSince) {
            return `Changed since ${new Date(r.changedSince).toLocaleDateString()}`;
        }
        return r.selection;
    }

    get rateText(): string {
        const rate = this.run?.ratePerMinute;
        return rate === undefined || rate === null ? '—' : `${rate} / min`;
    }

    get etaText(): string {
        return formatEta(this.run?.etaSeconds) || '—';
    }

    get hasErrors(): boolean {
        return !!this.run && (this.run.errors > 0 || this.run.failedChunks > 0 || !!this.run.lastError);
    }

    get cannotResume(): boolean {
        return this.isBusy || this.sendingPaused;
    }

    async handleStop(): Promise<void> {
        if (!this.run) {
            return;
        }
        const confirmed = await confirmAction({
            label: 'Stop the resync?',
            message:
                'The Accounts not yet processed are skipped. Accounts already queued are still sent. You can resume later from where it stopped.',
            theme: 'warning'
        });
        if (!confirmed) {
            return;
        }
        this.isBusy = true;
        try {
            this.showRun(await stopResync({ runId: this.run.id }));
        } catch (e) {
            this.toast('The resync could not be stopped', readableError(e), 'error');
        } finally {
            this.isBusy = false;
        }
    }

    async handleResume(): Promise<void> {
        if (!this.run) {
            return;
        }
        this.isBusy = true;
        try {
            this.showRun(await resumeResync({ runId: this.run.id }));
            this.toast('Resync resumed', `${this.run?.name ?? ''} continues where it stopped.`, 'success');
        } catch (e) {
            this.toast('The resync could not be resumed', readableError(e), 'error');
        } finally {
            this.isBusy = false;
        }
    }

    async poll(): Promise<void> {
        if (!this.run) {
            this.stopPolling();
            return;
        }
        try {
            this.showRun(await getProgress({ runId: this.run.id }));
        } catch (e) {
            // keep the last known progress; say why it is not moving
            this.stopPolling();
            this.toast('The resync progress cannot be read', readableError(e), 'error');
        }
    }

    private showRun(run: D365Sync.ResyncProgress | undefined): void {
        this.run = run;
        if (run?.running) {
            this.startPolling();
        } else {
            this.stopPolling();
        }
    }

    private startPolling(): void {
        if (this.pollTimer === undefined) {
            // eslint-disable-next-line @lwc/lwc/no-async-operation -- progress polling, cleared when the run ends or the component is removed
            this.pollTimer = setInterval(() => this.poll(), POLL_INTERVAL_MS);
        }
    }

    private stopPolling(): void {
        if (this.pollTimer !== undefined) {
            clearInterval(this.pollTimer);
            this.pollTimer = undefined;
        }
    }

    private toast(title: string, message: string, variant: 'success' | 'error'): void {
        this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
    }
}
