/**
 * `matchStatement()`: how one statement relates to one request, three-valued, part by part.
 *
 * IAM: "Action ... case-insensitive"; "You can use wildcards ... in the Resource element";
 * Resource ARNs compare per component (see arn.ts). A statement without Resource applies to the
 * policy's own resource (ECR repository policies omit it): it matches `defaultResource` when that
 * is given, else any resource. Policy variables in Resource are expanded under 2012-10-17 only.
 */
import type { PolicyVersion, ResourceBlock, Statement } from '../policy/types.js';
import { arnMatches } from './arn.js';
import { evaluateCondition } from './condition.js';
import { matchPrincipal } from './principal.js';
import { REASONS } from './reasons.js';
import { triAnd } from './tri.js';
import type { ConditionResult, Request, StatementMatch, Tri } from './types.js';
import { expandVariables } from './variables.js';
import { wildcardMatches } from './wildcard.js';

/** How to match a statement: the policy version and label, and the policy-level defaults. */
export interface MatchOptions {
  version: PolicyVersion;
  /** Label of the policy in the trace (`resource`, `identity[0]`, `scp[1]`, ...). */
  policy: string;
  /** The resource a statement without Resource applies to. */
  defaultResource?: string;
  /** A statement without Principal matches no one (resource policies). */
  requirePrincipal?: boolean;
}

/** Does the action match one of the patterns (case-insensitive)? */
export function actionMatches(patterns: readonly string[], action: string): boolean {
  const a = action.toLowerCase();
  for (const p of patterns) if (p === '*' || wildcardMatches(p.toLowerCase(), a)) return true;
  return false;
}

/** Does the resource ARN match one Resource pattern (`*`, per-component ARN, or whole string)? */
export function resourceMatches(pattern: string, resource: string): boolean {
  return pattern === '*' || arnMatches(pattern, resource);
}

function matchResource(block: ResourceBlock | undefined, request: Request, opts: MatchOptions): Tri {
  if (!block) return opts.defaultResource === undefined || opts.defaultResource === request.resource ? 'true' : 'false';
  let any: Tri = 'false';
  for (const raw of block.values) {
    let pattern = raw;
    if (opts.version === '2012-10-17') {
      const e = expandVariables(raw, request, true);
      // IAM User Guide, Policy variables, "Policy variables with no value": "If a variable that has no value in the
      // authorization context is used as part of the Resource or NotResource element of a policy, the resource that
      // includes a policy variable with no value will not match any resource." Read literally for both elements: the
      // pattern names no resource, so in Resource it grants nothing and in NotResource it excludes nothing (the
      // statement then applies to every resource the other NotResource patterns do not name).
      if (e.kind === 'unresolved') continue;
      if (e.kind === 'unknown') {
        any = 'unknown';
        continue;
      }
      pattern = e.value;
    }
    if (resourceMatches(pattern, request.resource)) {
      any = 'true';
      break;
    }
  }
  if (block.kind === 'Resource') return any;
  return any === 'true' ? 'false' : any === 'false' ? 'true' : 'unknown';
}

/** Matches one statement against a request (every part is evaluated and kept for the trace). */
export function matchStatement(statement: Statement, request: Request, opts: MatchOptions): StatementMatch {
  const p = matchPrincipal(statement.principal, request, opts.requirePrincipal ?? false);
  const inList = actionMatches(statement.action.values, request.action);
  const action: Tri = inList === (statement.action.kind === 'Action') ? 'true' : 'false';
  const resource = matchResource(statement.resource, request, opts);
  const conditions: ConditionResult[] = [];
  let cond: Tri = 'true';
  for (const c of statement.conditions) {
    const r = evaluateCondition(c, request, opts.version);
    conditions.push(r);
    cond = triAnd(cond, r.result);
  }
  const matches = triAnd(triAnd(p.result, action), triAnd(resource, cond));
  let reason: string = REASONS.statementMatched;
  if (p.result === 'false') reason = REASONS.principalMismatch;
  else if (action === 'false') reason = REASONS.actionMismatch;
  else if (resource === 'false') reason = REASONS.resourceMismatch;
  else if (cond === 'false') reason = REASONS.conditionFailed;
  else if (matches === 'unknown') reason = REASONS.statementUnknown;
  return {
    statement,
    policy: opts.policy,
    principal: p.result,
    action,
    resource,
    conditions,
    matches,
    reason,
    principalVia: p.via,
  };
}
