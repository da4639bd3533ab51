/**
 * What the report says about Security Hub (pure): which account and product the ASFF findings are for, and, when
 * they were sent, how the delivery went. A finding Security Hub did not take (FailedFindings, throttling that
 * outlasted the retries, an unprocessed workflow update) is a delivery gap: listed in report.json and report.html
 * and counted in the SNS message; the run still completes.
 */
import type { AsffContext } from './render-asff.js';
import { html, join, type Html } from './html.js';
import type { ReportDoc } from './types.js';
import type { SecurityHubReport } from './securityhub-types.js';

export type { DeliveryFailure, SecurityHubDelivery, SecurityHubReport } from './securityhub-types.js';

/** Failures kept in the report (the count is always exact). */
export const MAX_LISTED_FAILURES = 100;

/** The importer context of a report (for rendering findings.asff.json again from report.json). */
export function asffContextOf(report: SecurityHubReport): AsffContext {
  return {
    account: report.account,
    partition: report.partition,
    region: report.region,
    ...(report.reportLink ? { reportLink: report.reportLink } : {}),
  };
}

/** One line for the SNS message when the delivery left a gap, else null. */
export function securityHubLine(doc: Pick<ReportDoc, 'securityHub'>): string | null {
  const d = doc.securityHub?.delivery;
  if (!d || d.failedCount === 0) return null;
  const codes = [...new Set(d.failed.map((f) => f.code))].slice(0, 3).join(', ');
  return `Security Hub delivery gap: ${d.failedCount} finding update${d.failedCount === 1 ? '' : 's'} not taken (${codes}); the report lists them`;
}

/** The Security Hub part of report.html: nothing when not sent; the delivery counts and every failure listed. */
export function securityHubSection(doc: Pick<ReportDoc, 'securityHub'>): Html | '' {
  const hub = doc.securityHub;
  if (!hub?.delivery) return '';
  const d = hub.delivery;
  const failures = d.failed.map(
    (f) => html`<tr><td><code>${f.id}</code></td><td>${f.call}</td><td>${f.code}</td><td>${f.message}</td></tr>`,
  );
  return html`<section id="security-hub" class="${d.failedCount > 0 ? 'warn' : ''}"><h2>Security Hub delivery: ${d.status}</h2>
<p>Imported into <code>${hub.productArn}</code> (account ${hub.account}): ${d.imported} active, ${d.archived} archived (resolved),
${d.suppressed} marked suppressed, ${d.unsuppressed} unsuppressed, ${d.untouched} not checked and left untouched; ${d.importBatches.length} import requests.</p>
${
  d.failedCount > 0
    ? html`<p><strong>${d.failedCount} not taken</strong>${d.failedCount > d.failed.length ? ` (first ${d.failed.length} listed)` : ''}:</p>
<div class="scroll"><table><thead><tr><th>Finding</th><th>Call</th><th>Error</th><th>Message</th></tr></thead><tbody>${join(failures)}</tbody></table></div>`
    : ''
}
</section>`;
}
