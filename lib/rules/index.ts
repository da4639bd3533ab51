/**
 * lib/rules (PURE): lint that is not access but breaks or weakens policies. One rule per file;
 * ids, severities and texts in catalog.ts.
 */
import type { ActionCatalog } from '../catalog/types.js';
import type { LintFinding } from '../model/finding.js';
import type { Policy } from '../policy/types.js';
import { actionResourceMismatch } from './action-resource-mismatch.js';
import { deadRegistryStatement } from './dead-registry-statement.js';
import { deadStatement } from './dead-statement.js';
import { malformedPrincipal } from './malformed-principal.js';
import type { LintRule, LintTarget } from './types.js';
import { uniqueIdPrincipal } from './unique-id-principal.js';
import { unknownAction } from './unknown-action.js';
import { wildcardOutsiderConditions } from './wildcard-outsider-conditions.js';

export { RULES, RULE_LIST, type RuleInfo } from './catalog.js';
export type { LintRule, LintTarget } from './types.js';
export { editDistance, nearestAction } from './unknown-action.js';

/** Every policy rule, in report order. */
export const POLICY_RULES: LintRule[] = [actionResourceMismatch, unknownAction, uniqueIdPrincipal, malformedPrincipal, wildcardOutsiderConditions, deadStatement, deadRegistryStatement];

/** Runs every lint rule on a policy attached to `target`. */
export function lintPolicy(policy: Policy, target: LintTarget, catalog: ActionCatalog): LintFinding[] {
  return POLICY_RULES.flatMap((rule) => rule(policy, target, catalog));
}
