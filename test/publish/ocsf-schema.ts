/**
 * A JSON schema for OCSF Detection Finding (class 2004) objects, written from the OCSF schema (1.3.0 and the
 * current `events/findings/detection_finding.json`, `finding.json`, `base_event.json`, `objects/finding_info.json`,
 * `objects/metadata.json`, `objects/product.json`, the `cloud` profile): every attribute whose requirement is
 * `required` in the class or the objects it uses, with its type and enumeration.
 */
export const OCSF_DETECTION_FINDING_SCHEMA = {
  $id: 'ocsf-detection-finding',
  type: 'object',
  // base_event / classification / occurrence traits: activity_id, category_uid, class_uid, type_uid, severity_id,
  // time, metadata; finding: finding_info; cloud profile: cloud.
  required: [
    'activity_id',
    'category_uid',
    'class_uid',
    'type_uid',
    'severity_id',
    'time',
    'metadata',
    'finding_info',
    'cloud',
  ],
  properties: {
    // finding.activity_id: 0 Unknown, 1 Create, 2 Update, 3 Close, 99 Other (then activity_name is required).
    activity_id: { enum: [0, 1, 2, 3, 99] },
    activity_name: { type: 'string' },
    category_uid: { const: 2 },
    class_uid: { const: 2004 },
    // type_uid = class_uid * 100 + activity_id (checked in the test, a schema cannot express it).
    type_uid: { enum: [200400, 200401, 200402, 200403, 200499] },
    severity_id: { enum: [0, 1, 2, 3, 4, 5, 6, 99] },
    status_id: { enum: [0, 1, 2, 3, 4, 5, 6, 99] },
    // timestamp_t: milliseconds since the epoch.
    time: { type: 'integer', minimum: 0 },
    message: { type: 'string' },
    is_alert: { type: 'boolean' },
    metadata: {
      type: 'object',
      required: ['product', 'version'],
      properties: {
        version: { type: 'string', pattern: '^\\d+\\.\\d+\\.\\d+' },
        // product: name (required in 1.0, recommended later) and vendor_name (required in later versions).
        product: {
          type: 'object',
          required: ['name', 'vendor_name'],
          properties: { name: { type: 'string', minLength: 1 }, vendor_name: { type: 'string', minLength: 1 } },
        },
        profiles: { type: 'array', items: { type: 'string' } },
      },
    },
    cloud: {
      type: 'object',
      required: ['provider'],
      properties: { provider: { type: 'string', minLength: 1 }, region: { type: 'string' } },
    },
    finding_info: {
      type: 'object',
      // finding_info.uid: required; title: required in 1.0-1.1, recommended since (always sent here).
      required: ['uid', 'title'],
      properties: {
        uid: { type: 'string', minLength: 1 },
        title: { type: 'string', minLength: 1 },
        desc: { type: 'string' },
        types: { type: 'array', items: { type: 'string' } },
        created_time: { type: 'integer' },
        first_seen_time: { type: 'integer' },
        last_seen_time: { type: 'integer' },
        modified_time: { type: 'integer' },
        src_url: { type: 'string' },
      },
    },
    resources: {
      type: 'array',
      items: {
        type: 'object',
        required: ['uid'],
        properties: { uid: { type: 'string', minLength: 1 }, type: { type: 'string' }, region: { type: 'string' } },
      },
    },
    remediation: {
      type: 'object',
      required: ['desc'],
      properties: { desc: { type: 'string' }, references: { type: 'array', items: { type: 'string' } } },
    },
  },
  allOf: [{ if: { properties: { activity_id: { const: 99 } } }, then: { required: ['activity_name'] } }],
} as const;
