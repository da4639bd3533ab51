/**
 * lib/evaluate (PURE): the concrete AWS policy evaluator - matchers, condition operators,
 * statement matching and `authorize()`.
 */
export { authorize, mergePolicies } from './authorize.js';
export { matchStatement, actionMatches, resourceMatches, type MatchOptions } from './statement.js';
export { evaluateCondition, isUnknown } from './condition.js';
export { matchPrincipal, matchPrincipalValue } from './principal.js';
export { matchWildcard, wildcardMatches, isUniversalPattern, LITERAL_STAR, LITERAL_QMARK } from './wildcard.js';
export { matchArn, arnMatches, isShortArn, parseArn, type ArnParts } from './arn.js';
export { contextValue, callerInfo, type CallerInfo } from './context.js';
export { expandVariables, parseVariableBody, type Expansion } from './variables.js';
export { OPERATORS, lookupOperator } from './operators/registry.js';
export type { Operator } from './operators/operator.js';
export { parseIp, ipInRange } from './operators/ip.js';
export { REASONS, type Reason, type ReasonKey } from './reasons.js';
export { triAnd, triOr, triNot } from './tri.js';
export { UNKNOWN } from './types.js';
export type * from './types.js';
export { readSimulation, type SimulationInput } from './input.js';
