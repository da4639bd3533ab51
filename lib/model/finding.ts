/**
 * The finding schema of design.md: JSON, stable across runs. Produced by lib/analyze, consumed by lib/findings
 * (ids, diff, suppressions) and lib/publish (reports, SNS). Lint findings (lib/rules) share the severities.
 */
import type { Severity } from './severity.js';

/** Every kind of resource a finding or a policy check is about; the one list (messages and help show this order). */
export const RESOURCE_TYPES = [
  's3-bucket',
  's3-access-point',
  's3-multi-region-access-point',
  'ecr-repository',
  'ecr-registry',
  'generic',
] as const;
export type ResourceType = (typeof RESOURCE_TYPES)[number];
/**
 * Every access class, widest first: the one order reports, filters, gates and folding rank by (`public` is the
 * widest reach, `org` the narrowest).
 */
export const ACCESS_CLASSES = ['public', 'external', 'trusted-external', 'org'] as const;
export type AccessClass = (typeof ACCESS_CLASSES)[number];

/**
 * A grant to someone outside the zone of trust (public or external): what the event path alerts on; `org` and
 * `trusted-external` are inventory (design.md "Zone of trust").
 */
export function isOutsideGrant(f: { access: AccessClass }): boolean {
  return f.access === 'public' || f.access === 'external';
}
export type FindingSource =
  | 'repository-policy'
  | 'registry-policy'
  | 'pull-through-cache'
  | 'creation-template'
  | 'replication'
  | 'bucket-policy'
  | 'bucket-acl'
  | 'access-point' // a request through an S3 access point: its policy AND the bucket policy allow
  | 'multi-region-access-point'; // the same through a Multi-Region Access Point

/** Principal classes of the analysis contract (design.md). */
export type PrincipalClassKind =
  | 'named-principal' // an ARN / account / unique id / canonical user (`canonical:<id>`) named in Principal, NotPrincipal or a condition
  | 'other-principal-of-account' // another principal of an account that is named
  | 'unnamed-member-account' // a principal of a member account not named anywhere
  | 'unnamed-external-account' // a principal of an account outside the organisation, not named anywhere
  | 'anonymous' // an unsigned caller (S3 only)
  | 'service' // a named AWS service principal
  | 'other-service'; // another AWS service

export type AccessLevel = 'List' | 'Read' | 'Write' | 'Permissions management' | 'Tagging';

export interface FindingCondition {
  operator: string;
  key: string;
  values: string[];
}

export interface WitnessRequest {
  /** `arn:aws:iam::A:role/...`, `service:cloudfront.amazonaws.com` or `anonymous`. */
  principal: string;
  action: string;
  resource: string;
  context: Record<string, string | string[] | boolean | number>;
}

export interface Finding {
  /** Hash of resource ARN, principal value, access class, source and normalised conditions (not actions). */
  id: string;
  resource: { arn: string; type: ResourceType; account: string; region: string };
  /**
   * Who: the analysis class, its value (`*`, `anonymous`, an ARN, an account id, `org:o-...`), the account it names,
   * and `label`, the same in plain words ("anyone, including anonymous callers"), set by the grant fold.
   */
  principal: { class: PrincipalClassKind; value: string; account?: string; label?: string };
  access: AccessClass;
  actions: string[];
  accessLevels: AccessLevel[];
  /** Conditions the grant depends on (Unknown at analysis time), kept on the finding. */
  conditions: FindingCondition[];
  /** Deny statements whose conditions are Unknown: they may remove access but were not certain to. */
  mayBeRestrictedBy: string[];
  /** e.g. `bpa:RestrictPublicBuckets(bucket)`, `bpa:RestrictPublicBuckets(account)`, `rcp:p-123`. */
  mitigations: string[];
  severity: Severity;
  source: FindingSource;
  /** Sid or `#index` of the statements that cause the finding. */
  statements: string[];
  witness: WitnessRequest;
  /** Free-form, for confused-deputy and prospective (creation-template) findings. */
  /**
   * Access through an S3 access point or Multi-Region Access Point (`resource.arn` is the access point): the bucket
   * behind it, whose policy the request also needed.
   */
  bucketArn?: string;
  notes?: string[];
  /**
   * Set by the grant fold (lib/findings/fold.ts): the ids of the per-class findings one grant was folded from, so the
   * run-to-run diff matches a report written before the fold (or by a different primary class) without churn.
   */
  aliases?: string[];
  /** Set by the grant fold: every caller kind the grant reaches, the primary one first. */
  reachedBy?: Array<{ class: PrincipalClassKind; value: string; access: AccessClass }>;
  /** Set when a mitigation neutralises the grant today: the controls in plain words ("RestrictPublicBuckets on the bucket"). */
  blockedBy?: string[];
  /** Set with `blockedBy`: the severity the grant would have without the block (`severity` is then lowered). */
  severityIfUnblocked?: Severity;
}

/** A lint finding: not access, but something that breaks or weakens a policy (lib/rules). */
export interface LintFinding {
  rule: string;
  severity: Severity;
  message: string;
  path: string;
}
