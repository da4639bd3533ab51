/**
 * One size of the publish benchmark, in its own process so its peak RSS is its own: `tsx bench/publish-child.ts
 * gen DIR ACCOUNTS REGIONS` writes both nights' objects; `tsx bench/publish-child.ts publish DIR ACCOUNTS REGIONS`
 * publishes night 1 then night 2 with `publishStep` (what functions/publish-report.ts runs, on a local store) and
 * prints one JSON line: each night's seconds, the findings and the process's peak RSS (`process.resourceUsage`).
 */
import { LocalReportStore } from '../lib/publish/index.js';
import { resolvePipelineConfig } from '../lib/run/config.js';
import { publishStep } from '../lib/run/publish-step.js';
import { BENCH_REGIONS_17, writeBenchRun } from './publish-data.js';

const [mode, dir, accountsArg, regionsArg] = process.argv.slice(2);
const accounts = Number(accountsArg);
const regions = BENCH_REGIONS_17.slice(0, Number(regionsArg));

if (mode === 'gen') {
  writeBenchRun(dir, accounts, regions, 1);
  writeBenchRun(dir, accounts, regions, 2);
  console.log(JSON.stringify({ generated: accounts, regions: regions.length }));
} else {
  const store = new LocalReportStore(dir);
  const config = resolvePipelineConfig({ regions, securityHub: false });
  const nights: Array<{ seconds: number; open: number; newFindings: number }> = [];
  for (const night of [1, 2] as const) {
    const started = process.hrtime.bigint();
    const { output } = await publishStep(
      { runId: `2026120${night}T020000Z-bench`, now: `2026-12-0${night}T03:00:00.000Z`, suppressionsText: null },
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
