/**
 * publish-report: read the previous report, diff, apply suppressions, write every report file, notify once.
 * Used by functions/publish-report.ts and the local runner (lib/run).
 */
import { isNews } from '../model/resource-state.js';
import { diffRun, type DiffedRun, type DiffRunInput } from './diff-run.js';
import { writeHistory } from './history.js';
import { incompleteLead, incompletenessOf } from './incomplete-text.js';
import { renderSnsMessage } from './render-sns.js';
import { renderCriticalMessage } from './sns-critical.js';
import { assumedImporter, securityHubStep } from './securityhub-step.js';
import type { Importer, SecurityHubSink } from './securityhub-writer.js';
import type { CriticalWriters } from '../analyze/effective/critical.js';
import type { Notifier, PublishOutcome, ReportDoc, ReportStore } from './types.js';
import { reportCriticalWriters } from './html-critical-writers.js';
import { datedPrefix, publishedMarkerKey, REPORT_FILES, writeReport } from './write-report.js';
import type { PartBudget } from './report-parts.js';
import { collect, type ReportHead, type ReportLists } from './report-stream.js';

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

/**
 * Sends the run's messages: at most once per run id once sent (see claimMarker). A crash after the marker is written
 * and before the send finishes leaves `sending` (at most once, never twice); an SNS error rewrites it as `failed`
 * with the error, the summary says `failed`, and the next attempt (the state machine's retry, a redrive, or
 * publishing again) re-sends.
 */
async function notify(
  doc: ReportDoc,
  io: PublishIo,
  now: string,
  location: string,
): Promise<Pick<PublishOutcome, 'notification' | 'messageIds' | 'notificationError'>> {
  if (!io.notifier) return { notification: 'disabled', messageIds: [] };
  const marker = publishedMarkerKey(doc.runId);
  const attempt = await claimMarker(io.store, doc.runId, now);
  if (attempt === 0) return { notification: 'duplicate', messageIds: [] };
  const messageIds: string[] = [];
  try {
    messageIds.push(
      await io.notifier.send(
        renderSnsMessage(doc, {
          reportLocation: location,
          ...(io.criticalWriters ? { criticalWriters: io.criticalWriters } : {}),
        }),
      ),
    );
    if (io.criticalMessages) {
      const critical = doc.findings.filter(
        (f) => f.status === 'new' && isNews(f.newKind) && f.severity === 'critical' && !f.suppressedBy,
      );
      for (const f of critical.slice(0, MAX_CRITICAL_MESSAGES))
        messageIds.push(await io.notifier.send(renderCriticalMessage(doc, f, location)));
    }
  } catch (err) {
    const error = (err as Error).message;
    await io.store.put(
      marker,
      `${JSON.stringify({ runId: doc.runId, state: 'failed', at: now, attempt, error, messageIds })}\n`,
      'application/json',
    );
    return { notification: 'failed', messageIds, notificationError: error };
  }
  await io.store.put(
    marker,
    `${JSON.stringify({ runId: doc.runId, state: 'sent', at: now, attempt, messageIds })}\n`,
    'application/json',
  );
  return { notification: 'sent', messageIds };
}

/** What `publishReport` publishes: the run, its time, the suppressions file text and what the publish step knows. */
export type PublishInput = DiffRunInput;

/**
 * TEMPORARY ADAPTER (issue 21, session 6): the writers below still take one ReportDoc, so the streamed lists are
 * collected here, in the key order of the whole-document builder. Helper s6-21b converts writeReport, writeHistory,
 * securityHubStep and notify to take `(head, lists)`; the lead removes this adapter when both are merged.
 */
async function collectDoc(head: ReportHead, lists: ReportLists): Promise<ReportDoc> {
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
    findings: await collect(lists.findings()),
    resolved: await collect(lists.resolved()),
    suppressions,
    coverage,
    lint,
    inputErrors,
    gaps,
    population: await collect(lists.population()),
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
  const doc = await collectDoc(diffed.head, diffed.lists); // TEMPORARY ADAPTER, see collectDoc
  // A link people can click (the report-link URL, else the S3 console page of the object), else where it is stored.
  const key = `${prefix}report.html`;
  const location = io.reportLocation ?? (await io.store.linkOf?.(key)) ?? io.store.locationOf?.(key) ?? key;
  // Before the files and the message, so a delivery gap is in both.
  doc.securityHub = await securityHubStep(doc, io.securityHub, io.asffImporter ?? assumedImporter(doc), location);
  // New writers to critical resources (the join's summary, lib/run/critical-step.ts): in the report as in the message.
  if (io.criticalWriters) doc.criticalWriters = reportCriticalWriters(io.criticalWriters);
  // History rows first (lib/publish/history.ts), so a report that is committed has its history in place.
  await writeHistory(io.store, doc);
  const keys = await writeReport(io.store, doc, prefix, latest, io.budget);
  const sent = await notify(doc, io, input.now, location);
  return {
    runId: input.runId,
    prefix,
    keys,
    summary: doc.summary,
    previousRunId: doc.previous?.runId ?? null,
    suppressionErrors: suppressions && !suppressions.ok ? suppressions.errors : [],
    securityHub: doc.securityHub,
    ...sent,
    incompleteness: incompletenessOf(doc),
    incompleteLead: incompleteLead(doc),
    incomplete: doc.incomplete ?? null,
    stateProblems: doc.stateProblems ?? [],
  };
}
