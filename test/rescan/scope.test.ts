import { describe, expect, it } from 'vitest';
import { coalesce, inScope, scopeOfEvent, type CloudTrailEnvelope } from '../../lib/run/rescan-scope.js';
import { rescanEntries, widens } from '../../lib/run/rescan-compare.js';
import type { ReportFinding } from '../../lib/findings/model.js';
import { renderRescanGap } from '../../lib/run/rescan-message.js';

const event = (
  source: string,
  eventName: string,
  params: Record<string, unknown>,
  extra: Record<string, unknown> = {},
): CloudTrailEnvelope => ({
  'detail-type': 'AWS API Call via CloudTrail',
  source: `aws.${source}`,
  detail: {
    eventSource: `${source}.amazonaws.com`,
    eventName,
    eventTime: '2026-12-06T10:02:00Z',
    awsRegion: 'eu-west-1',
    recipientAccountId: '333333333333',
    requestParameters: params,
    ...extra,
  },
});

describe('mapping a CloudTrail event to what is read again', () => {
  it.each([
    [
      'ecr',
      'SetRepositoryPolicy',
      { repositoryName: 'payments/api' },
      { kind: 'repository', account: '333333333333', region: 'eu-west-1', name: 'payments/api' },
    ],
    ['ecr', 'PutRegistryPolicy', {}, { kind: 'registry', account: '333333333333', region: 'eu-west-1' }],
    [
      'ecr',
      'CreatePullThroughCacheRule',
      { ecrRepositoryPrefix: 'hub' },
      { kind: 'registry', account: '333333333333', region: 'eu-west-1' },
    ],
    [
      's3',
      'PutBucketPolicy',
      { bucketName: 'my-bucket' },
      { kind: 'bucket', account: '333333333333', region: 'eu-west-1', bucket: 'my-bucket' },
    ],
    ['s3', 'PutPublicAccessBlock', { accountId: '333333333333' }, { kind: 's3-account', account: '333333333333' }],
    [
      's3',
      'PutPublicAccessBlock',
      { bucketName: 'my-bucket' },
      { kind: 'bucket', account: '333333333333', region: 'eu-west-1', bucket: 'my-bucket' },
    ],
    ['s3', 'PutMultiRegionAccessPointPolicy', {}, { kind: 's3-account', account: '333333333333' }],
    ['organizations', 'AttachPolicy', { policyId: 'p-1' }, { kind: 'organization' }],
  ])('%s %s -> its scope', (source, name, params, scope) => {
    // When the event is mapped
    const out = scopeOfEvent(event(source, name, params));
    // Then the scope is the affected resource or scope
    expect(out).toMatchObject({ ok: true, event: { scope, eventName: name, eventTime: '2026-12-06T10:02:00.000Z' } });
  });

  it.each([
    [event('ecr', 'SetRepositoryPolicy', { repositoryName: 'x' }, { errorCode: 'AccessDenied' }), /failed/],
    [event('ecr', 'BatchGetImage', { repositoryName: 'x' }), /does not change/],
    [event('ecr', 'SetRepositoryPolicy', {}), /without a valid repositoryName/],
    [event('s3', 'PutBucketPolicy', { bucketName: '../etc' }), /without a valid bucketName/],
    [event('s3', 'PutBucketPolicy', { bucketName: 'b-1' }, { recipientAccountId: 'x' }), /account id/],
    [{ 'detail-type': 'Scheduled Event' } as CloudTrailEnvelope, /not a CloudTrail/],
    [null as unknown as CloudTrailEnvelope, /not a CloudTrail/],
  ])('ignores %# with the reason', (e, reason) => {
    const out = scopeOfEvent(e);
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.reason).toMatch(reason);
  });

  it('coalesces events of one scope and keeps the latest change', () => {
    const a = scopeOfEvent(event('s3', 'PutBucketPolicy', { bucketName: 'b-1' }));
    const b = scopeOfEvent({
      ...event('s3', 'DeleteBucketPolicy', { bucketName: 'b-1' }),
      detail: { ...event('s3', 'DeleteBucketPolicy', { bucketName: 'b-1' }).detail, eventTime: '2026-12-06T10:03:00Z' },
    });
    const c = scopeOfEvent(event('s3', 'PutBucketPolicy', { bucketName: 'b-2' }));
    if (!a.ok || !b.ok || !c.ok) throw new Error('mapping failed');
    const out = coalesce([b.event, a.event, c.event]);
    expect(out.map((x) => [x.key, x.events, x.latest.eventName])).toEqual([
      ['bucket:333333333333:b-1', 2, 'DeleteBucketPolicy'],
      ['bucket:333333333333:b-2', 1, 'PutBucketPolicy'],
    ]);
  });

  it('puts an access point in front of a bucket in the bucket scope', () => {
    const scope = { kind: 'bucket' as const, account: '1', region: 'eu-west-1', bucket: 'b-1' };
    expect(
      inScope(scope, {
        resource: {
          arn: 'arn:aws:s3:eu-west-1:1:accesspoint/ap',
          type: 's3-access-point',
          account: '1',
          region: 'eu-west-1',
        },
        bucketArn: 'arn:aws:s3:::b-1',
      }),
    ).toBe(true);
    expect(
      inScope(scope, { resource: { arn: 'arn:aws:s3:::b-10', type: 's3-bucket', account: '1', region: 'eu-west-1' } }),
    ).toBe(false);
  });
});

const finding = (over: Partial<ReportFinding>): ReportFinding =>
  ({
    id: 'f1',
    resource: { arn: 'arn:aws:s3:::b', type: 's3-bucket', account: '1', region: 'eu-west-1' },
    access: 'public',
    actions: ['s3:GetObject'],
    accessLevels: ['Read'],
    conditions: [],
    mayBeRestrictedBy: [],
    mitigations: [],
    severity: 'high',
    source: 'bucket-policy',
    statements: [],
    principal: { class: 'anonymous', value: 'anonymous' },
    witness: { principal: 'anonymous', action: 's3:GetObject', resource: 'arn:aws:s3:::b/x', context: {} },
    status: 'new',
    firstSeen: 't',
    lastSeen: 't',
    ...over,
  }) as ReportFinding;
const all = (): boolean => true;

describe('what a rescan announces', () => {
  it('announces news and widenings of outside grants and resolutions, records the rest', () => {
    // Given a diff of the scope
    const diff = {
      findings: [
        finding({ id: 'granted', newKind: 'granted' }),
        finding({ id: 'first', newKind: 'first-read' }),
        finding({ id: 'assumed', newKind: 'assumed' }),
        finding({ id: 'org', newKind: 'granted', access: 'org', severity: 'info' }),
        finding({
          id: 'wider',
          status: 'changed',
          changes: [{ field: 'actions', before: ['s3:GetObject'], after: ['s3:GetObject', 's3:PutObject'] }],
        }),
        finding({
          id: 'narrower',
          status: 'changed',
          changes: [{ field: 'actions', before: ['s3:GetObject', 's3:PutObject'], after: ['s3:GetObject'] }],
        }),
        finding({ id: 'same', status: 'unchanged' }),
        finding({ id: 'elsewhere', status: 'not-checked' }),
      ],
      resolved: [finding({ id: 'gone', status: 'resolved' })],
    };
    // When it is turned into the scope's entries
    const out = rescanEntries(diff, all, { alertOnTighten: false });
    // Then
    expect(out.map((e) => [e.finding.id, e.status, e.alert])).toEqual([
      ['granted', 'new', true],
      ['first', 'new', false],
      ['assumed', 'new', false],
      ['org', 'new', false],
      ['wider', 'widened', true],
      ['narrower', 'tightened', false],
      ['gone', 'resolved', true],
    ]);
    expect(rescanEntries(diff, all, { alertOnTighten: true }).find((e) => e.finding.id === 'narrower')!.alert).toBe(
      true,
    );
    expect(
      rescanEntries(diff, (f) => f.id !== 'gone', { alertOnTighten: false }).map((e) => e.finding.id),
    ).not.toContain('gone');
  });

  it('calls fewer conditions, a lost mitigation or a higher severity a widening', () => {
    expect(widens([{ field: 'conditions', before: ['a'], after: [] }])).toBe(true);
    expect(widens([{ field: 'conditions', before: [], after: ['a'] }])).toBe(false);
    expect(widens([{ field: 'mitigations', before: ['bpa'], after: [] }])).toBe(true);
    expect(widens([{ field: 'severity', before: ['high'], after: ['critical'] }])).toBe(true);
    expect(widens([{ field: 'severity', before: ['high'], after: ['medium'] }])).toBe(false);
  });
});

describe('the message for an organisation policy change', () => {
  it('says a full run judges it, naming the call, never that something could not be read', () => {
    const mapped = scopeOfEvent(event('organizations', 'AttachPolicy', { policyId: 'p-1' }));
    if (!mapped.ok) throw new Error(mapped.reason);
    const [batch] = coalesce([mapped.event]);
    const body = JSON.parse(renderRescanGap(batch!, ['an RCP changed'], '2026-12-06T10:02:05Z').message) as {
      content: { title: string; description: string };
    };
    expect(body.content.title).toBe('Organisation policy changed (AttachPolicy): judged at the next full run');
    expect(body.content.description).toContain('• an RCP changed');
  });
});
