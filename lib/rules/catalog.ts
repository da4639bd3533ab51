/**
 * The lint rule catalog: id, severity and text of every rule in lib/rules. Messages built by the
 * rules start from these texts and add the input in backticks.
 */
import type { Severity } from '../model/severity.js';

/**
 * How a lint finding weighs for a gate (`--fail-on-lint error|warning`): `error` when the policy does not do what it
 * says (a part of it can never match: a misspelled action, an action on the wrong resource type, a statement for
 * another resource, a principal that cannot exist); `warning` when it works but is weak or untidy.
 */
export type LintLevel = 'error' | 'warning';

/** One lint rule's identity. */
export interface RuleInfo {
  id: string;
  severity: Severity;
  text: string;
  /** Default `warning`. */
  level?: LintLevel;
}

/** Every rule, by id. */
export const RULES = {
  actionResourceMismatch: {
    id: 'action-resource-mismatch',
    severity: 'medium',
    text: 'action cannot apply to any resource the statement lists',
    level: 'error',
  },
  unknownAction: { id: 'unknown-action', severity: 'medium', text: 'action does not exist', level: 'error' },
  uniqueIdPrincipal: {
    id: 'unique-id-principal',
    severity: 'low',
    text: 'principal is a unique id, left behind by a deleted identity',
  },
  malformedPrincipal: {
    id: 'malformed-principal',
    severity: 'medium',
    text: 'principal is not a valid account, ARN or service principal',
    level: 'error',
  },
  arnMissingComponents: {
    id: 'arn-missing-components',
    severity: 'medium',
    text: 'ARN condition value has fewer than six components and matches no ARN',
    level: 'error',
  },
  wildcardOutsiderConditions: {
    id: 'wildcard-principal-outsider-conditions',
    severity: 'high',
    text: 'wildcard principal held back only by conditions the caller controls',
  },
  statementNotForResource: {
    id: 'statement-not-for-resource',
    severity: 'medium',
    text: 'statement can never apply to the resource the policy is attached to',
    level: 'error',
  },
  deadRegistryStatement: {
    id: 'dead-registry-statement',
    severity: 'low',
    text: "registry statement names no repository of the registry's own account and Region",
  },
  deadStatement: {
    id: 'dead-statement',
    severity: 'low',
    text: 'statement can never take effect: a Deny always overrides it',
  },
  ptcPrefixCollision: {
    id: 'pull-through-cache-prefix-collision',
    severity: 'medium',
    text: 'pull-through-cache prefix collides with an existing repository',
  },
  policyStatusDisagrees: {
    id: 'policy-status-disagrees',
    severity: 'medium',
    text: 'S3 and the analysis disagree on whether the bucket policy is public',
  },
} as const satisfies Record<string, RuleInfo>;

/** All rules as a list (for docs and the CLI). */
export const RULE_LIST: RuleInfo[] = Object.values(RULES);

const LEVELS = new Map<string, LintLevel>(RULE_LIST.map((r) => [r.id, r.level ?? 'warning']));

/** The gate level of a lint finding's rule; a rule not in the catalog is a `warning`. */
export function lintLevel(ruleId: string): LintLevel {
  return LEVELS.get(ruleId) ?? 'warning';
}
