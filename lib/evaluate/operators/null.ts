/**
 * `Null`. IAM: "Use a Null condition operator to check if a condition key is absent at the time of
 * authorization. In the policy statement, use either true (the key doesn't exist - it is null) or
 * false (the key exists and its value is not null)."
 *
 * It tests presence, not a value: lib/evaluate/condition.ts handles it before value matching; the
 * `matches` here compares the presence flag (`"true"` = absent) with the policy value.
 */
import type { Operator } from './operator.js';

export const Null: Operator = {
  name: 'Null',
  matches: (absent, p) => {
    const v = p.trim().toLowerCase();
    return (v === 'true' || v === 'false') && v === absent;
  },
  negated: false,
  allowsWildcards: false,
  allowsVariables: false,
};
