import { beforeAll, describe, expect, it } from 'vitest';
import { loadSeed, type Bucket, type Org } from '../../lib/sandbox/index.js';

// The demo organisation must keep telling every story of issue 5; these checks fail if an edit drops one.
type Statement = Record<string, unknown>;
const statements = (policy: string | null | undefined): Statement[] => {
  if (!policy) return [];
  const s = (JSON.parse(policy) as { Statement: Statement | Statement[] }).Statement;
  return Array.isArray(s) ? s : [s];
};
const list = (v: unknown): string[] => (v === undefined ? [] : Array.isArray(v) ? (v as string[]) : [v as string]);
const principalAccounts = (s: Statement): string[] => {
  const p = s.Principal as { AWS?: string | string[] } | string | undefined;
  return typeof p === 'object' ? list(p.AWS).map((a) => /(\d{12})/.exec(a)?.[1] ?? a) : [];
};

describe('the demo organisation (fixtures/demo-org.yaml)', () => {
  let org: Org;
  let buckets: Bucket[];
  beforeAll(async () => {
    org = await loadSeed('fixtures/demo-org.yaml');
    buckets = [...org.buckets.values()];
  });
  const ecr = (account: string, region = 'eu-west-1') => org.accounts.get(account)!.ecr.get(region)!;
  const outside = (id: string) => /^\d{12}$/.test(id) && !org.accounts.has(id);

  it('has 6 to 8 accounts in 2 regions', () => {
    // Given the demo seed / When it is inspected / Then it has 6 to 8 accounts in 2 regions
    expect(org.accounts.size).toBeGreaterThanOrEqual(6);
    expect(org.accounts.size).toBeLessThanOrEqual(8);
    expect(org.regions).toHaveLength(2);
  });

  it('shares a central repository with a workload account by role', () => {
    // Given the demo seed / When it is inspected / Then it shares a central repository with a workload account by role
    const shared = ecr('222222222222')
      .repositories.flatMap((r) => statements(r.policy))
      .flatMap((s) => list((s.Principal as { AWS?: string })?.AWS));
    expect(
      shared.some((p) => /^arn:aws:iam::\d{12}:role\//.test(p) && org.accounts.has(p.split(':')[4] as string)),
    ).toBe(true);
  });

  it('enforces push-only / pull-only with Deny + NotAction and ArnEquals / ArnNotEquals on aws:PrincipalArn', () => {
    // Given the demo seed / When it is inspected / Then it enforces push-only / pull-only with Deny + NotAction and ArnEquals / ArnNotEquals on aws:PrincipalArn
    const all = ecr('222222222222').repositories.flatMap((r) => statements(r.policy));
    const denies = all.filter((s) => s.Effect === 'Deny');
    expect(
      denies.some(
        (s) =>
          s.NotAction &&
          JSON.stringify(s.Condition).includes('ArnNotEquals') &&
          JSON.stringify(s.Condition).includes('aws:PrincipalArn'),
      ),
    ).toBe(true);
    expect(denies.some((s) => JSON.stringify(s.Condition ?? {}).includes('"ArnEquals"'))).toBe(true);
  });

  it('has a V2 registry policy for pull-through cache and a rule pulling from public.ecr.aws', () => {
    // Given the demo seed / When it is inspected / Then it has a V2 registry policy for pull-through cache and a rule pulling from public.ecr.aws
    const reg = ecr('222222222222');
    const grant = statements(reg.registryPolicy).find(
      (s) => list(s.Action).includes('ecr:CreateRepository') && list(s.Action).includes('ecr:BatchImportUpstreamImage'),
    );
    expect(reg.registryPolicyScope).toBe('V2');
    expect(list(grant?.Resource).some((r) => r.endsWith(':repository/ecr-public/*'))).toBe(true);
    expect(reg.pullThroughCacheRules.map((r) => r.upstreamRegistryUrl)).toContain('public.ecr.aws');
  });

  it('has a creation template with a repository policy, and replication to an account outside the organisation', () => {
    // Given the demo seed / When it is inspected / Then it has a creation template with a repository policy, and replication to an account outside the organisation
    const reg = ecr('222222222222');
    expect(reg.creationTemplates.some((t) => t.repositoryPolicy && t.appliedFor.includes('PULL_THROUGH_CACHE'))).toBe(
      true,
    );
    expect(reg.replication.flatMap((r) => r.destinations).some((d) => outside(d.registryId))).toBe(true);
  });

  it('grants a vendor outside the organisation pull access', () => {
    // Given the demo seed / When it is inspected / Then it grants a vendor outside the organisation pull access
    const pulls = [...org.accounts.values()].flatMap((a) =>
      [...a.ecr.values()].flatMap((r) => r.repositories.flatMap((x) => statements(x.policy))),
    );
    expect(
      pulls.some(
        (s) =>
          s.Effect === 'Allow' && list(s.Action).includes('ecr:BatchGetImage') && principalAccounts(s).some(outside),
      ),
    ).toBe(true);
  });

  it('has a registry storage bucket whose policy lists only bucket/* (s3:ListBucket granted on nothing)', () => {
    // Given the demo seed / When it is inspected / Then it has a registry storage bucket whose policy lists only bucket/* (s3:ListBucket granted on nothing)
    const only = buckets.filter((b) =>
      statements(b.policy).some(
        (s) => list(s.Action).includes('s3:ListBucket') && list(s.Resource).every((r) => r.endsWith('/*')),
      ),
    );
    expect(only.map((b) => b.name)).toContain('demo-prod-registry-storage');
  });

  it('has a public bucket mitigated by RestrictPublicBuckets and one public bucket without any Block Public Access', () => {
    // Given the demo seed / When it is inspected / Then it has a public bucket mitigated by RestrictPublicBuckets and one public bucket without any Block Public Access
    const open = buckets.filter((b) => b.isPublic);
    const noAccountBpa = (b: Bucket) => org.accounts.get(b.account)!.publicAccessBlock === null;
    expect(open.some((b) => b.publicAccessBlock?.RestrictPublicBuckets)).toBe(true);
    expect(open.some((b) => b.publicAccessBlock === null && noAccountBpa(b))).toBe(true);
  });

  it('has a member account without the audit role, an RCP, a repository without policy and a bucket without BPA', () => {
    // Given the demo seed / When it is inspected / Then it has a member account without the audit role, an RCP, a repository without policy and a bucket without BPA
    expect([...org.accounts.values()].some((a) => !a.memberRole)).toBe(true);
    expect(org.policies.some((p) => p.type === 'RESOURCE_CONTROL_POLICY' && p.targets.length > 0)).toBe(true);
    expect(
      [...org.accounts.values()].some((a) =>
        [...a.ecr.values()].some((r) => r.repositories.some((x) => x.policy === null)),
      ),
    ).toBe(true);
    expect(buckets.some((b) => b.publicAccessBlock === null)).toBe(true);
  });
});
