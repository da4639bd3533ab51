/**
 * The one path from an account's inventory to its `AccountResult` (analysis, lint, input errors, gaps). The run's
 * scan step, the Lambda handler and the CLI's `scan` and `analyze` commands all call `accountResults`, so an
 * organisation and a zone of trust give the same result whichever way it is scanned.
 */
import type { ActionCatalog } from '../catalog/types.js';
import { ACCOUNT_RESULT_SCHEMA_VERSION, type AccountResult } from '../model/account-result.js';
import type { AccountInventory } from '../model/inventory.js';
import { rcpsFor, type Manifest } from '../model/manifest.js';
import { zoneOf, type TrustSettings } from '../model/zone.js';
import { foldFindings } from '../findings/fold.js';
import { failureMessage, type AccountAnalysis, type AnalysisParts } from './account-context.js';
import { analyzeAccount } from './analyze-account.js';

/** The run an account result belongs to, and when the account's scan started and finished (time comes as data). */
export interface ResultTimes {
  runId: string;
  startedAt: string;
  finishedAt: string;
}

/** Turns one account's inventory into its result. */
export type AccountResultBuilder = (inventory: AccountInventory, times: ResultTimes) => AccountResult;

/**
 * The builder of account results for a run: its plan (zone of trust, RCPs, management account) and trust settings
 * are read once. An inventory with `collected: false` gives a result with no inventory and only its gaps; an
 * analysis that throws outside the units `analyzeAccount` guards (a bug) is an input error naming the account,
 * never a lost account.
 */
export function accountResults(
  manifest: Manifest,
  trust: TrustSettings,
  catalog: ActionCatalog,
  parts: AnalysisParts = {},
): AccountResultBuilder {
  const zone = zoneOf(manifest, trust);
  const managementAccountId = manifest.organization?.managementAccountId;
  return (inventory, times) => {
    const id = inventory.account.id;
    const collected = inventory.collected !== false;
    let analysis: AccountAnalysis = { findings: [], lint: [], errors: [] };
    if (collected) {
      try {
        analysis = analyzeAccount(
          inventory,
          { zone, rcps: rcpsFor(manifest, id), ...(managementAccountId ? { managementAccountId } : {}) },
          catalog,
          parts,
        );
      } catch (err) {
        analysis = {
          findings: [],
          lint: [],
          errors: [{ input: `account:${id}`, path: '', message: failureMessage(err) }],
        };
      }
    }
    return {
      schemaVersion: ACCOUNT_RESULT_SCHEMA_VERSION,
      runId: times.runId,
      account: inventory.account,
      // Nothing was collected: the result has no inventory, and the gaps say why.
      inventory: collected ? inventory : null,
      // One finding per grant, folded here once (lib/findings/fold.ts) so that `scan`, findings.json, the report and
      // Slack count the same findings; later steps never fold again. Ids stay those of the fold (primary + aliases).
      findings: foldFindings(analysis.findings),
      lint: analysis.lint,
      errors: analysis.errors,
      gaps: inventory.gaps,
      startedAt: times.startedAt,
      finishedAt: times.finishedAt,
    };
  };
}
