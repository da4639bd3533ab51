/**
 * A statement that can never apply to the resource its policy is attached to: every `Resource` names another
 * bucket, account or region, or every `Action` belongs to another service (S3 actions in an ECR repository
 * policy). IAM: "The Resource element in an IAM policy statement defines the object or objects that the statement
 * applies to"; an action or resource the request cannot carry never matches, so the statement grants (or denies)
 * nothing here, silently. Only the certain case is reported: `NotResource` / `NotAction` statements and policy
 * variables are given the benefit of the doubt (see globsOverlap).
 */
import type { LintFinding, ResourceType } from '../model/finding.js';
import type { Statement } from '../policy/types.js';
import { RULES } from './catalog.js';
import { globsOverlap } from './glob-overlap.js';
import type { LintRule, LintTarget } from './types.js';

/** The ARN patterns a request on this resource can name, or undefined when the target is not an ARN. */
function targetPatterns(target: LintTarget): string[] | undefined {
  const parts = target.resourceArn.split(':');
  if (parts[0] !== 'arn' || parts.length < 6) return undefined;
  if (target.resourceType === 's3-bucket') {
    // IAM: `bucket` = `arn:${Partition}:s3:::${BucketName}`, `object` = `...:${BucketName}/${ObjectName}`.
    const bucket = target.resourceArn.replace(/\/.*$/, '');
    return [bucket, `${bucket}/*`];
  }
  // An access point's policy names the access point and its objects (`.../accesspoint/name/object/key`).
  if (target.resourceType === 's3-access-point' || target.resourceType === 's3-multi-region-access-point')
    return [target.resourceArn, `${target.resourceArn}/*`];
  // A registry policy governs every repository of the registry and the registry itself.
  if (target.resourceType === 'ecr-registry') return [`${parts.slice(0, 5).join(':')}:*`];
  return [target.resourceArn];
}

const SERVICE_OF: Partial<Record<ResourceType, string>> = {
  's3-bucket': 's3',
  's3-access-point': 's3',
  's3-multi-region-access-point': 's3',
  'ecr-repository': 'ecr',
  'ecr-registry': 'ecr',
};

function serviceOf(target: LintTarget): string | undefined {
  const fixed = SERVICE_OF[target.resourceType];
  if (fixed) return fixed;
  const service = target.resourceArn.split(':')[2];
  return service && !/[*?]/.test(service) ? service : undefined;
}

/** Why the statement can never apply to the target, or undefined when it may. */
export function whyNotForResource(s: Statement, target: LintTarget): { reason: string; path: string } | undefined {
  const service = serviceOf(target);
  if (service && s.action.kind === 'Action') {
    const services = s.action.values.map((a) => (a === '*' ? '*' : a.slice(0, Math.max(0, a.indexOf(':')))));
    if (!services.some((x) => globsOverlap(x, service))) {
      return {
        reason: `its actions ${s.action.values.map((a) => `\`${a}\``).join(', ')} are not \`${service}\` actions`,
        path: s.action.path,
      };
    }
  }
  const patterns = targetPatterns(target);
  if (!patterns || s.resource?.kind !== 'Resource') return undefined;
  if (s.resource.values.some((r) => patterns.some((t) => globsOverlap(r, t)))) return undefined;
  return {
    reason: `its Resource names only ${s.resource.values.map((r) => `\`${r}\``).join(', ')}`,
    path: s.resource.path,
  };
}

/** The label a statement is known by in messages. */
function label(s: Statement): string {
  return s.sid ? `\`${s.sid}\`` : `#${s.index}`;
}

/** Flags statements that can never apply to the policy's resource. */
export const statementNotForResource: LintRule = (policy, target) => {
  const out: LintFinding[] = [];
  for (const s of policy.statements) {
    const why = whyNotForResource(s, target);
    if (!why) continue;
    out.push({
      rule: RULES.statementNotForResource.id,
      severity: RULES.statementNotForResource.severity,
      message: `statement ${label(s)} can never apply to \`${target.resourceArn}\`: ${why.reason}`,
      path: why.path,
    });
  }
  return out;
};
