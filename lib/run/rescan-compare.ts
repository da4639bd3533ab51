/**
 * What a rescan announces (pure): the per-account state diff (lib/findings/state-diff.ts, the nightly run's own)
 * turned into the scope's entries: new grants that are news, widened ones, tightened ones, resolved ones. Findings
 * outside the rescanned scope are `not-checked` in that diff and never reach a message.
 */
import type { AccountDiff } from '../findings/state-diff.js';
import type { FindingChange, ReportFinding } from '../findings/model.js';
import { isOutsideGrant, type Finding } from '../model/finding.js';
import { isNews } from '../model/resource-state.js';
import { widens } from '../findings/widens.js';

type RescanStatus = 'new' | 'widened' | 'tightened' | 'resolved';

/** One announced-or-recorded change in a rescanned scope. */
export interface RescanEntry {
  status: RescanStatus;
  finding: ReportFinding;
  changes?: FindingChange[];
  /** True when the change is announced. */
  alert: boolean;
}

/** What is announced; `alertOnTighten` announces tightened grants too (default: recorded only). */
export interface AlertPolicy {
  alertOnTighten: boolean;
}

/** Outside grants are announced; `org` and `trusted-external` are inventory (lib/model/finding.ts `isOutsideGrant`). */
export { widens } from '../findings/widens.js';

/**
 * The scope's entries of an account diff. A new finding is announced when it is news (`granted`, `new-resource`:
 * a first read or an assumption is not) and an outside grant; unchanged and not-checked findings are left out.
 */
export function rescanEntries(
  diff: Pick<AccountDiff, 'findings' | 'resolved'>,
  inScope: (f: Finding) => boolean,
  policy: AlertPolicy,
): RescanEntry[] {
  const out: RescanEntry[] = [];
  for (const f of diff.findings) {
    if (!inScope(f)) continue;
    if (f.status === 'new') out.push({ status: 'new', finding: f, alert: isNews(f.newKind) && isOutsideGrant(f) });
    else if (f.status === 'changed') {
      const changes = f.changes ?? [];
      const wider = widens(changes);
      out.push({
        status: wider ? 'widened' : 'tightened',
        finding: f,
        changes,
        alert: isOutsideGrant(f) && (wider || policy.alertOnTighten),
      });
    }
  }
  for (const f of diff.resolved) if (inScope(f)) out.push({ status: 'resolved', finding: f, alert: isOutsideGrant(f) });
  return out;
}
