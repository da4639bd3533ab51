/**
 * Numeric operators. IAM: "Numeric condition operators let you construct Condition elements that
 * restrict access based on comparing a key to an integer or decimal value." A value that is not a
 * number never matches (so the negated `NumericNotEquals` is then true, as for any non-match).
 */
import type { Operator } from './operator.js';

const NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

/** Parses an IAM numeric value; NaN when it is not one. */
export function parseNumber(s: string): number {
  const t = s.trim();
  return NUMBER.test(t) ? Number(t) : Number.NaN;
}

function numeric(name: Operator['name'], cmp: (r: number, p: number) => boolean, negated = false): Operator {
  return {
    name,
    matches: (r, p) => {
      const a = parseNumber(r);
      const b = parseNumber(p);
      return !Number.isNaN(a) && !Number.isNaN(b) && cmp(a, b);
    },
    negated,
    allowsWildcards: false,
    allowsVariables: false,
  };
}

export const NumericEquals = numeric('NumericEquals', (r, p) => r === p);
export const NumericNotEquals = numeric('NumericNotEquals', (r, p) => r === p, true);
export const NumericLessThan = numeric('NumericLessThan', (r, p) => r < p);
export const NumericLessThanEquals = numeric('NumericLessThanEquals', (r, p) => r <= p);
export const NumericGreaterThan = numeric('NumericGreaterThan', (r, p) => r > p);
export const NumericGreaterThanEquals = numeric('NumericGreaterThanEquals', (r, p) => r >= p);
