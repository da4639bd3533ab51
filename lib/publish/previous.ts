/**
 * Finds the report a run is diffed against: `reports/latest/report.json`, unless that is this run's own report
 * (a retried publish), in which case the report it was diffed against, by the dated key it recorded.
 *
 * Issue 21: the run is diffed against each account's own state, so of the previous report only its head is held (its
 * run id and time, named in the new report). Its lists are checked part by part, one part held at a time, so a
 * missing or garbled part still makes it unusable exactly as before; the whole document is read again only when a
 * state must be seeded from it (`whole`, lib/publish/state-load.ts).
 */
import { readReport, readReportHead } from './report-index.js';
import type { ReportHead } from './report-stream.js';
import { LATEST_REPORT_KEY } from './write-report.js';
import type { ReportDoc, ReportStore } from './types.js';

export interface PreviousReport {
  /** The report without its three organisation-sized lists, or null when there is none that can be used. */
  head: ReportHead | null;
  /** The key it was read from (recorded in the new report). */
  key?: string;
  /** Why a report exists but cannot be used. */
  problem?: string;
  /** The whole document, read again from the store (null when there is none); the caller holds it, not this. */
  whole(): Promise<ReportDoc | null>;
}

export { parseReportDoc } from './report-index.js';

const NONE = async (): Promise<null> => null;

/** Reads the report to diff against for run `runId`. */
export async function loadPrevious(store: ReportStore, runId: string): Promise<PreviousReport> {
  const read = async (key: string): Promise<PreviousReport> => {
    // Either layout: one report.json, or an index with its parts (./report-index.ts).
    const parsed = await readReportHead(store, key);
    if (parsed === null) return { head: null, whole: NONE };
    if (!parsed.ok) return { head: null, problem: parsed.problem, whole: NONE };
    return { head: parsed.head, key, whole: () => wholeOf(store, key) };
  };
  const latest = await read(LATEST_REPORT_KEY);
  if (!latest.head || latest.head.runId !== runId) {
    if (!latest.head?.location) return latest;
    // Record the immutable dated key, not `latest`, so a retry of the next run can find this one again.
    return { ...latest, key: `${latest.head.location.prefix}report.json` };
  }
  // A retry of this run's publish: diff against what the first attempt diffed against.
  const before = latest.head.previous;
  if (!before) return { head: null, whole: NONE };
  if (!before.key)
    return { head: null, problem: `the previous report of run \`${runId}\` was not recorded by key`, whole: NONE };
  const again = await read(before.key);
  return again.head ? again : { head: null, problem: again.problem ?? `\`${before.key}\` is missing`, whole: NONE };
}

/** The whole document, read again (a report of the old single-file layout may be large too: it is not kept). */
async function wholeOf(store: ReportStore, key: string): Promise<ReportDoc | null> {
  const parsed = await readReport(store, key);
  return parsed?.ok ? parsed.doc : null;
}
