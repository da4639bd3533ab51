import { DescribeImagesCommand, DescribeRepositoriesCommand, GetRepositoryPolicyCommand } from '@aws-sdk/client-ecr';
import { ListAccountsCommand } from '@aws-sdk/client-organizations';
import { GetBucketPolicyCommand, GetObjectCommand, ListBucketsCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { CreateTopicCommand } from '@aws-sdk/client-sns';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { actionAllowed } from '../../lib/sandbox/permissions.js';
import { DEFAULT_MEMBER_ROLE_ACTIONS, iamActionOf, startSandbox, type Sandbox } from '../../lib/sandbox/index.js';
import { clients, failure, memberCreds, type AnyClient } from './clients.js';

describe('the member role least-privilege check', () => {
  let sb: Sandbox;
  beforeAll(async () => {
    sb = await startSandbox({ org: 'fixtures/demo-org.yaml' });
  });
  afterAll(() => sb.close());

  it('grants by default exactly the read calls the collectors make', () => {
    // Given the default patterns
    // Then they are the IAM actions of the collectors' calls, nothing more
    expect([...DEFAULT_MEMBER_ROLE_ACTIONS].sort()).toEqual(
      [
        ...[
          'DescribeRepositories',
          'GetRepositoryPolicy',
          'GetRegistryPolicy',
          'GetAccountSetting',
          'DescribePullThroughCacheRules',
          'DescribeRepositoryCreationTemplates',
          'DescribeRegistry',
          'ListTagsForResource',
        ].map((a) => iamActionOf('ecr', a)),
        ...[
          'ListBuckets',
          'GetBucketPolicy',
          'GetBucketPolicyStatus',
          'GetPublicAccessBlock',
          'GetBucketOwnershipControls',
          'GetBucketAcl',
          'GetBucketTagging',
        ].map((a) => iamActionOf('s3', a)),
        ...[
          'GetPublicAccessBlock',
          'ListAccessPoints',
          'GetAccessPoint',
          'GetAccessPointPolicy',
          'GetAccessPointPolicyStatus',
          'ListMultiRegionAccessPoints',
          'GetMultiRegionAccessPoint',
          'GetMultiRegionAccessPointPolicy',
          'GetMultiRegionAccessPointPolicyStatus',
        ].map((a) => iamActionOf('s3control', a)),
        iamActionOf('iam', 'GetAccountAuthorizationDetails'),
      ].sort(),
    );
  });

  it.each<{ name: string; service: 'ecr' | 's3' | 'org' | 'sns'; call: () => object; code: string }>([
    {
      name: 'an S3 object read',
      service: 's3',
      call: () => new GetObjectCommand({ Bucket: 'demo-prod-registry-storage', Key: 'x' }),
      code: 'AccessDenied',
    },
    {
      name: 'an S3 object write',
      service: 's3',
      call: () => new PutObjectCommand({ Bucket: 'demo-prod-registry-storage', Key: 'x', Body: 'y' }),
      code: 'AccessDenied',
    },
    {
      name: 'an Organizations read',
      service: 'org',
      call: () => new ListAccountsCommand({}),
      code: 'AccessDeniedException',
    },
    {
      name: 'an SNS write',
      service: 'sns',
      call: () => new CreateTopicCommand({ Name: 'x' }),
      code: 'AuthorizationErrorException',
    },
  ])('denies the member role $name that the collectors do not need', async ({ service, call, code }) => {
    // Given the workload account's audit session
    const c = clients(sb, 'eu-west-1', { creds: await memberCreds(sb, '333333333333') });
    const client = { ecr: c.ecr, s3: c.s3, org: c.org, sns: c.sns }[service] as unknown as AnyClient;
    // When it makes a call outside the read list
    const err = await failure(client.send(call() as never));
    // Then the sandbox refuses it and logs the refusal
    expect(err.name).toBe(code);
    expect(sb.calls.at(-1)).toMatchObject({
      account: '333333333333',
      principal: expect.stringContaining('assumed-role/OrgAccessScannerAudit'),
      code: expect.stringMatching(/AccessDenied|AuthorizationError/),
    });
  });

  it('lets the scanner itself make calls outside the member-role list', async () => {
    // Given scanner credentials (not the member role)
    const { s3 } = clients(sb, 'eu-west-1');
    // When it writes a report object
    const out = await s3.send(new PutObjectCommand({ Bucket: 'demo-scanner-reports', Key: 'lp.txt', Body: 'ok' }));
    // Then it succeeds
    expect(out.ETag).toBeTruthy();
  });

  it('honours custom patterns with wildcards', async () => {
    // Given a member role granted only ecr:Describe* and s3:List*
    const narrow = await startSandbox({
      org: 'fixtures/demo-org.yaml',
      memberRoleActions: ['ecr:Describe*', 's3:List*'],
    });
    try {
      const c = clients(narrow, 'eu-west-1', { creds: await memberCreds(narrow, '222222222222') });
      // When it lists repositories and buckets, reads a policy, and describes images
      const repos = await c.ecr.send(new DescribeRepositoriesCommand({}));
      const buckets = await c.s3.send(new ListBucketsCommand({}));
      const policy = await failure(
        c.ecr.send(new GetRepositoryPolicyCommand({ repositoryName: 'platform/base-images' })),
      );
      const images = await failure(c.ecr.send(new DescribeImagesCommand({ repositoryName: 'platform/base-images' })));
      const bucketPolicy = await failure(c.s3.send(new GetBucketPolicyCommand({ Bucket: 'x-not-there' })));
      // Then the patterns decide (DescribeImages is not served at all, whatever the patterns say)
      expect(repos.repositories?.length).toBeGreaterThan(0);
      expect(buckets.Buckets).toEqual([]);
      expect([policy.name, images.name, bucketPolicy.name]).toEqual([
        'AccessDeniedException',
        'UnknownOperationException',
        'AccessDenied',
      ]);
    } finally {
      await narrow.close();
    }
  });

  it.each<{ action: string; patterns: string[]; allowed: boolean }>([
    { action: 'ecr:GetRepositoryPolicy', patterns: ['ecr:Get*'], allowed: true },
    { action: 'ecr:GetRepositoryPolicy', patterns: ['ECR:getrepositorypolicy'], allowed: true },
    { action: 'ecr:GetRepositoryPolicy', patterns: ['ecr:Get?'], allowed: false },
    { action: 's3:GetObject', patterns: ['s3:Get*Policy'], allowed: false },
    { action: 's3:GetBucketPolicy', patterns: ['s3:Get*Policy'], allowed: true },
    { action: 'sns:Publish', patterns: ['*'], allowed: true },
  ])('matches $action against $patterns: $allowed', ({ action, patterns, allowed }) => {
    // Given IAM-style patterns, When matched, Then wildcards and case follow IAM
    expect(actionAllowed(action, patterns)).toBe(allowed);
  });
});
