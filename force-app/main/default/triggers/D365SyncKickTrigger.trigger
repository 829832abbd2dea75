/**
 * Starts the D365 sync worker when a `D365_Sync_Kick__e` arrives. It runs as the Automated Process user, or as
 * the user the admin-owned `PlatformEventSubscriberConfig` D365SyncKickTriggerConfig names — the one identity
 * whose transaction enqueues the worker, so the only one that makes the callouts. One call per delivered batch is
 * enough: the queue tops the worker lanes up to `Worker_Lanes__c`, and the workers claim due rows, not the events'.
 */
trigger D365SyncKickTrigger on D365_Sync_Kick__e(after insert) {
    D365SyncQueue.startWorkers();
}
