/**
 * `Bool` and `BinaryEquals`.
 *
 * IAM: "Boolean conditions let you construct Condition elements that restrict access based on
 * comparing a key to true or false." Values compare case-insensitively (`"true"`, `true`, `"TRUE"`).
 * IAM: "BinaryEquals ... The value in the policy must be base-64 encoded": request and policy values
 * are both base64 and compare by their decoded bytes; invalid base64 never matches.
 */
import type { Operator } from './operator.js';

export const Bool: Operator = {
  name: 'Bool',
  matches: (r, p) => {
    const a = r.trim().toLowerCase();
    return (a === 'true' || a === 'false') && a === p.trim().toLowerCase();
  },
  negated: false,
  allowsWildcards: false,
  allowsVariables: false,
};

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** Decoded bytes of a base64 value as a binary string; undefined when it is not base64. */
export function decodeBase64(s: string): string | undefined {
  const t = s.trim();
  return BASE64.test(t) ? atob(t) : undefined;
}

export const BinaryEquals: Operator = {
  name: 'BinaryEquals',
  matches: (r, p) => {
    const a = decodeBase64(r);
    return a !== undefined && a === decodeBase64(p);
  },
  negated: false,
  allowsWildcards: false,
  allowsVariables: false,
};
