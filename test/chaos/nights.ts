/**
 * Multi-night chaos (issue 20): after the fault-free baseline (night A) and the bad night (B), the store itself is
 * damaged the way an SRE would find it (the previous report corrupt or gone, an account's state document garbled),
 * and a fault-free night C runs on the unchanged organisation. The organisation did not change across the three
 * nights, so C must report every finding of A, with A's first-seen dates, and nothing as news; B may report
 * nothing as news either (only the faults changed). Kept apart from chaos.ts so other chaos work merges cleanly.
 */
import type { ReportFinding } from '../../lib/findings/model.js';
import { accountStateKey, isNews } from '../../lib/model/resource-state.js';
import type { ReportDoc, ReportStore } from '../../lib/publish/index.js';
import { prng } from './faults.js';

/** What is done to the store between the bad night and the good one. */
export type StoreDamage = 'none' | 'latest-corrupt' | 'latest-empty' | 'state-corrupt';

/** Draws the store damage of a seed (deterministic). */
export function planStoreDamage(seed: number): StoreDamage {
  const kinds: StoreDamage[] = ['none', 'latest-corrupt', 'latest-empty', 'state-corrupt'];
  return kinds[Math.floor(prng(seed ^ 0x20a)() * kinds.length)]!;
}

/** Applies the damage; returns the account whose state was garbled, if any. */
export async function damageStore(
  store: ReportStore,
  damage: StoreDamage,
  accounts: string[],
  seed: number,
): Promise<string | null> {
  if (damage === 'latest-corrupt')
    await store.put('reports/latest/report.json', '{"schema":"org-access-scanner/report","trunc', 'application/json');
  if (damage === 'latest-empty') await store.put('reports/latest/report.json', '', 'application/json');
  if (damage !== 'state-corrupt') return null;
  const account = accounts[Math.floor(prng(seed ^ 0x5747)() * accounts.length)]!;
  await store.put(
    accountStateKey(account),
    '{"schema":"org-access-scanner/account-state","version":1,"acc',
    'application/json',
  );
  return account;
}

const news = (doc: ReportDoc): ReportFinding[] => doc.findings.filter((f) => f.status === 'new' && isNews(f.newKind));

/**
 * Nothing open is lost across nights: every finding of A is reported by C, not resolved (C read everything and the
 * organisation did not change).
 */
export function checkNothingLost(a: ReportDoc, c: ReportDoc): string[] {
  const now = new Set(c.findings.map((f) => f.id));
  const out = a.findings
    .filter((f) => !now.has(f.id))
    .map(
      (f) =>
        `lost by night C: ${f.id} ${f.resource.arn} (${c.resolved.some((r) => r.id === f.id) ? 'resolved' : 'absent'})`,
    );
  for (const r of c.resolved)
    out.push(
      `resolved on night C although nothing changed: ${r.id} ${r.resource.arn} (${r.resolvedReason ?? 'no reason'})`,
    );
  return out;
}

/** No first-seen reset: a finding of A keeps A's first-seen date on B and C. */
export function checkFirstSeen(a: ReportDoc, later: Array<[string, ReportDoc]>): string[] {
  const first = new Map(a.findings.map((f) => [f.id, f.firstSeen]));
  const out: string[] = [];
  for (const [night, doc] of later) {
    for (const f of doc.findings) {
      const was = first.get(f.id);
      if (was !== undefined && f.firstSeen !== was)
        out.push(`night ${night}: ${f.id} first seen ${f.firstSeen}, was ${was}`);
    }
  }
  return out;
}

/** No double "new": nothing is news on C (the organisation did not change), so nothing is announced twice. */
export function checkNoDoubleNew(b: ReportDoc, c: ReportDoc): string[] {
  const onB = new Set(news(b).map((f) => f.id));
  return news(c).map(
    (f) =>
      `night C announces ${f.id} ${f.resource.arn} as ${f.newKind ?? 'new'}${onB.has(f.id) ? ' again (also on B)' : ''}`,
  );
}

/** No alertable "new" finding caused only by a fault: the bad night B announces nothing (nothing changed). */
export function checkNoFaultNews(b: ReportDoc): string[] {
  return news(b).map(
    (f) =>
      `night B announces ${f.id} ${f.resource.arn} (${f.source}, ${f.access}) as ${f.newKind ?? 'new'} although only faults changed`,
  );
}

/** A damaged state or report is loud: a garbled state document is named in C's warnings. */
export function checkDamageIsLoud(c: ReportDoc, garbled: string | null): string[] {
  if (garbled === null) return [];
  return (c.stateProblems ?? []).some((p) => p.includes(garbled))
    ? []
    : [`the garbled state of account ${garbled} is not named in night C's warnings`];
}
