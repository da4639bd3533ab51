/**
 * The access-matrix join's read of a run's account results (issue 22): each account's objects (one, or one per
 * shard) are read, merged and reduced to what the matrix needs (its identities and its resources with their
 * policies), RESULT_READ_CONCURRENCY accounts at a time, so the join holds the organisation's IAM and resource
 * policies, never its inventories or findings. Same accounts and shard rule as `readAccountParts`
 * (./publish-read.ts). An account whose Map item failed is not read (the Map's record decides, as in publish): it is
 * left out of the identities, which the matrix reports as a gap for that account, never as "nobody".
 */
import { effectiveInputOf, linkAccessPoints } from '../analyze/effective/from-inventory.js';
import type { EffectiveInput } from '../analyze/effective/types.js';
import { createLimiter } from '../collect/limit.js';
import type { AccountResult } from '../model/account-result.js';
import type { Manifest } from '../model/manifest.js';
import { accountsPrefix } from './keys.js';
import { mergeShards } from './shards.js';
import { readJson, type RunStore } from './store.js';

/** Accounts read and reduced at once. */
const RESULT_READ_CONCURRENCY = 16;

/** The account id a result key names: `<prefix><id>.json` or `<prefix><id>.shard-k-of-n.json`. */
function accountOfKey(prefix: string, key: string): string {
  return key.slice(prefix.length).split('.')[0];
}

/** One account's share of the matrix input: its identities and resources, or nothing when not read. */
type AccountShare = Pick<EffectiveInput, 'identities' | 'resources' | 'partition'>;

/**
 * The matrix input of a stored run, read one account at a time. `failed`: accounts whose Map item failed (their
 * result, if any, is not used). `read`: accounts whose result was used.
 */
export async function readMatrixInput(
  store: RunStore,
  runId: string,
  manifest: Manifest,
  failed: ReadonlySet<string> = new Set(),
): Promise<{ input: EffectiveInput; read: string[] }> {
  const prefix = accountsPrefix(runId);
  const keys = (await store.list(prefix)).filter((k) => k.endsWith('.json')).sort();
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const id = accountOfKey(prefix, key);
    if (failed.has(id)) continue;
    const list = groups.get(id);
    if (list) list.push(key);
    else groups.set(id, [key]);
  }
  const limit = createLimiter(RESULT_READ_CONCURRENCY);
  const shares = await Promise.all(
    [...groups.values()].map((group) =>
      limit(async (): Promise<{ id: string; listed: boolean; share: AccountShare } | null> => {
        const results: AccountResult[] = [];
        for (const key of group) {
          const r = await readJson<AccountResult>(store, key);
          if (r !== null && r.runId === runId) results.push(r);
        }
        // An account scanned in shards is not read unless every shard is there (mergeShards says null).
        const merged = results.length > 0 ? mergeShards(results) : null;
        if (!merged?.inventory) return null;
        const { identities, resources, partition } = effectiveInputOf(manifest, [merged.inventory]);
        const listed = merged.inventory.s3.buckets.status === 'ok';
        return { id: merged.account.id, listed, share: { identities, resources, partition } };
      }),
    ),
  );
  const input = effectiveInputOf(manifest, []);
  const read: string[] = [];
  for (const s of shares) {
    if (!s) continue;
    read.push(s.id);
    input.identities.push(...s.share.identities);
    for (const r of s.share.resources) input.resources.push(r);
    if (read.length === 1) input.partition = s.share.partition;
  }
  // Access points on another account's bucket: the bucket policy is known only once every account is read.
  linkAccessPoints(input.resources, new Set(shares.flatMap((s) => (s?.listed ? [s.id] : []))));
  return { input, read };
}
