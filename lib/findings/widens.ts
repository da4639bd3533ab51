/**
 * Whether a change between two versions of one finding grants more (pure): the event path alerts a widening, and the
 * next night reports a widening the event path recorded as changed and already announced (docs/event-path.md).
 */
import type { Finding } from '../model/finding.js';
import { severityRank } from '../model/severity.js';
import type { FindingChange } from './model.js';

/** True when a change between two versions of one finding grants more: an action, a severity, a lost limit. */
export function widens(changes: FindingChange[]): boolean {
  return changes.some((c) => {
    if (c.field === 'severity')
      return severityRank(c.after[0] as Finding['severity']) < severityRank(c.before[0] as Finding['severity']);
    // More actions widen; fewer conditions or mitigations widen (a condition or a mitigation only ever limits).
    return c.field === 'actions'
      ? c.after.some((x) => !c.before.includes(x))
      : c.before.some((x) => !c.after.includes(x));
  });
}
