import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getOpsStatus from '@salesforce/apex/D365SyncOpsController.getOpsStatus';
import schedulePurgeJob from '@salesforce/apex/D365SyncOpsController.schedulePurgeJob';
import { confirmAction, readableError } from 'c/d365SyncUtils';

/**
 * Alerts and retention on the admin dashboard. The hourly "D365 Sync Purge" job is what reports a missing retry
 * job and keeps the outbox bounded, so its absence is a warning with a button that schedules it.
 */
export default class D365SyncOpsPanel extends LightningElement {
    status?: D365Sync.OpsStatus;
    error?: string;
    isLoading = true;
    isScheduling = false;

    override connectedCallback(): void {
        this.load();
    }

    async load(): Promise<void> {
        this.isLoading = true;
        try {
            this.status = await getOpsStatus();
            this.error = undefined;
        } catch (e) {
            this.error = readableError(e);
        } finally {
            this.isLoading = false;
        }
    }

    get hasAlerts(): boolean {
        return !!this.status && this.status.recentAlerts.length > 0;
    }

    get alerts(): (D365Sync.AlertRow & { delivery: string })[] {
        return (this.status?.recentAlerts ?? []).map((a) => ({ ...a, delivery: delivery(a) }));
    }

    get retentionText(): string {
        const s = this.status;
        if (!s) {
            return '';
        }
        return (
            `Succeeded requests are deleted after ${s.succeededDays} days, attempts of succeeded requests after ` +
            `${s.attemptDays} days; failed and open requests are kept. At most one alert per condition every ` +
            `${s.alertIntervalMinutes} minutes${s.emailDigest ? ', also by email' : ''}.`
        );
    }

    get scheduleLabel(): string {
        return this.status?.purgeScheduled ? 'Reschedule as me' : 'Schedule alerts and purge';
    }

    async handleSchedule(): Promise<void> {
        if (this.status?.purgeScheduled) {
            const confirmed = await confirmAction({
                label: 'Reschedule the alerts and purge job?',
                message: 'The job is scheduled again every hour and runs as you from now on.',
                theme: 'warning'
            });
            if (!confirmed) {
                return;
            }
        }
        this.isScheduling = true;
        try {
            this.status = await schedulePurgeJob();
            this.error = undefined;
            this.toast('Alerts and purge scheduled', 'It runs every hour.', 'success');
        } catch (e) {
            this.toast('The alerts and purge job could not be scheduled', readableError(e), 'error');
        } finally {
            this.isScheduling = false;
        }
    }

    private toast(title: string, message: string, variant: 'success' | 'error'): void {
        this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
    }
}

/** Who was told, in words. */
export function delivery(alert: D365Sync.AlertRow): string {
    if (alert.deliveryError) {
        return alert.deliveryError;
    }
    const people = alert.notifiedUsers === 1 ? '1 admin notified' : `${alert.notifiedUsers} admins notified`;
    return alert.emailed ? `${people}, emailed` : people;
}
