/**
 * One trigger per object, no logic here: everything is in D365AccountTriggerHandler.
 */
trigger AccountTrigger on Account(before insert, before update, after insert, after update) {
    new D365AccountTriggerHandler().run(Trigger.operationType, Trigger.new, Trigger.oldMap);
}
