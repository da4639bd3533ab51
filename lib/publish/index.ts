/**
 * publish-report: read the previous report, diff, apply suppressions, write every report file, notify once.
 * Used by functions/publish-report.ts and the local runner (lib/run).
 */
import type { ReportFinding } from '../findings/model.js';
import { isNews } from '../model/resource-state.js';
import { diffRun, type DiffedRun, type DiffRunInput } from './diff-run.js';
import { writeHistory } from './history.js';
import { incompleteLead, incompletenessOf } from './incomplete-text.js';
import { renderRunMessage } from './render-sns.js';
import { snsDigestFrom } from './sns-digest.js';
import { renderCriticalMessage } from './sns-critical.js';
import { assumedImporter, securityHubStep } from './securityhub-step.js';
import type { Importer, SecurityHubSink } from './securityhub-writer.js';
import type { CriticalWriters } from '../analyze/effective/critical.js';
import type { Notifier, PublishOutcome, ReportStore } from './types.js';
import { reportCriticalWriters } from './html-critical-writers.js';
import { datedPrefix, publishedMarkerKey, REPORT_FILES, writeReport } from './write-report.js';
import type { PartBudget } from './report-parts.js';
import type { ReportHead, ReportLists } from './report-stream.js';

export { incompleteLead } from './incomplete-text.js';
export { S3ReportStore } from './store-s3.js';
export { LocalReportStore } from './store-local.js';
export { SnsNotifier } from './notifier-sns.js';
export { SecurityHubWriter, type Importer, type SecurityHubSink } from './securityhub-writer.js';
export { readReport } from './report-index.js';
export type { PartBudget } from './report-parts.js';
export type { IncompleteRun, Notifier, PublishOutcome, ReportDoc, ReportStore, Tagged } from './types.js';

/** At most this many per-finding critical messages per run; the run summary covers the rest. */
export const MAX_CRITICAL_MESSAGES = 20;

export interface PublishIo {
  store: ReportStore;
  notifier?: Notifier;
  /** Shown in messages (the report-link function's https URL); default: the store's link to the dated report.html. */
  reportLocation?: string;
  /** Also send one message per new, unsuppressed critical finding (at most MAX_CRITICAL_MESSAGES). */
  criticalMessages?: boolean;
  /** Send the findings to Security Hub (setting `securityHub`); absent: only the files are written. */
  securityHub?: SecurityHubSink;
  /** The account findings.asff.json is written for when nothing is sent (default: the management account). */
  asffImporter?: Importer;
  /** How large one report file may be before it is split into parts (default ./report-parts.ts DEFAULT_BUDGET). */
  budget?: PartBudget;
  /** New writers to resources marked critical (lib/run/critical-step.ts): they lead the run's message. */
  criticalWriters?: CriticalWriters;
}

/**
 * Claims the run's marker `runs/<runId>/published` before anything is sent: created with putIfAbsent, or taken over
 * when it records an earlier attempt that `failed` (a retry or a redrive re-sends a message that was lost rather
 * than answering "duplicate"). A marker that says `sent`, or `sending` (another attempt is under way or crashed
 * mid-send), is left alone: that run is not notified twice. Returns the attempt's number, 0 when not claimed.
 */
async function claimMarker(store: ReportStore, runId: string, now: string): Promise<number> {
  const marker = publishedMarkerKey(runId);
  const body = (attempt: number): string => `${JSON.stringify({ runId, state: 'sending', at: now, attempt })}\n`;
  if (await store.putIfAbsent(marker, body(1))) return 1;
  let earlier: { state?: string; attempt?: number } | null = null;
  try {
    earlier = JSON.parse((await store.get(marker)) ?? 'null') as { state?: string; attempt?: number } | null;
  } catch {
    earlier = null; // an unreadable marker is not proof that the message went out: still not sent twice
  }
  if (earlier?.state !== 'failed') return 0;
  // INVARIANT: only an attempt recorded as failed is taken over, so a message that was sent is never sent again.
  const attempt = (earlier.attempt ?? 1) + 1;
  await store.put(marker, body(attempt), 'application/json');
  return attempt;
}

/** The first `max` new critical findings that are news and not suppressed, in report order (read until found). */
async function firstNewCritical(lists: ReportLists, max: number): Promise<ReportFinding[]> {
  const out: ReportFinding[] = [];
  if (max <= 0) return out;
  for await (const f of lists.findings()) {
    if (f.status === 'new' && isNews(f.newKind) && f.severity === 'critical' && !f.suppressedBy) out.push(f);
    if (out.length >= max) break;
  }
  return out;
}

/**
 * Sends the run's messages: at most once per run id once sent (see claimMarker). A crash after the marker is written
 * and before the send finishes leaves `sending` (at most once, never twice); an SNS error rewrites it as `failed`
 * with the error, the summary says `failed`, and the next attempt (the state machine's retry, a redrive, or
 * publishing again) re-sends.
 */
async function notify(
  head: ReportHead,
  lists: ReportLists,
  io: PublishIo,
  now: string,
  location: string,
): Promise<Pick<PublishOutcome, 'notification' | 'messageIds' | 'notificationError'>> {
  if (!io.notifier) return { notification: 'disabled', messageIds: [] };
  const marker = publishedMarkerKey(head.runId);
  const attempt = await claimMarker(io.store, head.runId, now);
  if (attempt === 0) return { notification: 'duplicate', messageIds: [] };
  const messageIds: string[] = [];
  try {
    // The message needs counts and the first findings of each heading: gathered in one pass (lib/publish/sns-digest.ts).
    const digest = await snsDigestFrom(lists);
    messageIds.push(
      await io.notifier.send(
        renderRunMessage(head, digest, {
          reportLocation: location,
          ...(io.criticalWriters ? { criticalWriters: io.criticalWriters } : {}),
        }),
      ),
    );
    if (io.criticalMessages)
      for (const f of await firstNewCritical(lists, MAX_CRITICAL_MESSAGES))
        messageIds.push(await io.notifier.send(renderCriticalMessage(head, f, location)));
  } catch (err) {
    const error = (err as Error).message;
    await io.store.put(
      marker,
      `${JSON.stringify({ runId: head.runId, state: 'failed', at: now, attempt, error, messageIds })}\n`,
      'application/json',
    );
    return { notification: 'failed', messageIds, notificationError: error };
  }
  await io.store.put(
    marker,
    `${JSON.stringify({ runId: head.runId, state: 'sent', at: now, attempt, messageIds })}\n`,
    'application/json',
  );
  return { notification: 'sent', messageIds };
}

/** What `publishReport` publishes: the run, its time, the suppressions file text and what the publish step knows. */
export type PublishInput = DiffRunInput;

/**
 * The head with its keys in the order of the whole-document builder (report.json is streamed key by key in the
 * head's order, with the lists after `summary` and `gaps`: ./report-json-stream.ts), so the file is the bytes the
 * whole document gave.
 */
function inDocumentOrder(head: ReportHead): ReportHead {
  const { schema, schemaVersion, runId, generatedAt, organization, regions, previous, summary, ...rest } = head;
  const { suppressions, coverage, lint, inputErrors, gaps, ...after } = rest;
  return {
    schema,
    schemaVersion,
    runId,
    generatedAt,
    organization,
    regions,
    previous,
    summary,
    suppressions,
    coverage,
    lint,
    inputErrors,
    gaps,
    ...after,
  };
}

/**
 * Publishes a run: diff each account against its last read state (docs/state.md; seeded from
 * `reports/latest/report.json` on the first run after an upgrade), suppressions (a malformed file is reported and
 * every finding stays unsuppressed), the next state of each account read (conditional writes, before the files so
 * a retry never announces twice), report files (dated copy, then latest), then one notification.
 * @param input the run, its time and the suppressions file text (null / absent: no suppressions)
 */
export async function publishReport(input: PublishInput, io: PublishIo): Promise<PublishOutcome> {
  const prefix = datedPrefix(input.now, input.runId);
  const diffed = await diffRun(input, io.store, prefix, [...REPORT_FILES], io.budget?.stateAccounts);
  try {
    return await publishDiffed(input, io, prefix, diffed);
  } finally {
    await diffed.dispose();
  }
}

/** The files, Security Hub and the message of a diffed run. */
async function publishDiffed(
  input: PublishInput,
  io: PublishIo,
  prefix: string,
  diffed: DiffedRun,
): Promise<PublishOutcome> {
  const { latest, suppressions } = diffed;
  // A link people can click (the report-link URL, else the S3 console page of the object), else where it is stored.
  const key = `${prefix}report.html`;
  const location = io.reportLocation ?? (await io.store.linkOf?.(key)) ?? io.store.locationOf?.(key) ?? key;
  // The report as its head and streamed lists read from the diff's spills (lib/publish/report-stream.ts): every
  // writer below reads the lists as streams (issue 21; docs/publish-data-flow.md says what each still holds).
  const head = inDocumentOrder(diffed.head);
  const lists = diffed.lists;
  // Before the files and the message, so a delivery gap is in both.
  head.securityHub = await securityHubStep(
    head,
    lists,
    io.securityHub,
    io.asffImporter ?? assumedImporter(head),
    location,
  );
  // New writers to critical resources (the join's summary, lib/run/critical-step.ts): in the report as in the message.
  if (io.criticalWriters) head.criticalWriters = reportCriticalWriters(io.criticalWriters);
  // History rows first (lib/publish/history.ts), so a report that is committed has its history in place.
  await writeHistory(io.store, head, lists);
  const keys = await writeReport(io.store, head, lists, prefix, latest, io.budget);
  const sent = await notify(head, lists, io, input.now, location);
  return {
    runId: input.runId,
    prefix,
    keys,
    summary: head.summary,
    previousRunId: head.previous?.runId ?? null,
    suppressionErrors: suppressions && !suppressions.ok ? suppressions.errors : [],
    securityHub: head.securityHub,
    ...sent,
    incompleteness: incompletenessOf(head),
    incompleteLead: incompleteLead(head),
    incomplete: head.incomplete ?? null,
    stateProblems: head.stateProblems ?? [],
  };
}
