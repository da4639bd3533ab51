import { describe, expect, it } from 'vitest';
import { REASONS, UNKNOWN, matchStatement, resourceMatches } from '../../lib/evaluate/index.js';
import type { ContextValue, Tri } from '../../lib/evaluate/types.js';
import { parsePolicy } from '../../lib/policy/index.js';
import type { PolicyVersion, Statement } from '../../lib/policy/types.js';
import { req } from './helpers.js';

const REPO = 'arn:aws:ecr:us-east-1:111122223333:repository/app';

function statement(raw: Record<string, unknown>, version: PolicyVersion = '2012-10-17'): Statement {
  const r = parsePolicy({ Version: version, Statement: [{ Effect: 'Allow', ...raw }] });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy.statements[0] as Statement;
}

describe('matchStatement', () => {
  it.each<
    [
      desc: string,
      raw: Record<string, unknown>,
      context: Record<string, ContextValue>,
      parts: { principal: Tri; action: Tri; resource: Tri; matches: Tri },
      reason: string,
    ]
  >([
    [
      'matches when every part matches',
      { Principal: '*', Action: 'ecr:BatchGet*' },
      {},
      { principal: 'true', action: 'true', resource: 'true', matches: 'true' },
      REASONS.statementMatched,
    ],
    [
      'compares actions case-insensitively',
      { Principal: '*', Action: 'ECR:batchgetimage' },
      {},
      { principal: 'true', action: 'true', resource: 'true', matches: 'true' },
      REASONS.statementMatched,
    ],
    [
      'reports the principal first when it does not match',
      { Principal: { AWS: '999999999999' }, Action: 's3:*' },
      {},
      { principal: 'false', action: 'false', resource: 'true', matches: 'false' },
      REASONS.principalMismatch,
    ],
    [
      'reports an action that does not match',
      { Principal: '*', Action: 'ecr:PutImage' },
      {},
      { principal: 'true', action: 'false', resource: 'true', matches: 'false' },
      REASONS.actionMismatch,
    ],
    [
      'inverts NotAction',
      { Principal: '*', NotAction: 'ecr:PutImage' },
      {},
      { principal: 'true', action: 'true', resource: 'true', matches: 'true' },
      REASONS.statementMatched,
    ],
    [
      'reports a resource that does not match',
      { Principal: '*', Action: '*', Resource: 'arn:aws:ecr:*:*:repository/other' },
      {},
      { principal: 'true', action: 'true', resource: 'false', matches: 'false' },
      REASONS.resourceMismatch,
    ],
    [
      'inverts NotResource',
      { Principal: '*', Action: '*', NotResource: 'arn:aws:ecr:*:*:repository/other' },
      {},
      { principal: 'true', action: 'true', resource: 'true', matches: 'true' },
      REASONS.statementMatched,
    ],
    [
      'expands variables in Resource',
      { Principal: '*', Action: '*', Resource: 'arn:aws:ecr:*:*:repository/${aws:PrincipalTag/repo}' },
      { 'aws:PrincipalTag/repo': 'app' },
      { principal: 'true', action: 'true', resource: 'true', matches: 'true' },
      REASONS.statementMatched,
    ],
    [
      'gives an unknown resource for a variable on an unknown key',
      { Principal: '*', Action: '*', Resource: 'arn:aws:ecr:*:*:repository/${aws:PrincipalTag/repo}' },
      { 'aws:PrincipalTag/repo': UNKNOWN },
      { principal: 'true', action: 'true', resource: 'unknown', matches: 'unknown' },
      REASONS.statementUnknown,
    ],
    [
      'reports a false condition',
      { Principal: '*', Action: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } },
      { 'aws:PrincipalOrgID': 'o-xyz' },
      { principal: 'true', action: 'true', resource: 'true', matches: 'false' },
      REASONS.conditionFailed,
    ],
    [
      'is unknown when a condition is unknown',
      { Principal: '*', Action: '*', Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc' } } },
      { 'aws:PrincipalOrgID': UNKNOWN },
      { principal: 'true', action: 'true', resource: 'true', matches: 'unknown' },
      REASONS.statementUnknown,
    ],
    [
      'is false when one condition is false and another unknown',
      {
        Principal: '*',
        Action: '*',
        Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-abc', 'aws:SourceVpce': 'vpce-1' } },
      },
      { 'aws:PrincipalOrgID': UNKNOWN, 'aws:SourceVpce': 'vpce-2' },
      { principal: 'true', action: 'true', resource: 'true', matches: 'false' },
      REASONS.conditionFailed,
    ],
  ])('%s', (_d, raw, context, parts, reason) => {
    // Given one statement and a request for ecr:BatchGetImage on the app repository
    const m = matchStatement(statement(raw), req(context), { version: '2012-10-17', policy: 'resource' });
    // Then each part and the reason are as expected
    expect({
      principal: m.principal,
      action: m.action,
      resource: m.resource,
      matches: m.matches,
      reason: m.reason,
    }).toEqual({ ...parts, reason });
  });

  it('applies a statement without Resource to the default resource only, when one is given', () => {
    const st = statement({ Principal: '*', Action: '*' });
    expect(
      matchStatement(st, req(), { version: '2012-10-17', policy: 'resource', defaultResource: REPO }).resource,
    ).toBe('true');
    expect(
      matchStatement(st, req(), { version: '2012-10-17', policy: 'resource', defaultResource: `${REPO}-2` }).resource,
    ).toBe('false');
    expect(matchStatement(st, req(), { version: '2012-10-17', policy: 'resource' }).resource).toBe('true');
  });

  it('matches no one when a Principal is required and the statement has none', () => {
    const st = statement({ Action: '*' });
    expect(
      matchStatement(st, req(), { version: '2012-10-17', policy: 'resource', requirePrincipal: true }).matches,
    ).toBe('false');
    expect(matchStatement(st, req(), { version: '2012-10-17', policy: 'identity[0]' }).matches).toBe('true');
  });

  it.each<[string, string, boolean]>([
    ['*', 'anything', true],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket/a/b', true],
    ['arn:aws:s3:::bucket/*', 'arn:aws:s3:::bucket', false],
    ['arn:aws:ecr:*:111122223333:repository/*', REPO, true],
  ])('resource pattern `%s` against `%s` gives %s', (pattern, resource, expected) => {
    expect(resourceMatches(pattern, resource)).toBe(expected);
  });
});
