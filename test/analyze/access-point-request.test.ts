import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeResource } from '../../lib/analyze/analyze-resource.js';
import { requestFromJson } from '../../lib/analyze/request.js';
import { loadCatalog } from '../../lib/catalog/load.js';
import type { ActionCatalog } from '../../lib/catalog/types.js';
import { checkLine } from '../../lib/cli/commands/check-policy.js';

const OWNER = '111122223333';
const OUTSIDE = '777788889999';
const AP = `arn:aws:s3:eu-west-1:${OWNER}:accesspoint/ap`;
const apPolicy = {
  Version: '2012-10-17',
  Statement: [
    { Sid: 'AnyoneReads', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${AP}/object/*` },
  ],
};
const delegating = (account: string) => ({
  Version: '2012-10-17',
  Statement: [
    {
      Sid: 'Delegate',
      Effect: 'Allow',
      Principal: { AWS: '*' },
      Action: 's3:*',
      Resource: ['arn:aws:s3:::data', 'arn:aws:s3:::data/*'],
      Condition: { StringEquals: { 's3:DataAccessPointAccount': account } },
    },
  ],
});
const base = { resourceType: 's3-access-point', resourceArn: AP, ownerAccount: OWNER, policy: apPolicy };

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

describe('check-policy requests for an access point', () => {
  it('reads the bucket policy, the bucket it names, the network origin and the access point Block Public Access', () => {
    // Given a request with every access point part
    const bpa = { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true };
    const r = requestFromJson({
      ...base,
      bucketPolicy: delegating(OWNER),
      networkOrigin: 'VPC',
      vpcId: 'vpc-0123456789abcdef0',
      blockPublicAccess: { accessPoint: bpa },
    });
    // Then they land in the analysis input, the bucket ARN taken from the bucket policy
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.input.source).toBe('access-point');
    expect(r.input.accessPoint).toMatchObject({
      bucketArn: 'arn:aws:s3:::data',
      bucketAccount: OWNER,
      bucketPolicyKnown: true,
      networkOrigin: 'VPC',
      vpcId: 'vpc-0123456789abcdef0',
      blockPublicAccess: { accessPoint: bpa },
    });
  });

  it.each<[string, Record<string, unknown>, string]>([
    ['a VPC origin without a VPC id', { networkOrigin: 'VPC', bucketArn: 'arn:aws:s3:::data' }, 'vpcId'],
    ['an unknown network origin', { networkOrigin: 'Intranet', bucketArn: 'arn:aws:s3:::data' }, 'networkOrigin'],
    ['no bucket at all', {}, 'bucketArn'],
    ['an object ARN as the bucket', { bucketArn: 'arn:aws:s3:::data/x' }, 'bucketArn'],
    [
      'a bucket owner that is not an account id',
      { bucketArn: 'arn:aws:s3:::data', bucketAccount: '12' },
      'bucketAccount',
    ],
  ])('rejects %s, naming the field', (_name, extra, path) => {
    // Given a request with the mistake
    const r = requestFromJson({ ...base, ...extra });
    // Then it is refused with that path
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toContain(path);
  });

  it('reports a public access point on a delegating bucket, and nothing when the bucket has no policy', () => {
    // Given the same access point policy in front of a delegating bucket and of a bucket without policy
    const open = checkLine(JSON.stringify({ ...base, bucketPolicy: delegating(OWNER) }), catalog);
    const closed = checkLine(JSON.stringify({ ...base, bucketPolicy: null, bucketArn: 'arn:aws:s3:::data' }), catalog);
    // Then only the first lets anyone in
    expect(open.errors).toEqual([]);
    expect(open.findings.map((f) => [f.access, f.source, f.resource.arn, f.bucketArn])).toEqual([
      ['public', 'access-point', AP, 'arn:aws:s3:::data'],
    ]);
    expect(closed).toEqual({ findings: [], lint: [], errors: [] });
  });

  it('keeps an access point checked without its bucket policy, with a note that the bucket must also allow', () => {
    // Given no bucket policy in the request (not known, rather than none)
    const out = checkLine(JSON.stringify({ ...base, bucketArn: 'arn:aws:s3:::data' }), catalog);
    // Then the grant is reported, and says what was not judged
    expect(out.findings.map((f) => f.access)).toEqual(['public']);
    expect(out.findings[0]!.notes?.join(' ')).toContain('was not read');
  });
});

describe('a bucket policy that delegates to access points of an account outside the zone', () => {
  it('is external access tied to that account, never public and never silent', () => {
    // Given a bucket that lets through every request made through access points of an outside account
    const out = analyzeResource(
      {
        resourceType: 's3-bucket',
        resourceArn: 'arn:aws:s3:::data',
        ownerAccount: OWNER,
        region: 'eu-west-1',
        zone: { kind: 'account', ownerAccount: OWNER },
        policy: delegating(OUTSIDE),
      },
      catalog,
    );
    // Then there is external access, each finding tied to that account (by principal or condition), none public
    expect(out.findings.length).toBeGreaterThan(0);
    for (const f of out.findings) {
      expect(f.access).toBe('external');
      const mentions = [f.principal.value, f.principal.account ?? '', ...f.conditions.flatMap((c) => c.values)].join(
        ' ',
      );
      expect(mentions).toContain(OUTSIDE);
    }
  });
});
