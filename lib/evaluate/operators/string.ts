/**
 * String operators.
 *
 * IAM: "StringEquals: Exact matching, case sensitive"; "StringEqualsIgnoreCase: Exact matching,
 * ignoring case"; "StringLike: Case-sensitive matching. The values can include multi-character
 * match wildcards (*) and single-character match wildcards (?) anywhere in the string."
 * Only the ...Like operators treat `*` and `?` as wildcards.
 */
import { isUniversalPattern, wildcardMatches } from '../wildcard.js';
import type { Operator } from './operator.js';

const equals = (r: string, p: string): boolean => r === p;
const equalsIgnoreCase = (r: string, p: string): boolean => r === p || r.toLowerCase() === p.toLowerCase();

export const StringEquals: Operator = {
  name: 'StringEquals',
  matches: equals,
  negated: false,
  allowsWildcards: false,
  allowsVariables: true,
};
export const StringNotEquals: Operator = {
  name: 'StringNotEquals',
  matches: equals,
  negated: true,
  allowsWildcards: false,
  allowsVariables: true,
};
export const StringEqualsIgnoreCase: Operator = {
  name: 'StringEqualsIgnoreCase',
  matches: equalsIgnoreCase,
  negated: false,
  allowsWildcards: false,
  allowsVariables: true,
};
export const StringNotEqualsIgnoreCase: Operator = {
  name: 'StringNotEqualsIgnoreCase',
  matches: equalsIgnoreCase,
  negated: true,
  allowsWildcards: false,
  allowsVariables: true,
};
export const StringLike: Operator = {
  name: 'StringLike',
  matches: (r, p) => wildcardMatches(p, r),
  negated: false,
  allowsWildcards: true,
  allowsVariables: true,
  universal: isUniversalPattern,
};
export const StringNotLike: Operator = {
  name: 'StringNotLike',
  matches: (r, p) => wildcardMatches(p, r),
  negated: true,
  allowsWildcards: true,
  allowsVariables: true,
  universal: isUniversalPattern,
};
