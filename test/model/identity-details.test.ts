import { describe, expect, it } from 'vitest';
import {
  decodePolicyDocument,
  identitiesFromDetails,
  type AuthorizationDetailsPage,
} from '../../lib/model/identity-details.js';

const doc = (action: string): string =>
  encodeURIComponent(
    JSON.stringify({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }] }),
  );

describe('identities from GetAccountAuthorizationDetails', () => {
  it('URL-decodes documents ("Policies returned by this operation are URL-encoded compliant with RFC 3986") and keeps JSON as is', () => {
    expect(decodePolicyDocument('%7B%22a%22%3A1%7D')).toBe('{"a":1}');
    expect(decodePolicyDocument('{"a":1}')).toBe('{"a":1}');
  });

  it("resolves managed policies to their default version, a user's groups, boundaries and tags, across pages", () => {
    // Given two pages: the second holds the managed policies and the group
    const pages: AuthorizationDetailsPage[] = [
      {
        RoleDetailList: [
          {
            RoleName: 'ci',
            Arn: 'arn:aws:iam::1:role/ci',
            RolePolicyList: [{ PolicyName: 'push', PolicyDocument: doc('ecr:PutImage') }],
            AttachedManagedPolicies: [{ PolicyArn: 'arn:aws:iam::1:policy/m' }],
            PermissionsBoundary: { PermissionsBoundaryArn: 'arn:aws:iam::1:policy/b' },
            Tags: [{ Key: 'team', Value: 'ci' }],
          },
        ],
        UserDetailList: [{ UserName: 'dev', Arn: 'arn:aws:iam::1:user/dev', GroupList: ['readers'] }],
      },
      {
        GroupDetailList: [
          {
            GroupName: 'readers',
            Arn: 'arn:aws:iam::1:group/readers',
            GroupPolicyList: [{ PolicyName: 'read', PolicyDocument: doc('s3:GetObject') }],
          },
        ],
        Policies: [
          {
            Arn: 'arn:aws:iam::1:policy/m',
            DefaultVersionId: 'v2',
            PolicyVersionList: [
              { VersionId: 'v1', IsDefaultVersion: false, Document: doc('ecr:Old') },
              { VersionId: 'v2', IsDefaultVersion: true, Document: doc('ecr:BatchGetImage') },
            ],
          },
          {
            Arn: 'arn:aws:iam::1:policy/b',
            PolicyVersionList: [{ VersionId: 'v1', IsDefaultVersion: true, Document: doc('ecr:*') }],
          },
        ],
      },
    ];
    // When normalised
    const r = identitiesFromDetails('1', pages);
    // Then the role has its inline and managed (default version) policies, its boundary and tags; the user its group's
    if (r.status !== 'ok') throw new Error('expected ok');
    const [ci, dev] = r.principals;
    expect(ci?.policies.map((p) => p.source)).toEqual(['inline:push', 'managed:arn:aws:iam::1:policy/m']);
    expect(ci?.policies[1]?.document).toContain('ecr:BatchGetImage');
    expect(ci?.boundary?.document).toContain('ecr:*');
    expect(ci?.tags).toEqual({ team: 'ci' });
    expect(dev?.policies.map((p) => p.source)).toEqual(['group:readers/inline:read']);
    expect(r.problems).toEqual([]);
  });

  it('names a principal whose managed policy or group is missing from the listing as a problem', () => {
    const r = identitiesFromDetails('1', [
      {
        UserDetailList: [
          {
            UserName: 'u',
            Arn: 'arn:aws:iam::1:user/u',
            GroupList: ['gone'],
            AttachedManagedPolicies: [{ PolicyArn: 'arn:aws:iam::1:policy/x' }],
          },
        ],
      },
    ]);
    expect(r.status === 'ok' && r.problems.map((p) => p.message)).toEqual([
      'managed policy `arn:aws:iam::1:policy/x` is not in the listing',
      'group `gone` is not in the listing',
    ]);
  });
});
