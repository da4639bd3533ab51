/**
 * scan-account's step: collect one account in every configured region, analyse it, write its result object.
 * Used by functions/scan-account.ts and the local runner.
 */
import { analyzeAccount } from '../analyze/index.js';
import type { ActionCatalog } from '../catalog/index.js';
import { scanAccount } from '../collect/account.js';
import type { ClientFactory } from '../collect/clients.js';
import type { AccountInventory } from '../model/inventory.js';
import type { Manifest, OrgAccount } from '../model/manifest.js';
import type { Severity } from '../model/severity.js';
import type { Zone } from '../model/zone.js';
import type { PipelineConfig } from './config.js';
import { saveAccountResult } from './steps.js';
import type { RunStore } from './store.js';
import { ACCOUNT_RESULT_SCHEMA_VERSION, type AccountResult } from '../model/account-result.js';
import type { InputError } from '../model/input-error.js';

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

/** The zone of trust of every resource of the run (design.md "Zone of trust"), without the owner account. */
export function zoneOf(manifest: Manifest, config: PipelineConfig): Omit<Zone, 'ownerAccount'> {
  return {
    kind: config.zone,
    ...(manifest.organization ? { orgId: manifest.organization.id } : {}),
    orgAccounts: manifest.accounts.map((a) => a.id),
    ouPaths: Object.fromEntries(manifest.accounts.map((a) => [a.id, a.ouPath])),
    ...(config.trustedOuPaths.length > 0 ? { trustedOuPaths: config.trustedOuPaths } : {}),
    trustedAccounts: config.trustedAccounts,
    ...(config.trustedCanonicalIds.length > 0 ? { trustedCanonicalIds: config.trustedCanonicalIds } : {}),
    ...(config.trustedVpcs.length > 0 ? { trustedVpcs: config.trustedVpcs } : {}),
    ...(config.trustedVpces.length > 0 ? { trustedVpces: config.trustedVpces } : {}),
  };
}

/** The RCPs that apply to an account (root + OUs on its path + the account), as planned. */
export function rcpsFor(manifest: Manifest, accountId: string): Array<{ id: string; content: string }> {
  const ids = new Set(manifest.rcpsByAccount[accountId] ?? []);
  return manifest.rcps.filter((r) => ids.has(r.id)).map((r) => ({ id: r.id, content: r.content }));
}

/** True when the member role could not be assumed, so nothing at all was collected. */
function nothingCollected(inventory: AccountInventory): boolean {
  return inventory.gaps.some((g) => g.service === 'sts' && g.call === 'AssumeRole');
}

function countBySeverity(result: AccountResult): Record<Severity, number> {
  const counts: Record<Severity, number> = { critical: 0, high: 0, medium: 0, low: 0, info: 0 };
  for (const f of result.findings) counts[f.severity] += 1;
  return counts;
}

/**
 * Scans one account and writes `runs/<runId>/accounts/<id>.json`. Idempotent for (runId, account): a retry
 * overwrites the same object. Collection failures are gaps; an analysis that throws (a bug) is recorded as an
 * input error on the result rather than losing the inventory.
 */
export async function scanStep(
  input: { runId: string; account: OrgAccount },
  config: PipelineConfig,
  deps: { store: RunStore; factory: ClientFactory; catalog: ActionCatalog; manifest: Manifest; clock: () => string },
): Promise<{ output: ScanOutput; result: AccountResult }> {
  const { account, runId } = input;
  const { manifest } = deps;
  const startedAt = deps.clock();
  const inventory = await scanAccount(account, {
    runId,
    regions: manifest.regions,
    roleName: config.memberRoleName,
    now: startedAt,
    factory: deps.factory,
    concurrency: config.accountConcurrency,
  });
  deps.factory.release(account.id);

  let analysis: { findings: AccountResult['findings']; lint: AccountResult['lint']; errors: InputError[] };
  try {
    analysis = analyzeAccount(
      inventory,
      {
        zone: zoneOf(manifest, config),
        rcps: rcpsFor(manifest, account.id),
        ...(manifest.organization ? { managementAccountId: manifest.organization.managementAccountId } : {}),
      },
      deps.catalog,
    );
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    analysis = { findings: [], lint: [], errors: [{ input: `account:${account.id}`, path: '', message: `analysis failed: ${message}` }] };
  }

  const result: AccountResult = {
    schemaVersion: ACCOUNT_RESULT_SCHEMA_VERSION,
    runId,
    account,
    inventory: nothingCollected(inventory) ? null : inventory,
    findings: analysis.findings,
    lint: analysis.lint,
    errors: analysis.errors,
    gaps: inventory.gaps,
    startedAt,
    finishedAt: deps.clock(),
  };
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
