trigger OrderEventTrigger on Order_Event__e(after insert) {
    List<Account> accounts = new List<Account>();
    for (Order_Event__e e : Trigger.new) {
        if (e.Fail__c) {
            throw new IllegalArgumentException('boom');
        }
        accounts.add(new Account(Name = 'Order ' + e.Order_Number__c, Description = e.ReplayId));
        OrderEvents.deliveredUuids.add(e.EventUuid);
    }
    insert accounts;
    OrderEvents.batches.add(Trigger.new.size());
    OrderEvents.asyncQueries = Limits.getLimitQueries();
    OrderEvents.queueableLimit = Limits.getLimitQueueableJobs();
    OrderEvents.runningUsers.add(UserInfo.getUserId());
}
