import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import type { ClientFactory } from '../../lib/collect/clients.js';
import { readOrganisation } from '../../lib/collect/plan.js';
import { collectEvery } from './collect-every.js';
import type { AccountInventory } from '../../lib/model/inventory.js';
import type { Manifest } from '../../lib/model/manifest.js';
import {
  DEFAULT_MEMBER_ROLE_ACTIONS,
  loadSeed,
  startSandbox,
  type Org,
  type Sandbox,
} from '../../lib/sandbox/index.js';
import { sandboxFactory } from '../collect/sandbox-env.js';
import { viewFromInventory, viewFromOrg } from '../collect/view.js';

const DEMO = 'fixtures/demo-org.yaml';
const NOW = '2026-11-22T00:00:00.000Z';

/** Scans a whole sandbox organisation and returns the manifest and every inventory. */
async function scanOrg(
  factory: ClientFactory,
  regions: string[],
): Promise<{ manifest: Manifest; inventories: Map<string, AccountInventory> }> {
  const manifest = await readOrganisation({ runId: 'roundtrip', now: NOW, regions, factory });
  // readTags: the tag reads (made when a critical tag is configured) are part of what the member role must allow.
  const inventories: Map<string, AccountInventory> = await collectEvery(
    manifest,
    { runId: 'roundtrip', now: NOW, roleName: 'OrgAccessScannerAudit', factory, concurrency: 4, readTags: true },
    4,
  );
  return { manifest, inventories };
}

/** The IAM actions infra/member-role.yaml grants (every `Action` of its inline policies). */
async function memberRoleActions(): Promise<string[]> {
  const doc = parseYaml(await readFile('infra/member-role.yaml', 'utf8')) as {
    Resources: Record<
      string,
      { Properties?: { Policies?: Array<{ PolicyDocument: { Statement: Array<{ Action: string | string[] }> } }> } }
    >;
  };
  return Object.values(doc.Resources)
    .flatMap((r) => r.Properties?.Policies ?? [])
    .flatMap((p) => p.PolicyDocument.Statement)
    .flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action]));
}

describe('collecting the demo organisation (round trip)', () => {
  let org: Org;
  let sb: Sandbox;
  let factory: ClientFactory;
  let result: Awaited<ReturnType<typeof scanOrg>>;

  beforeAll(async () => {
    org = await loadSeed(DEMO);
    sb = await startSandbox({ org: DEMO, memberRoleActions: await memberRoleActions() });
    factory = sandboxFactory(sb);
    result = await scanOrg(factory, org.regions);
  });

  afterAll(async () => {
    factory?.destroy();
    await sb?.close();
  });

  it('plans the organisation as the file describes it: OU paths, RCP targets, the management account exempt', () => {
    // Given the demo file / When it is planned
    const { manifest } = result;
    // Then every account is there with the OU path aws:PrincipalOrgPaths would show
    expect(manifest.organization).toEqual(org.organization);
    const parentPath = (parent: string): string => {
      const chain: string[] = [];
      for (
        let p: string | undefined = parent;
        p && p !== org.organization.rootId;
        p = org.ous.find((o) => o.id === p)?.parent
      )
        chain.unshift(p);
      return `${org.organization.id}/${org.organization.rootId}/${chain.map((c) => `${c}/`).join('')}`;
    };
    expect(Object.fromEntries(manifest.accounts.map((a) => [a.id, a.ouPath]))).toEqual(
      Object.fromEntries([...org.accounts.values()].map((a) => [a.id, parentPath(a.parent)])),
    );
    const rcps = org.policies.filter((p) => p.type === 'RESOURCE_CONTROL_POLICY');
    expect(
      manifest.rcps.map((r) => ({ id: r.id, targets: [...r.targets].sort(), content: JSON.parse(r.content) })),
    ).toEqual(rcps.map((r) => ({ id: r.id, targets: [...r.targets].sort(), content: JSON.parse(r.content) })));
    expect(manifest.rcpsByAccount[org.organization.managementAccountId]).toEqual([]);
    expect(manifest.gaps).toEqual([]);
  });

  it('reads back every account policy for policy, with no-policy repositories and no-BPA buckets as absent', () => {
    // Given every account whose member role exists
    const withRole = [...org.accounts.values()].filter((a) => a.memberRole);
    expect(withRole.length).toBeGreaterThan(3);
    for (const a of withRole) {
      // When its inventory is viewed / Then it equals the file
      const inv = result.inventories.get(a.id) as AccountInventory;
      expect(inv.gaps, `gaps of ${a.id}`).toEqual([]);
      expect(viewFromInventory(inv), `account ${a.id}`).toEqual(viewFromOrg(org, a.id, org.regions));
    }
    // And the file's "none" cases really occur and read as absent, not as errors
    const all = [...result.inventories.values()];
    const repos = all.flatMap((i) =>
      i.ecr.flatMap((r) => (r.repositories.status === 'ok' ? r.repositories.value : [])),
    );
    const buckets = all.flatMap((i) => (i.s3.buckets.status === 'ok' ? i.s3.buckets.value : []));
    expect(repos.some((r) => r.policy.status === 'absent')).toBe(true);
    expect(buckets.some((b) => b.publicAccessBlock.status === 'absent')).toBe(true);
  });

  it('reports the account without a member role as one AssumeRole gap', () => {
    // Given the accounts whose role does not exist / Then each has exactly one gap, AccessDenied on AssumeRole
    for (const a of [...org.accounts.values()].filter((x) => !x.memberRole)) {
      expect(result.inventories.get(a.id)?.gaps).toEqual([
        expect.objectContaining({
          account: a.id,
          service: 'sts',
          call: 'AssumeRole',
          error: expect.stringMatching(/^AccessDenied: /),
          resource: 'account',
        }),
      ]);
    }
  });
});

describe('the member role needs only read-only calls', () => {
  it('scans with exactly the actions of infra/member-role.yaml and meets no AccessDenied', async () => {
    // Given a sandbox that denies the member role every action the template does not grant
    const actions = await memberRoleActions();
    expect(
      actions.every((a) =>
        /^(ecr:(Describe|Get|ListTagsForResource$)|s3:(Get|List)|iam:GetAccountAuthorizationDetails$)/.test(a),
      ),
    ).toBe(true);
    const sb = await startSandbox({ org: DEMO, memberRoleActions: actions });
    const factory = sandboxFactory(sb);
    try {
      // When the organisation is scanned
      const { inventories } = await scanOrg(factory, sb.org.regions);
      // Then no call made with the member role was denied
      const denied = sb.calls.filter(
        (c) => c.principal.includes(':assumed-role/') && /AccessDenied/.test(c.code ?? ''),
      );
      expect(denied).toEqual([]);
      expect(
        [...inventories.values()]
          .flatMap((i) => i.gaps)
          .filter((g) => /AccessDenied/.test(g.error) && g.call !== 'AssumeRole'),
      ).toEqual([]);
      // And the grant is no wider than the calls the collectors make
      const made = new Set(
        sb.calls.filter((c) => c.principal.includes(':assumed-role/')).map((c) => `${c.service}:${c.action}`),
      );
      expect(actions.sort()).toEqual([...DEFAULT_MEMBER_ROLE_ACTIONS].sort());
      expect(made.size).toBe(actions.length);
    } finally {
      factory.destroy();
      await sb.close();
    }
  });

  it('turns a missing grant into AccessDenied gaps, so the check above can fail', async () => {
    // Given a member role without s3:GetBucketAcl
    const actions = (await memberRoleActions()).filter((a) => a !== 's3:GetBucketAcl');
    const sb = await startSandbox({ org: DEMO, memberRoleActions: actions });
    const factory = sandboxFactory(sb);
    try {
      // When the organisation is scanned
      const { inventories } = await scanOrg(factory, sb.org.regions);
      // Then every bucket's ACL read is a gap saying AccessDenied
      const gaps = [...inventories.values()].flatMap((i) => i.gaps).filter((g) => g.call === 'GetBucketAcl');
      const buckets = [...sb.org.buckets.values()].filter((b) => sb.org.accounts.get(b.account)?.memberRole).length;
      expect(gaps).toHaveLength(buckets);
      for (const g of gaps) expect(g.error).toMatch(/^AccessDenied: /);
    } finally {
      factory.destroy();
      await sb.close();
    }
  });
});
