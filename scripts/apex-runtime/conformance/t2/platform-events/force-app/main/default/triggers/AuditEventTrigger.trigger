trigger AuditEventTrigger on Audit_Event__e(after insert) {
    OrderEvents.auditBatches.add(Trigger.new.size());
    OrderEvents.runningUsers.add(UserInfo.getUserId());
}
