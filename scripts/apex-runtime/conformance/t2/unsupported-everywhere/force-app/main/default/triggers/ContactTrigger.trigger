trigger ContactTrigger on Contact(before insert) {
    // a standard object's child relationships are not modelled locally: the trigger meets an unsupported construct
    for (Contact c : Trigger.new) {
        if (c.LastName == 'Described') {
            c.Description = String.valueOf(Account.SObjectType.getDescribe().getChildRelationships().size());
        }
    }
}
