import { Ajv, type ValidateFunction } from 'ajv';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { ReportFinding } from '../../lib/findings/model.js';
import type { Finding } from '../../lib/model/finding.js';
import { asffPlan } from '../../lib/publish/asff-plan.js';
import { asffFinding, type AsffContext } from '../../lib/publish/render-asff.js';
import { ocsfFinding } from '../../lib/publish/render-ocsf.js';
import { ASFF_FINDING_SCHEMA, ASFF_MAX_FINDING_BYTES } from './asff-schema.js';
import { OCSF_DETECTION_FINDING_SCHEMA } from './ocsf-schema.js';
import { knownDoc } from './doc.js';

const ajv = new Ajv({ allErrors: true, strict: false });
const validAsff: ValidateFunction = ajv.compile(ASFF_FINDING_SCHEMA);
const validOcsf: ValidateFunction = ajv.compile(OCSF_DETECTION_FINDING_SCHEMA);

const CTX: AsffContext = {
  account: '123456789012',
  partition: 'aws',
  region: 'eu-west-1',
  reportLink: 's3://reports/reports/2026-12-01/r/report.html',
};

// Findings drawn from the finding schema of design.md, not from the exporters: any text where the scanner copies
// policy text (principals, condition values, Sids, suppression reasons), long lists, every enum value.
const text = fc.string({ unit: 'grapheme', maxLength: 400 });
const account = fc.stringMatching(/^\d{12}$/);
const region = fc.constantFrom('us-east-1', 'eu-west-1', 'ap-southeast-2', 'us-gov-west-1');
const iso = fc
  .date({ min: new Date('2020-01-01'), max: new Date('2035-01-01'), noInvalidDate: true })
  .map((d) => d.toISOString());
const resource = fc.oneof(
  fc
    .record({ name: fc.stringMatching(/^[a-z0-9][a-z0-9.-]{2,62}$/), account, region })
    .map((r) => ({ arn: `arn:aws:s3:::${r.name}`, type: 's3-bucket' as const, account: r.account, region: r.region })),
  fc.record({ name: fc.stringMatching(/^[a-z0-9]+([._/-][a-z0-9]+){0,8}$/), account, region }).map((r) => ({
    arn: `arn:aws:ecr:${r.region}:${r.account}:repository/${r.name}`,
    type: 'ecr-repository' as const,
    account: r.account,
    region: r.region,
  })),
  fc.record({ prefix: fc.stringMatching(/^[a-z0-9-]{1,30}$/), account, region }).map((r) => ({
    arn: `arn:aws:ecr:${r.region}:${r.account}:repository/${r.prefix}*`,
    type: 'ecr-registry' as const,
    account: r.account,
    region: r.region,
  })),
);
const finding: fc.Arbitrary<ReportFinding> = fc
  .record({
    id: fc.stringMatching(/^[0-9a-f]{64}$/),
    resource,
    principal: fc.record({
      class: fc.constantFrom(
        'named-principal',
        'other-principal-of-account',
        'unnamed-member-account',
        'unnamed-external-account',
        'anonymous',
        'service',
        'other-service',
      ),
      value: text,
      account: fc.option(account, { nil: undefined }),
    }),
    access: fc.constantFrom('public', 'external', 'trusted-external', 'org'),
    actions: fc.array(fc.string({ minLength: 1, maxLength: 80 }), { minLength: 1, maxLength: 400 }),
    accessLevels: fc.subarray(['List', 'Read', 'Write', 'Permissions management', 'Tagging'] as const),
    conditions: fc.array(fc.record({ operator: text, key: text, values: fc.array(text, { maxLength: 20 }) }), {
      maxLength: 30,
    }),
    mayBeRestrictedBy: fc.array(text, { maxLength: 10 }),
    mitigations: fc.array(text, { maxLength: 5 }),
    severity: fc.constantFrom('critical', 'high', 'medium', 'low', 'info'),
    source: fc.constantFrom(
      'repository-policy',
      'registry-policy',
      'pull-through-cache',
      'creation-template',
      'replication',
      'bucket-policy',
      'bucket-acl',
    ),
    statements: fc.array(text, { maxLength: 50 }),
    status: fc.constantFrom('new', 'changed', 'unchanged', 'resolved', 'not-checked'),
    firstSeen: iso,
    lastSeen: iso,
    suppressedBy: fc.option(fc.record({ ruleId: text, reason: text, owner: text, expires: iso }), { nil: undefined }),
  })
  .map((r) => {
    const f = {
      ...r,
      witness: { principal: 'anonymous', action: r.actions[0], resource: r.resource.arn, context: {} },
    } as ReportFinding & Finding;
    if (f.principal.account === undefined) delete f.principal.account;
    if (f.suppressedBy === undefined) delete f.suppressedBy;
    return f;
  });

function errors(validate: ValidateFunction): string {
  return ajv.errorsText(validate.errors);
}

describe('the schemas themselves', () => {
  it('reject what the documentation forbids, so a passing export means something', () => {
    // Given a valid finding
    const good = asffFinding({ ...knownDoc().findings[0] }, CTX, '2026-12-01T02:00:00.000Z', 'ACTIVE');
    expect(validAsff(good), errors(validAsff)).toBe(true);
    // Then each documented violation is caught
    const { Title: _t, ...noTitle } = good;
    const bad: Array<Record<string, unknown>> = [
      noTitle,
      { ...good, Title: 'x'.repeat(257) },
      { ...good, Description: 'x'.repeat(1025) },
      { ...good, AwsAccountId: '12345' },
      { ...good, Types: ['Exposure/Data'] },
      { ...good, Severity: { Label: 'SEVERE' } },
      { ...good, ProductArn: 'arn:aws:securityhub:eu-west-1:123456789012:product/999999999999/default' },
      { ...good, UpdatedAt: '2026-12-01 02:00' },
      { ...good, Resources: [] },
      { ...good, Resources: Array.from({ length: 33 }, () => good.Resources[0]) },
      { ...good, ProductFields: { k: '' } },
      { ...good, Workflow: { Status: 'NEW' } },
    ];
    for (const b of bad) expect(validAsff(b), JSON.stringify(b).slice(0, 120)).toBe(false);
    const o = ocsfFinding(knownDoc().findings[0], knownDoc());
    expect(validOcsf(o), errors(validOcsf)).toBe(true);
    const { finding_info: _f, ...noInfo } = o;
    for (const b of [
      noInfo,
      { ...o, class_uid: 2001 },
      { ...o, activity_id: 99, activity_name: undefined },
      { ...o, metadata: { version: '1.3.0' } },
      { ...o, time: '2026' },
    ]) {
      expect(validOcsf(JSON.parse(JSON.stringify(b))), JSON.stringify(b).slice(0, 120)).toBe(false);
    }
  });
});

describe('exported findings, for any finding', () => {
  it('every ASFF finding has the required fields and types of the ASFF syntax and stays under 240 KB', () => {
    fc.assert(
      fc.property(finding, fc.constantFrom('ACTIVE', 'ARCHIVED') as fc.Arbitrary<'ACTIVE' | 'ARCHIVED'>, (f, state) => {
        const asff = asffFinding(f, CTX, '2026-12-01T02:00:00.000Z', state);
        expect(validAsff(asff), errors(validAsff)).toBe(true);
        expect(Buffer.byteLength(JSON.stringify(asff))).toBeLessThan(ASFF_MAX_FINDING_BYTES);
        // The finding keeps its identity, its owner and its class
        expect(asff).toMatchObject({ Id: f.id, AwsAccountId: CTX.account, RecordState: state });
        expect(asff.ProductFields['org-access-scanner/ResourceOwnerAccount']).toBe(f.resource.account);
        expect(asff.ProductFields['org-access-scanner/AccessClass']).toBe(f.access);
      }),
      { numRuns: 300 },
    );
  });

  it('every OCSF object has the required attributes of a Detection Finding, with the finding id as finding_info.uid', () => {
    fc.assert(
      fc.property(finding, (f) => {
        const doc = { ...knownDoc(), generatedAt: '2026-12-01T02:00:00.000Z' };
        const o = ocsfFinding(f, doc) as { activity_id: number; type_uid: number; finding_info: { uid: string } };
        expect(validOcsf(o), errors(validOcsf)).toBe(true);
        expect(o.type_uid).toBe(2004 * 100 + o.activity_id);
        expect(o.finding_info.uid).toBe(f.id);
      }),
      { numRuns: 300 },
    );
  });
});

describe('the Security Hub plan of a report', () => {
  it('sends open and resolved findings, leaves not-checked ones out, and suppresses with the rule', () => {
    // Given the known report (one finding suppressed by web-assets)
    const doc = knownDoc();
    // When it is planned
    const plan = asffPlan(doc, CTX);
    // Then every open finding is ACTIVE, every resolved one ARCHIVED, none not-checked is sent
    const open = doc.findings.filter((f) => f.status !== 'not-checked');
    expect(plan.findings.map((f) => [f.Id, f.RecordState])).toEqual([
      ...open.map((f) => [f.id, 'ACTIVE']),
      ...doc.resolved.map((f) => [f.id, 'ARCHIVED']),
    ]);
    expect(plan.untouched).toEqual(doc.findings.filter((f) => f.status === 'not-checked').map((f) => f.id));
    expect(plan.suppress).toEqual([{ id: 'f-public-assets', note: expect.stringContaining('web-assets') }]);
    expect(plan.suppress[0].note).toContain('serves the public web site');
    for (const f of plan.findings) expect(validAsff(f), errors(validAsff)).toBe(true);
  });
});
