/**
 * The header, summary, change, suppression, coverage and lint sections of report.html.
 */
import { expiryInstant } from '../findings/suppressions-apply.js';
import { summarizeFinding } from '../findings/finding-words.js';
import { sevBadge } from './html-findings.js';
import { html, join, rich, type Html } from './html.js';
import { incompleteLead } from './incomplete-text.js';
import { SEVERITY_ORDER } from '../model/severity.js';
import { isNews } from '../model/resource-state.js';
import type { ReportFinding } from '../findings/model.js';
import type { ReportHead } from './report-stream.js';
import { ACCESS_CLASSES } from '../model/finding.js';

const list = (xs: string[]): string => (xs.length === 0 ? 'none' : xs.join(', '));

/** The page header: the run, the zone of trust and the settings the findings were judged by. */
export function headerSection(doc: ReportHead): Html {
  const org = doc.organization ? `organisation ${doc.organization.id}` : 'no organisation (single account)';
  const t = doc.trust;
  const zone = !t
    ? 'not recorded for this run'
    : t.zone === 'organization'
      ? `the organisation${t.trustedOuPaths.length > 0 ? ` (only OUs ${t.trustedOuPaths.join(', ')})` : ''}, plus trusted accounts: ${list(t.trustedAccounts)}`
      : `each resource's own account, plus trusted accounts: ${list(t.trustedAccounts)}`;
  const s = doc.settings;
  const scope =
    s?.accounts && s.accounts.length > 0 ? `${s.accounts.length} selected accounts` : 'every active account';
  return html`<header><h1>Who outside the zone of trust can reach ECR and S3</h1>
<p>Run <span class="mono">${doc.runId}</span>, ${doc.generatedAt}, ${org}</p>
${incompleteLead(doc) ? html`<p class="warn incomplete" role="alert" data-testid="incomplete-lead"><strong>${incompleteLead(doc)}</strong>${doc.incomplete ? html`<br>Not read: ${doc.incomplete.summary}` : ''}</p>` : ''}
<dl class="settings" id="run-settings">
<dt>Zone of trust</dt><dd data-testid="zone">${zone}</dd>
${t && t.trustedCanonicalIds.length > 0 ? html`<dt>Trusted S3 canonical ids</dt><dd>${t.trustedCanonicalIds.join(', ')}</dd>` : ''}
${t && (t.trustedVpcs?.length ?? 0) + (t.trustedVpces?.length ?? 0) > 0 ? html`<dt>Trusted network origins</dt><dd>${[...(t.trustedVpcs ?? []), ...(t.trustedVpces ?? [])].join(', ')}</dd>` : ''}
<dt>Scope</dt><dd>${scope}; ECR regions ${doc.regions.join(', ')}; S3 in every region</dd>
${s?.memberRoleName ? html`<dt>Audit role</dt><dd>${s.memberRoleName}</dd>` : ''}
<dt>Suppressions</dt><dd>${doc.suppressions.status === 'none' ? 'no file' : doc.suppressions.status === 'error' ? 'file malformed: nothing suppressed' : `${doc.suppressions.rules.length} rules${s?.suppressionsKey ? ` from ${s.suppressionsKey}` : ''}`}</dd>
<dt>Compared with</dt><dd>${doc.previous ? html`run <span class="mono">${doc.previous.runId}</span> (${doc.previous.generatedAt})` : 'nothing: first run, every finding is new'}</dd>
</dl></header>`;
}

/** Counts by severity (open, and new) and by access class; incomplete coverage is said first. */
export function summarySection(doc: ReportHead): Html {
  const s = doc.summary;
  const lead = incompleteLead(doc);
  return html`<section id="summary"><h2>Summary</h2>
${lead ? html`<p class="warn" data-testid="incomplete">${lead}. What was not read is not clean: see <a href="#coverage">coverage</a>.</p>` : ''}
<div class="counts">
<table id="severity-counts"><thead><tr><th>Severity</th><th>Open</th><th>New</th></tr></thead><tbody>
${join(SEVERITY_ORDER.map((sev) => html`<tr data-severity="${sev}"><td>${sevBadge(sev)}</td><td class="num" data-testid="count-${sev}">${s.bySeverity[sev]}</td><td class="num" data-testid="new-${sev}">${s.newBySeverity[sev]}</td></tr>`))}
</tbody></table>
<table id="access-counts"><thead><tr><th>Access</th><th>Open</th></tr></thead><tbody>
${join(ACCESS_CLASSES.map((a) => html`<tr><td>${a}</td><td class="num" data-testid="access-${a}">${s.byAccess[a]}</td></tr>`))}
</tbody></table></div>
<p>${s.open} open findings; ${s.suppressed} suppressed. Accounts: ${s.accounts.total} (${s.accounts.fullyScanned} fully scanned, ${s.accounts.withGaps} with coverage gaps).</p>
</section>`;
}

/**
 * What the changes section needs of the report's lists, gathered one finding at a time and bounded: the ten most
 * severe new findings that are news, the first ten changed inside the organisation and resolved, and two counts.
 */
export class ChangesDigest {
  readonly top: ReportFinding[] = [];
  readonly orgChanged: ReportFinding[] = [];
  readonly gone: ReportFinding[] = [];
  firstReads = 0;
  assumed = 0;
  announced = 0;

  /** The next open or not-checked finding, in report order. */
  finding(f: ReportFinding): void {
    if (f.status === 'new' && isNews(f.newKind) && !f.suppressedBy && f.access !== 'org' && this.top.length < 10)
      this.top.push(f);
    if (f.status === 'new' && f.newKind === 'first-read') this.firstReads += 1;
    if (f.status === 'new' && f.newKind === 'assumed') this.assumed += 1;
    if (f.status === 'new' && f.newKind === 'announced') this.announced += 1;
    if (f.status === 'changed' && f.access === 'org' && !f.suppressedBy && this.orgChanged.length < 10)
      this.orgChanged.push(f);
  }

  /** The next resolved finding, in report order. */
  resolved(f: ReportFinding): void {
    if (f.access !== 'org' && this.gone.length < 10) this.gone.push(f);
  }
}

/** `1 finding`, `2 findings`. */
const findings = (n: number): string => `${n} ${n === 1 ? 'finding' : 'findings'}`;

/** What changed since the previous run, as counts that filter the table, and the most severe new ones in words. */
export function changesSection(doc: ReportHead, digest: ChangesDigest): Html {
  const s = doc.summary.byStatus;
  const since = doc.previous
    ? html`since run <span class="mono">${doc.previous.runId}</span>`
    : 'first run: every finding is new';
  const link = (status: string, n: number, words: string): Html =>
    html`<a href="#findings" data-filter-status="${status}" data-testid="changes-${status}">${n} ${words}</a>`;
  // Newly granted and new resources lead; first reads and findings resting on a failed read are one counted line.
  const { top, firstReads, assumed, announced, orgChanged, gone } = digest;
  return html`<section id="changes"><h2>Changes ${since}</h2>
${doc.previousProblem ? html`<p class="warn">The previous report could not be used: ${rich(doc.previousProblem)}</p>` : ''}
${(doc.stateProblems ?? []).map((p) => html`<p class="warn">State warning: ${rich(p)}</p>`)}
<p class="change-links">${link('new', s.new, 'new')} · ${link('changed', s.changed, 'changed')} · ${link('resolved', s.resolved, 'resolved')} · ${link('not-checked', s['not-checked'], 'not checked this run')} · ${link('unchanged', s.unchanged, 'unchanged')}</p>
${top.length > 0 ? html`<h3>Most severe new findings</h3><ul class="plain">${join(top.map((f) => html`<li>${sevBadge(f.severity)} <a href="#finding-${f.id.slice(0, 12)}">${summarizeFinding(f)}</a></li>`))}</ul>` : ''}
${firstReads > 0 ? html`<p data-testid="first-reads">First reads (not news): ${findings(firstReads)} on resources or sources read for the first time.</p>` : ''}
${announced > 0 ? html`<p data-testid="announced">Already announced by the event path since the last night (not news again): ${findings(announced)}.</p>` : ''}
${assumed > 0 ? html`<p class="warn">Not announced: ${findings(assumed)} ${assumed === 1 ? 'rests' : 'rest'} on a read that failed this run; the last read state stands.</p>` : ''}
${orgChanged.length > 0 ? html`<h3>Changed inside the organisation</h3><ul class="plain">${join(orgChanged.map((f) => html`<li>${sevBadge(f.severity)} ${summarizeFinding(f)}</li>`))}</ul>` : ''}
${gone.length > 0 ? html`<h3>Resolved</h3><ul class="plain">${join(gone.map((f) => html`<li>${sevBadge(f.severity)} ${summarizeFinding(f)} <span class="muted">(last seen ${f.lastSeen}${f.resolvedReason ? `; ${f.resolvedReason}` : ''})</span></li>`))}</ul>` : ''}
</section>`;
}

/** ` (in N days)` when a rule expires within 30 days of the run, so its owner renews or drops it in time. */
function soon(expires: string, now: string): string {
  const days = Math.ceil((expiryInstant(expires) - Date.parse(now)) / 86_400_000);
  return days <= 30 ? ` (in ${days} day${days === 1 ? '' : 's'})` : '';
}

/** Suppression rules, their owners and expiries; a malformed file is shown as such. */
export function suppressionsSection(doc: ReportHead): Html {
  const s = doc.suppressions;
  if (s.status === 'none')
    return html`<section id="suppressions"><h2>Suppressions</h2><p>No suppressions file.</p></section>`;
  if (s.status === 'error') {
    return html`<section id="suppressions" class="warn"><h2>Suppressions</h2>
<p>The suppressions file is malformed, so every finding is reported unsuppressed:</p>
<ul>${join(s.errors.map((e) => html`<li><code>${e.path || '(file)'}</code>: ${rich(e.message)}</li>`))}</ul></section>`;
  }
  return html`<section id="suppressions"><h2>Suppressions</h2><div class="table-wrap">
<table class="cards"><thead><tr><th>Rule</th><th>Status</th><th>Expires</th><th>Owner</th><th>Reason</th><th>Matched</th></tr></thead><tbody>
${join(
  s.rules.map(
    (
      r,
    ) => html`<tr class="${r.status === 'expired' ? 'warn' : ''}"><td data-label="Rule"><code>${r.id}</code></td><td data-label="Status">${r.status === 'expired' ? 'expired: no longer suppresses' : 'active'}</td>
<td data-label="Expires">${r.expires}${r.status === 'active' ? soon(r.expires, doc.generatedAt) : ''}</td><td data-label="Owner">${r.owner}</td><td data-label="Reason">${r.reason}</td><td data-label="Matched" class="num">${r.matched}</td></tr>`,
  ),
)}
</tbody></table></div></section>`;
}
