/**
 * The publish step's diff phase alone (issue 21), in its own process so its peak RSS is its own: `tsx
 * bench/publish-diff-child.ts DIR ACCOUNTS REGIONS NIGHT` on a store bench/publish-child.ts generated (and, for night
 * 2, published night 1 into) reads and spills the night's account parts, diffs them in state batches (writing the
 * next states, as the step does) and reads every list back once from the spills without keeping it, then prints one
 * JSON line: seconds, findings, resolved, population, the spill folder's bytes and the peak RSS. What the report
 * writers hold afterwards is theirs (today the adapter in lib/publish/index.ts collects the lists).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { diffRun } from '../lib/publish/diff-run.js';
import { LocalReportStore } from '../lib/publish/index.js';
import { openPartSpill } from '../lib/publish/part-spill.js';
import { datedPrefix, REPORT_FILES } from '../lib/publish/write-report.js';
import { readAccountParts } from '../lib/run/publish-read.js';
import { loadManifest } from '../lib/run/steps.js';

const [dir, accounts, regions, night] = process.argv.slice(2);
const started = process.hrtime.bigint();
const store = new LocalReportStore(dir);
const runId = `2026120${night}T020000Z-bench`;
const now = `2026-12-0${night}T03:00:00.000Z`;
const manifest = await loadManifest(store, runId);
const spill = await openPartSpill();
const read = await readAccountParts(store, runId, manifest, (p) => spill.add(p));
const diffed = await diffRun(
  { runId, manifest, results: [], now, suppressionsText: null, spilled: { spill, parts: read.parts } },
  store,
  datedPrefix(now, runId),
  [...REPORT_FILES],
);
const count = async (items: AsyncIterable<unknown>): Promise<number> => {
  let n = 0;
  for await (const _ of items) n += 1;
  return n;
};
const findings = await count(diffed.lists.findings());
const resolved = await count(diffed.lists.resolved());
const population = await count(diffed.lists.population());
const spillBytes = readdirSync(spill.folder.dir).reduce((n, f) => n + statSync(join(spill.folder.dir, f)).size, 0);
await diffed.dispose();
console.log(
  JSON.stringify({
    accounts: Number(accounts),
    regions: Number(regions),
    night: Number(night),
    seconds: Number(process.hrtime.bigint() - started) / 1e9,
    findings,
    resolved,
    population,
    spillBytes,
    peakRssMb: process.resourceUsage().maxRSS / 1024,
  }),
);
