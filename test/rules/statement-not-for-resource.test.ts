import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../lib/catalog/load.js';
import type { ActionCatalog } from '../../lib/catalog/types.js';
import type { ResourceType } from '../../lib/model/finding.js';
import { policy } from './policy.js';
import { lintLevel, lintPolicy } from '../../lib/rules/index.js';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

const PROD = 'arn:aws:s3:::my-bucket-prod';
const REPO = 'arn:aws:ecr:us-west-2:111122223333:repository/app';
const rule = 'statement-not-for-resource';

describe('statement-not-for-resource', () => {
  it.each<[string, ResourceType, string, Record<string, unknown>, string]>([
    [
      'another bucket',
      's3-bucket',
      PROD,
      { Sid: 'Pub', Resource: 'arn:aws:s3:::my-bucket/*', Action: 's3:GetObject' },
      'statement `Pub` can never apply to `arn:aws:s3:::my-bucket-prod`: its Resource names only `arn:aws:s3:::my-bucket/*`',
    ],
    [
      'another region',
      'ecr-repository',
      REPO,
      { Resource: 'arn:aws:ecr:us-east-1:111122223333:repository/app', Action: 'ecr:BatchGetImage' },
      'statement #0 can never apply',
    ],
    [
      'another account',
      'ecr-repository',
      REPO,
      { Resource: 'arn:aws:ecr:us-west-2:999999999999:repository/*', Action: 'ecr:BatchGetImage' },
      'names only',
    ],
    [
      'S3 actions on an ECR repository',
      'ecr-repository',
      REPO,
      { Sid: 'S3', Action: ['s3:GetObject', 's3:List*'] },
      'are not `ecr` actions',
    ],
    ['ECR actions on a bucket', 's3-bucket', PROD, { Action: 'ecr:*', Resource: '*' }, 'are not `s3` actions'],
  ])('flags a statement for %s as an error naming the statement', (_what, type, arn, st, text) => {
    // Given a policy attached to `arn` whose statement names something else
    const p = policy({ Effect: 'Allow', Principal: '*', ...st });
    // When it is linted
    const hit = lintPolicy(p, { resourceType: type, resourceArn: arn }, catalog).find((l) => l.rule === rule);
    // Then the rule fires at error level, naming the statement and what it names instead
    expect(hit?.message).toContain(text);
    expect(lintLevel(rule)).toBe('error');
  });

  it.each<[string, ResourceType, string, Record<string, unknown>]>([
    ['the bucket itself', 's3-bucket', PROD, { Resource: PROD, Action: 's3:ListBucket' }],
    ['objects of the bucket', 's3-bucket', PROD, { Resource: `${PROD}/logs/*`, Action: 's3:GetObject' }],
    [
      'a wildcard bucket name that covers it',
      's3-bucket',
      PROD,
      { Resource: 'arn:aws:s3:::my-*/*', Action: 's3:GetObject' },
    ],
    [
      'a policy variable',
      's3-bucket',
      PROD,
      { Resource: 'arn:aws:s3:::${aws:PrincipalTag/bucket}/*', Action: 's3:GetObject' },
    ],
    ['NotResource', 's3-bucket', PROD, { NotResource: 'arn:aws:s3:::other/*', Action: 's3:GetObject' }],
    ['no Resource in an ECR repository policy', 'ecr-repository', REPO, { Action: 'ecr:BatchGetImage' }],
    ['every action', 'ecr-repository', REPO, { Action: '*' }],
    [
      'a repository of the registry',
      'ecr-registry',
      'arn:aws:ecr:us-west-2:111122223333:repository/*',
      { Resource: 'arn:aws:ecr:us-west-2:111122223333:repository/team/*', Action: 'ecr:ReplicateImage' },
    ],
  ])('stays quiet on %s', (_what, type, arn, st) => {
    const p = policy({ Effect: 'Allow', Principal: '*', ...st });
    expect(lintPolicy(p, { resourceType: type, resourceArn: arn }, catalog).filter((l) => l.rule === rule)).toEqual([]);
  });
});
