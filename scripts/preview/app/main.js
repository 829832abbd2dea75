// Preview entry: mounts one component per page (?view=…) with the real Lightning base components.
import '@lwc/synthetic-shadow';
import { createElement } from 'lwc';
import D365SyncStatus from 'c/d365SyncStatus';
import D365SyncDashboard from 'c/d365SyncDashboard';
import D365SyncMappingEditor from 'c/d365SyncMappingEditor';

const view = new URLSearchParams(window.location.search).get('view') || 'status-failed';
const root = document.getElementById('root');
if (view.startsWith('status')) {
    root.style.maxWidth = '480px';
    const el = createElement('c-d365-sync-status', { is: D365SyncStatus });
    el.recordId = '001000000000001AAA';
    root.appendChild(el);
} else if (view.startsWith('mapping')) {
    root.appendChild(createElement('c-d365-sync-mapping-editor', { is: D365SyncMappingEditor }));
} else {
    const el = createElement('c-d365-sync-dashboard', { is: D365SyncDashboard });
    root.appendChild(el);
}
window.__mounted = true;
