import { createElement } from 'lwc';
import D365SyncRequestDetail from 'c/d365SyncRequestDetail';
import getRequestDetail from '@salesforce/apex/D365SyncAdminController.getRequestDetail';
import getAttemptDetail from '@salesforce/apex/D365SyncAdminController.getAttemptDetail';
import { findA11yViolations } from '../../__tests__/helpers/a11y';
import { flushPromises } from '../../__tests__/helpers/flushPromises';

const requestDetail = require('./data/requestDetail.json');
const attempt401 = require('./data/attempt401.json');
const attempt503 = require('./data/attempt503.json');

jest.mock('@salesforce/apex/D365SyncAdminController.getRequestDetail', () => ({ default: jest.fn() }), {
    virtual: true
});
jest.mock('@salesforce/apex/D365SyncAdminController.getAttemptDetail', () => ({ default: jest.fn() }), {
    virtual: true
});

function mount(requestId = 'a01000000000101AAA'): HTMLElement & { requestId?: string } {
    const element = createElement('c-d365-sync-request-detail', { is: D365SyncRequestDetail }) as HTMLElement & {
        requestId?: string;
    };
    element.requestId = requestId;
    document.body.appendChild(element);
    return element;
}

function $(element: HTMLElement, selector: string): any {
    return element.shadowRoot!.querySelector(selector);
}

describe('c-d365-sync-request-detail', () => {
    afterEach(() => {
        while (document.body.firstChild) {
            document.body.removeChild(document.body.firstChild);
        }
        jest.clearAllMocks();
    });

    it('loads the request and shows its latest attempt with bodies, status and timing', async () => {
        (getRequestDetail as jest.Mock).mockResolvedValue(requestDetail);
        (getAttemptDetail as jest.Mock).mockResolvedValue(attempt401);
        const element = mount();
        expect($(element, 'lightning-spinner').alternativeText).toBe('Loading the request detail');
        await flushPromises();

        expect(getRequestDetail).toHaveBeenCalledWith({ requestId: 'a01000000000101AAA' });
        expect(getAttemptDetail).toHaveBeenCalledWith({ attemptId: 'a02000000000201AAA' });
        expect($(element, '.heading').textContent).toBe('DSR-00000101 · Acme Corp');
        expect($(element, '.problem').textContent).toBe(
            'D365 rejected the subscription key — ask your admin to check the D365 credential.'
        );
        expect($(element, '.http-status').textContent).toBe('401');
        expect($(element, '.duration').textContent).toBe('245 ms');
        expect($(element, '.request-body').textContent).toContain('"AddressCity": "Springfield"');
        expect($(element, '.response-body').textContent).toContain('"statusCode": 401');
        const buttons = Array.from(element.shadowRoot!.querySelectorAll('.attempt-button')) as any[];
        expect(buttons.map((b) => b.label)).toEqual([
            'DSA-00000201 · 401 · Failed',
            'DSA-00000200 · 503 · Retry Scheduled'
        ]);
        expect(buttons[0].variant).toBe('brand');
    });

    it('switches to another attempt and shows a non-JSON body as text', async () => {
        (getRequestDetail as jest.Mock).mockResolvedValue(requestDetail);
        (getAttemptDetail as jest.Mock).mockResolvedValueOnce(attempt401).mockResolvedValueOnce(attempt503);
        const element = mount();
        await flushPromises();

        (element.shadowRoot!.querySelectorAll('.attempt-button')[1] as any).click();
        await flushPromises();
        expect(getAttemptDetail).toHaveBeenLastCalledWith({ attemptId: 'a02000000000200AAA' });
        expect($(element, '.response-body').textContent).toBe('Service Unavailable');
        expect($(element, '.duration').textContent).toBe('20.0 s');
    });

    it('shows the empty state when no callout was made yet', async () => {
        (getRequestDetail as jest.Mock).mockResolvedValue({ ...requestDetail, attempts: [] });
        const element = mount();
        await flushPromises();
        expect($(element, '.no-attempts')).not.toBeNull();
        expect(getAttemptDetail).not.toHaveBeenCalled();
    });

    it('shows a readable error when the request cannot be read', async () => {
        (getRequestDetail as jest.Mock).mockRejectedValue({
            body: { message: 'This sync request no longer exists or you cannot see it.' }
        });
        const element = mount();
        await flushPromises();
        expect($(element, 'c-d365-sync-error-panel').message).toBe(
            'This sync request no longer exists or you cannot see it.'
        );
    });

    it('fires close', async () => {
        (getRequestDetail as jest.Mock).mockResolvedValue(requestDetail);
        (getAttemptDetail as jest.Mock).mockResolvedValue(attempt401);
        const element = mount();
        await flushPromises();
        const handler = jest.fn();
        element.addEventListener('close', handler);
        $(element, '.close-button').click();
        expect(handler).toHaveBeenCalledTimes(1);
    });

    it('is accessible', async () => {
        (getRequestDetail as jest.Mock).mockResolvedValue(requestDetail);
        (getAttemptDetail as jest.Mock).mockResolvedValue(attempt401);
        const element = mount();
        expect(findA11yViolations(element)).toEqual([]);
        await flushPromises();
        expect(findA11yViolations(element)).toEqual([]);
    });
});
