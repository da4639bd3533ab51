/**
 * Actions the service itself would refuse in the policy: S3 answers `PutBucketPolicy` (and the access point calls)
 * with `MalformedPolicy: Policy has invalid action` for an `s3:` action that does not exist, and ECR refuses such a
 * repository or registry policy (`InvalidParameterException`), so a policy naming `s3:GetObjet` can never be
 * attached: an input error (exit 2), as the README's exit-code table says, besides the `unknown-action` lint.
 * Only exact names of the resource's own service are judged here: a wildcard that matches nothing, a `NotAction`
 * and another service's action stay lint (no AWS answer for them is documented).
 */
import { expandAction, hasServiceActions } from '../../catalog/query.js';
import type { ActionCatalog } from '../../catalog/types.js';
import type { ValidationError } from '../../errors.js';
import type { ResourceType } from '../../model/finding.js';
import type { Policy } from '../../policy/types.js';

/** The service whose API stores a policy of this resource type (none for `generic`). */
function serviceOf(type: ResourceType): string | undefined {
  if (type.startsWith('s3-')) return 's3';
  if (type.startsWith('ecr-')) return 'ecr';
  return undefined;
}

/** One error per action of the resource's service that does not exist, at its statement's Action. */
export function rejectedActions(
  policy: Policy | undefined,
  type: ResourceType,
  catalog: ActionCatalog,
): ValidationError[] {
  const service = serviceOf(type);
  if (!policy || !service || !hasServiceActions(catalog, service)) return [];
  const errors: ValidationError[] = [];
  for (const s of policy.statements) {
    if (s.action.kind !== 'Action') continue;
    for (const name of s.action.values) {
      const colon = name.indexOf(':');
      if (colon <= 0 || name.slice(0, colon).toLowerCase() !== service || /[*?]/.test(name)) continue;
      if (expandAction(catalog, name).length > 0) continue;
      errors.push({
        path: `policy.${s.action.path}`,
        message: `\`${name}\` is not a \`${service}\` action: AWS rejects the policy (MalformedPolicy: Policy has invalid action), so it cannot be attached`,
      });
    }
  }
  return errors;
}
