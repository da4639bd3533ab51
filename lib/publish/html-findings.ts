/**
 * The findings part of report.html: filters (every column), a text search, a sortable table drawn by the page's
 * script from the embedded data (html-data.ts), and per-finding details that expand in place.
 */
import { html, type Html } from './html.js';
import { embedJson, STATUSES, type TableData } from './html-data.js';
import { ACCESS_CLASSES } from '../model/finding.js';
import { SEVERITY_ORDER } from '../model/severity.js';

/** A severity badge. */
export function sevBadge(severity: string): Html {
  return html`<span class="sev sev-${severity}">${severity}</span>`;
}

const STATUS_WORDS: Record<(typeof STATUSES)[number], string> = {
  new: 'new',
  changed: 'changed',
  unchanged: 'unchanged',
  'not-checked': 'not checked this run',
  resolved: 'resolved',
};

const COLUMNS: Array<[key: string, label: string]> = [
  ['sev', 'Severity'],
  ['status', 'Change'],
  ['access', 'Access'],
  ['account', 'Account'],
  ['resource', 'Resource'],
  ['principal', 'Principal'],
  ['level', 'Access level'],
];

function filters(): Html {
  return html`<form id="findings-filters" class="filters" role="search">
<label>Search <input type="search" name="q" placeholder="bucket, repository, account, principal…" autocomplete="off"></label>
<label>Severity <select name="sev"><option value="">any</option>${SEVERITY_ORDER.map((s) => html`<option value="${s}">${s}</option>`)}</select></label>
<label>Change <select name="status"><option value="open">open (not resolved)</option><option value="all">all</option>${STATUSES.map((s) => html`<option value="${s}">${STATUS_WORDS[s]}</option>`)}</select></label>
<label>Access <select name="access"><option value="">any</option>${ACCESS_CLASSES.map((a) => html`<option value="${a}">${a}</option>`)}</select></label>
<label>Account <select name="account"><option value="">any</option></select></label>
<label>Access level <select name="level"><option value="">any</option></select></label>
<label>Source <select name="source"><option value="">any</option></select></label>
</form>`;
}

/**
 * The findings section up to its first data block: intro, filters, the count line and the empty table the script
 * draws into from `#report-data` (the first page of rows) and the `script.report-rows` blocks after it (read in the
 * background): data blocks, never run, so the hash CSP is unchanged. The page writes
 * `findingsStart`, the first block, `FIRST_BLOCK_END`, each later block through `rowsBlock`, then `FINDINGS_END`.
 * @param total the report's rows (findings and resolved)
 * @param inline the rows the page holds, when fewer (MAX_PAGE_ROWS): a visible line says so and where the rest are
 */
export function findingsStart(total: number, inline = total): string {
  return html`<section id="findings"><h2>Findings</h2>
<p class="muted">One row per grant. Blocked grants (Block Public Access, resource control policies) are shown with a lower
severity: <strong>high</strong> and <strong>critical</strong> mean exposed today. Open a row for the plain-language summary, what to
do, and the statements as written.</p>
${filters()}
${
  inline < total
    ? html`<p class="warn" data-testid="findings-capped">This page holds the ${inline} most severe of the report's ${total} findings (open first, then resolved); filters and search look at these. Every finding is in findings.csv and report.json.</p>
`
    : ''
}<p id="findings-shown" class="muted" aria-live="polite">${total} findings</p>
<div class="table-wrap"><table id="findings-table">
<thead><tr>${COLUMNS.map(([key, label]) => html`<th data-sort="${key}" scope="col"><button type="button">${label}</button></th>`)}<th scope="col"><span class="sr">Details</span></th></tr></thead>
<tbody id="findings-body"></tbody>
</table></div>
<button type="button" id="findings-more" hidden>Show 200 more</button>
<noscript><p class="warn">The findings table needs JavaScript; every finding is also in findings.csv and report.json.</p></noscript>
<script type="application/json" id="report-data">`.value;
}

/**
 * The most rows a page holds: 50,000 rows are a page of about 8 MB that still opens in a few seconds; beyond, the
 * page would be one nobody can open, and findings.csv and report.json have every row.
 */
export const MAX_PAGE_ROWS = 50_000;

/** The first data block as the page holds it (between `findingsStart` and `FIRST_BLOCK_END`). */
export function firstBlock(block: TableData): string {
  return embedJson(block);
}

/** Closes the first data block. */
export const FIRST_BLOCK_END = '</script>\n';

/** A later data block, as its own non-running script element. */
export function rowsBlock(block: TableData): string {
  return `<script type="application/json" class="report-rows">${embedJson(block)}</script>\n`;
}

/** Closes the findings section. */
export const FINDINGS_END = '\n</section>';
