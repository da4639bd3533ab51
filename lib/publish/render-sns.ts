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
import type { ReportFinding } from '../findings/model.js';
import { isNews } from '../model/resource-state.js';
import {
  alertable,
  announcedLine,
  announcedOf,
  changedOf,
  freshOf,
  notNewsLines,
  notNewsOf,
  orgChangesOf,
} from './sns-news.js';
import { summarizeFinding } from '../findings/finding-words.js';
import type { OutboundMessage, ReportDoc } from './types.js';
import { SEVERITY_ORDER } from '../model/severity.js';
import { incompleteLead, incompletenessOf } from './incomplete-text.js';
import { securityHubLine } from './securityhub-delivery.js';
import { inertSlackText } from './slack-text.js';
import type { CriticalWriters } from '../analyze/effective/critical.js';
import { criticalWritersLines, criticalWritersTitle } from './critical-writers-text.js';

/** SNS: "Messages can contain up to 262,144 bytes (256 KiB)" including attributes; we keep a margin. */
export const SNS_MAX_BYTES = 262_144;
const BUDGET = SNS_MAX_BYTES - 4_096;
const MAX_VALUE = 300;

/**
 * Makes untrusted text inert in Slack / Teams markdown (./slack-text.ts): no bidirectional controls, no bare links,
 * no mentions or markup, no line breaks; long values are cut on a character boundary.
 */
export function neutralise(text: string, max = MAX_VALUE): string {
  return inertSlackText(text, max);
}

/** Write / permissions before read, then severity: the order of the top slots. */
function impact(f: ReportFinding): number {
  const writes = f.accessLevels.some((l) => l === 'Write' || l === 'Permissions management') ? 0 : 1;
  return SEVERITY_ORDER.indexOf(f.severity) * 2 + writes;
}

/** One line about a finding: severity and the plain-language summary. */
export function findingLine(f: ReportFinding): string {
  return `• [${f.severity}] ${neutralise(summarizeFinding(f), 600)}`;
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

/** One line about a changed finding: what it is now and what changed. */
export function changeLine(f: ReportFinding): string {
  return `${findingLine(f)} Changed: ${neutralise(changeText(f))} (seen since ${f.firstSeen.slice(0, 10)})`;
}

/** The summary without its parenthesised lists, for titles: "anyone, including anonymous callers, can write bucket x". */
function shortSummary(f: ReportFinding): string {
  const text = summarizeFinding(f)
    .replace(/ \([^)]*\)/g, '')
    .replace(/\.$/, '');
  return text.charAt(0).toLowerCase() + text.slice(1);
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * The title says what changed: "1 new public finding: anyone can write bucket x", "3 new findings in 2 accounts, 2
 * public", "No change: 21 open findings", with "Scan incomplete: 3 accounts not read" when accounts were not read.
 */
/** Accounts of the plan not read at all, counted once (./incomplete-text.ts). */
function notReadCount(doc: ReportDoc): number {
  return incompletenessOf(doc)?.notRead ?? 0;
}

/** The title in two parts: what changed, and whether the scan was incomplete (kept whole in the 100-character subject). */
function titleParts(doc: ReportDoc, critical?: CriticalWriters): { what: string; incomplete: string } {
  const s = doc.summary;
  const fresh = freshOf(doc);
  const accounts = new Set(fresh.map((f) => f.resource.account)).size;
  const pub = fresh.filter((f) => f.access === 'public').length;
  const changed = changedOf(doc).length + orgChangesOf(doc).length;
  const firstReads = notNewsOf(doc, 'first-read').length;
  const announced = announcedOf(doc).length;
  const already = announced > 0 ? `${announced} already announced, ` : '';
  const notRead = notReadCount(doc);
  let what: string;
  if (fresh.length === 1) what = `1 new ${fresh[0].access} finding: ${shortSummary(fresh[0])}`;
  else if (fresh.length > 1 && pub === fresh.length)
    what = `${fresh.length} new public findings in ${plural(accounts, 'account')}`;
  else if (fresh.length > 1)
    what = `${fresh.length} new findings in ${plural(accounts, 'account')}${pub > 0 ? `, ${pub} public` : ''}`;
  else if (notRead > 0 && notRead >= s.accounts.total)
    what = `Nothing read: ${plural(s.byStatus['not-checked'], 'open finding')} not checked`;
  else if (changed > 0 || s.byStatus.resolved > 0)
    what = `No new findings: ${changed} changed, ${s.byStatus.resolved} resolved, ${already}${s.open} open`;
  else if (firstReads > 0 || announced > 0)
    what = `No new findings: ${firstReads > 0 ? `${plural(firstReads, 'first read')}, ` : ''}${already}${s.open} open`;
  else what = `No change: ${plural(s.open, 'open finding')}`;
  // Incompleteness leads, computed once for the subject, the title, the body and the report (./incomplete-text.ts).
  // New writers to critical resources lead even the incompleteness: they are an alarm, not a count.
  const lead = criticalWritersTitle(critical);
  const incomplete = incompleteLead(doc);
  if (lead) return { what: [lead, incomplete, what].filter((x) => x).join(' · '), incomplete: '' };
  return { what, incomplete };
}

/** The title: incompleteness first, whenever there is any, then what changed. */
export function titleOf(doc: ReportDoc, critical?: CriticalWriters): string {
  const { what, incomplete } = titleParts(doc, critical);
  return neutralise(incomplete ? `${incomplete} · ${what}` : what, 250);
}

/** The SNS subject: the title, "Scan incomplete: ..." first and kept whole up to 100 characters. */
function subjectOf(doc: ReportDoc, critical?: CriticalWriters): string {
  const { what, incomplete } = titleParts(doc, critical);
  if (!incomplete) return asciiSubject(what.replace(/ · /g, ' - '));
  const head = asciiSubject(incomplete);
  const tail = asciiSubject(` - ${what}`);
  if (head.length + tail.length <= 100) return head + tail;
  if (head.length >= 97) return `${head.slice(0, 97)}...`;
  const cut = tail.slice(0, 97 - head.length);
  const word = cut.lastIndexOf(' ');
  return `${head}${word > 3 ? cut.slice(0, word) : cut}...`;
}

function countsLine(doc: ReportDoc): string {
  return SEVERITY_ORDER.map((sev) => `${sev} ${doc.summary.bySeverity[sev]}`).join(', ');
}

/**
 * The https link people can click: the report-link URL, or the S3 console page of the report object. It is put in the
 * message as it is (neutralising would break `&` in its query), so only a plain URL is accepted: printable ASCII with
 * none of the characters Slack markup or a code span could use (`<`, `>`, `|`, backtick, quotes, spaces).
 */
export function safeLink(location: string | undefined): string | undefined {
  return location &&
    /^https:\/\/[A-Za-z0-9.-]+(:\d+)?(\/[\x21-\x7e]*)?$/.test(location) &&
    !/[<>|`'"\\@]/.test(location) &&
    location.length <= 2048
    ? location
    : undefined;
}

function build(
  doc: ReportDoc,
  top: number,
  resources: number,
  location: string | undefined,
  critical?: CriticalWriters,
): OutboundMessage {
  const s = doc.summary;
  const fresh = freshOf(doc).sort((a, b) => impact(a) - impact(b));
  const changed = changedOf(doc).sort((a, b) => impact(a) - impact(b));
  const orgChanged = orgChangesOf(doc).sort((a, b) => impact(a) - impact(b));
  const resolved = doc.resolved.filter((f) => f.access !== 'org').sort((a, b) => impact(a) - impact(b));
  const inventory = doc.findings.filter(
    (f) => f.status === 'new' && isNews(f.newKind) && !alertable(f) && !f.suppressedBy,
  ).length;
  const firstReads = notNewsOf(doc, 'first-read');
  const assumed = notNewsOf(doc, 'assumed');
  const announced = announcedOf(doc);
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
    `New: ${fresh.length} · Changed: ${changed.length} · Resolved: ${s.byStatus.resolved} · Not checked: ${s.byStatus['not-checked']} · Suppressed: ${s.suppressed}${orgChanged.length > 0 ? ` · Changed inside the organisation: ${orgChanged.length}` : ''}${inventory > 0 ? ` · New inside the organisation (inventory): ${inventory}` : ''}`,
    `Coverage: ${Math.max(0, s.accounts.total - notRead - partly)} of ${s.accounts.total} accounts fully scanned${notRead > 0 || partly > 0 ? `, ${notRead} not read, ${partly} read in part: what was not read is not clean` : ''}`,
  ];
  lines.push(...notNewsLines(firstReads, assumed, neutralise), ...announcedLine(announced));
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
  const block = (heading: string, list: ReportFinding[], max: number, line: (f: ReportFinding) => string): void => {
    if (list.length === 0) return;
    lines.push('', `*${heading}*`, ...list.slice(0, max).map(line));
    if (list.length > max) lines.push(`and ${list.length - max} more`);
  };
  block('New', fresh, top, (f) => `${findingLine(f)}${f.newKind === 'new-resource' ? ' (new resource)' : ''}`);
  // With nothing new to lead with (a first run), the top first reads are listed under their own heading.
  if (fresh.length === 0)
    block(
      'First reads (not news)',
      firstReads.filter(alertable).sort((a, b) => impact(a) - impact(b)),
      top,
      findingLine,
    );
  block('Changed', changed, Math.min(5, top), changeLine);
  block('Changed inside the organisation', orgChanged, Math.min(5, top), changeLine);
  block(
    'Resolved',
    resolved,
    Math.min(5, top),
    (f) =>
      `${findingLine(f)} (last seen ${f.lastSeen.slice(0, 10)}${f.resolvedReason ? `; ${neutralise(f.resolvedReason, 120)}` : ''})`,
  );
  if (link) lines.push('', `Report: ${link}`);
  else if (location) lines.push('', `Report: ${neutralise(location, 1024)}`);
  const title = titleOf(doc, critical);
  const nextSteps = [
    ...(link ? [`Open the report: ${link}`] : []),
    ...(fresh.length > 0
      ? [
          'Fix the policy (each finding in the report says what to change) or add a suppression rule with an owner and an expiry',
        ]
      : []),
    ...(s.accounts.withGaps > 0 ? ['Check the coverage section: accounts that were not read may hide findings'] : []),
  ];
  const keywords = [
    ...new Set([
      ...((critical?.critical.length ?? 0) > 0 ? ['new-critical-writer'] : []),
      ...(fresh.length > 0 ? [`new-${fresh[0].severity}`] : []),
      ...fresh.slice(0, 20).map((f) => f.access),
      ...(s.accounts.withGaps > 0 || doc.incomplete ? ['incomplete'] : []),
      ...((doc.stateProblems?.length ?? 0) > 0 ? ['state-warning'] : []),
      'access-scan',
    ]),
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
      keywords,
    },
    metadata: {
      threadId: doc.runId,
      summary: title,
      eventType: 'AccessScanReport',
      relatedResources: related.slice(0, resources).map((a) => neutralise(a, 2048)),
      additionalContext: {
        runId: doc.runId,
        newFindings: String(fresh.length),
        changedFindings: String(changed.length),
        changedInsideOrganisation: String(orgChanged.length),
        firstReads: String(firstReads.length),
        ...(announced.length > 0 ? { alreadyAnnounced: String(announced.length) } : {}),
        resolvedFindings: String(s.byStatus.resolved),
        newLeftOut: String(Math.max(0, fresh.length - top)),
        accountsNotRead: String(notReadCount(doc)),
        ...(critical ? { newCriticalWriters: String(critical.critical.length) } : {}),
        ...(doc.incomplete ? { incomplete: 'true' } : {}),
        ...(location ? { reportLocation: location } : {}),
      },
    },
  };
  return {
    message: JSON.stringify(body),
    subject: subjectOf(doc, critical),
    attributes: { severity: s.highestNewSeverity ?? 'none', kind: 'run-summary' },
  };
}

/** SNS subjects: ASCII, no line breaks, at most 100 characters. */
export function asciiSubject(text: string): string {
  return text
    .replace(/[^\x20-\x7e]/g, '')
    .replace(/ {2,}/g, ' ')
    .slice(0, 100);
}

/** Bytes SNS counts for a message: the body, the subject and each attribute's name, type and value. */
export function messageBytes(m: OutboundMessage): number {
  const attrs = Object.entries(m.attributes).reduce(
    (n, [k, v]) => n + Buffer.byteLength(k) + 'String'.length + Buffer.byteLength(v),
    0,
  );
  return Buffer.byteLength(m.message) + Buffer.byteLength(m.subject) + attrs;
}

/**
 * The one message of a run: what changed in the title, counts, the top new / changed / resolved findings (the rest
 * cut with "and N more"), the report link. Attributes: `severity` = highest new severity (`none` when nothing is new),
 * `kind` = `run-summary`. `criticalWriters` (new writers to resources marked critical) lead the title and the body.
 */
export function renderSnsMessage(
  doc: ReportDoc,
  opts: { reportLocation?: string; top?: number; criticalWriters?: CriticalWriters } = {},
): OutboundMessage {
  let top = opts.top ?? 10;
  let resources = 20;
  for (;;) {
    const m = build(doc, top, resources, opts.reportLocation, opts.criticalWriters);
    if (messageBytes(m) <= BUDGET || (top === 0 && resources === 0)) return m;
    top = Math.floor(top / 2);
    resources = Math.floor(resources / 2);
  }
}

/** The extra message for one new critical finding (`kind` = `new-critical-finding`), threaded under the run summary. */
export function renderCriticalMessage(doc: ReportDoc, f: ReportFinding, reportLocation?: string): OutboundMessage {
  const title = neutralise(`Critical: ${shortSummary(f)}`, 250);
  const link = safeLink(reportLocation);
  const description = [
    findingLine(f),
    `Account ${neutralise(f.resource.account)}, region ${neutralise(f.resource.region)}, ${f.source}, statements ${f.statements.map((x) => neutralise(x, 80)).join(', ') || 'none'}`,
    ...(link ? [`Report: ${link}`] : reportLocation ? [`Report: ${neutralise(reportLocation, 1024)}`] : []),
  ].join('\n');
  const body = {
    version: '1.0',
    source: 'custom',
    id: `${doc.runId}/${f.id}`,
    content: {
      textType: 'client-markdown',
      title,
      description,
      ...(link ? { nextSteps: [`Open the report: ${link}`] } : {}),
      keywords: ['critical', f.access, 'access-scan'],
    },
    metadata: {
      threadId: doc.runId,
      summary: title,
      eventType: 'AccessScanCriticalFinding',
      relatedResources: [neutralise(f.resource.arn, 2048)],
      additionalContext: { runId: doc.runId, findingId: f.id },
    },
  };
  return {
    message: JSON.stringify(body),
    subject: asciiSubject(title),
    attributes: { severity: 'critical', kind: 'new-critical-finding' },
  };
}
