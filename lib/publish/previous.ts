/**
 * Finds the report a run is diffed against: `reports/latest/report.json`, unless that is this run's own report
 * (a retried publish), in which case the report it was diffed against, by the dated key it recorded.
 */
import { LATEST_REPORT_KEY } from './write-report.js';
import { REPORT_SCHEMA, REPORT_SCHEMA_VERSION, type ReportDoc, type ReportStore } from './types.js';

export interface PreviousReport {
  doc: ReportDoc | null;
  /** The key it was read from (recorded in the new report). */
  key?: string;
  /** Why a report exists but cannot be used. */
  problem?: string;
}

/** Parses a stored report, or says why it is not one this version can diff against. */
export function parseReportDoc(text: string, key: string): { ok: true; doc: ReportDoc } | { ok: false; problem: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: `\`${key}\` is not JSON: ${(err as Error).message}` };
  }
  const d = doc as Partial<ReportDoc> | null;
  if (!d || d.schema !== REPORT_SCHEMA || typeof d.schemaVersion !== 'number') return { ok: false, problem: `\`${key}\` is not a report document` };
  if (d.schemaVersion > REPORT_SCHEMA_VERSION) return { ok: false, problem: `\`${key}\` has schema version \`${d.schemaVersion}\`, newer than \`${REPORT_SCHEMA_VERSION}\`` };
  if (!Array.isArray(d.findings) || typeof d.runId !== 'string') return { ok: false, problem: `\`${key}\` has no findings list` };
  return { ok: true, doc: d as ReportDoc };
}

/** Reads the report to diff against for run `runId`. */
export async function loadPrevious(store: ReportStore, runId: string): Promise<PreviousReport> {
  const read = async (key: string): Promise<PreviousReport> => {
    const text = await store.get(key);
    if (text === null) return { doc: null };
    const parsed = parseReportDoc(text, key);
    return parsed.ok ? { doc: parsed.doc, key } : { doc: null, problem: parsed.problem };
  };
  const latest = await read(LATEST_REPORT_KEY);
  if (!latest.doc || latest.doc.runId !== runId) {
    if (!latest.doc || !latest.doc.location) return latest;
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
