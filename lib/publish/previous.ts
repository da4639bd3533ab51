/**
 * Finds the report a run is diffed against: `reports/latest/report.json`, unless that is this run's own report
 * (a retried publish), in which case the report it was diffed against, by the dated key it recorded.
 */
import { readReport } from './report-index.js';
import { LATEST_REPORT_KEY } from './write-report.js';
import type { ReportDoc, ReportStore } from './types.js';

export interface PreviousReport {
  doc: ReportDoc | null;
  /** The key it was read from (recorded in the new report). */
  key?: string;
  /** Why a report exists but cannot be used. */
  problem?: string;
}

export { parseReportDoc } from './report-index.js';

/** Reads the report to diff against for run `runId`. */
export async function loadPrevious(store: ReportStore, runId: string): Promise<PreviousReport> {
  const read = async (key: string): Promise<PreviousReport> => {
    // Either layout: one report.json, or an index with its parts (./report-index.ts).
    const parsed = await readReport(store, key);
    if (parsed === null) return { doc: null };
    return parsed.ok ? { doc: parsed.doc, key } : { doc: null, problem: parsed.problem };
  };
  const latest = await read(LATEST_REPORT_KEY);
  if (!latest.doc || latest.doc.runId !== runId) {
    if (!latest.doc?.location) return latest;
    // Record the immutable dated key, not `latest`, so a retry of the next run can find this one again.
    return { doc: latest.doc, key: `${latest.doc.location.prefix}report.json` };
  }
  // A retry of this run's publish: diff against what the first attempt diffed against.
  const before = latest.doc.previous;
  if (!before) return { doc: null };
  if (!before.key) return { doc: null, problem: `the previous report of run \`${runId}\` was not recorded by key` };
  const again = await read(before.key);
  return again.doc ? again : { doc: null, problem: again.problem ?? `\`${before.key}\` is missing` };
}
