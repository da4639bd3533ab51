import { describe, expect, it } from 'vitest';
import { UNKNOWN, callerInfo, contextValue, matchPrincipal } from '../../lib/evaluate/index.js';
import type { CallerPrincipal, ContextValue, PrincipalVia, Tri } from '../../lib/evaluate/types.js';
import type { PrincipalBlock, PrincipalType } from '../../lib/policy/types.js';
import { req } from './helpers.js';

const SESSION: CallerPrincipal = { kind: 'aws', arn: 'arn:aws:sts::444455556666:assumed-role/puller/build-17' };
const USER: CallerPrincipal = { kind: 'aws', arn: 'arn:aws:iam::444455556666:user/dev/bob' };
const ROOT: CallerPrincipal = { kind: 'aws', arn: 'arn:aws:iam::444455556666:root' };
const SERVICE: CallerPrincipal = { kind: 'service', service: 'cloudfront.amazonaws.com' };
const ANON: CallerPrincipal = { kind: 'anonymous' };
const CANONICAL = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
const OTHER_CANONICAL = '0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef';

function block(type: PrincipalType, value: string, kind: PrincipalBlock['kind'] = 'Principal'): PrincipalBlock {
  return { kind, values: [{ type, value }], path: 'Statement[0].Principal' };
}

describe('principal matching', () => {
  it.each<
    [
      desc: string,
      type: PrincipalType,
      value: string,
      caller: CallerPrincipal,
      context: Record<string, ContextValue>,
      result: Tri,
      via: PrincipalVia,
    ]
  >([
    ['"*" matches an anonymous caller', '*', '*', ANON, {}, 'true', 'wildcard'],
    ['{"AWS":"*"} matches a service principal', 'AWS', '*', SERVICE, {}, 'true', 'wildcard'],
    ['an account id matches a role session of that account', 'AWS', '444455556666', SESSION, {}, 'true', 'account'],
    [
      'an account root ARN matches a user of that account',
      'AWS',
      'arn:aws:iam::444455556666:root',
      USER,
      {},
      'true',
      'account',
    ],
    ['an account id does not match another account', 'AWS', '111122223333', SESSION, {}, 'false', 'account'],
    ['an account id does not match an anonymous caller', 'AWS', '444455556666', ANON, {}, 'false', 'arn'],
    [
      'a role ARN matches its assumed-role sessions',
      'AWS',
      'arn:aws:iam::444455556666:role/puller',
      SESSION,
      {},
      'true',
      'arn',
    ],
    [
      'a role ARN with a path matches sessions, which drop the path',
      'AWS',
      'arn:aws:iam::444455556666:role/team/puller',
      SESSION,
      {},
      'true',
      'arn',
    ],
    [
      'a role ARN compares the role name case-insensitively',
      'AWS',
      'arn:aws:iam::444455556666:role/PULLER',
      SESSION,
      {},
      'true',
      'arn',
    ],
    [
      'a role ARN of another account does not match',
      'AWS',
      'arn:aws:iam::111122223333:role/puller',
      SESSION,
      {},
      'false',
      'arn',
    ],
    [
      'another role of the account does not match',
      'AWS',
      'arn:aws:iam::444455556666:role/pusher',
      SESSION,
      {},
      'false',
      'arn',
    ],
    [
      'a session ARN matches that session only',
      'AWS',
      'arn:aws:sts::444455556666:assumed-role/puller/build-17',
      SESSION,
      {},
      'true',
      'arn',
    ],
    [
      'another session ARN does not match',
      'AWS',
      'arn:aws:sts::444455556666:assumed-role/puller/other',
      SESSION,
      {},
      'false',
      'arn',
    ],
    [
      'a user ARN matches the user whatever its path',
      'AWS',
      'arn:aws:iam::444455556666:user/bob',
      USER,
      {},
      'true',
      'arn',
    ],
    [
      'a role ARN does not match a user of the same name',
      'AWS',
      'arn:aws:iam::444455556666:role/bob',
      USER,
      {},
      'false',
      'arn',
    ],
    [
      'a role unique id matches the aws:userid of its sessions',
      'AWS',
      'AROAEXAMPLEID',
      SESSION,
      { 'aws:userid': 'AROAEXAMPLEID:build-17' },
      'true',
      'unique-id',
    ],
    [
      'a unique id does not match a different aws:userid',
      'AWS',
      'AROAEXAMPLEID',
      SESSION,
      { 'aws:userid': 'AROAOTHER:build-17' },
      'false',
      'unique-id',
    ],
    [
      'a unique id is unknown when aws:userid is unknown',
      'AWS',
      'AROAEXAMPLEID',
      SESSION,
      { 'aws:userid': UNKNOWN },
      'unknown',
      'unique-id',
    ],
    ['a unique id does not match when aws:userid is absent', 'AWS', 'AIDAEXAMPLEID', USER, {}, 'false', 'unique-id'],
    [
      'a service principal matches that service, case-insensitively',
      'Service',
      'CloudFront.amazonaws.com',
      SERVICE,
      {},
      'true',
      'service',
    ],
    [
      'a service principal does not match an IAM role',
      'Service',
      'cloudfront.amazonaws.com',
      SESSION,
      {},
      'false',
      'service',
    ],
    [
      'a canonical user is unknown for an IAM caller whose canonical id is not known',
      'CanonicalUser',
      CANONICAL,
      SESSION,
      {},
      'unknown',
      'canonical-user',
    ],
    [
      'a canonical user matches the caller with that canonical id',
      'CanonicalUser',
      CANONICAL,
      { ...SESSION, canonicalId: CANONICAL },
      {},
      'true',
      'canonical-user',
    ],
    [
      'a canonical user does not match a caller with another canonical id',
      'CanonicalUser',
      CANONICAL,
      { ...SESSION, canonicalId: OTHER_CANONICAL },
      {},
      'false',
      'canonical-user',
    ],
    [
      'a canonical user compares ids exactly (no case folding)',
      'CanonicalUser',
      CANONICAL.toUpperCase(),
      { ...SESSION, canonicalId: CANONICAL },
      {},
      'false',
      'canonical-user',
    ],
    [
      'a canonical user does not match a service principal',
      'CanonicalUser',
      CANONICAL,
      SERVICE,
      {},
      'false',
      'canonical-user',
    ],
    [
      'a canonical user does not match an anonymous caller',
      'CanonicalUser',
      CANONICAL,
      ANON,
      {},
      'false',
      'canonical-user',
    ],
    [
      'a federated provider matches aws:FederatedProvider',
      'Federated',
      'cognito-identity.amazonaws.com',
      SESSION,
      { 'aws:FederatedProvider': 'cognito-identity.amazonaws.com' },
      'true',
      'federated',
    ],
  ])('%s', (_desc, type, value, caller, context, result, via) => {
    // Given a one-value Principal and a caller / When matched / Then
    expect(matchPrincipal(block(type, value), req(context, caller))).toEqual({ result, via });
  });

  it.each<[desc: string, values: string[], caller: CallerPrincipal, result: Tri]>([
    [
      'NotPrincipal spares a role session when the role and its account are listed',
      ['arn:aws:iam::444455556666:role/puller', '444455556666'],
      SESSION,
      'false',
    ],
    [
      'NotPrincipal does not spare a role listed without its account (IAM: the account is denied, and thus the role)',
      ['arn:aws:iam::444455556666:role/puller'],
      SESSION,
      'true',
    ],
    [
      'NotPrincipal does not spare another role of a listed account',
      ['arn:aws:iam::444455556666:role/other', 'arn:aws:iam::444455556666:root'],
      SESSION,
      'true',
    ],
    ['NotPrincipal with only the account spares the root user', ['444455556666'], ROOT, 'false'],
    ['NotPrincipal with only the account does not spare its users', ['444455556666'], USER, 'true'],
    [
      'NotPrincipal includes anonymous callers',
      ['arn:aws:iam::444455556666:role/puller', '444455556666'],
      ANON,
      'true',
    ],
    ['NotPrincipal "*" spares everyone', ['*'], ANON, 'false'],
  ])('%s', (_desc, values, caller, result) => {
    // Given a NotPrincipal list / When matched against the caller / Then the statement applies or not
    const b: PrincipalBlock = {
      kind: 'NotPrincipal',
      values: values.map((value) => ({ type: 'AWS' as const, value })),
      path: 'Statement[0].NotPrincipal',
    };
    expect(matchPrincipal(b, req({}, caller)).result).toBe(result);
  });

  it.each<[desc: string, values: Array<[PrincipalType, string]>, caller: CallerPrincipal, result: Tri]>([
    [
      'NotPrincipal spares the root user whose account and canonical id are listed',
      [
        ['AWS', '444455556666'],
        ['CanonicalUser', CANONICAL],
      ],
      { ...ROOT, canonicalId: CANONICAL },
      'false',
    ],
    [
      'NotPrincipal spares a role session when its account and its canonical id are listed',
      [
        ['AWS', '444455556666'],
        ['CanonicalUser', CANONICAL],
      ],
      { ...SESSION, canonicalId: CANONICAL },
      'false',
    ],
    [
      'NotPrincipal with a canonical id only does not spare that caller (its account is not listed)',
      [['CanonicalUser', CANONICAL]],
      { ...SESSION, canonicalId: CANONICAL },
      'true',
    ],
    [
      'NotPrincipal with the account and an unknown canonical id may or may not spare a role session',
      [
        ['AWS', '444455556666'],
        ['CanonicalUser', CANONICAL],
      ],
      SESSION,
      'unknown',
    ],
  ])('%s', (_desc, values, caller, result) => {
    // Given a NotPrincipal list naming a canonical user / When matched against the caller / Then
    const b: PrincipalBlock = {
      kind: 'NotPrincipal',
      values: values.map(([type, value]) => ({ type, value })),
      path: 'Statement[0].NotPrincipal',
    };
    expect(matchPrincipal(b, req({}, caller)).result).toBe(result);
  });

  it('spares a service named in NotPrincipal', () => {
    expect(matchPrincipal(block('Service', 'cloudfront.amazonaws.com', 'NotPrincipal'), req({}, SERVICE)).result).toBe(
      'false',
    );
    expect(matchPrincipal(block('Service', 'ecr.amazonaws.com', 'NotPrincipal'), req({}, SERVICE)).result).toBe('true');
  });

  it('reports a direct match over an account match when a block has both', () => {
    // Given a block naming the account and the role
    const b: PrincipalBlock = {
      kind: 'Principal',
      values: [
        { type: 'AWS', value: '444455556666' },
        { type: 'AWS', value: 'arn:aws:iam::444455556666:role/puller' },
      ],
      path: 'p',
    };
    // Then the role ARN decides how it matched (it grants directly)
    expect(matchPrincipal(b, req({}, SESSION))).toEqual({ result: 'true', via: 'arn' });
  });

  it('treats a missing Principal as implicit, or as no match when one is required', () => {
    expect(matchPrincipal(undefined, req())).toEqual({ result: 'true', via: 'implicit' });
    expect(matchPrincipal(undefined, req(), true)).toEqual({ result: 'false', via: 'implicit' });
  });
});

describe('context keys derived from the principal', () => {
  it.each<[caller: CallerPrincipal, key: string, expected: ContextValue | undefined]>([
    [SESSION, 'aws:PrincipalArn', 'arn:aws:iam::444455556666:role/puller'],
    [SESSION, 'aws:principalaccount', '444455556666'],
    [SESSION, 'aws:PrincipalType', 'AssumedRole'],
    [SESSION, 'aws:username', undefined],
    [SESSION, 'aws:userid', undefined],
    [USER, 'aws:username', 'bob'],
    [USER, 'aws:PrincipalType', 'User'],
    [ROOT, 'aws:userid', '444455556666'],
    [ROOT, 'aws:PrincipalType', 'Account'],
    [ANON, 'aws:PrincipalType', 'Anonymous'],
    // IAM (aws:userid): "Anonymous requests do not include this key".
    [ANON, 'aws:userid', undefined],
    [ANON, 'aws:PrincipalIsAWSService', undefined],
    [SERVICE, 'aws:PrincipalIsAWSService', 'true'],
    [SERVICE, 'aws:PrincipalServiceName', 'cloudfront.amazonaws.com'],
    [SERVICE, 'aws:PrincipalAccount', undefined],
    [USER, 'aws:PrincipalIsAWSService', 'false'],
  ])('%j gives %s = %j', (caller, key, expected) => {
    expect(contextValue(req({}, caller), key)).toEqual(expected);
  });

  it('prefers a value the request gives, whatever its case', () => {
    // Given an explicit principal ARN with the role path
    const r = req({ 'AWS:PRINCIPALARN': 'arn:aws:iam::444455556666:role/team/puller' }, SESSION);
    // Then it wins over the derived one
    expect(contextValue(r, 'aws:PrincipalArn')).toBe('arn:aws:iam::444455556666:role/team/puller');
    expect(contextValue(req({ constructor: 'x' }), 'toString')).toBeUndefined();
  });

  it('derives the role name from a session ARN', () => {
    expect(callerInfo(SESSION)).toMatchObject({ account: '444455556666', roleName: 'puller', type: 'AssumedRole' });
  });
});
