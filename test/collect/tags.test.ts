import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectAccount } from '../../lib/collect/account.js';
import type { ClientFactory } from '../../lib/collect/clients.js';
import { criticalityOf } from '../../lib/analyze/effective/critical.js';
import { effectiveInputOf } from '../../lib/analyze/effective/from-inventory.js';
import type { Manifest, OrgAccount } from '../../lib/model/manifest.js';
import { DEFAULT_MEMBER_ROLE_ACTIONS, startSandbox, type OrgSeed, type Sandbox } from '../../lib/sandbox/index.js';
import { sandboxFactory } from './sandbox-env.js';

const SEED: OrgSeed = {
  organization: { id: 'o-tagtest123', managementAccountId: '111111111111', rootId: 'r-tagt' },
  regions: ['eu-west-1'],
  accounts: [
    { id: '111111111111', name: 'mgmt' },
    {
      id: '222222222222',
      name: 'registry',
      ecr: {
        'eu-west-1': {
          repositories: [
            { name: 'platform/release', tags: { tier: 'critical', owner: 'platform' } },
            { name: 'scratch' },
          ],
        },
      },
      buckets: [
        { name: 'tagged-artifacts', region: 'eu-west-1', tags: { tier: 'critical' } },
        { name: 'untagged-logs', region: 'eu-west-1' },
      ],
    },
  ],
};
const REG: OrgAccount = { id: '222222222222', name: 'registry', status: 'ACTIVE', ouPath: 'o-tagtest123/r-tagt/' };
const REPO = 'arn:aws:ecr:eu-west-1:222222222222:repository/platform/release';
const SCRATCH = 'arn:aws:ecr:eu-west-1:222222222222:repository/scratch';
const TAG = { arns: [], tag: { key: 'tier', value: 'critical' } };
const scan = (factory: ClientFactory, readTags: boolean) =>
  collectAccount(REG, {
    runId: 'tags',
    regions: ['eu-west-1'],
    roleName: 'OrgAccessScannerAudit',
    now: '2026-12-07T00:00:00Z',
    factory,
    readTags,
  });
const manifest = {
  organization: { id: 'o-tagtest123', managementAccountId: '111111111111' },
  accounts: [REG],
  scps: { status: 'ok', policies: [] },
  rcps: [],
  rcpsByAccount: {},
} as unknown as Manifest;

describe('resource tags for the critical marking (real SDK clients over the sandbox wire protocols)', () => {
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

  it('reads ECR ListTagsForResource and S3 GetBucketTagging, NoSuchTagSet meaning no tags', async () => {
    const inv = await scan(factory, true);
    const repos = inv.ecr[0]?.repositories;
    expect(repos?.status).toBe('ok');
    if (repos?.status !== 'ok' || inv.s3.buckets.status !== 'ok') throw new Error('not read');
    expect(repos.value.find((r) => r.name === 'platform/release')?.tags).toEqual({
      status: 'ok',
      value: { tier: 'critical', owner: 'platform' },
    });
    expect(repos.value.find((r) => r.name === 'scratch')?.tags).toEqual({ status: 'ok', value: {} });
    expect(inv.s3.buckets.value.find((b) => b.name === 'tagged-artifacts')?.tags).toEqual({
      status: 'ok',
      value: { tier: 'critical' },
    });
    expect(inv.s3.buckets.value.find((b) => b.name === 'untagged-logs')?.tags).toEqual({ status: 'absent' });
    expect(inv.gaps).toEqual([]);
    // And the matrix's resources carry them: the tagged repository is critical, the untagged one is not
    const input = effectiveInputOf(manifest, [inv]);
    const byArn = new Map(input.resources.map((r) => [r.arn, r]));
    expect(criticalityOf(REPO, byArn.get(REPO), TAG)).toEqual({ critical: true, why: 'tagged tier=critical' });
    expect(criticalityOf(SCRATCH, byArn.get(SCRATCH), TAG)).toEqual({ critical: false });
    expect(criticalityOf('arn:aws:s3:::untagged-logs', byArn.get('arn:aws:s3:::untagged-logs'), TAG)).toEqual({
      critical: false,
    });
  });

  it('does not call the tag APIs when no critical tag is configured', async () => {
    const before = sb.calls.length;
    const inv = await scan(factory, false);
    expect(
      sb.calls.slice(before).filter((c) => c.action === 'ListTagsForResource' || c.action === 'GetBucketTagging'),
    ).toEqual([]);
    if (inv.s3.buckets.status !== 'ok') throw new Error('not read');
    expect(inv.s3.buckets.value.every((b) => b.tags === undefined)).toBe(true);
  });
});

describe('tags the member role may not read', () => {
  it('leave the critical marking unknown with the error, never "not critical", and add no coverage gap', async () => {
    const sb = await startSandbox({
      org: SEED,
      memberRoleActions: DEFAULT_MEMBER_ROLE_ACTIONS.filter(
        (a) => a !== 'ecr:ListTagsForResource' && a !== 's3:GetBucketTagging',
      ),
    });
    const factory = sandboxFactory(sb, { homeRegion: 'eu-west-1', maxAttempts: 1 });
    try {
      const inv = await scan(factory, true);
      if (inv.ecr[0]?.repositories.status !== 'ok') throw new Error('not read');
      expect(inv.ecr[0].repositories.value[0]?.tags?.status).toBe('error');
      expect(inv.gaps).toEqual([]);
      const resource = effectiveInputOf(manifest, [inv]).resources.find((r) => r.arn === REPO);
      const c = criticalityOf(REPO, resource, TAG);
      expect(c.critical).toBe('unknown');
      expect(c.critical === 'unknown' && c.why).toMatch(/^its tags could not be read \(AccessDenied/);
    } finally {
      factory.destroy();
      await sb.close();
    }
  });
});

describe('tags in the org file', () => {
  it('refuses a tag value longer than AWS allows, naming where it is', async () => {
    const bad: OrgSeed = {
      ...SEED,
      accounts: [
        SEED.accounts[0]!,
        {
          ...SEED.accounts[1]!,
          buckets: [{ name: 'tagged-artifacts', region: 'eu-west-1', tags: { tier: 'x'.repeat(257) } }],
        },
      ],
    };
    await expect(startSandbox({ org: bad })).rejects.toThrow(/buckets\[0\]\.tags\.tier.*at most 256 characters/);
  });
});
