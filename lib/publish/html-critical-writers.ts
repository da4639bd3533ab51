/**
 * report.html's "New writers to critical resources" section (issue 22), near the top of the page: the roles and
 * users that became able to push, write or manage a resource marked critical since the previous run, with why the
 * resource is critical and the statements that grant it; the writers to resources whose marking is not known; the
 * listed resources not read; and, first and loud, a run whose access matrix was not built (its writers are not
 * known, which is never "none"). The same facts lead the Slack message (./critical-writers-text.ts). The matrix is
 * what the roles' sessions can do at most: a session policy can only narrow a session and is not known at scan time.
 */
import type { CriticalWriters } from '../analyze/effective/critical.js';
import { html, join, type Html } from './html.js';
import type { ReportCriticalWriter, ReportCriticalWriters, ReportDoc } from './types.js';

/** The critical writers as report.json keeps them: the rows without their witness requests. */
export function reportCriticalWriters(c: CriticalWriters): ReportCriticalWriters {
  const slim = (list: CriticalWriters['critical']): ReportCriticalWriter[] =>
    list.map((w) => ({
      resource: w.row.resource,
      level: w.row.level,
      principal: w.row.principal,
      principalKind: w.row.principalKind,
      principalAccount: w.row.principalAccount,
      statements: w.row.statements,
      conditions: w.row.conditions,
      kind: w.kind,
      why: w.why,
    }));
  return {
    critical: slim(c.critical),
    unknown: slim(c.unknown),
    notRead: c.notRead,
    ...(c.notBuilt !== undefined ? { notBuilt: c.notBuilt } : {}),
  };
}

/** "role ci-legacy" from its ARN (the account is its own column). */
function whoOf(w: ReportCriticalWriter): string {
  // A class of root users (lib/analyze/effective/root-groups.ts): its accounts are listed in access-matrix.csv.
  if (w.principal.startsWith('root-users:')) return 'the root users of a class of accounts';
  if (w.principalKind === 'root') return 'the root user';
  const name = w.principal.slice(w.principal.lastIndexOf('/') + 1);
  return `${w.principalKind} ${name}`;
}

function rowsOf(list: ReportCriticalWriter[]): Html {
  return html`<table class="cards"><thead><tr><th>Who</th><th>Account</th><th>Can now</th><th>Resource</th><th>Why critical</th><th>Granted by</th><th>Conditions</th></tr></thead><tbody>
${join(
  list.map(
    (w) =>
      html`<tr data-testid="critical-writer"><td data-label="Who" title="${w.principal}">${whoOf(w)}</td><td data-label="Account" class="mono">${w.principalAccount}</td><td data-label="Can now">${w.level}${w.kind === 'unknown-before' ? ' (not known before: the previous run had a gap here)' : ''}</td><td data-label="Resource" class="mono">${w.resource}</td><td data-label="Why critical">${w.why}</td><td data-label="Granted by">${w.statements.join(', ') || 'n/a'}</td><td data-label="Conditions">${w.conditions.join('; ') || 'none'}</td></tr>`,
  ),
)}
</tbody></table>`;
}

/** The section; empty when the run marks nothing critical and its matrix was not expected. */
export function criticalWritersSection(doc: Pick<ReportDoc, 'criticalWriters' | 'previous'>): Html | '' {
  const c = doc.criticalWriters;
  if (!c) return '';
  const nothingNew = c.critical.length === 0 && c.unknown.length === 0;
  return html`<section id="critical-writers"><h2>New writers to critical resources</h2>
${c.notBuilt !== undefined ? html`<p class="warn" role="alert" data-testid="matrix-not-built"><strong>The access matrix was not built this run, so new writers to critical resources are not known:</strong> ${c.notBuilt}</p>` : ''}
${c.critical.length > 0 ? rowsOf(c.critical) : ''}
${c.unknown.length > 0 ? html`<p>New writers to resources that may be critical (their tags could not be read):</p>${rowsOf(c.unknown)}` : ''}
${c.notRead.length > 0 ? html`<p class="warn" data-testid="critical-not-read"><strong>Critical resources not read this run (their writers are not known):</strong> <span class="mono">${c.notRead.join(', ')}</span></p>` : ''}
${nothingNew && c.notBuilt === undefined ? html`<p data-testid="no-critical-writer">No new writer to a critical resource ${doc.previous ? html`since run <span class="mono">${doc.previous.runId}</span>` : '(first run: nothing to compare with)'}.</p>` : ''}
<p>Who can write to every repository and bucket: <span class="mono">access-matrix.html</span> in the run's folder. A role stands for all its sessions: a session policy can only narrow a session and is not known when the organisation is scanned.</p>
</section>`;
}
