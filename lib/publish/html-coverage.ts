/**
 * Coverage and policy problems in report.html. Coverage shows what was not read first (a cell not read is not clean),
 * then the full account × region × service matrix folded away, one compact row per account.
 */
import type { CoverageCell } from '../findings/model.js';
import { sevBadge } from './html-findings.js';
import { html, join, rich, type Html } from './html.js';
import type { ReportHead } from './report-stream.js';

const MARK: Record<CoverageCell['status'], string> = { scanned: 'read', partial: 'partly read', gap: 'not read' };

function gapRows(cells: CoverageCell[]): Html {
  return join(
    cells.map(
      (
        x,
      ) => html`<tr class="cov-${x.status}" data-account="${x.account}" data-region="${x.region}" data-service="${x.service}">
<td data-label="Account"><span class="mono">${x.account}</span> ${x.accountName ?? ''}</td><td data-label="Where">${x.service} ${x.region}</td><td data-label="Status">${MARK[x.status]}</td><td data-label="Reason">${rich(x.reason ?? '')}</td></tr>`,
    ),
  );
}

/** The full matrix: one row per account, one column per service × region, each cell read / partly read / not read. */
function matrix(doc: ReportHead): Html {
  const columns = [...new Set(doc.coverage.cells.map((c) => `${c.service} ${c.region}`))];
  const byAccount = new Map<string, { name: string; cells: Map<string, CoverageCell> }>();
  for (const c of doc.coverage.cells) {
    const row = byAccount.get(c.account) ?? { name: c.accountName ?? '', cells: new Map() };
    row.cells.set(`${c.service} ${c.region}`, c);
    byAccount.set(c.account, row);
  }
  const cell = (c: CoverageCell | undefined): Html =>
    c
      ? html`<td class="cov-${c.status}" title="${(c.reason ?? '').replace(/`/g, '')}">${MARK[c.status]}</td>`
      : html`<td>—</td>`;
  return html`<details id="coverage-matrix"><summary>Full coverage matrix (${byAccount.size} accounts × ${columns.length} service-regions)</summary>
<div class="scroll"><table id="coverage-table" class="matrix"><thead><tr><th>Account</th>${columns.map((c) => html`<th>${c}</th>`)}</tr></thead><tbody>
${join([...byAccount].map(([account, row]) => html`<tr><td><span class="mono">${account}</span> ${row.name}</td>${columns.map((col) => cell(row.cells.get(col)))}</tr>`))}
</tbody></table></div></details>`;
}

/** The coverage section: gaps first, then the folded matrix and the run-level gaps. */
export function coverageSection(doc: ReportHead): Html {
  const c = doc.coverage;
  const gaps = c.cells
    .filter((x) => x.status !== 'scanned')
    .sort((a, b) => (a.status === b.status ? 0 : a.status === 'gap' ? -1 : 1));
  return html`<section id="coverage"><h2>Coverage</h2>
<p>${c.counts.gap} not read, ${c.counts.partial} partly read, ${c.counts.scanned} read (account × service × region). A cell that was not read is not clean.</p>
${gaps.length > 0 ? html`<div class="table-wrap"><table id="coverage-gaps" class="cards"><thead><tr><th>Account</th><th>Where</th><th>Status</th><th>Reason</th></tr></thead><tbody>${gapRows(gaps)}</tbody></table></div>` : html`<p>Everything planned was read.</p>`}
${c.runGaps.length > 0 ? html`<h3>Run-level gaps</h3><ul>${join(c.runGaps.map((g) => html`<li>${g.service} ${g.call} (${g.account}, ${g.region}): ${rich(g.error)}</li>`))}</ul>` : ''}
${matrix(doc)}
</section>`;
}

/** What to change for a lint rule, when the rule's own message does not say it. */
const LINT_FIX: Record<string, string> = {
  'action-resource-mismatch':
    'List both the bucket (arn:aws:s3:::bucket) for bucket actions and its objects (arn:aws:s3:::bucket/*) for object actions.',
  'unknown-action': 'Correct the action name: as written it grants nothing.',
  'unique-id-principal': 'The principal was deleted: remove it, or name the new role by ARN.',
};

/** Lint findings and policies that could not be analysed. */
export function lintSection(doc: ReportHead): Html {
  if (doc.lint.length === 0 && doc.inputErrors.length === 0) return html``;
  return html`<section id="lint"><h2>Policy problems</h2>
${
  doc.lint.length > 0
    ? html`<div class="table-wrap"><table class="cards"><thead><tr><th>Severity</th><th>Rule</th><th>Resource</th><th>Problem</th></tr></thead><tbody>
${join(doc.lint.map((l) => html`<tr><td data-label="Severity">${sevBadge(l.severity)}</td><td data-label="Rule">${l.rule}</td><td data-label="Resource" class="mono">${l.resource}</td><td data-label="Problem">${rich(l.message)} <span class="muted">(${l.path})</span>${LINT_FIX[l.rule] ? html`<br>${LINT_FIX[l.rule]}` : ''}</td></tr>`))}</tbody></table></div>`
    : ''
}
${doc.inputErrors.length > 0 ? html`<h3>Not analysed</h3><ul>${join(doc.inputErrors.map((e) => html`<li><span class="mono">${e.input}</span> ${e.path}: ${rich(e.message)}</li>`))}</ul>` : ''}
</section>`;
}
