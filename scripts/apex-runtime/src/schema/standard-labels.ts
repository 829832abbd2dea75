// Default English labels (singular, plural) of catalogued standard objects as Describe reports them in a new org
// (Developer Edition / scratch org): Object Reference pages, "Rename Object, Tab, and Field Labels" (Setup lets an
// admin rename them, stored as CustomObjectTranslation: a project that ships an objectTranslations file for the object
// makes its labels unknown again → unsupported). Only objects whose default label is certain are listed.
export const STANDARD_OBJECT_LABELS: Readonly<Record<string, readonly [string, string]>> = {
    Account: ['Account', 'Accounts'],
    Asset: ['Asset', 'Assets'],
    Attachment: ['Attachment', 'Attachments'],
    Campaign: ['Campaign', 'Campaigns'],
    CampaignMember: ['Campaign Member', 'Campaign Members'],
    Case: ['Case', 'Cases'],
    Contact: ['Contact', 'Contacts'],
    Contract: ['Contract', 'Contracts'],
    Document: ['Document', 'Documents'],
    Event: ['Event', 'Events'],
    Lead: ['Lead', 'Leads'],
    Note: ['Note', 'Notes'],
    Opportunity: ['Opportunity', 'Opportunities'],
    OpportunityLineItem: ['Opportunity Product', 'Opportunity Products'],
    Order: ['Order', 'Orders'],
    OrderItem: ['Order Product', 'Order Products'],
    Pricebook2: ['Price Book', 'Price Books'],
    PricebookEntry: ['Price Book Entry', 'Price Book Entries'],
    Product2: ['Product', 'Products'],
    Profile: ['Profile', 'Profiles'],
    Task: ['Task', 'Tasks'],
    User: ['User', 'Users']
};
