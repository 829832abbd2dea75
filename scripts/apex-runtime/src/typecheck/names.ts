// Which unresolved type names the pass may call "Invalid type". A false compile error is worse than a miss, so a
// name is reported only when it is surely the project's (see reportableInvalidType) and cannot be a platform type or a
// standard object: one segment (a qualified name may
// belong to any namespace, managed packages included), no `__` (custom objects, managed packages), not a System /
// Schema / Database type or a top-level platform namespace listed below, not a standard object of the list in
// standard-objects.ts, and not shaped like a generated standard object (…Share, …History, …Feed, …ChangeEvent) or a
// platform exception (…Exception).
import { isOneKeyTypo } from '../schema/typos';
import { STANDARD_OBJECT_NAMES } from './standard-objects';

// Apex Reference Guide, System / Schema / Database / ApexPages / Messaging namespaces (types usable without the
// namespace prefix), plus the top-level namespaces themselves.
const PLATFORM_TYPE_NAMES = `
AccessLevel AccessType Address Answers ApexPages Approval Assert AsyncInfo AsyncOptions Auth Blob Boolean
BusinessHours Cache Callable Canvas Cases ChatterAnswers Comparable Comparator ConnectApi Continuation Cookie Crypto
Database DataSource DataWeave Date Datetime Decimal Domain DomainCreator DomainParser DomainType Dom Double
EmailMessages EncodingUtil EventBus FeatureManagement Finalizer FinalizerContext FlexQueue Flow Formula
FormulaRecalcFieldError FormulaRecalcResult Functions Http HttpCalloutMock HttpRequest HttpResponse Id Ideas
InstallContext InstallHandler Integer Invocable Iterable Iterator JSON JSONGenerator JSONParser JSONToken
KbManagement Label Limits Location Long Matcher Math Messaging Metadata MultiStaticResourceCalloutMock Network Object
OrgLimit OrgLimits PageReference ParentJobResult Pattern Process Queueable QueueableContext
QueueableDuplicateSignature QuickAction Quiddity RemoteObjectController Reports Request RequestId
ResetPasswordResult RestContext RestRequest RestResponse Savepoint Schedulable SchedulableContext Schema Search
Security SelectOption Site SObject SObjectAccessDecision SObjectType SObjectField Sfc Slack StaticResourceCalloutMock
String StubProvider Support System Test Time TimeZone Trigger TriggerOperation TxnSecurity Type UninstallContext
UninstallHandler Url UserInfo UserManagement UserProvisioning Version VisualEditor Wave WebServiceCallout
WebServiceMock XmlStreamReader XmlStreamWriter CommercePayments LxScheduler Datacloud Context ExternalService
DescribeSObjectResult DescribeFieldResult DescribeTabSetResult DescribeTabResult DescribeColorResult
DescribeIconResult DescribeDataCategoryGroupResult DescribeDataCategoryGroupStructureResult
DataCategoryGroupSObjectTypePair DataCategory FieldSet FieldSetMember ChildRelationship PicklistEntry RecordTypeInfo
DisplayType SoapType SObjectDescribeOptions FieldDescribeOptions SaveResult UpsertResult DeleteResult UndeleteResult
MergeResult Error QueryLocator QueryLocatorIterator Batchable BatchableContext LeadConvert LeadConvertResult
DMLOptions DmlOptions EmptyRecycleBinResult Cursor PaginationCursor SingleEmailMessage MassEmailMessage InboundEmail
InboundEnvelope InboundEmailResult InboundEmailHandler Email EmailFileAttachment SendEmailResult SendEmailError
ProcessRequest ProcessResult ProcessSubmitRequest ProcessWorkitemRequest LockResult UnlockResult Interview Plugin
PluginRequest PluginResult PluginDescribeResult Document XmlNode XmlNodeType StandardController
StandardSetController Message SearchResult SearchResults SuggestionOption CacheBuilder OrgPartition SessionPartition
Partition Visibility DeployCallback DeployContainer DeployResult CustomMetadata CustomMetadataValue
DeployCallbackContext Operations DeployStatus AllowsCallouts Stateful RaisesPlatformEvents BatchableContextImpl
AsyncApexJob Package Component ApexClass Sobject Url URL UUID Uuid RecordType Exception
`
    .split(/\s+/)
    .filter(Boolean);

// standard objects newer than the jsforce list (Object Reference for Salesforce and Lightning Platform)
const NEWER_STANDARD_OBJECTS = `
PermissionSetGroup PermissionSetGroupComponent Quote QuoteLineItem QuoteDocument ContactPointEmail ContactPointPhone
ContactPointAddress ContactPointConsent ContactPointTypeConsent DataUsePurpose AccountContactRelation
ServiceAppointment ServiceResource ServiceTerritory ServiceTerritoryMember WorkType WorkOrderLineItem AssignedResource
ResourceAbsence OperatingHours TimeSlot Skill SkillRequirement ProductConsumed ProductItem ProductRequest
ProductRequestLineItem ReturnOrder ReturnOrderLineItem LiveChatTranscript LiveChatVisitor Shipment MessagingSession
MessagingEndUser MessagingChannel DandBCompany FlowInterview FlowDefinitionView FlowRecordRelation FlowOrchestrationInstance
AuraDefinitionBundle LightningComponentBundle UserAppInfo TenantSecret ApexTypeImplementor AsyncApexJob
AuthorizationFormConsent AuthorizationForm Image Recommendation KnowledgeArticle KnowledgeArticleVersion Knowledge
PromptTemplate ExternalCredential NamedCredential ExternalDataSource CustomNotificationType ConnectedApplication
SetupAssistantStep PlatformCachePartition UserPackageLicense PackageLicense EmailServicesAddress EmailServicesFunction
ConversationEntry Contract ContractLineItem ServiceContract Entitlement Asset AssetRelationship Location Address
`
    .split(/\s+/)
    .filter(Boolean);

const KNOWN = new Set(
    [...PLATFORM_TYPE_NAMES, ...STANDARD_OBJECT_NAMES, ...NEWER_STANDARD_OBJECTS].map((n) => n.toLowerCase())
);

/** Edit distance (insert / delete / substitute); 3 means "more than two". */
export function editDistance(a: string, b: string): number {
    if (Math.abs(a.length - b.length) > 2) return 3;
    let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
    for (let i = 1; i <= a.length; i++) {
        const cur = [i];
        for (let j = 1; j <= b.length; j++)
            cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
        prev = cur;
    }
    return prev[b.length];
}

/**
 * True when the pass may report `Invalid type: <names>` for a name nothing resolved. The lists above are not the
 * platform's whole catalogue (an org has hundreds of standard objects more, some only with a feature enabled), so an
 * unknown name is reported only when it is surely the project's own: a custom type (`X__c`, `X__mdt`, `X__e`…, no
 * namespace) the project does not define, or a near miss (edit distance <= 2) of one of the project's type names —
 * a typo or a class missing from the deploy. Anything else stays undecided.
 */
export function reportableInvalidType(names: string[], projectTypeNames: Iterable<string> = []): boolean {
    if (names.length !== 1) return false;
    const n = names[0];
    if (KNOWN.has(n.toLowerCase())) return false;
    if (/^[A-Za-z][A-Za-z0-9]*(_[A-Za-z0-9]+)*__(c|mdt|e|b|x)$/i.test(n)) return true;
    // a misspelt System exception (`QuryException`) has the shape of a platform name but is still a misspelling
    if (!n.includes('__') && /^[A-Za-z][A-Za-z0-9_]*$/.test(n) && typoOfKnownName(n)) return true;
    if (mayBePlatformName(n) || n.length < 4) return false;
    for (const p of projectTypeNames) if (editDistance(n.toLowerCase(), p.toLowerCase()) <= 2) return true;
    return typoOfKnownName(n);
}

// System namespace exceptions usable without a prefix (Apex Reference Guide, "Exception Class and Built-In
// Exceptions"); only used to recognise a misspelling of one of them.
const SYSTEM_EXCEPTIONS = `
AsyncException BigObjectException CalloutException DmlException EmailException ExternalObjectException
FinalException FlowException HandledException IllegalArgumentException InvalidParameterValueException
LimitException JSONException ListException MathException NoAccessException NoDataFoundException
NoSuchElementException NullPointerException QueryException RequiredFeatureMissingException SearchException
SecurityException SerializationException SObjectException StringException TypeException UnexpectedException
VisualforceException XmlException AssertException DuplicateMessageException IllegalStateException
InvalidHeaderException LicenseException AuraHandledException
`
    .split(/\s+/)
    .filter(Boolean)
    .map((n) => n.toLowerCase());
const TYPO_TARGETS = [...KNOWN, ...SYSTEM_EXCEPTIONS].filter((n) => n.length >= 5);

/** A one-keystroke misspelling of a platform type, standard object or System exception (`Strng`, `Acount`,
 *  `DmlExcepton`; schema/typos.ts). */
function typoOfKnownName(n: string): boolean {
    return n.length >= 5 && isOneKeyTypo(n, TYPO_TARGETS);
}

/** A name the lists above know, or shaped like a namespaced, custom or generated platform name. */
export function mayBePlatformName(n: string): boolean {
    if (KNOWN.has(n.toLowerCase())) return true;
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(n) || n.includes('__')) return true;
    return /(Share|History|Feed|ChangeEvent|Event|Exception)$/i.test(n);
}
