// Shapes of the @AuraEnabled results of D365SyncStatusController and D365SyncAdminController, as the
// LWCs receive them (Datetime → ISO string, Id → string). Global (no import/export) so the components
// can use `D365Sync.StatusView` without an import; kept here rather than in the components because
// the LWC ESLint rules (babel scope analysis) misread interface members such as `name` or `status`.

declare namespace D365Sync {
    /** The six states a user sees on the Account. */
    type DisplayStateKey = 'notSynced' | 'pendingApproval' | 'queued' | 'synced' | 'retryScheduled' | 'failed';

    interface DisplayState {
        key: DisplayStateKey;
        label: string;
        badgeClass: string;
        iconName: string;
        iconAlternativeText: string;
    }

    // ---- D365SyncStatusController
    interface RequestView {
        id: string;
        name: string;
        status: string;
        attempts: number;
        nextAttemptAt?: string;
        lastAttemptAt?: string;
        lastHttpStatus?: number;
        errorCategory?: string;
        lastError?: string;
        stuck: boolean;
        /** also sent (Apex D365SyncViews.RequestView is shared with the dashboard); not shown by d365SyncStatus */
        accountId?: string;
        accountName?: string;
        lastChange?: string;
    }
    interface AttemptView {
        id: string;
        name: string;
        attemptedAt?: string;
        httpStatus?: number;
        outcome?: string;
        errorCategory?: string;
        durationMs?: number;
    }
    interface StatusView {
        accountId: string;
        accountName: string;
        approvalStatus?: string;
        syncStatus?: string;
        lastSynced?: string;
        d365Key?: string;
        lastError?: string;
        latestRequest?: RequestView;
        attempts: AttemptView[];
        canRetry: boolean;
        retryable: boolean;
        syncEnabled: boolean;
    }

    // ---- D365SyncAdminController
    interface Summary {
        counts: Record<string, number>;
        stuck: number;
        syncEnabled: boolean;
        canRetry: boolean;
        canAdminister: boolean;
        asOf?: string;
    }
    interface RequestQuery {
        state: string;
        fromDate: string | null;
        toDate: string | null;
        accountName: string | null;
        sortBy: string;
        sortDirection: 'asc' | 'desc';
        cursor: string | null;
        pageSize: number;
        /** count the filter's rows on a later page too (refresh after a retry); the first page always counts */
        includeCount: boolean;
    }
    interface RequestRow {
        id: string;
        name: string;
        accountId: string;
        accountName: string;
        status: string;
        stuck: boolean;
        attempts: number;
        lastHttpStatus?: number;
        errorCategory?: string;
        lastError?: string;
        lastAttemptAt?: string;
        nextAttemptAt?: string;
        lastChange: string;
    }
    interface RequestPage {
        rows: RequestRow[];
        nextCursor?: string;
        hasMore: boolean;
        totalCount?: number;
    }
    interface AttemptDetail {
        id: string;
        name: string;
        attemptedAt?: string;
        httpStatus?: number;
        outcome?: string;
        errorCategory?: string;
        error?: string;
        durationMs?: number;
        requestBody?: string;
        responseBody?: string;
    }
    interface RequestDetail {
        request: RequestRow;
        attempts: AttemptDetail[];
    }
    interface RetryResult {
        requested: number;
        requeued: number;
        moreRemaining: boolean;
    }
    /** D365SyncOpsController.AlertRow (D365_Sync_Alert__c) */
    interface AlertRow {
        id: string;
        condition: 'Permanent Failures' | 'Failure Rate' | 'Kill Switch Backlog' | 'Retry Job Missing';
        message?: string;
        raisedAt: string;
        notifiedUsers: number;
        emailed: boolean;
        deliveryError?: string;
    }
    /** D365SyncOpsController.OpsStatus */
    interface OpsStatus {
        purgeScheduled: boolean;
        purgeNextRun?: string;
        purgeLastRun?: string;
        purgeRunsAs?: string;
        succeededDays: number;
        attemptDays: number;
        alertIntervalMinutes: number;
        emailDigest: boolean;
        recentAlerts: AlertRow[];
    }
    /** D365SyncRetryJob.Health */
    interface RetryJobHealth {
        scheduled: boolean;
        jobCount: number;
        nextRun?: string;
        lastRun?: string;
        runningUsers: string[];
        problems: string[];
    }

    interface ConnectionResult {
        outcome: 'reachable' | 'keyRejected' | 'keyNotVerified' | 'notConfigured' | 'unreachable';
        httpStatus?: number;
        latencyMs?: number;
        message?: string;
    }

    /** D365SyncMappingController.Entry: one D365_Field_Mapping__mdt record in the editor. */
    interface MappingEntry {
        name: string;
        label?: string;
        sourceField: string;
        targetProperty: string;
        dataType: string;
        /** `salesforce`, `d365` or `both` (blank: salesforce) */
        owner?: string | null;
        maxLength?: number | null;
        required: boolean;
        defaultValue?: string | null;
        valueMap?: string | null;
        sortOrder?: number | null;
        active: boolean;
    }

    /** D365SyncMappingController.MappingView */
    interface MappingView {
        entries: MappingEntry[];
        canSave: boolean;
    }

    /** D365SyncMappingController.Issue */
    interface MappingIssue {
        entry?: string;
        field?: string;
        message: string;
    }

    /** A deployment started by the mapping editor: Queued until its D365_Mapping_Deploy__e event arrives. */
    interface MappingDeployState {
        jobId: string;
        status: string;
        message?: string;
    }

    /** D365SyncMappingController.SaveResult */
    interface MappingSaveResult {
        jobId: string;
        recordCount: number;
    }

    /** LightningConfirm's static opener (not declared by @salesforce/lightning-types). */
    interface ConfirmOpener {
        open(options: { message: string; label: string; theme?: string; variant?: string }): Promise<boolean>;
    }

    // ---- D365SyncResyncController
    type ResyncSet = 'Approved' | 'Never Synced' | 'Failed' | 'Changed Since' | 'Account Ids';

    interface ResyncProgress {
        id: string;
        name: string;
        selection: ResyncSet;
        changedSince?: string;
        accountIdCount: number;
        status: 'Running' | 'Stop Requested' | 'Stopped' | 'Paused' | 'Completed' | 'Failed';
        total: number;
        processed: number;
        enqueued: number;
        skippedOpen: number;
        errors: number;
        failedChunks: number;
        percent: number;
        ratePerMinute?: number;
        etaSeconds?: number;
        lastError?: string;
        startedBy?: string;
        resumedBy?: string;
        startedAt?: string;
        finishedAt?: string;
        running: boolean;
        canStop: boolean;
        canResume: boolean;
    }

    interface ResyncOverview {
        canAdminister: boolean;
        syncEnabled: boolean;
        sets: ResyncSet[];
        maxAccountIds: number;
        latest?: ResyncProgress;
    }

    interface ResyncPreview {
        count: number;
        idsFound?: number;
    }
}
