// Browser-side stand-ins for the @AuraEnabled methods, answering from the same JSON fixtures the Jest
// tests use. The scenario comes from the page URL (?view=…), so each screenshot shows one state.
import statusFailed from '../../../force-app/main/default/lwc/d365SyncStatus/__tests__/data/statusFailed.json';
import statusSynced from '../../../force-app/main/default/lwc/d365SyncStatus/__tests__/data/statusSynced.json';
import statusPending from '../../../force-app/main/default/lwc/d365SyncStatus/__tests__/data/statusPending.json';
import previewFixture from '../../../force-app/main/default/lwc/d365SyncStatus/__tests__/data/previewPayload.json';
import summaryAdmin from '../../../force-app/main/default/lwc/d365SyncDashboard/__tests__/data/summaryAdmin.json';
import requestsPage1 from '../../../force-app/main/default/lwc/d365SyncDashboard/__tests__/data/requestsPage1.json';
import connectionKeyRejected from '../../../force-app/main/default/lwc/d365SyncDashboard/__tests__/data/connectionKeyRejected.json';
import requestDetail from '../../../force-app/main/default/lwc/d365SyncRequestDetail/__tests__/data/requestDetail.json';
import retryJobMissing from '../../../force-app/main/default/lwc/d365SyncRetryJobPanel/__tests__/data/missing.json';
import retryJobHealthy from '../../../force-app/main/default/lwc/d365SyncRetryJobPanel/__tests__/data/healthy.json';
import mappings from '../../../force-app/main/default/lwc/d365SyncMappingEditor/__tests__/data/mappings.json';
import mappingsWithIssues from '../../../force-app/main/default/lwc/d365SyncMappingEditor/__tests__/data/mappingsWithIssues.json';
import mappingIssues from '../../../force-app/main/default/lwc/d365SyncMappingEditor/__tests__/data/issues.json';
import attempt401 from '../../../force-app/main/default/lwc/d365SyncRequestDetail/__tests__/data/attempt401.json';

const view = new URLSearchParams(window.location.search).get('view') || 'status-failed';
const STATUS = { 'status-failed': statusFailed, 'status-synced': statusSynced, 'status-pending': statusPending };

const ANSWERS = {
    'D365SyncStatusController.getStatus': () => STATUS[view] || statusFailed,
    'D365SyncStatusController.previewPayload': () => previewFixture.payload,
    'D365SyncStatusController.retry': () => 1,
    'D365SyncAdminController.getSummary': () => summaryAdmin,
    'D365SyncAdminController.getRequests': () => requestsPage1,
    'D365SyncAdminController.getRequestDetail': () => requestDetail,
    'D365SyncAdminController.getAttemptDetail': () => attempt401,
    'D365SyncAdminController.testConnection': () => connectionKeyRejected,
    'D365SyncAdminController.getRetryJobHealth': () => retryJobMissing,
    'D365SyncAdminController.scheduleRetryJob': () => retryJobHealthy,
    'D365SyncAdminController.retryOne': () => ({ requested: 1, requeued: 1, moreRemaining: false }),
    'D365SyncAdminController.retrySelected': () => ({ requested: 2, requeued: 2, moreRemaining: false }),
    'D365SyncAdminController.retryAllFailed': () => ({ requested: 42, requeued: 42, moreRemaining: false }),
    'D365SyncMappingController.getMappings': () => (view === 'mapping-issues' ? mappingsWithIssues : mappings),
    'D365SyncMappingController.validate': () => (view === 'mapping-issues' ? mappingIssues : []),
    'D365SyncMappingController.preview': () => '{"salesforceId":"001000000000001AAA","OrganizationName":"Acme"}',
    'D365SyncMappingController.save': () => ({ jobId: '0Af5g00000ABCDEFGH', recordCount: mappings.entries.length })
};

/** An Apex method: callable imperatively and usable as a wire adapter (cacheable methods). */
export function makeApex(name) {
    const answer = () => {
        const fn = ANSWERS[name];
        if (!fn) {
            return Promise.reject({ body: { message: `No preview answer for ${name}` } });
        }
        return new Promise((resolve) => setTimeout(() => resolve(JSON.parse(JSON.stringify(fn()))), 150));
    };
    function apexMethod(params) {
        window.__apexCalls = window.__apexCalls || [];
        window.__apexCalls.push({ name, params });
        return answer();
    }
    class WireAdapter {
        constructor(callback) {
            this.callback = callback;
        }
        connect() {}
        update() {
            answer().then(
                (data) => this.callback({ data, error: undefined }),
                (error) => this.callback({ data: undefined, error })
            );
        }
        disconnect() {}
    }
    // LWC calls `new adapter(callback)`; plain calls are the imperative form.
    return new Proxy(apexMethod, {
        construct: (_target, args) => new WireAdapter(args[0])
    });
}
