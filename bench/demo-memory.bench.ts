/**
 * `npm run bench -- demo-memory`: `demo --accounts N` (issue 21: "completes with peak memory under 1 GB") in a child
 * process, its memory sampled every 250 ms (bench/memory-sampler.mjs) and split into the demo's phases by the lines it
 * prints: scan and publish of each night, the daytime rescan, the printout. Prints, per phase, the highest RSS, heap in
 * use and external memory (buffers), and the process's peak RSS as the kernel counts it (`maxRSS`), which is how the
 * acceptance reads. The publish rows are the publish step's (lib/run/publish-step.ts and lib/publish); the others are
 * the demo's own (sandbox, scan, rescan, printout). `DEMO_MEMORY_ACCOUNTS` sets N (default 1,000: ~10-25 min on
 * 2 shared cores). Heap in use includes garbage not yet collected: under load V8 collects late, so RSS varies by
 * hundreds of MB between runs of the same code (docs/benchmarks.md).
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { BenchResult } from './run.js';

export const name = 'demo --accounts N: peak RSS by phase (issue 21)';

interface Sample {
  at: number;
  rss: number;
  heapUsed: number;
  external: number;
  maxRss: number;
}

/** The phase a printed line starts, if it starts one. */
function phaseOf(line: string, seen: { ends: number }): string | null {
  if (line === 'night 1' || line === 'night 2') return `${line}: scan`;
  if (/^\s*\[(\d+)\/\1\]/.test(line)) return `night ${++seen.ends}: publish`;
  if (line.startsWith('night 1 (')) return 'daytime rescan';
  if (line.startsWith('day 1,')) return 'between the nights';
  if (line.startsWith('night 2 (')) return 'printout';
  if (line.startsWith('reports also in')) return 'sandbox closing';
  return null;
}

export async function run(): Promise<BenchResult> {
  const accounts = Number(process.env.DEMO_MEMORY_ACCOUNTS ?? 1000);
  const root = join(dirname(fileURLToPath(import.meta.url)), '..');
  const dir = mkdtempSync(join(tmpdir(), 'demo-memory-'));
  const log = join(dir, 'memory.jsonl');
  const loadBefore = loadavg()[0]!;
  const marks: Array<{ at: number; phase: string }> = [{ at: Date.now(), phase: 'sandbox start' }];
  const child = spawn(
    process.execPath,
    [
      '--import',
      join(root, 'bench', 'memory-sampler.mjs'),
      join(root, 'bin', 'org-access-scanner.js'),
      'demo',
      '--accounts',
      String(accounts),
      '--out',
      join(dir, 'out'),
    ],
    { env: { ...process.env, DEMO_MEMORY_LOG: log }, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const seen = { ends: 0 };
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (line) => {
    const phase = phaseOf(line, seen);
    if (phase) marks.push({ at: Date.now(), phase });
  });
  const code = await new Promise<number | null>((done) => child.on('close', done));
  const samples = readFileSync(log, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Sample);
  rmSync(dir, { recursive: true, force: true });
  if (code !== 0) throw new Error(`the demo exited with ${code}`);
  const rows: BenchResult['rows'] = [];
  for (const [i, m] of marks.entries()) {
    const end = marks[i + 1]?.at ?? Number.POSITIVE_INFINITY;
    const inPhase = samples.filter((s) => s.at >= m.at && s.at < end);
    if (inPhase.length === 0) continue;
    const max = (k: keyof Sample) => Math.max(...inPhase.map((s) => s[k]));
    const seconds = ((Math.min(end, samples.at(-1)!.at) - m.at) / 1000).toFixed(0);
    rows.push({
      metric: m.phase,
      value: max('rss'),
      unit: 'MiB RSS',
      note: `${seconds} s, heap in use up to ${max('heapUsed')} MiB, external up to ${max('external')} MiB`,
    });
  }
  rows.push({
    metric: `peak RSS of the demo process (${accounts} accounts)`,
    value: samples.at(-1)!.maxRss,
    unit: 'MiB',
    note: `load average ${loadBefore.toFixed(1)} at start, ${loadavg()[0]!.toFixed(1)} at end`,
  });
  return { rows };
}
