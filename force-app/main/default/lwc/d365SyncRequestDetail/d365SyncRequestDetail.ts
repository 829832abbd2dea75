import { LightningElement, api } from 'lwc';
import getRequestDetail from '@salesforce/apex/D365SyncAdminController.getRequestDetail';
import getAttemptDetail from '@salesforce/apex/D365SyncAdminController.getAttemptDetail';
import { describeSyncError, formatDuration, prettyJson, readableError } from 'c/d365SyncUtils';

/**
 * Detail of one sync request on the dashboard: its attempts, and for the chosen attempt the HTTP
 * status, timings and the request / response bodies (redacted by the server).
 */
export default class D365SyncRequestDetail extends LightningElement {
    private _requestId?: string;

    detail?: D365Sync.RequestDetail;
    attempt?: D365Sync.AttemptDetail;
    error?: string;
    attemptError?: string;
    isLoading = false;
    isLoadingAttempt = false;

    @api
    get requestId(): string | undefined {
        return this._requestId;
    }
    set requestId(value: string | undefined) {
        this._requestId = value;
        this.load();
    }

    async load(): Promise<void> {
        if (!this._requestId) {
            return;
        }
        this.isLoading = true;
        this.error = undefined;
        this.attempt = undefined;
        try {
            this.detail = await getRequestDetail({ requestId: this._requestId });
            const latest = this.detail?.attempts?.[0];
            if (latest) {
                await this.loadAttempt(latest.id);
            }
        } catch (error) {
            this.detail = undefined;
            this.error = readableError(error);
        } finally {
            this.isLoading = false;
        }
    }

    async loadAttempt(attemptId: string): Promise<void> {
        this.isLoadingAttempt = true;
        this.attemptError = undefined;
        try {
            this.attempt = await getAttemptDetail({ attemptId });
        } catch (error) {
            this.attempt = undefined;
            this.attemptError = readableError(error);
        } finally {
            this.isLoadingAttempt = false;
        }
    }

    get heading(): string {
        return this.detail ? `${this.detail.request.name} · ${this.detail.request.accountName}` : 'Sync request';
    }

    get problem(): string {
        const r = this.detail?.request;
        return r ? describeSyncError(r.errorCategory, r.lastHttpStatus, r.lastError) : '';
    }

    get attemptOptions() {
        return (this.detail?.attempts ?? []).map((a) => ({
            ...a,
            label: `${a.name} · ${a.httpStatus ?? 'no response'} · ${a.outcome ?? ''}`,
            variant: this.attempt?.id === a.id ? 'brand' : 'neutral'
        }));
    }

    get hasAttempts(): boolean {
        return (this.detail?.attempts?.length ?? 0) > 0;
    }

    get attemptDuration(): string {
        return formatDuration(this.attempt?.durationMs);
    }

    get requestBody(): string {
        return prettyJson(this.attempt?.requestBody) || '(empty)';
    }

    get responseBody(): string {
        return prettyJson(this.attempt?.responseBody) || '(empty)';
    }

    handleAttemptClick(event: Event): void {
        const id = (event.currentTarget as HTMLElement).dataset.id;
        if (id) {
            this.loadAttempt(id);
        }
    }

    handleClose(): void {
        this.dispatchEvent(new CustomEvent('close'));
    }
}
