import { describe, expect, it } from 'vitest';
import { REASONS, UNKNOWN, evaluateCondition, expandVariables } from '../../lib/evaluate/index.js';
import type { ContextValue, Tri } from '../../lib/evaluate/types.js';
import type { PolicyVersion } from '../../lib/policy/types.js';
import { cond, req } from './helpers.js';

const R = REASONS;
type Case = [operator: string, values: string[], context: Record<string, ContextValue>, result: Tri, reason: string];

describe('absent keys, IfExists and set qualifiers', () => {
  it.each<Case>([
    ['StringEquals', ['a'], {}, 'false', R.keyAbsent],
    ['StringNotEquals', ['a'], {}, 'true', R.keyAbsentNegated],
    ['ArnNotLike', ['arn:aws:iam::1:role/x'], {}, 'true', R.keyAbsentNegated],
    ['NotIpAddress', ['10.0.0.0/8'], {}, 'true', R.keyAbsentNegated],
    ['StringEqualsIfExists', ['a'], {}, 'true', R.keyAbsentIfExists],
    ['StringEqualsIfExists', ['a'], { k: 'b' }, 'false', R.noValueMatched],
    ['NumericLessThanIfExists', ['5'], { k: '3' }, 'true', R.valueMatched],
    ['ForAllValues:StringEquals', ['a', 'b'], {}, 'true', R.forAllValuesEmpty],
    ['ForAllValues:StringEquals', ['a', 'b'], { k: [] }, 'true', R.forAllValuesEmpty],
    ['ForAllValues:StringEquals', ['a', 'b'], { k: ['a', 'b'] }, 'true', R.forAllValuesMatched],
    ['ForAllValues:StringEquals', ['a', 'b'], { k: ['a', 'c'] }, 'false', R.forAllValuesFailed],
    ['ForAnyValue:StringEquals', ['a'], {}, 'false', R.forAnyValueEmpty],
    ['ForAnyValue:StringEquals', ['a'], { k: [] }, 'false', R.forAnyValueEmpty],
    ['ForAnyValue:StringEquals', ['a'], { k: ['c', 'a'] }, 'true', R.forAnyValueMatched],
    ['ForAnyValue:StringEquals', ['a'], { k: ['c', 'd'] }, 'false', R.forAnyValueFailed],
    ['ForAnyValue:StringEqualsIfExists', ['a'], {}, 'true', R.keyAbsentIfExists],
    ['ForAnyValue:StringNotEquals', ['a'], { k: ['a', 'b'] }, 'true', R.forAnyValueMatched],
    ['ForAllValues:StringNotEquals', ['a'], { k: ['a', 'b'] }, 'false', R.forAllValuesFailed],
    ['ForAllValues:StringLike', ['env*', 'team'], { k: ['env-prod', 'team'] }, 'true', R.forAllValuesMatched],
    // a multivalued key without a qualifier: any request value against any policy value
    ['StringEquals', ['b'], { k: ['a', 'b'] }, 'true', R.valueMatched],
    ['StringNotEquals', ['b'], { k: ['a', 'b'] }, 'false', R.negatedMatched],
    ['StringNotEquals', ['c'], { k: ['a', 'b'] }, 'true', R.negatedNoneMatched],
    ['StringEquals', ['b'], { k: [] }, 'false', R.keyAbsent],
    // keys compare case-insensitively
    ['StringEquals', ['o-abc'], { K: 'o-abc' }, 'true', R.valueMatched],
  ])('%s %j with context %j gives %s', (operator, values, context, expected, reason) => {
    // Given the condition and the request context
    const r = evaluateCondition(cond(operator, 'k', values), req(context), '2012-10-17');
    // Then the result and reason follow the IAM rules
    expect({ result: r.result, reason: r.reason }).toEqual({ result: expected, reason });
  });
});

describe('unknown context values', () => {
  it.each<[operator: string, values: string[], result: Tri, reason: string]>([
    ['StringEquals', ['a'], 'unknown', R.unknownValue],
    ['StringLike', ['*'], 'unknown', R.unknownValue],
    ['StringLikeIfExists', ['*'], 'true', R.unknownDecided],
    ['StringNotLike', ['*'], 'unknown', R.unknownValue],
    ['StringNotLikeIfExists', ['*'], 'unknown', R.unknownValue],
    ['ArnLikeIfExists', ['x', '*'], 'true', R.unknownDecided],
    ['ForAllValues:StringLike', ['*'], 'true', R.unknownDecided],
    ['ForAnyValue:StringLike', ['*'], 'unknown', R.unknownValue],
    ['Null', ['true'], 'unknown', R.unknownValue],
    ['Null', ['true', 'false'], 'true', R.unknownDecided],
    ['NumericLessThanIfExists', ['5'], 'unknown', R.unknownValue],
  ])('%s %j on an UNKNOWN key gives %s', (operator, values, expected, reason) => {
    // Given a key whose value is unknown (any value, or absent)
    const r = evaluateCondition(
      cond(operator, 'aws:PrincipalOrgID', values),
      req({ 'aws:PrincipalOrgID': UNKNOWN }),
      '2012-10-17',
    );
    // Then only outcomes that do not depend on the value are decided
    expect({ result: r.result, reason: r.reason }).toEqual({ result: expected, reason });
  });

  it('gives unknown when a policy variable refers to an unknown key and no other value matches', () => {
    // Given a condition value built from an unknown key
    const c = cond('StringEquals', 'aws:PrincipalTag/team', ['${aws:PrincipalTag/owner}']);
    // When evaluated / Then unknown, with the reason naming the variable problem
    const r = evaluateCondition(
      c,
      req({ 'aws:PrincipalTag/team': 'red', 'aws:PrincipalTag/owner': UNKNOWN }),
      '2012-10-17',
    );
    expect({ result: r.result, reason: r.reason }).toEqual({ result: 'unknown', reason: R.unknownVariable });
  });
});

describe('policy variables', () => {
  const ctx = { 'aws:username': 'alice', 'aws:PrincipalTag/team': 'red' };
  it.each<[operator: string, value: string | string[], requestValue: string, version: PolicyVersion, result: Tri]>([
    ['StringEquals', '${aws:username}', 'alice', '2012-10-17', 'true'],
    ['StringEquals', '${aws:username}', 'alice', '2008-10-17', 'false'],
    ['StringEquals', '${aws:username}', '${aws:username}', '2008-10-17', 'true'],
    ['StringEquals', '${AWS:USERNAME}', 'alice', '2012-10-17', 'true'],
    ['StringLike', 'home/${aws:username}/*', 'home/alice/x', '2012-10-17', 'true'],
    ['StringLike', 'home/${aws:username}/*', 'home/bob/x', '2012-10-17', 'false'],
    ['StringEquals', "${aws:PrincipalTag/missing, 'none'}", 'none', '2012-10-17', 'true'],
    ['StringEquals', '${aws:PrincipalTag/missing}', '', '2012-10-17', 'false'],
    // IAM User Guide, "Policy variables with no value": "Inverted condition operators like StringNotEquals or
    // StringNotLike do match against a null value".
    ['StringNotEquals', '${aws:PrincipalTag/missing}', 'anything', '2012-10-17', 'true'],
    ['StringNotLike', 'home/${aws:PrincipalTag/missing}/*', 'home/x/y', '2012-10-17', 'true'],
    [
      'ArnNotLike',
      'arn:aws:iam::${aws:PrincipalTag/missing}:role/*',
      'arn:aws:iam::111122223333:role/x',
      '2012-10-17',
      'true',
    ],
    ['StringNotEquals', ['${aws:PrincipalTag/missing}', 'anything'], 'anything', '2012-10-17', 'false'],
    ['StringLike', 'a${*}b', 'a*b', '2012-10-17', 'true'],
    ['StringLike', 'a${*}b', 'aXb', '2012-10-17', 'false'],
    ['StringLike', 'a${?}b', 'a?b', '2012-10-17', 'true'],
    ['StringEquals', 'cost${$}', 'cost$', '2012-10-17', 'true'],
    [
      'ArnLike',
      'arn:aws:iam::${aws:PrincipalAccount}:role/*',
      'arn:aws:iam::444455556666:role/x',
      '2012-10-17',
      'true',
    ],
    ['NumericEquals', '${aws:PrincipalTag/team}', 'red', '2012-10-17', 'false'],
  ])('%s `%s` against `%s` under %s gives %s', (operator, value, requestValue, version, expected) => {
    // Given a condition value with variables and a request with username and tags
    const r = evaluateCondition(
      cond(operator, 'k', Array.isArray(value) ? value : [value]),
      req({ ...ctx, k: requestValue }),
      version,
    );
    // Then variables are expanded only where IAM expands them
    expect(r.result).toBe(expected);
  });

  it('does not expand a multivalued key, and resolves a default only when the key is absent', () => {
    const request = req({ 'aws:TagKeys': ['a', 'b'], 'aws:username': 'alice' });
    expect(expandVariables('${aws:TagKeys}', request, false)).toEqual({ kind: 'unresolved', variable: 'aws:TagKeys' });
    expect(expandVariables("${aws:username, 'x'}", request, false)).toEqual({ kind: 'value', value: 'alice' });
    expect(expandVariables("${aws:userid, 'x'}", request, false)).toEqual({ kind: 'value', value: 'x' });
    expect(expandVariables('no variables', request, false)).toEqual({ kind: 'value', value: 'no variables' });
  });
});
