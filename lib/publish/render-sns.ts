/**
 * The SNS messages (pure), in the AWS Chatbot custom notification format so a Slack or Teams channel renders
 * them: `{version: "1.0", source: "custom", content: {textType: "client-markdown", title, description,
 * nextSteps}, metadata: {...}}`. Policy-derived text is neutralised (no `<!channel>`, `<@U…>`, `@here`
 * mentions, no code-span breakout) and every message stays under the SNS limit.
 */
import type { ReportFinding } from '../findings/model.js';
import type { OutboundMessage, ReportDoc } from './types.js';
import { SEVERITY_ORDER } from '../model/severity.js';
import { securityHubLine } from './securityhub-delivery.js';

/** SNS: "Messages can contain up to 262,144 bytes (256 KiB)" including attributes; we keep a margin. */
export const SNS_MAX_BYTES = 262_144;
const BUDGET = SNS_MAX_BYTES - 4_096;
const MAX_VALUE = 300;

/**
 * Makes untrusted text inert in Slack / Teams markdown: a zero-width space after `<` breaks `<!channel>`,
 * `<@U123>`, `<#C1>` and `<http://x|label>` markup; one after `@` breaks `@channel` / `@here`; backticks
 * become `'` so a value cannot close its code span; line breaks become spaces; long values are cut.
 */
export function neutralise(text: string, max = MAX_VALUE): string {
  let s = text.replace(/[\r\n\t]+/g, ' ').replace(/`/g, "'").replace(/</g, '<\u200b').replace(/@/g, '@\u200b').replace(/&/g, '&\u200b');
  if (s.length > max) s = `${s.slice(0, max - 1)}…`;
  return s;
}

const code = (s: string): string => `\`${neutralise(s)}\``;

/** One line about a finding: severity, access, resource, principal, the first actions. */
export function findingLine(f: ReportFinding): string {
  const actions = f.actions.slice(0, 3).map((a) => neutralise(a)).join(', ') + (f.actions.length > 3 ? `, +${f.actions.length - 3} more` : '');
  return `• [${f.severity}] ${f.access} access to ${code(f.resource.arn)} by ${code(f.principal.value)} (${actions})`;
}

/** What changed on a finding, compactly: `actions +ecr:PutImage -ecr:ListImages; severity high → critical`. */
export function changeText(f: ReportFinding): string {
  return (f.changes ?? [])
    .map((c) => {
      if (c.field === 'severity') return `severity ${c.before.join('')} → ${c.after.join('')}`;
      const added = c.after.filter((x) => !c.before.includes(x)).map((x) => `+${x}`);
      const removed = c.before.filter((x) => !c.after.includes(x)).map((x) => `-${x}`);
      return `${c.field} ${[...added, ...removed].join(' ')}`;
    })
    .join('; ');
}

/** One line about a changed finding: what it is and what changed. */
export function changeLine(f: ReportFinding): string {
  return `• [${f.severity}] ${f.access} access to ${code(f.resource.arn)} by ${code(f.principal.value)}: ${neutralise(changeText(f))}`;
}

function countsLine(doc: ReportDoc): string {
  const s = doc.summary;
  return SEVERITY_ORDER.map((sev) => `${sev} ${s.bySeverity[sev]}`).join(', ');
}

function build(doc: ReportDoc, top: number, resources: number, location: string | undefined): OutboundMessage {
  const s = doc.summary;
  const fresh = doc.findings.filter((f) => f.status === 'new' && !f.suppressedBy);
  const shown = fresh.slice(0, top);
  const changed = doc.findings.filter((f) => f.status === 'changed' && !f.suppressedBy);
  const changedShown = changed.slice(0, Math.min(5, top));
  const lines = [
    ...(doc.incomplete ? [`*Scan incomplete: ${neutralise(doc.incomplete.summary, 1024)}*`] : []),
    `*${s.open} open findings* (${countsLine(doc)})`,
    `New: ${fresh.length} · Changed: ${changed.length} · Resolved: ${s.byStatus.resolved} · Not checked: ${s.byStatus['not-checked']} · Suppressed: ${s.suppressed}`,
    `Coverage: ${s.accounts.fullyScanned} of ${s.accounts.total} accounts fully scanned${s.accounts.withGaps > 0 ? `, ${s.accounts.withGaps} with gaps` : ''}`,
  ];
  if (doc.previousProblem) lines.push(`Previous report could not be used (${neutralise(doc.previousProblem)}): every finding counts as new`);
  if (doc.suppressions.status === 'error') lines.push(`Suppressions file is malformed (${doc.suppressions.errors.length} errors): every finding is reported unsuppressed`);
  const expired = doc.suppressions.rules.filter((r) => r.status === 'expired');
  const hub = securityHubLine(doc);
  if (hub) lines.push(neutralise(hub, 1024));
  if (expired.length > 0) lines.push(`Expired suppression rules: ${expired.slice(0, 5).map((r) => code(r.id)).join(', ')}${expired.length > 5 ? ` and ${expired.length - 5} more` : ''}`);
  if (fresh.length > 0) {
    lines.push('', `*Top new findings*`, ...shown.map(findingLine));
    if (fresh.length > shown.length) lines.push(`and ${fresh.length - shown.length} more`);
  }
  if (changed.length > 0) {
    lines.push('', `*Changed findings*`, ...changedShown.map(changeLine));
    if (changed.length > changedShown.length) lines.push(`and ${changed.length - changedShown.length} more`);
  }
  if (location) lines.push('', `Report: ${neutralise(location, 1024)}`);
  const counted = fresh.length > 0
    ? `${fresh.length} new finding${fresh.length === 1 ? '' : 's'}, highest ${s.highestNewSeverity}`
    : 'no new findings';
  // An incomplete run says so first: "no new findings" alone would read as "nothing to see" for accounts not read.
  const title = `Access scan ${neutralise(doc.runId, 80)}: ${doc.incomplete ? `scan incomplete (${doc.incomplete.notRead.length} of ${s.accounts.total} accounts not read), ` : ''}${counted}`;
  const nextSteps = [
    ...(location ? [`Open the report: ${neutralise(location, 1024)}`] : []),
    ...(fresh.length > 0 ? ['Review the new findings, fix the policy or add a suppression rule with an owner and an expiry'] : []),
  ];
  const related = fresh.map((f) => f.resource.arn).filter((a, i, all) => all.indexOf(a) === i);
  const body = {
    version: '1.0',
    source: 'custom',
    id: doc.runId,
    content: {
      textType: 'client-markdown',
      title,
      description: lines.join('\n'),
      ...(nextSteps.length > 0 ? { nextSteps } : {}),
    },
    metadata: {
      summary: title,
      eventType: 'AccessScanReport',
      relatedResources: related.slice(0, resources).map((a) => neutralise(a, 2048)),
      additionalContext: {
        runId: doc.runId,
        newFindings: String(fresh.length),
        changedFindings: String(changed.length),
        resolvedFindings: String(s.byStatus.resolved),
        newLeftOut: String(fresh.length - shown.length),
        ...(doc.incomplete ? { incomplete: 'true', accountsNotRead: String(doc.incomplete.notRead.length) } : {}),
        ...(location ? { reportLocation: location } : {}),
      },
    },
  };
  return {
    message: JSON.stringify(body),
    subject: asciiSubject(title),
    attributes: { severity: s.highestNewSeverity ?? 'none', kind: 'run-summary' },
  };
}

/** SNS subjects: ASCII, no line breaks, at most 100 characters. */
export function asciiSubject(text: string): string {
  return text.replace(/[^\x20-\x7e]/g, '').slice(0, 100);
}

/** Bytes SNS counts for a message: the body, the subject and each attribute's name, type and value. */
export function messageBytes(m: OutboundMessage): number {
  const attrs = Object.entries(m.attributes).reduce((n, [k, v]) => n + Buffer.byteLength(k) + 'String'.length + Buffer.byteLength(v), 0);
  return Buffer.byteLength(m.message) + Buffer.byteLength(m.subject) + attrs;
}

/**
 * The one message of a run: counts by severity, new / changed / resolved, the top new findings (the rest cut
 * with "and N more"), the report location. Attributes: `severity` = highest new severity (`none` when nothing
 * is new), `kind` = `run-summary`.
 */
export function renderSnsMessage(doc: ReportDoc, opts: { reportLocation?: string; top?: number } = {}): OutboundMessage {
  let top = opts.top ?? 10;
  let resources = 20;
  for (;;) {
    const m = build(doc, top, resources, opts.reportLocation);
    if (messageBytes(m) <= BUDGET || (top === 0 && resources === 0)) return m;
    top = Math.floor(top / 2);
    resources = Math.floor(resources / 2);
  }
}

/** The optional extra message for one new critical finding (`kind` = `new-critical-finding`). */
export function renderCriticalMessage(doc: ReportDoc, f: ReportFinding, reportLocation?: string): OutboundMessage {
  const title = `Critical: ${f.access} access to ${neutralise(f.resource.arn, 80)}`;
  const description = [
    findingLine(f),
    `Account ${code(f.resource.account)}, region ${code(f.resource.region)}, source ${f.source}, statements ${f.statements.map(code).join(', ')}`,
    `Witness: ${code(`${f.witness.principal} ${f.witness.action} ${f.witness.resource}`)}`,
    ...(reportLocation ? [`Report: ${neutralise(reportLocation, 1024)}`] : []),
  ].join('\n');
  const body = {
    version: '1.0',
    source: 'custom',
    id: `${doc.runId}/${f.id}`,
    content: { textType: 'client-markdown', title, description },
    metadata: { threadId: doc.runId, summary: title, eventType: 'AccessScanCriticalFinding', relatedResources: [neutralise(f.resource.arn, 2048)], additionalContext: { runId: doc.runId, findingId: f.id } },
  };
  return { message: JSON.stringify(body), subject: asciiSubject(title), attributes: { severity: 'critical', kind: 'new-critical-finding' } };
}
