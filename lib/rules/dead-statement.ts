/**
 * Statements that are dead because a Deny always overrides them. IAM: "an explicit deny in any of
 * these policies overrides the allow". A Deny with no conditions, for every principal, whose actions
 * and resources cover an Allow's, leaves that Allow with no effect; usually a sign that the Deny is
 * broader than meant. Only the certain case is reported (NotAction / NotResource Denies are skipped).
 */
import { wildcardMatches } from '../evaluate/wildcard.js';
import type { LintFinding } from '../model/finding.js';
import type { Statement } from '../policy/types.js';
import { RULES } from './catalog.js';
import type { LintRule } from './types.js';

function covers(patterns: string[], values: string[], ignoreCase: boolean): boolean {
  const norm = (v: string): string => (ignoreCase ? v.toLowerCase() : v);
  return values.every((v) =>
    patterns.some((p) => p === '*' || norm(p) === norm(v) || (!/[*?]/.test(v) && wildcardMatches(norm(p), norm(v)))),
  );
}

function denyCovers(deny: Statement, allow: Statement): boolean {
  if (deny.effect !== 'Deny' || deny.conditions.length > 0) return false;
  if (deny.principal && !(deny.principal.kind === 'Principal' && deny.principal.values.some((p) => p.value === '*')))
    return false;
  if (deny.action.kind !== 'Action' || allow.action.kind !== 'Action') return false;
  if (!covers(deny.action.values, allow.action.values, true)) return false;
  if (!deny.resource) return true;
  if (deny.resource.kind !== 'Resource') return false;
  if (!allow.resource) return deny.resource.values.includes('*');
  return allow.resource.kind === 'Resource' && covers(deny.resource.values, allow.resource.values, false);
}

/** Flags Allow statements that some unconditional Deny always overrides. */
export const deadStatement: LintRule = (policy) => {
  const out: LintFinding[] = [];
  for (const allow of policy.statements) {
    if (allow.effect !== 'Allow') continue;
    const deny = policy.statements.find((d) => denyCovers(d, allow));
    if (!deny) continue;
    out.push({
      rule: RULES.deadStatement.id,
      severity: RULES.deadStatement.severity,
      message: `statement \`${allow.sid ?? `#${allow.index}`}\` never takes effect: \`${deny.sid ?? `#${deny.index}`}\` denies the same actions and resources to everyone, unconditionally`,
      path: allow.path,
    });
  }
  return out;
};
