import { createElement } from 'lwc';
import D365SyncResyncPanel, { formatEta, POLL_INTERVAL_MS } from 'c/d365SyncResyncPanel';
import LightningConfirm from 'lightning/confirm';
import getOverview from '@salesforce/apex/D365SyncResyncController.getOverview';
import previewCount from '@salesforce/apex/D365SyncResyncController.previewCount';
import startResync from '@salesforce/apex/D365SyncResyncController.startResync';
import getProgress from '@salesforce/apex/D365SyncResyncController.getProgress';
import stopResync from '@salesforce/apex/D365SyncResyncController.stopResync';
import resumeResync from '@salesforce/apex/D365SyncResyncController.resumeResync';
import { findA11yViolations } from '../../__tests__/helpers/a11y';
import { flushPromises } from '../../__tests__/helpers/flushPromises';
import { renderedText } from '../../__tests__/helpers/renderedText';

const overviewIdle = require('./data/overviewIdle.json');
const runRunning = require('./data/runRunning.json');
const runCompleted = require('./data/runCompleted.json');
const runPaused = require('./data/runPaused.json');

jest.mock('@salesforce/apex/D365SyncResyncController.getOverview', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/D365SyncResyncController.previewCount', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/D365SyncResyncController.startResync', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/D365SyncResyncController.getProgress', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/D365SyncResyncController.stopResync', () => ({ default: jest.fn() }), { virtual: true });
jest.mock('@salesforce/apex/D365SyncResyncController.resumeResync', () => ({ default: jest.fn() }), { virtual: true });

async function mount(overview: unknown): Promise<HTMLElement> {
    (getOverview as jest.Mock).mockResolvedValue(overview);
    const element = createElement('c-d365-sync-resync-panel', { is: D365SyncResyncPanel });
    document.body.appendChild(element);
    await flushPromises();
    return element;
}

const $ = (element: HTMLElement, selector: string): any => element.shadowRoot!.querySelector(selector);

function choose(element: HTMLElement, value: string): void {
    $(element, '.set-choice').dispatchEvent(new CustomEvent('change', { detail: { value } }));
}

describe('c-d365-sync-resync-panel', () => {
    let confirmOpen: jest.Mock;
    let toasts: any[];
    beforeEach(() => {
        confirmOpen = jest.fn().mockResolvedValue(true);
        (LightningConfirm as any).open = confirmOpen;
        toasts = [];
    });
    afterEach(() => {
        while (document.body.firstChild) document.body.removeChild(document.body.firstChild);
        jest.clearAllMocks();
        jest.useRealTimers();
    });

    const listen = (element: HTMLElement): void =>
        element.addEventListener('lightning__showtoast', (e: any) => toasts.push(e.detail));

    it('offers the five sets and previews the count of the chosen one', async () => {
        (previewCount as jest.Mock).mockResolvedValue({ count: 1234 });
        const element = await mount(overviewIdle);
        expect($(element, '.set-choice').options.map((o: any) => o.value)).toEqual(overviewIdle.sets);
        expect($(element, '.run')).toBeNull();

        choose(element, 'Failed');
        await flushPromises();
        $(element, '.preview-button').click();
        await flushPromises();

        expect(previewCount).toHaveBeenCalledWith({ selection: 'Failed', changedSince: null, accountIds: null });
        expect($(element, '.preview-text').textContent).toBe('1,234 approved Account(s) will be sent.');
    });

    it('sends the date for "Changed Since" and the pasted text for "Account Ids"', async () => {
        (previewCount as jest.Mock).mockResolvedValue({ count: 2, idsFound: 3 });
        const element = await mount(overviewIdle);
        choose(element, 'Changed Since');
        await flushPromises();
        $(element, '.changed-since').dispatchEvent(new CustomEvent('change', { detail: { value: '2026-11-01' } }));
        $(element, '.preview-button').click();
        await flushPromises();
        expect(previewCount).toHaveBeenLastCalledWith({
            selection: 'Changed Since',
            changedSince: '2026-11-01',
            accountIds: null
        });

        choose(element, 'Account Ids');
        await flushPromises();
        expect($(element, '.changed-since')).toBeNull();
        $(element, '.account-ids').dispatchEvent(
            new CustomEvent('change', { detail: { value: 'Account ID\n001000000000001AAA' } })
        );
        $(element, '.preview-button').click();
        await flushPromises();
        expect(previewCount).toHaveBeenLastCalledWith({
            selection: 'Account Ids',
            changedSince: null,
            accountIds: 'Account ID\n001000000000001AAA'
        });
        expect($(element, '.preview-text').textContent).toBe(
            '2 approved Account(s) will be sent (3 Account Id(s) found in the text).'
        );
    });

    it('asks before starting, starts, shows the progress and polls until the run ends', async () => {
        jest.useFakeTimers({ doNotFake: ['setTimeout', 'queueMicrotask', 'nextTick', 'setImmediate'] }); // flushPromises needs a real setTimeout
        (previewCount as jest.Mock).mockResolvedValue({ count: 1000 });
        (startResync as jest.Mock).mockResolvedValue(runRunning);
        (getProgress as jest.Mock).mockResolvedValueOnce(runRunning).mockResolvedValueOnce(runCompleted);
        const element = await mount(overviewIdle);
        listen(element);

        $(element, '.start-button').click();
        await flushPromises();

        expect(confirmOpen).toHaveBeenCalledWith(expect.objectContaining({ label: 'Start the resync?' }));
        expect(confirmOpen.mock.calls[0][0].message).toContain('1000 approved Account(s) (Never Synced)');
        expect(startResync).toHaveBeenCalledWith({ selection: 'Never Synced', changedSince: null, accountIds: null });
        expect(toasts).toEqual([expect.objectContaining({ title: 'Resync started', variant: 'success' })]);
        expect($(element, '.run-status').textContent).toBe('Running');
        expect($(element, '.processed').textContent).toBe('600 of 1,000');
        expect($(element, '.skipped').textContent).toBe('10');
        expect($(element, '.rate').textContent).toBe('100 / min');
        expect($(element, '.eta').textContent).toBe('4 min');
        expect($(element, '.progress').value).toBe(60);
        // words and the date keep their spaces (LWC drops line-break whitespace next to tags)
        expect(renderedText($(element, '.run-audit'))).toBe(`Started by Ada Admin on <${runRunning.startedAt}>`);
        expect($(element, '.start-button').disabled).toBe(true); // one run at a time
        expect($(element, '.stop-button')).not.toBeNull();

        jest.advanceTimersByTime(POLL_INTERVAL_MS);
        await flushPromises();
        expect(getProgress).toHaveBeenCalledWith({ runId: runRunning.id });
        jest.advanceTimersByTime(POLL_INTERVAL_MS);
        await flushPromises();

        expect($(element, '.run-status').textContent).toBe('Completed');
        expect($(element, '.errors').textContent).toBe('5');
        expect($(element, '.run-error').textContent.trim()).toBe(runCompleted.lastError);
        expect($(element, '.stop-button')).toBeNull();
        jest.advanceTimersByTime(POLL_INTERVAL_MS * 3);
        await flushPromises();
        expect(getProgress).toHaveBeenCalledTimes(2); // polling stopped with the run
    });

    it('does nothing when the admin cancels the start', async () => {
        confirmOpen.mockResolvedValue(false);
        (previewCount as jest.Mock).mockResolvedValue({ count: 5 });
        const element = await mount(overviewIdle);
        $(element, '.start-button').click();
        await flushPromises();
        expect(startResync).not.toHaveBeenCalled();
        expect($(element, '.run')).toBeNull();
    });

    it('tells the admin in words why a start was refused', async () => {
        (previewCount as jest.Mock).mockRejectedValue({
            body: { message: 'No approved Account matches this selection: nothing to resync.' }
        });
        const element = await mount(overviewIdle);
        listen(element);
        $(element, '.start-button').click();
        await flushPromises();
        expect(startResync).not.toHaveBeenCalled();
        expect(toasts).toEqual([
            expect.objectContaining({
                title: 'The resync could not be started',
                message: 'No approved Account matches this selection: nothing to resync.',
                variant: 'error'
            })
        ]);
    });

    it('stops a running resync after asking', async () => {
        (stopResync as jest.Mock).mockResolvedValue({ ...runRunning, status: 'Stop Requested', canStop: false });
        const element = await mount({ ...overviewIdle, latest: runRunning });
        $(element, '.stop-button').click();
        await flushPromises();
        expect(confirmOpen).toHaveBeenCalledWith(expect.objectContaining({ label: 'Stop the resync?' }));
        expect(stopResync).toHaveBeenCalledWith({ runId: runRunning.id });
        expect($(element, '.run-status').textContent).toBe('Stop Requested');
        expect($(element, '.stop-button')).toBeNull();
    });

    it('shows a paused run with its reason and resumes it', async () => {
        (resumeResync as jest.Mock).mockResolvedValue(runRunning);
        const element = await mount({ ...overviewIdle, latest: runPaused });
        listen(element);
        expect($(element, '.run-status').textContent).toBe('Paused');
        expect($(element, '.processed').textContent).toBe('400 of 5,000');
        expect($(element, '.eta').textContent).toBe('—'); // no ETA while not running
        expect($(element, '.run-error').textContent.trim()).toContain('kill switch');
        expect(renderedText($(element, '.run-audit'))).toBe('Started by Ada Admin, last resumed by Bob Builder');

        $(element, '.resume-button').click();
        await flushPromises();
        expect(resumeResync).toHaveBeenCalledWith({ runId: runPaused.id });
        expect($(element, '.run-status').textContent).toBe('Running');
        expect(toasts).toEqual([expect.objectContaining({ title: 'Resync resumed' })]);
    });

    it('disables start and resume while sending is paused', async () => {
        const element = await mount({ ...overviewIdle, syncEnabled: false, latest: runPaused });
        expect($(element, '.sending-paused')).not.toBeNull();
        expect($(element, '.start-button').disabled).toBe(true);
        expect($(element, '.resume-button').disabled).toBe(true);
    });

    it('shows a readable error when the overview cannot be read', async () => {
        (getOverview as jest.Mock).mockRejectedValue({ body: { message: 'Only D365 Sync admins can do this.' } });
        const element = createElement('c-d365-sync-resync-panel', { is: D365SyncResyncPanel });
        document.body.appendChild(element);
        await flushPromises();
        expect($(element, 'c-d365-sync-error-panel').message).toBe('Only D365 Sync admins can do this.');
    });

    it('stops polling when it is removed from the page', async () => {
        jest.useFakeTimers({ doNotFake: ['setTimeout', 'queueMicrotask', 'nextTick', 'setImmediate'] }); // flushPromises needs a real setTimeout
        (getProgress as jest.Mock).mockResolvedValue(runRunning);
        const element = await mount({ ...overviewIdle, latest: runRunning });
        document.body.removeChild(element);
        jest.advanceTimersByTime(POLL_INTERVAL_MS * 2);
        await flushPromises();
        expect(getProgress).not.toHaveBeenCalled();
    });

    it('formats the time left', () => {
        expect(formatEta(undefined)).toBe('');
        expect(formatEta(40)).toBe('40 s');
        expect(formatEta(240)).toBe('4 min');
        expect(formatEta(3900)).toBe('1 h 5 min');
        expect(formatEta(7200)).toBe('2 h');
    });

    it.each([
        ['idle', overviewIdle],
        ['running', { ...overviewIdle, latest: runRunning }],
        ['paused', { ...overviewIdle, syncEnabled: false, latest: runPaused }]
    ])('has no accessibility violations when %s', async (_state, overview) => {
        const element = await mount(overview);
        expect(await findA11yViolations(element)).toEqual([]);
    });
});
