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
import { asffFindingsFrom, renderAsffJson } from './asff-plan.js';
import { renderComplianceCsv, renderComplianceCsvTo } from './render-compliance.js';
import { renderCoverageCsv, renderCoverageCsvTo, renderCsv, renderCsvTo } from './render-csv.js';
import { MAX_PAGE_ROWS } from './html-findings.js';
import { renderHtml, renderHtmlTo } from './render-html.js';
import { ocsfFindingsFrom, renderOcsfJson } from './render-ocsf.js';
import { PARTED_LISTS, PARTED_SCHEMA_VERSION, type ReportParts } from './report-index.js';
import { reportJsonFits, writeInlineReport } from './report-json-stream.js';
import { DEFAULT_BUDGET, prettyItem, writeArrayParts, writeLineParts, type PartBudget } from './report-parts.js';
import { headOf, listsOf, type ReportHead, type ReportLists, type TextSink } from './report-stream.js';
import { asffContextOf } from './securityhub-delivery.js';
import { assumedImporter } from './securityhub-step.js';
import { objectSink } from './store-stream.js';
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

/** Renders one file of a report held whole (pure): the reference the streamed writer is tested against. */
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

/** The files streamed whole to their keys (each rendered once, chunk by chunk), and their renderers. */
const STREAMED_FILES: ReadonlyArray<
  readonly [(typeof REPORT_FILES)[number], (head: ReportHead, lists: ReportLists, sink: TextSink) => Promise<void>]
> = [
  // INVARIANT: a report the publish step built always has a population (./build-report.ts), empty or not.
  ['report.html', (head, lists, sink) => renderHtmlTo(head, lists, sink, MAX_PAGE_ROWS, true)],
  ['findings.csv', renderCsvTo],
  ['coverage.csv', renderCoverageCsvTo],
  ['compliance.csv', renderComplianceCsvTo],
];

async function* mapAsync<T, R>(xs: AsyncIterable<T>, f: (x: T) => R): AsyncGenerator<R> {
  for await (const x of xs) yield f(x);
}

async function* jsonLinesOf(items: AsyncIterable<unknown>): AsyncGenerator<string> {
  for await (const item of items) yield JSON.stringify(item);
}

/**
 * Writes the dated copy and the latest copy file by file. Each file is rendered once, from the head and the streamed
 * lists, into a tee (./store-stream.ts `objectSink`): its chunks go to the dated key and the latest key as they are
 * rendered (two `putStream`s), so no file is held whole and none is rendered twice; a store without `putStream`
 * gets the file's text joined and `put` to each key, as before. A copy of the dated object would need to read it
 * back (the store has no copy), so it is a tee. The dated object is completed before the latest one.
 * The ASFF and OCSF arrays are written item by item into parts under `budget.partBytes` (one file when they fit,
 * ./report-parts.ts), and report.json is one file, streamed, when its lists fit in `budget.inlineBytes`, else an
 * index of JSON Lines parts (./report-index.ts): no string of the whole organisation is ever built.
 * report.json comes last (dated, then latest): when `latest/report.json` is replaced every file of the run exists
 * twice, and the dated report.json exists before it names the dated prefix. Returns the keys written in order.
 * @param latest false to write only the dated copy (e.g. a back-fill that must not move `latest`)
 */
export async function writeReport(
  store: ReportStore,
  head: ReportHead,
  lists: ReportLists,
  prefix: string,
  latest = true,
  budget: PartBudget = DEFAULT_BUDGET,
): Promise<string[]> {
  const bases = latest ? [prefix, LATEST_PREFIX] : [prefix];
  const files: string[] = [];
  const sinkOf = (name: string, type: string): ReturnType<typeof objectSink> =>
    objectSink(
      store,
      bases.map((b) => `${b}${name}`),
      type,
    );
  for (const [name, render] of STREAMED_FILES) {
    await renderInto(sinkOf(name, CONTENT_TYPES[name]), (sink) => render(head, lists, sink));
    files.push(name);
  }
  const ctx = head.securityHub ? asffContextOf(head.securityHub) : assumedImporter(head);
  files.push(
    ...(await writeArrayParts(
      store,
      bases,
      'findings.asff.json',
      mapAsync(asffFindingsFrom(head, lists, ctx), prettyItem),
      budget.partBytes,
    )),
  );
  files.push(
    ...(await writeArrayParts(
      store,
      bases,
      'findings.ocsf.json',
      mapAsync(ocsfFindingsFrom(head, lists, head.securityHub?.reportLink), prettyItem),
      budget.partBytes,
    )),
  );
  let body: (sink: TextSink) => Promise<void>;
  if (await reportJsonFits(lists, budget.inlineBytes)) {
    files.push('report.json');
    const inline = withFiles(head, files);
    body = (sink) => writeInlineReport(inline, lists, sink);
  } else {
    const parts: ReportParts = { findings: [], resolved: [], population: [] };
    for (const list of PARTED_LISTS) {
      parts[list] = await writeLineParts(store, bases, `report.${list}`, jsonLinesOf(lists[list]()), budget.partBytes);
      files.push(...parts[list]);
    }
    files.push('report.json');
    const index = { ...withFiles(head, files), schemaVersion: PARTED_SCHEMA_VERSION, parts };
    body = async (sink) => {
      await sink.write(`${JSON.stringify(index, null, 2)}\n`);
      await sink.end();
    };
  }
  await renderInto(sinkOf('report.json', CONTENT_TYPES['report.json']), body);
  // INVARIANT: report.json is written last, so each copy's commit point comes after every other file of the run.
  return files.flatMap((f) => bases.map((b) => `${b}${f}`));
}

/** Renders into a tee; a renderer that fails (a list that cannot be read) leaves none of its objects written. */
async function renderInto(
  sink: ReturnType<typeof objectSink>,
  render: (sink: TextSink) => Promise<void>,
): Promise<void> {
  try {
    await render(sink);
  } catch (err) {
    await sink.abort(err);
    throw err;
  }
}

/** `writeReport` of a report held whole (tests and small reports). */
export function writeReportDoc(
  store: ReportStore,
  doc: ReportDoc,
  prefix: string,
  latest = true,
  budget: PartBudget = DEFAULT_BUDGET,
): Promise<string[]> {
  return writeReport(store, headOf(doc), listsOf(doc), prefix, latest, budget);
}

/** The head naming the files actually written (the parts, when there are any). */
function withFiles(head: ReportHead, files: string[]): ReportHead {
  return head.location ? { ...head, location: { ...head.location, files: [...files] } } : head;
}
