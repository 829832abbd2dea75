trigger LogEventTrigger on Log_Event__e(after insert) {
    Logger.persist((List<Log_Event__e>) Trigger.new);
}
