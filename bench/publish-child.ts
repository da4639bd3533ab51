/**
 * One size of the publish benchmark, in its own process so its peak RSS is its own: `tsx bench/publish-child.ts
 * gen DIR ACCOUNTS REGIONS` writes both nights' objects; `tsx bench/publish-child.ts publish DIR ACCOUNTS REGIONS`
 * publishes night 1 then night 2 with `publishStep` (what functions/publish-report.ts runs, on a local store) and
 * prints one JSON line: each night's seconds, the findings and the process's peak RSS (`process.resourceUsage`).
 * With a fifth argument `critical` (issue 22), a resource is listed critical and a tag is configured, and `summary`
 * writes each night's access-matrix join summary as build-access-matrix leaves it (bench/critical-summary.ts: the tags
 * are not read, so every resource's marking is unknown and its writers are kept, the summary's largest case); then
 * `publish` reads those summaries, as the state machine's publish does. A sixth argument `1` or `2` runs that night
 * only.
 */
import { LocalReportStore } from '../lib/publish/index.js';
import { resolvePipelineConfig } from '../lib/run/config.js';
import { publishStep } from '../lib/run/publish-step.js';
import { writeCriticalSummary } from './critical-summary.js';
import { BENCH_REGIONS_17, benchAccountId, writeBenchRun } from './publish-data.js';

const [mode, dir, accountsArg, regionsArg, criticalArg, nightArg] = process.argv.slice(2);
const critical = criticalArg === 'critical';
const accounts = Number(accountsArg);
const regions = BENCH_REGIONS_17.slice(0, Number(regionsArg));

if (mode === 'gen') {
  writeBenchRun(dir, accounts, regions, 1);
  writeBenchRun(dir, accounts, regions, 2);
  console.log(JSON.stringify({ generated: accounts, regions: regions.length }));
} else {
  const store = new LocalReportStore(dir);
  const config = resolvePipelineConfig({
    regions,
    securityHub: false,
    ...(critical
      ? {
          criticalResources: [`arn:aws:ecr:${regions[0]}:${benchAccountId(0)}:repository/team0/app-0`],
          criticalTag: { key: 'tier', value: 'critical' },
        }
      : {}),
  });
  const nights: Array<{ seconds: number; open: number; newFindings: number }> = [];
  // One night per process when `nightArg` is given: join 1, publish 1, join 2 (its previous run is night 1's
  // published report), publish 2, each peak RSS its own.
  for (const night of nightArg ? [Number(nightArg) as 1 | 2] : ([1, 2] as const)) {
    const started = process.hrtime.bigint();
    const runId = `2026120${night}T020000Z-bench`;
    if (mode === 'summary') {
      const rows = writeCriticalSummary(dir, runId, accounts, regions, night);
      nights.push({ seconds: Number(process.hrtime.bigint() - started) / 1e9, open: rows, newFindings: 0 });
      continue;
    }
    const { output } = await publishStep(
      {
        runId,
        now: `2026-12-0${night}T03:00:00.000Z`,
        suppressionsText: null,
        ...(critical ? { join: { output: { status: 'built' } } } : {}),
      },
      config,
      { store },
    );
    nights.push({
      seconds: Number(process.hrtime.bigint() - started) / 1e9,
      open: output.open,
      newFindings: output.newFindings,
    });
  }
  console.log(
    JSON.stringify({ accounts, regions: regions.length, nights, peakRssMb: process.resourceUsage().maxRSS / 1024 }),
  );
}
