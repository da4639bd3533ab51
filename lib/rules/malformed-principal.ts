/**
 * Malformed principals. A principal ARN that is not of a form IAM knows
 * (`arn:aws:iam::123456789012:role/name`, `:user/`, `:root`, `arn:aws:sts::...:assumed-role/r/s`,
 * `:federated-user/`) can never match a caller; a service principal is `name.amazonaws.com`.
 */
import type { LintFinding } from '../model/finding.js';
import type { PrincipalValue } from '../policy/types.js';
import { RULES } from './catalog.js';
import type { LintRule } from './types.js';
import { UNIQUE_ID } from './unique-id-principal.js';

const IAM_ARN =
  /^arn:aws(-cn|-us-gov|-iso|-iso-b)?:(iam::\d{12}:(root|user\/.+|role\/.+)|sts::\d{12}:(assumed-role\/[^/]+\/.+|federated-user\/.+))$/;
const SERVICE = /^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com|amazonaws\.com\.cn|amazon\.com)$/;

/** Why an AWS or Service principal value is malformed, or undefined when it is fine. */
function malformedReason(p: PrincipalValue): string | undefined {
  if (p.type === 'Service')
    return SERVICE.test(p.value)
      ? undefined
      : `service principal \`${p.value}\` is not of the form \`name.amazonaws.com\``;
  if (
    p.type !== 'AWS' ||
    p.value === '*' ||
    /^\d{12}$/.test(p.value) ||
    UNIQUE_ID.test(p.value) ||
    p.value.includes('${')
  )
    return undefined;
  if (IAM_ARN.test(p.value)) return undefined;
  // IAM: "You cannot identify a user group as a principal in a policy".
  if (/^arn:[^:]+:iam::\d{12}:group\//.test(p.value))
    return `principal \`${p.value}\` is an IAM group, which cannot be a principal`;
  return `principal \`${p.value}\` is neither a 12-digit account id nor an IAM user, role, root or session ARN`;
}

/** Flags principal ARNs that cannot exist. */
export const malformedPrincipal: LintRule = (policy) => {
  const out: LintFinding[] = [];
  for (const s of policy.statements) {
    for (const p of s.principal?.values ?? []) {
      const message = malformedReason(p);
      if (message)
        out.push({
          rule: RULES.malformedPrincipal.id,
          severity: RULES.malformedPrincipal.severity,
          message,
          path: s.principal!.path,
        });
    }
  }
  return out;
};
