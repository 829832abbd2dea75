import { LightningElement } from 'lwc';
import { ShowToastEvent } from 'lightning/platformShowToastEvent';
import getRetryJobHealth from '@salesforce/apex/D365SyncAdminController.getRetryJobHealth';
import scheduleRetryJob from '@salesforce/apex/D365SyncAdminController.scheduleRetryJob';
import { confirmAction, readableError } from 'c/d365SyncUtils';

/** The interval the panel schedules; the Apex default and scripts/apex/schedule-retry-job.apex use it too. */
export const RETRY_INTERVAL_MINUTES = 15;

/**
 * Retry job health on the admin dashboard: the job is the only thing that sends retries and rescues stuck
 * rows, so a missing or broken schedule is shown as a warning with a button that fixes it.
 */
export default class D365SyncRetryJobPanel extends LightningElement {
    health?: D365Sync.RetryJobHealth;
    error?: string;
    isLoading = true;
    isScheduling = false;

    override connectedCallback(): void {
        this.load();
    }

    async load(): Promise<void> {
        this.isLoading = true;
        try {
            this.health = await getRetryJobHealth();
            this.error = undefined;
        } catch (e) {
            this.error = readableError(e);
        } finally {
            this.isLoading = false;
        }
    }

    get hasProblems(): boolean {
        return !!this.health && this.health.problems.length > 0;
    }

    get runningUsersText(): string {
        return this.health?.runningUsers.join(', ') ?? '';
    }

    get scheduleLabel(): string {
        return this.health?.scheduled ? 'Reschedule as me' : 'Schedule retry job';
    }

    async handleSchedule(): Promise<void> {
        if (this.health?.scheduled) {
            const confirmed = await confirmAction({
                label: 'Reschedule the retry job?',
                message:
                    `The retry job is scheduled again every ${RETRY_INTERVAL_MINUTES} minutes and runs as you from ` +
                    'now on: the callouts of its retries are made as your user.',
                theme: 'warning'
            });
            if (!confirmed) {
                return;
            }
        }
        this.isScheduling = true;
        try {
            this.health = await scheduleRetryJob({ minutes: RETRY_INTERVAL_MINUTES });
            this.error = undefined;
            this.toast('Retry job scheduled', `It runs every ${RETRY_INTERVAL_MINUTES} minutes.`, 'success');
        } catch (e) {
            this.toast('The retry job could not be scheduled', readableError(e), 'error');
        } finally {
            this.isScheduling = false;
        }
    }

    private toast(title: string, message: string, variant: 'success' | 'error'): void {
        this.dispatchEvent(new ShowToastEvent({ title, message, variant }));
    }
}
