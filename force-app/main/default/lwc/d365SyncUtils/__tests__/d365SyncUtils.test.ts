import {
    deriveDisplayState,
    describeSyncError,
    readableError,
    reduceErrors,
    stripTechnicalDetail,
    formatDuration,
    prettyJson,
    confirmAction
} from 'c/d365SyncUtils';
import LightningConfirm from 'lightning/confirm';

describe('c/d365SyncUtils', () => {
    describe('deriveDisplayState', () => {
        it.each([
            ['Queued', null, null, 'Queued'],
            ['Processing', null, null, 'Queued'],
            ['Succeeded', null, null, 'Synced'],
            ['Retry Scheduled', null, null, 'Retry scheduled'],
            ['Failed', null, null, 'Failed'],
            [null, 'Synced', 'Approved', 'Synced'],
            [null, 'Not Synced', 'Draft', 'Not synced'],
            [null, 'Not Synced', 'Pending', 'Pending approval'],
            [null, null, null, 'Not synced']
        ])('request %s / account %s / approval %s → %s', (request, account, approval, label) => {
            expect(deriveDisplayState(request, account, approval).label).toBe(label);
        });

        it('prefers the latest outbox row over the Account mirror field', () => {
            expect(deriveDisplayState('Failed', 'Synced', 'Approved').key).toBe('failed');
        });
    });

    describe('reduceErrors / readableError', () => {
        it('reads Apex, UI API, JS and string errors', () => {
            expect(reduceErrors({ body: { message: 'Apex says no' } })).toEqual(['Apex says no']);
            expect(reduceErrors({ body: [{ message: 'a' }, { message: 'b' }] })).toEqual(['a', 'b']);
            expect(
                reduceErrors({
                    body: { output: { errors: [{ message: 'page' }], fieldErrors: { Name: [{ message: 'field' }] } } }
                })
            ).toEqual(['page', 'field']);
            expect(reduceErrors({ body: { pageErrors: [{ message: 'dml' }] } })).toEqual(['dml']);
            expect(reduceErrors(new Error('js'))).toEqual(['js']);
            expect(reduceErrors(['x', null, undefined])).toEqual(['x']);
        });

        it('removes stack traces and exception prefixes', () => {
            expect(
                readableError({
                    body: {
                        message:
                            'System.NullPointerException: Attempt to de-reference a null object\nClass.D365SyncService.retryRequests: line 12, column 1'
                    }
                })
            ).toBe('Attempt to de-reference a null object');
        });

        it('maps platform wording to plain words', () => {
            expect(readableError({ body: { message: 'Script-thrown exception' } })).toBe(
                'Something went wrong. Try again, and if it keeps happening ask your admin.'
            );
            expect(
                readableError({
                    body: {
                        pageErrors: [
                            { message: 'INSUFFICIENT_ACCESS_OR_READONLY, insufficient access rights on object id' }
                        ]
                    }
                })
            ).toBe("You don't have access to do this. Ask your admin for the D365 Sync permission set.");
            expect(readableError(undefined)).toBe(
                'Something went wrong. Try again, and if it keeps happening ask your admin.'
            );
        });

        it('shortens very long messages', () => {
            expect(stripTechnicalDetail('x'.repeat(400)).length).toBe(298);
        });
    });

    describe('describeSyncError', () => {
        it.each([
            [
                'Configuration',
                401,
                'Access denied due to invalid subscription key.',
                'D365 rejected the subscription key — ask your admin to check the D365 credential.'
            ],
            [
                'Configuration',
                404,
                'Resource not found',
                'The D365 address was not found — ask your admin to check the D365 named credential and endpoint path.'
            ],
            [
                'Transient',
                429,
                'Rate limit is exceeded. Try again in 57 seconds.',
                'D365 is receiving too many requests right now. The sync tries again automatically.'
            ],
            [
                'Remote Rejected',
                403,
                'Out of call volume quota. Quota will be replenished in 03:30:56.',
                'The D365 call quota is used up. The sync tries again automatically once the quota renews.'
            ],
            [
                'Data',
                null,
                'Required field BillingCity is empty',
                'Some Account data is missing or not valid for D365. Fix the Account, then retry. Details: Required field BillingCity is empty'
            ],
            [
                'Remote Rejected',
                400,
                'CustomerGroupId is not valid',
                'D365 refused this Account. Details: CustomerGroupId is not valid'
            ],
            ['Transient', 503, null, 'D365 was not reachable (HTTP 503). The sync tries again automatically.'],
            [
                'Internal',
                null,
                'System.LimitException: Too many callouts\nClass.X: line 1',
                'Salesforce hit an unexpected problem while sending. Ask your admin to look at the D365 Sync dashboard.'
            ],
            [null, null, 'Plain reason', 'Plain reason'],
            [null, null, null, '']
        ])('%s / %s / %s', (category, status, detail, expected) => {
            expect(describeSyncError(category, status, detail)).toBe(expected);
        });
    });

    it('formats durations and JSON', () => {
        expect(formatDuration(undefined)).toBe('');
        expect(formatDuration(245)).toBe('245 ms');
        expect(formatDuration(1320)).toBe('1.3 s');
        expect(prettyJson('{"a":1}')).toBe('{\n  "a": 1\n}');
        expect(prettyJson('not json')).toBe('not json');
        expect(prettyJson(null)).toBe('');
    });

    it('opens LightningConfirm with a header and the warning theme', async () => {
        const open = jest.fn().mockResolvedValue(true);
        (LightningConfirm as any).open = open;
        await expect(confirmAction({ label: 'Sure?', message: 'Really' })).resolves.toBe(true);
        expect(open).toHaveBeenCalledWith({ variant: 'header', theme: 'warning', label: 'Sure?', message: 'Really' });
    });
});
