import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeResource } from '../../lib/analyze/analyze-resource.js';
import { CANONICAL_CALLER_ARN, canonicalClasses, canonicalIds, witnessCaller } from '../../lib/analyze/canonical.js';
import type { TaggedStatement } from '../../lib/analyze/types.js';
import { loadCatalog } from '../../lib/catalog/load.js';
import type { ActionCatalog } from '../../lib/catalog/types.js';
import { authorize } from '../../lib/evaluate/index.js';
import type { CallerPrincipal } from '../../lib/evaluate/types.js';
import type { AccessClass, Finding } from '../../lib/model/finding.js';
import type { Zone } from '../../lib/model/zone.js';
import { parsePolicy } from '../../lib/policy/index.js';
import type { Policy } from '../../lib/policy/types.js';

const OWNER = '111122223333';
const OUTSIDE = '777788889999';
const BUCKET = 'arn:aws:s3:::site';
const OAI = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
const OTHER = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';
const ACCOUNT_ZONE: Zone = { kind: 'account', ownerAccount: OWNER };

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

function parsed(statements: unknown[]): Policy {
  const r = parsePolicy({ Version: '2012-10-17', Statement: statements });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

function tagged(policy: Policy): TaggedStatement[] {
  return policy.statements.map((statement) => ({
    statement,
    version: policy.version,
    policyName: 'resource',
    origin: 'resource',
    source: 'bucket-policy',
    label: statement.sid ?? `#${statement.index}`,
  }));
}

function analyse(statements: unknown[], zone: Zone = ACCOUNT_ZONE): { findings: Finding[]; policy: Policy } {
  const policy = parsed(statements);
  const out = analyzeResource(
    { resourceType: 's3-bucket', resourceArn: BUCKET, ownerAccount: OWNER, region: 'eu-west-1', policy, zone },
    catalog,
  );
  expect(out.errors).toEqual([]);
  return { findings: out.findings, policy };
}

const oaiRead = (id: string, extra: Record<string, unknown> = {}): Record<string, unknown> => ({
  Sid: 'OaiRead',
  Effect: 'Allow',
  Principal: { CanonicalUser: id },
  Action: 's3:GetObject',
  Resource: `${BUCKET}/*`,
  ...extra,
});

describe('CanonicalUser principal classes', () => {
  it('collects each concrete canonical id named in Principal or NotPrincipal once, skipping wildcards', () => {
    // Given statements naming canonical ids in both blocks, twice, and as a pattern
    const policy = parsed([
      oaiRead(OAI),
      oaiRead(OAI, { Sid: 'Again' }),
      { Effect: 'Deny', NotPrincipal: { CanonicalUser: OTHER }, Action: 's3:*', Resource: '*' },
      oaiRead('79a5*', { Sid: 'Pattern' }),
    ]);
    // When the ids are collected / Then each concrete one appears once, sorted
    expect(canonicalIds(tagged(policy))).toEqual([OTHER, OAI]);
  });

  it.each<[desc: string, trusted: string[] | undefined, access: AccessClass]>([
    ['is external when the zone does not list the id', undefined, 'external'],
    ['is external when the zone trusts another id', [OTHER], 'external'],
    ['is trusted-external when the zone lists the id in trustedCanonicalIds', [OAI], 'trusted-external'],
  ])('a canonical class %s', (_desc, trusted, access) => {
    // Given a grant to a canonical id and a zone
    const zone: Zone = trusted ? { ...ACCOUNT_ZONE, trustedCanonicalIds: trusted } : ACCOUNT_ZONE;
    // When its classes are built
    const [cls] = canonicalClasses(tagged(parsed([oaiRead(OAI)])), zone);
    // Then it is a named principal whose caller carries the id and whose account is not claimed
    expect(cls).toMatchObject({
      kind: 'named-principal',
      value: `canonical:${OAI}`,
      access,
      publicCandidate: false,
      caller: { kind: 'aws', arn: CANONICAL_CALLER_ARN, canonicalId: OAI },
    });
    expect(cls.account).toBeUndefined();
  });

  it("adds a representative per account a Deny's NotPrincipal lists, outside the zone only", () => {
    // Given a canonical grant and a Deny sparing the owner, an outside account and a role of a third account
    const policy = parsed([
      oaiRead(OAI),
      {
        Effect: 'Deny',
        NotPrincipal: { AWS: [OWNER, OUTSIDE, 'arn:aws:iam::222233334444:role/x'] },
        Action: 's3:*',
        Resource: '*',
      },
    ]);
    // When its classes are built / Then the stand-in and the root users of the two outside accounts represent it
    expect(canonicalClasses(tagged(policy), ACCOUNT_ZONE).map((c) => c.caller)).toEqual([
      { kind: 'aws', arn: CANONICAL_CALLER_ARN, canonicalId: OAI },
      { kind: 'aws', arn: 'arn:aws:iam::222233334444:root', canonicalId: OAI },
      { kind: 'aws', arn: `arn:aws:iam::${OUTSIDE}:root`, canonicalId: OAI },
    ]);
  });

  it.each<[witness: string, caller: CallerPrincipal]>([
    [`canonical:${OAI}`, { kind: 'aws', arn: CANONICAL_CALLER_ARN, canonicalId: OAI }],
    [
      `canonical:${OAI}@arn:aws:iam::${OUTSIDE}:root`,
      { kind: 'aws', arn: `arn:aws:iam::${OUTSIDE}:root`, canonicalId: OAI },
    ],
    ['anonymous', { kind: 'anonymous' }],
    ['service:cloudfront.amazonaws.com', { kind: 'service', service: 'cloudfront.amazonaws.com' }],
    [`arn:aws:iam::${OUTSIDE}:role/ci`, { kind: 'aws', arn: `arn:aws:iam::${OUTSIDE}:role/ci` }],
  ])('reads the witness principal %s back as its caller', (witness, caller) => {
    expect(witnessCaller(witness)).toEqual(caller);
  });
});

describe('analysing a CanonicalUser grant', () => {
  it('reports it as external with a note, and its witness is allowed by authorize()', () => {
    // Given a bucket policy letting an origin access identity read objects
    const { findings, policy } = analyse([oaiRead(OAI)]);
    // When analysed / Then there is exactly one finding, for the canonical id
    expect(findings.map((f) => [f.principal, f.access, f.actions])).toEqual([
      [{ class: 'named-principal', value: `canonical:${OAI}` }, 'external', ['s3:GetObject']],
    ]);
    const [f] = findings;
    expect(f.notes?.join(' ')).toContain('could not be resolved offline');
    expect(f.notes?.join(' ')).toContain('CloudFront origin access identity');
    // And the witness replays to Allow
    const w = f.witness;
    expect(w.principal).toBe(`canonical:${OAI}`);
    expect(
      authorize(
        {
          principal: witnessCaller(w.principal),
          action: w.action,
          resource: w.resource,
          resourceAccount: OWNER,
          context: w.context,
        },
        { resourcePolicy: policy },
      ).decision,
    ).toBe('Allow');
  });

  it('keeps conditions on the unresolvable identity as conditions of the finding, with a witness that meets them', () => {
    // Given a canonical grant limited to one account and an insecure-transport Deny for everyone
    const { findings, policy } = analyse([
      oaiRead(OAI, { Condition: { StringEquals: { 'aws:PrincipalAccount': OUTSIDE } } }),
      {
        Sid: 'TlsOnly',
        Effect: 'Deny',
        Principal: '*',
        Action: 's3:*',
        Resource: `${BUCKET}/*`,
        Condition: { Bool: { 'aws:SecureTransport': 'false' } },
      },
    ]);
    // When analysed / Then the account condition is Unknown (kept), not decided from a stand-in account
    expect(findings).toHaveLength(1);
    expect(findings[0].conditions).toEqual([
      { operator: 'StringEquals', key: 'aws:PrincipalAccount', values: [OUTSIDE] },
    ]);
    expect(findings[0].mayBeRestrictedBy).toEqual(['TlsOnly']);
    // And the witness still replays to Allow
    const w = findings[0].witness;
    expect(
      authorize(
        {
          principal: witnessCaller(w.principal),
          action: w.action,
          resource: w.resource,
          resourceAccount: OWNER,
          context: w.context,
        },
        { resourcePolicy: policy },
      ).decision,
    ).toBe('Allow');
  });

  it('reports a grant a NotPrincipal Deny may spare, with a witness that assumes the spared account', () => {
    // Given a Deny for everyone but the outside account's root user, and a canonical grant
    const { findings, policy } = analyse([
      { Sid: 'OnlyOutside', Effect: 'Deny', NotPrincipal: { AWS: OUTSIDE }, Action: 's3:*', Resource: `${BUCKET}/*` },
      oaiRead(OAI),
    ]);
    // When analysed / Then the canonical user (who may be that root user) is reported
    expect(findings.map((f) => [f.principal.value, f.access])).toEqual([[`canonical:${OAI}`, 'external']]);
    // And its witness names the identity it assumes and replays to Allow
    const w = findings[0].witness;
    expect(w.principal).toBe(`canonical:${OAI}@arn:aws:iam::${OUTSIDE}:root`);
    expect(
      authorize(
        {
          principal: witnessCaller(w.principal),
          action: w.action,
          resource: w.resource,
          resourceAccount: OWNER,
          context: w.context,
        },
        { resourcePolicy: policy },
      ).decision,
    ).toBe('Allow');
  });

  it('reports no grant that a NotPrincipal Deny spares only for the owner account', () => {
    // Given a lock-down Deny sparing only the owner account's root, and a canonical grant
    const { findings } = analyse([
      { Effect: 'Deny', NotPrincipal: { AWS: OWNER }, Action: 's3:*', Resource: `${BUCKET}/*` },
      oaiRead(OAI),
    ]);
    // When analysed / Then nothing is reported: a canonical user spared by it is the owner, inside the zone
    expect(findings).toEqual([]);
  });

  it('creates no finding from a Deny to a canonical user', () => {
    // Given only a Deny naming a canonical id / When analysed / Then nothing is reported
    expect(
      analyse([{ Effect: 'Deny', Principal: { CanonicalUser: OAI }, Action: 's3:*', Resource: `${BUCKET}/*` }])
        .findings,
    ).toEqual([]);
  });

  it('does not let a canonical grant reach the other classes (their canonical id is not known offline)', () => {
    // Given a canonical grant and a grant to one outside role
    const { findings } = analyse([
      oaiRead(OAI),
      {
        Sid: 'Ci',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${OUTSIDE}:role/ci` },
        Action: 's3:ListBucket',
        Resource: BUCKET,
      },
    ]);
    // When analysed / Then each class gets only its own grant
    expect(findings.map((f) => [f.principal.value, f.actions]).sort()).toEqual([
      [`arn:aws:iam::${OUTSIDE}:role/ci`, ['s3:ListBucket']],
      [`canonical:${OAI}`, ['s3:GetObject']],
    ]);
  });

  it("still gives a deleted identity's unique id no access, and lints it", () => {
    // Given a grant to a role unique id left by a deleted role
    const policy = parsed([
      { Effect: 'Allow', Principal: { AWS: 'AROAEXAMPLEID12345678' }, Action: 's3:GetObject', Resource: `${BUCKET}/*` },
    ]);
    // When analysed
    const out = analyzeResource(
      {
        resourceType: 's3-bucket',
        resourceArn: BUCKET,
        ownerAccount: OWNER,
        region: 'eu-west-1',
        policy,
        zone: ACCOUNT_ZONE,
      },
      catalog,
    );
    // Then there is no finding and the lint names it
    expect(out.findings).toEqual([]);
    expect(out.lint.map((l) => l.rule)).toContain('unique-id-principal');
  });
});

describe('a canonical grant on an ECR repository whose registry policy spares an account', () => {
  const REPO = `arn:aws:ecr:eu-west-1:${OWNER}:repository/app`;
  const policy = (statements: unknown[], kind: 'resource' | 'registry'): Policy => {
    const r = parsePolicy({ Version: '2012-10-17', Statement: statements }, { kind });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    return r.policy;
  };
  // The counterexample the soundness property once printed without its registry policy: the repository
  // policy's first statement (NotPrincipal {"AWS":"*"} + NotAction) matches nobody, the registry's Deny
  // spares only the outside account, so the canonical user is denied as the stand-in but not as that
  // account's root user.
  const own = policy(
    [
      { Sid: 'Nobody', Effect: 'Allow', NotPrincipal: { AWS: '*' }, NotAction: ['ecr:PutImage'] },
      {
        Sid: 'CiOrCanonical',
        Effect: 'Allow',
        Principal: { AWS: `arn:aws:iam::${OUTSIDE}:role/ci`, CanonicalUser: OAI },
        NotAction: ['ecr:PutImage'],
      },
    ],
    'resource',
  );
  const registry = policy(
    [
      {
        Sid: 'OnlyOutside',
        Effect: 'Deny',
        NotPrincipal: { AWS: OUTSIDE },
        NotAction: ['ecr:Put*'],
        Resource: `arn:aws:ecr:eu-west-1:${OWNER}:repository/*`,
      },
    ],
    'registry',
  );
  const merged: Policy = { version: own.version, statements: [...own.statements, ...registry.statements] };
  const caller: CallerPrincipal = { kind: 'aws', arn: `arn:aws:iam::${OUTSIDE}:root`, canonicalId: OAI };

  it("covers the pull authorize() allows to the spared account's root user carrying the canonical id (V2)", () => {
    // Given the spared root user's pull is allowed by the merged policies
    const pull = {
      principal: caller,
      action: 'ecr:BatchGetImage',
      resource: REPO,
      resourceAccount: OWNER,
      context: { 'aws:SecureTransport': 'true' },
    };
    expect(authorize(pull, { resourcePolicy: merged }).decision).toBe('Allow');
    // When the repository is analysed with the registry policy under V2
    const out = analyzeResource(
      {
        resourceType: 'ecr-repository',
        resourceArn: REPO,
        ownerAccount: OWNER,
        region: 'eu-west-1',
        policy: own,
        registryPolicy: registry,
        registryPolicyScope: 'V2',
        zone: ACCOUNT_ZONE,
      },
      catalog,
    );
    // Then the canonical finding lists the pull
    const canonical = out.findings.filter((f) => f.principal.value === `canonical:${OAI}`);
    expect(canonical).toHaveLength(1);
    expect(canonical[0].actions).toContain('ecr:BatchGetImage');
    // And its witness (for whichever of its actions it shows) replays to Allow under the merged policies
    const w = canonical[0].witness;
    expect(
      authorize(
        {
          principal: witnessCaller(w.principal),
          action: w.action,
          resource: w.resource,
          resourceAccount: OWNER,
          context: w.context,
        },
        { resourcePolicy: merged },
      ).decision,
    ).toBe('Allow');
  });
});

describe('a canonical grant that an RCP blocks only together with a registry Deny', () => {
  // Found by the witness property (seed 1860808019): the RCP denies unless aws:PrincipalOrgID is ours, a registry
  // Deny applies when it is ours, so no context lets the grant through with the RCP, and one does without it. The
  // witness search used to stop at 400 tries before trying every combination, and kept a witness that replayed to
  // ExplicitDeny; it must instead find that only leaving the RCP out lets the request through, and say the RCP mitigates.
  const REPO = `arn:aws:ecr:eu-west-1:${OWNER}:repository/app`;
  const OAI_B = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
  const doc = (Statement: unknown[]) => ({ Version: '2012-10-17', Statement });
  const policyJson = doc([
    {
      Effect: 'Deny',
      NotPrincipal: { CanonicalUser: [OAI, OAI_B] },
      NotAction: ['ecr:PutImage'],
      Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' }, Bool: { 'aws:SecureTransport': 'true' } },
    },
  ]);
  const blocked = { AWS: `arn:aws:iam::${OUTSIDE}:role/blocked` };
  const registryJson = doc([
    {
      Effect: 'Deny',
      NotPrincipal: blocked,
      Action: ['ecr:*', 'ecr:Put*'],
      Condition: { ArnLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/deployer' } },
      Resource: `arn:aws:ecr:eu-west-1:${OWNER}:repository/*`,
    },
    {
      Effect: 'Deny',
      NotPrincipal: blocked,
      Action: ['ecr:GetDownloadUrlForLayer', 'ecr:Batch*'],
      Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
      Resource: `arn:aws:ecr:eu-west-1:${OWNER}:repository/*`,
    },
    {
      Effect: 'Allow',
      NotPrincipal: blocked,
      Action: ['ecr:GetDownloadUrlForLayer'],
      Condition: { NumericLessThan: { 's3:max-keys': '10' } },
      Resource: `arn:aws:ecr:eu-west-1:${OWNER}:repository/*`,
    },
  ]);
  const rcpJson = doc([
    { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
    {
      Effect: 'Deny',
      Principal: '*',
      Action: ['s3:*', 'ecr:*'],
      Resource: '*',
      Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc' } },
    },
  ]);

  it('marks the canonical finding mitigated by the RCP, with a witness that replays to Allow without it', () => {
    // Given the repository, its V2 registry policy and the RCP
    const parse = (raw: unknown, kind: 'resource' | 'registry' | 'rcp'): Policy => {
      const r = parsePolicy(raw, { kind });
      if (!r.ok) throw new Error(JSON.stringify(r.errors));
      return r.policy;
    };
    const policy = parse(policyJson, 'resource');
    const registry = parse(registryJson, 'registry');
    const rcp = parse(rcpJson, 'rcp');
    // When it is analysed in an account zone
    const out = analyzeResource(
      {
        resourceType: 'ecr-repository',
        resourceArn: REPO,
        ownerAccount: OWNER,
        region: 'eu-west-1',
        policy,
        registryPolicy: registry,
        registryPolicyScope: 'V2',
        rcps: [{ id: 'p-rcp', policy: rcp }],
        zone: ACCOUNT_ZONE,
      },
      catalog,
    );
    // Then each canonical finding is kept, mitigated by the RCP
    const canonical = out.findings.filter((f) => f.principal.value === `canonical:${OAI_B}`);
    expect(canonical.length).toBeGreaterThan(0);
    const merged: Policy = { version: policy.version, statements: [...policy.statements, ...registry.statements] };
    for (const f of canonical) {
      expect(f.mitigations).toContain('rcp:p-rcp');
      // And its witness replays to Allow without the RCP, and is denied with it
      const w = f.witness;
      const req = {
        principal: witnessCaller(w.principal),
        action: w.action,
        resource: w.resource,
        resourceAccount: OWNER,
        context: w.context,
      };
      expect(authorize(req, { resourcePolicy: merged }).decision).toBe('Allow');
      expect(authorize(req, { resourcePolicy: merged, rcps: [rcp] }).decision).not.toBe('Allow');
    }
  });
});
