/**
 * `tsx bench/report-digest.ts OUT_DIR`: prints what must not change when the publish step is restructured (issue
 * 21): for each dated report of a demo's output directory, in date order, its summary counts, coverage counts, every
 * finding as `id status severity access`, and every resolved id. Run it on the output of the same demo before and
 * after a change and compare the two with `diff`: run ids and times are left out (they differ between runs).
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LocalReportStore, readReport } from '../lib/publish/index.js';
import type { ReportDoc } from '../lib/publish/types.js';

const out = process.argv[2];
if (!out) {
  console.error('usage: tsx bench/report-digest.ts OUT_DIR');
  process.exit(2);
}
const reports = join(out, 'reports');
const nights: unknown[] = [];
const store = new LocalReportStore(out);
for (const date of readdirSync(reports)
  .filter((d) => /^\d{4}-\d{2}-\d{2}$/.test(d))
  .sort()) {
  for (const run of readdirSync(join(reports, date)).sort()) {
    const file = join(reports, date, run, 'report.json');
    if (!statSync(file, { throwIfNoEntry: false })) continue;
    // Either layout: an old single report.json or an index of parts (lib/publish/report-index.ts).
    const read = await readReport(store, `reports/${date}/${run}/report.json`);
    if (!read?.ok) throw new Error(`${file}: ${read?.problem ?? 'missing'}`);
    const doc: ReportDoc = read.doc;
    nights.push({
      date,
      summary: doc.summary,
      coverage: doc.coverage.counts,
      findings: doc.findings
        .map((f) => `${f.id} ${f.status} ${f.severity} ${f.access}${f.suppressedBy ? ' suppressed' : ''}`)
        .sort(),
      resolved: doc.resolved.map((f) => f.id).sort(),
      population: doc.population?.length ?? 0,
    });
  }
}
console.log(JSON.stringify(nights, null, 1));
