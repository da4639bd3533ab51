/**
 * scan-account: assume the member role, then read ECR and S3 access points in every region, S3 buckets and
 * Multi-Region Access Points once for the account.
 * Always resolves with an inventory; everything that could not be read is in `gaps`.
 */
import { attemptsOf, describeError, gapOf, toRead, type ReadScope } from './call.js';
import type { ClientFactory } from './clients.js';
import { memberRoleCredentials } from './credentials.js';
import { collectEcrRegion } from './ecr-region.js';
import { readIdentities } from './iam.js';
import { createLimiter } from './limit.js';
import { readAccountPublicAccessBlock } from './s3-account-bpa.js';
import { collectAccessPoints } from './s3-access-points.js';
import { readBucket } from './s3-bucket.js';
import { listBuckets } from './s3-buckets.js';
import { collectMultiRegionAccessPoints, MRAP_CONTROL_REGION } from './s3-mrap.js';
import type { CoverageGap } from '../model/coverage-gap.js';
import {
  INVENTORY_SCHEMA_VERSION,
  notCollected,
  type AccountInventory,
  type BucketInventory,
  type EcrRegionInventory,
  type Read,
} from '../model/inventory.js';
import type { OrgAccount } from '../model/manifest.js';

/** What collectAccount needs besides the account. */
export interface CollectAccountOptions {
  runId: string;
  regions: string[];
  roleName: string;
  /** ISO time recorded as `collectedAt` (time comes in as data). */
  now: string;
  factory: ClientFactory;
  /** Requests in flight for this account (default 8). */
  concurrency?: number;
  /**
   * Read only the buckets whose index in name order is `index` mod `count` (one shard of a large account, see
   * lib/run/shards.ts); ListBuckets and the account's Block Public Access are read either way.
   */
  bucketShard?: { index: number; count: number };
  /**
   * The regions whose access points are read (default `regions`). A shard reads every region's: a bucket of any
   * shard is judged with its owner's access points in its region (lib/analyze/account-s3.ts), so each shard needs
   * them all; repeated access point findings merge by id (lib/run/shards.ts).
   */
  accessPointRegions?: string[];
  externalId?: string;
  /** Also read repository and bucket tags (when a critical tag is configured, lib/run/config.ts). */
  readTags?: boolean;
}

/** Collects one account. Never rejects. */
export async function collectAccount(account: OrgAccount, opts: CollectAccountOptions): Promise<AccountInventory> {
  const { factory } = opts;
  const home = factory.config.homeRegion;
  const provider = memberRoleCredentials(factory, {
    accountId: account.id,
    roleName: opts.roleName,
    runId: opts.runId,
    ...(opts.externalId ? { externalId: opts.externalId } : {}),
  });
  try {
    await provider();
  } catch (err) {
    // The member role could not be assumed: nothing was collected, and the gap (the only one) says why.
    return notCollected(
      account,
      opts.now,
      [
        {
          account: account.id,
          region: 'global',
          service: 'sts',
          call: 'AssumeRole',
          error: describeError(err),
          attempts: attemptsOf(err),
          resource: 'account',
        },
      ],
      factory.config.partition,
    );
  }
  const creds = { accountId: account.id, credentials: provider };
  const gaps: CoverageGap[] = [];
  const limit = createLimiter(opts.concurrency ?? 8);
  const scope = (region: string, service: ReadScope['service']): ReadScope => ({
    account: account.id,
    region,
    service,
    gaps,
    limit,
  });

  try {
    const ecrPromise = Promise.all(
      opts.regions.map((region) =>
        collectEcrRegion(factory.ecr(creds, region), scope(region, 'ecr'), opts.readTags === true),
      ),
    );
    const s3Promise = (async (): Promise<Read<BucketInventory[]>> => {
      const listScope = scope('global', 's3');
      const listed = await listBuckets(factory.s3(creds, home), listScope, home);
      if (listed.kind !== 'ok') return toRead(listScope, 'ListBuckets', 'buckets', listed);
      const shard = opts.bucketShard;
      const mine =
        shard && shard.count > 1
          ? [...listed.value]
              .sort((a, b) => a.name.localeCompare(b.name))
              .filter((_, i) => i % shard.count === shard.index)
          : listed.value;
      const reads = await Promise.all(
        mine.map((b) =>
          readBucket(
            factory.s3(creds, b.region),
            scope(b.region, 's3'),
            b,
            factory.config.partition,
            opts.readTags === true,
          ),
        ),
      );
      // A region that is not enabled is one gap, not one per bucket and call.
      const disabled = new Map<string, { error: string; attempts: number }>();
      for (const r of reads)
        if (r.regionDisabled && !disabled.has(r.bucket.region)) disabled.set(r.bucket.region, r.regionDisabled);
      for (const [region, failure] of disabled)
        gaps.push(gapOf(scope(region, 's3'), 'GetBucketPolicy', 'region', failure));
      return { status: 'ok', value: reads.map((r) => r.bucket) };
    })();
    const bpaPromise = readAccountPublicAccessBlock(
      factory.s3control(creds, home),
      scope('global', 's3control'),
      account.id,
    );
    const partition = factory.config.partition;
    // Access points live in regions (one ListAccessPoints per scanned region); Multi-Region Access Points are read
    // once, in their control region.
    // Each region's access point gaps go to a side list: a region that ECR found not enabled is already one gap.
    const apGaps = new Map<string, CoverageGap[]>();
    const apRegions = opts.accessPointRegions ?? opts.regions;
    const apPromise = Promise.all(
      apRegions.map((region) => {
        const side: ReadScope = { ...scope(region, 's3control'), gaps: [] };
        apGaps.set(region, side.gaps);
        return collectAccessPoints(factory.s3control(creds, region), side, account.id, partition);
      }),
    );
    const mrapPromise = collectMultiRegionAccessPoints(
      factory.s3control(creds, MRAP_CONTROL_REGION),
      scope('global', 's3control'),
      account.id,
      partition,
    );
    const iamPromise = readIdentities(factory.iam(creds), scope('global', 'iam'), account.id);
    const [ecr, buckets, accountPublicAccessBlock, apReads, multiRegionAccessPoints, iam] = await Promise.all([
      ecrPromise,
      s3Promise,
      bpaPromise,
      apPromise,
      mrapPromise,
      iamPromise,
    ]);
    apRegions.forEach((region, i) => {
      // A region ECR found not enabled (read here) is one gap already; one this shard's ECR did not read keeps its own.
      const e = opts.regions.indexOf(region);
      const folded = apReads[i]!.regionDisabled && e !== -1 && ecr[e] === null;
      if (!folded) gaps.push(...(apGaps.get(region) ?? []));
    });
    const accessPoints = apReads.map((r) => r.inventory);
    return {
      schemaVersion: INVENTORY_SCHEMA_VERSION,
      account,
      collectedAt: opts.now,
      partition: factory.config.partition,
      ecr: ecr.filter((r): r is EcrRegionInventory => r !== null),
      s3: { buckets, accountPublicAccessBlock, accessPoints, multiRegionAccessPoints },
      iam,
      gaps: sortGaps(gaps),
    };
  } finally {
    factory.release(account.id);
  }
}

/** Gaps in a stable order (region, service, call, resource), whatever order the reads finished in. */
export function sortGaps(gaps: CoverageGap[]): CoverageGap[] {
  const key = (g: CoverageGap): string => [g.account, g.region, g.service, g.call, g.resource ?? ''].join('\u0000');
  return [...gaps].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}
