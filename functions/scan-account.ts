/**
 * scan-account: one account, every configured region: collect -> analyse -> `runs/<runId>/accounts/<id>.json`.
 * Event (one Distributed Map item): `{ runId, account }`. Idempotent for (runId, account): a retry overwrites.
 */
import { loadCatalog, type ActionCatalog } from '../lib/catalog/index.js';
import type { Manifest } from '../lib/model/manifest.js';
import { ConfigError } from '../lib/errors.js';
import { pipelineConfigFromEnv } from '../lib/run/config.js';
import { isRunId } from '../lib/run/keys.js';
import { scanStep, type ScanOutput } from '../lib/run/scan-step.js';
import { isShard, type MapItem } from '../lib/run/shards.js';
import { loadManifest } from '../lib/run/steps.js';
import type { RunStore } from '../lib/run/store.js';
import { collectClients } from './shared/clients.js';
import { logger, metrics, MetricUnit, recordDuration, withObservability } from './shared/observability.js';
import { runStore } from './shared/store.js';

/** One item of the Distributed Map: an account, or one shard of it (`account.shard`, lib/run/shards.ts). */
export interface ScanAccountEvent {
  runId: string;
  account: MapItem;
}

let catalog: Promise<ActionCatalog> | undefined;
/** The last manifest read: every item of a run on a warm container shares it. */
let manifestCache: { runId: string; manifest: Promise<Manifest> } | undefined;

function manifestOf(store: RunStore, runId: string): Promise<Manifest> {
  if (manifestCache?.runId !== runId) {
    const manifest = loadManifest(store, runId);
    manifestCache = { runId, manifest };
    manifest.catch(() => (manifestCache = undefined));
  }
  return manifestCache.manifest;
}

function checkEvent(event: ScanAccountEvent): void {
  if (!isRunId(event?.runId)) throw new ConfigError(`\`runId\` \`${String(event?.runId)}\` is not a valid run id`);
  if (!/^\d{12}$/.test(event.account?.id ?? ''))
    throw new ConfigError(`\`account.id\` \`${String(event.account?.id)}\` is not an account id`);
  if (event.account.shard !== undefined && !isShard(event.account.shard))
    throw new ConfigError(`\`account.shard\` \`${JSON.stringify(event.account.shard)}\` is not a shard`);
}

async function handleScanAccount(event: ScanAccountEvent): Promise<ScanOutput> {
  const started = Date.now();
  checkEvent(event);
  logger.appendKeys({ runId: event.runId, accountId: event.account.id });
  const config = pipelineConfigFromEnv(process.env);
  const store = runStore();
  const { output, result } = await scanStep({ runId: event.runId, account: event.account }, config, {
    store,
    factory: collectClients(),
    catalog: await (catalog ??= loadCatalog()),
    manifest: await manifestOf(store, event.runId),
    clock: () => new Date().toISOString(),
  });
  metrics.addMetric('AccountsScanned', MetricUnit.Count, 1);
  metrics.addMetric('Gaps', MetricUnit.Count, output.gaps);
  for (const [severity, count] of Object.entries(output.bySeverity)) {
    metrics.addMetric(`Findings${severity[0].toUpperCase()}${severity.slice(1)}`, MetricUnit.Count, count);
  }
  for (const gap of result.gaps) {
    // `awsService`, not `service`: that is a Powertools reserved key and would be dropped from the line.
    logger.warn('coverage gap', {
      region: gap.region,
      awsService: gap.service,
      call: gap.call,
      resource: gap.resource,
      error: gap.error,
      attempts: gap.attempts,
    });
  }
  recordDuration(started, Date.now());
  logger.info('account scanned', { findings: output.findings, gaps: output.gaps, errors: output.errors });
  return output;
}

export const handler = withObservability(handleScanAccount);
