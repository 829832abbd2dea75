/**
 * Shared helpers for the D365 sync components. Every error shown to a user passes through
 * `readableError` here, so the wording lives in ONE place.
 */
import LightningConfirm from 'lightning/confirm';

/** Outbox status values (D365_Sync_Request__c.Status__c / Account.D365_Sync_Status__c). */
export type SyncStatusValue = 'Queued' | 'Processing' | 'Succeeded' | 'Retry Scheduled' | 'Failed' | string;

const DISPLAY_STATES: Record<D365Sync.DisplayStateKey, D365Sync.DisplayState> = {
    notSynced: {
        key: 'notSynced',
        label: 'Not synced',
        badgeClass: 'slds-badge_inverse',
        iconName: 'utility:routing_offline',
        iconAlternativeText: 'Not synced'
    },
    pendingApproval: {
        key: 'pendingApproval',
        label: 'Pending approval',
        badgeClass: 'slds-badge_lightest',
        iconName: 'utility:clock',
        iconAlternativeText: 'Pending approval'
    },
    queued: {
        key: 'queued',
        label: 'Queued',
        badgeClass: 'slds-badge_lightest',
        iconName: 'utility:send',
        iconAlternativeText: 'Queued'
    },
    synced: {
        key: 'synced',
        label: 'Synced',
        badgeClass: 'slds-theme_success',
        iconName: 'utility:success',
        iconAlternativeText: 'Synced'
    },
    retryScheduled: {
        key: 'retryScheduled',
        label: 'Retry scheduled',
        badgeClass: 'slds-theme_warning',
        iconName: 'utility:refresh',
        iconAlternativeText: 'Retry scheduled'
    },
    failed: {
        key: 'failed',
        label: 'Failed',
        badgeClass: 'slds-theme_error',
        iconName: 'utility:error',
        iconAlternativeText: 'Failed'
    }
};

const STATUS_TO_STATE: Record<string, D365Sync.DisplayStateKey> = {
    Queued: 'queued',
    Processing: 'queued',
    Succeeded: 'synced',
    Synced: 'synced',
    'Retry Scheduled': 'retryScheduled',
    Failed: 'failed',
    'Not Synced': 'notSynced'
};

/**
 * Works out the badge for an Account from the latest outbox row (if any), the Account's mirror
 * field and its approval status.
 */
export function deriveDisplayState(
    requestStatus: SyncStatusValue | null | undefined,
    accountSyncStatus: SyncStatusValue | null | undefined,
    approvalStatus: string | null | undefined
): D365Sync.DisplayState {
    const source = requestStatus || accountSyncStatus || '';
    const key: D365Sync.DisplayStateKey = STATUS_TO_STATE[source] ?? 'notSynced';
    if (key === 'notSynced' && approvalStatus === 'Pending') {
        return DISPLAY_STATES.pendingApproval;
    }
    return DISPLAY_STATES[key];
}

export function displayState(key: D365Sync.DisplayStateKey): D365Sync.DisplayState {
    return DISPLAY_STATES[key];
}

// ---------------------------------------------------------------------------------------------
// Errors
// ---------------------------------------------------------------------------------------------

interface ErrorBody {
    message?: string;
    pageErrors?: { message: string }[];
    fieldErrors?: Record<string, { message: string }[]>;
    output?: { errors?: { message: string }[]; fieldErrors?: Record<string, { message: string }[]> };
}
interface ServerError {
    body?: ErrorBody | ErrorBody[];
    message?: string;
    statusText?: string;
}

/**
 * Reduces one or more errors (Apex AuraHandledException, LDS/UI API errors, JS errors, strings)
 * to a list of messages, after lwc-recipes' `reduceErrors`.
 */
export function reduceErrors(errors: unknown): string[] {
    const list = Array.isArray(errors) ? errors : [errors];
    return list
        .filter((error) => !!error)
        .flatMap((raw): string[] => {
            if (typeof raw === 'string') {
                return [raw];
            }
            const error = raw as ServerError;
            if (Array.isArray(error.body)) {
                return error.body.map((b) => b.message ?? '').filter((m) => m);
            }
            const body = error.body;
            if (body) {
                const fromOutput = [
                    ...(body.output?.errors ?? []).map((e) => e.message),
                    ...Object.values(body.output?.fieldErrors ?? {})
                        .flat()
                        .map((e) => e.message)
                ];
                if (fromOutput.length) {
                    return fromOutput;
                }
                const fromPage = [
                    ...(body.pageErrors ?? []).map((e) => e.message),
                    ...Object.values(body.fieldErrors ?? {})
                        .flat()
                        .map((e) => e.message)
                ];
                if (fromPage.length) {
                    return fromPage;
                }
                if (typeof body.message === 'string' && body.message) {
                    return [body.message];
                }
            }
            if (typeof error.message === 'string' && error.message) {
                return [error.message];
            }
            if (typeof error.statusText === 'string' && error.statusText) {
                return [error.statusText];
            }
            return [];
        })
        .filter((message) => !!message);
}

const STACK_LINE = /^\s*(at\s|Class\.|AnonymousBlock:|Trigger\.|System\.[A-Za-z]+Exception:.*line \d+)/;

/** Removes stack traces and technical prefixes so a message reads as plain words. */
export function stripTechnicalDetail(message: string): string {
    const lines = message
        .split(/\r?\n/)
        .map((line) => line.trim())
        .filter((line) => line && !STACK_LINE.test(line));
    const text = (lines.join(' ') || '')
        .replace(/^(System\.)?[A-Za-z]+Exception:\s*/, '')
        .replace(/^(FIELD_CUSTOM_VALIDATION_EXCEPTION|INSUFFICIENT_ACCESS[A-Z_]*|[A-Z_]{8,}),\s*/, '')
        .replace(/:\s*\[\]$/, '')
        .trim();
    return text.length > 300 ? text.slice(0, 297) + '…' : text;
}

const GENERIC_ERROR = 'Something went wrong. Try again, and if it keeps happening ask your admin.';

/** One readable sentence for any error a component catches (Apex, LDS, JS). */
export function readableError(error: unknown): string {
    const messages = reduceErrors(error)
        .map(stripTechnicalDetail)
        .filter((m) => m);
    if (!messages.length) {
        return GENERIC_ERROR;
    }
    const joined = Array.from(new Set(messages)).join(' ');
    if (/Script-thrown exception/i.test(joined)) {
        return GENERIC_ERROR;
    }
    if (/INSUFFICIENT_ACCESS|insufficient access|do not have access|don't have access/i.test(joined)) {
        return "You don't have access to do this. Ask your admin for the D365 Sync permission set.";
    }
    if (/Unable to connect to the server|Disconnected|Failed to fetch|NetworkError/i.test(joined)) {
        return 'Salesforce could not be reached. Check your connection and try again.';
    }
    return joined;
}

/**
 * Plain words for the last error of a sync row. `category` is Error_Category__c, `httpStatus`
 * Last_HTTP_Status__c, `detail` Last_Error__c (already plain words plus the remote message).
 */
export function describeSyncError(
    category: string | null | undefined,
    httpStatus: number | null | undefined,
    detail: string | null | undefined
): string {
    const clean = detail ? stripTechnicalDetail(detail) : '';
    const withDetail = (sentence: string) => (clean ? `${sentence} Details: ${clean}` : sentence);
    if (httpStatus === 401 || (httpStatus === 403 && /subscription key/i.test(clean))) {
        return 'D365 rejected the subscription key — ask your admin to check the D365 credential.';
    }
    if (httpStatus === 429) {
        return 'D365 is receiving too many requests right now. The sync tries again automatically.';
    }
    if (httpStatus === 403 && /quota/i.test(clean)) {
        return 'The D365 call quota is used up. The sync tries again automatically once the quota renews.';
    }
    switch (category) {
        case 'Configuration':
            if (httpStatus === 404) {
                return 'The D365 address was not found — ask your admin to check the D365 named credential and endpoint path.';
            }
            return withDetail(
                'The D365 connection is not set up correctly — ask your admin to check the D365 credential and sync settings.'
            );
        case 'Data':
            return withDetail('Some Account data is missing or not valid for D365. Fix the Account, then retry.');
        case 'Remote Rejected':
            return withDetail('D365 refused this Account.');
        case 'Transient':
            return withDetail(
                `D365 was not reachable${httpStatus ? ` (HTTP ${httpStatus})` : ''}. The sync tries again automatically.`
            );
        case 'Internal':
            return 'Salesforce hit an unexpected problem while sending. Ask your admin to look at the D365 Sync dashboard.';
        default:
            return clean;
    }
}

// ---------------------------------------------------------------------------------------------
// Small formatting helpers
// ---------------------------------------------------------------------------------------------

export function formatDuration(ms: number | null | undefined): string {
    if (ms === null || ms === undefined) {
        return '';
    }
    return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(1)} s`;
}

/** Pretty-prints JSON; returns the text unchanged when it is not JSON (e.g. a truncated body). */
export function prettyJson(text: string | null | undefined): string {
    if (!text) {
        return '';
    }
    try {
        return JSON.stringify(JSON.parse(text), null, 2);
    } catch {
        return text;
    }
}

// ---------------------------------------------------------------------------------------------
// Confirmation dialog
// ---------------------------------------------------------------------------------------------

export interface ConfirmOptions {
    message: string;
    label: string;
    theme?: 'default' | 'warning' | 'error' | 'info';
}

/**
 * Opens a LightningConfirm dialog. @salesforce/lightning-types does not declare the static
 * `open`, so the cast lives here, once.
 */
export function confirmAction(options: ConfirmOptions): Promise<boolean> {
    return (LightningConfirm as unknown as D365Sync.ConfirmOpener).open({
        variant: 'header',
        theme: 'warning',
        ...options
    });
}
