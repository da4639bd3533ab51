/**
 * lib/policy (PURE): parse, normalise and validate IAM policy documents.
 */
export { parsePolicy } from './parse.js';
export { normalize, toPolicyJson } from './normalize.js';
export { POLICY_SIZE_LIMITS, ECR_REPOSITORY_POLICY_MAX_SIZE } from './limits.js';
export { BASE_OPERATORS, splitOperator } from './operator-names.js';
export type * from './types.js';
