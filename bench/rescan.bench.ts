/**
 * Event path latency (issue 23): a policy change in the sandbox (its CloudTrail event emitted) -> the Slack-ready
 * message returned by the event path (lib/run/rescan-step.ts: scope mapping, AssumeRole, the scoped read over real
 * HTTP with the real SDK clients, analysis with the last run's plan, the state read and conditional write, the
 * message rendered and handed to the notifier). Rounds alternate a repository change (its region's ECR is read) and a
 * bucket change (bucket, account Block Public Access, the region's access points, Multi-Region Access Points).
 * Figures: p50 / p95 over the rounds, with no injected latency and with RESCAN_BENCH_LATENCY_MS (default 40 ms) on
 * every sandbox call; baseline in the same run: the nightly read and analysis of the same whole account (scanStep's
 * collector + accountResults), so the ratio says what scoping the read saves. Not measured here (AWS's side, see
 * docs/event-path.md): CloudTrail -> EventBridge delivery, the SQS batching window (10 s configured), a cold start.
 */
import type { BenchResult } from './run.js';
import { accountResults } from '../lib/analyze/index.js';
import { loadCatalog } from '../lib/catalog/index.js';
import { collectAccount } from '../lib/collect/account.js';
import { createClientFactory } from '../lib/collect/clients.js';
import { LocalReportStore } from '../lib/publish/index.js';
import { resolvePipelineConfig } from '../lib/run/config.js';
import { runPipeline } from '../lib/run/index.js';
import { rescanEvents } from '../lib/run/rescan-step.js';
import { startSandbox, type Sandbox } from '../lib/sandbox/index.js';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const name = 'Event path: change emitted -> message ready (sandbox pipeline)';

const ROUNDS = Number(process.env.RESCAN_BENCH_ROUNDS ?? 40);
const LATENCY_MS = Number(process.env.RESCAN_BENCH_LATENCY_MS ?? 40);
const ACCOUNT = '333333333333';
const PUBLIC = {
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'] }],
};
const PUBLIC_READ = (bucket: string) => ({
  Version: '2012-10-17',
  Statement: [{ Effect: 'Allow', Principal: '*', Action: 's3:GetObject', Resource: `arn:aws:s3:::${bucket}/*` }],
});

const quantile = (xs: number[], q: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(q * s.length) - 1)] ?? NaN;
};

async function rounds(sb: Sandbox, deps: Omit<Parameters<typeof rescanEvents>[1], 'clock'>): Promise<number[]> {
  const times: number[] = [];
  const bucket = [...sb.org.buckets.values()].find((b) => b.account === ACCOUNT)!;
  const offset = sb.cloudTrail.events().length * 100;
  for (let n = 0; n < ROUNDS; n++) {
    const i = n + offset;
    const from = sb.cloudTrail.events().length;
    const open = i % 4 < 2;
    // Each round's change is a fresh one, a minute after the last: never coalesced into the previous read.
    const base = Date.parse('2026-12-06T10:00:00Z') + i * 60_000;
    sb.cloudTrail.clock = () => new Date(base).toISOString();
    const t0 = performance.now();
    if (i % 2 === 0) sb.setRepositoryPolicy(ACCOUNT, 'eu-west-1', 'payments/api', open ? PUBLIC : null);
    else sb.setBucketPolicy(ACCOUNT, bucket.name, open ? PUBLIC_READ(bucket.name) : null);
    const events = sb.cloudTrail.events().slice(from);
    const report = await rescanEvents(events, {
      ...deps,
      clock: () => new Date(base + 10_000 + (performance.now() - t0)).toISOString(),
    });
    if (report.scopes[0]?.outcome !== 'rescanned' || report.messages.length === 0)
      throw new Error(`round ${i}: ${JSON.stringify(report.scopes)}`);
    times.push(performance.now() - t0);
  }
  return times;
}

export async function run(): Promise<BenchResult> {
  const sb = await startSandbox({ org: 'fixtures/demo-org.yaml', recordCalls: false });
  const dir = await mkdtemp(join(tmpdir(), 'oas-bench-rescan-'));
  const region = 'eu-west-1';
  const env = sb.env(region);
  const factory = createClientFactory({
    endpoint: sb.url,
    credentials: { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY },
    homeRegion: region,
    maxAttempts: 3,
  });
  try {
    const catalog = await loadCatalog();
    const config = resolvePipelineConfig({ regions: sb.org.regions, maxConcurrency: 4 });
    const store = new LocalReportStore(dir);
    const night = await runPipeline({
      config,
      store,
      factory,
      catalog,
      runId: 'bench-night',
      clock: () => '2026-12-06T03:00:00.000Z',
    });
    const deps = { config, store, factory, catalog, notifier: { send: async () => 'm' } };
    const baseline = async (): Promise<number> => {
      const account = night.manifest.accounts.find((a) => a.id === ACCOUNT)!;
      const t0 = performance.now();
      const inv = await collectAccount(account, {
        runId: 'bench-base',
        regions: sb.org.regions,
        roleName: config.memberRoleName,
        now: '2026-12-06T10:00:00Z',
        factory,
      });
      accountResults(night.manifest, config, catalog)(inv, { runId: 'bench-base', startedAt: '', finishedAt: '' });
      return performance.now() - t0;
    };
    const rows: BenchResult['rows'] = [];
    for (const latency of [0, LATENCY_MS]) {
      sb.faults.set(latency > 0 ? { latency: [{ fixedMs: latency }] } : {});
      const times = await rounds(sb, deps);
      const base: number[] = [];
      for (let i = 0; i < 9; i++) base.push(await baseline());
      const p50 = quantile(times, 0.5);
      const baseP50 = quantile(base, 0.5);
      const label = latency > 0 ? `${latency} ms per call` : 'no injected latency';
      rows.push(
        { metric: `emitted -> message ready p50 (${label})`, value: p50, unit: 'ms', note: `${ROUNDS} rounds` },
        { metric: `emitted -> message ready p95 (${label})`, value: quantile(times, 0.95), unit: 'ms' },
        {
          metric: `whole-account read + analysis p50 (${label})`,
          value: baseP50,
          unit: 'ms',
          note: 'baseline, 9 rounds',
        },
        { metric: `rescan p50 / whole-account p50 (${label})`, value: p50 / baseP50, unit: 'x' },
      );
    }
    return { rows };
  } finally {
    factory.destroy();
    await sb.close();
    await rm(dir, { recursive: true, force: true });
  }
}
