/**
 * The compliance section of report.html (pure): what was checked and how it came out, per check and resource
 * type, the rows that fail or could not be checked, and the framework controls each check maps to. Returns an HTML
 * fragment built with the escaping template of ./html.ts (every value escaped, no script, no event handler). The
 * sources of the control mappings are shown as text, not links: the page never points the browser anywhere.
 */
import { CHECK_IDS, CHECKS } from './compliance-controls.js';
import { html, join, type Html } from './html.js';
import type { PopulationEntry } from './population.js';
import { complianceRows, type ComplianceRow, type ComplianceStatus } from './render-compliance.js';
import type { ReportDoc } from './types.js';

/** Rows listed in the page; the rest are in compliance.csv. */
export const MAX_COMPLIANCE_ROWS = 200;

const STATUSES: ComplianceStatus[] = ['PASS', 'FAIL', 'NOT_CHECKED'];
const KINDS: Array<[PopulationEntry['type'], string]> = [
  ['s3-bucket', 'buckets'],
  ['ecr-repository', 'repositories'],
  ['ecr-registry', 'ECR registries (account × region)'],
  ['s3-access-point', 'access points'],
  ['s3-multi-region-access-point', 'Multi-Region Access Points'],
];

/** Finding ids are 64 hex digits: the page shows the first 12 (the link and compliance.csv keep the whole id). */
function short(id: string): string {
  return /^[0-9a-f]{64}$/.test(id) ? `${id.slice(0, 12)}…` : id;
}

function shortIds(text: string): string {
  return text.replace(/\b([0-9a-f]{12})[0-9a-f]{52}\b/g, '$1…');
}

function count(rows: ComplianceRow[], pick: (r: ComplianceRow) => boolean): number {
  return rows.filter(pick).length;
}

/** "All 3 buckets and 6 repositories were read; 2 fail" in numbers an auditor can quote. */
function populationLine(rows: ComplianceRow[]): Html {
  const firstCheck = rows.filter((r) => r.check === CHECK_IDS[0]);
  const parts = KINDS.flatMap(([type, label]) => {
    const all = firstCheck.filter((r) => r.resourceType === type);
    if (all.length === 0 && type.startsWith('s3-') && type !== 's3-bucket') return [];
    const unread = all.filter((r) => r.status === 'NOT_CHECKED').length;
    return `${all.length} ${label}${unread > 0 ? ` (${unread} not fully read)` : ''}`;
  });
  const failing = new Set(rows.filter((r) => r.status === 'FAIL').map((r) => r.resource)).size;
  const scopes = firstCheck.filter((r) => r.resourceType === 'ecr-region' || r.resourceType === 's3-buckets').length;
  return html`<p data-testid="compliance-population">Read this run: ${parts.join(', ')}; ${failing} resource${failing === 1 ? '' : 's'} fail at least one check.
${scopes > 0 ? html`<strong>${scopes} scope${scopes === 1 ? ' was' : 's were'} not read at all</strong> (rows <code>NOT_CHECKED</code> below): nothing there counts as passing.` : ''}</p>`;
}

function countsTable(rows: ComplianceRow[]): Html {
  const body = CHECK_IDS.map((check) => {
    const mine = rows.filter((r) => r.check === check);
    return html`<tr><td>${CHECKS[check].title} <code>${check}</code></td>${join(STATUSES.map((s) => html`<td class="num" data-testid="compliance-${check}-${s}">${count(mine, (r) => r.status === s)}</td>`))}</tr>`;
  });
  return html`<div class="scroll"><table id="compliance-counts"><thead><tr><th>Check</th>${join(STATUSES.map((s) => html`<th>${s}</th>`))}</tr></thead><tbody>${join(body)}</tbody></table></div>`;
}

function rowsTable(rows: ComplianceRow[]): Html {
  const shown = rows.filter((r) => r.status !== 'PASS');
  if (shown.length === 0) return html`<p>Every resource read passes every check.</p>`;
  const body = shown.slice(0, MAX_COMPLIANCE_ROWS).map(
    (
      r,
    ) => html`<tr class="${r.status === 'FAIL' ? 'compliance-fail' : 'cov-partial'}"><td data-label="Status">${r.status === 'FAIL' ? html`<strong class="sev sev-high">FAIL</strong>` : r.status}</td><td data-label="Check">${r.check}</td><td data-label="Account">${r.account}${r.accountName ? ` ${r.accountName}` : ''}</td><td data-label="Region">${r.region}</td><td data-label="Resource"><code>${r.resource}</code></td>
<td data-label="Evidence">${r.evidence.length > 0 ? join(r.evidence.map((id) => (id.startsWith('lint:') ? html`<code>${id}</code> ` : html`<a href="#finding-${id}" title="${id}"><code>${short(id)}</code></a> `))) : r.reason}${r.note ? html`<div class="muted">${shortIds(r.note)}</div>` : ''}</td></tr>`,
  );
  const more = shown.length - body.length;
  return html`<table id="compliance-rows" class="cards"><thead><tr><th>Status</th><th>Check</th><th>Account</th><th>Region</th><th>Resource</th><th>Evidence or reason</th></tr></thead><tbody>${join(body)}</tbody></table>
${more > 0 ? html`<p class="muted">and ${more} more rows in compliance.csv</p>` : ''}`;
}

function controlsTable(): Html {
  const body = CHECK_IDS.flatMap((check) => {
    const controls = CHECKS[check].controls;
    if (controls.length === 0)
      return [
        html`<tr><td data-label="Check"><code>${check}</code></td><td colspan="4" class="muted">no framework control covers it; reported for the policy owner</td></tr>`,
      ];
    return controls.map(
      (c) =>
        html`<tr><td data-label="Check"><code>${check}</code></td><td data-label="Framework">${c.framework}</td><td data-label="Control">${c.control}: ${c.title}</td><td data-label="Coverage">${c.coverage}</td><td data-label="Source"><code>${c.source}</code></td></tr>`,
    );
  });
  return html`<table id="compliance-controls" class="cards"><thead><tr><th>Check</th><th>Framework</th><th>Control</th><th>Coverage</th><th>Source</th></tr></thead><tbody>${join(body)}</tbody></table>`;
}

/** The compliance section: population, counts per check, FAIL / NOT_CHECKED rows, control mappings. */
export function complianceSection(doc: ReportDoc): Html {
  return complianceSectionOf(doc, doc.population ? complianceRows(doc) : null);
}

/**
 * The compliance section from its rows (./render-compliance.ts `complianceRowsOf`); null rows: the report has no
 * population (an older report).
 */
export function complianceSectionOf(doc: Pick<ReportDoc, 'runId' | 'generatedAt'>, rows: ComplianceRow[] | null): Html {
  if (!rows)
    return html`<section id="compliance"><h2>Compliance</h2><p class="muted">This report has no population of resources read.</p></section>`;
  return html`<section id="compliance"><h2>Compliance: what was checked</h2>
${populationLine(rows)}
${countsTable(rows)}
<h3>Failing and not checked</h3>
${rowsTable(rows)}
<h3>Controls</h3>
${controlsTable()}
<p class="muted">One row per resource and check in compliance.csv (run ${doc.runId}, ${doc.generatedAt}).</p>
</section>`;
}
