/**
 * publish-report: merge the run's account results (an account with no result object is a gap), diff with the
 * previous report, apply suppressions, write reports to S3, send one SNS message. Event: `{ runId, map, accessMatrix }`; a run
 * whose Map failed or left anything unread is published as incomplete and returns `complete: false` (and `fail` per
 * the `FAIL_ON_GAPS` setting); a message that could not be sent is a PublishError (retried, then a Failed execution).
 */
import { ConfigError, PublishError } from '../lib/errors.js';
import { pipelineConfigFromEnv } from '../lib/run/config.js';
import { isRunId } from '../lib/run/keys.js';
import { readMapOutcome } from '../lib/run/map-outcome.js';
import { publishStep, type PublishOutput } from '../lib/run/publish-step.js';
import { clearStaleSpills } from '../lib/publish/spill.js';
import { requireEnv } from './shared/clients.js';
import { logger, metrics, MetricUnit, recordDuration, withObservability } from './shared/observability.js';
import { findingsHub } from './shared/security-hub.js';
import { findingsNotifier, runStore } from './shared/store.js';

/** What the state machine passes in. */
export interface PublishReportEvent {
  runId: string;
  /** The Map state's output (`{MapRunArn, ResultWriterDetails}`) or the error its Catch recorded (`{Error, Cause}`). */
  map?: unknown;
  /** The access-matrix join's output (`{output}`) or the error its Catch recorded; absent: no join ran. */
  accessMatrix?: unknown;
}

async function publish(event: PublishReportEvent): Promise<PublishOutput> {
  const started = Date.now();
  if (!isRunId(event?.runId)) throw new ConfigError(`\`runId\` \`${String(event?.runId)}\` is not a valid run id`);
  logger.appendKeys({ runId: event.runId });
  const config = pipelineConfigFromEnv(process.env);
  const store = runStore();
  const map = await readMapOutcome(store, event.map, requireEnv('REPORT_BUCKET'));
  // /tmp outlives an invocation in a reused execution environment: spills a timed-out attempt left are removed first.
  // Only in Lambda (LAMBDA_TASK_ROOT, reserved: "The path to your Lambda function code."), where one invocation runs
  // at a time; a test or a local run shares the temporary directory with other publishes in flight.
  const stale = process.env.LAMBDA_TASK_ROOT ? await clearStaleSpills() : 0;
  if (stale > 0) logger.warn('removed spill folders an earlier invocation left in /tmp', { stale });
  const { output, outcome } = await publishStep(
    {
      runId: event.runId,
      now: new Date(started).toISOString(),
      map,
      ...(event.accessMatrix !== undefined ? { join: event.accessMatrix } : {}),
    },
    config,
    {
      store,
      notifier: findingsNotifier(),
      ...(config.securityHub ? { securityHub: findingsHub() } : {}),
    },
  );
  if (!output.complete)
    logger.error('scan incomplete', {
      reason: output.incompleteReason,
      fail: output.fail,
      mapError: map.mapError,
      failedItems: map.failedItems.length,
    });
  for (const accountId of output.missingAccounts) logger.warn('account has no result', { accountId });
  metrics.addMetric('AccountsReported', MetricUnit.Count, output.accounts);
  metrics.addMetric('AccountsMissing', MetricUnit.Count, output.missingAccounts.length);
  for (const [severity, count] of Object.entries(outcome.summary.bySeverity)) {
    metrics.addMetric(`Open${severity[0].toUpperCase()}${severity.slice(1)}`, MetricUnit.Count, count);
  }
  metrics.addMetric('NewFindings', MetricUnit.Count, output.newFindings);
  metrics.addMetric('RunsIncomplete', MetricUnit.Count, output.complete ? 0 : 1);
  // The heartbeat the "no successful run in 26 h" alarm watches (infra/orchestration.yml): a run that ends
  // Succeeded, its message sent. Missing data is breaching, so a night with no run at all alarms too.
  const succeeded = !output.fail && output.notification !== 'failed';
  metrics.addMetric('RunsSucceeded', MetricUnit.Count, succeeded ? 1 : 0);
  metrics.addMetric('NotificationsFailed', MetricUnit.Count, output.notification === 'failed' ? 1 : 0);
  recordDuration(started, Date.now());
  const hub = outcome.securityHub?.delivery;
  if (hub && hub.failedCount > 0)
    logger.warn('security hub delivery gap', { status: hub.status, failed: hub.failedCount });
  logger.info('published', { prefix: output.prefix, open: output.open, notification: output.notification });
  if (outcome.notificationError !== undefined || output.notification === 'failed') {
    // A lost message is a failed run: thrown as an I/O error, the state machine retries the step (notify() re-sends
    // after a failed attempt), then the execution ends Failed and the ExecutionsFailed alarm fires.
    logger.error('notification failed', { error: outcome.notificationError });
    throw new PublishError(`the run's message was not sent: ${outcome.notificationError ?? 'unknown error'}`);
  }
  return output;
}

export const handler = withObservability(publish);
