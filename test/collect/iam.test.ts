import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectAccount } from '../../lib/collect/account.js';
import { readOrganisation } from '../../lib/collect/plan.js';
import type { ClientFactory } from '../../lib/collect/clients.js';
import type { OrgAccount } from '../../lib/model/manifest.js';
import { DEFAULT_MEMBER_ROLE_ACTIONS, startSandbox, type OrgSeed, type Sandbox } from '../../lib/sandbox/index.js';
import { sandboxFactory } from './sandbox-env.js';

const allow = (action: string): Record<string, unknown> => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Action: action, Resource: '*' }],
});
const SEED: OrgSeed = {
  organization: { id: 'o-iamtest123', managementAccountId: '111111111111', rootId: 'r-iamt' },
  regions: ['eu-west-1'],
  ous: [{ id: 'ou-iamt-wrk00001', name: 'Workloads' }],
  accounts: [
    { id: '111111111111', name: 'mgmt' },
    {
      id: '222222222222',
      name: 'work',
      ou: 'ou-iamt-wrk00001',
      iam: {
        managedPolicies: [
          { name: 'pull', document: allow('ecr:BatchGetImage') },
          { name: 'edge', document: allow('ecr:*') },
        ],
        roles: [
          {
            name: 'ci',
            managedPolicies: ['pull'],
            permissionsBoundary: 'edge',
            inlinePolicies: { push: allow('ecr:PutImage') },
            tags: { team: 'ci' },
          },
          // Enough roles for three pages of 100.
          ...Array.from({ length: 230 }, (_, i) => ({ name: `bulk-${i}` })),
        ],
        users: [{ name: 'dev', groups: ['readers'] }],
        groups: [{ name: 'readers', inlinePolicies: { read: allow('s3:GetObject') } }],
      },
    },
  ],
  scps: [
    {
      id: 'p-FullAWSAccess',
      name: 'FullAWSAccess',
      content: allow('*'),
      targets: ['r-iamt', 'ou-iamt-wrk00001', '111111111111', '222222222222'],
    },
    {
      id: 'p-denypush',
      name: 'deny-push',
      content: { Version: '2012-10-17', Statement: [{ Effect: 'Deny', Action: 'ecr:PutImage', Resource: '*' }] },
      targets: ['ou-iamt-wrk00001'],
    },
  ],
};
const WORK: OrgAccount = {
  id: '222222222222',
  name: 'work',
  status: 'ACTIVE',
  ouPath: 'o-iamtest123/r-iamt/ou-iamt-wrk00001/',
};

describe('reading IAM identities and SCPs from the sandbox (real SDK clients over HTTP)', () => {
  let sb: Sandbox;
  let factory: ClientFactory;
  beforeAll(async () => {
    sb = await startSandbox({ org: SEED });
    factory = sandboxFactory(sb, { homeRegion: 'eu-west-1' });
  });
  afterAll(async () => {
    factory?.destroy();
    await sb?.close();
  });

  it('reads every page of GetAccountAuthorizationDetails and resolves managed policies, boundaries, groups and tags', async () => {
    const inv = await collectAccount(WORK, {
      runId: 'iam',
      regions: ['eu-west-1'],
      roleName: 'OrgAccessScannerAudit',
      now: '2026-12-06T00:00:00Z',
      factory,
    });
    expect(inv.iam?.status).toBe('ok');
    if (inv.iam?.status !== 'ok') return;
    expect(inv.iam.principals.filter((p) => p.kind === 'role')).toHaveLength(231);
    const ci = inv.iam.principals.find((p) => p.name === 'ci');
    expect(ci?.policies.map((p) => p.source)).toEqual(['inline:push', 'managed:arn:aws:iam::222222222222:policy/pull']);
    expect(JSON.parse(ci?.boundary?.document ?? '{}')).toEqual(allow('ecr:*'));
    expect(ci?.tags).toEqual({ team: 'ci' });
    expect(inv.iam.principals.find((p) => p.name === 'dev')?.policies.map((p) => p.source)).toEqual([
      'group:readers/inline:read',
    ]);
    expect(inv.iam.problems).toEqual([]);
    expect(sb.calls.filter((c) => c.action === 'GetAccountAuthorizationDetails')).toHaveLength(3);
  });

  it('plans the SCPs with their targets', async () => {
    const manifest = await readOrganisation({
      runId: 'iam',
      now: '2026-12-06T00:00:00Z',
      regions: ['eu-west-1'],
      factory,
    });
    expect(manifest.scps?.status).toBe('ok');
    if (manifest.scps?.status !== 'ok') return;
    expect(manifest.scps.policies.map((p) => [p.id, [...p.targets].sort()])).toEqual([
      ['p-FullAWSAccess', ['111111111111', '222222222222', 'ou-iamt-wrk00001', 'r-iamt']],
      ['p-denypush', ['ou-iamt-wrk00001']],
    ]);
  });
});

describe('an account whose IAM cannot be read', () => {
  it('is a coverage gap and an error read, never an empty list of principals', async () => {
    const sb = await startSandbox({
      org: SEED,
      memberRoleActions: DEFAULT_MEMBER_ROLE_ACTIONS.filter((a) => !a.startsWith('iam:')),
    });
    const factory = sandboxFactory(sb, { homeRegion: 'eu-west-1', maxAttempts: 1 });
    try {
      const inv = await collectAccount(WORK, {
        runId: 'iam',
        regions: ['eu-west-1'],
        roleName: 'OrgAccessScannerAudit',
        now: '2026-12-06T00:00:00Z',
        factory,
      });
      expect(inv.iam?.status).toBe('error');
      expect(
        inv.gaps.some(
          (g) =>
            g.service === 'iam' && g.call === 'GetAccountAuthorizationDetails' && g.error.startsWith('AccessDenied'),
        ),
      ).toBe(true);
    } finally {
      factory.destroy();
      await sb.close();
    }
  });
});
