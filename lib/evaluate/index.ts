/**
 * lib/evaluate (PURE): the concrete AWS policy evaluator - matchers, condition operators,
 * statement matching and `authorize()`.
 */
export { authorize, mergePolicies } from './authorize.js';
export { matchStatement, resourceMatches } from './statement.js';
export { evaluateCondition, isUnknown } from './condition.js';
export { matchPrincipal } from './principal.js';
export { matchWildcard, wildcardMatches, isUniversalPattern, LITERAL_STAR } from './wildcard.js';
export { matchArn, arnMatches, isShortArn, parseArn } from './arn.js';
export { contextValue, callerInfo } from './context.js';
export { expandVariables, parseVariableBody } from './variables.js';
export { OPERATORS, lookupOperator } from './operators/registry.js';
export { REASONS } from './reasons.js';
export { UNKNOWN } from './types.js';
export type * from './types.js';
export { readSimulation } from './input.js';
