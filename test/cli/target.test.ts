import { describe, expect, it } from 'vitest';
import { readTarget } from '../../lib/cli/check/target.js';

const OWNER = '111122223333';

describe('readTarget', () => {
  it.each<[string, Record<string, unknown>, Record<string, unknown>]>([
    [
      'an ECR repository: account and region from the ARN',
      { resourceType: 'ecr-repository', resourceArn: `arn:aws:ecr:us-west-2:${OWNER}:repository/app` },
      { owner: OWNER, region: 'us-west-2', partition: 'aws' },
    ],
    [
      'a bucket in China: the owner given, the region from the flag',
      { resourceType: 's3-bucket', resourceArn: 'arn:aws-cn:s3:::b', ownerAccount: OWNER, region: 'cn-north-1' },
      { owner: OWNER, region: 'cn-north-1', partition: 'aws-cn' },
    ],
    [
      'a GovCloud registry',
      { resourceType: 'ecr-registry', resourceArn: `arn:aws-us-gov:ecr:us-gov-west-1:${OWNER}:repository/*` },
      { region: 'us-gov-west-1', partition: 'aws-us-gov' },
    ],
    [
      'a registry by its registry ARN',
      { resourceType: 'ecr-registry', resourceArn: `arn:aws:ecr:eu-west-1:${OWNER}:registry/${OWNER}` },
      { owner: OWNER, region: 'eu-west-1', arn: `arn:aws:ecr:eu-west-1:${OWNER}:registry/${OWNER}` },
    ],
    [
      'a registry without ARN, by owner and region',
      { resourceType: 'ecr-registry', ownerAccount: OWNER, region: 'eu-west-1' },
      { owner: OWNER, region: 'eu-west-1', arn: `arn:aws:ecr:eu-west-1:${OWNER}:repository/*` },
    ],
    [
      'a generic policy without ARN',
      { resourceType: 'generic', ownerAccount: OWNER },
      { owner: OWNER, region: 'us-east-1', partition: 'aws' },
    ],
    [
      'a generic KMS key ARN with a wildcard region',
      { resourceType: 'generic', resourceArn: `arn:aws:kms:*:${OWNER}:key/*` },
      { owner: OWNER, region: 'us-east-1' },
    ],
  ])('reads %s', (_what, raw, want) => {
    const t = readTarget({
      resourceType: raw.resourceType,
      resourceArn: raw.resourceArn,
      ownerAccount: raw.ownerAccount,
      region: raw.region,
    });
    expect(t.ok && t.target).toMatchObject(want);
  });

  it.each<[string, Record<string, unknown>, string, RegExp]>([
    [
      'an ECR ARN as a bucket',
      { resourceType: 's3-bucket', resourceArn: `arn:aws:ecr:us-west-2:${OWNER}:repository/app`, ownerAccount: OWNER },
      'resourceArn',
      /is not an S3 bucket ARN/,
    ],
    [
      'an object ARN as a bucket',
      { resourceType: 's3-bucket', resourceArn: 'arn:aws:s3:::b/key', ownerAccount: OWNER },
      'resourceArn',
      /is not an S3 bucket ARN/,
    ],
    [
      'a bucket ARN as a repository',
      { resourceType: 'ecr-repository', resourceArn: 'arn:aws:s3:::b' },
      'resourceArn',
      /is not an ECR repository ARN/,
    ],
    [
      'an owner that contradicts the ARN',
      {
        resourceType: 'ecr-repository',
        resourceArn: `arn:aws:ecr:us-west-2:${OWNER}:repository/app`,
        ownerAccount: '999999999999',
      },
      'ownerAccount',
      /contradicts the account `111122223333`/,
    ],
    [
      'a region that contradicts the ARN',
      {
        resourceType: 'ecr-repository',
        resourceArn: `arn:aws:ecr:us-west-2:${OWNER}:repository/app`,
        region: 'eu-west-1',
      },
      'region',
      /contradicts the region `us-west-2`/,
    ],
    [
      'a region of another partition',
      { resourceType: 's3-bucket', resourceArn: 'arn:aws:s3:::b', ownerAccount: OWNER, region: 'cn-north-1' },
      'region',
      /not a region of partition `aws`/,
    ],
    [
      'a bucket without owner',
      { resourceType: 's3-bucket', resourceArn: 'arn:aws:s3:::b' },
      'ownerAccount',
      /does not name its account/,
    ],
    [
      'a bucket without ARN',
      { resourceType: 's3-bucket', ownerAccount: OWNER },
      'resourceArn',
      /required for `s3-bucket`/,
    ],
    [
      'a registry ARN naming another account',
      { resourceType: 'ecr-registry', resourceArn: `arn:aws:ecr:eu-west-1:${OWNER}:registry/444455556666` },
      'resourceArn',
      /names registry `444455556666` in account `111122223333`/,
    ],
    [
      'a registry without ARN or region',
      { resourceType: 'ecr-registry', ownerAccount: OWNER },
      'region',
      /required for `ecr-registry` without a resource ARN/,
    ],
    [
      'a registry without ARN or owner',
      { resourceType: 'ecr-registry', region: 'eu-west-1' },
      'ownerAccount',
      /no resource ARN is given/,
    ],
    [
      'an unknown partition',
      { resourceType: 'generic', resourceArn: `arn:aws-mars:sqs:x-1:${OWNER}:q` },
      'resourceArn',
      /unknown partition `aws-mars`/,
    ],
  ])('refuses %s', (_what, raw, path, message) => {
    const t = readTarget({
      resourceType: raw.resourceType,
      resourceArn: raw.resourceArn,
      ownerAccount: raw.ownerAccount,
      region: raw.region,
    });
    expect(t.ok).toBe(false);
    const e = !t.ok ? t.errors.find((x) => x.path === path) : undefined;
    expect(e?.message).toMatch(message);
  });
});
