import { InboundField, InboundModel } from './inbound-model';

type Schema = Record<string, unknown>;

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });

function fieldSchema(field: InboundField): Schema {
    const schema: Schema = {};
    switch (field.mappingType) {
        case 'number':
            schema.type = 'number';
            break;
        case 'boolean':
            schema.type = 'boolean';
            break;
        case 'date':
            schema.type = 'string';
            schema.format = 'date';
            break;
        case 'datetime':
            schema.type = 'string';
            schema.format = 'date-time';
            break;
        default:
            schema.type = 'string';
            if (field.maxLength) {
                schema.maxLength = field.maxLength;
            }
    }
    schema.nullable = true;
    let description = `D365 \`${field.d365Property}\`.`;
    if (field.reverseValueMap) {
        const pairs = Object.entries(field.reverseValueMap).map(([d365, sf]) => `\`${d365}\` → \`${sf}\``);
        description += ` Send the Salesforce value: ${pairs.join(', ')}.`;
    }
    schema.description = description;
    return schema;
}

function errorResponse(description: string, example: unknown) {
    return {
        description,
        content: { 'application/json': { schema: ref('RestErrors'), example } }
    };
}

/** The OpenAPI 3.0 document of exactly the calls D365 makes, from the inbound model. */
export function buildOpenApi(model: InboundModel): Record<string, unknown> {
    const writable = model.fields.filter((f) => f.writable);
    const base = `/services/data/v${model.apiVersion}`;
    const properties: Record<string, Schema> = {};
    for (const field of writable) {
        properties[field.salesforceField] = fieldSchema(field);
    }
    properties[model.modifiedAtField] = {
        type: 'string',
        format: 'date-time',
        nullable: true,
        description: `D365 \`ModifiedDateTime\`: when the data of this write changed in D365 (ISO 8601, UTC). Send it with every write. A write that changes a field owned by both sides is refused (400 FIELD_CUSTOM_VALIDATION_EXCEPTION) when this time is older than the last Salesforce edit (\`${model.salesforceModifiedAtField}\`) or missing.`
    };
    const example: Record<string, unknown> = {};
    for (const field of writable.slice(0, 4)) {
        example[field.salesforceField] = exampleValue(field);
    }
    example[model.modifiedAtField] = MODIFIED_AT_EXAMPLE;
    const key = model.externalIdField;
    const upsertResponses = {
        '200': {
            description: 'An Account with this key existed and was updated.',
            content: {
                'application/json': {
                    schema: ref('UpsertResult'),
                    example: { id: '001000000000001AAA', success: true, errors: [], created: false }
                }
            }
        },
        '201': {
            description: model.allowCreate
                ? 'No Account had this key; one was created.'
                : 'No Account had this key and one was created — only possible when the integration permission set grants Create (it does not by default).',
            content: {
                'application/json': {
                    schema: ref('UpsertResult'),
                    example: { id: '001000000000002AAA', success: true, errors: [], created: true }
                }
            }
        },
        '204': { description: 'Updated (older API versions answer an update without a body). Treat like 200.' },
        '300': {
            description:
                'More than one Account has this key (the field is unique, so this signals a data problem). Nothing was changed.',
            content: { 'application/json': { schema: { type: 'array', items: { type: 'string' } } } }
        },
        '400': {
            description:
                'The body was rejected: unknown field, wrong type, value too long, validation rule, a field Salesforce owns, or a stale write (D365_Modified_At__c older than the last Salesforce edit of a field both sides own, or missing).',
            content: {
                'application/json': {
                    schema: ref('RestErrors'),
                    examples: {
                        tooLong: {
                            value: [
                                {
                                    message: 'Billing City: data value too large: …',
                                    errorCode: 'STRING_TOO_LONG',
                                    fields: ['BillingCity']
                                }
                            ]
                        },
                        staleWrite: { value: staleWriteExample(model) }
                    }
                }
            }
        },
        '401': errorResponse('The token is missing, expired or revoked: request a new token and retry once.', [
            { message: 'Session expired or invalid', errorCode: 'INVALID_SESSION_ID' }
        ]),
        '403': errorResponse(
            'No permission (field, object or record access), or the org API request limit is exhausted.',
            [{ message: 'TotalRequests Limit exceeded.', errorCode: 'REQUEST_LIMIT_EXCEEDED' }]
        ),
        '404': errorResponse('Wrong URL, object or External ID field name.', [
            { message: 'The requested resource does not exist', errorCode: 'NOT_FOUND' }
        ])
    };
    return {
        openapi: '3.0.3',
        info: {
            title: `Salesforce inbound API for D365 (${model.object} upsert)`,
            version: `${model.apiVersion}-${model.fingerprint}`,
            description: [
                'Generated by `npm run integration:generate` from config/d365-integration.json and config/d365-field-mapping.json; do not edit.',
                `Every call D365 (through Azure API Management) makes to Salesforce: a token request with the OAuth client-credentials flow, then upserts of ${model.object} records by the External ID \`${key}\` (D365 \`${model.keyProperty}\`).`,
                'See docs/d365-handoff.md for the hand-off notes.'
            ].join('\n\n')
        },
        servers: [
            {
                url: 'https://{myDomain}.my.salesforce.com',
                description:
                    "The org's My Domain host (the client-credentials flow is refused on login.salesforce.com).",
                variables: {
                    myDomain: {
                        default: new URL(model.myDomain).hostname.split('.')[0],
                        description: 'My Domain name of the org'
                    }
                }
            }
        ],
        security: [{ salesforceClientCredentials: ['api'] }],
        paths: {
            '/services/oauth2/token': {
                post: {
                    operationId: 'requestToken',
                    summary: 'Get an access token (client-credentials flow)',
                    security: [],
                    requestBody: {
                        required: true,
                        content: {
                            'application/x-www-form-urlencoded': {
                                schema: {
                                    type: 'object',
                                    required: ['grant_type', 'client_id', 'client_secret'],
                                    properties: {
                                        grant_type: { type: 'string', enum: ['client_credentials'] },
                                        client_id: {
                                            type: 'string',
                                            description: `Consumer key of the External Client App ${model.appName}.`
                                        },
                                        client_secret: {
                                            type: 'string',
                                            format: 'password',
                                            description:
                                                'Consumer secret; keep it in a secret store (e.g. Azure Key Vault), never in code or logs.'
                                        }
                                    }
                                }
                            }
                        }
                    },
                    responses: {
                        '200': {
                            description: 'Token issued.',
                            content: { 'application/json': { schema: ref('TokenResponse') } }
                        },
                        '400': {
                            description:
                                'Refused: wrong client id/secret, no run-as user set, or the request was not sent to the My Domain host.',
                            content: {
                                'application/json': {
                                    schema: ref('OAuthError'),
                                    example: {
                                        error: 'invalid_client',
                                        error_description: 'invalid client credentials'
                                    }
                                }
                            }
                        }
                    }
                }
            },
            [`${base}/sobjects/${model.object}/${key}/{${camel(model.keyProperty)}}`]: {
                patch: {
                    operationId: `upsert${model.object}`,
                    summary: `Upsert one ${model.object} by ${key}`,
                    parameters: [
                        {
                            name: camel(model.keyProperty),
                            in: 'path',
                            required: true,
                            description: `D365 \`${model.keyProperty}\`, URL-encoded. Matching ignores case.`,
                            schema: { type: 'string', maxLength: 50 }
                        }
                    ],
                    requestBody: {
                        required: true,
                        content: { 'application/json': { schema: ref(`${model.object}Fields`), example } }
                    },
                    responses: upsertResponses
                }
            },
            [`${base}/composite/sobjects/${model.object}/${key}`]: {
                patch: {
                    operationId: `upsert${model.object}Collection`,
                    summary: `Upsert up to 200 ${model.object} records in one call`,
                    requestBody: {
                        required: true,
                        content: {
                            'application/json': {
                                schema: ref(`${model.object}Collection`),
                                example: {
                                    allOrNone: false,
                                    records: [{ attributes: { type: model.object }, [key]: 'C-000123', ...example }]
                                }
                            }
                        }
                    },
                    responses: {
                        '200': {
                            description:
                                'One result per record, in request order. Check `success` of each: with allOrNone false, some records can fail while others succeed.',
                            content: {
                                'application/json': { schema: { type: 'array', items: ref('CollectionResult') } }
                            }
                        },
                        '400': errorResponse(
                            'Malformed request (e.g. more than 200 records, or a record without the key).',
                            [{ message: 'Json Deserialization failed on token …', errorCode: 'JSON_PARSER_ERROR' }]
                        ),
                        '401': upsertResponses['401'],
                        '403': upsertResponses['403']
                    }
                }
            }
        },
        components: {
            securitySchemes: {
                salesforceClientCredentials: {
                    type: 'oauth2',
                    description: 'Send `Authorization: Bearer <access_token>` on every data call.',
                    flows: {
                        clientCredentials: {
                            tokenUrl: `${model.myDomain}/services/oauth2/token`,
                            scopes: { api: 'Access the REST API as the integration user' }
                        }
                    }
                }
            },
            schemas: {
                [`${model.object}Fields`]: {
                    type: 'object',
                    description: `The ${model.object} fields D365 may write (Salesforce API names). Other fields are refused.`,
                    additionalProperties: false,
                    properties
                },
                [`${model.object}Collection`]: {
                    type: 'object',
                    required: ['records'],
                    properties: {
                        allOrNone: {
                            type: 'boolean',
                            default: false,
                            description: 'true: one failure rolls back the whole call.'
                        },
                        records: {
                            type: 'array',
                            minItems: 1,
                            maxItems: 200,
                            items: {
                                allOf: [
                                    {
                                        type: 'object',
                                        required: ['attributes', key],
                                        properties: {
                                            attributes: {
                                                type: 'object',
                                                required: ['type'],
                                                properties: { type: { type: 'string', enum: [model.object] } }
                                            },
                                            [key]: {
                                                type: 'string',
                                                maxLength: 50,
                                                description: `D365 \`${model.keyProperty}\``
                                            }
                                        }
                                    },
                                    ref(`${model.object}Fields`)
                                ]
                            }
                        }
                    }
                },
                UpsertResult: {
                    type: 'object',
                    properties: {
                        id: { type: 'string', description: 'Salesforce record Id' },
                        success: { type: 'boolean' },
                        errors: { type: 'array', items: ref('SaveError') },
                        created: {
                            type: 'boolean',
                            description: 'true when the record was inserted, false when updated'
                        }
                    }
                },
                CollectionResult: {
                    type: 'object',
                    properties: {
                        id: { type: 'string', nullable: true },
                        success: { type: 'boolean' },
                        errors: { type: 'array', items: ref('SaveError') },
                        created: { type: 'boolean' }
                    }
                },
                SaveError: {
                    type: 'object',
                    properties: {
                        statusCode: { type: 'string', example: 'REQUIRED_FIELD_MISSING' },
                        message: { type: 'string' },
                        fields: { type: 'array', items: { type: 'string' } }
                    }
                },
                RestErrors: {
                    type: 'array',
                    items: {
                        type: 'object',
                        properties: {
                            message: { type: 'string' },
                            errorCode: { type: 'string' },
                            fields: { type: 'array', items: { type: 'string' } }
                        }
                    }
                },
                TokenResponse: {
                    type: 'object',
                    properties: {
                        access_token: { type: 'string' },
                        instance_url: { type: 'string', format: 'uri' },
                        id: { type: 'string', format: 'uri' },
                        token_type: { type: 'string', example: 'Bearer' },
                        issued_at: { type: 'string', description: 'milliseconds since the epoch' },
                        signature: { type: 'string' },
                        scope: { type: 'string' }
                    }
                },
                OAuthError: {
                    type: 'object',
                    properties: { error: { type: 'string' }, error_description: { type: 'string' } }
                }
            }
        }
    };
}

/** Example D365 change time (also used by the hand-off document). */
export const MODIFIED_AT_EXAMPLE = '2026-01-31T12:00:00.000Z';

/**
 * The REST answer to a stale write, as D365FieldOwnership words it (its STALE_WRITE message; the Salesforce error code
 * of a trigger's addError is FIELD_CUSTOM_VALIDATION_EXCEPTION).
 */
export function staleWriteExample(model: InboundModel): unknown[] {
    const shared = model.fields.filter((f) => f.owner === 'both' && f.writable).map((f) => f.salesforceField);
    const named = (shared.length ? shared.slice(0, 2) : ['BillingCity']).join(', ');
    return [
        {
            message: `Stale D365 write refused: ${model.modifiedAtField} 2026-01-31T12:00:00.000Z is older than the last Salesforce edit (${model.salesforceModifiedAtField} 2026-01-31T12:05:00.000Z) of ${named}. Nothing was saved; do not retry it unchanged.`,
            errorCode: 'FIELD_CUSTOM_VALIDATION_EXCEPTION',
            fields: [model.modifiedAtField]
        }
    ];
}

function camel(name: string): string {
    return name.charAt(0).toLowerCase() + name.slice(1);
}

export function exampleValue(field: InboundField): unknown {
    switch (field.mappingType) {
        case 'number':
            return 42;
        case 'boolean':
            return true;
        case 'date':
            return '2026-01-31';
        case 'datetime':
            return '2026-01-31T12:00:00Z';
        case 'picklist':
            return field.reverseValueMap ? Object.values(field.reverseValueMap)[0] : 'Value';
        default:
            return EXAMPLES[field.salesforceField] ?? 'text';
    }
}

const EXAMPLES: Record<string, string> = {
    Name: 'Contoso Ltd',
    BillingStreet: '1 Main Street',
    BillingCity: 'Seattle',
    BillingPostalCode: '98052',
    BillingState: 'WA',
    BillingCountry: 'USA',
    Phone: '+1 425 555 0100',
    Fax: '+1 425 555 0101',
    Website: 'https://www.contoso.example'
};
