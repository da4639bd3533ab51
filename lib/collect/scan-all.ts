/**
 * Collects every account of a manifest under one bounded concurrency across accounts (each account has its own,
 * smaller limit on requests in flight). Each inventory is handed to `onAccount` as soon as it is ready, so a large
 * organisation is never held in memory at once.
 */
import { describeError } from './call.js';
import { collectAccount, type CollectAccountOptions } from './account.js';
import { createLimiter } from './limit.js';
import { notCollected, type AccountInventory } from '../model/inventory.js';
import type { Manifest, OrgAccount } from '../model/manifest.js';

/** Options of a whole collection. */
export interface ScanAllOptions extends Omit<CollectAccountOptions, 'regions' | 'concurrency'> {
  /** Accounts scanned at once (default 10). */
  accountConcurrency?: number;
  /** Requests in flight inside one account (default 8). */
  requestConcurrency?: number;
  /** Defaults to the manifest's regions. */
  regions?: string[];
}

/** The accounts a manifest says to scan (its `scope`, else every ACTIVE account). */
export function accountsToScan(manifest: Manifest): OrgAccount[] {
  const scope = manifest.scope ? new Set(manifest.scope) : null;
  return manifest.accounts.filter((a) => (scope ? scope.has(a.id) : a.status === 'ACTIVE'));
}

/**
 * Scans every account to scan; resolves once all are done and `onAccount` has settled for each. An exception from
 * the collectors (a bug: they turn AWS errors into gaps) becomes a gap of that account, never a rejection.
 */
export async function scanAll(
  manifest: Manifest,
  opts: ScanAllOptions,
  onAccount: (inventory: AccountInventory, done: number, total: number) => void | Promise<void>,
): Promise<void> {
  const accounts = accountsToScan(manifest);
  const limit = createLimiter(opts.accountConcurrency ?? 10);
  let done = 0;
  await Promise.all(
    accounts.map((account) =>
      limit(async () => {
        let inventory: AccountInventory;
        try {
          inventory = await collectAccount(account, { ...opts, regions: opts.regions ?? manifest.regions, concurrency: opts.requestConcurrency ?? 8 });
        } catch (err) {
          inventory = crashed(account, opts.now, err, opts.factory.config.partition);
        }
        done++;
        await onAccount(inventory, done, accounts.length);
      }),
    ),
  );
}

function crashed(account: OrgAccount, now: string, err: unknown, partition: string): AccountInventory {
  const error = `CollectorFailure: ${describeError(err)}`;
  return notCollected(account, now, [{ account: account.id, region: 'global', service: 'sts', call: 'collectAccount', error, attempts: 1, resource: 'account' }], partition);
}
