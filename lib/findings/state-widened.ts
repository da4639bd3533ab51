/**
 * A widening the event path announced, as the state keeps it and the next night reports it (pure, docs/state.md):
 * the rescan that sees an open grant widen records when, and the version the nights knew; the next night reports the
 * finding `changed` against that version, already announced by the event path (never news again), and the nights
 * after report it unchanged. A change the night finds since the rescan is reported as a change instead (alerted).
 */
import type { Finding } from '../model/finding.js';
import { EVENT_ANNOUNCER, type FindingState } from '../model/resource-state.js';
import { changesBetween } from './diff.js';
import type { FindingChange } from './model.js';
import { widens } from './widens.js';

/** What a night reports of a widening the event path announced. */
export interface AnnouncedWidening {
  changes: FindingChange[];
  announcedAt: string;
}

/**
 * Sets `next.widenedByEvent` from the earlier state `prev` of a finding read again as `f` (`changes`: from the
 * stored version to `f`), and returns what the night reports of a widening the event path announced, or null.
 */
export function eventWidening(
  prev: FindingState,
  next: FindingState,
  f: Finding,
  changes: FindingChange[],
  runId: string,
  now: string,
): AnnouncedWidening | null {
  const w = prev.widenedByEvent;
  if (runId === EVENT_ANNOUNCER) {
    // A widening no night has reported yet keeps the version the nights knew, whatever rescans came between.
    const open = w && w.reportedBy === undefined ? w : undefined;
    if (changes.length > 0 && widens(changes)) next.widenedByEvent = { at: now, before: open?.before ?? prev.finding };
    else if (open) next.widenedByEvent = open;
    return null;
  }
  // INVARIANT: reported by one night only (a retry of that night reports it again); a change since is alerted.
  if (!w || (w.reportedBy !== undefined && w.reportedBy !== runId) || changes.length > 0) return null;
  const since = changesBetween(w.before, f);
  if (since.length === 0) return null;
  next.widenedByEvent = { ...w, reportedBy: runId };
  return { changes: since, announcedAt: w.at };
}
