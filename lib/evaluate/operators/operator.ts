/**
 * The shape of one condition operator in the registry (house style: operators are a table).
 */
import type { BaseOperator } from '../../policy/operator-names.js';

export interface Operator {
  name: BaseOperator;
  /**
   * The positive test of one request value against one (expanded) policy value. For negated
   * operators this is the test being negated (`StringNotEquals.matches` is equality).
   */
  matches: (requestValue: string, policyValue: string) => boolean;
  /**
   * IAM: negated operators (`StringNotEquals`, `ArnNotLike`, `NotIpAddress`, ...) are true when the
   * request value matches none of the policy values, and true when the key is absent.
   */
  negated: boolean;
  /** `*` / `?` in policy values are wildcards. */
  allowsWildcards: boolean;
  /** Policy variables are expanded in policy values (2012-10-17 only). */
  allowsVariables: boolean;
  /** True when the policy value matches every possible request value (used for Unknown values). */
  universal?: (policyValue: string) => boolean;
}
