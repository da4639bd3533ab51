/**
 * `report.html`: one self-contained page an auditor can open offline. Its one inline stylesheet and one inline
 * script are allowed by their sha256 in a Content-Security-Policy whose default is `'none'`: the page loads nothing
 * from the network, and no other script (a `<script>` that slipped into policy text) could run.
 *
 * Written as it goes (issue 21): `renderHtmlTo` reads the report's lists twice, first for what the sections above
 * the table need (bounded: ./html-page-digest.ts), then row by row into the table's data blocks, and never holds the
 * page or the findings of the whole organisation. `renderHtml` writes the same bytes for a report held whole.
 */
import { createHash } from 'node:crypto';
import { coverageSection, lintSection } from './html-coverage.js';
import { BlockBuilder } from './html-blocks.js';
import { criticalWritersSection } from './html-critical-writers.js';
import { accountNames } from './html-data.js';
import { FINDINGS_END, FIRST_BLOCK_END, findingsStart, firstBlock, MAX_PAGE_ROWS, rowsBlock } from './html-findings.js';
import { PageDigest } from './html-page-digest.js';
import { REPORT_SCRIPT } from './html-script.js';
import { changesSection, headerSection, summarySection, suppressionsSection } from './html-sections.js';
import { REPORT_CSS } from './html-style.js';
import { Html, html } from './html.js';
import { complianceSectionOf } from './render-compliance-html.js';
import { headOf, type ReportHead, type ReportLists, type TextSink } from './report-stream.js';
import { securityHubSection } from './securityhub-delivery.js';
import { bufferedSink } from './text-sink.js';
import type { ReportDoc } from './types.js';

/** `'sha256-…'` of an inline element's exact text, as CSP compares it. */
export function cspHash(text: string): string {
  return `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;
}

/** The page's Content-Security-Policy: nothing but its own inline style and script. */
export function reportCsp(): string {
  return [
    "default-src 'none'",
    `style-src ${cspHash(REPORT_CSS)}`,
    `script-src ${cspHash(REPORT_SCRIPT)}`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

/**
 * The sections between the summary and the findings table, each built from the head and what the first pass over
 * the lists gathered. A new section of the page's head part (e.g. new writers to critical resources) is one more
 * entry here, from a function in its own file.
 */
function headSections(head: ReportHead, digest: PageDigest): Array<Html | ''> {
  return [criticalWritersSection(head), summarySection(head), changesSection(head, digest.changes)];
}

/** The page up to the findings table's first data block. */
function pageStart(head: ReportHead, digest: PageDigest, maxRows: number): string {
  return html`<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${reportCsp()}">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="report-schema-version" content="${head.schemaVersion}">
<title>Access report ${head.runId}</title>
<style>${new Html(REPORT_CSS)}</style>
</head>
<body>
${headerSection(head)}
<main>
${headSections(head, digest).map((section) => html`${section}\n`)}${new Html(findingsStart(digest.total, Math.min(digest.total, maxRows)))}`
    .value;
}

/** The page after the findings section. */
function pageEnd(head: ReportHead, digest: PageDigest): string {
  return html`
${suppressionsSection(head)}
${coverageSection(head)}
${complianceSectionOf(head, digest.complianceRows(head))}
${securityHubSection(head)}
${lintSection(head)}
</main>
<script>${new Html(REPORT_SCRIPT)}</script>
</body>
</html>
`.value;
}

/**
 * Writes the report page to `sink` and ends it. A section must not use inline `style` attributes, inline event
 * handlers or scripts: the page's CSP allows only the stylesheet and script above. `hasPopulation`: whether the
 * report has a population even when it is empty (one the publish step built always has; by default, when an entry
 * came), so an organisation with nothing read shows its empty compliance view, as `renderHtml` does.
 */
export async function renderHtmlTo(
  head: ReportHead,
  lists: ReportLists,
  sink: TextSink,
  maxRows = MAX_PAGE_ROWS,
  hasPopulation?: boolean,
): Promise<void> {
  const digest = new PageDigest(hasPopulation);
  for await (const f of lists.findings()) digest.finding(f);
  for await (const f of lists.resolved()) digest.resolved(f);
  for await (const p of lists.population()) digest.population(p);
  const out = bufferedSink(sink);
  await out.write(pageStart(head, digest, maxRows));
  const blocks = new BlockBuilder(accountNames(head), digest.counts());
  let first = true;
  const write = async (block: ReturnType<BlockBuilder['add']>): Promise<void> => {
    if (!block) return;
    await out.write(first ? firstBlock(block) + FIRST_BLOCK_END : rowsBlock(block));
    first = false;
  };
  let rows = 0;
  // INVARIANT: the rows come in report order, so a capped page holds the most severe; the line above says how many.
  for (const list of [lists.findings(), lists.resolved()])
    for await (const f of list) {
      if (rows++ >= maxRows) break;
      await write(blocks.add(f));
    }
  await write(blocks.finish());
  await out.write(FINDINGS_END);
  await out.write(pageEnd(head, digest));
  await out.end();
}

/** Renders the whole report page of a report held whole (the same bytes as `renderHtmlTo`). */
export function renderHtml(doc: ReportDoc, maxRows = MAX_PAGE_ROWS): string {
  const head = headOf(doc);
  const digest = new PageDigest(doc.population !== undefined);
  for (const f of doc.findings) digest.finding(f);
  for (const f of doc.resolved) digest.resolved(f);
  for (const p of doc.population ?? []) digest.population(p);
  const parts = [pageStart(head, digest, maxRows)];
  const blocks = new BlockBuilder(accountNames(head), digest.counts());
  for (const f of [...doc.findings, ...doc.resolved].slice(0, maxRows)) {
    const block = blocks.add(f);
    if (block) parts.push(parts.length === 1 ? firstBlock(block) + FIRST_BLOCK_END : rowsBlock(block));
  }
  const last = blocks.finish();
  if (last) parts.push(parts.length === 1 ? firstBlock(last) + FIRST_BLOCK_END : rowsBlock(last));
  parts.push(FINDINGS_END, pageEnd(head, digest));
  return parts.join('');
}
