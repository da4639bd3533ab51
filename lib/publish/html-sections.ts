/**
 * The summary, change, suppression, coverage and lint sections of report.html.
 */
import type { ReportFinding } from '../findings/model.js';
import { expiryInstant } from '../findings/suppressions-apply.js';
import { sevBadge } from './html-findings.js';
import { html, join, type Html } from './html.js';
import { SEVERITY_ORDER } from '../model/severity.js';
import { ACCESS_CLASSES, type ReportDoc } from './types.js';

/** Counts by severity (open, and new) and by access class. */
export function summarySection(doc: ReportDoc): Html {
  const s = doc.summary;
  return html`<section id="summary"><h2>Summary</h2>
<table id="severity-counts"><thead><tr><th>Severity</th><th>Open</th><th>New this run</th></tr></thead><tbody>
${join(SEVERITY_ORDER.map((sev) => html`<tr data-severity="${sev}"><td>${sevBadge(sev)}</td><td class="num" data-testid="count-${sev}">${s.bySeverity[sev]}</td><td class="num" data-testid="new-${sev}">${s.newBySeverity[sev]}</td></tr>`))}
</tbody></table>
<table id="access-counts"><thead><tr><th>Access class</th><th>Open</th></tr></thead><tbody>
${join(ACCESS_CLASSES.map((a) => html`<tr><td>${a}</td><td class="num" data-testid="access-${a}">${s.byAccess[a]}</td></tr>`))}
</tbody></table>
<p>${s.open} open findings; ${s.byStatus.new} new, ${s.byStatus.changed} changed, ${s.byStatus.resolved} resolved,
${s.byStatus['not-checked']} not checked this run; ${s.suppressed} suppressed. Accounts: ${s.accounts.total}
(${s.accounts.fullyScanned} fully scanned, ${s.accounts.withGaps} with coverage gaps).</p>
</section>`;
}

function changeRow(f: ReportFinding, detail: Html | string): Html {
  return html`<tr><td>${sevBadge(f.severity)}</td><td>${f.status}${f.suppressedBy ? html` (suppressed by <code>${f.suppressedBy.ruleId}</code>)` : ''}</td><td><a href="#finding-${f.id}"><code>${f.resource.arn}</code></a></td>
<td><code>${f.principal.value}</code></td><td>${f.access}</td><td>${detail}</td></tr>`;
}

/** What changed since the previous run: new, changed, resolved and not-checked findings. */
export function changesSection(doc: ReportDoc): Html {
  const since = doc.previous ? html`since run <code>${doc.previous.runId}</code> (${doc.previous.generatedAt})` : 'first run: every finding is new';
  const rows = [
    ...doc.findings.filter((f) => f.status === 'new').map((f) => changeRow(f, f.actions.join(', '))),
    ...doc.findings.filter((f) => f.status === 'changed').map((f) => changeRow(f, join((f.changes ?? []).map((c) => html`<div>${c.field}: ${c.before.join(', ') || '—'} → ${c.after.join(', ') || '—'}</div>`)))),
    ...doc.resolved.map((f) => html`<tr><td>${sevBadge(f.severity)}</td><td>resolved</td><td><code>${f.resource.arn}</code></td><td><code>${f.principal.value}</code></td><td>${f.access}</td><td>last seen ${f.lastSeen}</td></tr>`),
    ...doc.findings.filter((f) => f.status === 'not-checked').map((f) => changeRow(f, f.notCheckedReason ?? '')),
  ];
  return html`<section id="changes"><h2>Changes ${since}</h2>
${doc.previousProblem ? html`<p class="warn">The previous report could not be used: ${doc.previousProblem}</p>` : ''}
${rows.length === 0 ? html`<p>Nothing changed.</p>` : html`<table><thead><tr><th>Severity</th><th>Change</th><th>Resource</th><th>Principal</th><th>Access</th><th>Detail</th></tr></thead><tbody>${join(rows)}</tbody></table>`}
</section>`;
}

/** ` (in N days)` when a rule expires within 30 days of the run, so its owner renews or drops it in time. */
function soon(expires: string, now: string): string {
  const days = Math.ceil((expiryInstant(expires) - Date.parse(now)) / 86_400_000);
  return days <= 30 ? ` (in ${days} day${days === 1 ? '' : 's'})` : '';
}

/** Suppression rules, their owners and expiries; a malformed file is shown as such. */
export function suppressionsSection(doc: ReportDoc): Html {
  const s = doc.suppressions;
  if (s.status === 'none') return html`<section id="suppressions"><h2>Suppressions</h2><p>No suppressions file.</p></section>`;
  if (s.status === 'error') {
    return html`<section id="suppressions" class="warn"><h2>Suppressions</h2>
<p>The suppressions file is malformed, so every finding is reported unsuppressed:</p>
<ul>${join(s.errors.map((e) => html`<li><code>${e.path || '(file)'}</code>: ${e.message}</li>`))}</ul></section>`;
  }
  return html`<section id="suppressions"><h2>Suppressions</h2>
<table><thead><tr><th>Rule</th><th>Status</th><th>Expires</th><th>Owner</th><th>Reason</th><th>Matched</th></tr></thead><tbody>
${join(s.rules.map((r) => html`<tr class="${r.status === 'expired' ? 'warn' : ''}"><td><code>${r.id}</code></td><td>${r.status === 'expired' ? 'expired: no longer suppresses' : 'active'}</td>
<td>${r.expires}${r.status === 'active' ? soon(r.expires, doc.generatedAt) : ''}</td><td>${r.owner}</td><td>${r.reason}</td><td class="num">${r.matched}</td></tr>`))}
</tbody></table></section>`;
}

/** The coverage table: what was read, partly read, or not read at all. */
export function coverageSection(doc: ReportDoc): Html {
  const c = doc.coverage;
  return html`<section id="coverage"><h2>Coverage</h2>
<p>${c.counts.scanned} scanned, ${c.counts.partial} partial, ${c.counts.gap} not read. A cell that was not read is not clean.</p>
<table id="coverage-table"><thead><tr><th>Account</th><th>Name</th><th>Region</th><th>Service</th><th>Status</th><th>Reason</th></tr></thead><tbody>
${join(c.cells.map((x) => html`<tr class="cov-${x.status}" data-account="${x.account}" data-region="${x.region}" data-service="${x.service}"><td><code>${x.account}</code></td><td>${x.accountName ?? ''}</td><td>${x.region}</td><td>${x.service}</td><td>${x.status}</td><td>${x.reason ?? ''}</td></tr>`))}
</tbody></table>
${c.runGaps.length > 0 ? html`<h3>Run-level gaps</h3><ul>${join(c.runGaps.map((g) => html`<li>${g.service} ${g.call} (${g.account}, ${g.region}): ${g.error}</li>`))}</ul>` : ''}
</section>`;
}

/** Lint findings and policies that could not be analysed. */
export function lintSection(doc: ReportDoc): Html {
  if (doc.lint.length === 0 && doc.inputErrors.length === 0) return html``;
  return html`<section id="lint"><h2>Policy problems</h2>
${doc.lint.length > 0 ? html`<table><thead><tr><th>Severity</th><th>Rule</th><th>Resource</th><th>Where</th><th>Message</th></tr></thead><tbody>
${join(doc.lint.map((l) => html`<tr><td>${sevBadge(l.severity)}</td><td>${l.rule}</td><td><code>${l.resource}</code></td><td><code>${l.path}</code></td><td>${l.message}</td></tr>`))}</tbody></table>` : ''}
${doc.inputErrors.length > 0 ? html`<h3>Not analysed</h3><ul>${join(doc.inputErrors.map((e) => html`<li><code>${e.input}</code> ${e.path}: ${e.message}</li>`))}</ul>` : ''}
</section>`;
}
