/**
 * The three steps of the pipeline (design.md "Pipeline"), shared word for word by the Lambda functions
 * (functions/plan-scan.ts, scan-account.ts, publish-report.ts) and the local runner (lib/run/index.ts): the only
 * difference between the cloud and a laptop is who calls them and which store and clients they are given.
 */
import type { ClientFactory } from '../collect/clients.js';
import { createLimiter } from '../collect/limit.js';
import { readOrganisation } from '../collect/plan.js';
import type { Manifest, OrgAccount } from '../model/manifest.js';
import { ScannerError } from '../errors.js';
import type { PipelineConfig } from './config.js';
import { accountResultKey, accountsPrefix, itemsKey, manifestKey, mapResultsPrefix } from './keys.js';
import { planWithKnownOrganisation } from './organisation-state.js';
import { runSettingsOf, type RunManifest } from './run-settings.js';
import type { RunStore } from './store.js';
import { readJson, writeJson } from './store.js';
import type { AccountResult } from '../model/account-result.js';
import { itemsOf, mergeShards, shardSuffix, type MapItem } from './shards.js';

/** Result objects read at once when publishing (one GetObject each). */
const RESULT_READ_CONCURRENCY = 16;

/** What plan-scan hands to the state machine (and the runner to its scan loop). */
export interface PlanOutput {
  runId: string;
  itemsKey: string;
  mapResultsPrefix: string;
  maxConcurrency: number;
  /** Accounts to scan. */
  accounts: number;
  /** Distributed Map items: accounts x shards per account (lib/run/shards.ts). */
  items: number;
  /** Organisation-level gaps (e.g. Organizations not readable). */
  gaps: number;
}

/**
 * Plan: read the organisation, write the manifest and the Distributed Map's item list. A listing read in full is kept
 * as the last known organisation; a failed one is replaced by it (the run is then incomplete, never smaller).
 */
export async function planStep(
  input: { runId: string; now: string },
  config: PipelineConfig,
  deps: { store: RunStore; factory: ClientFactory },
): Promise<{ output: PlanOutput; manifest: RunManifest; items: MapItem[] }> {
  const planned = await planWithKnownOrganisation(deps.store, (lastKnown) =>
    readOrganisation({
      runId: input.runId,
      lastKnown,
      now: input.now,
      regions: config.regions,
      ...(config.accounts.length > 0 ? { accounts: config.accounts } : {}),
      factory: deps.factory,
      concurrency: config.orgConcurrency,
    }),
  );
  // The zone of trust and scope the run is judged by, saved with its plan: a later publish shows these, not its own.
  const manifest: RunManifest = { ...planned, settings: runSettingsOf(config) };
  const accounts = accountsToScan(manifest);
  const items = accounts.flatMap((a) => itemsOf(a, config.shardsPerAccount));
  // INVARIANT: the manifest is written before the items, so a scan-account never finds its run without one.
  await writeJson(deps.store, manifestKey(input.runId), manifest);
  await writeJson(deps.store, itemsKey(input.runId), items);
  return {
    output: {
      runId: input.runId,
      itemsKey: itemsKey(input.runId),
      mapResultsPrefix: mapResultsPrefix(input.runId),
      maxConcurrency: config.maxConcurrency,
      accounts: accounts.length,
      items: items.length,
      gaps: manifest.gaps.length,
    },
    manifest,
    items,
  };
}

/** The accounts of a manifest that are scanned: its `scope` when readOrganisation set one, else every ACTIVE account. */
export function accountsToScan(manifest: Manifest): OrgAccount[] {
  if (manifest.scope) {
    const wanted = new Set(manifest.scope);
    return manifest.accounts.filter((a) => wanted.has(a.id));
  }
  return manifest.accounts.filter((a) => a.status === 'ACTIVE');
}

/** Reads a run's manifest; a missing one is an error (the run id is wrong or plan-scan did not finish). */
export async function loadManifest(store: RunStore, runId: string): Promise<RunManifest> {
  const manifest = await readJson<RunManifest>(store, manifestKey(runId));
  if (!manifest) throw new ScannerError(`no manifest for run \`${runId}\` at \`${manifestKey(runId)}\``);
  return manifest;
}

/**
 * Reads every account result of a run. Accounts of the plan without a result object are returned in `missing`:
 * publish hands the results over as they are and the coverage matrix reports each missing account as a gap.
 */
export async function loadAccountResults(
  store: RunStore,
  runId: string,
  manifest: Manifest,
): Promise<{ results: AccountResult[]; missing: string[] }> {
  const keys = (await store.list(accountsPrefix(runId))).filter((k) => k.endsWith('.json')).sort();
  const limit = createLimiter(RESULT_READ_CONCURRENCY);
  const read = await Promise.all(keys.map((key) => limit(() => readJson<AccountResult>(store, key))));
  // An account scanned in shards has one object per shard: merged here, and not read unless every shard is there.
  const byAccount = new Map<string, AccountResult[]>();
  for (const r of read)
    if (r !== null && r.runId === runId) byAccount.set(r.account.id, [...(byAccount.get(r.account.id) ?? []), r]);
  const results = [...byAccount.values()].map(mergeShards).filter((r): r is AccountResult => r !== null);
  const seen = new Set(results.map((r) => r.account.id));
  const missing = accountsToScan(manifest)
    .map((a) => a.id)
    .filter((id) => !seen.has(id));
  return { results, missing };
}

/** Writes one account's result. Idempotent: a retry for the same (runId, account) overwrites the same key. */
export async function saveAccountResult(store: RunStore, result: AccountResult): Promise<string> {
  const key = accountResultKey(result.runId, result.account.id, shardSuffix(result.shard));
  await writeJson(store, key, result);
  return key;
}
