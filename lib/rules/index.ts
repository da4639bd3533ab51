/**
 * lib/rules (PURE): lint that is not access but breaks or weakens policies. One rule per file;
 * ids, severities and texts in catalog.ts.
 */
import type { ActionCatalog } from '../catalog/types.js';
import type { LintFinding } from '../model/finding.js';
import type { Policy } from '../policy/types.js';
import { actionResourceMismatch } from './action-resource-mismatch.js';
import { arnMissingComponents } from './arn-missing-components.js';
import { deadRegistryStatement } from './dead-registry-statement.js';
import { deadStatement } from './dead-statement.js';
import { malformedPrincipal } from './malformed-principal.js';
import { statementNotForResource } from './statement-not-for-resource.js';
import type { LintRule, LintTarget } from './types.js';
import { uniqueIdPrincipal } from './unique-id-principal.js';
import { unknownAction } from './unknown-action.js';
import { wildcardOutsiderConditions } from './wildcard-outsider-conditions.js';

export { lintLevel, RULE_LIST, type LintLevel } from './catalog.js';
export { whyNotForResource } from './statement-not-for-resource.js';
export type { LintRule, LintTarget } from './types.js';
export { editDistance } from './unknown-action.js';

/** Every policy rule, in report order. */
export const POLICY_RULES: LintRule[] = [
  statementNotForResource,
  actionResourceMismatch,
  unknownAction,
  uniqueIdPrincipal,
  malformedPrincipal,
  arnMissingComponents,
  wildcardOutsiderConditions,
  deadStatement,
  deadRegistryStatement,
];

/** Runs every lint rule on a policy attached to `target`; a rule that throws throws (see `lintEach`). */
export function lintPolicy(policy: Policy, target: LintTarget, catalog: ActionCatalog): LintFinding[] {
  return POLICY_RULES.flatMap((rule) => rule(policy, target, catalog));
}

/** A lint rule that threw: its name and the reason. */
export interface RuleFailure {
  rule: string;
  message: string;
}

/**
 * Runs each rule on a policy attached to `target`, one at a time: a rule that throws (a bug) is a failure naming
 * it, and the other rules' findings are kept.
 */
export function lintEach(
  policy: Policy,
  target: LintTarget,
  catalog: ActionCatalog,
  rules: readonly LintRule[] = POLICY_RULES,
): { lint: LintFinding[]; failures: RuleFailure[] } {
  const lint: LintFinding[] = [];
  const failures: RuleFailure[] = [];
  for (const rule of rules) {
    try {
      lint.push(...rule(policy, target, catalog));
    } catch (err) {
      failures.push({ rule: rule.name || 'anonymous rule', message: err instanceof Error ? err.message : String(err) });
    }
  }
  return { lint, failures };
}

/** The input error of a rule that threw, in the words the report shows. */
export function ruleFailureMessage(failure: RuleFailure): string {
  return `lint rule \`${failure.rule}\` failed: ${failure.message}`;
}
