/**
 * A JSON schema for the ASFF findings this project sends, written from the Security Hub documentation (not from
 * the code): the required top-level attributes ("Required top-level ASFF attributes": AwsAccountId, CreatedAt,
 * Description, GeneratorId, Id, ProductArn, Resources, SchemaVersion, Severity, Title, Types, UpdatedAt) and the
 * constraints of the API reference (`AwsSecurityFinding`, `Resource`, `Severity`, `Compliance`, `Remediation`).
 * Each constraint quotes or names its source.
 */

// AwsSecurityFinding: "Timestamps can end with Z or ("+" / "-") time-hour [":" time-minute]. The time-secfrac
// after seconds is limited to a maximum of 9 digits."
const TIMESTAMP = '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}(:?\\d{2})?)$';
// "Pattern: .*\S.*" on the string attributes.
const NON_BLANK = '\\S';
// Types taxonomy: "namespace/category/classifier"; the namespaces Security Hub defines; a partial path is valid.
const TYPE =
  '^(Software and Configuration Checks|TTPs|Effects|Unusual Behaviors|Sensitive Data Identifications)(/[^/]+){0,2}$';
const LABELS = ['INFORMATIONAL', 'LOW', 'MEDIUM', 'HIGH', 'CRITICAL'];

const text = (max: number) => ({ type: 'string', minLength: 1, maxLength: max, pattern: NON_BLANK });
const severity = { type: 'object', required: ['Label'], properties: { Label: { enum: LABELS }, Original: text(256) } };

export const ASFF_FINDING_SCHEMA = {
  $id: 'asff-finding',
  type: 'object',
  required: [
    'SchemaVersion',
    'Id',
    'ProductArn',
    'GeneratorId',
    'AwsAccountId',
    'Types',
    'CreatedAt',
    'UpdatedAt',
    'Severity',
    'Title',
    'Description',
    'Resources',
  ],
  properties: {
    // "SchemaVersion": "2018-10-08" is the only ASFF version.
    SchemaVersion: { const: '2018-10-08' },
    // Id, GeneratorId: "Length Constraints: Minimum length of 1. Maximum length of 512."
    Id: text(512),
    GeneratorId: text(512),
    // AwsAccountId: "Length Constraints: 12."
    AwsAccountId: { type: 'string', pattern: '^\\d{12}$' },
    // The default product of an account: arn:partition:securityhub:region:account-id:product/account-id/default.
    ProductArn: { type: 'string', pattern: '^arn:aws(-[a-z]+)*:securityhub:[a-z0-9-]+:(\\d{12}):product/\\2/default$' },
    // Types: "Array Members: Maximum number of 50 items."
    Types: { type: 'array', minItems: 1, maxItems: 50, items: { type: 'string', pattern: TYPE } },
    CreatedAt: { type: 'string', pattern: TIMESTAMP },
    UpdatedAt: { type: 'string', pattern: TIMESTAMP },
    FirstObservedAt: { type: 'string', pattern: TIMESTAMP },
    LastObservedAt: { type: 'string', pattern: TIMESTAMP },
    Severity: severity,
    FindingProviderFields: {
      type: 'object',
      properties: {
        Severity: severity,
        Types: { type: 'array', maxItems: 50, items: { type: 'string', pattern: TYPE } },
      },
    },
    // Title: "Maximum length of 256"; Description: "Maximum length of 1024".
    Title: text(256),
    Description: text(1024),
    // Recommendation.Text: "Maximum length of 512"; Url: a URL.
    Remediation: {
      type: 'object',
      properties: {
        Recommendation: {
          type: 'object',
          properties: { Text: text(512), Url: { type: 'string', pattern: '^https://' } },
        },
      },
    },
    // ProductFields: "Can contain up to 50 key-value pairs. For each key-value pair, the key can contain up to 128
    // characters, and the value can contain up to 2048 characters."
    ProductFields: {
      type: 'object',
      maxProperties: 50,
      propertyNames: { maxLength: 128, minLength: 1 },
      additionalProperties: text(2048),
    },
    // Resources: "an array of up to 32 resource objects"; Resource: Id and Type required.
    Resources: {
      type: 'array',
      minItems: 1,
      maxItems: 32,
      items: {
        type: 'object',
        required: ['Id', 'Type'],
        properties: {
          Id: text(512),
          Type: text(256),
          Partition: { enum: ['aws', 'aws-cn', 'aws-us-gov'] },
          Region: { type: 'string', minLength: 1, maxLength: 16 },
          Details: {
            type: 'object',
            properties: {
              AwsS3Bucket: { type: 'object', properties: { OwnerAccountId: { type: 'string', pattern: '^\\d{12}$' } } },
              AwsEcrRepository: { type: 'object', properties: { Arn: text(2048), RepositoryName: text(256) } },
              Other: {
                type: 'object',
                maxProperties: 50,
                propertyNames: { maxLength: 128 },
                additionalProperties: text(1024),
              },
            },
          },
        },
      },
    },
    // Compliance.Status: "PASSED | WARNING | FAILED | NOT_AVAILABLE"; RelatedRequirements: up to 32 items.
    Compliance: {
      type: 'object',
      properties: {
        Status: { enum: ['PASSED', 'WARNING', 'FAILED', 'NOT_AVAILABLE'] },
        RelatedRequirements: { type: 'array', maxItems: 32, items: text(256) },
      },
    },
    RecordState: { enum: ['ACTIVE', 'ARCHIVED'] },
    // "BatchImportFindings cannot be used to update ... Workflow": a provider must not send it.
    Workflow: false,
    Note: false,
  },
} as const;

/** "The maximum allowed size for a finding is 240 Kb." */
export const ASFF_MAX_FINDING_BYTES = 240 * 1024;
