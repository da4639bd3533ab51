/**
 * The publish step at organisation scale (issue 21): for each size, one child process generates both nights'
 * account results (bench/publish-data.ts) and another publishes them (bench/publish-child.ts), so each size's peak
 * RSS is measured alone. Sizes: `PUBLISH_BENCH_SIZES` (accounts x regions, comma separated), default
 * `1000x2,1000x17,5000x2,5000x17,10000x2,10000x17`. Prints each night's time and the peak RSS, and the ratio of each
 * size's time to the first size's with the same regions (the linearity goal: 10,000 <= 12x 1,000).
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './run.js';

export const name = 'publish step at 1,000 / 5,000 / 10,000 accounts';

const here = dirname(fileURLToPath(import.meta.url));
const tsx = join(here, '..', 'node_modules', '.bin', 'tsx');

interface ChildOut {
  accounts: number;
  regions: number;
  nights: Array<{ seconds: number; open: number; newFindings: number }>;
  peakRssMb: number;
}

function child(args: string[], heapMb: number): string {
  return (
    execFileSync(tsx, [join(here, 'publish-child.ts'), ...args], {
      encoding: 'utf8',
      maxBuffer: 1 << 20,
      env: { ...process.env, NODE_OPTIONS: `--max-old-space-size=${heapMb}` },
    })
      .trim()
      .split('\n')
      .pop() ?? ''
  );
}

/**
 * Issue 22 (PUBLISH_BENCH_CRITICAL=1): with resources marked critical, publish reads the access-matrix join's summary
 * (written here as the join leaves it, bench/critical-summary.ts) instead of computing two runs' matrices from their
 * inventories. Its peak RSS is compared with the same size's publish without a critical setting, both measured in
 * the same run with one process per night on the same store.
 */
function criticalRows(dir: string, accounts: number, regions: number): BenchResult['rows'] {
  const label = `${accounts} accounts x ${regions} regions`;
  const size = [dir, String(accounts), String(regions)];
  // A fresh start before each pair of nights: reports, per-account state and markers removed, so night 1 has no
  // previous again and night 2 diffs against it.
  const reset = (): void => {
    rmSync(join(dir, 'reports'), { recursive: true, force: true });
    rmSync(join(dir, 'state'), { recursive: true, force: true });
    for (const night of ['1', '2'])
      rmSync(join(dir, 'runs', `2026120${night}T020000Z-bench`, 'published'), { force: true });
  };
  const nights = (setting: string): { peak: number; night2: number } => {
    reset();
    const out = ['1', '2'].map((night) => JSON.parse(child(['publish', ...size, setting, night], 8192)) as ChildOut);
    return { peak: Math.max(...out.map((o) => o.peakRssMb)), night2: out[1].nights[0].seconds };
  };
  // One process per night for both, so the two peaks are alike: without a critical setting, then with one.
  const plain = nights('plain');
  const summary = JSON.parse(child(['summary', ...size, 'critical'], 4096)) as ChildOut;
  const critical = nights('critical');
  return [
    { metric: `${label}, critical set: writers kept in the summary`, value: summary.nights[1].open, note: 'night 2' },
    {
      metric: `${label}, no critical setting: publish peak RSS, one process a night`,
      value: Math.round(plain.peak),
      unit: 'MB',
    },
    {
      metric: `${label}, critical set: publish peak RSS, one process a night`,
      value: Math.round(critical.peak),
      unit: 'MB',
      note: `${(critical.peak / plain.peak).toFixed(2)}x without a critical setting; night 2 ${critical.night2.toFixed(1)} s vs ${plain.night2.toFixed(1)} s`,
    },
  ];
}

export async function run(): Promise<BenchResult> {
  const sizes = (process.env.PUBLISH_BENCH_SIZES ?? '1000x2,1000x17,5000x2,5000x17,10000x2,10000x17')
    .split(',')
    .map((s) => s.split('x').map(Number) as [number, number]);
  const rows: BenchResult['rows'] = [];
  const baseline = new Map<number, number>();
  for (const [accounts, regions] of sizes) {
    const dir = mkdtempSync(join(tmpdir(), 'publish-bench-'));
    try {
      child(['gen', dir, String(accounts), String(regions)], 4096);
      let out: ChildOut;
      try {
        out = JSON.parse(child(['publish', dir, String(accounts), String(regions)], 8192)) as ChildOut;
      } catch (err) {
        rows.push({
          metric: `${accounts} accounts x ${regions} regions`,
          value: 'failed',
          note: (err as Error).message.split('\n').slice(0, 3).join(' '),
        });
        continue;
      }
      if (process.env.PUBLISH_BENCH_CRITICAL === '1') rows.push(...criticalRows(dir, accounts, regions));
      const [n1, n2] = out.nights;
      const first = baseline.get(regions) ?? n2.seconds;
      if (!baseline.has(regions)) baseline.set(regions, n2.seconds);
      const label = `${accounts} accounts x ${regions} regions`;
      rows.push({ metric: `${label}: night 1 (no previous)`, value: n1.seconds, unit: 's', note: `${n1.open} open` });
      rows.push({
        metric: `${label}: night 2 (diff)`,
        value: n2.seconds,
        unit: 's',
        note: `${(n2.seconds / first).toFixed(2)}x the first size of ${regions} regions`,
      });
      rows.push({ metric: `${label}: peak RSS`, value: Math.round(out.peakRssMb), unit: 'MB' });
      // Each size as it finishes: the big sizes take many minutes, and a later failure must not lose the earlier ones.
      console.log(
        `  done: ${label}: night 1 ${n1.seconds.toFixed(1)} s, night 2 ${n2.seconds.toFixed(1)} s, peak RSS ${Math.round(out.peakRssMb)} MB`,
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  return { rows };
}
