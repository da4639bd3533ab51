import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseScanFlags, scan } from '../../lib/cli/commands/scan.js';
import type { AccountResult } from '../../lib/model/account-result.js';
import type { Finding } from '../../lib/model/finding.js';
import { resolvePipelineConfig } from '../../lib/run/config.js';
import { runPipeline } from '../../lib/run/index.js';
import { startHarness, VENDOR, type Harness } from '../run/harness.js';

const NOW = '2026-11-22T03:00:00.000Z';
const byId = (a: Finding, b: Finding): number => a.id.localeCompare(b.id);

let h: Harness;
let dir: string;
beforeAll(async () => {
  h = await startHarness();
  dir = await mkdtemp(join(tmpdir(), 'oas-paths-'));
});
afterAll(async () => {
  await h?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

/** The findings of the run's scan step (the `npm run demo` path): every result object the pipeline wrote. */
async function pipelineFindings(
  runId: string,
  zone: 'organization' | 'account',
  trustedAccounts: string[],
): Promise<Finding[]> {
  const config = resolvePipelineConfig({ regions: h.sandbox.org.regions, maxConcurrency: 3, zone, trustedAccounts });
  await runPipeline({ config, store: h.store, factory: h.factory, runId, clock: () => NOW, suppressionsText: null });
  const keys = h.keys(`runs/${runId}/accounts/`);
  const results = await Promise.all(keys.map(async (k) => JSON.parse((await h.store.get(k))!) as AccountResult));
  return results.flatMap((r) => r.findings).sort(byId);
}

/** The findings of the CLI's `scan --out`: its flags through the pipeline's schema, its folder as the store. */
async function cliFindings(
  runId: string,
  zone: 'organization' | 'account',
  trustedAccounts: string[],
): Promise<Finding[]> {
  const out = join(dir, runId);
  const argv = [
    '--regions',
    h.sandbox.org.regions.join(','),
    '--zone',
    zone,
    '--out',
    out,
    '--run-id',
    runId,
    '--concurrency',
    '3',
  ];
  if (trustedAccounts.length > 0) argv.push('--trusted-accounts', trustedAccounts.join(','));
  const flags = parseScanFlags(argv)!;
  await scan(
    { ...flags, out },
    { endpoint: h.sandbox.url, credentials: h.credentials, homeRegion: h.region, maxAttempts: 2 },
    { clock: () => NOW, onProgress: () => undefined },
  );
  const dirOf = join(out, 'runs', runId, 'accounts');
  const results = await Promise.all(
    (await readdir(dirOf)).map(async (f) => JSON.parse(await readFile(join(dirOf, f), 'utf8')) as AccountResult),
  );
  return results.flatMap((r) => r.findings).sort(byId);
}

describe("the CLI scan and the run's scan step: one path from inventory to result", () => {
  it.each<[zone: 'organization' | 'account', trusted: string[]]>([
    ['organization', []],
    ['account', [VENDOR]],
  ])(
    'give the same findings, ids included, for the demo organisation in a %s zone (trusted: %j)',
    async (zone, trusted) => {
      // Given the demo organisation in the sandbox and one zone of trust
      // When it is scanned by the pipeline and by the CLI
      const viaRun = await pipelineFindings(`paths-run-${zone}`, zone, trusted);
      const viaCli = await cliFindings(`paths-cli-${zone}`, zone, trusted);
      // Then both found something, public access among it, and the very same findings
      expect(viaRun.length).toBeGreaterThan(0);
      expect(viaRun.some((f) => f.access === 'public')).toBe(true);
      expect(viaCli.map((f) => f.id)).toEqual(viaRun.map((f) => f.id));
      expect(viaCli).toEqual(viaRun);
    },
    120_000,
  );
});
