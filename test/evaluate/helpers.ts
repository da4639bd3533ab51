/** Small builders shared by the evaluator tests. */
import { splitOperator } from '../../lib/policy/index.js';
import type { Condition } from '../../lib/policy/types.js';
import type { CallerPrincipal, ContextValue, Request } from '../../lib/evaluate/types.js';

/** A condition as parsePolicy would build it from `{op: {key: values}}`. */
export function cond(operator: string, key: string, values: string[]): Condition {
  const parts = splitOperator(operator);
  if (!parts) throw new Error(`test helper: unknown operator ${operator}`);
  const c: Condition = {
    operator,
    base: parts.base,
    ifExists: parts.ifExists,
    key,
    values,
    path: `Statement[0].Condition.${operator}.${key}`,
  };
  if (parts.qualifier) c.qualifier = parts.qualifier;
  return c;
}

const ROLE_SESSION = 'arn:aws:sts::444455556666:assumed-role/puller/build-17';

/** A request by `principal` (default: a role session of account 444455556666). */
export function req(
  context: Record<string, ContextValue> = {},
  principal: CallerPrincipal = { kind: 'aws', arn: ROLE_SESSION },
  extra: Partial<Request> = {},
): Request {
  return {
    principal,
    action: 'ecr:BatchGetImage',
    resource: 'arn:aws:ecr:us-east-1:111122223333:repository/app',
    resourceAccount: '111122223333',
    context,
    ...extra,
  };
}
