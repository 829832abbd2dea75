import { createElement } from 'lwc';
import D365SyncOpsPanel, { delivery } from 'c/d365SyncOpsPanel';
import LightningConfirm from 'lightning/confirm';
import getOpsStatus from '@salesforce/apex/D365SyncOpsController.getOpsStatus';
import schedulePurgeJob from '@salesforce/apex/D365SyncOpsController.schedulePurgeJob';
import { findA11yViolations } from '../../__tests__/helpers/a11y';
import { flushPromises } from '../../__tests__/helpers/flushPromises';
import { renderedText } from '../../__tests__/helpers/renderedText';

const scheduled = require('./data/scheduled.json');
const missing = require('./data/missing.json');

jest.mock('@salesforce/apex/D365SyncOpsController.getOpsStatus', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/D365SyncOpsController.schedulePurgeJob', () => ({ default: jest.fn() }), {
    virtual: true
});

async function mount(status: unknown): Promise<HTMLElement> {
    (getOpsStatus as jest.Mock).mockResolvedValue(status);
    const element = createElement('c-d365-sync-ops-panel', { is: D365SyncOpsPanel });
    document.body.appendChild(element);
    await flushPromises();
    return element;
}

const $ = (element: HTMLElement, selector: string): any => element.shadowRoot!.querySelector(selector);
const $$ = (element: HTMLElement, selector: string): any[] => [...element.shadowRoot!.querySelectorAll(selector)];

describe('c-d365-sync-ops-panel', () => {
    let confirmOpen: jest.Mock;
    beforeEach(() => {
        confirmOpen = jest.fn();
        (LightningConfirm as any).open = confirmOpen;
    });
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.clearAllMocks();
    });

    it('renders the schedule, the retention in effect and the latest alerts with who was told', async () => {
        const element = await mount(scheduled);
        expect($(element, '.purge-missing')).toBeNull();
        expect($(element, '.next-run').value).toBe('2026-12-05T10:30:00.000Z');
        expect($(element, '.runs-as').textContent).toBe('Ada Admin');
        // the e2e run showed "next runDec 5": the template must keep a space before the date
        expect(renderedText($(element, '.purge-schedule'))).toBe(
            'Alerts and purge: next run <2026-12-05T10:30:00.000Z>, runs as Ada Admin'
        );
        expect($(element, '.retention').textContent).toBe(
            'Succeeded requests are deleted after 30 days, attempts of succeeded requests after 14 days; failed and ' +
                'open requests are kept. At most one alert per condition every 60 minutes, also by email.'
        );
        expect($$(element, '.condition').map((c) => c.textContent)).toEqual([
            'Permanent Failures',
            'Retry Job Missing'
        ]);
        expect($$(element, '.delivery').map((c) => c.textContent)).toEqual([
            '2 admins notified, emailed',
            'Nobody holds the D365_Sync_Admin permission set.'
        ]);
        expect($(element, '.no-alerts')).toBeNull();
        expect($(element, '.schedule-button').label).toBe('Reschedule as me');
    });

    it('warns when the job is missing and schedules it without asking', async () => {
        (schedulePurgeJob as jest.Mock).mockResolvedValue(scheduled);
        const element = await mount(missing);
        const toasts: any[] = [];
        element.addEventListener('lightning__showtoast', (e: any) => toasts.push(e.detail));

        expect($(element, '.purge-missing')).not.toBeNull();
        expect($(element, '.purge-schedule')).toBeNull();
        expect($(element, '.no-alerts').textContent).toBe('No alerts raised.');
        expect($(element, '.schedule-button').label).toBe('Schedule alerts and purge');

        $(element, '.schedule-button').click();
        await flushPromises();

        expect(confirmOpen).not.toHaveBeenCalled();
        expect(schedulePurgeJob).toHaveBeenCalledTimes(1);
        expect($(element, '.purge-missing')).toBeNull();
        expect($(element, '.runs-as').textContent).toBe('Ada Admin');
        expect(toasts).toEqual([expect.objectContaining({ title: 'Alerts and purge scheduled', variant: 'success' })]);
    });

    it('asks before rescheduling a live job, and does nothing when the admin cancels', async () => {
        confirmOpen.mockResolvedValue(false);
        const element = await mount(scheduled);

        $(element, '.schedule-button').click();
        await flushPromises();

        expect(confirmOpen).toHaveBeenCalledWith(
            expect.objectContaining({ label: 'Reschedule the alerts and purge job?' })
        );
        expect(schedulePurgeJob).not.toHaveBeenCalled();
    });

    it('tells the admin in words when scheduling fails', async () => {
        (schedulePurgeJob as jest.Mock).mockRejectedValue({ body: { message: 'Only D365 Sync admins can do this.' } });
        const element = await mount(missing);
        const toasts: any[] = [];
        element.addEventListener('lightning__showtoast', (e: any) => toasts.push(e.detail));

        $(element, '.schedule-button').click();
        await flushPromises();

        expect(toasts).toEqual([
            expect.objectContaining({
                title: 'The alerts and purge job could not be scheduled',
                message: 'Only D365 Sync admins can do this.',
                variant: 'error'
            })
        ]);
        expect($(element, '.purge-missing')).not.toBeNull();
        expect($(element, '.schedule-button').disabled).toBe(false);
    });

    it('shows a readable error when the status cannot be read', async () => {
        (getOpsStatus as jest.Mock).mockRejectedValue({ body: { message: 'Only D365 Sync admins can do this.' } });
        const element = createElement('c-d365-sync-ops-panel', { is: D365SyncOpsPanel });
        document.body.appendChild(element);
        await flushPromises();
        expect($(element, 'c-d365-sync-error-panel').message).toBe('Only D365 Sync admins can do this.');
    });

    it('words the delivery of one admin without email', () => {
        expect(delivery({ ...scheduled.recentAlerts[0], notifiedUsers: 1, emailed: false })).toBe('1 admin notified');
    });

    it.each([
        ['scheduled', scheduled],
        ['missing', missing]
    ])('has no accessibility violations when %s', async (_state, status) => {
        const element = await mount(status);
        expect(await findA11yViolations(element)).toEqual([]);
    });
});
