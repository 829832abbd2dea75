// The local users of the sandbox and of `npm start` (sandbox step a): an approver (Standard User + D365_Sync_User),
// an API-only integration user (Minimum Access + D365_Sync_Integration), a callout user (Minimum Access +
// D365_Sync_Callout) and D365_Sync_Admin for the running admin. The Apex prints `approver=`, `integration=` and
// `callout=` with their Ids.

/** The anonymous Apex that creates the users, their usernames ending in `@<domain>`. */
export function localUsersApex(domain: string): string {
    return `
Profile standard = [SELECT Id FROM Profile WHERE Name = 'Standard User'];
Profile minimum = [SELECT Id FROM Profile WHERE Name = 'Minimum Access - Salesforce'];
User approver = new User(LastName = 'Approver', FirstName = 'Alex', Alias = 'aappr', Email = 'approver@example.invalid',
    Username = 'approver@${domain}', ProfileId = standard.Id, TimeZoneSidKey = 'America/Los_Angeles',
    LocaleSidKey = 'en_US', EmailEncodingKey = 'UTF-8', LanguageLocaleKey = 'en_US');
User integration = new User(LastName = 'D365 Integration', Alias = 'd365int', Email = 'd365-integration@example.invalid',
    Username = 'd365-integration@${domain}', ProfileId = minimum.Id, TimeZoneSidKey = 'GMT',
    LocaleSidKey = 'en_US', EmailEncodingKey = 'UTF-8', LanguageLocaleKey = 'en_US');
User callout = new User(LastName = 'D365 Callout', Alias = 'd365out', Email = 'd365-callout@example.invalid',
    Username = 'd365-callout@${domain}', ProfileId = minimum.Id, TimeZoneSidKey = 'GMT',
    LocaleSidKey = 'en_US', EmailEncodingKey = 'UTF-8', LanguageLocaleKey = 'en_US');
insert new List<User>{ approver, integration, callout };
Map<String, Id> ps = new Map<String, Id>();
for (PermissionSet p : [SELECT Id, Name FROM PermissionSet WHERE Name IN ('D365_Sync_User', 'D365_Sync_Integration', 'D365_Sync_Admin', 'D365_Sync_Callout')]) {
    ps.put(p.Name, p.Id);
}
insert new List<PermissionSetAssignment>{
    new PermissionSetAssignment(AssigneeId = approver.Id, PermissionSetId = ps.get('D365_Sync_User')),
    new PermissionSetAssignment(AssigneeId = integration.Id, PermissionSetId = ps.get('D365_Sync_Integration')),
    new PermissionSetAssignment(AssigneeId = callout.Id, PermissionSetId = ps.get('D365_Sync_Callout')),
    new PermissionSetAssignment(AssigneeId = UserInfo.getUserId(), PermissionSetId = ps.get('D365_Sync_Admin'))
};
System.debug('approver=' + approver.Id);
System.debug('integration=' + integration.Id);
System.debug('callout=' + callout.Id);
`;
}

/** The callout user's username (what `npm run setup -- --callout-user` would name). */
export function calloutUsername(domain: string): string {
    return `d365-callout@${domain}`;
}
