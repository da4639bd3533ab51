/**
 * Writes a report's files so that no reader ever sees a half-written report.
 *
 * Ordering (docs/report-schema.md "Storage layout"):
 * 1. the dated copy `reports/<date>/<runId>/` in full: report.html, findings.csv, coverage.csv, compliance.csv,
 *    findings.asff.json, findings.ocsf.json, report.json last;
 * 2. then `reports/latest/` in the same order, report.json last.
 * Each object write is atomic (S3 PUT; rename on a local disk). `reports/latest/report.json` is the commit point:
 * it is only replaced once every file of the run exists twice, and it names the dated prefix (`location`), so a
 * reader that needs a consistent set reads `latest/report.json` and then fetches the immutable dated files.
 * A crash half-way leaves the previous `latest/report.json` in place, and the next run diffs against it.
 */
import { renderAsffJson } from './render-asff.js';
import { renderComplianceCsv } from './render-compliance.js';
import { renderCoverageCsv, renderCsv } from './render-csv.js';
import { renderHtml } from './render-html.js';
import { renderOcsfJson } from './render-ocsf.js';
import { asffContextOf } from './securityhub-delivery.js';
import { assumedImporter } from './securityhub-step.js';
import type { ReportDoc, ReportStore } from './types.js';

export const LATEST_PREFIX = 'reports/latest/';
export const LATEST_REPORT_KEY = `${LATEST_PREFIX}report.json`;

/** The dated prefix of a run: `reports/2026-11-22/<runId>/` (several runs a day stay apart). */
export function datedPrefix(now: string, runId: string): string {
  return `reports/${now.slice(0, 10)}/${runId}/`;
}

/** Where the once-per-run notification marker lives. */
export function publishedMarkerKey(runId: string): string {
  return `runs/${runId}/published`;
}

/** File names in write order: report.json is always last. */
export const REPORT_FILES = [
  'report.html', 'findings.csv', 'coverage.csv', 'compliance.csv', 'findings.asff.json', 'findings.ocsf.json', 'report.json',
] as const;

const CONTENT_TYPES: Record<(typeof REPORT_FILES)[number], string> = {
  'report.html': 'text/html; charset=utf-8',
  'findings.csv': 'text/csv; charset=utf-8',
  'coverage.csv': 'text/csv; charset=utf-8',
  'compliance.csv': 'text/csv; charset=utf-8',
  'findings.asff.json': 'application/json',
  'findings.ocsf.json': 'application/json',
  'report.json': 'application/json',
};

/** Renders every file of a report (pure). */
export function renderReportFiles(doc: ReportDoc): Record<(typeof REPORT_FILES)[number], string> {
  return {
    'report.html': renderHtml(doc),
    'findings.csv': renderCsv(doc),
    'coverage.csv': renderCoverageCsv(doc),
    'compliance.csv': renderComplianceCsv(doc),
    'findings.asff.json': renderAsffJson(doc, doc.securityHub ? asffContextOf(doc.securityHub) : assumedImporter(doc)),
    'findings.ocsf.json': renderOcsfJson(doc, doc.securityHub?.reportLink),
    'report.json': `${JSON.stringify(doc, null, 2)}\n`,
  };
}

/**
 * Writes the dated copy, then the latest copy; returns the keys written in order.
 * @param latest false to write only the dated copy (e.g. a back-fill that must not move `latest`)
 */
export async function writeReport(store: ReportStore, doc: ReportDoc, prefix: string, latest = true): Promise<string[]> {
  const files = renderReportFiles(doc);
  const written: string[] = [];
  for (const base of latest ? [prefix, LATEST_PREFIX] : [prefix]) {
    for (const name of REPORT_FILES) {
      // INVARIANT: report.json is the last file of each copy (REPORT_FILES order), the commit point of that copy.
      await store.put(`${base}${name}`, files[name], CONTENT_TYPES[name]);
      written.push(`${base}${name}`);
    }
  }
  return written;
}
