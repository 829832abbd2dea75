trigger AccountReview on Account(after update) {
    ReviewNotes.onApproved(Trigger.new, Trigger.oldMap);
}
