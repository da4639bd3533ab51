/**
 * publish-report's step: merge the run's account results, then hand over to lib/publish (diff with the previous
 * report, suppressions, report files, one SNS message). Used by functions/publish-report.ts and the local runner.
 */
import { publishReport, type Notifier, type PublishSummary, type ReportStore } from '../publish/index.js';
import type { PipelineConfig } from './config.js';
import { loadAccountResults, loadManifest } from './steps.js';

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
  input: { runId: string; now: string; suppressionsText?: string | null },
  config: PipelineConfig,
  deps: { store: ReportStore; notifier?: Notifier; reportLocation?: string },
): Promise<{ output: PublishOutput; summary: PublishSummary }> {
  const manifest = await loadManifest(deps.store, input.runId);
  const { results, missing } = await loadAccountResults(deps.store, input.runId, manifest);
  const suppressionsText = input.suppressionsText !== undefined ? input.suppressionsText : await readSuppressions(deps.store, config);
  const summary = await publishReport(
    {
      runId: input.runId,
      manifest,
      results,
      now: input.now,
      suppressionsText,
      // The zone of trust and settings the findings were judged by, shown in the report's header.
      trust: { zone: config.zone, trustedAccounts: config.trustedAccounts, trustedOuPaths: config.trustedOuPaths, trustedCanonicalIds: config.trustedCanonicalIds },
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
    },
    summary,
  };
}
