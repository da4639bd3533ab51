/**
 * The normalised policy model shared by lib/evaluate, lib/analyze and lib/rules.
 * Produced by `parsePolicy()`; every part keeps the `path` it came from so errors and
 * findings can point at it (`Statement[2].Condition.StringEquals.aws:SourceVpce`).
 */
import type { ValidationError } from '../errors.js';

export type PolicyVersion = '2012-10-17' | '2008-10-17';
type Effect = 'Allow' | 'Deny';

/** Principal types as written in a policy. `*` stands for `"Principal": "*"`. */
export type PrincipalType = '*' | 'AWS' | 'Service' | 'Federated' | 'CanonicalUser';

export interface PrincipalValue {
  type: PrincipalType;
  /** As written (trimmed); for `"*"` the value is `*`. */
  value: string;
}

export interface PrincipalBlock {
  /** `Principal` or `NotPrincipal`. */
  kind: 'Principal' | 'NotPrincipal';
  values: PrincipalValue[];
  path: string;
}

export interface ActionBlock {
  kind: 'Action' | 'NotAction';
  /** As written, e.g. `ecr:BatchGet*` or `*`. Compared case-insensitively. */
  values: string[];
  path: string;
}

export interface ResourceBlock {
  kind: 'Resource' | 'NotResource';
  values: string[];
  path: string;
}

type ConditionQualifier = 'ForAnyValue' | 'ForAllValues';

/** One (operator, key) pair of a Condition block; a statement's conditions are ANDed. */
export interface Condition {
  /** The operator as written, e.g. `ForAnyValue:StringLikeIfExists`. */
  operator: string;
  /** The canonical base operator name from the operator registry, e.g. `StringLike`. */
  base: string;
  qualifier?: ConditionQualifier;
  ifExists: boolean;
  /** The condition key as written; keys compare case-insensitively. */
  key: string;
  /** Values stringified as AWS does (`true`, `10`); several values are ORed. */
  values: string[];
  path: string;
}

export interface Statement {
  /** Position in the policy (0-based). */
  index: number;
  sid?: string;
  effect: Effect;
  /** Absent in identity policies, SCPs without it, etc. */
  principal?: PrincipalBlock;
  action: ActionBlock;
  /** Absent: the statement applies to the policy's own resource (ECR repository policies omit it). */
  resource?: ResourceBlock;
  conditions: Condition[];
  path: string;
}

export interface Policy {
  version: PolicyVersion;
  id?: string;
  statements: Statement[];
  /** Size in characters of the JSON the policy was parsed from (without whitespace), when known. */
  size?: number;
}

export type PolicyKind = 'identity' | 'resource' | 'scp' | 'rcp' | 'registry' | 'generic';

export type ParseResult =
  | { ok: true; policy: Policy; warnings: ValidationError[] }
  | { ok: false; errors: ValidationError[] };
