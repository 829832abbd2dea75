import { IntegrationConfig } from './integration-config';
import { InboundField, InboundModel } from './inbound-model';
import { exampleValue, MODIFIED_AT_EXAMPLE, staleWriteExample } from './openapi';

function typeText(field: InboundField): string {
    const base = {
        string: 'text',
        picklist: 'picklist value',
        number: 'number',
        boolean: 'true / false',
        date: 'date `YYYY-MM-DD`',
        datetime: 'date-time ISO 8601 (UTC)'
    }[field.mappingType];
    return field.maxLength && (field.mappingType === 'string' || field.mappingType === 'picklist')
        ? `${base}, ≤ ${field.maxLength} chars`
        : base;
}

const OWNER_TEXT = {
    salesforce: 'Salesforce',
    d365: 'D365',
    both: 'both'
};

function notes(field: InboundField): string {
    const parts: string[] = [];
    if (field.readOnlyInSalesforce) {
        parts.push('read-only in Salesforce — do not send');
    } else if (field.owner === 'salesforce') {
        parts.push('Salesforce owns it: read only for D365 — do not send');
    } else if (field.owner === 'both') {
        parts.push('refused when older than the last Salesforce edit (§5.1)');
    }
    if (field.requiredForPush) {
        parts.push('required for the Salesforce → D365 push');
    }
    if (field.reverseValueMap) {
        parts.push(
            `translate: ${Object.entries(field.reverseValueMap)
                .map(([d365, sf]) => `\`${d365}\` → \`${sf}\``)
                .join(', ')}`
        );
    }
    return parts.join('; ') || '—';
}

/** `docs/d365-handoff.md`: what the D365 team needs, generated from the same configs as the OpenAPI file. */
export function renderHandoff(model: InboundModel, config: IntegrationConfig, marker: string): string {
    const v = model.apiVersion;
    const key = model.externalIdField;
    const host = model.myDomain;
    const writable = model.fields.filter((f) => f.writable);
    const example: Record<string, unknown> = {};
    writable.forEach((f) => (example[f.salesforceField] = exampleValue(f)));
    example[model.modifiedAtField] = MODIFIED_AT_EXAMPLE;
    const fieldRows = model.fields.map(
        (f) =>
            `| \`${f.d365Property}\` | \`${f.salesforceField}\` | ${typeText(f)} | ${OWNER_TEXT[f.owner]} | ${notes(f)} |`
    );
    const shared = model.fields.filter((f) => f.owner === 'both' && f.writable).map((f) => `\`${f.salesforceField}\``);
    const runAs = config.oauth.runAsUsername
        ? `\`${config.oauth.runAsUsername}\` (set in config/d365-integration.json)`
        : 'chosen by the admin in Setup after deploying (config/d365-integration.json leaves `runAsUsername` empty)';

    return `<!-- ${marker}; do not edit, change config/d365-integration.json or config/d365-field-mapping.json and regenerate. -->

# D365 → Salesforce: hand-off for the Dynamics 365 team

Salesforce pushes approved Accounts to D365 through Azure API Management. This document describes the
other direction: how D365 (or APIM / a Logic App on its behalf) writes back to Salesforce. The machine-readable
contract is [openapi/d365-inbound.openapi.yaml](openapi/d365-inbound.openapi.yaml); both files are generated from
the same configuration, so they always agree.

| what | value |
| --- | --- |
| Salesforce host | the org's My Domain, \`${host}\` (placeholder) |
| API version | \`v${v}\` |
| Authentication | OAuth 2.0 client-credentials flow, External Client App \`${model.appName}\` |
| Object | \`${model.object}\` |
| Key | External ID field \`${key}\` = D365 \`${model.keyProperty}\` (unique, case-insensitive) |
| Runs as | the integration user, ${runAs}, with permission set \`${model.permissionSetName}\` |

## 1. What the Salesforce admin gives you

1. The **My Domain URL** of each org (production and every sandbox has its own).
2. The **consumer key** (client id) and **consumer secret** (client secret) of the External Client App
   \`${model.appName}\` — Setup → External Client App Manager → \`${model.appName}\` → Settings → OAuth Settings →
   *Consumer Key and Secret* (Salesforce asks the admin to verify their identity). Salesforce creates both when the
   app is deployed; they are in no file of this repository.
3. Confirmation that the integration user exists, is API-only, holds permission set \`${model.permissionSetName}\`,
   and is set as the app's client-credentials *Run As* user.

**Sharing the secret safely.** The admin sends the client id and secret through a secret store both sides use (for
example Azure Key Vault: the admin writes the secret, APIM reads it through a Key Vault–backed named value), or a
one-time secret link — never by e-mail, chat, ticket or in a document. The consumer key and secret are never in
source control, in APIM policies as plain text, or in logs. Rotate the consumer secret (External Client App Manager →
\`${model.appName}\` → Settings → OAuth Settings) when someone who saw it leaves, or at least yearly; both sides then
update the vault entry.

## 2. Get an access token

\`\`\`http
POST ${host}/services/oauth2/token
Content-Type: application/x-www-form-urlencoded

grant_type=client_credentials&client_id=<consumer key>&client_secret=<consumer secret>
\`\`\`

Send it to the **My Domain host**; \`login.salesforce.com\` refuses the client-credentials flow. Success (200):

\`\`\`json
{
  "access_token": "<token>",
  "instance_url": "${host}",
  "id": "https://login.salesforce.com/id/<org id>/<user id>",
  "token_type": "Bearer",
  "issued_at": "1767225600000",
  "signature": "<signature>",
  "scope": "api"
}
\`\`\`

The token lives ${config.policies.sessionTimeoutMinutes} minutes of inactivity (the app's session policy) and there is no
refresh token: request a new token when a call answers 401, then retry that call once. Cache the token between calls;
do not request one per call. Failures answer 400 with \`{"error": "...", "error_description": "..."}\`:
\`invalid_client\` (wrong id or secret), \`invalid_grant\` (no run-as user set on the app, the user is inactive, or the
request did not go to the My Domain host).

## 3. Upsert one ${model.object}

\`\`\`http
PATCH ${host}/services/data/v${v}/sobjects/${model.object}/${key}/<${model.keyProperty}>
Authorization: Bearer <access_token>
Content-Type: application/json

${JSON.stringify(example, null, 2)}
\`\`\`

URL-encode the key value. Do not repeat \`${key}\` in the body. Answers:

| status | meaning | what D365 does |
| --- | --- | --- |
| 200 | an ${model.object} with this key was updated; body \`{"id": "001…", "success": true, "errors": [], "created": false}\` | done |
| 201 | no ${model.object} had this key and one was created (\`"created": true\`)${model.allowCreate ? '' : ' — does not happen with the shipped permission set, which grants no Create: such a call is refused instead'} | done |
| 204 | updated, no body (older API versions) | treat like 200 |
| 300 | several records share the key — nothing changed | report to the Salesforce admin |
| 400 | rejected; body is an array \`[{"message": "…", "errorCode": "…", "fields": ["…"]}]\` (e.g. \`STRING_TOO_LONG\`, \`INVALID_FIELD\`, \`FIELD_CUSTOM_VALIDATION_EXCEPTION\` — also a stale write, §5.1 — \`JSON_PARSER_ERROR\`) | fix the data; do not retry unchanged |
| 401 | \`INVALID_SESSION_ID\`: token expired or revoked | new token, retry once |
| 403 | no access (\`INSUFFICIENT_ACCESS…\`) or \`REQUEST_LIMIT_EXCEEDED\` | access: report; limit: back off and retry later |
| 404 | \`NOT_FOUND\`: wrong URL, object or field name | fix the URL |
| 5xx | Salesforce-side failure or maintenance | retry with exponential back-off |

${
    model.allowCreate
        ? ''
        : `The integration user may **read and edit** ${model.object} records but not create them: Salesforce creates the
${model.object} and pushes it to D365, which answers with its \`${model.keyProperty}\`; Salesforce stores it on
\`${key}\`. From then on D365 can upsert by that key. An upsert with a key no ${model.object} carries is refused.

`
}The integration user also needs sharing access to the records it edits (organisation-wide default *Public Read/Write*,
a sharing rule, or ownership) — that is set up by the Salesforce admin.

## 4. Upsert many records in one call (up to 200)

\`\`\`http
PATCH ${host}/services/data/v${v}/composite/sobjects/${model.object}/${key}
Authorization: Bearer <access_token>
Content-Type: application/json

${JSON.stringify({ allOrNone: false, records: [{ attributes: { type: model.object }, [key]: 'C-000123', ...example }] }, null, 2)}
\`\`\`

At most **200 records** per call, all of type \`${model.object}\`, each carrying \`${key}\`. The answer is 200 with one
result per record, in request order: \`{"id": "001…", "success": true, "errors": [], "created": false}\` or
\`{"success": false, "errors": [{"statusCode": "STRING_TOO_LONG", "message": "…", "fields": ["…"]}]}\`. With
\`"allOrNone": false\` some records may fail while others succeed — check every result. With \`true\` one failure rolls
back the whole call. For initial loads of many thousands of records ask the Salesforce admin about Bulk API 2.0.

## 5. Fields, in D365's direction

| D365 property | Salesforce field | type | owner | notes |
| --- | --- | --- | --- | --- |
| \`${model.keyProperty}\` | \`${key}\` | text, ≤ 50 chars | D365 | the key: in the URL, or in each record of a collection call |
${fieldRows.join('\n')}
| \`ModifiedDateTime\` | \`${model.modifiedAtField}\` | date-time ISO 8601 (UTC) | D365 | D365's change time of the data in this write: send it with every write (§5.1) |

Send only the fields D365 owns (owner D365 or both); any other field is refused (\`INVALID_FIELD\` or
\`INVALID_FIELD_FOR_INSERT_UPDATE\`, or by the trigger with \`FIELD_CUSTOM_VALIDATION_EXCEPTION\` when the user's profile
lets it through). Send \`null\` to clear a field. Text longer than the limit is refused (\`STRING_TOO_LONG\`), not
truncated.

### 5.1 Who owns a field, and stale writes

Each field of the mapping has an owner (\`owner\` in config/d365-field-mapping.json): **Salesforce** fields are pushed
to D365 and never written back; **D365** fields are written by D365 only (Salesforce users cannot change them);
fields owned by **both** are written by either side, and the newer change wins — by time, not by arrival order.
${
    shared.length
        ? `The fields owned by both are ${shared.join(', ')}.`
        : 'No field of the current mapping is owned by both sides.'
}

Salesforce stamps \`${model.salesforceModifiedAtField}\` whenever a Salesforce user changes a field owned by both. D365
sends \`${model.modifiedAtField}\` with every write: the time the data changed in D365 (its \`ModifiedDateTime\`), ISO 8601
in UTC, e.g. \`${MODIFIED_AT_EXAMPLE}\` — not the time of the call, which would let a late or retried write win. A
write that changes a field owned by both is refused when

- \`${model.modifiedAtField}\` is older than \`${model.salesforceModifiedAtField}\` (a Salesforce user changed a shared
  field after D365's change), or
- no \`${model.modifiedAtField}\` is on the record (never sent): without a time the newer change cannot be told apart.
  A write that leaves it out is judged by the time of D365's previous write still on the record.

The refusal is a 400 (one upsert) or a failed result (collection), nothing of that record is saved:

\`\`\`json
${JSON.stringify(staleWriteExample(model), null, 2)}
\`\`\`

Do not retry a refused write unchanged: Salesforce has the newer value (and pushes it to D365 when the Account is
approved). Salesforce compares the stamp of the whole record, not per field: a D365 write to one shared field is
refused after a Salesforce edit of another shared field of the same record.

## 6. Loop prevention

Changes made by the integration user never start a push back to D365: the permission set \`${model.permissionSetName}\`
carries the custom permission \`D365_Sync_Integration_User\`, and the Salesforce sync ignores changes by users who hold
it. So D365 must write with this app and user only. Writes through another user (for example a named admin) would be
pushed back to D365.

## 7. Limits

- Every call counts against the org's daily API request limit (shared with all integrations). Each response carries
  \`Sforce-Limit-Info: api-usage=<used>/<limit>\`; back off when usage is high. Past the limit calls answer 403
  \`REQUEST_LIMIT_EXCEEDED\`.
- Prefer the collection call (one API request for up to 200 records) over single upserts.
- Keep the token (one token request per session, not per call).
- Retry only 401 (once, with a new token), 5xx and \`REQUEST_LIMIT_EXCEEDED\` (with back-off); never retry a 400
  unchanged.

## 8. Admin checklist (Salesforce side)

1. Deploy the package (External Client App \`${model.appName}\`, permission set \`${model.permissionSetName}\`). The org
   needs External Client Apps enabled and *Allow Access to OAuth Consumer Secrets via Metadata API* for the OAuth
   settings to deploy.
2. Create an integration user (Salesforce Integration license, profile *Minimum Access - API Only Integrations*),
   assign \`${model.permissionSetName}\` (plus the *Salesforce API Integration* permission set license if the license
   requires it).
3. External Client App Manager → \`${model.appName}\` → Policies → OAuth Policies: enable the client-credentials flow
   and set *Run As* to that user (unless \`runAsUsername\` was set in the config), keep *Admin approved users are
   pre-authorized* with \`${model.permissionSetName}\`.
4. Give the user sharing access to the ${model.object} records D365 updates.
5. Share My Domain URL, consumer key and secret as described in section 1.

## 9. Salesforce → D365: the idempotency contract

Every push (\`POST <endpoint path>\`, one Account per request) carries two headers:

| Header | Value | Same on a retry? |
| --- | --- | --- |
| \`X-Correlation-Id\` | the outbox row's \`Idempotency_Key__c\` (a UUID) | yes, for every attempt of the row |
| \`Idempotency-Key\` | \`<Idempotency_Key__c>.<first 32 hex digits of SHA-256 of the exact body>\` | only when the body is byte-for-byte the same body |

What D365 / APIM may rely on:

- The same \`Idempotency-Key\` always comes with the same body. Replaying the stored answer for a repeated key is
  safe (the Salesforce side retries after timeouts and 5xx, and a late job may repeat a send).
- A row whose Account changed between attempts (a mapped-field edit merged into a scheduled retry, a manual retry
  after an edit) is sent with a **new** \`Idempotency-Key\`: process it as a new write. A D365 that replayed the old
  answer would drop the newer data while Salesforce shows the row as Succeeded.
- Use \`X-Correlation-Id\` to tie the attempts of one row together in logs; never de-duplicate on it.
`;
}
