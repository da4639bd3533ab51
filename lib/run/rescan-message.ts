/**
 * The event path's Slack-ready messages, in the same AWS Chatbot custom notification format as the nightly ones
 * (lib/publish/render-sns.ts, whose neutralising and subject rules they reuse): one alert per rescanned scope with
 * new, widened or resolved outside grants, and one gap message when a scope could not be read — never silence.
 */
import { summarizeFinding } from '../findings/finding-words.js';
import type { Finding } from '../model/finding.js';
import { SEVERITY_ORDER, type Severity } from '../model/severity.js';
import { changeText, neutralise } from '../publish/sns-lines.js';
import { asciiSubject } from '../publish/sns-wire.js';
import type { OutboundMessage } from '../publish/types.js';
import type { RescanEntry } from './rescan-compare.js';
import type { ScopeBatch } from './rescan-scope.js';

const HEADINGS: Array<[RescanEntry['status'], string]> = [
  ['new', 'New'],
  ['widened', 'Widened'],
  ['tightened', 'Tightened'],
  ['resolved', 'Resolved'],
];

const hhmmss = (iso: string): string => iso.slice(11, 19);

function line(e: RescanEntry): string {
  const head = `• [${e.finding.severity}] ${neutralise(summarizeFinding(e.finding), 600)}`;
  const change = e.changes
    ? ` Changed: ${neutralise(changeText({ ...e.finding, status: 'changed', firstSeen: '', lastSeen: '', changes: e.changes }))}`
    : '';
  return `${head}${change} (finding ${e.finding.id})`;
}

function highest(findings: Finding[]): Severity | 'none' {
  const ranks = findings.map((f) => SEVERITY_ORDER.indexOf(f.severity));
  return ranks.length === 0 ? 'none' : SEVERITY_ORDER[Math.min(...ranks)];
}

/** What the change was, in one line: `SetRepositoryPolicy at 10:02:00 by arn:... (3 events)`. */
function changeWords(batch: ScopeBatch): string {
  const e = batch.latest;
  const by = e.actor ? ` by ${neutralise(e.actor, 200)}` : '';
  const more =
    batch.events > 1 ? ` (${batch.events} events: ${batch.eventNames.map((n) => neutralise(n, 60)).join(', ')})` : '';
  return `${neutralise(e.eventName, 60)} at ${e.eventTime}${by}${more}`;
}

/** The title: the most important alerted entry, in words. */
function titleOf(alerts: RescanEntry[]): string {
  const first = alerts.find((e) => e.status !== 'resolved') ?? alerts[0];
  const verb =
    first.status === 'new'
      ? `New ${first.finding.access} access`
      : first.status === 'resolved'
        ? 'Access removed'
        : `${first.finding.access === 'public' ? 'Public' : 'External'} access ${first.status}`;
  const more = alerts.length > 1 ? ` (+${alerts.length - 1} more)` : '';
  return neutralise(
    `${verb}: ${summarizeFinding(first.finding)
      .replace(/ \([^)]*\)/g, '')
      .replace(/\.$/, '')}${more}`,
    250,
  );
}

/** The alert for one rescanned scope, or null when nothing in it is announced. */
export function renderRescanAlert(batch: ScopeBatch, entries: RescanEntry[], readAt: string): OutboundMessage | null {
  const alerts = entries.filter((e) => e.alert);
  if (alerts.length === 0) return null;
  const lines = [
    `Change: ${changeWords(batch)}`,
    `Read again at ${readAt} (${hhmmss(batch.latest.eventTime)} → ${hhmmss(readAt)}); the nightly run will not announce these again`,
  ];
  for (const [status, heading] of HEADINGS) {
    const list = alerts.filter((e) => e.status === status);
    if (list.length > 0) lines.push('', `*${heading}*`, ...list.map(line));
  }
  const title = titleOf(alerts);
  const open = alerts.filter((e) => e.status !== 'resolved').map((e) => e.finding);
  const body = {
    version: '1.0',
    source: 'custom',
    id: `rescan/${batch.key}/${readAt}`,
    content: {
      textType: 'client-markdown',
      title,
      description: lines.join('\n'),
      keywords: [...new Set(['rescan', ...alerts.map((e) => e.finding.access)])],
    },
    metadata: {
      threadId: `rescan/${batch.key}`,
      summary: title,
      eventType: 'AccessRescanAlert',
      relatedResources: [...new Set(alerts.map((e) => neutralise(e.finding.resource.arn, 2048)))].slice(0, 20),
      additionalContext: {
        scope: neutralise(batch.key, 300),
        eventTime: batch.latest.eventTime,
        readAt,
        findingIds: alerts
          .map((e) => e.finding.id)
          .join(',')
          .slice(0, 2000),
      },
    },
  };
  return {
    message: JSON.stringify(body),
    subject: asciiSubject(title),
    attributes: { severity: highest(open), kind: 'rescan-alert' },
  };
}

/** The message for a scope that could not be judged: what was not read and why, never silence. */
export function renderRescanGap(batch: ScopeBatch, reasons: string[], readAt: string): OutboundMessage {
  const title = neutralise(
    batch.scope.kind === 'organization'
      ? `Organisation policy changed (${batch.latest.eventName}): judged at the next full run`
      : `Rescan gap: ${batch.key} could not be read after ${batch.latest.eventName}`,
    250,
  );
  const lines = [
    `Change: ${changeWords(batch)}`,
    `Not read at ${readAt}: what changed is unknown until it can be read (the nightly run reads it again)`,
    ...reasons.slice(0, 10).map((r) => `• ${neutralise(r, 600)}`),
  ];
  const body = {
    version: '1.0',
    source: 'custom',
    id: `rescan-gap/${batch.key}/${readAt}`,
    content: { textType: 'client-markdown', title, description: lines.join('\n'), keywords: ['rescan', 'gap'] },
    metadata: {
      threadId: `rescan/${batch.key}`,
      summary: title,
      eventType: 'AccessRescanGap',
      relatedResources: [],
      additionalContext: { scope: neutralise(batch.key, 300), eventTime: batch.latest.eventTime, readAt },
    },
  };
  return {
    message: JSON.stringify(body),
    subject: asciiSubject(title),
    attributes: { severity: 'none', kind: 'rescan-gap' },
  };
}
