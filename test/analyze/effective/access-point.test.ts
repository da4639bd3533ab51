import { describe, expect, it } from 'vitest';
import { accessMatrix } from '../../../lib/analyze/effective/matrix.js';
import type { AccessMatrix, AccessRow, MatrixResource } from '../../../lib/model/access-matrix.js';
import { throughAccessPoint, type Reading } from './access-point-oracle.js';
import { allow, APP, BUCKET, input, REG, role } from './build.js';

// S3 UG, "Configuring IAM policies for using access points": "For an application or user to be able to access objects
// through an access point, both the access point and the underlying bucket must permit the request." and
// "Permissions granted in an access point policy are effective only if the underlying bucket also allows the same
// access." https://docs.aws.amazon.com/AmazonS3/latest/userguide/access-points-policies.html
const AP = `arn:aws:s3:eu-west-1:${REG}:accesspoint/shared`;
const OBJECTS = `${AP}/object/*`;
const roleArn = (account: string, name: string): string => `arn:aws:iam::${account}:role/${name}`;
type Doc = Record<string, unknown>;
const policy = (...Statement: Doc[]): Doc => ({ Version: '2012-10-17', Statement });
const apAllows = (principal: string): Doc =>
  policy({
    Effect: 'Allow',
    Principal: { AWS: principal },
    Action: ['s3:GetObject', 's3:ListBucket'],
    Resource: [AP, OBJECTS],
  });
// S3 condition keys: s3:DataAccessPointAccount, "the account ID of the owner of the access point"; the bucket
// delegates to the access points of an account (S3 UG, "Delegating access control to access points").
const delegateTo = (account: string): Doc =>
  policy({
    Effect: 'Allow',
    Principal: '*',
    Action: '*',
    Resource: [BUCKET, `${BUCKET}/*`],
    Condition: { StringEquals: { 's3:DataAccessPointAccount': account } },
  });

function accessPoint(apPolicy: Doc | null, bucketPolicy: Doc | null, vpc?: string): MatrixResource {
  return {
    type: 's3-access-point',
    arn: AP,
    account: REG,
    region: 'eu-west-1',
    policy: apPolicy ? JSON.stringify(apPolicy) : null,
    accessPoint: {
      bucketArn: BUCKET,
      bucketAccount: REG,
      bucketPolicy: bucketPolicy ? JSON.stringify(bucketPolicy) : null,
      networkOrigin: vpc ? 'VPC' : 'Internet',
      ...(vpc ? { vpcId: vpc } : {}),
    },
  };
}

const read = (m: AccessMatrix, principal: string): AccessRow | undefined =>
  m.rows.find((r) => r.resource === AP && r.principal === principal && r.level === 'read');

function replays(m: AccessMatrix, r: AccessRow, reading: Reading): string {
  const w = r.witness;
  return throughAccessPoint(
    { ...inputOf(m) },
    {
      principal: { kind: 'aws', arn: w.principal },
      action: w.action,
      resource: w.resource,
      resourceAccount: r.resourceAccount,
      context: w.context,
    },
    reading,
  );
}
const inputs = new WeakMap<AccessMatrix, ReturnType<typeof input>>();
const inputOf = (m: AccessMatrix): ReturnType<typeof input> => inputs.get(m)!;
function matrix(principals: Parameters<typeof input>[0], ap: MatrixResource): AccessMatrix {
  // The bucket is a resource of the organisation too (the oracle reads its policy from there).
  const b: MatrixResource = {
    type: 's3-bucket',
    arn: BUCKET,
    account: REG,
    region: 'eu-west-1',
    policy: ap.accessPoint!.bucketPolicy,
  };
  const i = input(principals, [ap, b]);
  const m = accessMatrix(i);
  inputs.set(m, i);
  return m;
}

describe('requests through an S3 access point (two legs, three readings of the bucket leg)', () => {
  it('lists nobody the access point policy allows when the bucket neither allows nor delegates and no identity policy allows', () => {
    const m = matrix([role(REG, 'reader', [])], accessPoint(apAllows(roleArn(REG, 'reader')), null));
    expect(read(m, roleArn(REG, 'reader'))).toBeUndefined();
  });

  it('grants through the access point policy when the bucket delegates to the owner account, under every reading', () => {
    const m = matrix([role(REG, 'reader', [])], accessPoint(apAllows(roleArn(REG, 'reader')), delegateTo(REG)));
    const r = read(m, roleArn(REG, 'reader'));
    expect(r?.verified).toBe(true);
    expect(r?.via).toBe('access-point-policy, bucket: bucket-policy');
    expect(r?.witness.resource.startsWith(`${AP}/object/`)).toBe(true);
    for (const x of ['a', 'b', 'c'] as const) expect(replays(m, r!, x)).toBe('Allow');
  });

  it('needs the identity policy across accounts, and says which readings of the bucket leg allow', () => {
    // IAM User Guide, "Cross-account policy evaluation logic": both the identity-based and the resource-based policy.
    const ap = accessPoint(apAllows(`arn:aws:iam::${APP}:root`), delegateTo(REG));
    expect(read(matrix([role(APP, 'app', [])], ap), roleArn(APP, 'app'))).toBeUndefined();
    const m = matrix([role(APP, 'app', [allow('s3:GetObject', OBJECTS)])], ap);
    const r = read(m, roleArn(APP, 'app'));
    // Allowed when the bucket policy alone decides (a) or the access point Allow counts for the bucket (c); not when
    // the bucket leg asks for an identity Allow on the bucket ARN (b), which the role does not have.
    expect(r?.verified).toBe(false);
    expect(r?.readings).toEqual(['a', 'c']);
    expect(r?.mayBeRestrictedBy.some((l) => l.startsWith('bucket leg') && l.includes('reading b'))).toBe(true);
    expect(replays(m, r!, 'a')).toBe('Allow');
    expect(replays(m, r!, 'b')).not.toBe('Allow');
  });

  it('does not grant through an access point the bucket did not delegate to (another account is named)', () => {
    const m = matrix([role(REG, 'reader', [])], accessPoint(apAllows(roleArn(REG, 'reader')), delegateTo(APP)));
    expect(read(m, roleArn(REG, 'reader'))).toBeUndefined();
  });

  it('lists an identity-only grant on the access point ARN as allowed only if that Allow counts for the bucket too', () => {
    const m = matrix([role(REG, 'ops', [allow('s3:GetObject', OBJECTS)])], accessPoint(null, null));
    const r = read(m, roleArn(REG, 'ops'));
    expect(r?.verified).toBe(false);
    expect(r?.readings).toEqual(['c']);
    expect(r?.mayBeRestrictedBy.filter((l) => l.startsWith('bucket leg'))).toHaveLength(2);
  });

  it('carries aws:SourceVpc on every row of a VPC access point', () => {
    // S3 UG, creating access points restricted to a VPC: "Amazon S3 rejects any request made to the access point that
    // doesn't originate from that VPC".
    const m = matrix(
      [role(REG, 'reader', [])],
      accessPoint(apAllows(roleArn(REG, 'reader')), delegateTo(REG), 'vpc-7'),
    );
    const rows = m.rows.filter((r) => r.resource === AP);
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) {
      expect(r.conditions.some((c) => c.includes('aws:SourceVpc = vpc-7'))).toBe(true);
      expect(r.witness.context['aws:sourcevpc']).toBe('vpc-7');
    }
  });

  it('is a gap, never nobody, when the bucket policy behind the access point was not read', () => {
    const ap = accessPoint(apAllows(roleArn(REG, 'reader')), null);
    ap.accessPoint!.bucketPolicyError = 'AccessDenied';
    const m = matrix([role(REG, 'reader', [])], ap);
    expect(m.gaps.some((g) => g.subject === AP && g.reason.includes('AccessDenied'))).toBe(true);
  });
});
