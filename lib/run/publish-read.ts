/**
 * The publish step's read of a run's account results, streamed (issue 21): each account's objects (one, or one per
 * shard) are read, merged and reduced to their report part (lib/publish/account-part.ts) RESULT_READ_CONCURRENCY
 * accounts at a time, and the results themselves are dropped, so the step holds at most that many inventories,
 * never the organisation's. Each part is handed to `keep` (the publish step spills its findings and population,
 * lib/publish/part-spill.ts, and keeps only what the frame needs). Same accounts, order and shard rule as
 * `loadAccountResults` (lib/run/steps.ts).
 */
import { createLimiter } from '../collect/limit.js';
import type { AccountResult } from '../model/account-result.js';
import type { Manifest } from '../model/manifest.js';
import { plannedById, prepareAccount, type AccountPart } from '../publish/account-part.js';
import { accountsPrefix } from './keys.js';
import { mergeShards } from './shards.js';
import { accountsToScan } from './steps.js';
import { readJson, type RunStore } from './store.js';

/** Accounts read and reduced at once. */
const RESULT_READ_CONCURRENCY = 16;

/** The account id a result key names: `<prefix><id>.json` or `<prefix><id>.shard-k-of-n.json`. */
function accountOfKey(prefix: string, key: string): string {
  return key.slice(prefix.length).split('.')[0];
}

/**
 * Reads a run's account results one account at a time and returns what `keep` made of their parts, in account-key
 * order; accounts of the plan without a (complete) result are `missing`, as `loadAccountResults` says.
 */
export async function readAccountParts<T extends Pick<AccountPart, 'account'>>(
  store: RunStore,
  runId: string,
  manifest: Manifest,
  keep: (part: AccountPart) => Promise<T>,
): Promise<{ parts: T[]; missing: string[] }> {
  const prefix = accountsPrefix(runId);
  const keys = (await store.list(prefix)).filter((k) => k.endsWith('.json')).sort();
  const groups = new Map<string, string[]>();
  for (const key of keys) {
    const id = accountOfKey(prefix, key);
    const list = groups.get(id);
    if (list) list.push(key);
    else groups.set(id, [key]);
  }
  const planned = plannedById(manifest);
  const limit = createLimiter(RESULT_READ_CONCURRENCY);
  const read = await Promise.all(
    [...groups.values()].map((group) =>
      limit(async (): Promise<T[]> => {
        const results: AccountResult[] = [];
        for (const key of group) {
          const r = await readJson<AccountResult>(store, key);
          if (r !== null && r.runId === runId) results.push(r);
        }
        // An account scanned in shards has one object per shard: merged here, and not read unless every shard is there.
        const byAccount = new Map<string, AccountResult[]>();
        for (const r of results) byAccount.set(r.account.id, [...(byAccount.get(r.account.id) ?? []), r]);
        const merged = [...byAccount.values()].map(mergeShards).filter((r): r is AccountResult => r !== null);
        const kept: T[] = [];
        for (const r of merged) kept.push(await keep(prepareAccount(manifest, planned, r)));
        return kept;
      }),
    ),
  );
  const parts = read.flat();
  const seen = new Set(parts.map((p) => p.account.id));
  const missing = accountsToScan(manifest)
    .map((a) => a.id)
    .filter((id) => !seen.has(id));
  return { parts, missing };
}
