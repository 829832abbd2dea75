// Default English field labels of catalogued standard objects, as the Salesforce Field Reference guide lists them
// ("Field Name | Field Label | Type | Digits | Length | Precision | Scale"). A label is listed only where a page gives
// it (rows read from the pages named in `sources`); everything else stays unknown and getLabel() is unsupported.
// Describe returns these labels in a new org; an admin can rename them (Setup > Rename Tabs and Labels, stored as a
// translation), so a project that ships a translation for the object, or a field-meta.xml for the field, makes them
// unknown again (schema/registry.ts).
// Row: [label, Field Reference type, length, precision, scale] — length only for textual/id/reference types (the
// guide's Length column), precision/scale only where recorded for numeric types.
export type FieldRefRow = readonly [label: string, type: string, length?: number, precision?: number, scale?: number];

export interface FieldRefObject {
    /** the Field Reference pages the rows were read from (newest first) */
    sources: readonly string[];
    fields: Readonly<Record<string, FieldRefRow>>;
}

const LATEST = 'https://developer.salesforce.com/docs/platform/field-reference/references/field-reference/';
const V = (release: number, obj: string) =>
    `https://developer.salesforce.com/docs/atlas.en-us.${release}.0.sfFieldRef.meta/sfFieldRef/salesforce_field_reference_${obj}.htm`;

export const STANDARD_FIELD_LABELS: Readonly<Record<string, FieldRefObject>> = {
    Account: {
        sources: [`${LATEST}salesforce-field-reference-account.html`, V(244, 'Account'), V(226, 'Account')],
        fields: {
            AccountNumber: ['Account Number', 'string', 40],
            AccountSource: ['Account Source', 'picklist', 255],
            AnnualRevenue: ['Annual Revenue', 'currency', undefined, 18, 0],
            BillingAddress: ['Billing Address', 'address'],
            BillingCity: ['Billing City', 'string', 40],
            BillingCountry: ['Billing Country', 'string', 80],
            BillingGeocodeAccuracy: ['Billing Geocode Accuracy', 'picklist', 40],
            BillingLatitude: ['Billing Latitude', 'double', undefined, 18, 15],
            BillingLongitude: ['Billing Longitude', 'double', undefined, 18, 15],
            BillingPostalCode: ['Billing Zip/Postal Code', 'string', 20],
            BillingState: ['Billing State/Province', 'string', 80],
            BillingStreet: ['Billing Street', 'textarea', 255],
            CreatedById: ['Created By ID', 'reference', 18],
            CreatedDate: ['Created Date', 'datetime'],
            Description: ['Account Description', 'textarea', 32000],
            Fax: ['Account Fax', 'phone', 40],
            Id: ['Account ID', 'id', 18],
            Industry: ['Industry', 'picklist', 255],
            IsDeleted: ['Deleted', 'boolean'],
            Jigsaw: ['Data.com Key', 'string', 20],
            Name: ['Account Name', 'string', 255],
            NumberOfEmployees: ['Employees', 'int'],
            Phone: ['Account Phone', 'phone', 40],
            Type: ['Account Type', 'picklist', 255]
        }
    },
    Contact: {
        sources: [`${LATEST}salesforce-field-reference-contact.html`],
        fields: {
            AccountId: ['Account ID', 'reference', 18],
            AssistantPhone: ['Asst. Phone', 'phone', 40],
            Birthdate: ['Birthdate', 'date'],
            CreatedById: ['Created By ID', 'reference', 18],
            CreatedDate: ['Created Date', 'datetime'],
            Department: ['Department', 'string', 80],
            Description: ['Contact Description', 'textarea', 32000]
        }
    },
    Opportunity: {
        sources: [`${LATEST}salesforce-field-reference-opportunity.html`, V(228, 'Opportunity')],
        fields: {
            AccountId: ['Account ID', 'reference', 18],
            Amount: ['Amount', 'currency', undefined, 18, 2],
            CampaignId: ['Campaign ID', 'reference', 18],
            CloseDate: ['Close Date', 'date'],
            ContactId: ['Contact ID', 'reference', 18],
            ContractId: ['Contract ID', 'reference', 18],
            CreatedById: ['Created By ID', 'reference', 18],
            CreatedDate: ['Created Date', 'datetime'],
            Description: ['Description', 'textarea', 32000],
            Fiscal: ['Fiscal Period', 'string', 6],
            FiscalQuarter: ['Fiscal Quarter', 'int'],
            FiscalYear: ['Fiscal Year', 'int'],
            ForecastCategory: ['Forecast Category', 'picklist', 40],
            ForecastCategoryName: ['Forecast Category', 'picklist', 255],
            HasOpenActivity: ['Has Open Activity', 'boolean'],
            HasOpportunityLineItem: ['Has Line Item', 'boolean'],
            HasOverdueTask: ['Has Overdue Task', 'boolean'],
            Id: ['Opportunity ID', 'id', 18],
            IsClosed: ['Closed', 'boolean'],
            IsDeleted: ['Deleted', 'boolean'],
            LastActivityDate: ['Last Activity', 'date'],
            LastModifiedById: ['Last Modified By ID', 'reference', 18],
            LastModifiedDate: ['Last Modified Date', 'datetime'],
            LastReferencedDate: ['Last Referenced Date', 'datetime'],
            LastViewedDate: ['Last Viewed Date', 'datetime'],
            LeadSource: ['Lead Source', 'picklist', 255]
        }
    },
    Lead: {
        sources: [`${LATEST}salesforce-field-reference-lead.html`],
        fields: {
            Address: ['Address', 'address'],
            AnnualRevenue: ['Annual Revenue', 'currency', undefined, 18, 0],
            City: ['City', 'string', 40],
            Company: ['Company', 'string', 255],
            ConvertedAccountId: ['Converted Account ID', 'reference', 18],
            ConvertedContactId: ['Converted Contact ID', 'reference', 18],
            ConvertedDate: ['Converted Date', 'date'],
            ConvertedOpportunityId: ['Converted Opportunity ID', 'reference', 18],
            Country: ['Country', 'string', 80],
            CreatedById: ['Created By ID', 'reference', 18],
            CreatedDate: ['Created Date', 'datetime'],
            Description: ['Description', 'textarea', 32000],
            DoNotCall: ['Do Not Call', 'boolean']
        }
    },
    Case: {
        sources: [V(228, 'Case')],
        fields: {
            AccountId: ['Account ID', 'reference', 18],
            CaseNumber: ['Case Number', 'string', 30],
            ClosedDate: ['Closed Date', 'datetime'],
            Comments: ['Internal Comments', 'textarea', 4000],
            ContactFax: ['Contact Fax', 'phone', 40],
            ContactId: ['Contact ID', 'reference', 18],
            ContactMobile: ['Contact Mobile', 'phone', 40],
            ContactPhone: ['Contact Phone', 'phone', 40],
            CreatedById: ['Created By ID', 'reference', 18],
            CreatedDate: ['Created Date', 'datetime'],
            Description: ['Description', 'textarea', 32000],
            Id: ['Case ID', 'id', 18],
            IsClosed: ['Closed', 'boolean'],
            IsDeleted: ['Deleted', 'boolean'],
            IsEscalated: ['Escalated', 'boolean'],
            LastModifiedById: ['Last Modified By ID', 'reference', 18],
            LastModifiedDate: ['Last Modified Date', 'datetime'],
            LastReferencedDate: ['Last Referenced Date', 'datetime'],
            LastViewedDate: ['Last Viewed Date', 'datetime'],
            Origin: ['Case Origin', 'picklist', 255],
            Reason: ['Case Reason', 'picklist', 255],
            SuppliedCompany: ['Company', 'string', 80],
            Type: ['Case Type', 'picklist', 255]
        }
    },
    CaseStatus: {
        sources: [`${LATEST}salesforce-field-reference-casestatus.html`],
        fields: {
            ApiName: ['API Name', 'string', 255],
            CreatedById: ['Created By ID', 'reference', 18],
            CreatedDate: ['Created Date', 'datetime'],
            Id: ['Case Status Value ID', 'id', 18],
            IsClosed: ['Is Closed', 'boolean'],
            IsDefault: ['Is Default', 'boolean'],
            LastModifiedById: ['Last Modified By ID', 'reference', 18],
            LastModifiedDate: ['Last Modified Date', 'datetime'],
            MasterLabel: ['Master Label', 'string', 255],
            SortOrder: ['Sort Order', 'int'],
            SystemModstamp: ['System Modstamp', 'datetime']
        }
    },
    Campaign: {
        sources: [`${LATEST}salesforce-field-reference-campaign.html`, V(228, 'Campaign')],
        fields: {
            ActualCost: ['Actual Cost in Campaign', 'currency', undefined, 18, 0],
            BudgetedCost: ['Budgeted Cost in Campaign', 'currency', undefined, 18, 0],
            CreatedById: ['Created By ID', 'reference', 18],
            CreatedDate: ['Created Date', 'datetime'],
            Description: ['Description', 'textarea', 32000],
            EndDate: ['End Date', 'date'],
            ExpectedResponse: ['Expected Response (%)', 'percent', undefined, 10, 2],
            ExpectedRevenue: ['Expected Revenue in Campaign', 'currency', undefined, 18, 0],
            Id: ['Campaign ID', 'id', 18],
            IsActive: ['Active', 'boolean'],
            IsDeleted: ['Deleted', 'boolean'],
            LastActivityDate: ['Last Activity', 'date'],
            LastModifiedById: ['Last Modified By ID', 'reference', 18],
            LastModifiedDate: ['Last Modified Date', 'datetime'],
            LastReferencedDate: ['Last Referenced Date', 'datetime'],
            LastViewedDate: ['Last Viewed Date', 'datetime'],
            Name: ['Name', 'string', 80],
            NumberSent: ['Num Sent in Campaign', 'double', undefined, 18, 0]
        }
    },
    CampaignMember: {
        sources: [`${LATEST}salesforce-field-reference-campaignmember.html`],
        fields: {
            CampaignId: ['Campaign ID', 'reference', 18],
            ContactId: ['Contact ID', 'reference', 18],
            CreatedById: ['Created By ID', 'reference', 18],
            CreatedDate: ['Created Date', 'datetime'],
            Id: ['Campaign Member ID', 'id', 18],
            IsDeleted: ['Deleted', 'boolean'],
            LastModifiedById: ['Last Modified By ID', 'reference', 18]
        }
    },
    OpportunityLineItem: {
        sources: [V(228, 'OpportunityLineItem')],
        fields: {
            CreatedById: ['Created By ID', 'reference', 18],
            CreatedDate: ['Created Date', 'datetime'],
            Description: ['Line Description', 'string', 255],
            Id: ['Line Item ID', 'id', 18],
            IsDeleted: ['Deleted', 'boolean'],
            LastModifiedById: ['Last Modified By ID', 'reference', 18],
            LastModifiedDate: ['Last Modified Date', 'datetime'],
            ListPrice: ['List Price', 'currency', undefined, 18, 2],
            Name: ['Opportunity Product Name', 'string', 376],
            OpportunityId: ['Opportunity ID', 'reference', 18],
            PricebookEntryId: ['Price Book Entry ID', 'reference', 18],
            Product2Id: ['Product ID', 'reference', 18],
            ProductCode: ['Product Code', 'string', 255],
            Quantity: ['Quantity', 'double', undefined, 12, 2],
            ServiceDate: ['Date', 'date'],
            SortOrder: ['Sort Order', 'int'],
            SystemModstamp: ['System Modstamp', 'datetime'],
            TotalPrice: ['Total Price', 'currency', undefined, 18, 2],
            UnitPrice: ['Sales Price', 'currency', undefined, 18, 2]
        }
    },
    Product2: {
        sources: [`${LATEST}salesforce-field-reference-product2.html`],
        fields: {
            CreatedById: ['Created By ID', 'reference', 18],
            CreatedDate: ['Created Date', 'datetime'],
            Description: ['Product Description', 'textarea', 4000]
        }
    },
    PricebookEntry: {
        sources: [`${LATEST}salesforce-field-reference-pricebookentry.html`],
        fields: {
            CreatedById: ['Created By ID', 'reference', 18],
            CreatedDate: ['Created Date', 'datetime'],
            Id: ['Price Book Entry ID', 'id', 18],
            IsActive: ['Active', 'boolean'],
            IsArchived: ['Archived', 'boolean'],
            IsDeleted: ['Deleted', 'boolean'],
            LastModifiedById: ['Last Modified By ID', 'reference', 18],
            LastModifiedDate: ['Last Modified Date', 'datetime'],
            Name: ['Product Name', 'string', 255],
            Pricebook2Id: ['Price Book ID', 'reference', 18],
            Product2Id: ['Product ID', 'reference', 18],
            ProductCode: ['Product Code', 'string', 255],
            SystemModstamp: ['System Modstamp', 'datetime'],
            UnitPrice: ['List Price', 'currency', undefined, 18, 2],
            UseStandardPrice: ['Use Standard Price', 'boolean']
        }
    },
    Contract: {
        sources: [`${LATEST}salesforce-field-reference-contract.html`, V(226, 'Contract')],
        fields: {
            AccountId: ['Account ID', 'reference', 18],
            ActivatedById: ['Activated By ID', 'reference', 18],
            ActivatedDate: ['Activated Date', 'datetime'],
            BillingAddress: ['Billing Address', 'address'],
            BillingCity: ['Billing City', 'string', 40],
            BillingCountry: ['Billing Country', 'string', 80],
            BillingGeocodeAccuracy: ['Billing Geocode Accuracy', 'picklist', 40],
            BillingLatitude: ['Billing Latitude', 'double', undefined, 18, 15],
            BillingLongitude: ['Billing Longitude', 'double', undefined, 18, 15],
            BillingPostalCode: ['Billing Zip/Postal Code', 'string', 20],
            BillingState: ['Billing State/Province', 'string', 80],
            BillingStreet: ['Billing Street', 'textarea', 255],
            CompanySignedDate: ['Company Signed Date', 'date'],
            CompanySignedId: ['Company Signed By ID', 'reference', 18],
            ContractNumber: ['Contract Number', 'string', 30],
            ContractTerm: ['Contract Term', 'int'],
            CreatedById: ['Created By ID', 'reference', 18],
            CreatedDate: ['Created Date', 'datetime'],
            CustomerSignedId: ['Customer Signed By ID', 'reference', 18],
            EndDate: ['Contract End Date', 'date'],
            Id: ['Contract ID', 'id', 18],
            StartDate: ['Contract Start Date', 'date']
        }
    },
    Asset: {
        // the stored copy of this page (release 226 address) already has the newer "Field Name | Field Label" layout
        sources: [V(226, 'Asset')],
        fields: {
            AccountId: ['Account ID', 'reference', 18],
            Address: ['Address', 'address'],
            AssetLevel: ['Asset Level', 'int'],
            City: ['City', 'string', 40],
            ContactId: ['Contact ID', 'reference', 18],
            Country: ['Country', 'string', 80],
            CreatedById: ['Created By ID', 'reference', 18],
            CreatedDate: ['Created Date', 'datetime']
        }
    },
    User: {
        sources: [V(234, 'User'), V(228, 'User')],
        fields: {
            AboutMe: ['About Me', 'textarea', 1000],
            AccountId: ['Account ID', 'reference', 18],
            Address: ['Address', 'address'],
            Alias: ['Alias', 'string', 8],
            City: ['City', 'string', 40],
            CommunityNickname: ['Nickname', 'string', 40],
            CompanyName: ['Company Name', 'string', 80],
            ContactId: ['Contact ID', 'reference', 18],
            Country: ['Country', 'string', 80],
            CreatedById: ['Created By ID', 'reference', 18],
            CreatedDate: ['Created Date', 'datetime'],
            DefaultGroupNotificationFrequency: ['Default Notification Frequency when Joining Groups', 'picklist', 40],
            Department: ['Department', 'string', 80],
            DigestFrequency: ['Chatter Email Highlights Frequency', 'picklist', 40],
            Division: ['Division', 'string', 80],
            EmailEncodingKey: ['Email Encoding', 'picklist', 40],
            EmailPreferencesAutoBcc: ['AutoBcc', 'boolean'],
            ForecastEnabled: ['Allow Forecasting', 'boolean'],
            IsActive: ['Active', 'boolean'],
            ReceivesAdminInfoEmails: ['Admin Info Emails', 'boolean']
        }
    }
};

// The system audit fields carry the same label on every object page of the Field Reference (Opportunity, Case,
// CaseStatus… above; e.g. AccountAccountRelation: "CreatedById | Created By ID", "IsDeleted | Deleted",
// "LastModifiedById | Last Modified By ID"), so a catalogued object whose page rows stop before them (Account's
// stored rows end at Type) still has these defaults. Only objects listed above get them (registry.ts): the
// pages of other objects were not read.
export const AUDIT_FIELD_LABELS: Readonly<Record<string, string>> = {
    CreatedById: 'Created By ID',
    CreatedDate: 'Created Date',
    IsDeleted: 'Deleted',
    LastModifiedById: 'Last Modified By ID',
    LastModifiedDate: 'Last Modified Date',
    SystemModstamp: 'System Modstamp'
};
