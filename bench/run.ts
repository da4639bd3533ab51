/**
 * `npm run bench`: runs every bench/*.bench.ts (or the ones named on the command line) in turn and
 * prints their figures. Each module exports `name` and `run(): Promise<BenchResult>`; figures are
 * medians over repeated rounds and ratios against a baseline measured in the same run.
 */
import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { cpus, totalmem } from 'node:os';

export interface BenchResult {
  /** Rows printed as a table: metric, value, unit, and optional note. */
  rows: Array<{ metric: string; value: number | string; unit?: string; note?: string }>;
}

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const files = readdirSync(here)
  .filter((f) => f.endsWith('.bench.ts'))
  .filter((f) => only.length === 0 || only.some((o) => f.startsWith(o)))
  .sort();

console.log(
  `machine: ${cpus()[0]?.model ?? 'unknown'} x${cpus().length}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`,
);
console.log(`date: ${new Date().toISOString()}`);
let failed = 0;
for (const f of files) {
  const mod = (await import(pathToFileURL(join(here, f)).href)) as { name: string; run: () => Promise<BenchResult> };
  console.log(`\n## ${mod.name} (${f})`);
  try {
    const res = await mod.run();
    for (const r of res.rows) {
      const v = typeof r.value === 'number' ? r.value.toLocaleString('en-US', { maximumFractionDigits: 3 }) : r.value;
      console.log(`  ${r.metric.padEnd(48)} ${String(v).padStart(14)} ${r.unit ?? ''}${r.note ? `  (${r.note})` : ''}`);
    }
  } catch (err) {
    failed++;
    console.log(`  failed: ${(err as Error).stack ?? String(err)}`);
  }
}
process.exitCode = failed ? 1 : 0;
