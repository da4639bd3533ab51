/**
 * Collects every account a manifest plans, for the collector tests: a plain loop under a limiter, not the pipeline
 * (lib/run holds the only orchestration; these tests look at inventories, not at results or reports).
 */
import { collectAccount, type CollectAccountOptions } from '../../lib/collect/account.js';
import { createLimiter } from '../../lib/collect/limit.js';
import type { AccountInventory } from '../../lib/model/inventory.js';
import type { Manifest } from '../../lib/model/manifest.js';
import { accountsToScan } from '../../lib/run/steps.js';

/** Every planned account's inventory, by account id, `accountConcurrency` accounts at once. */
export async function collectEvery(
  manifest: Manifest,
  opts: Omit<CollectAccountOptions, 'regions'>,
  accountConcurrency: number,
): Promise<Map<string, AccountInventory>> {
  const limit = createLimiter(accountConcurrency);
  const inventories = new Map<string, AccountInventory>();
  await Promise.all(
    accountsToScan(manifest).map((account) =>
      limit(async () => {
        inventories.set(account.id, await collectAccount(account, { ...opts, regions: manifest.regions }));
      }),
    ),
  );
  return inventories;
}
