/**
 * The local pipeline: plan -> scan every account (bounded concurrency) -> [access-matrix join] -> publish, in-process, with the very
 * steps the Lambda functions run (./steps.ts, ./scan-step.ts, ./publish-step.ts). The Distributed Map's
 * behaviour is mirrored: each account is retried, a failure is recorded and does not stop the run, and publish
 * always runs (an account without a result object is a coverage gap in the report).
 */
import { loadCatalog, type ActionCatalog } from '../catalog/index.js';
import type { ClientFactory } from '../collect/clients.js';
import { createLimiter } from '../collect/limit.js';
import type { Manifest } from '../model/manifest.js';
import type { Notifier, PublishOutcome, ReportStore, SecurityHubSink } from '../publish/index.js';
import { SCAN_ATTEMPTS, type PipelineConfig } from './config.js';
import { marksNothing } from '../analyze/effective/critical.js';
import { criticalSettingOf } from './critical-step.js';
import { makeRunId } from './keys.js';
import { matrixStep, type MatrixStepOutput } from './matrix-step.js';
import { publishStep, type PublishOutput } from './publish-step.js';
import { scanStep, type ScanOutput } from './scan-step.js';
import { planStep, type PlanOutput } from './steps.js';

export {
  pipelineConfigFromEnv,
  pipelineConfigFromFlags,
  resolvePipelineConfig,
  SCAN_ATTEMPTS,
  type PipelineConfig,
} from './config.js';
export { TeeStore } from './tee-store.js';
export type { PlanOutput } from './steps.js';
export type { ScanOutput } from './scan-step.js';
export type { PublishOutput } from './publish-step.js';

export interface RunPipelineOptions {
  config: PipelineConfig;
  /** Where `runs/` and `reports/` go: the sandbox's bucket, a local directory, or both (TeeStore). */
  store: ReportStore;
  /** Collect clients with the scanner's own credentials. */
  factory: ClientFactory;
  /** Clients for Organizations (default: `factory`). */
  plannerFactory?: ClientFactory;
  notifier?: Notifier;
  /** Where findings go when `config.securityHub` is on. */
  securityHub?: SecurityHubSink;
  reportLocation?: string;
  /** Suppressions file text; undefined: read `config.suppressionsKey` from the store. */
  suppressionsText?: string | null;
  catalog?: ActionCatalog;
  runId?: string;
  /** ISO time source (default: the wall clock); the run is dated by its first reading. */
  clock?: () => string;
  /**
   * Run the access-matrix join between the scans and publish, as the state machine does (lib/run/matrix-step.ts).
   * Default: when the configuration marks resources critical (their new writers lead the message).
   */
  accessMatrix?: boolean;
  /** Called once every account is done, just before publishing (chaos tests put publish-side faults here). */
  beforePublish?: () => void;
  /** Called after each account, for progress output. */
  onAccount?: (event: { done: number; total: number; accountId: string; output?: ScanOutput; error?: string }) => void;
}

export interface PipelineResult {
  runId: string;
  plan: PlanOutput;
  manifest: Manifest;
  scans: ScanOutput[];
  /** Accounts whose scan failed on every attempt (they are gaps in the report). */
  failures: Array<{ accountId: string; error: string }>;
  publish: PublishOutput;
  outcome: PublishOutcome;
  /** The join's output, or its error as the state machine's Catch records it; absent when it did not run. */
  matrix?: MatrixStepOutput | { Error: string; Cause: string };
}

/** Runs the whole pipeline once. Rejects only when planning or publishing fails. */
export async function runPipeline(opts: RunPipelineOptions): Promise<PipelineResult> {
  const clock = opts.clock ?? (() => new Date().toISOString());
  const now = clock();
  const runId = opts.runId ?? makeRunId(now, Math.random().toString(36).slice(2, 10));
  const { config, store } = opts;

  const plan = await planStep({ runId, now }, config, { store, factory: opts.plannerFactory ?? opts.factory });
  const catalog = opts.catalog ?? (await loadCatalog());
  const limit = createLimiter(config.maxConcurrency);
  const scans: ScanOutput[] = [];
  const failures: PipelineResult['failures'] = [];
  let done = 0;

  await Promise.all(
    plan.items.map((account) =>
      limit(async () => {
        let lastError = '';
        for (let attempt = 1; attempt <= SCAN_ATTEMPTS; attempt++) {
          try {
            const { output } = await scanStep({ runId, account }, config, {
              store,
              factory: opts.factory,
              catalog,
              manifest: plan.manifest,
              clock,
            });
            scans.push(output);
            opts.onAccount?.({ done: ++done, total: plan.items.length, accountId: account.id, output });
            return;
          } catch (err) {
            lastError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
          }
        }
        failures.push({ accountId: account.id, error: lastError });
        opts.onAccount?.({ done: ++done, total: plan.items.length, accountId: account.id, error: lastError });
      }),
    ),
  );

  opts.beforePublish?.();
  const matrix =
    (opts.accessMatrix ?? !marksNothing(criticalSettingOf(config)))
      ? await matrixStep({ runId }, config, { store }).catch((err: unknown) => ({
          Error: err instanceof Error ? err.name : 'Error',
          Cause: err instanceof Error ? err.message : String(err),
        }))
      : undefined;
  const { output: publish, outcome } = await publishStep(
    {
      runId,
      now,
      ...(opts.suppressionsText !== undefined ? { suppressionsText: opts.suppressionsText } : {}),
      ...(matrix ? { join: matrix } : {}),
    },
    config,
    {
      store,
      ...(opts.notifier ? { notifier: opts.notifier } : {}),
      ...(opts.reportLocation ? { reportLocation: opts.reportLocation } : {}),
      ...(opts.securityHub ? { securityHub: opts.securityHub } : {}),
    },
  );
  scans.sort((a, b) => a.accountId.localeCompare(b.accountId));
  return {
    runId,
    plan: plan.output,
    manifest: plan.manifest,
    scans,
    failures,
    publish,
    outcome,
    ...(matrix ? { matrix } : {}),
  };
}
