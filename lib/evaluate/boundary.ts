/**
 * `authorizeWithBoundary()`: `authorize()` plus the caller's permissions boundary (additive: authorize.ts is
 * unchanged, the boundary is applied to its decision).
 *
 * IAM User Guide, "Permissions boundaries for IAM entities":
 * - "An entity's permissions boundary allows it to perform only the actions that are allowed by both its
 *   identity-based policies and its permissions boundaries." A boundary grants nothing: it only removes.
 * - An explicit Deny in the boundary denies, as in every other policy ("An explicit deny in any of these policies
 *   overrides the allow").
 * - Resource-based policies: "Within the same account, resource-based policies that grant permissions to an IAM
 *   user ARN (that is not a federated user session) are not limited by an implicit deny in an identity-based policy
 *   or permissions boundary"; resource-based policies that grant permissions to an IAM role ARN are limited by an
 *   implicit deny in a permissions boundary. A grant to the exact session ARN is not (it names the session, not the
 *   role). So a same-account resource grant survives a boundary that does not allow the request only when the caller
 *   is a user named directly (by ARN, unique id or `*`, never through its account, which delegates to identity
 *   policies), or a role session named by its own session ARN.
 * `certain` is false as soon as a boundary statement matches `unknown`, and when the boundary removes a grant while
 * some statement matched `unknown` (an unknown resource grant may be one the boundary does not limit).
 */
import { authorize } from './authorize.js';
import { callerInfo } from './context.js';
import { matchStatement } from './statement.js';
import { parseArn } from './arn.js';
import type { Policy } from '../policy/types.js';
import type { AuthorizeResult, PolicySet, Request, StatementMatch } from './types.js';

/** A policy set with the caller's permissions boundary. */
export interface BoundedPolicySet extends PolicySet {
  permissionsBoundary?: Policy;
}

function exemptFromBoundary(m: StatementMatch, request: Request, sameAccount: boolean): boolean {
  if (!sameAccount || m.policy !== 'resource' || m.principalVia === 'account') return false;
  const p = request.principal;
  if (p.kind !== 'aws') return false;
  const info = callerInfo(p);
  if (info.type === 'User') return true;
  if (info.type === 'AssumedRole' && p.arn.includes(':assumed-role/')) {
    return (
      (m.statement.principal?.kind === 'Principal' &&
        m.statement.principal.values.some((v) => v.type === 'AWS' && v.value === p.arn)) === true
    );
  }
  return false;
}

/** Decides `request` against `set` and the caller's permissions boundary (see the module comment). */
export function authorizeWithBoundary(request: Request, set: BoundedPolicySet): AuthorizeResult {
  const { permissionsBoundary, ...rest } = set;
  const base = authorize(request, rest);
  if (!permissionsBoundary || request.principal.kind !== 'aws') return base;
  const bm = permissionsBoundary.statements.map((st) =>
    matchStatement(st, request, { version: permissionsBoundary.version, policy: 'boundary' }),
  );
  const trace = [...base.trace, ...bm];
  const unknown = bm.some((m) => m.matches === 'unknown');
  const certain = (base.certain ?? true) && !unknown;
  const deny = bm.filter((m) => m.statement.effect === 'Deny' && m.matches === 'true');
  if (base.decision === 'ExplicitDeny') return { ...base, trace, certain };
  if (deny.length > 0)
    return {
      decision: 'ExplicitDeny',
      trace,
      deciding: deny,
      reason: 'explicit deny in the permissions boundary',
      certain,
    };
  if (base.decision !== 'Allow') return { ...base, trace, certain };
  if (bm.some((m) => m.statement.effect === 'Allow' && m.matches === 'true')) return { ...base, trace, certain };
  const info = callerInfo(request.principal);
  const resourceAccount = request.resourceAccount ?? (parseArn(request.resource)?.account || undefined);
  const sameAccount = resourceAccount === undefined || resourceAccount === info.account;
  const exempt = (base.deciding ?? []).filter((m) => exemptFromBoundary(m, request, sameAccount));
  if (exempt.length > 0)
    return {
      decision: 'Allow',
      trace,
      deciding: exempt,
      reason: `${base.reason} (resource policy grant, not limited by the permissions boundary)`,
      certain,
    };
  // An unknown resource grant could be one the boundary does not limit: the denial is then not certain.
  const open = certain && !base.trace.some((m) => m.matches === 'unknown');
  return {
    decision: 'ImplicitDeny',
    trace,
    deciding: [],
    reason: 'the permissions boundary does not allow the request',
    certain: open,
  };
}
