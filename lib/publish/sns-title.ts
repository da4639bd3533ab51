/**
 * The title and the SNS subject of a run's message (pure), computed from one place so they agree: critical writers
 * first, then incompleteness whenever there is any, then what changed (news first; first reads and what the event
 * path already announced are counted, never news).
 */
import type { CriticalWriters } from '../analyze/effective/critical.js';
import { criticalWritersTitle } from './critical-writers-text.js';
import { incompleteLead, incompletenessOf } from './incomplete-text.js';
import { neutralise, shortSummary } from './sns-lines.js';
import type { ReportHead } from './report-stream.js';
import type { SnsDigest } from './sns-digest.js';
import { asciiSubject } from './sns-wire.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Accounts of the plan not read at all, counted once (./incomplete-text.ts). */
export function notReadCount(head: Pick<ReportHead, 'coverage' | 'incomplete' | 'summary'>): number {
  return incompletenessOf(head)?.notRead ?? 0;
}

/**
 * The title in two parts: what changed, and whether the scan was incomplete (kept whole in the 100-character
 * subject). What changed: "1 new public finding: anyone can write bucket x", "3 new findings in 2 accounts, 2
 * public", "No new findings: 2 first reads, 1 already announced, 21 open", "No change: 21 open findings"; the
 * incompleteness: "Scan incomplete: 3 accounts not read".
 */
function titleParts(
  head: ReportHead,
  digest: SnsDigest,
  critical?: CriticalWriters,
): { what: string; incomplete: string } {
  const s = head.summary;
  const fresh = digest.fresh.count;
  const accounts = digest.freshAccounts.size;
  const pub = digest.freshPublic;
  const changed = digest.changed.count + digest.orgChanged.count;
  const firstReads = digest.firstReads;
  const announced = digest.announced.count;
  const already = announced > 0 ? `${announced} already announced, ` : '';
  const notRead = notReadCount(head);
  let what: string;
  if (fresh === 1 && digest.firstFresh)
    what = `1 new ${digest.firstFresh.access} finding: ${shortSummary(digest.firstFresh)}`;
  else if (fresh > 1 && pub === fresh) what = `${fresh} new public findings in ${plural(accounts, 'account')}`;
  else if (fresh > 1)
    what = `${fresh} new findings in ${plural(accounts, 'account')}${pub > 0 ? `, ${pub} public` : ''}`;
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
  const incomplete = incompleteLead(head);
  if (lead) return { what: [lead, incomplete, what].filter((x) => x).join(' · '), incomplete: '' };
  return { what, incomplete };
}

/** The title: incompleteness first, whenever there is any, then what changed. */
export function titleOf(head: ReportHead, digest: SnsDigest, critical?: CriticalWriters): string {
  const { what, incomplete } = titleParts(head, digest, critical);
  return neutralise(incomplete ? `${incomplete} · ${what}` : what, 250);
}

/** The SNS subject: the title, "Scan incomplete: ..." first and kept whole up to 100 characters. */
export function subjectOf(head: ReportHead, digest: SnsDigest, critical?: CriticalWriters): string {
  const { what, incomplete } = titleParts(head, digest, critical);
  if (!incomplete) return asciiSubject(what.replace(/ · /g, ' - '));
  const lead = asciiSubject(incomplete);
  const tail = asciiSubject(` - ${what}`);
  if (lead.length + tail.length <= 100) return lead + tail;
  if (lead.length >= 97) return `${lead.slice(0, 97)}...`;
  const cut = tail.slice(0, 97 - lead.length);
  const word = cut.lastIndexOf(' ');
  return `${lead}${word > 3 ? cut.slice(0, word) : cut}...`;
}
