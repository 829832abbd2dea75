trigger AccountTrigger on Account(before insert, after insert, before update) {
    switch on Trigger.operationType {
        when BEFORE_INSERT {
            for (Account a : Trigger.new) {
                if (a.Name == 'bad')
                    a.addError('no bad names');
                a.Description = 'set by trigger';
            }
        }
        when AFTER_INSERT {
            AccountTriggerState.afterCount += Trigger.new.size();
            if (Trigger.new[0].Name == 'callout') {
                new Http().send(new HttpRequest());
            }
        }
        when BEFORE_UPDATE {
            for (Account a : Trigger.new) {
                Account old = Trigger.oldMap.get(a.Id);
                if (old.Name != a.Name)
                    a.Description = 'renamed from ' + old.Name;
            }
        }
    }
}
