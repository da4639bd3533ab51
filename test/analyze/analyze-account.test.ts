import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeAccount } from '../../lib/analyze/analyze-account.js';
import { loadCatalog } from '../../lib/catalog/load.js';
import type { ActionCatalog } from '../../lib/catalog/types.js';
import type {
  AccountInventory,
  BucketInventory,
  EcrRegionInventory,
  PublicAccessBlock,
} from '../../lib/model/inventory.js';
import type { Zone } from '../../lib/model/zone.js';

const OWNER = '111122223333';
const OUTSIDE = '777788889999';
const MEMBER = '444455556666';
const R = 'eu-west-1';
const zone: Omit<Zone, 'ownerAccount'> = {
  kind: 'organization',
  orgId: 'o-abc',
  orgAccounts: [OWNER, MEMBER],
  ouPaths: { [MEMBER]: 'o-abc/r-1/ou-1/' },
};
const doc = (...Statement: unknown[]): string => JSON.stringify({ Version: '2012-10-17', Statement });
const absent = { status: 'absent' } as const;
const ok = <T>(value: T) => ({ status: 'ok' as const, value });

function ecr(over: Partial<EcrRegionInventory> = {}): EcrRegionInventory {
  return {
    region: R,
    repositories: ok([]),
    registryPolicy: absent,
    registryPolicyScope: ok('V2' as const),
    pullThroughCacheRules: ok([]),
    creationTemplates: ok([]),
    replication: ok([]),
    ...over,
  };
}
function bucket(over: Partial<BucketInventory> = {}): BucketInventory {
  return {
    name: 'logs',
    region: R,
    arn: 'arn:aws:s3:::logs',
    policy: absent,
    policyStatus: absent,
    publicAccessBlock: absent,
    ownershipControls: absent,
    acl: absent,
    ...over,
  };
}
function inventory(
  ecrs: EcrRegionInventory[],
  buckets: BucketInventory[] = [],
  accountBpa?: PublicAccessBlock,
): AccountInventory {
  return {
    schemaVersion: 1,
    account: { id: OWNER, name: 'owner', status: 'ACTIVE', ouPath: 'o-abc/r-1/' },
    collectedAt: '2026-11-22T00:00:00Z',
    ecr: ecrs,
    s3: { buckets: ok(buckets), accountPublicAccessBlock: accountBpa ? ok(accountBpa) : absent },
    gaps: [],
  };
}
const repo = (name: string, policy?: string) => ({
  name,
  arn: `arn:aws:ecr:${R}:${OWNER}:repository/${name}`,
  policy: policy ? ok(policy) : absent,
});

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

describe('analyzeAccount', () => {
  it('merges a V2 registry policy into every repository, with source registry-policy', () => {
    // Given two repositories and a registry policy granting pull to an outsider
    const reg = doc({
      Effect: 'Allow',
      Principal: { AWS: OUTSIDE },
      Action: ['ecr:BatchGetImage'],
      Resource: `arn:aws:ecr:${R}:${OWNER}:repository/*`,
    });
    const inv = inventory([ecr({ repositories: ok([repo('a'), repo('b')]), registryPolicy: ok(reg) })]);
    // When the account is analysed
    const out = analyzeAccount(inv, { zone, rcps: [] }, catalog);
    // Then each repository has the registry finding
    const arns = out.findings
      .filter((f) => f.source === 'registry-policy')
      .map((f) => f.resource.arn)
      .sort();
    expect(arns).toEqual([repo('a').arn, repo('b').arn]);
  });

  it('reports who may trigger pull-through-cache imports, and a prefix that collides with a repository', () => {
    // Given a cache rule `docker-hub`, a repository of that exact name and a registry policy for an outsider
    const reg = doc({
      Effect: 'Allow',
      Principal: { AWS: OUTSIDE },
      Action: ['ecr:CreateRepository', 'ecr:BatchImportUpstreamImage'],
      Resource: `arn:aws:ecr:${R}:${OWNER}:repository/docker-hub/*`,
    });
    const inv = inventory([
      ecr({
        repositories: ok([repo('docker-hub')]),
        registryPolicy: ok(reg),
        registryPolicyScope: ok('V1'),
        pullThroughCacheRules: ok([{ ecrRepositoryPrefix: 'docker-hub', upstreamRegistryUrl: 'registry-1.docker.io' }]),
      }),
    ]);
    // When analysed
    const out = analyzeAccount(inv, { zone, rcps: [] }, catalog);
    // Then the outsider's import rights are a pull-through-cache finding and the collision is linted
    const ptc = out.findings.find((f) => f.source === 'pull-through-cache');
    expect(ptc?.principal.value).toBe(OUTSIDE);
    expect(ptc?.actions).toEqual(['ecr:BatchImportUpstreamImage', 'ecr:CreateRepository']);
    expect(ptc?.resource.arn).toBe(`arn:aws:ecr:${R}:${OWNER}:repository/docker-hub/*`);
    expect(out.lint.map((l) => l.rule)).toContain('pull-through-cache-prefix-collision');
  });

  it('analyses creation templates as prospective repositories and replication to outside registries', () => {
    // Given a template with a public pull policy and replication to an outside and a member registry
    const inv = inventory([
      ecr({
        creationTemplates: ok([
          {
            prefix: 'team',
            appliedFor: ['CREATE_ON_PUSH'],
            repositoryPolicy: doc({ Effect: 'Allow', Principal: '*', Action: 'ecr:BatchGetImage' }),
          },
        ]),
        replication: ok([
          {
            destinations: [
              { region: 'us-east-1', registryId: OUTSIDE },
              { region: 'us-east-1', registryId: MEMBER },
              { region: 'us-east-1', registryId: OWNER },
            ],
          },
        ]),
      }),
    ]);
    // When analysed
    const out = analyzeAccount(inv, { zone, rcps: [] }, catalog);
    // Then the template yields a public prospective finding and replication one external and one org finding
    const tpl = out.findings.find((f) => f.source === 'creation-template' && f.access === 'public');
    expect(tpl?.resource.arn).toBe(`arn:aws:ecr:${R}:${OWNER}:repository/team/*`);
    expect(tpl?.notes?.join(' ')).toContain('prospective');
    const rep = out.findings
      .filter((f) => f.source === 'replication')
      .map((f) => [f.principal.value, f.access])
      .sort();
    expect(rep).toEqual([
      [MEMBER, 'org'],
      [OUTSIDE, 'external'],
    ]);
  });

  it('reports public ACL grants when ownership controls leave ACLs on, mitigated by IgnorePublicAcls', () => {
    // Given a bucket whose ACL grants READ to AllUsers, with IgnorePublicAcls on the account
    const acl = ok({
      grants: [
        {
          grantee: { type: 'Group' as const, uri: 'http://acs.amazonaws.com/groups/global/AllUsers' },
          permission: 'READ',
        },
      ],
    });
    const bpa: PublicAccessBlock = {
      BlockPublicAcls: false,
      IgnorePublicAcls: true,
      BlockPublicPolicy: false,
      RestrictPublicBuckets: false,
    };
    const inv = inventory(
      [],
      [
        bucket({ acl, ownershipControls: ok('ObjectWriter') }),
        bucket({ name: 'enforced', arn: 'arn:aws:s3:::enforced', acl, ownershipControls: ok('BucketOwnerEnforced') }),
      ],
      bpa,
    );
    // When analysed
    const out = analyzeAccount(inv, { zone, rcps: [] }, catalog);
    // Then only the bucket with ACLs enabled has a bucket-acl finding, and it is mitigated
    const f = out.findings.filter((x) => x.source === 'bucket-acl');
    expect(f.map((x) => x.resource.arn)).toEqual(['arn:aws:s3:::logs']);
    expect(f[0]?.access).toBe('public');
    expect(f[0]?.actions).toContain('s3:ListBucket');
    expect(f[0]?.mitigations).toEqual(['bpa:IgnorePublicAcls(account)']);
  });

  const OWNER_CANONICAL = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
  const OTHER_CANONICAL = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';
  const READ_ACTIONS = ['s3:ListBucket', 's3:ListBucketMultipartUploads', 's3:ListBucketVersions'];
  const ALL_ACTIONS = [...READ_ACTIONS, 's3:DeleteObject', 's3:GetBucketAcl', 's3:PutBucketAcl', 's3:PutObject'].sort();
  type Grant = { type: 'CanonicalUser' | 'AmazonCustomerByEmail'; id?: string; permission: string };
  it.each<
    [
      desc: string,
      grants: Grant[],
      ownership: string,
      trusted: string[],
      expected: Array<[value: string, access: string, actions: string[]]>,
    ]
  >([
    [
      'reports a READ grant to another canonical id as external with the READ actions',
      [{ type: 'CanonicalUser', id: OTHER_CANONICAL, permission: 'READ' }],
      'ObjectWriter',
      [],
      [[`canonical:${OTHER_CANONICAL}`, 'external', READ_ACTIONS]],
    ],
    [
      "does not report the owner's own FULL_CONTROL grant",
      [{ type: 'CanonicalUser', id: OWNER_CANONICAL, permission: 'FULL_CONTROL' }],
      'ObjectWriter',
      [],
      [],
    ],
    [
      'does not report a grant to another canonical id when BucketOwnerEnforced disables ACLs',
      [{ type: 'CanonicalUser', id: OTHER_CANONICAL, permission: 'FULL_CONTROL' }],
      'BucketOwnerEnforced',
      [],
      [],
    ],
    [
      'reports a grant to a canonical id the zone trusts as trusted-external',
      [{ type: 'CanonicalUser', id: OTHER_CANONICAL, permission: 'READ' }],
      'BucketOwnerPreferred',
      [OTHER_CANONICAL],
      [[`canonical:${OTHER_CANONICAL}`, 'trusted-external', READ_ACTIONS]],
    ],
    [
      'merges two permissions of one grantee into one finding with every mapped action',
      [
        { type: 'CanonicalUser', id: OTHER_CANONICAL, permission: 'WRITE' },
        { type: 'CanonicalUser', id: OTHER_CANONICAL, permission: 'READ_ACP' },
      ],
      'ObjectWriter',
      [],
      [[`canonical:${OTHER_CANONICAL}`, 'external', ['s3:DeleteObject', 's3:GetBucketAcl', 's3:PutObject']]],
    ],
    [
      'reports an e-mail grant that carries a canonical id under that id, FULL_CONTROL mapping to every action',
      [{ type: 'AmazonCustomerByEmail', id: OTHER_CANONICAL, permission: 'FULL_CONTROL' }],
      'ObjectWriter',
      [],
      [[`canonical:${OTHER_CANONICAL}`, 'external', ALL_ACTIONS]],
    ],
    [
      'reports an e-mail grant without a canonical id as external',
      [{ type: 'AmazonCustomerByEmail', permission: 'WRITE_ACP' }],
      'ObjectWriter',
      [OTHER_CANONICAL],
      [['AmazonCustomerByEmail', 'external', ['s3:PutBucketAcl']]],
    ],
  ])('%s', (_desc, grants, ownership, trusted, expected) => {
    // Given a bucket owned by OWNER_CANONICAL whose ACL holds the owner's grant and these grants
    const acl = ok({
      owner: OWNER_CANONICAL,
      grants: [
        { grantee: { type: 'CanonicalUser' as const, id: OWNER_CANONICAL }, permission: 'FULL_CONTROL' },
        ...grants.map((g) => ({ grantee: { type: g.type, ...(g.id ? { id: g.id } : {}) }, permission: g.permission })),
      ],
    });
    const inv = inventory([], [bucket({ acl, ownershipControls: ok(ownership) })]);
    // When analysed in a zone trusting `trusted`
    const out = analyzeAccount(inv, { zone: { ...zone, trustedCanonicalIds: trusted }, rcps: [] }, catalog);
    // Then the bucket-acl findings are exactly the expected grantees, accesses and actions
    const f = out.findings.filter((x) => x.source === 'bucket-acl');
    expect(f.map((x) => [x.principal.value, x.access, x.actions])).toEqual(expected);
    for (const x of f) {
      expect(x.witness).toEqual({
        principal: x.principal.value.startsWith('canonical:') ? x.principal.value : 'canonical:zz-unnamed-grantee',
        action: x.actions[0],
        resource: 'arn:aws:s3:::logs',
        context: {},
      });
      expect(x.principal.class).toBe('named-principal');
      expect(x.mitigations).toEqual([]);
      expect(x.notes?.[0]).toMatch(/^the bucket ACL grants `[A-Z_]+`/);
    }
  });

  it('gives a canonical ACL grant the severity of its access and the canonical-id note, unmitigated by IgnorePublicAcls', () => {
    // Given IgnorePublicAcls on the account and a WRITE_ACP grant to another canonical id
    const acl = ok({
      owner: OWNER_CANONICAL,
      grants: [{ grantee: { type: 'CanonicalUser' as const, id: OTHER_CANONICAL }, permission: 'WRITE_ACP' }],
    });
    const bpa: PublicAccessBlock = {
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    };
    const inv = inventory([], [bucket({ acl, ownershipControls: absent })], bpa);
    // When analysed
    const out = analyzeAccount(inv, { zone, rcps: [] }, catalog);
    // Then the finding is critical (permissions management from outside), unmitigated, and says how to trust the id
    const f = out.findings.find((x) => x.source === 'bucket-acl');
    expect(f?.severity).toBe('critical');
    expect(f?.accessLevels).toContain('Permissions management');
    expect(f?.mitigations).toEqual([]);
    expect(f?.statements).toEqual(['acl:WRITE_ACP']);
    expect(f?.notes).toEqual([
      `the bucket ACL grants \`WRITE_ACP\` to \`canonical:${OTHER_CANONICAL}\``,
      expect.stringContaining('list it in `trustedCanonicalIds`'),
    ]);
  });

  it("reports a canonical grant when the ACL does not name its owner, saying it cannot be shown to be the owner's", () => {
    // Given an ACL without an owner whose only grant is FULL_CONTROL to one canonical id
    const acl = ok({
      grants: [{ grantee: { type: 'CanonicalUser' as const, id: OWNER_CANONICAL }, permission: 'FULL_CONTROL' }],
    });
    const inv = inventory([], [bucket({ acl, ownershipControls: ok('ObjectWriter') })]);
    // When analysed
    const out = analyzeAccount(inv, { zone, rcps: [] }, catalog);
    // Then the grant is reported (fail-safe) with a note on the missing owner
    const f = out.findings.filter((x) => x.source === 'bucket-acl');
    expect(f.map((x) => [x.principal.value, x.access])).toEqual([[`canonical:${OWNER_CANONICAL}`, 'external']]);
    expect(f[0]?.notes).toContainEqual(expect.stringContaining('does not name its owner'));
  });

  it('lints a disagreement with S3 IsPublic and turns unparsable policies into input errors', () => {
    // Given a public bucket S3 calls non-public, and a repository and an RCP whose policies do not parse
    const pub = doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' });
    const inv = inventory(
      [ecr({ repositories: ok([repo('broken', '{"Version": "2012-10-17", "Statement": ')]) })],
      [bucket({ policy: ok(pub), policyStatus: ok({ isPublic: false }) })],
    );
    // When analysed
    const out = analyzeAccount(inv, { zone, rcps: [{ id: 'p-bad', content: '{' }] }, catalog);
    // Then the disagreement is linted and both parse failures are input errors naming the input
    expect(out.lint.find((l) => l.rule === 'policy-status-disagrees')?.resource).toBe('arn:aws:s3:::logs');
    expect(out.errors.map((e) => e.input).sort()).toEqual([repo('broken').arn, 'rcp:p-bad'].sort());
    expect(out.errors.every((e) => e.message.length > 0)).toBe(true);
  });

  it('marks findings mitigated by an RCP that certainly denies, except in the management account', () => {
    // Given a public bucket and an RCP denying principals outside the organisation
    const pub = doc({ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: 'arn:aws:s3:::logs/*' });
    const rcp = doc(
      { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
      {
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: '*',
        Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } },
      },
    );
    const inv = inventory([], [bucket({ policy: ok(pub) })]);
    // When analysed as a member account and as the management account
    const member = analyzeAccount(inv, { zone, rcps: [{ id: 'p-1', content: rcp }] }, catalog);
    const mgmt = analyzeAccount(
      inv,
      { zone, rcps: [{ id: 'p-1', content: rcp }], managementAccountId: OWNER },
      catalog,
    );
    // Then only the member account's public findings are mitigated
    const pubs = (o: typeof member) => o.findings.filter((f) => f.access === 'public').map((f) => f.mitigations);
    expect(pubs(member).length).toBeGreaterThan(0);
    expect(pubs(member).every((m) => m.includes('rcp:p-1'))).toBe(true);
    expect(pubs(mgmt).every((m) => m.length === 0)).toBe(true);
  });
});

describe("analyzeAccount on a bucket that delegates to its owner's access points", () => {
  const delegating = doc({
    Sid: 'DelegateToOwnAccessPoints',
    Effect: 'Allow',
    Principal: { AWS: '*' },
    Action: 's3:*',
    Resource: ['arn:aws:s3:::logs', 'arn:aws:s3:::logs/*'],
    Condition: { StringEquals: { 's3:DataAccessPointAccount': OWNER } },
  });
  const apArn = `arn:aws:s3:${R}:${OWNER}:accesspoint/vendor`;
  const vendorAp = {
    name: 'vendor',
    arn: apArn,
    region: R,
    bucket: 'logs',
    bucketAccountId: OWNER,
    networkOrigin: 'Internet' as const,
    publicAccessBlock: ok({
      BlockPublicAcls: true,
      IgnorePublicAcls: true,
      BlockPublicPolicy: true,
      RestrictPublicBuckets: true,
    }),
    policy: ok(
      doc({
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${OUTSIDE}:root` },
        Action: 's3:GetObject',
        Resource: `${apArn}/object/*`,
      }),
    ),
    policyStatus: ok({ isPublic: false }),
  };
  const withAccessPoints = (aps: AccountInventory['s3']['accessPoints']): AccountInventory => {
    const inv = inventory([], [bucket({ policy: ok(delegating) })]);
    return { ...inv, s3: { ...inv.s3, accessPoints: aps, multiRegionAccessPoints: ok([]) } };
  };

  it('judges the grant through the access points when all of them were read', () => {
    // Given the bucket's only grant is to requests through the owner's access points, and the one access point lets
    // an outside account read
    const inv = withAccessPoints([{ region: R, accessPoints: ok([vendorAp]) }]);
    // When the account is analysed
    const out = analyzeAccount(inv, { zone, rcps: [] }, catalog);
    // Then the access is the access point's (the outside account reading objects), not "anyone" on the bucket policy
    expect(out.findings.filter((f) => f.source === 'bucket-policy')).toEqual([]);
    const ap = out.findings.filter((f) => f.source === 'access-point');
    expect(ap.map((f) => [f.principal.value, f.access, f.actions])).toEqual([[OUTSIDE, 'external', ['s3:GetObject']]]);
  });

  it('keeps the bucket-policy grant, with its condition, when the access point listing was not read', () => {
    // Given the same bucket, but ListAccessPoints failed in its region
    const inv = withAccessPoints([{ region: R, accessPoints: { status: 'error', error: 'AccessDenied: no' } }]);
    // When the account is analysed
    const out = analyzeAccount(inv, { zone, rcps: [] }, catalog);
    // Then the delegating grant stays visible: nothing proves "no access" without the access points
    const kept = out.findings.filter((f) => f.source === 'bucket-policy');
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.every((f) => f.conditions.some((c) => c.key === 's3:DataAccessPointAccount'))).toBe(true);
  });
});
