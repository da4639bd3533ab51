/**
 * Writes a report's files so that no reader ever sees a half-written report.
 *
 * Ordering (docs/report-schema.md "Storage layout"): file by file in the order report.html, findings.csv,
 * coverage.csv, compliance.csv, findings.asff.json, findings.ocsf.json (or their parts), the parts of report.json
 * when it is an index, report.json, each to the dated copy
 * `reports/<date>/<runId>/` and then to `reports/latest/` (one rendered file held at a time); report.json last.
 * Each object write is atomic (S3 PUT; rename on a local disk). `reports/latest/report.json` is the commit point:
 * it is only replaced once every file of the run exists twice, and it names the dated prefix (`location`), so a
 * reader that needs a consistent set reads `latest/report.json` and then fetches the immutable dated files.
 * A crash half-way leaves the previous `latest/report.json` in place, and the next run diffs against it.
 */
import { asffFindingsOf, renderAsffJson } from './render-asff.js';
import { renderComplianceCsv } from './render-compliance.js';
import { renderCoverageCsv, renderCsv } from './render-csv.js';
import { renderHtml } from './render-html.js';
import { ocsfFindingsOf, renderOcsfJson } from './render-ocsf.js';
import { fitsInline, jsonLines, PARTED_LISTS, reportIndex, type ReportParts } from './report-index.js';
import { DEFAULT_BUDGET, prettyItem, writeArrayParts, writeLineParts, type PartBudget } from './report-parts.js';
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
  'report.html',
  'findings.csv',
  'coverage.csv',
  'compliance.csv',
  'findings.asff.json',
  'findings.ocsf.json',
  'report.json',
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

/** Renders one file of a report (pure). */
export function renderReportFile(doc: ReportDoc, name: (typeof REPORT_FILES)[number]): string {
  switch (name) {
    case 'report.html':
      return renderHtml(doc);
    case 'findings.csv':
      return renderCsv(doc);
    case 'coverage.csv':
      return renderCoverageCsv(doc);
    case 'compliance.csv':
      return renderComplianceCsv(doc);
    case 'findings.asff.json':
      return renderAsffJson(doc, doc.securityHub ? asffContextOf(doc.securityHub) : assumedImporter(doc));
    case 'findings.ocsf.json':
      return renderOcsfJson(doc, doc.securityHub?.reportLink);
    case 'report.json':
      return `${JSON.stringify(doc, null, 2)}\n`;
  }
}

/** Renders every file of a report (pure). Holds them all at once: writers use `renderReportFile` one at a time. */
export function renderReportFiles(doc: ReportDoc): Record<(typeof REPORT_FILES)[number], string> {
  return Object.fromEntries(REPORT_FILES.map((name) => [name, renderReportFile(doc, name)])) as Record<
    (typeof REPORT_FILES)[number],
    string
  >;
}

/** The files rendered whole (each small or bounded by the organisation's resources, not its findings' evidence). */
const WHOLE_FILES = ['report.html', 'findings.csv', 'coverage.csv', 'compliance.csv'] as const;

/**
 * Writes the dated copy and the latest copy file by file: each file is rendered once, written to the dated prefix
 * and then to `latest/`, and dropped before the next is rendered, so at most one rendered file is held at a time.
 * The ASFF and OCSF arrays are written item by item into parts under `budget.partBytes` (one file when they fit,
 * ./report-parts.ts), and report.json is one file when its lists fit in `budget.inlineBytes`, else an index of JSON
 * Lines parts (./report-index.ts): no string of the whole organisation is ever built.
 * report.json comes last (dated, then latest): when `latest/report.json` is replaced every file of the run exists
 * twice, and the dated report.json exists before it names the dated prefix. Returns the keys written in order.
 * @param latest false to write only the dated copy (e.g. a back-fill that must not move `latest`)
 */
export async function writeReport(
  store: ReportStore,
  doc: ReportDoc,
  prefix: string,
  latest = true,
  budget: PartBudget = DEFAULT_BUDGET,
): Promise<string[]> {
  const bases = latest ? [prefix, LATEST_PREFIX] : [prefix];
  const files: string[] = [];
  for (const name of WHOLE_FILES) {
    const body = renderReportFile(doc, name);
    for (const base of bases) await store.put(`${base}${name}`, body, CONTENT_TYPES[name]);
    files.push(name);
  }
  const ctx = doc.securityHub ? asffContextOf(doc.securityHub) : assumedImporter(doc);
  files.push(
    ...(await writeArrayParts(
      store,
      bases,
      'findings.asff.json',
      mapIter(asffFindingsOf(doc, ctx), prettyItem),
      budget.partBytes,
    )),
  );
  files.push(
    ...(await writeArrayParts(
      store,
      bases,
      'findings.ocsf.json',
      mapIter(ocsfFindingsOf(doc, doc.securityHub?.reportLink), prettyItem),
      budget.partBytes,
    )),
  );
  let body: string;
  if (fitsInline(doc, budget.inlineBytes)) {
    files.push('report.json');
    body = `${JSON.stringify(withFiles(doc, files), null, 2)}\n`;
  } else {
    const parts: ReportParts = { findings: [], resolved: [], population: [] };
    for (const list of PARTED_LISTS) {
      parts[list] = await writeLineParts(store, bases, `report.${list}`, jsonLines(doc[list] ?? []), budget.partBytes);
      files.push(...parts[list]);
    }
    files.push('report.json');
    body = `${JSON.stringify(reportIndex(withFiles(doc, files), parts), null, 2)}\n`;
  }
  // INVARIANT: report.json is written last, so each copy's commit point comes after every other file of the run.
  for (const base of bases) await store.put(`${base}report.json`, body, CONTENT_TYPES['report.json']);
  return files.flatMap((f) => bases.map((b) => `${b}${f}`));
}

/** The document naming the files actually written (the parts, when there are any). */
function withFiles(doc: ReportDoc, files: string[]): ReportDoc {
  return doc.location ? { ...doc, location: { ...doc.location, files: [...files] } } : doc;
}

function* mapIter<T, R>(xs: Iterable<T>, f: (x: T) => R): Generator<R> {
  for (const x of xs) yield f(x);
}
