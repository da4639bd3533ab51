/**
 * publish-report's step: merge the run's account results, then hand over to lib/publish (diff with the previous
 * report, suppressions, report files, one SNS message). Used by functions/publish-report.ts and the local runner.
 */
import {
  publishReport,
  type Notifier,
  type PartBudget,
  type PublishOutcome,
  type ReportStore,
  type SecurityHubSink,
} from '../publish/index.js';
import { judgeRun } from './completeness.js';
import type { PipelineConfig } from './config.js';
import type { MapOutcome } from './map-outcome.js';
import { coverageOfParts } from '../publish/account-part.js';
import { openPartSpill, type PartSpill, type PartSummary } from '../publish/part-spill.js';
import type { Manifest } from '../model/manifest.js';
import { readAccountParts } from './publish-read.js';
import { loadManifest } from './steps.js';
import { criticalWritersOfRun, joinProblemOf } from './critical-step.js';
import { settingsOfRun } from './run-settings.js';

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
  notification: PublishOutcome['notification'];
  /** False when the run did not read everything it planned (an account, region, service or the organisation). */
  complete: boolean;
  /** The incomplete run's one-line summary, or null. */
  incompleteReason: string | null;
  /** Whether the execution ends Failed (ScanIncomplete) under the `failOnGaps` setting (lib/run/completeness.ts). */
  fail: boolean;
  /** Why it fails (the Fail state's cause), or null. */
  failReason: string | null;
  /** Why the per-account state could not be used as it was (docs/state.md): loud warnings, also in report and message. */
  stateProblems: string[];
}

export { incompleteRun } from './completeness.js';

/** Reads the suppressions file named by the configuration from the store; null when none is configured or found. */
async function readSuppressions(store: ReportStore, config: PipelineConfig): Promise<string | null> {
  return config.suppressionsKey ? store.get(config.suppressionsKey) : null;
}

/**
 * The run's account parts the Map's record lets be read (spilled: only their summaries are returned), and the
 * accounts of the plan not read.
 */
async function partsOfRun(
  store: ReportStore,
  runId: string,
  manifest: Manifest,
  map: MapOutcome,
  spill: PartSpill,
): Promise<{ parts: PartSummary[]; missing: string[] }> {
  const read = await readAccountParts(store, runId, manifest, (part) => spill.add(part));
  // The Map's record decides: an item that wrote its result and then failed (a timeout) is not read.
  const failedItems = new Set(map.failedItems.map((f) => f.accountId));
  return {
    parts: read.parts.filter((p) => !failedItems.has(p.account.id)),
    missing: [...read.missing, ...read.parts.filter((p) => failedItems.has(p.account.id)).map((p) => p.account.id)],
  };
}

/** What publish-report is given: the run, its time, and what the state machine learnt. */
export interface PublishStepInput {
  runId: string;
  now: string;
  suppressionsText?: string | null;
  map?: MapOutcome;
  /**
   * False when `config` is not the configuration the run was scanned with (`report --in` on a saved folder): the
   * zone of trust and scope shown are then only those the manifest saved (lib/run/run-settings.ts). Default true.
   */
  configIsTheRuns?: boolean;
  /** The access-matrix join's output or caught error (the state machine's `accessMatrix`); absent: it did not run. */
  join?: unknown;
}

/** Where publish-report reads and writes. */
export interface PublishStepDeps {
  store: ReportStore;
  notifier?: Notifier;
  reportLocation?: string;
  securityHub?: SecurityHubSink;
  budget?: PartBudget;
}

/**
 * Publishes a run. An account of the plan with no result object is not dropped: the report's coverage matrix
 * lists it as a gap (lib/findings/coverage.ts) and `missingAccounts` says which.
 */
export async function publishStep(
  input: PublishStepInput,
  config: PipelineConfig,
  deps: PublishStepDeps,
): Promise<{ output: PublishOutput; outcome: PublishOutcome }> {
  const manifest = await loadManifest(deps.store, input.runId);
  const map = input.map ?? { failedItems: [] };
  // Streamed: one account's result at a time is reduced to its report part, the part's findings and population are
  // spilled to a folder under /tmp (lib/publish/part-spill.ts) and the result dropped (lib/run/publish-read.ts).
  const spill = await openPartSpill();
  try {
    return await publishSpilled(input, config, deps, manifest, map, spill);
  } finally {
    await spill.folder.dispose();
  }
}

async function publishSpilled(
  input: PublishStepInput,
  config: PipelineConfig,
  deps: PublishStepDeps,
  manifest: Manifest,
  map: MapOutcome,
  spill: PartSpill,
): Promise<{ output: PublishOutput; outcome: PublishOutcome }> {
  const { parts, missing } = await partsOfRun(deps.store, input.runId, manifest, map, spill);
  const accounts = parts.length;
  const suppressionsText =
    input.suppressionsText !== undefined ? input.suppressionsText : await readSuppressions(deps.store, config);
  // The join's small summary, never the two runs' inventories (lib/run/critical-step.ts); a failed join is a gap.
  const join = await criticalWritersOfRun(deps.store, input.runId, config, {
    expected: input.join !== undefined,
    problem: joinProblemOf(input.join),
  });
  const criticalWriters = join.writers;
  const verdict = judgeRun(manifest, coverageOfParts(manifest, parts), missing, map, {
    failOnGaps: config.failOnGaps,
    joinProblem: join.problem,
  });
  const incomplete = verdict.incomplete;
  const judged = settingsOfRun(manifest, config, { configIsTheRuns: input.configIsTheRuns ?? true });
  const outcome = await publishReport(
    {
      runId: input.runId,
      manifest,
      results: [],
      spilled: { spill, parts },
      now: input.now,
      suppressionsText,
      ...(incomplete ? { incomplete } : {}),
      // The zone of trust and settings the findings were judged by, shown in the report's header: those the plan
      // saved in the manifest (the publisher's own only for a manifest from before they were saved).
      ...(judged ? { trust: judged.trust } : {}),
      settings: {
        ...(judged?.memberRoleName !== undefined ? { memberRoleName: judged.memberRoleName } : {}),
        ...(judged?.accounts !== undefined ? { accounts: judged.accounts } : {}),
        alertEachCritical: config.alertEachCritical,
        ...(config.suppressionsKey ? { suppressionsKey: config.suppressionsKey } : {}),
      },
    },
    {
      store: deps.store,
      ...(deps.notifier ? { notifier: deps.notifier } : {}),
      ...(deps.reportLocation ? { reportLocation: deps.reportLocation } : {}),
      ...(deps.budget ? { budget: deps.budget } : {}),
      criticalMessages: config.alertEachCritical,
      ...(criticalWriters ? { criticalWriters } : {}),
      // The `securityHub` setting decides; the sink is only how (functions and the demo pass one).
      ...(config.securityHub && deps.securityHub ? { securityHub: deps.securityHub } : {}),
    },
  );
  const newFindings = Object.values(outcome.summary.newBySeverity).reduce((a, b) => a + b, 0);
  return {
    output: {
      runId: input.runId,
      prefix: outcome.prefix,
      accounts,
      missingAccounts: missing,
      open: outcome.summary.open,
      newFindings,
      notification: outcome.notification,
      complete: verdict.complete,
      incompleteReason: incomplete?.summary ?? verdict.gapReason,
      fail: verdict.fail,
      failReason: verdict.failReason,
      stateProblems: outcome.stateProblems,
    },
    outcome,
  };
}
