trigger AccountAudit on Account(before insert, after update) {
    // nothing: the rows describing this trigger are what the test reads
}
