/**
 * Folds one rescan into an account's latest state (pure, so a conditional write that lost can call it again on the
 * state as it is now). Resources read in full take the fresh findings (first seen and announcement kept); a partial
 * read only adds what it saw. The findings announced by this rescan get `announcedAt` / `announcedBy: 'event'`, so
 * the nightly run does not announce them again.
 */
import type { Finding } from '../model/finding.js';
import { compareScope, type AlertPolicy, type KnownFinding, type RescanEntry } from './rescan-compare.js';
import { emptyAccountState, knownFindings, type AccountState, type ResourceState } from './rescan-state.js';

/** One rescan's outcome, ready to merge. */
export interface RescanRead {
  account: string;
  /** Does a finding belong to the rescanned scope. */
  inScope: (f: Finding) => boolean;
  /** The scope's own resource (present in the state even without findings). */
  resourceArn?: string;
  /** The scope's fresh findings (folded, in scope). */
  findings: Finding[];
  /** False when something in the scope could not be read: nothing is resolved then. */
  full: boolean;
  readAt: string;
  /** `lastReadRun` written for the resources: `event:<time>`. */
  label: string;
}

function entryOf(e: RescanEntry, read: RescanRead, announced: ReadonlySet<string>): KnownFinding {
  const before = e.before;
  const nowAnnounced = announced.has(e.finding.id);
  return {
    finding: e.finding,
    firstSeen: before?.firstSeen ?? read.readAt,
    lastSeen: read.readAt,
    announcedAt: nowAnnounced ? read.readAt : (before?.announcedAt ?? null),
    ...(nowAnnounced ? { announcedBy: 'event' } : before?.announcedBy ? { announcedBy: before.announcedBy } : {}),
  };
}

/**
 * The next state and the comparison it was built from.
 * @param announced ids of the findings this rescan announced (sent before the write; see rescan-step.ts)
 */
export function mergeRescan(current: AccountState | null, read: RescanRead, policy: AlertPolicy, announced: ReadonlySet<string>): { next: AccountState; entries: RescanEntry[] } {
  const state = current ?? emptyAccountState(read.account, read.readAt, read.label);
  const before = knownFindings(state, read.inScope);
  const entries = compareScope(before, read.findings, policy, read.full);
  const arns = new Set<string>([...(read.resourceArn ? [read.resourceArn] : []), ...before.map((k) => k.finding.resource.arn), ...read.findings.map((f) => f.resource.arn)]);
  const resources: Record<string, ResourceState> = { ...state.resources };
  for (const arn of arns) {
    const kept = read.full ? {} : { ...(state.resources[arn]?.findings ?? {}) };
    const findings: Record<string, KnownFinding> = kept;
    for (const e of entries) {
      if (e.status === 'resolved' || e.finding.resource.arn !== arn) continue;
      if (e.before && e.before.finding.id !== e.finding.id) delete findings[e.before.finding.id];
      findings[e.finding.id] = entryOf(e, read, announced);
    }
    resources[arn] = { lastReadRun: read.label, lastReadAt: read.readAt, read: read.full ? 'full' : 'partial', findings };
  }
  return { next: { ...state, updatedAt: read.readAt, updatedByRun: read.label, resources }, entries };
}
