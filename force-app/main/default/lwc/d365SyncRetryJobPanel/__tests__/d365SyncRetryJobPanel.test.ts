import { createElement } from 'lwc';
import D365SyncRetryJobPanel from 'c/d365SyncRetryJobPanel';
import LightningConfirm from 'lightning/confirm';
import getRetryJobHealth from '@salesforce/apex/D365SyncAdminController.getRetryJobHealth';
import scheduleRetryJob from '@salesforce/apex/D365SyncAdminController.scheduleRetryJob';
import { findA11yViolations } from '../../__tests__/helpers/a11y';
import { flushPromises } from '../../__tests__/helpers/flushPromises';
import { renderedText } from '../../__tests__/helpers/renderedText';

const healthy = require('./data/healthy.json');
const missing = require('./data/missing.json');
const twoOwners = require('./data/twoOwners.json');

jest.mock('@salesforce/apex/D365SyncAdminController.getRetryJobHealth', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/D365SyncAdminController.scheduleRetryJob', () => ({ default: jest.fn() }), {
    virtual: true
});

async function mount(health: unknown): Promise<HTMLElement> {
    (getRetryJobHealth as jest.Mock).mockResolvedValue(health);
    const element = createElement('c-d365-sync-retry-job-panel', { is: D365SyncRetryJobPanel });
    document.body.appendChild(element);
    await flushPromises();
    return element;
}

const $ = (element: HTMLElement, selector: string): any => element.shadowRoot!.querySelector(selector);
const $$ = (element: HTMLElement, selector: string): any[] => [...element.shadowRoot!.querySelectorAll(selector)];

describe('c-d365-sync-retry-job-panel', () => {
    let confirmOpen: jest.Mock;
    beforeEach(() => {
        confirmOpen = jest.fn();
        (LightningConfirm as any).open = confirmOpen;
    });
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.clearAllMocks();
    });

    it('shows a healthy schedule: job count, next and last run, running user, no warning', async () => {
        const element = await mount(healthy);
        expect($(element, '.retry-job-problems')).toBeNull();
        expect($(element, '.job-count').textContent).toBe('4');
        expect($(element, '.next-run').value).toBe('2026-12-05T10:15:00.000Z');
        expect($(element, '.last-run').value).toBe('2026-12-05T10:00:00.000Z');
        expect($(element, '.running-users').textContent).toBe('Ada Admin');
        // words and values keep their spaces (LWC drops line-break whitespace next to tags)
        expect(renderedText($(element, '.retry-job-schedule'))).toBe(
            'Retry job: 4 scheduled job(s), next run <2026-12-05T10:15:00.000Z>, last run ' +
                '<2026-12-05T10:00:00.000Z>, runs as Ada Admin'
        );
        expect($(element, '.schedule-button').label).toBe('Reschedule as me');
    });

    it('warns when the job is missing and schedules it every 15 minutes without asking', async () => {
        (scheduleRetryJob as jest.Mock).mockResolvedValue(healthy);
        const element = await mount(missing);
        const toasts: any[] = [];
        element.addEventListener('lightning__showtoast', (e: any) => toasts.push(e.detail));

        expect($$(element, '.problem').map((p) => p.textContent)).toEqual(missing.problems);
        expect($(element, '.retry-job-schedule')).toBeNull();
        expect($(element, '.schedule-button').label).toBe('Schedule retry job');

        $(element, '.schedule-button').click();
        await flushPromises();

        expect(confirmOpen).not.toHaveBeenCalled();
        expect(scheduleRetryJob).toHaveBeenCalledWith({ minutes: 15 });
        expect($(element, '.retry-job-problems')).toBeNull();
        expect($(element, '.running-users').textContent).toBe('Ada Admin');
        expect(toasts).toEqual([expect.objectContaining({ title: 'Retry job scheduled', variant: 'success' })]);
    });

    it('asks before rescheduling a running job, and does nothing when the admin cancels', async () => {
        confirmOpen.mockResolvedValue(false);
        const element = await mount(twoOwners);
        expect($$(element, '.problem').map((p) => p.textContent)).toEqual(twoOwners.problems);
        expect($(element, '.running-users').textContent).toBe('Ada Admin, Bob Builder');
        expect($(element, '.last-run')).toBeNull();

        $(element, '.schedule-button').click();
        await flushPromises();

        expect(confirmOpen).toHaveBeenCalledWith(expect.objectContaining({ label: 'Reschedule the retry job?' }));
        expect(scheduleRetryJob).not.toHaveBeenCalled();
    });

    it('tells the admin in words when scheduling fails, and keeps the warning', async () => {
        (scheduleRetryJob as jest.Mock).mockRejectedValue({ body: { message: 'Only D365 Sync admins can do this.' } });
        const element = await mount(missing);
        const toasts: any[] = [];
        element.addEventListener('lightning__showtoast', (e: any) => toasts.push(e.detail));

        $(element, '.schedule-button').click();
        await flushPromises();

        expect(toasts).toEqual([
            expect.objectContaining({
                title: 'The retry job could not be scheduled',
                message: 'Only D365 Sync admins can do this.',
                variant: 'error'
            })
        ]);
        expect($(element, '.retry-job-problems')).not.toBeNull();
        expect($(element, '.schedule-button').disabled).toBe(false);
    });

    it('shows a readable error when the status cannot be read', async () => {
        (getRetryJobHealth as jest.Mock).mockRejectedValue({ body: { message: 'Only D365 Sync admins can do this.' } });
        const element = createElement('c-d365-sync-retry-job-panel', { is: D365SyncRetryJobPanel });
        document.body.appendChild(element);
        await flushPromises();
        expect($(element, 'c-d365-sync-error-panel').message).toBe('Only D365 Sync admins can do this.');
    });

    it.each([
        ['healthy', healthy],
        ['warning', missing]
    ])('has no accessibility violations when %s', async (_state, health) => {
        const element = await mount(health);
        expect(await findA11yViolations(element)).toEqual([]);
    });
});
