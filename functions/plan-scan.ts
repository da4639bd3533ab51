/**
 * plan-scan: the organisation's accounts (+ OU paths, RCPs) -> `runs/<runId>/manifest.json` and the Distributed
 * Map's item list. Event (from the state machine): `{ executionName, startTime }`, or `{ runId }` to re-plan a run.
 */
import { makeRunId, isRunId } from '../lib/run/keys.js';
import { pipelineConfigFromEnv } from '../lib/run/config.js';
import { planStep, type PlanOutput } from '../lib/run/steps.js';
import { ConfigError } from '../lib/errors.js';
import { plannerClients } from './shared/clients.js';
import { logger, metrics, MetricUnit, recordDuration, withObservability } from './shared/observability.js';
import { runStore } from './shared/store.js';

/** What the state machine passes in. */
export interface PlanScanEvent {
  executionName?: string;
  startTime?: string;
  runId?: string;
}

/** The run id: given, or derived from the execution (so a retried plan step keeps the same run id). */
export function runIdOf(event: PlanScanEvent, now: string): string {
  if (event.runId !== undefined) {
    if (!isRunId(event.runId)) throw new ConfigError(`\`runId\` \`${String(event.runId)}\` is not a valid run id`);
    return event.runId;
  }
  return makeRunId(event.startTime ?? now, event.executionName ?? '');
}

async function handlePlanScan(event: PlanScanEvent): Promise<PlanOutput> {
  const started = Date.now();
  const now = new Date(started).toISOString();
  const config = pipelineConfigFromEnv(process.env);
  const runId = runIdOf(event ?? {}, now);
  logger.appendKeys({ runId });
  const { output } = await planStep({ runId, now: event?.startTime ?? now }, config, {
    store: runStore(),
    factory: plannerClients(config),
  });
  metrics.addMetric('AccountsPlanned', MetricUnit.Count, output.accounts);
  metrics.addMetric('PlanGaps', MetricUnit.Count, output.gaps);
  recordDuration(started, Date.now());
  logger.info('planned', { accounts: output.accounts, gaps: output.gaps });
  return output;
}

export const handler = withObservability(handlePlanScan);
