import { describe, expect, it } from 'vitest';
import { BASE_OPERATORS } from '../../lib/policy/index.js';
import { OPERATORS, REASONS, evaluateCondition, lookupOperator } from '../../lib/evaluate/index.js';
import type { ContextValue, Tri } from '../../lib/evaluate/types.js';
import { cond, req } from './helpers.js';

const R = REASONS;
type Case = [
  operator: string,
  policyValues: string[],
  requestValue: ContextValue | undefined,
  result: Tri,
  reason: string,
];

/** Every base operator, present key: a match, a miss, and its quirks. */
const CASES: Case[] = [
  ['StringEquals', ['o-abc'], 'o-abc', 'true', R.valueMatched],
  ['StringEquals', ['o-abc'], 'O-ABC', 'false', R.noValueMatched],
  ['StringEquals', ['o-*'], 'o-abc', 'false', R.noValueMatched],
  ['StringEquals', ['a', 'b'], 'b', 'true', R.valueMatched],
  ['StringNotEquals', ['o-abc'], 'o-xyz', 'true', R.negatedNoneMatched],
  ['StringNotEquals', ['o-abc', 'o-xyz'], 'o-xyz', 'false', R.negatedMatched],
  ['StringEqualsIgnoreCase', ['O-ABC'], 'o-abc', 'true', R.valueMatched],
  ['StringEqualsIgnoreCase', ['o-ab*'], 'o-abc', 'false', R.noValueMatched],
  ['StringNotEqualsIgnoreCase', ['O-ABC'], 'o-abc', 'false', R.negatedMatched],
  ['StringNotEqualsIgnoreCase', ['O-ABC'], 'o-xyz', 'true', R.negatedNoneMatched],
  ['StringLike', ['o-*'], 'o-abc', 'true', R.valueMatched],
  ['StringLike', ['o-?bc'], 'o-abc', 'true', R.valueMatched],
  ['StringLike', ['O-*'], 'o-abc', 'false', R.noValueMatched],
  ['StringNotLike', ['o-*'], 'o-abc', 'false', R.negatedMatched],
  ['StringNotLike', ['x-*', 'y-*'], 'o-abc', 'true', R.negatedNoneMatched],
  ['NumericEquals', ['10'], '10', 'true', R.valueMatched],
  ['NumericEquals', ['10'], 10, 'true', R.valueMatched],
  ['NumericEquals', ['10'], '10.0', 'true', R.valueMatched],
  ['NumericEquals', ['10'], 'ten', 'false', R.noValueMatched],
  ['NumericNotEquals', ['10'], '11', 'true', R.negatedNoneMatched],
  ['NumericNotEquals', ['10'], '10', 'false', R.negatedMatched],
  ['NumericLessThan', ['10'], '9.5', 'true', R.valueMatched],
  ['NumericLessThan', ['10'], '10', 'false', R.noValueMatched],
  ['NumericLessThanEquals', ['10'], '10', 'true', R.valueMatched],
  ['NumericGreaterThan', ['10'], '1e2', 'true', R.valueMatched],
  ['NumericGreaterThan', ['10'], '10', 'false', R.noValueMatched],
  ['NumericGreaterThanEquals', ['10'], '10', 'true', R.valueMatched],
  ['NumericGreaterThanEquals', ['10'], '-11', 'false', R.noValueMatched],
  ['DateEquals', ['2026-01-01T00:00:00Z'], '1767225600', 'true', R.valueMatched],
  ['DateEquals', ['2026-01-01'], '2026-01-01T00:00:00Z', 'true', R.valueMatched],
  ['DateEquals', ['2026-01-01T00:00:00Z'], 'yesterday', 'false', R.noValueMatched],
  ['DateNotEquals', ['2026-01-01T00:00:00Z'], '2026-01-02T00:00:00Z', 'true', R.negatedNoneMatched],
  ['DateLessThan', ['2026-01-01T00:00:00Z'], '2025-12-31T23:59:59Z', 'true', R.valueMatched],
  ['DateLessThan', ['2026-01-01T00:00:00+01:00'], '2025-12-31T23:30:00Z', 'false', R.noValueMatched],
  ['DateLessThanEquals', ['2026-01-01T00:00:00Z'], '2026-01-01T00:00:00Z', 'true', R.valueMatched],
  ['DateGreaterThan', ['2026-01-01T00:00:00Z'], '2026-06-01T00:00:00Z', 'true', R.valueMatched],
  ['DateGreaterThanEquals', ['1767225600'], '2025-01-01T00:00:00Z', 'false', R.noValueMatched],
  ['Bool', ['true'], true, 'true', R.valueMatched],
  ['Bool', ['true'], 'TRUE', 'true', R.valueMatched],
  ['Bool', ['false'], 'true', 'false', R.noValueMatched],
  ['Bool', ['true'], 'yes', 'false', R.noValueMatched],
  ['BinaryEquals', ['aGVsbG8='], 'aGVsbG8=', 'true', R.valueMatched],
  ['BinaryEquals', ['aGVsbG8='], 'd29ybGQ=', 'false', R.noValueMatched],
  ['BinaryEquals', ['aGVsbG8='], 'not base64!', 'false', R.noValueMatched],
  ['IpAddress', ['10.0.0.0/8'], '10.1.2.3', 'true', R.valueMatched],
  ['IpAddress', ['10.0.0.0/8'], '11.1.2.3', 'false', R.noValueMatched],
  ['IpAddress', ['203.0.113.7'], '203.0.113.7', 'true', R.valueMatched],
  ['IpAddress', ['192.168.0.0/23'], '192.168.1.255', 'true', R.valueMatched],
  ['IpAddress', ['192.168.0.0/23'], '192.168.2.0', 'false', R.noValueMatched],
  ['IpAddress', ['2001:db8::/32'], '2001:db8:1::5', 'true', R.valueMatched],
  ['IpAddress', ['2001:db8::/32'], '2001:db9::5', 'false', R.noValueMatched],
  ['IpAddress', ['::ffff:10.0.0.0/104'], '::ffff:10.9.9.9', 'true', R.valueMatched],
  ['IpAddress', ['10.0.0.0/8'], '2001:db8::1', 'false', R.noValueMatched],
  ['IpAddress', ['10.0.0.0/33'], '10.0.0.1', 'false', R.noValueMatched],
  ['NotIpAddress', ['10.0.0.0/8'], '8.8.8.8', 'true', R.negatedNoneMatched],
  ['NotIpAddress', ['10.0.0.0/8', '2001:db8::/32'], '2001:db8::1', 'false', R.negatedMatched],
  [
    'ArnEquals',
    ['arn:aws:iam::111122223333:role/pusher'],
    'arn:aws:iam::111122223333:role/pusher',
    'true',
    R.valueMatched,
  ],
  ['ArnEquals', ['arn:aws:iam::*:role/pusher'], 'arn:aws:iam::111122223333:role/pusher', 'true', R.valueMatched],
  [
    'ArnEquals',
    ['arn:aws:iam::111122223333:role/pusher'],
    'arn:aws:iam::111122223333:role/Pusher',
    'false',
    R.noValueMatched,
  ],
  ['ArnLike', ['arn:aws:iam::111122223333:role/*'], 'arn:aws:iam::111122223333:role/ci/deploy', 'true', R.valueMatched],
  ['ArnLike', ['arn:aws:iam::111122223333:role/*'], 'not-an-arn', 'false', R.noValueMatched],
  [
    'ArnNotEquals',
    ['arn:aws:iam::111122223333:role/pusher'],
    'arn:aws:iam::111122223333:role/puller',
    'true',
    R.negatedNoneMatched,
  ],
  ['ArnNotLike', ['arn:aws:iam::111122223333:*'], 'arn:aws:iam::111122223333:role/x', 'false', R.negatedMatched],
  ['Null', ['true'], undefined, 'true', R.nullMatched],
  ['Null', ['true'], 'x', 'false', R.nullFailed],
  ['Null', ['false'], 'x', 'true', R.nullMatched],
  ['Null', ['false'], undefined, 'false', R.nullFailed],
  ['Null', ['true'], [], 'true', R.nullMatched],
];

describe('condition operators', () => {
  it.each(CASES)('%s %j on request value %j gives %s', (operator, values, value, expected, reason) => {
    // Given a condition on key `k` and a request that carries (or lacks) it
    const c = cond(operator, 'k', values);
    const request = req(value === undefined ? {} : { k: value });
    // When it is evaluated
    const r = evaluateCondition(c, request, '2012-10-17');
    // Then the result and the reason are the expected ones
    expect({ result: r.result, reason: r.reason }).toEqual({ result: expected, reason });
  });

  it('has a case for every operator in the table', () => {
    // Given the operator names the parser accepts
    const tested = new Set(CASES.map(([op]) => op));
    // Then every one of them is implemented and covered above
    for (const name of BASE_OPERATORS) {
      expect(OPERATORS[name].name).toBe(name);
      expect(tested.has(name)).toBe(true);
    }
    expect(Object.keys(OPERATORS).sort()).toEqual([...BASE_OPERATORS].sort());
  });

  it.each<[string, string | undefined]>([
    ['stringequals', 'StringEquals'],
    ['ARNLIKE', 'ArnLike'],
    ['NotIpAddress', 'NotIpAddress'],
    ['StringEqualz', undefined],
  ])('looks up `%s` case-insensitively as %s', (name, expected) => {
    expect(lookupOperator(name)?.name).toBe(expected);
  });

  it.each<[string, boolean, boolean, boolean]>([
    ['StringEquals', false, false, true],
    ['StringNotLike', true, true, true],
    ['ArnEquals', false, true, true],
    ['NumericLessThan', false, false, false],
    ['NotIpAddress', true, false, false],
    ['DateNotEquals', true, false, false],
  ])('%s is negated=%s, wildcards=%s, variables=%s', (name, negated, wildcards, variables) => {
    const op = lookupOperator(name);
    expect({ negated: op?.negated, wildcards: op?.allowsWildcards, variables: op?.allowsVariables }).toEqual({
      negated,
      wildcards,
      variables,
    });
  });
});
