trigger ContactTrigger on Contact(before insert) {
    // Platform Cache is not modelled by the local runtime: the trigger meets an unsupported construct
    for (Contact c : Trigger.new) {
        if (c.LastName == 'Cached') {
            Cache.Org.put('lastContact', c.LastName);
        }
    }
}
