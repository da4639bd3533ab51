import { describe, expect, it } from 'vitest';
import { analyzeResource } from '../../lib/analyze/analyze-resource.js';
import { requestFromJson } from '../../lib/analyze/request.js';
import { loadCatalog } from '../../lib/catalog/load.js';

const base = {
  resourceType: 's3-bucket',
  resourceArn: 'arn:aws:s3:::b',
  ownerAccount: '111122223333',
  policy: { Version: '2012-10-17', Statement: [] },
};

describe('check-policy requests', () => {
  it('infers an organisation zone from an org id and reads the other optional parts', () => {
    // Given a full request
    const r = requestFromJson({
      ...base,
      zone: {
        orgId: 'o-abc',
        orgAccounts: ['111122223333'],
        ouPaths: { '111122223333': 'o-abc/r-1/' },
        trustedAccounts: ['222233334444'],
        trustedCanonicalIds: ['79a59df9'],
      },
      registryPolicy: { Version: '2012-10-17', Statement: [] },
      registryPolicyScope: 'V1',
      blockPublicAccess: {
        bucket: { BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true },
      },
      rcps: [
        { id: 'p-1', policy: { Version: '2012-10-17', Statement: [] } },
        { Version: '2012-10-17', Statement: [] },
      ],
    });
    // Then every part lands in the analysis input
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.input.zone).toMatchObject({
      kind: 'organization',
      ownerAccount: '111122223333',
      orgId: 'o-abc',
      trustedAccounts: ['222233334444'],
      trustedCanonicalIds: ['79a59df9'],
    });
    expect(r.input.registryPolicyScope).toBe('V1');
    expect(r.input.rcps?.map((x) => x.id)).toEqual(['p-1', 'rcp[1]']);
    expect(r.input.blockPublicAccess?.bucket?.RestrictPublicBuckets).toBe(true);
    expect(r.input.region).toBe('us-east-1');
  });

  it('reads trusted network origins (zone.trustedVpcs, zone.trustedVpces) into the zone and analyses with them', async () => {
    // Given a request whose zone trusts one VPC endpoint and a policy confined to it
    const r = requestFromJson({
      ...base,
      policy: {
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Allow',
            Principal: '*',
            Action: 's3:GetObject',
            Resource: 'arn:aws:s3:::b/*',
            Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1a2b' } },
          },
        ],
      },
      zone: { trustedVpcs: ['vpc-9f8e'], trustedVpces: ['vpce-1a2b'] },
    });
    // When it is validated and analysed
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.input.zone).toMatchObject({ trustedVpcs: ['vpc-9f8e'], trustedVpces: ['vpce-1a2b'] });
    const out = analyzeResource(r.input, await loadCatalog());
    // Then the grant is trusted-external, naming the origin
    expect(out.findings.map((f) => f.access)).toEqual(['trusted-external', 'trusted-external']);
    expect(out.findings.every((f) => (f.notes ?? []).join(' ').includes('vpce-1a2b'))).toBe(true);
  });

  it('gives a registry policy without an ARN the repositories of its owner and region', () => {
    // Given an ecr-registry request with an owner and a region only
    const r = requestFromJson({
      resourceType: 'ecr-registry',
      ownerAccount: '111122223333',
      region: 'eu-west-1',
      policy: { Version: '2012-10-17', Statement: [] },
    });
    // Then it is analysed as `repository/*` of that registry
    expect(r.ok && r.input.resourceArn).toBe('arn:aws:ecr:eu-west-1:111122223333:repository/*');
  });

  it('takes the region from the resource ARN and defaults to an account zone', () => {
    const r = requestFromJson({
      ...base,
      resourceType: 'ecr-repository',
      resourceArn: 'arn:aws:ecr:eu-west-1:111122223333:repository/app',
    });
    expect(r.ok && r.input.region).toBe('eu-west-1');
    expect(r.ok && r.input.zone.kind).toBe('account');
  });

  it.each<[string, unknown, string]>([
    ['an unknown resource type', { ...base, resourceType: 'queue' }, 'resourceType'],
    ['an owner that is not an account id', { ...base, ownerAccount: '12' }, 'ownerAccount'],
    ['a resource that is not an ARN', { ...base, resourceArn: 'bucket' }, 'resourceArn'],
    ['no policy at all', { ...base, policy: undefined }, 'policy'],
    ['a bad registry scope', { ...base, registryPolicyScope: 'V3' }, 'registryPolicyScope'],
    ['a bad zone kind', { ...base, zone: { kind: 'galaxy' } }, 'zone.kind'],
    ['org accounts that are not strings', { ...base, zone: { orgAccounts: [1, 2] } }, 'zone.orgAccounts'],
    [
      'trusted canonical ids that are not a list of strings',
      { ...base, zone: { trustedCanonicalIds: '79a59df9' } },
      'zone.trustedCanonicalIds',
    ],
    ['rcps that are not a list', { ...base, rcps: {} }, 'rcps'],
    ['trusted VPCs that are not a list of strings', { ...base, zone: { trustedVpcs: 'vpc-1' } }, 'zone.trustedVpcs'],
    [
      'trusted VPC endpoints that are not a list of strings',
      { ...base, zone: { trustedVpces: [7] } },
      'zone.trustedVpces',
    ],
  ])('rejects %s with the path of the problem', (_what, raw, path) => {
    // When the request is validated
    const r = requestFromJson(raw);
    // Then it fails with an error at that path
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors.map((e) => e.path)).toContain(path);
  });
});
