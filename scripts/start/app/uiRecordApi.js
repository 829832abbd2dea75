// lightning/uiRecordApi for the local org: what the package's components use. notifyRecordUpdateAvailable tells
// the shell that records changed, so its record page (the shell's stand-in for LDS-backed UI) reloads them.
export function notifyRecordUpdateAvailable(recordIds) {
    window.dispatchEvent(new CustomEvent('localorg:recordupdate', { detail: recordIds }));
    return Promise.resolve();
}
