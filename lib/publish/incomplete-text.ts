/**
 * What a run did not read, computed once from its report and said the same way everywhere: the SNS subject, the
 * Slack title, the report's banner and the CLI summary all lead with `incompleteLead(doc)` whenever anything planned
 * was not read, so the subject and the body can never disagree on how many accounts were not read.
 */
import type { Incompleteness, ReportDoc } from './types.js';

export type { Incompleteness } from './types.js';

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

/** The counts, or null when the run read everything it planned. */
export function incompletenessOf(doc: Pick<ReportDoc, 'coverage' | 'incomplete' | 'summary'>): Incompleteness | null {
  // One pass over the cells (issue 21: nothing in the publish path compares every account with every cell).
  const byAccount = new Map<string, { allGap: boolean; anyGap: boolean }>();
  for (const c of doc.coverage.cells) {
    const a = byAccount.get(c.account) ?? { allGap: true, anyGap: false };
    a.allGap &&= c.status === 'gap';
    a.anyGap ||= c.status !== 'scanned';
    byAccount.set(c.account, a);
  }
  const accounts = [...byAccount.keys()];
  const unread = new Set(doc.incomplete?.notRead.map((n) => n.account) ?? []);
  for (const [a, s] of byAccount) if (s.allGap) unread.add(a);
  const partial = accounts.filter((a) => !unread.has(a) && byAccount.get(a)!.anyGap).length;
  const planning =
    doc.incomplete?.planning ??
    (doc.coverage.runGaps.length > 0
      ? `${plural(doc.coverage.runGaps.length, 'organisation read')} failed (${doc.coverage.runGaps[0]!.call})`
      : null);
  const map = doc.incomplete?.mapError
    ? `the account Map failed with ${doc.incomplete.mapError.error}`
    : (doc.incomplete?.problem ?? null);
  const total = Math.max(doc.summary.accounts.total, accounts.length);
  if (unread.size === 0 && partial === 0 && !planning && !map) return null;
  return { total, notRead: unread.size, partial, planning, organisationListed: !doc.incomplete?.planning, map };
}

/**
 * One line that leads every summary of an incomplete run, e.g. `Scan incomplete: 499 of 500 accounts not read, 1
 * read in part; organisation not listed (ListAccounts: Throttling): the last known listing of 2026-12-05 was used`. Empty when the
 * run read everything.
 */
export function incompleteLead(doc: Pick<ReportDoc, 'coverage' | 'incomplete' | 'summary'>): string {
  const i = incompletenessOf(doc);
  if (!i) return '';
  const parts: string[] = [];
  if (i.notRead > 0) parts.push(`${i.notRead} of ${plural(i.total, 'account')} not read`);
  if (i.partial > 0)
    parts.push(
      i.notRead > 0 ? `${i.partial} read in part` : `${i.partial} of ${plural(i.total, 'account')} read in part`,
    );
  if (i.planning) parts.push(i.planning);
  if (i.map) parts.push(i.map);
  return `Scan incomplete: ${parts.join('; ')}`;
}
