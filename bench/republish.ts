/**
 * `tsx bench/republish.ts FROM_OUT_DIR TO_DIR`: publishes again, with this checkout's publish step, the runs a demo
 * wrote to FROM_OUT_DIR (its `runs/<runId>/manifest.json` and account results), night after night at the same run
 * times and settings as its reports say, into a fresh store at TO_DIR. `tsx bench/report-digest.ts` on both then
 * shows whether a change to the publish step changed any finding id, status, count or diff: the scan is not re-run,
 * so a flaky read under load cannot blur the comparison. `REPUBLISH_PART_KB=N` writes every report in N KB parts.
 */
import { cpSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { LocalReportStore, readReport } from '../lib/publish/index.js';
import type { ReportDoc } from '../lib/publish/types.js';
import { resolvePipelineConfig } from '../lib/run/config.js';
import { publishStep } from '../lib/run/publish-step.js';
import { INLINE_REPORT_BYTES, PART_BYTES } from '../lib/publish/report-parts.js';

const [from, to] = process.argv.slice(2);
if (!from || !to) {
  console.error('usage: tsx bench/republish.ts FROM_OUT_DIR TO_DIR');
  process.exit(2);
}
// REPUBLISH_PART_KB=64 writes every report as an index of 64 KB parts, to compare that layout on a small demo.
const partKb = Number(process.env.REPUBLISH_PART_KB ?? 0);
// REPUBLISH_STATE_ACCOUNTS=N diffs and writes the states N accounts at a time (several batches on a small demo).
const stateAccounts = Number(process.env.REPUBLISH_STATE_ACCOUNTS ?? 0);
const budget =
  partKb > 0 || stateAccounts > 0
    ? {
        partBytes: partKb > 0 ? partKb * 1024 : PART_BYTES,
        inlineBytes: partKb > 0 ? 0 : INLINE_REPORT_BYTES,
        ...(stateAccounts > 0 ? { stateAccounts } : {}),
      }
    : undefined;
const reports: ReportDoc[] = [];
const source = new LocalReportStore(from);
for (const date of readdirSync(join(from, 'reports'))
  .filter((d) => /^\d{4}-/.test(d))
  .sort()) {
  for (const run of readdirSync(join(from, 'reports', date)).sort()) {
    // Either layout: an old single report.json or an index of parts (lib/publish/report-index.ts).
    const read = await readReport(source, `reports/${date}/${run}/report.json`);
    if (!read?.ok) throw new Error(`${join(from, 'reports', date, run)}: ${read?.problem ?? 'no report.json'}`);
    reports.push(read.doc);
  }
}
const store = new LocalReportStore(to);
for (const doc of reports) {
  cpSync(join(from, 'runs', doc.runId), join(to, 'runs', doc.runId), {
    recursive: true,
    filter: (src) => !src.endsWith('/published'),
  });
  const config = resolvePipelineConfig({
    regions: doc.regions,
    securityHub: false,
    ...doc.trust,
    ...(doc.settings ?? {}),
  });
  const { output } = await publishStep({ runId: doc.runId, now: doc.generatedAt, suppressionsText: null }, config, {
    store,
    ...(budget ? { budget } : {}),
  });
  console.log(`${doc.runId}: ${output.open} open, ${output.newFindings} new`);
}
