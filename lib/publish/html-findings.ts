/**
 * The findings part of report.html: filters (every column), a text search, a sortable table drawn by the page's
 * script from the embedded data (html-data.ts), and per-finding details that expand in place.
 */
import { Html, html } from './html.js';
import { embedJson, STATUSES, tableBlocks } from './html-data.js';
import { ACCESS_CLASSES } from '../model/finding.js';
import type { ReportDoc } from './types.js';
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
 * The findings section; the table body is drawn by the script from `#report-data` (the first page of rows) and the
 * `script.report-rows` blocks after it (read in the background): data blocks, never run, so the hash CSP is unchanged.
 */
export function findingsSection(doc: ReportDoc): Html {
  const [first, ...rest] = tableBlocks(doc);
  return html`<section id="findings"><h2>Findings</h2>
<p class="muted">One row per grant. Blocked grants (Block Public Access, resource control policies) are shown with a lower
severity: <strong>high</strong> and <strong>critical</strong> mean exposed today. Open a row for the plain-language summary, what to
do, and the statements as written.</p>
${filters()}
<p id="findings-shown" class="muted" aria-live="polite">${first.total} findings</p>
<div class="table-wrap"><table id="findings-table">
<thead><tr>${COLUMNS.map(([key, label]) => html`<th data-sort="${key}" scope="col"><button type="button">${label}</button></th>`)}<th scope="col"><span class="sr">Details</span></th></tr></thead>
<tbody id="findings-body"></tbody>
</table></div>
<button type="button" id="findings-more" hidden>Show 200 more</button>
<noscript><p class="warn">The findings table needs JavaScript; every finding is also in findings.csv and report.json.</p></noscript>
<script type="application/json" id="report-data">${new Html(embedJson(first))}</script>
${rest.map(
  (block) => html`<script type="application/json" class="report-rows">${new Html(embedJson(block))}</script>
`,
)}
</section>`;
}
