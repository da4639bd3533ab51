/**
 * Sharding an account across Distributed Map items, so the largest account fits in one Lambda invocation's
 * 15 minutes (docs/benchmarks.md "The largest account"). Shard k of n reads the ECR regions whose index is k mod n
 * and the buckets (in name order) whose index is k mod n, plus what every shard needs (AssumeRole, ListBuckets, the
 * account's Block Public Access, every region's access points and the Multi-Region Access Points). Each shard writes its own result object; publish merges the n objects of an
 * account into one result, and an account missing any shard is not read (an incomplete run).
 */
import type { AccountResult } from '../model/account-result.js';
import type { AccountInventory, BucketInventory, Read } from '../model/inventory.js';
import type { OrgAccount } from '../model/manifest.js';

/** Shard `index` of `count` (0 <= index < count). */
export interface Shard {
  index: number;
  count: number;
}

/** One Distributed Map item: an account, and which shard of it (absent: the whole account). */
export type MapItem = OrgAccount & { shard?: Shard };

/** The Map items of an account: itself when `count` is 1, else one item per shard. */
export function itemsOf(account: OrgAccount, count: number): MapItem[] {
  if (count <= 1) return [account];
  return Array.from({ length: count }, (_, index) => ({ ...account, shard: { index, count } }));
}

/** True for a shard value an event may carry. */
export function isShard(value: unknown): value is Shard {
  const s = value as Shard;
  return (
    !!s && Number.isInteger(s.index) && Number.isInteger(s.count) && s.count >= 1 && s.index >= 0 && s.index < s.count
  );
}

/** The elements of `list` that shard `shard` owns (every element when there is no shard). */
export function owned<T>(list: T[], shard: Shard | undefined): T[] {
  return shard && shard.count > 1 ? list.filter((_, i) => i % shard.count === shard.index) : list;
}

/** The file name suffix of a shard's result object (`''` for a whole account). */
export function shardSuffix(shard: Shard | undefined): string {
  return shard && shard.count > 1 ? `.shard-${shard.index}-of-${shard.count}` : '';
}

function mergeBuckets(reads: Array<Read<BucketInventory[]>>): Read<BucketInventory[]> {
  const failed = reads.find((r) => r.status === 'error');
  if (failed) return failed;
  const ok = reads.flatMap((r) => (r.status === 'ok' ? r.value : []));
  return { status: 'ok', value: ok.sort((a, b) => a.name.localeCompare(b.name)) };
}

function mergeInventories(parts: AccountInventory[], account: OrgAccount): AccountInventory {
  const first = parts[0];
  return {
    schemaVersion: first.schemaVersion,
    account,
    collectedAt: parts.map((p) => p.collectedAt).sort()[0],
    ...(first.partition ? { partition: first.partition } : {}),
    ecr: parts.flatMap((p) => p.ecr).sort((a, b) => a.region.localeCompare(b.region)),
    s3: {
      buckets: mergeBuckets(parts.map((p) => p.s3.buckets)),
      accountPublicAccessBlock: first.s3.accountPublicAccessBlock,
      // Every shard reads every region's access points and the Multi-Region Access Points: the first shard's stand.
      ...(first.s3.accessPoints ? { accessPoints: first.s3.accessPoints } : {}),
      ...(first.s3.multiRegionAccessPoints ? { multiRegionAccessPoints: first.s3.multiRegionAccessPoints } : {}),
    },
    gaps: unique(parts.flatMap((p) => p.gaps)),
  };
}

function uniqueBy<T>(items: T[], key: (item: T) => string): T[] {
  const seen = new Set<string>();
  return items.filter((i) => {
    const k = key(i);
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

function unique<T>(items: T[]): T[] {
  return uniqueBy(items, (i) => JSON.stringify(i));
}

/**
 * Merges an account's shard results into one result; null when a shard is missing (the account was not read).
 * Results without a shard pass through.
 */
export function mergeShards(results: AccountResult[]): AccountResult | null {
  if (results.length === 1 && !results[0].shard) return results[0];
  const count = results[0].shard?.count ?? 1;
  const byIndex = new Map(results.map((r) => [r.shard?.index ?? 0, r]));
  if (byIndex.size !== count || results.some((r) => r.shard?.count !== count)) return null;
  const parts = [...byIndex.entries()].sort((a, b) => a[0] - b[0]).map(([, r]) => r);
  const { shard: _shard, ...account } = parts[0].account as MapItem;
  const inventories = parts.map((p) => p.inventory).filter((i): i is AccountInventory => i !== null);
  return {
    schemaVersion: parts[0].schemaVersion,
    runId: parts[0].runId,
    account,
    inventory: inventories.length === 0 ? null : mergeInventories(inventories, account),
    // Findings are per resource and every resource belongs to one shard; ids make a repeat visible and harmless.
    findings: uniqueBy(
      parts.flatMap((p) => p.findings),
      (f) => f.id,
    ),
    lint: unique(parts.flatMap((p) => p.lint)),
    errors: parts.flatMap((p) => p.errors),
    gaps: unique(parts.flatMap((p) => p.gaps)),
    startedAt: parts.map((p) => p.startedAt).sort()[0],
    finishedAt: parts
      .map((p) => p.finishedAt)
      .sort()
      .reverse()[0],
  };
}
