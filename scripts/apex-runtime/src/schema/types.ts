/**
 * Schema model shared by db / soql / dml and the interpreter's describe layer.
 * All lookups are case-insensitive (keys are lower-case); `name` keeps the API spelling.
 */
import type { ApexPrimitive, PrimitiveTypeName } from '../values';

export type FieldType =
    | 'Id'
    | 'Text'
    | 'TextArea'
    | 'LongTextArea'
    | 'Html'
    | 'EncryptedText'
    | 'Email'
    | 'Phone'
    | 'Url'
    | 'Combobox'
    | 'Picklist'
    | 'MultiselectPicklist'
    | 'Checkbox'
    | 'Number'
    | 'Int'
    | 'Currency'
    | 'Percent'
    | 'Date'
    | 'DateTime'
    | 'Time'
    | 'Lookup'
    | 'MasterDetail'
    | 'MetadataRelationship'
    | 'AutoNumber'
    | 'FullName'
    | 'Summary'
    | 'Location'
    | 'Address'
    | 'Base64';

/**
 * What the runtime knows of each field type, in one table:
 * - `text`: its values are strings with a length (length checks, `allowFieldTruncation`, SOQL string literals);
 * - `typed`: its Apex type is certain (a roll-up summary may be a date, compound and metadata-relationship values are
 *   not primitives) — the compile pass types field reads only then;
 * - `filter` / `sort`: usable in a WHERE clause / an ORDER BY by its type alone (undefined: not decided by the type;
 *   long and rich text areas, classic encrypted text and base64 can be neither — "field 'X' can not be filtered|sorted
 *   in a query call" —, a multi-select picklist filters with INCLUDES but does not sort, compound values do neither);
 * - `group`: false where a GROUP BY on it is refused by its type alone ("field 'X' can not be grouped in a query call":
 *   long and rich text, encrypted text, multi-select picklists, base64, compound values); other types are decided by
 *   the Object Reference's properties, not here;
 * - `metadata`: a `<type>` the Metadata API's CustomField takes that the schema reads from `*.field-meta.xml`.
 */
export const FIELD_TYPES: Record<
    FieldType,
    { text?: true; typed?: true; filter?: boolean; sort?: boolean; group?: false; metadata?: true }
> = {
    Id: { typed: true, filter: true, sort: true },
    Text: { text: true, typed: true, filter: true, sort: true, metadata: true },
    TextArea: { text: true, typed: true, metadata: true },
    LongTextArea: { text: true, typed: true, filter: false, sort: false, group: false, metadata: true },
    Html: { text: true, typed: true, filter: false, sort: false, group: false, metadata: true },
    EncryptedText: { text: true, typed: true, filter: false, sort: false, group: false, metadata: true },
    Email: { text: true, typed: true, filter: true, sort: true, metadata: true },
    Phone: { text: true, typed: true, filter: true, sort: true, metadata: true },
    Url: { text: true, typed: true, filter: true, sort: true, metadata: true },
    // a text field with suggested values (Task/Event Subject; Schema.DisplayType COMBOBOX): no CustomField type
    Combobox: { text: true, typed: true, filter: true, sort: true },
    Picklist: { text: true, typed: true, filter: true, sort: true, metadata: true },
    MultiselectPicklist: { text: true, typed: true, filter: true, sort: false, group: false, metadata: true },
    Checkbox: { typed: true, filter: true, sort: true, metadata: true },
    Number: { typed: true, filter: true, sort: true, metadata: true },
    Int: { typed: true, filter: true, sort: true },
    Currency: { typed: true, filter: true, sort: true, metadata: true },
    Percent: { typed: true, filter: true, sort: true, metadata: true },
    Date: { typed: true, filter: true, sort: true, metadata: true },
    DateTime: { typed: true, filter: true, sort: true, metadata: true },
    Time: { typed: true, filter: true, sort: true, metadata: true },
    Lookup: { typed: true, filter: true, sort: true, metadata: true },
    MasterDetail: { typed: true, filter: true, sort: true, metadata: true },
    MetadataRelationship: { metadata: true },
    AutoNumber: { typed: true, filter: true, sort: true, metadata: true },
    FullName: {},
    Summary: { metadata: true },
    Location: { filter: false, sort: false, group: false, metadata: true },
    Address: { filter: false, sort: false, group: false },
    Base64: { typed: true, filter: false, sort: false, group: false }
};

export interface PicklistValue {
    value: string;
    label: string;
    isDefault: boolean;
}

export interface FieldInfo {
    /** API name, original spelling (e.g. `D365_Sync_Status__c`). */
    name: string;
    type: FieldType;
    /** Apex type of the value (`Decimal` for Number/Currency/Percent, `Integer` for Int). */
    apexType: PrimitiveTypeName;
    custom: boolean;
    length?: number;
    precision?: number;
    scale?: number;
    /** Required on create (nillable = false and no default): REQUIRED_FIELD_MISSING when null. */
    required: boolean;
    unique: boolean;
    externalId: boolean;
    caseSensitive: boolean;
    /** Default value formula text from metadata (simple literals are evaluated by the DB). */
    defaultValue?: string;
    /**
     * Standard fields: the Object Reference's "Defaulted on create" property, where the catalogue records it (flag `doc`
     * = listed, `nd` = the field's properties were checked and it is not); undefined = not recorded.
     */
    defaultedOnCreate?: boolean;
    /** Standard fields: the Object Reference's "Group" property where recorded (`grp` / `ngrp`); undefined = not recorded. */
    groupable?: boolean;
    /** Standard picklist whose values the catalogue does not list (`Picklist[?]`): its value list is unsupported. */
    picklistValuesUnknown?: boolean;
    /** Lookup / Master-Detail targets (several for polymorphic lookups). */
    referenceTo?: string[];
    /** Parent relationship name used in SOQL paths (`Account__r`, `Owner`). */
    relationshipName?: string;
    /** Child relationship name on the referenced object (`D365_Sync_Requests__r`, `Contacts`). */
    childRelationshipName?: string;
    /** Child relationship a metadata relationship declares on its target (`Values__r`); SOQL subqueries list its records. */
    metadataChildRelationshipName?: string;
    picklistValues?: PicklistValue[];
    restrictedPicklist?: boolean;
    /** Project picklist bound to a global value set (`valueSet.valueSetName`). */
    globalValueSet?: string;
    /** Project dependent picklist: its `valueSet.controllingField`. */
    controllingField?: string;
    /** Formula source when this is a formula field — reading it is unsupported (§3.7 #2). */
    formula?: string;
    /** Roll-up summary field. */
    summary?: boolean;
    /** Lookup `deleteConstraint` (SetNull default, Restrict, Cascade) from the field metadata. */
    deleteConstraint?: string;
    /** AutoNumber display format, e.g. `DSR-{00000000}`. */
    displayFormat?: string;
    startingNumber?: number;
    /** Polymorphic lookup to every sObject (ContentDocumentLink.LinkedEntityId, Attachment.ParentId…). */
    anyReference?: boolean;
    /** false for system / calculated fields (audit fields, AutoNumber, formula, FullName). */
    createable: boolean;
    updateable: boolean;
    /** Managed by the DB (Id, audit fields, IsDeleted). */
    system?: boolean;
    label?: string;
}

export interface ChildRelationship {
    /** e.g. `D365_Sync_Requests__r`, `Contacts` */
    name: string;
    childObject: string;
    field: string;
    cascadeDelete: boolean;
    /** the parent can't be deleted while a child references it (lookup `deleteConstraint` Restrict) */
    restrictedDelete: boolean;
    /** declared by a metadata relationship between custom metadata types (not queryable as a subquery here) */
    metadata?: boolean;
}

export type AutomationKind =
    'ValidationRule' | 'RecordTriggeredFlow' | 'WorkflowRule' | 'DuplicateRule' | 'RollupSummary';

export interface Automation {
    kind: AutomationKind;
    name: string;
    /** metadata file it came from (for the unsupported message) */
    file: string;
}

export interface SObjectInfo {
    name: string;
    label: string;
    /** `<pluralLabel>` of a project custom object, or a standard object's default (schema/standard-labels.ts) */
    labelPlural?: string;
    /** a standard object whose default labels are known (listed, and not renamed by the project) */
    standardLabelsKnown?: boolean;
    /** a standard object none of whose fields is its name field (catalogue key `"nameField": false`) */
    noNameField?: boolean;
    /** a standard object whose name field is not `Name` (catalogue key `"nameField": "<Field>"`: Case CaseNumber…) */
    nameFieldName?: string;
    /** a standard object with a `Name` field that may still not be its name field (catalogue key `"nameField": null`:
     *  Contract and Order also have an auto-number `ContractNumber` / `OrderNumber`; no source checked says which) */
    nameFieldUndecided?: boolean;
    keyPrefix: string;
    /** a standard object whose key prefix the documentation checked does not give: a local stand-in is used for
     *  record Ids, and `getKeyPrefix()` is unsupported */
    keyPrefixUndocumented?: boolean;
    custom: boolean;
    isCustomMetadata: boolean;
    isCustomSetting: boolean;
    /** DML allowed (false for AsyncApexJob, CustomPermission, __mdt ...). */
    createable: boolean;
    /** Insert allowed (false for ContentDocument: created by inserting a ContentVersion; update/delete allowed). */
    insertable?: boolean;
    fields: Map<string, FieldInfo>;
    childRelationships: Map<string, ChildRelationship>;
    /** Declarative automation that would fire on DML of this object (→ unsupported). */
    automation: Automation[];
    recordTypes: { developerName: string; label: string; active: boolean }[];
    /** org-wide default from metadata (`sharingModel`) or the platform default for standard objects */
    sharingModel?: string;
    /** 'Hierarchy' | 'List' for custom settings */
    customSettingsType?: string;
    /** platform event (`X__e`): published with EventBus.publish, never stored; `publishBehavior` from metadata */
    isPlatformEvent?: boolean;
    publishBehavior?: 'PublishImmediately' | 'PublishAfterCommit';
    /** field sets from `objects/X/fieldSets/*.fieldSet-meta.xml`, keyed by lower-case name */
    fieldSets?: Map<string, FieldSetInfo>;
}

/** A field set (Metadata API "FieldSet"): its displayed fields in order, each a field path from the object. */
export interface FieldSetInfo {
    name: string;
    label: string;
    description: string | null;
    fields: { path: string; required: boolean }[];
}

export interface CustomMetadataRecord {
    type: string;
    developerName: string;
    label: string;
    protected: boolean;
    /** field lower-case name → value (typed per field: Decimal, Boolean, String, Date ...) */
    values: Map<string, ApexPrimitive>;
    file: string;
}

export interface ObjectPermission {
    read: boolean;
    create: boolean;
    edit: boolean;
    delete: boolean;
    viewAll: boolean;
    modifyAll: boolean;
}

export interface PermissionSetInfo {
    name: string;
    label: string;
    customPermissions: string[];
    /** lower-case object name → permissions */
    objectPermissions: Map<string, ObjectPermission>;
    /** lower-case `object.field` → FLS */
    fieldPermissions: Map<string, { readable: boolean; editable: boolean }>;
    /** enabled user permissions, lower-case (viewalldata, modifyalldata, apienabled…) */
    userPermissions: Set<string>;
    file: string;
}

export interface ProjectSetupData {
    permissionSets: PermissionSetInfo[];
    customPermissions: { name: string; label: string }[];
    apexClasses: string[];
    /** Visualforce page names (`pages/<Name>.page`), for `Page.<Name>`. */
    visualforcePages?: string[];
    /** Permission sets the project's CI assigns to the org's default (admin) user before its Apex test run. */
    testUserPermissionSets?: string[];
    /** Custom labels (`labels/CustomLabels.labels-meta.xml`): lower-case name → name and default-language value */
    customLabels?: Map<string, { name: string; value: string }>;
    /** Feature parameters (`featureParameters/<Name>.featureParameter{Integer,Boolean,Date}-meta.xml`): lower-case
     *  name → type, default value (raw text) and data-flow direction (LmoToSubscriber / SubscriberToLmo). */
    featureParameters?: Map<
        string,
        { name: string; type: 'Integer' | 'Boolean' | 'Date'; value: string; direction: string }
    >;
    /** lower-case class name → absolute path of its `.cls` (ApexClass.Body) */
    apexClassFiles?: Map<string, string>;
    /** Named Credentials in force-app: name, label and `Url` parameter (for NamedCredential rows). */
    namedCredentials?: { name: string; label: string; endpoint: string | null }[];
    /** Apex triggers in force-app: name + object (for ApexTrigger rows). */
    apexTriggers?: { name: string; object: string; events?: string[]; file?: string }[];
    /** Static resources in force-app (for StaticResource rows; visible in tests as metadata). */
    staticResources?: { name: string; contentType: string; file: string | null; cacheControl?: string }[];
    /** Classic email templates in force-app (`email/<Folder>/<Name>.email` + meta) for EmailTemplate/Folder rows. */
    emailTemplates?: {
        developerName: string;
        folder: string;
        name: string;
        subject: string | null;
        type: string;
        body: string | null;
        encoding: string | null;
        available: boolean;
        description: string | null;
    }[];
    /** Custom notification types in force-app (`notificationtypes/`) for CustomNotificationType rows. */
    customNotificationTypes?: {
        developerName: string;
        typeName: string;
        label: string;
        description: string | null;
        desktop: boolean;
        mobile: boolean;
    }[];
    /** Standard value sets from force-app (OpportunityStage, CaseStatus, TaskStatus…) keyed lower-case. */
    standardValueSets?: Map<string, StandardValue[]>;
    /** Absolute paths of `*.approvalProcess-meta.xml` / `*.workflow-meta.xml` files (src/approval/definitions.ts). */
    approvalFiles?: string[];
    /** `cachePartitions/*.cachePartition-meta.xml`, read by stdlib/platform-cache.ts */
    cachePartitionFiles?: string[];
    workflowFiles?: string[];
    /** `*.platformEventSubscriberConfig-meta.xml`: running user (a username) and batch size of an event trigger. */
    eventSubscriberConfigs?: { consumer: string; user: string | null; batchSize: number | null; file: string }[];
}

/** One value of a standard value set (StandardValueSet metadata: closed / won / probability / forecastCategory). */
export interface StandardValue {
    fullName: string;
    closed?: boolean;
    won?: boolean;
    converted?: boolean;
    probability?: number;
    forecastCategory?: string;
    isDefault?: boolean;
}
