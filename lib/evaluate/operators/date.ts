/**
 * Date operators. IAM: "You must specify date/time values with one of the W3C implementations of
 * the ISO 8601 date formats or in epoch (UNIX) time." Epoch values are seconds. A value that is
 * neither never matches.
 */
import { memo } from '../memo.js';
import type { Operator } from './operator.js';

const EPOCH = /^\d+(\.\d+)?$/;
const ISO = /^\d{4}(-\d{2}(-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?)?)?$/;

/** Milliseconds since the epoch of an IAM date value; NaN when it is not one. */
export const parseDate: (s: string) => number = memo(readDate);

function readDate(s: string): number {
  const t = s.trim();
  if (EPOCH.test(t)) return Number(t) * 1000;
  if (!ISO.test(t)) return Number.NaN;
  // A date-time without a zone is read as UTC (ISO 8601 profile used by AWS: times are UTC).
  const withZone = /T\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(t) ? `${t}Z` : t;
  return Date.parse(withZone);
}

function date(name: Operator['name'], cmp: (r: number, p: number) => boolean, negated = false): Operator {
  return {
    name,
    matches: (r, p) => {
      const a = parseDate(r);
      const b = parseDate(p);
      return !Number.isNaN(a) && !Number.isNaN(b) && cmp(a, b);
    },
    negated,
    allowsWildcards: false,
    allowsVariables: false,
  };
}

export const DateEquals = date('DateEquals', (r, p) => r === p);
export const DateNotEquals = date('DateNotEquals', (r, p) => r === p, true);
export const DateLessThan = date('DateLessThan', (r, p) => r < p);
export const DateLessThanEquals = date('DateLessThanEquals', (r, p) => r <= p);
export const DateGreaterThan = date('DateGreaterThan', (r, p) => r > p);
export const DateGreaterThanEquals = date('DateGreaterThanEquals', (r, p) => r >= p);
