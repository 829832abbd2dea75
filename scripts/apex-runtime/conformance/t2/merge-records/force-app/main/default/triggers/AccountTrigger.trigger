trigger AccountTrigger on Account(before delete, after delete, before update, after update) {
    MergeLog.record(Trigger.operationType, Trigger.isDelete ? Trigger.old : Trigger.new);
}
