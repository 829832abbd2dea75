import { LightningElement, api, wire } from 'lwc';
import { refreshApex } from '@salesforce/apex';
import { notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getStatus from '@salesforce/apex/D365SyncStatusController.getStatus';
import retry from '@salesforce/apex/D365SyncStatusController.retry';
import previewPayload from '@salesforce/apex/D365SyncStatusController.previewPayload';
import { deriveDisplayState, describeSyncError, readableError, formatDuration } from 'c/d365SyncUtils';

interface WiredStatus {
    data?: D365Sync.StatusView;
    error?: unknown;
}

/**
 * Account record page: the D365 sync state of this Account, its last error in plain words, the
 * recent attempts, a Retry now button (only when it makes sense and the user may retry) and a
 * preview of the JSON that would be sent.
 */
export default class D365SyncStatus extends LightningElement {
    @api recordId?: string;

    view?: D365Sync.StatusView;
    loadError?: string;
    isLoading = true;
    isRetrying = false;
    actionError?: string;
    previewJson?: string;
    previewError?: string;
    isPreviewLoading = false;

    private wiredResult?: WiredStatus;

    @wire(getStatus, { accountId: '$recordId' })
    wiredStatus(result: WiredStatus) {
        this.wiredResult = result;
        if (result.data) {
            this.view = result.data;
            this.loadError = undefined;
            this.isLoading = false;
        } else if (result.error) {
            this.view = undefined;
            this.loadError = readableError(result.error);
            this.isLoading = false;
        }
    }

    get hasView(): boolean {
        return !!this.view;
    }

    get state(): D365Sync.DisplayState {
        return deriveDisplayState(this.view?.latestRequest?.status, this.view?.syncStatus, this.view?.approvalStatus);
    }

    get statusLabel(): string {
        const stuck = this.view?.latestRequest?.stuck ? ' (stuck)' : '';
        return this.state.label + stuck;
    }

    get badgeClass(): string {
        return 'status-badge ' + this.state.badgeClass;
    }

    get lastErrorText(): string {
        const request = this.view?.latestRequest;
        const inProblem = this.state.key === 'failed' || this.state.key === 'retryScheduled';
        if (request && inProblem) {
            return (
                describeSyncError(request.errorCategory, request.lastHttpStatus, request.lastError) ||
                this.view?.lastError ||
                ''
            );
        }
        if (request?.stuck) {
            return 'The last send stopped before it finished. Retry to send it again.';
        }
        return inProblem ? (this.view?.lastError ?? '') : '';
    }

    get hasLastError(): boolean {
        return !!this.lastErrorText;
    }

    get nextAttemptAt(): string | undefined {
        return this.state.key === 'retryScheduled' ? this.view?.latestRequest?.nextAttemptAt : undefined;
    }

    get syncPaused(): boolean {
        return !!this.view && this.view.syncEnabled === false;
    }

    get showRetry(): boolean {
        return !!this.view?.canRetry && !!this.view?.retryable && !!this.view?.latestRequest;
    }

    get attempts(): (D365Sync.AttemptView & { duration: string; httpLabel: string })[] {
        return (this.view?.attempts ?? []).map((attempt) => ({
            ...attempt,
            duration: formatDuration(attempt.durationMs),
            httpLabel: attempt.httpStatus ? String(attempt.httpStatus) : 'No response'
        }));
    }

    get hasAttempts(): boolean {
        return this.attempts.length > 0;
    }

    get previewButtonLabel(): string {
        return this.previewJson ? 'Hide payload' : 'Preview payload';
    }

    async handleRetry(): Promise<void> {
        const requestId = this.view?.latestRequest?.id;
        if (!requestId || this.isRetrying) {
            return;
        }
        this.isRetrying = true;
        this.actionError = undefined;
        try {
            await retry({ requestId });
            this.dispatchEvent(
                new ShowToastEvent({
                    title: 'Retry queued',
                    message: 'The Account will be sent to D365 again in a moment.',
                    variant: 'success'
                })
            );
            await this.refresh();
        } catch (error) {
            this.actionError = readableError(error);
            this.dispatchEvent(
                new ShowToastEvent({ title: 'Retry failed', message: this.actionError, variant: 'error' })
            );
        } finally {
            this.isRetrying = false;
        }
    }

    async handleRefresh(): Promise<void> {
        try {
            await this.refresh();
        } catch (error) {
            this.actionError = readableError(error);
        }
    }

    async handlePreview(): Promise<void> {
        if (this.previewJson) {
            this.previewJson = undefined;
            return;
        }
        this.isPreviewLoading = true;
        this.previewError = undefined;
        try {
            this.previewJson = await previewPayload({ accountId: this.recordId });
        } catch (error) {
            this.previewError = readableError(error);
        } finally {
            this.isPreviewLoading = false;
        }
    }

    /** Refreshes this component (refreshApex) and the rest of the record page (LDS). */
    private async refresh(): Promise<void> {
        if (this.wiredResult) {
            await refreshApex(this.wiredResult);
        }
        if (this.recordId) {
            await notifyRecordUpdateAvailable([{ recordId: this.recordId }]);
        }
    }
}
