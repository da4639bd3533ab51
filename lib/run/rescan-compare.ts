/**
 * What a rescan found, compared with the latest state of the same resources (pure): new grants, widened ones,
 * tightened ones, unchanged ones and resolved ones. Findings are matched by id and by `aliases` (lib/findings/fold.ts)
 * exactly as the nightly diff matches them, so an alert names the finding id the nightly report gives.
 */
import { changesBetween } from '../findings/diff.js';
import type { FindingChange } from '../findings/model.js';
import type { Finding } from '../model/finding.js';
import { severityRank } from '../model/severity.js';

/** A finding as the latest state keeps it. */
export interface KnownFinding {
  finding: Finding;
  firstSeen: string;
  lastSeen: string;
  announcedAt?: string | null;
  announcedBy?: string;
}

export type RescanStatus = 'new' | 'widened' | 'tightened' | 'unchanged' | 'resolved';

/** One finding's fate in a rescan. */
export interface RescanEntry {
  status: RescanStatus;
  finding: Finding;
  /** The state entry it matched (absent for `new`). */
  before?: KnownFinding;
  changes?: FindingChange[];
  /** True when the change is announced (see `alertable`). */
  alert: boolean;
}

/** What is announced; `alertOnTighten` announces tightened grants too (default: recorded only). */
export interface AlertPolicy {
  alertOnTighten: boolean;
}

/** Outside grants are announced; `org` and `trusted-external` are inventory (design.md "Zone of trust"). */
export function isOutsideGrant(f: Finding): boolean {
  return f.access === 'public' || f.access === 'external';
}

/** True when a change between two versions of one finding grants more: an action, a severity, a lost limit. */
export function widens(changes: FindingChange[]): boolean {
  return changes.some((c) => {
    if (c.field === 'severity') return severityRank(c.after[0] as Finding['severity']) < severityRank(c.before[0] as Finding['severity']);
    const removed = c.before.some((x) => !c.after.includes(x));
    const added = c.after.some((x) => !c.before.includes(x));
    // More actions widen; fewer conditions or mitigations widen (a condition or a mitigation only ever limits).
    return c.field === 'actions' ? added : removed;
  });
}

/**
 * Compares the state's findings of a scope with the findings just read there. `before` holds only the state entries
 * of the scope's resources, `after` only the fresh findings of the scope. With `resolveMissing` false (the read was
 * partial) nothing is resolved: a gap is not a fix.
 */
export function compareScope(before: KnownFinding[], after: Finding[], policy: AlertPolicy, resolveMissing = true): RescanEntry[] {
  const byId = new Map<string, KnownFinding>();
  for (const k of before) for (const id of [k.finding.id, ...(k.finding.aliases ?? [])]) if (!byId.has(id)) byId.set(id, k);
  const matched = new Set<KnownFinding>();
  const out: RescanEntry[] = [];
  for (const f of after) {
    const k = [f.id, ...(f.aliases ?? [])].map((id) => byId.get(id)).find((x) => x !== undefined);
    if (!k || matched.has(k)) {
      out.push({ status: 'new', finding: f, alert: isOutsideGrant(f) });
      continue;
    }
    matched.add(k);
    const changes = changesBetween(k.finding, f);
    if (changes.length === 0) out.push({ status: 'unchanged', finding: f, before: k, alert: false });
    else if (widens(changes)) out.push({ status: 'widened', finding: f, before: k, changes, alert: isOutsideGrant(f) });
    else out.push({ status: 'tightened', finding: f, before: k, changes, alert: policy.alertOnTighten && isOutsideGrant(f) });
  }
  if (resolveMissing) {
    for (const k of before) {
      if (!matched.has(k)) out.push({ status: 'resolved', finding: k.finding, before: k, alert: isOutsideGrant(k.finding) });
    }
  }
  return out;
}
