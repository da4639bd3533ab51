/**
 * rescan-resource: the event path's function. Event: an SQS batch whose messages are the CloudTrail events the
 * central rule forwarded (infra/events.yml); each scope they name is read again with the member role and compared
 * with the latest state (lib/run/rescan-step.ts). Messages of a scope that failed are reported back as batch item
 * failures, so SQS delivers them again and, after maxReceiveCount, moves them to the dead-letter queue (alarmed).
 */
import { loadCatalog, type ActionCatalog } from '../lib/catalog/index.js';
import { pipelineConfigFromEnv } from '../lib/run/config.js';
import { rescanEvents } from '../lib/run/rescan-step.js';
import { scopeKey, scopeOfEvent, type CloudTrailEnvelope } from '../lib/run/rescan-scope.js';
import { collectClients } from './shared/clients.js';
import { logger, metrics, MetricUnit, recordDuration, withObservability } from './shared/observability.js';
import { findingsNotifier, runStore } from './shared/store.js';

/** The part of an SQS event the function reads. */
export interface SqsBatch {
  Records: Array<{ messageId: string; body: string }>;
}

/** Lambda's partial batch response (FunctionResponseTypes: ReportBatchItemFailures). */
export interface BatchResponse {
  batchItemFailures: Array<{ itemIdentifier: string }>;
}

let catalog: Promise<ActionCatalog> | undefined;

function parse(body: string): CloudTrailEnvelope | null {
  try {
    return JSON.parse(body) as CloudTrailEnvelope;
  } catch {
    return null;
  }
}

async function rescan(event: SqsBatch): Promise<BatchResponse> {
  const started = Date.now();
  const records = Array.isArray(event?.Records) ? event.Records : [];
  const parsed = records.map((r) => ({ id: r.messageId, event: parse(r.body) }));
  for (const p of parsed) if (p.event === null) logger.warn('message is not JSON', { messageId: p.id });
  const config = pipelineConfigFromEnv(process.env);
  const report = await rescanEvents(
    parsed.flatMap((p) => (p.event ? [p.event] : [])),
    {
      config,
      store: runStore(),
      factory: collectClients(),
      catalog: await (catalog ??= loadCatalog()),
      notifier: findingsNotifier(),
      clock: () => new Date().toISOString(),
      policy: { alertOnTighten: (process.env.ALERT_ON_TIGHTEN ?? '').trim().toLowerCase() === 'true' },
    },
  );
  const failed = new Set(report.scopes.filter((s) => s.outcome === 'failed').map((s) => s.key));
  for (const s of report.scopes) {
    if (s.outcome === 'failed') logger.error('rescan failed', { scope: s.key, error: s.error });
    else
      logger.info('scope handled', { scope: s.key, outcome: s.outcome, events: s.events, messages: s.messages.length });
  }
  for (const i of report.ignored) logger.info('event ignored', { eventId: i.id, reason: i.reason });
  metrics.addMetric('RescanEvents', MetricUnit.Count, report.received);
  metrics.addMetric(
    'Rescans',
    MetricUnit.Count,
    report.scopes.filter((s) => s.outcome === 'rescanned' || s.outcome === 'gap').length,
  );
  metrics.addMetric(
    'RescanAlerts',
    MetricUnit.Count,
    report.messages.filter((m) => m.attributes.kind === 'rescan-alert').length,
  );
  metrics.addMetric('RescanFailures', MetricUnit.Count, failed.size);
  recordDuration(started, Date.now());
  const batchItemFailures = parsed
    .filter((p) => {
      const m = p.event ? scopeOfEvent(p.event) : null;
      return m?.ok === true && failed.has(scopeKey(m.event.scope));
    })
    .map((p) => ({ itemIdentifier: p.id }));
  return { batchItemFailures };
}

export const handler = withObservability(rescan);
