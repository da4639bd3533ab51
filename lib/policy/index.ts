/**
 * lib/policy (PURE): parse, normalise and validate IAM policy documents.
 */
export { parsePolicy, type ParseOptions } from './parse.js';
export { normalize, toPolicyJson } from './normalize.js';
export { POLICY_SIZE_LIMITS, ECR_REPOSITORY_POLICY_MAX_SIZE, policySize } from './limits.js';
export { BASE_OPERATORS, splitOperator, type BaseOperator, type OperatorParts } from './operator-names.js';
export type * from './types.js';
