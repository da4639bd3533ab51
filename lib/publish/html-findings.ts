/**
 * The findings part of report.html: grouped by account, then resource; each finding with the statements that
 * cause it, its conditions, what may restrict it, and the witness request (the evidence an auditor replays).
 */
import { conditionText } from '../findings/diff.js';
import type { ReportFinding } from '../findings/model.js';
import { html, join, type Html } from './html.js';
import type { ReportDoc } from './types.js';

/** A severity badge. */
export function sevBadge(severity: string): Html {
  return html`<span class="sev sev-${severity}">${severity}</span>`;
}

function list(items: string[]): Html | string {
  return items.length === 0 ? '—' : join(items.map((i) => html`<code>${i}</code> `));
}

/** One finding as an article; `id="finding-<id>"` lets the change list link to it. */
export function findingCard(f: ReportFinding): Html {
  const classes = `finding ${f.severity}${f.suppressedBy ? ' suppressed' : ''}`;
  const witness = JSON.stringify(f.witness, null, 2);
  return html`<article class="${classes}" id="finding-${f.id}" data-finding-id="${f.id}">
<div>${sevBadge(f.severity)} <span class="status">${f.status}</span> <strong>${f.access}</strong> access by <code>${f.principal.value}</code>
${f.principal.account ? html` (account <code>${f.principal.account}</code>)` : ''} via ${f.source}</div>
<dl>
${f.bucketArn ? html`<dt>Through access point to</dt><dd><code>${f.bucketArn}</code></dd>` : ''}
<dt>Principal class</dt><dd>${f.principal.class}</dd>
<dt>Actions</dt><dd>${list(f.actions)}</dd>
<dt>Access levels</dt><dd>${f.accessLevels.join(', ') || '—'}</dd>
<dt>Statements</dt><dd class="statements">${list(f.statements)}</dd>
<dt>Conditions</dt><dd>${list(f.conditions.map(conditionText))}</dd>
<dt>May be restricted by</dt><dd>${list(f.mayBeRestrictedBy)}</dd>
<dt>Mitigations</dt><dd>${list(f.mitigations)}</dd>
<dt>First / last seen</dt><dd>${f.firstSeen} / ${f.lastSeen}</dd>
${f.changes ? html`<dt>Changed</dt><dd>${join(f.changes.map((c) => html`<div>${c.field}: <code>${c.before.join(', ') || '—'}</code> → <code>${c.after.join(', ') || '—'}</code></div>`))}</dd>` : ''}
${f.notCheckedReason ? html`<dt>Not checked</dt><dd>${f.notCheckedReason}</dd>` : ''}
${f.suppressedBy ? html`<dt>Suppressed by</dt><dd>rule <code>${f.suppressedBy.ruleId}</code> (${f.suppressedBy.owner}, expires ${f.suppressedBy.expires}): ${f.suppressedBy.reason}</dd>` : ''}
${f.notes && f.notes.length > 0 ? html`<dt>Notes</dt><dd>${f.notes.join(' ')}</dd>` : ''}
<dt>Finding id</dt><dd><code>${f.id}</code></dd>
</dl>
${f.evidence && f.evidence.length > 0 ? html`<div>Statements (as written):</div>${join(f.evidence.map((e) => html`<div class="muted">${e.label} in ${e.policy}</div><pre class="statement">${e.json}</pre>`))}` : ''}
<div>Witness request (allowed by the policies as read):</div>
<pre class="witness">${witness}</pre>
</article>`;
}

/** Groups findings by account, then by resource ARN, keeping the report's order inside each group. */
export function groupFindings(findings: ReportFinding[]): Map<string, Map<string, ReportFinding[]>> {
  const byAccount = new Map<string, Map<string, ReportFinding[]>>();
  const accounts = [...new Set(findings.map((f) => f.resource.account))].sort();
  for (const a of accounts) byAccount.set(a, new Map());
  for (const f of findings) {
    const byResource = byAccount.get(f.resource.account)!;
    const list = byResource.get(f.resource.arn) ?? [];
    list.push(f);
    byResource.set(f.resource.arn, list);
  }
  return byAccount;
}

/** The findings section. */
export function findingsSection(doc: ReportDoc): Html {
  const names = new Map(doc.coverage.cells.map((c) => [c.account, c.accountName ?? '']));
  const groups = groupFindings(doc.findings);
  const body = [...groups].map(([account, resources]) => html`<h3>Account <code>${account}</code> ${names.get(account) ?? ''}</h3>
${join([...resources].map(([arn, fs]) => html`<div class="resource"><h4>${arn}</h4>
<div class="muted">${fs[0].resource.type} in ${fs[0].resource.region}</div>
${join(fs.map(findingCard))}</div>`))}`);
  return html`<section id="findings"><h2>Findings (${doc.findings.length})</h2>
${doc.findings.length === 0 ? html`<p>No finding on any resource that was read. See the coverage table for what was not read.</p>` : join(body)}
</section>`;
}
