/**
 * Which findings of a report are news in the run's message (issue 20, docs/state.md): newly granted and new
 * resources lead; first reads and findings resting on a failed read are one counted line each; grants that changed
 * inside the organisation have their own heading. Pure.
 */
import type { ReportFinding } from '../findings/model.js';
import { EVENT_ANNOUNCER, isNews } from '../model/resource-state.js';
import type { ReportDoc } from './types.js';

/** Findings that may take a top slot: unsuppressed, outside the organisation (`org` is inventory, `info` too). */
export function alertable(f: ReportFinding): boolean {
  return !f.suppressedBy && f.access !== 'org' && f.severity !== 'info';
}

/** New findings that are news (newly granted, new resource) and may take a top slot. */
export function freshOf(doc: ReportDoc): ReportFinding[] {
  return doc.findings.filter((f) => f.status === 'new' && isNews(f.newKind) && alertable(f));
}

/** New findings that are not news: first reads, and findings that rest on a read that failed. */
export function notNewsOf(doc: ReportDoc, kind: 'first-read' | 'assumed'): ReportFinding[] {
  return doc.findings.filter((f) => f.status === 'new' && f.newKind === kind && !f.suppressedBy);
}

/** A finding the event path already announced since the last night: a new grant (`announced`) or a widening. */
function byEvent(f: ReportFinding): boolean {
  return (
    (f.status === 'new' && f.newKind === 'announced') || (f.status === 'changed' && f.announcedBy === EVENT_ANNOUNCER)
  );
}

/** Changed findings that may take a top slot: alertable, and not a widening the event path already announced. */
export function changedOf(doc: ReportDoc): ReportFinding[] {
  return doc.findings.filter((f) => f.status === 'changed' && alertable(f) && !byEvent(f));
}

/**
 * Findings the event path already announced since the last night (docs/event-path.md): new grants and widenings,
 * one counted line, never news. Widenings inside the organisation keep their own heading (`orgChangesOf`).
 */
export function announcedOf(doc: ReportDoc): ReportFinding[] {
  return doc.findings.filter((f) => byEvent(f) && !f.suppressedBy && (f.status === 'new' || f.access !== 'org'));
}

/** Widened or narrowed grants inside the organisation: their own heading, never a top slot. */
export function orgChangesOf(doc: ReportDoc): ReportFinding[] {
  return doc.findings.filter((f) => f.status === 'changed' && !f.suppressedBy && f.access === 'org');
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The one counted line for first reads and the one for findings resting on a failed read (none when there are none). */
export function notNewsLines(
  firstReads: ReportFinding[],
  assumed: ReportFinding[],
  neutralise: (text: string, max?: number) => string,
): string[] {
  const out: string[] = [];
  if (firstReads.length > 0)
    out.push(
      `First reads (not news): ${plural(firstReads.length, 'finding')} on resources or sources read for the first time, listed in the report`,
    );
  if (assumed.length > 0) {
    const reason = neutralise(assumed[0].notCheckedReason ?? 'a read failed', 200);
    out.push(
      `Not announced: ${plural(assumed.length, 'finding')} ${assumed.length === 1 ? 'rests' : 'rest'} on a read that failed (${reason}); the last read state stands`,
    );
  }
  return out;
}

/** The one counted line for what the event path already announced since the last night (none when nothing). */
export function announcedLine(announced: ReportFinding[]): string[] {
  if (announced.length === 0) return [];
  const fresh = announced.filter((f) => f.status === 'new').length;
  const changed = announced.length - fresh;
  const parts = [fresh > 0 ? `${fresh} new` : '', changed > 0 ? `${changed} changed` : ''].filter((x) => x);
  return [
    `Already announced by the event path (not news): ${plural(announced.length, 'finding')} since the last night (${parts.join(', ')}), listed in the report`,
  ];
}
