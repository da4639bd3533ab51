/**
 * ARN operators. IAM: "ArnEquals, ArnLike: Case-sensitive matching of the ARN. Each of the six
 * colon-delimited components of the ARN is checked separately and each can include multi-character
 * match wildcards (*) or single-character match wildcards (?)." So `ArnEquals` behaves as
 * `ArnLike`, and `ArnNotEquals` as `ArnNotLike`.
 */
import { arnMatches } from '../arn.js';
import { isUniversalPattern } from '../wildcard.js';
import type { Operator } from './operator.js';

const match = (r: string, p: string): boolean => arnMatches(p, r);

export const ArnEquals: Operator = {
  name: 'ArnEquals',
  matches: match,
  negated: false,
  allowsWildcards: true,
  allowsVariables: true,
  universal: isUniversalPattern,
};
export const ArnLike: Operator = {
  name: 'ArnLike',
  matches: match,
  negated: false,
  allowsWildcards: true,
  allowsVariables: true,
  universal: isUniversalPattern,
};
export const ArnNotEquals: Operator = {
  name: 'ArnNotEquals',
  matches: match,
  negated: true,
  allowsWildcards: true,
  allowsVariables: true,
  universal: isUniversalPattern,
};
export const ArnNotLike: Operator = {
  name: 'ArnNotLike',
  matches: match,
  negated: true,
  allowsWildcards: true,
  allowsVariables: true,
  universal: isUniversalPattern,
};
