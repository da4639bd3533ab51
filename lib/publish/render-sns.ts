/**
 * The SNS messages (pure), in the AWS Chatbot (Amazon Q Developer in chat applications) custom notification format, so
 * a Slack or Teams channel renders them: `{version: "1.0", source: "custom", id, content: {textType, title,
 * description, nextSteps, keywords}, metadata: {threadId, summary, eventType, relatedResources, additionalContext}}`.
 * AWS: "You can also thread custom notifications using the threadId parameter": the run summary and every
 * per-critical message of a run share `threadId` = the run id.
 * What people read names grants in plain words (lib/findings/summary.ts), write and permissions first, never a
 * witness's invented principal; `org` / `info` never take a top slot. Policy-derived text is neutralised and every
 * message stays under the SNS limit.
 */
import type { CriticalWriters } from '../analyze/effective/critical.js';
import type { ReportFinding } from '../findings/model.js';
import { SEVERITY_ORDER } from '../model/severity.js';
import { criticalWritersLines } from './critical-writers-text.js';
import { incompleteLead } from './incomplete-text.js';
import { headOf, type ReportHead } from './report-stream.js';
import { securityHubLine } from './securityhub-delivery.js';
import { DIGEST_KEEP, SnsDigest } from './sns-digest.js';
import { changeLine, findingLine, neutralise } from './sns-lines.js';
import { announcedLine, notNewsLines } from './sns-news.js';
import { notReadCount, subjectOf, titleOf } from './sns-title.js';
import { messageBytes, SNS_MAX_BYTES, safeLink } from './sns-wire.js';
import type { OutboundMessage, ReportDoc } from './types.js';

const BUDGET = SNS_MAX_BYTES - 4_096;

/** Open findings by severity: `critical 1, high 0, ...`. */
function countsLine(head: ReportHead): string {
  return SEVERITY_ORDER.map((sev) => `${sev} ${head.summary.bySeverity[sev]}`).join(', ');
}

/** The run's message with at most `top` findings per heading and `resources` related resources. */
function build(
  doc: ReportHead,
  digest: SnsDigest,
  top: number,
  resources: number,
  location: string | undefined,
  critical?: CriticalWriters,
): OutboundMessage {
  const s = doc.summary;
  const fresh = digest.fresh;
  const changed = digest.changed;
  const orgChanged = digest.orgChanged;
  const inventory = digest.inventory;
  const link = safeLink(location);
  const notRead = notReadCount(doc);
  const partly = Math.max(0, s.accounts.withGaps - (s.accounts.notRead ?? 0));
  const lines = [
    ...criticalWritersLines(critical),
    ...(incompleteLead(doc) ? [`*${neutralise(incompleteLead(doc), 1024)}*`] : []),
    ...(doc.incomplete ? [`Not read: ${neutralise(doc.incomplete.summary, 1024)}`] : []),
    ...(doc.stateProblems ?? []).slice(0, 5).map((p) => `*Warning: ${neutralise(p, 600)}*`),
    ...((doc.stateProblems?.length ?? 0) > 5
      ? [`*and ${doc.stateProblems!.length - 5} more state warnings (see the report)*`]
      : []),
    `*${s.open} open findings* (${countsLine(doc)})`,
    `New: ${fresh.count} · Changed: ${changed.count} · Resolved: ${s.byStatus.resolved} · Not checked: ${s.byStatus['not-checked']} · Suppressed: ${s.suppressed}${orgChanged.count > 0 ? ` · Changed inside the organisation: ${orgChanged.count}` : ''}${inventory > 0 ? ` · New inside the organisation (inventory): ${inventory}` : ''}`,
    `Coverage: ${Math.max(0, s.accounts.total - notRead - partly)} of ${s.accounts.total} accounts fully scanned${notRead > 0 || partly > 0 ? `, ${notRead} not read, ${partly} read in part: what was not read is not clean` : ''}`,
  ];
  lines.push(...notNewsLines(digest.firstReads, digest.assumed, neutralise), ...announcedLine(digest.announced));
  if (doc.previousProblem)
    lines.push(
      `Previous report could not be used (${neutralise(doc.previousProblem)}): ${s.newKinds ? 'findings were diffed against the per-account state' : 'every finding counts as new'}`,
    );
  if (doc.suppressions.status === 'error')
    lines.push(
      `Suppressions file is malformed (${doc.suppressions.errors.length} errors): every finding is reported unsuppressed`,
    );
  const expired = doc.suppressions.rules.filter((r) => r.status === 'expired');
  const hub = securityHubLine(doc);
  if (hub) lines.push(neutralise(hub, 1024));
  if (expired.length > 0)
    lines.push(
      `Expired suppression rules: ${expired
        .slice(0, 5)
        .map((r) => neutralise(r.id, 80))
        .join(', ')}${expired.length > 5 ? ` and ${expired.length - 5} more` : ''}`,
    );
  const block = (
    heading: string,
    list: { count: number; first: ReportFinding[] },
    max: number,
    line: (f: ReportFinding) => string,
  ): void => {
    if (list.count === 0) return;
    lines.push('', `*${heading}*`, ...list.first.slice(0, max).map(line));
    if (list.count > max) lines.push(`and ${list.count - max} more`);
  };
  block('New', fresh, top, (f) => `${findingLine(f)}${f.newKind === 'new-resource' ? ' (new resource)' : ''}`);
  // With nothing new to lead with (a first run), the top first reads are listed under their own heading.
  if (fresh.count === 0) block('First reads (not news)', digest.firstReadsShown, top, findingLine);
  block('Changed', changed, Math.min(5, top), changeLine);
  block('Changed inside the organisation', orgChanged, Math.min(5, top), changeLine);
  block(
    'Resolved',
    digest.resolved,
    Math.min(5, top),
    (f) =>
      `${findingLine(f)} (last seen ${f.lastSeen.slice(0, 10)}${f.resolvedReason ? `; ${neutralise(f.resolvedReason, 120)}` : ''})`,
  );
  if (link) lines.push('', `Report: ${link}`);
  else if (location) lines.push('', `Report: ${neutralise(location, 1024)}`);
  const title = titleOf(doc, digest, critical);
  const nextSteps = [
    ...(link ? [`Open the report: ${link}`] : []),
    ...(fresh.count > 0
      ? [
          'Fix the policy (each finding in the report says what to change) or add a suppression rule with an owner and an expiry',
        ]
      : []),
    ...(s.accounts.withGaps > 0 ? ['Check the coverage section: accounts that were not read may hide findings'] : []),
  ];
  const keywords = [
    ...new Set([
      ...((critical?.critical.length ?? 0) > 0 ? ['new-critical-writer'] : []),
      ...(fresh.count > 0 ? [`new-${fresh.first[0].severity}`] : []),
      ...fresh.first.slice(0, 20).map((f) => f.access),
      ...(s.accounts.withGaps > 0 || doc.incomplete ? ['incomplete'] : []),
      ...((doc.stateProblems?.length ?? 0) > 0 ? ['state-warning'] : []),
      'access-scan',
    ]),
  ];
  const related = digest.related.arns;
  const body = {
    version: '1.0',
    source: 'custom',
    id: doc.runId,
    content: {
      textType: 'client-markdown',
      title,
      description: lines.join('\n'),
      ...(nextSteps.length > 0 ? { nextSteps } : {}),
      keywords,
    },
    metadata: {
      threadId: doc.runId,
      summary: title,
      eventType: 'AccessScanReport',
      relatedResources: related.slice(0, resources).map((a) => neutralise(a, 2048)),
      additionalContext: {
        runId: doc.runId,
        newFindings: String(fresh.count),
        changedFindings: String(changed.count),
        changedInsideOrganisation: String(orgChanged.count),
        firstReads: String(digest.firstReads),
        ...(digest.announced.count > 0 ? { alreadyAnnounced: String(digest.announced.count) } : {}),
        resolvedFindings: String(s.byStatus.resolved),
        newLeftOut: String(Math.max(0, fresh.count - top)),
        accountsNotRead: String(notReadCount(doc)),
        ...(critical ? { newCriticalWriters: String(critical.critical.length) } : {}),
        ...(doc.incomplete ? { incomplete: 'true' } : {}),
        ...(location ? { reportLocation: location } : {}),
      },
    },
  };
  return {
    message: JSON.stringify(body),
    subject: subjectOf(doc, digest, critical),
    attributes: { severity: s.highestNewSeverity ?? 'none', kind: 'run-summary' },
  };
}

/**
 * The one message of a run: what changed in the title, counts, the top new / changed / resolved findings (the rest
 * cut with "and N more"), the report link. Attributes: `severity` = highest new severity (`none` when nothing is new),
 * `kind` = `run-summary`. `criticalWriters` (new writers to resources marked critical) lead the title and the body.
 * From the report's head and the digest of its lists (./sns-digest.ts, kept with at least `top` per heading).
 */
export function renderRunMessage(
  head: ReportHead,
  digest: SnsDigest,
  opts: { reportLocation?: string; top?: number; criticalWriters?: CriticalWriters } = {},
): OutboundMessage {
  let top = opts.top ?? 10;
  let resources = 20;
  for (;;) {
    const m = build(head, digest, top, resources, opts.reportLocation, opts.criticalWriters);
    if (messageBytes(m) <= BUDGET || (top === 0 && resources === 0)) return m;
    top = Math.floor(top / 2);
    resources = Math.floor(resources / 2);
  }
}

/** The digest a message needs of a report held whole, keeping `top` per heading (at least DIGEST_KEEP). */
function snsDigestOf(doc: ReportDoc, top = 10): SnsDigest {
  const digest = new SnsDigest(Math.max(top, DIGEST_KEEP));
  for (const f of doc.findings) digest.finding(f);
  for (const f of doc.resolved) digest.resolvedFinding(f);
  return digest;
}

/** `renderRunMessage` of a report held whole (tests and the CLI). */
export function renderSnsMessage(
  doc: ReportDoc,
  opts: { reportLocation?: string; top?: number; criticalWriters?: CriticalWriters } = {},
): OutboundMessage {
  return renderRunMessage(headOf(doc), snsDigestOf(doc, opts.top), opts);
}
