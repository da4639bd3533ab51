/**
 * ARN condition values with fewer than six components. IAM (ARN condition operators): "Each of the six colon-delimited
 * components of the ARN is checked separately"; a value such as `arn:aws:sns:us-east-1:123456789012` (no resource
 * part) has no sixth component, so it matches no ARN (lib/evaluate/arn.ts): the condition can never hold as written.
 */
import { isShortArn } from '../evaluate/index.js';
import type { LintFinding } from '../model/finding.js';
import { RULES } from './catalog.js';
import type { LintRule } from './types.js';

/** Flags `Arn*` condition values (and ARN-valued String* values of aws:SourceArn / aws:PrincipalArn) that name no ARN. */
export const arnMissingComponents: LintRule = (policy) => {
  const out: LintFinding[] = [];
  for (const s of policy.statements) {
    for (const c of s.conditions) {
      const arnOperator = c.base.startsWith('Arn');
      const arnKey = /^aws:(sourcearn|principalarn)$/i.test(c.key);
      if (!arnOperator && !arnKey) continue;
      for (const v of c.values) {
        if (!isShortArn(v) || v.includes('${')) continue;
        const message = `\`${c.operator}\` \`${c.key}\` value \`${v}\` has fewer than the six components of an ARN (\`arn:partition:service:region:account:resource\`): it matches no ARN`;
        out.push({
          rule: RULES.arnMissingComponents.id,
          severity: RULES.arnMissingComponents.severity,
          message,
          path: c.path,
        });
      }
    }
  }
  return out;
};
