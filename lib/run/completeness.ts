/**
 * Read means read: whether a run read everything it planned, and whether it ends Failed (pure). An account is read
 * when its calls succeeded; the plan is read when the organisation listing succeeded. Anything planned and not read
 * makes the run incomplete; what ends Failed is a setting (`failOnGaps`, README "Completeness"):
 * - by default, any account not read at all (no result object, its Map item failed, its member role not assumed),
 *   a failed or unreadable Map, or an organisation listing not read ends Failed;
 * - accounts read in part (a region or service not read), Organizations reads that failed beside a good listing
 *   (an OU, an RCP) and an access-matrix join that failed (lib/run/matrix-step.ts) are gaps: the run is incomplete and says so, and ends Failed only with `failOnGaps`.
 */
import type { CoverageMatrix } from '../findings/model.js';
import type { Manifest } from '../model/manifest.js';
import type { IncompleteRun } from '../publish/types.js';
import type { MapOutcome } from './map-outcome.js';
import { accountsToScan } from './steps.js';

/** A counted word: "1 account", "2 accounts". */
const n = (k: number, word: string): string => `${k} ${word}${k === 1 ? '' : 's'}`;

/** The run's verdict. */
export interface RunVerdict {
  /** Anything not read at all (accounts, the Map, the organisation listing), with reasons; null when none. */
  incomplete: Omit<IncompleteRun, 'latestReplaced'> | null;
  /** Accounts read in part. */
  partial: string[];
  /** True only when everything planned was read in full. */
  complete: boolean;
  /** Whether the execution ends Failed under the setting, and why. */
  fail: boolean;
  failReason: string | null;
  /** The gaps of a run read in part (accounts read in part, Organizations reads beside a good listing), or null. */
  gapReason: string | null;
}

/** The organisation listing's failure, when the plan was not listed by Organizations this run. */
function planningProblem(manifest: Manifest): string | null {
  const p = manifest.planning;
  if (!p || p.source === 'listed') return null;
  if (p.source === 'last-known')
    return `organisation not listed (${p.error ?? 'unknown error'}): the last known listing of run ${p.knownFrom?.runId ?? '?'} (${p.knownFrom?.listedAt ?? '?'}) was used`;
  return `organisation not listed (${p.error ?? 'unknown error'}) and none known before: only the caller's account was planned`;
}

/**
 * Whether a run is incomplete, and why: the Map failed, its record could not be read, accounts of the plan have no
 * result object (their items failed, or the Map stopped before them) or were not read at all (`unread`: their
 * result holds nothing, e.g. the member role could not be assumed), or the organisation was not listed.
 */
export function incompleteRun(
  manifest: Manifest,
  missing: string[],
  map: MapOutcome,
  unread: Array<{ account: string; reason: string }> = [],
): Omit<IncompleteRun, 'latestReplaced'> | null {
  const planning = planningProblem(manifest);
  if (!map.mapError && !map.problem && missing.length === 0 && unread.length === 0 && !planning) return null;
  const names = new Map(manifest.accounts.map((a) => [a.id, a.name]));
  const failed = new Map(map.failedItems.map((f) => [f.accountId, f]));
  const notRead = [
    ...missing.map((account) => {
      const item = failed.get(account);
      const reason = item
        ? `its scan failed: ${item.error}${item.cause ? `: ${item.cause.slice(0, 500)}` : ''}`
        : map.mapError
          ? `the Map stopped with ${map.mapError.error} before its result was written`
          : 'no result object: its scan did not finish';
      return { account, reason };
    }),
    ...unread,
  ].map((n) => ({
    account: n.account,
    ...(names.get(n.account) ? { name: names.get(n.account) } : {}),
    reason: n.reason,
  }));
  const why = map.mapError
    ? `the account Map failed with ${map.mapError.error}${map.mapError.cause ? `: ${map.mapError.cause.slice(0, 300)}` : ''}`
    : (map.problem ??
      [
        ...(map.failedItems.length > 0
          ? [`${n(map.failedItems.length, 'account scan')} failed`]
          : missing.length > 0
            ? [`${n(missing.length, 'account')} without a result object`]
            : []),
        ...(unread.length > 0
          ? [
              `${n(unread.length, 'account')} could not be read at all (${unread
                .slice(0, 3)
                .map((u) => [u.account, names.get(u.account)].filter(Boolean).join(' '))
                .join(', ')}${unread.length > 3 ? ', …' : ''})`,
            ]
          : []),
      ].join(', '));
  const head =
    notRead.length > 0 || map.mapError || map.problem
      ? `${notRead.length} of ${accountsToScan(manifest).length} accounts not read: ${why}`
      : '';
  const summary = [head, planning].filter((x) => x).join('; ');
  // Accounts whose result says they were not read keep their findings not-checked through the coverage, as before
  // issue 20: such a run may replace latest. A Map failure, missing results or an unlisted plan may not.
  const replaceLatest = missing.length === 0 && !map.mapError && !map.problem && !planning;
  return {
    summary,
    mapError: map.mapError ?? null,
    notRead,
    problem: map.problem ?? null,
    ...(planning ? { planning } : {}),
    ...(replaceLatest ? { replaceLatest } : {}),
  };
}

/**
 * Judges a run. `coverage` is the matrix of the accounts' merged results (an account whose Map item failed is in `missing` even
 * when it wrote a result before failing: the Map's record decides).
 */
export function judgeRun(
  manifest: Manifest,
  coverage: CoverageMatrix,
  missing: string[],
  map: MapOutcome,
  opts: { failOnGaps: boolean; joinProblem?: string | null },
): RunVerdict {
  const byAccount = new Map<string, typeof coverage.cells>();
  for (const c of coverage.cells) {
    const list = byAccount.get(c.account);
    if (list) list.push(c);
    else byAccount.set(c.account, [c]);
  }
  const absent = new Set(missing);
  const unread: Array<{ account: string; reason: string }> = [];
  const partial: string[] = [];
  for (const [account, cells] of byAccount) {
    if (absent.has(account)) continue;
    if (cells.every((c) => c.status === 'gap'))
      unread.push({ account, reason: `nothing could be read: ${cells[0]?.reason ?? 'every read failed'}` });
    else if (cells.some((c) => c.status !== 'scanned')) partial.push(account);
  }
  const incomplete = incompleteRun(manifest, missing, map, unread);
  const planningGaps = manifest.gaps.length > 0 && !planningProblem(manifest);
  // INVARIANT: a failed access-matrix join is a gap of the run (its "who can write" is not known), like an account
  // read in part: never complete, Failed only with failOnGaps, and the report and message are still published.
  const joinProblem = opts.joinProblem ?? null;
  const complete = incomplete === null && partial.length === 0 && !planningGaps && joinProblem === null;
  const gapText = [
    ...(partial.length > 0 ? [`${n(partial.length, 'account')} read in part`] : []),
    ...(planningGaps ? [`${n(manifest.gaps.length, 'Organizations read')} failed`] : []),
    ...(joinProblem !== null ? [joinProblem] : []),
  ].join(', ');
  const fail = incomplete !== null || (opts.failOnGaps && !complete);
  const failReason = incomplete ? incomplete.summary : fail ? `${gapText} (failOnGaps)` : null;
  return { incomplete, partial, complete, fail, failReason, gapReason: gapText || null };
}
