/**
 * Is access possible at all for some value of the Unknown keys? `authorize()`'s `certain: false` says only that
 * some unknown statement could change the decision (an unknown Deny could turn an implicit deny explicit), not that
 * an Allow is reachable. The optimistic reading (every unknown Allow matches, no unknown Deny does) is decided by
 * `authorize()` itself on a relaxed policy set: unknown Denies removed, the unknown conditions of unknown Allows
 * dropped. Every concrete request is allowed only if the optimistic reading allows (a concrete Allow has no certain
 * Deny, and its granting statements are among the certain or unknown Allows). An Allow that is unknown through its
 * principal or resource (a policy variable) cannot be relaxed that way: access is then taken as possible.
 */
import { authorizeWithBoundary, type BoundedPolicySet } from '../../evaluate/boundary.js';
import type { AuthorizeResult, Request } from '../../evaluate/types.js';
import type { Condition, Policy, Statement } from '../../policy/types.js';

function relaxPolicy(policy: Policy, drop: Set<Statement>, loosen: Map<Statement, Set<Condition>>): Policy {
  let changed = false;
  const statements: Statement[] = [];
  for (const st of policy.statements) {
    if (drop.has(st)) {
      changed = true;
      continue;
    }
    const unknown = loosen.get(st);
    if (unknown) {
      changed = true;
      statements.push({ ...st, conditions: st.conditions.filter((c) => !unknown.has(c)) });
    } else statements.push(st);
  }
  return changed ? { ...policy, statements } : policy;
}

/** Could some concrete value of the Unknown keys make `tri` (the three-valued decision of `request`) an Allow? */
export function possiblyAllowed(request: Request, set: BoundedPolicySet, tri: AuthorizeResult): boolean {
  if (tri.decision === 'Allow') return true;
  if (tri.certain !== false || tri.decision === 'ExplicitDeny') return false;
  const drop = new Set<Statement>();
  const loosen = new Map<Statement, Set<Condition>>();
  for (const m of tri.trace) {
    if (m.matches !== 'unknown') continue;
    if (m.statement.effect === 'Deny') drop.add(m.statement);
    else if (m.principal === 'unknown' || m.resource === 'unknown' || m.action === 'unknown') return true;
    else loosen.set(m.statement, new Set(m.conditions.filter((c) => c.result === 'unknown').map((c) => c.condition)));
  }
  const relax = (p: Policy): Policy => relaxPolicy(p, drop, loosen);
  const relaxed: BoundedPolicySet = { ...set };
  if (set.identityPolicies) relaxed.identityPolicies = set.identityPolicies.map(relax);
  if (set.resourcePolicy) relaxed.resourcePolicy = relax(set.resourcePolicy);
  if (set.permissionsBoundary) relaxed.permissionsBoundary = relax(set.permissionsBoundary);
  if (set.scps) relaxed.scps = set.scps.map(relax);
  if (set.rcps) relaxed.rcps = set.rcps.map(relax);
  return authorizeWithBoundary(request, relaxed).decision === 'Allow';
}
