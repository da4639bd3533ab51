/**
 * Explanations are data: every matcher and operator result carries one of these reasons.
 */
export const REASONS = Object.freeze({
  // wildcard / ARN matchers
  wildcardMatched: 'the value matches the pattern',
  wildcardNoMatch: 'the value does not match the pattern',
  arnMatched: 'every ARN component matches',
  arnComponentMismatch: 'an ARN component does not match',
  arnNotAnArn: 'the value is not an ARN with six components',
  // conditions
  valueMatched: 'a request value matches a policy value',
  noValueMatched: 'no request value matches any policy value',
  negatedNoneMatched: 'no request value matches a policy value of the negated operator',
  negatedMatched: 'a request value matches a policy value of the negated operator',
  keyAbsent: 'the key is absent from the request',
  keyAbsentNegated: 'the key is absent: a negated operator is true',
  keyAbsentIfExists: 'the key is absent: ...IfExists is true',
  forAllValuesEmpty: 'the key is absent or empty: ForAllValues is true',
  forAnyValueEmpty: 'the key is absent or empty: ForAnyValue is false',
  forAllValuesMatched: 'every request value satisfies the operator',
  forAllValuesFailed: 'a request value does not satisfy the operator',
  forAnyValueMatched: 'a request value satisfies the operator',
  forAnyValueFailed: 'no request value satisfies the operator',
  nullMatched: 'the key presence is as the Null operator requires',
  nullFailed: 'the key presence is not as the Null operator requires',
  unknownValue: 'the key value is unknown (any value, or absent)',
  unknownDecided: 'the key value is unknown but the outcome is the same for every value',
  unknownVariable: 'a policy variable refers to an unknown value',
  unknownOperator: 'the operator is not an IAM condition operator',
  // statements
  statementMatched: 'principal, action, resource and every condition match',
  principalMismatch: 'the principal does not match',
  actionMismatch: 'the action does not match',
  resourceMismatch: 'the resource does not match',
  conditionFailed: 'a condition is false',
  statementUnknown: 'the match depends on unknown values',
} as const);

/** A key of `REASONS`. */
export type ReasonKey = keyof typeof REASONS;
/** One of the reason texts. */
export type Reason = (typeof REASONS)[ReasonKey];
