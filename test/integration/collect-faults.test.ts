import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ClientFactory } from '../../lib/collect/clients.js';
import { readOrganisation } from '../../lib/collect/plan.js';
import { collectEvery } from './collect-every.js';
import type { CoverageGap } from '../../lib/model/coverage-gap.js';
import type { AccountInventory } from '../../lib/model/inventory.js';
import type { Manifest } from '../../lib/model/manifest.js';
import { generateOrg, startSandbox, type Sandbox } from '../../lib/sandbox/index.js';
import { generatedAccountId } from '../../lib/sandbox/generate.js';
import { sandboxFactory } from '../collect/sandbox-env.js';
import { viewFromInventory, viewFromOrg } from '../collect/view.js';

// Real SDK clients against the sandbox over HTTP: 50 accounts x 3 regions, 10% throttling on every call, plus one
// account whose role cannot be assumed, one region not enabled and one call that never answers.
const REGIONS = ['us-east-1', 'eu-west-1', 'ap-southeast-2'];
const NO_REGION = { account: generatedAccountId(5), region: 'ap-southeast-2' };
const NO_ROLE = generatedAccountId(7);
const HANG = { account: generatedAccountId(9), region: 'eu-west-1', service: 'ecr', action: 'GetRegistryPolicy' };

/** The identity of a gap, without its error text and attempt count. */
const key = (g: CoverageGap): string => [g.account, g.region, g.service, g.call, g.resource ?? ''].join(' ');

describe('collecting an organisation with faults injected', () => {
  let sb: Sandbox;
  let factory: ClientFactory;
  let manifest: Manifest;
  const inventories = new Map<string, AccountInventory>();
  const unhandled: unknown[] = [];
  const onUnhandled = (reason: unknown): void => {
    unhandled.push(reason);
  };

  beforeAll(async () => {
    process.on('unhandledRejection', onUnhandled);
    const org = generateOrg({ accounts: 50, regions: REGIONS, reposPerRegion: 3, bucketsPerAccount: 2, seed: 7 });
    sb = await startSandbox({
      org,
      seedRandom: 42,
      faults: {
        errors: [{ rate: 0.1, kind: 'throttle' }],
        disabledRegions: [NO_REGION],
        unassumableRoles: [NO_ROLE],
        hang: [HANG],
      },
    });
    // 10% throttling at random: eight attempts leave a 1e-8 chance per call of failing for good, and the sandbox
    // draws faults from a seeded hash, so the run is the same every time. Random throttling is not relieved by
    // sending slower, so the adaptive floor is raised and retry delays capped to keep the test short; a timed-out
    // call is tried twice (lib/collect/retry.ts). The timeout is long enough that a loaded 2-core CI machine does not
    // time out an answered call twice (the exact gap list would then be wrong), short enough to keep the hang cheap.
    factory = sandboxFactory(sb, { maxAttempts: 8, requestTimeoutMs: 4_000, adaptiveMinRate: 20, maxBackoffMs: 1_000 });
    manifest = await readOrganisation({ runId: 'faults', now: '2026-11-22T00:00:00.000Z', regions: REGIONS, factory });
    for (const [id, inv] of await collectEvery(
      manifest,
      { runId: 'faults', now: '2026-11-22T00:00:00.000Z', roleName: 'OrgAccessScannerAudit', factory, concurrency: 4 },
      10,
    ))
      inventories.set(id, inv);
    // A hang detector, far above a loaded machine's figure (vitest.config.ts): every account also lists its S3 access
    // points now, and 10% of those calls are throttled too.
  }, 240_000);

  afterAll(async () => {
    process.off('unhandledRejection', onUnhandled);
    factory?.destroy();
    await sb?.close();
  });

  it('plans every account of the organisation with its OU path despite Organizations throttling', () => {
    // Given the generated organisation / When it is planned / Then every account is listed with a path and no gap
    expect(manifest.gaps).toEqual([]);
    expect(manifest.accounts).toHaveLength(50);
    for (const a of manifest.accounts) expect(a.ouPath).toMatch(/^o-gen0000007\/r-gen0\/(ou-gen0-\d{8}\/)*$/);
    expect(sb.calls.some((c) => c.service === 'organizations' && c.fault === 'throttle')).toBe(true);
  });

  it('lists exactly the injected faults as coverage gaps', () => {
    // Given the three injected faults (throttling is retried away)
    const hasBucketIn = (account: string, region: string): boolean =>
      [...sb.org.buckets.values()].some((b) => b.account === account && b.region === region);
    const expected = [
      `${NO_ROLE} global sts AssumeRole account`,
      `${NO_REGION.account} ${NO_REGION.region} ecr DescribeRepositories region`,
      ...(hasBucketIn(NO_REGION.account, NO_REGION.region)
        ? [`${NO_REGION.account} ${NO_REGION.region} s3 GetBucketPolicy region`]
        : []),
      `${HANG.account} ${HANG.region} ecr GetRegistryPolicy registry-policy`,
    ].sort();
    // When every account's gaps are gathered
    const gaps = [...inventories.values()].flatMap((i) => i.gaps);
    // Then they are exactly those faults, with their causes
    expect(gaps.map(key).sort()).toEqual(expected);
    const byKey = new Map(gaps.map((g) => [key(g), g]));
    expect(byKey.get(`${NO_ROLE} global sts AssumeRole account`)?.error).toMatch(/^AccessDenied: /);
    expect(byKey.get(`${NO_REGION.account} ${NO_REGION.region} ecr DescribeRepositories region`)?.error).toMatch(
      /^UnrecognizedClientException: /,
    );
    expect(byKey.get(`${HANG.account} ${HANG.region} ecr GetRegistryPolicy registry-policy`)).toMatchObject({
      error: expect.stringMatching(/^TimeoutError: /),
      attempts: 2,
    });
  });

  it('collects every other account and region exactly as the seed describes it', () => {
    // Given the 50 scanned accounts
    expect([...inventories.keys()].sort()).toEqual(manifest.accounts.map((a) => a.id).sort());
    for (const [id, inv] of inventories) {
      if (id === NO_ROLE) continue;
      // When its inventory is compared with the seed (the faulty region and the hung call aside)
      const skip = id === NO_REGION.account ? [NO_REGION.region] : [];
      const collected = viewFromInventory(inv, skip);
      const seeded = viewFromOrg(sb.org, id, REGIONS, skip);
      if (id === HANG.account) {
        expect(collected.ecr[HANG.region]?.registryPolicy).toBe('ERROR');
        (collected.ecr[HANG.region] as { registryPolicy: unknown }).registryPolicy =
          seeded.ecr[HANG.region]?.registryPolicy;
      }
      // Then they are equal, policy for policy
      expect(collected, `account ${id}`).toEqual(seeded);
    }
  });

  it('leaves an account whose role cannot be assumed with its gap and nothing else', () => {
    // Given the account without a role / Then nothing was read and only AssumeRole is reported
    const inv = inventories.get(NO_ROLE);
    expect(inv?.ecr).toEqual([]);
    expect(inv?.s3.buckets.status).toBe('error');
    expect(inv?.gaps).toHaveLength(1);
    expect(sb.calls.filter((c) => c.account === NO_ROLE && c.service !== 'sts')).toEqual([]);
  });

  it('retried through the throttling and raised no unhandled rejection', () => {
    // Given the run / Then throttling happened on member-account calls, and nothing escaped as a rejection
    expect(sb.calls.filter((c) => c.fault === 'throttle' && c.service === 'ecr').length).toBeGreaterThan(50);
    expect(unhandled).toEqual([]);
  });
});
