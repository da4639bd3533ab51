/**
 * Which findings of a report are news in the run's message (issue 20, docs/state.md): newly granted and new
 * resources lead; first reads and findings resting on a failed read are one counted line each; grants that changed
 * inside the organisation have their own heading. Pure.
 */
import type { ReportFinding } from '../findings/model.js';
import { EVENT_ANNOUNCER, isNews } from '../model/resource-state.js';

/** Findings that may take a top slot: unsuppressed, outside the organisation (`org` is inventory, `info` too). */
export function alertable(f: ReportFinding): boolean {
  return !f.suppressedBy && f.access !== 'org' && f.severity !== 'info';
}

/** A new finding that is news (newly granted, new resource) and may take a top slot. */
export function isFresh(f: ReportFinding): boolean {
  return f.status === 'new' && isNews(f.newKind) && alertable(f);
}

/** A new finding that is not news: a first read, or a finding that rests on a read that failed. */
export function isNotNews(f: ReportFinding, kind: 'first-read' | 'assumed'): boolean {
  return f.status === 'new' && f.newKind === kind && !f.suppressedBy;
}

/** A finding the event path already announced since the last night: a new grant (`announced`) or a widening. */
function byEvent(f: ReportFinding): boolean {
  return (
    (f.status === 'new' && f.newKind === 'announced') || (f.status === 'changed' && f.announcedBy === EVENT_ANNOUNCER)
  );
}

/** A changed finding that may take a top slot: alertable, and not a widening the event path already announced. */
export function isChanged(f: ReportFinding): boolean {
  return f.status === 'changed' && alertable(f) && !byEvent(f);
}

/**
 * A finding the event path already announced since the last night (docs/event-path.md): new grants and widenings,
 * one counted line, never news. Widenings inside the organisation keep their own heading (`isOrgChange`).
 */
export function isAnnounced(f: ReportFinding): boolean {
  return byEvent(f) && !f.suppressedBy && (f.status === 'new' || f.access !== 'org');
}

/** A widened or narrowed grant inside the organisation: its own heading, never a top slot. */
export function isOrgChange(f: ReportFinding): boolean {
  return f.status === 'changed' && !f.suppressedBy && f.access === 'org';
}

/** New inside the organisation (inventory): news, but not alertable; counted only. */
export function isInventory(f: ReportFinding): boolean {
  return f.status === 'new' && isNews(f.newKind) && !alertable(f) && !f.suppressedBy;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The one counted line for first reads and the one for findings resting on a failed read (none when there are none). */
export function notNewsLines(
  firstReads: number,
  assumed: { count: number; first: ReportFinding | null },
  neutralise: (text: string, max?: number) => string,
): string[] {
  const out: string[] = [];
  if (firstReads > 0)
    out.push(
      `First reads (not news): ${plural(firstReads, 'finding')} on resources or sources read for the first time, listed in the report`,
    );
  if (assumed.count > 0) {
    const reason = neutralise(assumed.first?.notCheckedReason ?? 'a read failed', 200);
    out.push(
      `Not announced: ${plural(assumed.count, 'finding')} ${assumed.count === 1 ? 'rests' : 'rest'} on a read that failed (${reason}); the last read state stands`,
    );
  }
  return out;
}

/** The one counted line for what the event path already announced since the last night (none when nothing). */
export function announcedLine(announced: { count: number; fresh: number }): string[] {
  if (announced.count === 0) return [];
  const changed = announced.count - announced.fresh;
  const parts = [announced.fresh > 0 ? `${announced.fresh} new` : '', changed > 0 ? `${changed} changed` : ''].filter(
    (x) => x,
  );
  return [
    `Already announced by the event path (not news): ${plural(announced.count, 'finding')} since the last night (${parts.join(', ')}), listed in the report`,
  ];
}
