import { beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog } from '../../lib/catalog/load.js';
import type { ActionCatalog } from '../../lib/catalog/types.js';
import type { ResourceType } from '../../lib/model/finding.js';
import type { Policy } from '../../lib/policy/types.js';
import { policy } from './policy.js';
import { editDistance, lintPolicy, RULE_LIST } from '../../lib/rules/index.js';

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

const B = 'arn:aws:s3:::bucket';
const target = (resourceType: ResourceType = 's3-bucket', resourceArn = B) => ({ resourceType, resourceArn });

describe('lint rules', () => {
  it.each<[string, Policy, string, string]>([
    [
      'an object action on the bare bucket ARN',
      policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: B }),
      'action-resource-mismatch',
      '`s3:GetObject` applies to object',
    ],
    [
      'a bucket action on bucket/* only',
      policy({ Effect: 'Allow', Principal: '*', Action: 's3:ListBucket', Resource: `${B}/*` }),
      'action-resource-mismatch',
      '`s3:ListBucket` applies to bucket',
    ],
    [
      'a misspelled action',
      policy({ Effect: 'Allow', Principal: '*', Action: 's3:GetObjekt', Resource: `${B}/*` }),
      'unknown-action',
      'did you mean `s3:GetObject`?',
    ],
    [
      'an unknown service',
      policy({ Effect: 'Allow', Principal: '*', Action: 's4:GetObject', Resource: `${B}/*` }),
      'unknown-action',
      'unknown service `s4`',
    ],
    [
      'a wildcard that matches nothing',
      policy({ Effect: 'Allow', Principal: '*', Action: 's3:Fetch*', Resource: `${B}/*` }),
      'unknown-action',
      'matches no action',
    ],
    [
      'a unique id principal',
      policy({
        Effect: 'Allow',
        Principal: { AWS: 'AIDAEXAMPLEUSERID1234' },
        Action: 's3:GetObject',
        Resource: `${B}/*`,
      }),
      'unique-id-principal',
      'deleted',
    ],
    [
      'a malformed principal ARN',
      policy({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::123:user/bob' },
        Action: 's3:GetObject',
        Resource: `${B}/*`,
      }),
      'malformed-principal',
      'neither a 12-digit account id',
    ],
    [
      'an IAM group as principal',
      policy({
        Effect: 'Allow',
        Principal: { AWS: 'arn:aws:iam::123456789012:group/devs' },
        Action: 's3:GetObject',
        Resource: `${B}/*`,
      }),
      'malformed-principal',
      'IAM group',
    ],
    [
      'an ARN condition value without a resource part',
      policy({
        Effect: 'Allow',
        Principal: { Service: 'sns.amazonaws.com' },
        Action: 's3:PutObject',
        Resource: `${B}/*`,
        Condition: { ArnLike: { 'aws:SourceArn': 'arn:aws:sns:us-east-1:123456789012' } },
      }),
      'arn-missing-components',
      'fewer than the six components',
    ],
    [
      'a malformed service principal',
      policy({ Effect: 'Allow', Principal: { Service: 'lambda' }, Action: 's3:GetObject', Resource: `${B}/*` }),
      'malformed-principal',
      'service principal `lambda`',
    ],
    [
      'a wildcard principal held back by the user agent',
      policy({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `${B}/*`,
        Condition: { StringLike: { 'aws:UserAgent': 'corp-*' } },
      }),
      'wildcard-principal-outsider-conditions',
      '`aws:UserAgent`',
    ],
    [
      'an Allow that a blanket Deny overrides',
      policy(
        { Sid: 'Read', Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${B}/*` },
        { Sid: 'Never', Effect: 'Deny', Principal: '*', Action: 's3:*', Resource: '*' },
      ),
      'dead-statement',
      '`Read` never takes effect',
    ],
  ])('flag %s', (_what, p, rule, text) => {
    // When the policy is linted
    const lint = lintPolicy(p, target(), catalog);
    // Then the rule fires with an explanation and a path
    const hit = lint.find((l) => l.rule === rule);
    expect(hit?.message).toContain(text);
    expect(hit?.path).toMatch(/^Statement/);
  });

  it.each<[string, Policy]>([
    [
      'a bucket and objects listed together',
      policy({
        Effect: 'Allow',
        Principal: { AWS: '123456789012' },
        Action: ['s3:GetObject', 's3:ListBucket'],
        Resource: [B, `${B}/*`],
      }),
    ],
    [
      'an org-pinned wildcard principal',
      policy({
        Effect: 'Allow',
        Principal: '*',
        Action: 's3:GetObject',
        Resource: `${B}/*`,
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
      }),
    ],
    [
      'a conditional Deny next to an Allow',
      policy(
        { Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `${B}/*` },
        {
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: '*',
          Condition: { Bool: { 'aws:SecureTransport': 'false' } },
        },
      ),
    ],
    [
      'valid principals of every kind',
      policy({
        Effect: 'Allow',
        Principal: {
          AWS: [
            'arn:aws:iam::123456789012:role/a/b',
            'arn:aws:sts::123456789012:assumed-role/r/s',
            'arn:aws:iam::123456789012:root',
          ],
          Service: 'cloudtrail.amazonaws.com',
        },
        Action: 's3:GetObject',
        Resource: `${B}/*`,
      }),
    ],
  ])('stay quiet on %s', (_what, p) => {
    expect(lintPolicy(p, target(), catalog)).toEqual([]);
  });

  it.each<[string, string, string, string]>([
    [
      'an object action on a bare bucket ARN',
      's3:GetObject',
      'arn:aws:s3:::registry-blobs',
      'add an object ARN such as `arn:aws:s3:::registry-blobs/*`',
    ],
    [
      'a bucket action on a prefix of objects',
      's3:ListBucket',
      'arn:aws:s3:::registry-blobs/docker/*',
      'add the bucket ARN `arn:aws:s3:::registry-blobs`',
    ],
  ])('names the real bucket in the fix for %s', (_what, action, resource, fix) => {
    // Given a statement whose only resource does not fit the action
    const p = policy({ Effect: 'Allow', Principal: '*', Action: action, Resource: resource });
    // When it is linted
    const hit = lintPolicy(p, target('s3-bucket', 'arn:aws:s3:::registry-blobs'), catalog).find(
      (l) => l.rule === 'action-resource-mismatch',
    );
    // Then the suggested fix uses that bucket, not a placeholder
    expect(hit?.message).toContain(fix);
  });

  it('has a catalog entry with an id, a severity and a text for every rule', () => {
    expect(RULE_LIST.length).toBeGreaterThanOrEqual(6);
    for (const r of RULE_LIST) expect(r.id).toMatch(/^[a-z-]+$/);
    expect(new Set(RULE_LIST.map((r) => r.id)).size).toBe(RULE_LIST.length);
  });

  it('measures edit distance case-insensitively', () => {
    expect(editDistance('s3:GetObjekt', 'S3:GETOBJECT')).toBe(1);
    expect(editDistance('abc', 'abc')).toBe(0);
  });
});
