/** A resource policy of the given statements, parsed (the rule tests' input). */
import { parsePolicy } from '../../lib/policy/index.js';
import type { Policy } from '../../lib/policy/types.js';

export function policy(...Statement: unknown[]): Policy {
  const r = parsePolicy({ Version: '2012-10-17', Statement }, { kind: 'resource' });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}
