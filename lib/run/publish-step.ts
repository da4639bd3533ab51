/**
 * publish-report's step: merge the run's account results, then hand over to lib/publish (diff with the previous
 * report, suppressions, report files, one SNS message). Used by functions/publish-report.ts and the local runner.
 */
import type { Manifest } from '../model/manifest.js';
import {
  publishReport, type IncompleteRun, type Notifier, type PublishSummary, type ReportStore, type SecurityHubSink,
} from '../publish/index.js';
import type { PipelineConfig } from './config.js';
import type { MapOutcome } from './map-outcome.js';
import { accountsToScan, loadAccountResults, loadManifest } from './steps.js';

/** What publish-report returns to the state machine. */
export interface PublishOutput {
  runId: string;
  prefix: string;
  /** Accounts of the plan with a result object. */
  accounts: number;
  /** Accounts of the plan without one (the scan failed for good): coverage gaps in the report. */
  missingAccounts: string[];
  open: number;
  newFindings: number;
  notification: PublishSummary['notification'];
  /** False when the run did not read everything it planned; the state machine then ends Failed (ScanIncomplete). */
  complete: boolean;
  /** The incomplete run's one-line summary (the Fail state's cause), or null. */
  incompleteReason: string | null;
  /** Why the per-account state could not be used as it was (docs/state.md): loud warnings, also in report and message. */
  stateProblems: string[];
}

/**
 * Whether a run is incomplete, and why (pure): the Map failed, its record could not be read, or accounts of the plan
 * have no result object (their items failed, or the Map stopped before them). Null when the run read everything.
 */
export function incompleteRun(manifest: Manifest, missing: string[], map: MapOutcome): Omit<IncompleteRun, 'latestReplaced'> | null {
  if (!map.mapError && !map.problem && missing.length === 0) return null;
  const names = new Map(manifest.accounts.map((a) => [a.id, a.name]));
  const failed = new Map(map.failedItems.map((f) => [f.accountId, f]));
  const notRead = missing.map((account) => {
    const item = failed.get(account);
    const reason = item
      ? `its scan failed: ${item.error}${item.cause ? `: ${item.cause.slice(0, 500)}` : ''}`
      : map.mapError
        ? `the Map stopped with ${map.mapError.error} before its result was written`
        : 'no result object: its scan did not finish';
    return { account, ...(names.get(account) ? { name: names.get(account) } : {}), reason };
  });
  const why = map.mapError
    ? `the account Map failed with ${map.mapError.error}${map.mapError.cause ? `: ${map.mapError.cause.slice(0, 300)}` : ''}`
    : (map.problem ??
      (map.failedItems.length > 0 ? `${map.failedItems.length} account scan(s) failed` : `${missing.length} account(s) have no result object`));
  const summary = `${missing.length} of ${accountsToScan(manifest).length} accounts not read: ${why}`;
  return { summary, mapError: map.mapError ?? null, notRead, problem: map.problem ?? null };
}

/** Reads the suppressions file named by the configuration from the store; null when none is configured or found. */
export async function readSuppressions(store: ReportStore, config: PipelineConfig): Promise<string | null> {
  return config.suppressionsKey ? store.get(config.suppressionsKey) : null;
}

/**
 * Publishes a run. An account of the plan with no result object is not dropped: the report's coverage matrix
 * lists it as a gap (lib/findings/coverage.ts) and `missingAccounts` says which.
 */
export async function publishStep(
  input: { runId: string; now: string; suppressionsText?: string | null; map?: MapOutcome },
  config: PipelineConfig,
  deps: { store: ReportStore; notifier?: Notifier; reportLocation?: string; securityHub?: SecurityHubSink },
): Promise<{ output: PublishOutput; summary: PublishSummary }> {
  const manifest = await loadManifest(deps.store, input.runId);
  const { results, missing } = await loadAccountResults(deps.store, input.runId, manifest);
  const suppressionsText = input.suppressionsText !== undefined ? input.suppressionsText : await readSuppressions(deps.store, config);
  const incomplete = incompleteRun(manifest, missing, input.map ?? { failedItems: [] });
  const summary = await publishReport(
    {
      runId: input.runId,
      manifest,
      results,
      now: input.now,
      suppressionsText,
      ...(incomplete ? { incomplete } : {}),
      // The zone of trust and settings the findings were judged by, shown in the report's header.
      trust: {
        zone: config.zone,
        trustedAccounts: config.trustedAccounts,
        trustedOuPaths: config.trustedOuPaths,
        trustedCanonicalIds: config.trustedCanonicalIds,
        trustedVpcs: config.trustedVpcs,
        trustedVpces: config.trustedVpces,
      },
      settings: {
        memberRoleName: config.memberRoleName,
        accounts: config.accounts,
        alertEachCritical: config.alertEachCritical,
        ...(config.suppressionsKey ? { suppressionsKey: config.suppressionsKey } : {}),
      },
    },
    {
      store: deps.store,
      ...(deps.notifier ? { notifier: deps.notifier } : {}),
      ...(deps.reportLocation ? { reportLocation: deps.reportLocation } : {}),
      criticalMessages: config.alertEachCritical,
      // The `securityHub` setting decides; the sink is only how (functions and the demo pass one).
      ...(config.securityHub && deps.securityHub ? { securityHub: deps.securityHub } : {}),
    },
  );
  const newFindings = Object.values(summary.summary.newBySeverity).reduce((a, b) => a + b, 0);
  return {
    output: {
      runId: input.runId,
      prefix: summary.prefix,
      accounts: results.length,
      missingAccounts: missing,
      open: summary.summary.open,
      newFindings,
      notification: summary.notification,
      complete: incomplete === null,
      incompleteReason: incomplete?.summary ?? null,
      stateProblems: summary.stateProblems,
    },
    summary,
  };
}
