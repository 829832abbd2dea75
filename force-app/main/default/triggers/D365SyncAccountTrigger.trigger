/**
 * The package's Account trigger, no logic here: everything is in D365AccountTriggerHandler. Named after the
 * package, not `AccountTrigger`: a deploy replaces an org component of the same name.
 */
trigger D365SyncAccountTrigger on Account(before insert, before update, after insert, after update, after delete) {
    new D365AccountTriggerHandler().run(Trigger.operationType, Trigger.new, Trigger.oldMap);
}
