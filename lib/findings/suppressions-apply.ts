/**
 * Applies suppression rules. A suppressed finding stays in the report, marked with its rule; an expired rule
 * stops suppressing and is listed with the findings it would have matched.
 */
import { globMatch } from './glob.js';
import type { Finding } from '../model/finding.js';
import type { SuppressionMark, SuppressionRule, SuppressionRuleReport } from './model.js';

/** The instant a rule stops suppressing: a date `YYYY-MM-DD` is valid through the end of that UTC day. */
export function expiryInstant(expires: string): number {
  if (/^\d{4}-\d{2}-\d{2}$/.test(expires)) return Date.parse(`${expires}T00:00:00Z`) + 24 * 3600 * 1000;
  return Date.parse(expires);
}

/** Is the rule expired at `now` (ISO 8601)? An unreadable expiry counts as expired: it suppresses nothing. */
function isExpired(rule: SuppressionRule, now: string): boolean {
  const end = expiryInstant(rule.expires);
  return Number.isNaN(end) || Date.parse(now) >= end;
}

const anyOf = (list: string[] | undefined, value: string | undefined): boolean =>
  list === undefined || (value !== undefined && list.includes(value));
const anyGlob = (list: string[] | undefined, value: string | undefined): boolean =>
  list === undefined || (value !== undefined && list.some((g) => globMatch(g, value)));

/** Does the rule's match select this finding? Fields are ANDed; the values of one field are ORed. */
function ruleMatches(rule: SuppressionRule, f: Finding): boolean {
  const m = rule.match;
  return (
    anyGlob(m.resource, f.resource.arn) &&
    anyOf(m.account, f.resource.account) &&
    anyGlob(m.principal, f.principal.value) &&
    anyOf(m.principalAccount, f.principal.account) &&
    anyOf(m.source, f.source) &&
    anyOf(m.access, f.access) &&
    anyOf(m.resourceType, f.resource.type)
  );
}

export interface SuppressionOutcome<T extends Finding> {
  /** The findings in input order; those matched by an active rule carry `suppressedBy` (the first such rule). */
  findings: Array<T & { suppressedBy?: SuppressionMark }>;
  /** Every rule with its status and what it matched, in file order. */
  rules: SuppressionRuleReport[];
}

/**
 * Marks the findings that an active rule matches.
 * @param now the run time (ISO 8601), the only clock the rules are judged by
 */
export function applySuppressions<T extends Finding>(
  findings: T[],
  rules: SuppressionRule[],
  now: string,
): SuppressionOutcome<T> {
  const reports: SuppressionRuleReport[] = rules.map((r) => ({
    ...r,
    status: isExpired(r, now) ? 'expired' : 'active',
    matched: 0,
    matchedIds: [],
  }));
  const out = findings.map((f) => {
    const { suppressedBy: _old, ...plain } = f as T & { suppressedBy?: SuppressionMark };
    let mark: SuppressionMark | undefined;
    for (const r of reports) {
      if (!ruleMatches(r, f)) continue;
      r.matched += 1;
      r.matchedIds.push(f.id);
      if (r.status === 'active' && !mark) mark = { ruleId: r.id, reason: r.reason, owner: r.owner, expires: r.expires };
    }
    return (mark ? { ...plain, suppressedBy: mark } : plain) as T & { suppressedBy?: SuppressionMark };
  });
  return { findings: out, rules: reports };
}
