/**
 * scan-account's step: collect one account in every configured region, analyse it, write its result object.
 * Used by functions/scan-account.ts and the local runner.
 */
import { accountResults, type AnalysisParts } from '../analyze/index.js';
import type { ActionCatalog } from '../catalog/index.js';
import { collectAccount } from '../collect/account.js';
import type { ClientFactory } from '../collect/clients.js';
import type { AccountResult } from '../model/account-result.js';
import type { Manifest } from '../model/manifest.js';
import { zeroBySeverity, type Severity } from '../model/severity.js';
import type { PipelineConfig } from './config.js';
import { owned, type MapItem } from './shards.js';
import { saveAccountResult } from './steps.js';
import type { RunStore } from './store.js';

/** What scan-account returns to the state machine (small: the Distributed Map keeps it in its results). */
export interface ScanOutput {
  runId: string;
  accountId: string;
  key: string;
  findings: number;
  bySeverity: Record<Severity, number>;
  gaps: number;
  errors: number;
}

function countBySeverity(result: AccountResult): Record<Severity, number> {
  const counts = zeroBySeverity();
  for (const f of result.findings) counts[f.severity] += 1;
  return counts;
}

/**
 * Scans one account and writes `runs/<runId>/accounts/<id>.json`. Idempotent for (runId, account): a retry
 * overwrites the same object. Collection failures are gaps; the result is built by `accountResults` (lib/analyze),
 * the same path as the CLI's, so an analysis that throws (a bug) is an input error rather than a lost account.
 */
export async function scanStep(
  input: { runId: string; account: MapItem },
  config: PipelineConfig,
  deps: {
    store: RunStore;
    factory: ClientFactory;
    catalog: ActionCatalog;
    manifest: Manifest;
    clock: () => string;
    parts?: AnalysisParts;
  },
): Promise<{ output: ScanOutput; result: AccountResult }> {
  const { shard, ...account } = input.account;
  const { runId } = input;
  const { manifest } = deps;
  const startedAt = deps.clock();
  const inventory = await collectAccount(account, {
    runId,
    // A shard reads its share of the regions and of the buckets (lib/run/shards.ts).
    regions: owned(manifest.regions, shard),
    ...(shard && shard.count > 1 ? { bucketShard: shard, accessPointRegions: manifest.regions } : {}),
    roleName: config.memberRoleName,
    now: startedAt,
    factory: deps.factory,
    concurrency: config.accountConcurrency,
    ...(config.externalId ? { externalId: config.externalId } : {}),
    // Tags are read only when they decide something: the critical marking by tag.
    ...(config.criticalTag ? { readTags: true } : {}),
  });
  deps.factory.release(account.id);

  const build = accountResults(manifest, config, deps.catalog, deps.parts);
  const built = build(inventory, { runId, startedAt, finishedAt: deps.clock() });
  // A shard's result says which shard it is, so publish can merge the account's shards (lib/run/shards.ts).
  const result: AccountResult = shard && shard.count > 1 ? { ...built, shard } : built;
  const key = await saveAccountResult(deps.store, result);
  return {
    output: {
      runId,
      accountId: account.id,
      key,
      findings: result.findings.length,
      bySeverity: countBySeverity(result),
      gaps: result.gaps.length,
      errors: result.errors.length,
    },
    result,
  };
}
