/**
 * One principal, one action, one resource ARN: the exact decision with every policy the scanner reads, first
 * three-valued (the context keys the principal does not fix are Unknown), then, when access is possible, a concrete
 * witness that `authorizeWithBoundary()` allows (searched over the values the unknown conditions name).
 */
import { authorizeWithBoundary, type BoundedPolicySet } from '../../evaluate/boundary.js';
import { actionMatches } from '../../evaluate/statement.js';
import type { AuthorizeResult, ContextValue, Request, StatementMatch } from '../../evaluate/types.js';
import { UNKNOWN } from '../../evaluate/types.js';
import type { MatrixResource } from '../../model/access-matrix.js';
import type { Condition, Policy } from '../../policy/types.js';
import { candidates } from '../witness.js';
import { possiblyAllowed } from './relax.js';
import type { PreparedOrg, PreparedPrincipal } from './org.js';

/** A concrete context value. */
export type Value = string | string[] | boolean | number;

/** A concrete allowed request and the decision that allows it. */
export interface Witness {
  request: Request;
  context: Record<string, Value>;
  result: AuthorizeResult;
}

/** The outcome for one action: `no` access, access `proven` by a witness, or possible but `unproven`. */
export type ActionOutcome =
  | { kind: 'no' }
  | { kind: 'proven'; witness: Witness; tri: AuthorizeResult }
  | { kind: 'unproven'; request: Request; tri: AuthorizeResult };

const MAX_TRIES = 1024;
const DERIVED = new Set(['aws:principaltype', 'aws:username', 'aws:principalisawsservice', 'aws:principalservicename']);
const KEYS = new WeakMap<Policy, string[]>();

function keysOf(policy: Policy): string[] {
  let keys = KEYS.get(policy);
  if (!keys) {
    const set = new Set<string>();
    for (const st of policy.statements) for (const c of st.conditions) set.add(c.key.toLowerCase());
    keys = [...set];
    KEYS.set(policy, keys);
  }
  return keys;
}

/** The policy set of a request by `p` on `resource` (resource policy already merged with a V2 registry policy). */
export function policySetFor(
  org: PreparedOrg,
  p: PreparedPrincipal,
  resource: MatrixResource,
  resourcePolicy: Policy | undefined,
): BoundedPolicySet {
  const set: BoundedPolicySet = { identityPolicies: p.identity.map((s) => s.policy) };
  if (p.boundary) set.permissionsBoundary = p.boundary.policy;
  if (resourcePolicy) set.resourcePolicy = resourcePolicy;
  const scps = org.scps.get(p.account);
  if (p.account === org.managementAccountId) set.principalAccountIsManagement = true;
  else if (scps && scps.length > 0) set.scps = scps;
  if (resource.account === org.managementAccountId) set.resourceAccountIsManagement = true;
  const rcp = org.rcps.get(resource.account);
  if (rcp) set.rcps = [rcp];
  return set;
}

function allPolicies(set: BoundedPolicySet): Policy[] {
  const out = [...(set.identityPolicies ?? []), ...(set.scps ?? []), ...(set.rcps ?? [])];
  if (set.permissionsBoundary) out.push(set.permissionsBoundary);
  if (set.resourcePolicy) out.push(set.resourcePolicy);
  return out;
}

/** Three-valued context: what the principal fixes, and Unknown for every other key the policies test. */
export function triContext(p: PreparedPrincipal, set: BoundedPolicySet): Record<string, ContextValue> {
  const ctx: Record<string, ContextValue> = { ...p.fixed };
  for (const policy of allPolicies(set)) {
    for (const k of keysOf(policy)) {
      if (k in ctx || DERIVED.has(k)) continue;
      // A user's tags are fixed: a tag it does not carry is absent, not Unknown.
      if (p.kind === 'user' && k.startsWith('aws:principaltag/')) continue;
      ctx[k] = UNKNOWN;
    }
  }
  return ctx;
}

function concreteBase(p: PreparedPrincipal): Record<string, Value> {
  const ctx: Record<string, Value> = {};
  for (const [k, v] of Object.entries(p.fixed)) if (typeof v !== 'object' || Array.isArray(v)) ctx[k] = v as Value;
  // A role's session without session tags carries the role's tags.
  if (p.kind === 'role') for (const [k, v] of Object.entries(p.tags)) ctx[`aws:principaltag/${k.toLowerCase()}`] = v;
  return ctx;
}

function unknownConditions(trace: StatementMatch[], effect: 'Allow' | 'Deny'): Condition[] {
  const out: Condition[] = [];
  for (const m of trace)
    if (m.matches === 'unknown' && m.statement.effect === effect)
      for (const c of m.conditions) if (c.result === 'unknown') out.push(c.condition);
  return out;
}

/**
 * A concrete context for `base` that `check` accepts: the principal's own keys, and every combination (up to
 * MAX_TRIES) of the values the unknown conditions of `traces` name. Returns the accepted request and its context.
 */
export function searchContext<T>(
  p: PreparedPrincipal,
  base: Request,
  traces: StatementMatch[][],
  check: (request: Request) => T | undefined,
): { request: Request; context: Record<string, Value>; found: T } | undefined {
  const fixed = concreteBase(p);
  const allow = traces.flatMap((t) => unknownConditions(t, 'Allow'));
  const deny = traces.flatMap((t) => unknownConditions(t, 'Deny'));
  const cands = [...candidates(allow, deny, base.resource).entries()].filter(([k]) => {
    const lower = k.toLowerCase();
    return !(lower in p.fixed) || p.fixed[lower] === UNKNOWN;
  });
  const idx = cands.map(() => 0);
  for (let tries = 0; tries < MAX_TRIES; tries++) {
    const context: Record<string, Value> = { ...fixed };
    cands.forEach(([key, list], i) => {
      const v = list[idx[i] as number];
      if (v === undefined) delete context[key.toLowerCase()];
      else context[key.toLowerCase()] = v;
    });
    const request: Request = { ...base, context };
    const found = check(request);
    if (found !== undefined) return { request, context, found };
    let i = 0;
    while (i < cands.length) {
      idx[i] = (idx[i] as number) + 1;
      if ((idx[i] as number) < (cands[i] as [string, unknown[]])[1].length) break;
      idx[i] = 0;
      i++;
    }
    if (i === cands.length) return undefined;
  }
  return undefined;
}

function search(p: PreparedPrincipal, base: Request, set: BoundedPolicySet, tri: AuthorizeResult): Witness | undefined {
  const w = searchContext(p, base, [tri.trace], (request) => {
    const result = authorizeWithBoundary(request, set);
    return result.decision === 'Allow' ? result : undefined;
  });
  return w && { request: w.request, context: w.context, result: w.found };
}

/** The outcome of `action` on `resourceArn` for `p` (see the module comment); `withWitness: false` skips the search. */
export function decideAction(
  p: PreparedPrincipal,
  resource: MatrixResource,
  set: BoundedPolicySet,
  action: string,
  resourceArn: string,
  withWitness = true,
): ActionOutcome {
  const request: Request = {
    principal: { kind: 'aws', arn: p.caller },
    action,
    resource: resourceArn,
    resourceAccount: resource.account,
    context: triContext(p, set),
  };
  const tri = authorizeWithBoundary(request, set);
  if (!possiblyAllowed(request, set, tri)) return { kind: 'no' };
  if (!withWitness) return { kind: 'unproven', request, tri };
  const witness = search(p, request, set, tri);
  return witness ? { kind: 'proven', witness, tri } : { kind: 'unproven', request, tri };
}

/**
 * The actions some Allow of `policies` names (Action / NotAction only). A grant needs an identity or a resource
 * policy Allow that matches the action (authorize()'s decision table; boundaries, SCPs and RCPs only restrict): an
 * action named by neither cannot be allowed and is not evaluated.
 */
export function grantable(policies: Array<Policy | undefined>, actions: string[]): Set<string> {
  const out = new Set<string>();
  for (const p of policies) {
    for (const st of p?.statements ?? []) {
      if (st.effect !== 'Allow') continue;
      for (const a of actions)
        if (!out.has(a) && actionMatches(st.action.values, a) === (st.action.kind === 'Action')) out.add(a);
    }
  }
  return out;
}
