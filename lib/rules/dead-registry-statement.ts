/**
 * Registry policy statements that can never apply (issue 11 class 8). ECR: a registry policy's statements govern
 * the repositories of the registry's own account and Region ("The registry policy ... applies to ... the private
 * registry"; its Resource is `arn:aws:ecr:region:account:repository/*` or a narrower repository pattern). A statement
 * whose every Resource names another account's or another Region's repositories (or no repository at all) matches
 * no request the registry ever sees: it is dead, and says so, rather than silently granting nothing.
 */
import { commonInstance } from '../evaluate/pattern-intersection.js';
import type { LintFinding } from '../model/finding.js';
import { RULES } from './catalog.js';
import type { LintRule } from './types.js';

/** Flags registry statements whose Resource can name none of the registry's repositories. */
export const deadRegistryStatement: LintRule = (policy, target) => {
  if (target.resourceType !== 'ecr-registry' || !target.ownerAccount || !target.region) return [];
  const ours = `arn:aws:ecr:${target.region}:${target.ownerAccount}:repository/*`;
  const out: LintFinding[] = [];
  for (const s of policy.statements) {
    if (s.resource?.kind !== 'Resource') continue;
    // A pattern with a policy variable may resolve to one of ours: only fixed patterns can be shown dead.
    if (s.resource.values.some((v) => v.includes('${') || v === '*' || commonInstance([v, ours]) !== undefined))
      continue;
    out.push({
      rule: RULES.deadRegistryStatement.id,
      severity: RULES.deadRegistryStatement.severity,
      message: `statement \`${s.sid ?? `#${s.index}`}\` names no repository of registry \`${target.ownerAccount}\` in \`${target.region}\` (${s.resource.values.map((v) => `\`${v}\``).join(', ')}): it never applies`,
      path: s.resource.path,
    });
  }
  return out;
};
