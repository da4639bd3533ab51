/**
 * The largest account one scan-account invocation must handle within Lambda's 15-minute limit: 10,000 buckets
 * (the default general purpose bucket quota) and 17 regions x 1,000 ECR repositories, with a fixed latency
 * injected on every sandbox call, scanned by scanStep (what functions/scan-account.ts runs) at the function's
 * request concurrency (ACCOUNT_CONCURRENCY, default 8). In-process: the sandbox shares the CPU with the scan, so
 * CPU figures are an upper bound for the function itself.
 *
 * Lower bound: every call takes at least the latency L, R calls at a time: calls x L / R. The figure that decides
 * sharding is the projection to AWS latencies: measured calls x L_aws / R + measured CPU time.
 * Env: LARGEST_BENCH_LATENCY_MS (default 20), LARGEST_BENCH_BUCKETS (10000), LARGEST_BENCH_REPOS (1000),
 * LARGEST_BENCH_REGIONS (17), LARGEST_BENCH_CONCURRENCY (8), LARGEST_BENCH_SHARDS (4; 1 = the whole account in one
 * invocation).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { BenchResult } from './run.js';
import { loadCatalog } from '../lib/catalog/index.js';
import { createClientFactory } from '../lib/collect/clients.js';
import { LocalReportStore } from '../lib/publish/index.js';
import { resolvePipelineConfig } from '../lib/run/config.js';
import { scanStep } from '../lib/run/scan-step.js';
import { planStep } from '../lib/run/steps.js';
import { generateOrg, generatedAccountId, startSandbox } from '../lib/sandbox/index.js';
import { BENCH_REGIONS_17 } from './publish-data.js';

export const name = 'The largest account: 10,000 buckets, 17 regions x 1,000 repositories, one scan-account';

const LATENCY_MS = Number(process.env.LARGEST_BENCH_LATENCY_MS ?? 20);
const BUCKETS = Number(process.env.LARGEST_BENCH_BUCKETS ?? 10_000);
const REPOS = Number(process.env.LARGEST_BENCH_REPOS ?? 1_000);
const ALL_REGIONS = BENCH_REGIONS_17;
const REGIONS = ALL_REGIONS.slice(0, Number(process.env.LARGEST_BENCH_REGIONS ?? 17));
/** scan-account's request concurrency (ACCOUNT_CONCURRENCY; serverless.yml param accountConcurrency). */
const R = Number(process.env.LARGEST_BENCH_CONCURRENCY ?? 8);
/** Shards per account (SHARDS_PER_ACCOUNT; serverless.yml default 4): shard 0, the largest, is measured. */
const SHARDS = Number(process.env.LARGEST_BENCH_SHARDS ?? 4);
/** Round-trip latencies to project to: a nearby region, and a far one. */
const AWS_LATENCIES_MS = [30, 80];

export async function run(): Promise<BenchResult> {
  // One member account (index 1; index 0 is the management account) holding everything.
  const seed = generateOrg({ accounts: 2, regions: REGIONS, reposPerRegion: REPOS, bucketsPerAccount: 0, seed: 7 });
  const big = seed.accounts.find((a) => a.id === generatedAccountId(1))!;
  const many = generateOrg({
    accounts: 2,
    regions: [REGIONS[0]],
    reposPerRegion: 0,
    bucketsPerAccount: BUCKETS,
    seed: 7,
  });
  big.buckets = many.accounts
    .find((a) => a.id === generatedAccountId(1))!
    .buckets!.map((b, i) => ({ ...b, region: REGIONS[i % REGIONS.length] }));
  const sandbox = await startSandbox({ org: seed, faults: { latency: [{ fixedMs: LATENCY_MS }] }, recordCalls: true });
  const factory = createClientFactory({
    endpoint: sandbox.url,
    credentials: { accessKeyId: 'AKIAEXAMPLEBENCH0001', secretAccessKey: 'x' },
    homeRegion: REGIONS[0],
    maxSockets: 64,
  });
  try {
    const config = resolvePipelineConfig({
      regions: REGIONS,
      accountConcurrency: R,
      accounts: [big.id],
      shardsPerAccount: SHARDS,
    });
    const store = new LocalReportStore(mkdtempSync(join(tmpdir(), 'oas-largest-')));
    const { manifest, items } = await planStep({ runId: 'largest', now: new Date().toISOString() }, config, {
      store,
      factory,
    });
    // Shard 0 of n holds the most regions (indexes 0, n, 2n, ...) and a quarter of the buckets: the slowest item.
    const account = items.find((a) => a.id === big.id && (a.shard?.index ?? 0) === 0)!;
    const catalog = await loadCatalog();
    const calls0 = sandbox.calls.length;
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    const { output, result } = await scanStep({ runId: 'largest', account }, config, {
      store,
      factory,
      catalog,
      manifest,
      clock: () => new Date().toISOString(),
    });
    const wallMs = performance.now() - t0;
    const cpu = process.cpuUsage(cpu0);
    const cpuMs = (cpu.user + cpu.system) / 1000;
    const calls = sandbox.calls.length - calls0;
    const inv = result.inventory!;
    const count = (r: { status: string; value?: unknown[] }): number => (r.status === 'ok' ? r.value!.length : 0);
    const repos = inv.ecr.reduce((n, r) => n + count(r.repositories as { status: string; value?: unknown[] }), 0);
    const boundMs = (calls * LATENCY_MS) / R;
    const rows: BenchResult['rows'] = [
      { metric: 'shard measured', value: SHARDS > 1 ? `0 of ${SHARDS}` : 'whole account' },
      {
        metric: 'buckets / repositories / regions',
        value: `${count(inv.s3.buckets as { status: string; value?: unknown[] })} / ${repos} / ${inv.ecr.length}`,
      },
      { metric: 'findings / gaps / errors', value: `${output.findings} / ${output.gaps} / ${output.errors}` },
      { metric: 'sandbox calls', value: calls },
      { metric: `injected latency L, request concurrency R`, value: `${LATENCY_MS} ms, ${R}` },
      { metric: 'wall time', value: wallMs / 1000, unit: 's' },
      {
        metric: 'lower bound calls x L / R',
        value: boundMs / 1000,
        unit: 's',
        note: `wall / bound ${(wallMs / boundMs).toFixed(2)}x`,
      },
      { metric: 'CPU time (scan + sandbox, one process)', value: cpuMs / 1000, unit: 's' },
      { metric: 'peak RSS of the process', value: Math.round(process.resourceUsage().maxRSS / 1024), unit: 'MB' },
    ];
    for (const l of AWS_LATENCIES_MS) {
      const projected = (calls * l) / R + cpuMs;
      rows.push({
        metric: `projected at ${l} ms per call`,
        value: projected / 1000,
        unit: 's',
        note: `${((100 * projected) / 900_000).toFixed(0)} % of the 15-minute limit`,
      });
    }
    return { rows };
  } finally {
    factory.destroy();
    await sandbox.close();
  }
}
