/**
 * Principals written as unique ids. IAM: "If you delete [a role or user] and then recreate it, the
 * policy no longer matches: when you save the policy, IAM transforms the ARN to the principal's unique
 * ID" - a principal shown as `AIDA...`/`AROA...` belongs to a deleted identity.
 */
import type { LintFinding } from '../model/finding.js';
import { RULES } from './catalog.js';
import type { LintRule } from './types.js';

/** Unique-id prefixes of IAM users, roles, instance profiles, managed policies, groups. */
export const UNIQUE_ID = /^(AIDA|AROA|AIPA|ANPA|ANVA|ASIA|AGPA)[A-Z0-9]{12,}$/;

/** Flags unique-id principals (deleted identities). */
export const uniqueIdPrincipal: LintRule = (policy) => {
  const out: LintFinding[] = [];
  for (const s of policy.statements) {
    for (const p of s.principal?.values ?? []) {
      if (p.type === 'AWS' && UNIQUE_ID.test(p.value)) {
        out.push({
          rule: RULES.uniqueIdPrincipal.id,
          severity: RULES.uniqueIdPrincipal.severity,
          message: `principal \`${p.value}\` is a unique id: the identity it named was deleted, remove or replace it`,
          path: s.principal!.path,
        });
      }
    }
  }
  return out;
};
