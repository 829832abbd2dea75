import { createElement } from 'lwc';
import D365SyncStatus from 'c/d365SyncStatus';
import getStatus from '@salesforce/apex/D365SyncStatusController.getStatus';
import retry from '@salesforce/apex/D365SyncStatusController.retry';
import previewPayload from '@salesforce/apex/D365SyncStatusController.previewPayload';
import { refreshApex } from '@salesforce/apex';
import { notifyRecordUpdateAvailable } from 'lightning/uiRecordApi';
import { findA11yViolations } from '../../__tests__/helpers/a11y';
import { flushPromises } from '../../__tests__/helpers/flushPromises';

const statusFailed = require('./data/statusFailed.json');
const statusSynced = require('./data/statusSynced.json');
const statusPending = require('./data/statusPending.json');
const statusRetryScheduled = require('./data/statusRetryScheduled.json');
const retryNoPermissionError = require('./data/retryNoPermissionError.json');
const previewFixture = require('./data/previewPayload.json');

jest.mock(
    '@salesforce/apex/D365SyncStatusController.getStatus',
    () => {
        const { createApexTestWireAdapter } = require('@salesforce/sfdx-lwc-jest');
        return { default: createApexTestWireAdapter(jest.fn()) };
    },
    { virtual: true }
);
jest.mock('@salesforce/apex/D365SyncStatusController.retry', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/D365SyncStatusController.previewPayload', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex', () => ({ refreshApex: jest.fn(() => Promise.resolve()) }), { virtual: true });

const RECORD_ID = '001000000000001AAA';
const wire = getStatus as unknown as { emit(v: unknown): void; error(body?: unknown): void };

function mount(): HTMLElement & { recordId?: string } {
    const element = createElement('c-d365-sync-status', { is: D365SyncStatus }) as HTMLElement & {
        recordId?: string;
    };
    element.recordId = RECORD_ID;
    document.body.appendChild(element);
    return element;
}

function $(element: HTMLElement, selector: string): any {
    return element.shadowRoot!.querySelector(selector);
}

function buttonByLabel(element: HTMLElement, label: string): any {
    return Array.from(element.shadowRoot!.querySelectorAll('lightning-button')).find((b: any) => b.label === label);
}

describe('c-d365-sync-status', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    it('shows a spinner while the status loads', () => {
        const element = mount();
        const spinner = $(element, 'lightning-spinner');
        expect(spinner).not.toBeNull();
        expect(spinner.alternativeText).toBe('Loading D365 sync status');
    });

    it('renders a failed sync: badge, last synced, key, plain-words error and attempts', async () => {
        const element = mount();
        wire.emit(statusFailed);
        await flushPromises();

        expect($(element, 'lightning-spinner')).toBeNull();
        const badge = $(element, 'lightning-badge');
        expect(badge.label).toBe('Failed');
        expect(badge.className).toContain('slds-theme_error');
        expect($(element, '.last-synced lightning-formatted-date-time').value).toBe(statusFailed.lastSynced);
        expect($(element, '.d365-key').textContent).toBe('CUST-000123');
        expect($(element, '.last-error').textContent).toContain(
            'D365 rejected the subscription key — ask your admin to check the D365 credential.'
        );
        const rows = element.shadowRoot!.querySelectorAll('.attempt-row');
        expect(rows.length).toBe(2);
        expect(rows[0].textContent).toContain('401');
        expect(rows[0].textContent).toContain('Failed');
        expect(rows[0].textContent).toContain('245 ms');
        expect(buttonByLabel(element, 'Retry now')).toBeDefined();
    });

    it('renders a synced Account without error and without Retry now', async () => {
        const element = mount();
        wire.emit(statusSynced);
        await flushPromises();

        expect($(element, 'lightning-badge').label).toBe('Synced');
        expect($(element, '.last-error')).toBeNull();
        expect(buttonByLabel(element, 'Retry now')).toBeUndefined();
        expect(buttonByLabel(element, 'Preview payload')).toBeDefined();
    });

    it('renders pending approval with the empty attempts state and the kill-switch notice', async () => {
        const element = mount();
        wire.emit(statusPending);
        await flushPromises();

        expect($(element, 'lightning-badge').label).toBe('Pending approval');
        expect($(element, '.d365-key').textContent).toBe('Not assigned yet');
        expect($(element, '.last-synced').textContent).toBe('Never');
        expect($(element, '.no-attempts')).not.toBeNull();
        expect($(element, '.attempts-table')).toBeNull();
        expect($(element, '.paused-alert').textContent).toContain('paused by your admin');
    });

    it('hides Retry now when the user lacks the retry permission, and strips the stack from the error', async () => {
        const element = mount();
        wire.emit(statusRetryScheduled);
        await flushPromises();

        expect($(element, 'lightning-badge').label).toBe('Retry scheduled');
        expect(buttonByLabel(element, 'Retry now')).toBeUndefined();
        const error = $(element, '.last-error').textContent as string;
        expect(error).toContain('D365 was not reachable (HTTP 503). The sync tries again automatically.');
        expect(error).not.toContain('Class.D365Worker');
        expect($(element, '.next-attempt lightning-formatted-date-time').value).toBe(
            statusRetryScheduled.latestRequest.nextAttemptAt
        );
    });

    it('shows a readable message when the status cannot be loaded', async () => {
        const element = mount();
        wire.error({
            message: 'You cannot see the D365 sync details. Ask your admin for the D365 Sync User permission set.'
        });
        await flushPromises();

        const panel = $(element, 'c-d365-sync-error-panel');
        expect(panel).not.toBeNull();
        expect(panel.message).toBe(
            'You cannot see the D365 sync details. Ask your admin for the D365 Sync User permission set.'
        );
        expect(buttonByLabel(element, 'Retry now')).toBeUndefined();
    });

    it('retries the latest request, then refreshes the component and the record', async () => {
        (retry as jest.Mock).mockResolvedValue(1);
        const element = mount();
        const toastHandler = jest.fn();
        element.addEventListener('lightning__showtoast', toastHandler);
        wire.emit(statusFailed);
        await flushPromises();

        buttonByLabel(element, 'Retry now').click();
        await flushPromises();

        expect(retry).toHaveBeenCalledTimes(1);
        expect(retry).toHaveBeenCalledWith({ requestId: 'a01000000000001AAA' });
        expect(refreshApex).toHaveBeenCalledTimes(1);
        expect(notifyRecordUpdateAvailable).toHaveBeenCalledWith([{ recordId: RECORD_ID }]);
        expect(toastHandler).toHaveBeenCalledTimes(1);
        expect(toastHandler.mock.calls[0][0].detail.variant).toBe('success');
    });

    it('shows the server message in plain words when the retry is refused', async () => {
        (retry as jest.Mock).mockRejectedValue(retryNoPermissionError);
        const element = mount();
        wire.emit(statusFailed);
        await flushPromises();

        buttonByLabel(element, 'Retry now').click();
        await flushPromises();

        expect($(element, '.action-error').textContent).toBe(
            'You do not have permission to retry D365 syncs. Ask your admin for the D365 Sync User permission set.'
        );
        expect(refreshApex).not.toHaveBeenCalled();
        expect(buttonByLabel(element, 'Retry now').disabled).toBe(false);
    });

    it('previews the payload for this Account and hides it again', async () => {
        (previewPayload as jest.Mock).mockResolvedValue(previewFixture.payload);
        const element = mount();
        wire.emit(statusSynced);
        await flushPromises();

        buttonByLabel(element, 'Preview payload').click();
        await flushPromises();

        expect(previewPayload).toHaveBeenCalledWith({ accountId: RECORD_ID });
        const pre = $(element, '.preview-json');
        expect(pre.textContent).toContain('"AddressCity" : "Springfield"');
        expect(pre.textContent).not.toMatch(/subscription|Ocp-Apim/i);

        buttonByLabel(element, 'Hide payload').click();
        await flushPromises();
        expect($(element, '.preview-json')).toBeNull();
    });

    it('shows a readable preview error', async () => {
        (previewPayload as jest.Mock).mockRejectedValue({
            body: { message: 'The payload cannot be built yet: Required field BillingCity is empty' }
        });
        const element = mount();
        wire.emit(statusSynced);
        await flushPromises();

        buttonByLabel(element, 'Preview payload').click();
        await flushPromises();

        expect($(element, '.preview-error').textContent).toBe(
            'The payload cannot be built yet: Required field BillingCity is empty'
        );
    });

    it('is accessible in every state', async () => {
        const element = mount();
        expect(findA11yViolations(element)).toEqual([]);
        // States are rendered one after the other on purpose: each must be checked once rendered.
        for (const fixture of [statusFailed, statusSynced, statusPending, statusRetryScheduled]) {
            wire.emit(fixture);
            // eslint-disable-next-line no-await-in-loop
            await flushPromises();
            expect(findA11yViolations(element)).toEqual([]);
        }
        wire.error({ message: 'no access' });
        await flushPromises();
        expect(findA11yViolations(element)).toEqual([]);
    });
});
