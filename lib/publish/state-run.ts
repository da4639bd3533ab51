/**
 * The state diff of a whole run (pure): every account of the run, and every account with a state document, is
 * diffed against its own last read state (lib/findings/state-diff.ts); the report takes the union. Accounts that
 * left the organisation are resolved with that reason, but only when the organisation listing succeeded (a listing
 * that failed says nothing about who left).
 */
import type { CoverageMatrix, ReportFinding } from '../findings/model.js';
import type { NotScanned } from '../findings/scope.js';
import { diffAccount, type AccountRead } from '../findings/state-diff.js';
import { accountReadOf, type ListedResource } from '../findings/state-read.js';
import type { Finding } from '../model/finding.js';
import type { OrgAccount } from '../model/manifest.js';
import type { Manifest } from '../model/manifest.js';
import { noNewKinds, type AccountFacts, type AccountState, type NewKind } from '../model/resource-state.js';

/** The reason findings of an account that left are resolved with. */
export const LEFT_REASON = 'the account left the organisation';

/** One account's part of the run: what was read and the state to write. */
export interface AccountStateUpdate {
  read: AccountRead;
  next: AccountState;
  /** False when nothing of the account was read and nothing changed: the stored document can stay. */
  write: boolean;
}

export interface RunStateDiff {
  findings: ReportFinding[];
  resolved: ReportFinding[];
  newKinds: Record<NewKind, number>;
  accounts: AccountStateUpdate[];
}

/**
 * Whether an account with state has left the organisation: the listing succeeded (an organisation, no Organizations
 * gap) and the account is not among its accounts at all.
 */
export function hasLeft(manifest: Manifest, account: string): boolean {
  if (!manifest.organization || manifest.gaps.some((g) => g.service === 'organizations')) return false;
  return !manifest.accounts.some((a) => a.id === account);
}

/**
 * Diffs every account of the run against its state.
 * @param states the previous state of each account (null: never read); accounts absent are treated as null
 * @param listed the resources the run listed (the report's population)
 */
export function diffRunAgainstState(args: {
  runId: string;
  now: string;
  manifest: Manifest;
  /** The accounts read this run (lib/publish/account-part.ts): their folded findings and the facts their read gave. */
  parts: ReadonlyArray<{
    account: OrgAccount;
    findings: ReadonlyArray<Finding & { evidence?: unknown }>;
    facts: AccountFacts;
  }>;
  coverage: CoverageMatrix;
  listed: ListedResource[];
  notChecked: NotScanned;
  states: ReadonlyMap<string, AccountState | null>;
}): RunStateDiff {
  const byAccount = new Map(args.parts.map((p) => [p.account.id, p]));
  // Grouped once: at thousands of accounts a scan of every listed resource per account would be quadratic.
  const listedOf = groupBy(args.listed, (r) => r.account);
  const cellsOf = groupBy(args.coverage.cells, (c) => c.account);
  const accounts = [...new Set([...cellsOf.keys(), ...args.states.keys()])];
  const out: RunStateDiff = {
    findings: [],
    resolved: [],
    newKinds: noNewKinds(),
    accounts: [],
  };
  for (const account of accounts) {
    const previous = args.states.get(account) ?? null;
    if (previous?.leftAt && !byAccount.has(account)) continue; // resolved when it left; nothing open
    const result = byAccount.get(account);
    const inRun = cellsOf.has(account);
    const left = !inRun && previous !== null && hasLeft(args.manifest, account) ? LEFT_REASON : undefined;
    const read = accountReadOf({
      account,
      runId: args.runId,
      now: args.now,
      facts: result?.facts ?? {},
      // Account results come folded (accountResults): no second fold. The state keeps findings without evidence.
      findings: result ? result.findings.map(withoutEvidence) : [],
      cells: cellsOf.get(account) ?? [],
      listed: listedOf.get(account) ?? [],
      notChecked: args.notChecked,
      ...(left ? { left } : {}),
    });
    const d = diffAccount(previous, read);
    out.findings.push(...d.findings);
    out.resolved.push(...d.resolved);
    for (const [k, n] of Object.entries(d.newKinds)) out.newKinds[k as NewKind] += n;
    // An account of which nothing was read keeps its document as it is.
    out.accounts.push({ read, next: d.next, write: result !== undefined || left !== undefined });
  }
  return out;
}

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

/** A finding without the statements the report lists as its evidence (kept in the report, not in the state). */
function withoutEvidence<F extends Finding & { evidence?: unknown }>(f: F): Finding {
  if (!('evidence' in f)) return f;
  const { evidence: _e, ...rest } = f;
  return rest;
}
