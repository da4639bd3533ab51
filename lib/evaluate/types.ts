/**
 * The contract of the concrete evaluator (lib/evaluate). `authorize()` and `matchStatement()`
 * are implemented in lib/evaluate/authorize.ts and lib/evaluate/statement.ts and re-exported
 * from lib/evaluate/index.ts.
 */
import type { Condition, Policy, Statement } from '../policy/types.js';

/** Who makes the request. */
export type CallerPrincipal =
  /**
   * An IAM identity: account root, user, role, assumed-role session (`arn:aws:sts::A:assumed-role/R/S`), federated user.
   * `canonicalId`: the S3 canonical user id of the caller (its account's, or a CloudFront origin access
   * identity's), when known: a `CanonicalUser` principal is matched against it, and is Unknown without it.
   */
  | { kind: 'aws'; arn: string; canonicalId?: string }
  /** An AWS service principal such as `cloudfront.amazonaws.com`. */
  | { kind: 'service'; service: string }
  /** An unsigned request (S3 only; ECR always requires signed requests). */
  | { kind: 'anonymous' };

/**
 * A context value. `UNKNOWN` (three-valued mode, used by lib/analyze) means "any value, or absent":
 * a condition on it evaluates to Unknown unless its outcome does not depend on the value.
 */
export const UNKNOWN = Object.freeze({ unknown: true as const });
export type Unknown = typeof UNKNOWN;
export type ContextValue = string | number | boolean | Array<string | number | boolean> | Unknown;

export interface Request {
  principal: CallerPrincipal;
  /** `service:Action`, compared case-insensitively. */
  action: string;
  /** The resource ARN the request acts on. */
  resource: string;
  /** Owner account of the resource (same-account vs cross-account rules). */
  resourceAccount?: string;
  /**
   * Request context. Keys compare case-insensitively. Keys that follow from the principal
   * (aws:PrincipalArn, aws:PrincipalAccount, aws:PrincipalType, aws:userid, aws:username,
   * aws:PrincipalIsAWSService, aws:PrincipalServiceName) are derived unless given here.
   */
  context: Record<string, ContextValue>;
}

export type Decision = 'Allow' | 'ImplicitDeny' | 'ExplicitDeny';

/** Three-valued truth: Unknown is a first-class answer and never quietly becomes "no match". */
export type Tri = 'true' | 'false' | 'unknown';

export interface ConditionResult {
  condition: Condition;
  result: Tri;
  reason: string;
}

/** How one statement relates to one request. */
export interface StatementMatch {
  statement: Statement;
  /** Which policy the statement came from (`resource`, `identity[0]`, `scp[1]`, `rcp[0]`, ...). */
  policy: string;
  principal: Tri;
  action: Tri;
  resource: Tri;
  conditions: ConditionResult[];
  /** AND of the above. */
  matches: Tri;
  reason: string;
  /** How the principal matched (added for same-account delegation: `account` does not grant by itself). */
  principalVia?: PrincipalVia;
}

/** How a statement's principal matched the caller; `implicit` when the statement has no Principal. */
export type PrincipalVia =
  | 'wildcard'
  | 'account'
  | 'arn'
  | 'unique-id'
  | 'service'
  | 'federated'
  | 'canonical-user'
  | 'not-principal'
  | 'implicit';

export interface PolicySet {
  /** Identity policies of the caller. Absent: the resource policy's own verdict is the decision. */
  identityPolicies?: Policy[];
  resourcePolicy?: Policy;
  /** SCPs of the caller's account (each must allow: one list per level is also accepted). */
  scps?: Policy[];
  /** RCPs of the resource owner's account. */
  rcps?: Policy[];
  /** The resource owner is the organisation's management account (RCPs and SCPs do not apply there). */
  resourceAccountIsManagement?: boolean;
  /** The caller's account is the management account: SCPs do not apply to its principals. */
  principalAccountIsManagement?: boolean;
}

export interface AuthorizeResult {
  decision: Decision;
  /** One entry per statement evaluated, in policy order. */
  trace: StatementMatch[];
  /** Human-readable reason for the decision. */
  reason: string;
  /** The statements that decided (the matching Denies, or the Allows that granted). */
  deciding?: StatementMatch[];
  /**
   * False when a statement matched `unknown` and could change the decision: the decision then
   * counts only statements that certainly match (see authorize.ts).
   */
  certain?: boolean;
}
