import { describe, expect, it } from 'vitest';
import {
  ECR_REPOSITORY_POLICY_MAX_SIZE,
  POLICY_SIZE_LIMITS,
  parsePolicy,
  splitOperator,
} from '../../lib/policy/index.js';
import type { PolicyKind } from '../../lib/policy/types.js';

const V = '2012-10-17';
const ok = (raw: unknown, kind: PolicyKind = 'generic') => {
  const r = parsePolicy(raw, { kind });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
};

describe('parsePolicy accepts every shape AWS accepts', () => {
  it('takes Statement as one object or an array, from JSON text or a value', () => {
    // Given the same statement as an object and as an array, as text and as a value
    const st = { Effect: 'Allow', Action: 's3:GetObject', Resource: 'arn:aws:s3:::b/*' };
    const one = ok(JSON.stringify({ Version: V, Statement: st }));
    const many = ok({ Version: V, Statement: [st] });
    // Then both give one statement with every element as an array, with paths
    expect(one.statements[0]?.action).toEqual({ kind: 'Action', values: ['s3:GetObject'], path: 'Statement.Action' });
    expect(many.statements[0]?.action).toEqual({
      kind: 'Action',
      values: ['s3:GetObject'],
      path: 'Statement[0].Action',
    });
    expect(many.statements[0]?.resource?.values).toEqual(['arn:aws:s3:::b/*']);
  });

  it.each<[string, unknown, Array<{ type: string; value: string }>]>([
    ['"*"', '*', [{ type: '*', value: '*' }]],
    ['{"AWS":"*"}', { AWS: '*' }, [{ type: 'AWS', value: '*' }]],
    ['an account id', { AWS: '111122223333' }, [{ type: 'AWS', value: '111122223333' }]],
    [
      'root, role, user and session ARNs',
      {
        AWS: [
          'arn:aws:iam::1:root',
          'arn:aws:iam::1:role/r',
          'arn:aws:iam::1:user/u',
          'arn:aws:sts::1:assumed-role/r/s',
        ],
      },
      [
        { type: 'AWS', value: 'arn:aws:iam::1:root' },
        { type: 'AWS', value: 'arn:aws:iam::1:role/r' },
        { type: 'AWS', value: 'arn:aws:iam::1:user/u' },
        { type: 'AWS', value: 'arn:aws:sts::1:assumed-role/r/s' },
      ],
    ],
    ['unique ids', { AWS: 'AROAEXAMPLEID' }, [{ type: 'AWS', value: 'AROAEXAMPLEID' }]],
    [
      'Service, Federated and CanonicalUser',
      { Service: 'ecr.amazonaws.com', Federated: 'cognito-identity.amazonaws.com', CanonicalUser: 'abc' },
      [
        { type: 'Service', value: 'ecr.amazonaws.com' },
        { type: 'Federated', value: 'cognito-identity.amazonaws.com' },
        { type: 'CanonicalUser', value: 'abc' },
      ],
    ],
  ])('accepts Principal as %s', (_d, principal, values) => {
    expect(
      ok({ Version: V, Statement: { Effect: 'Allow', Principal: principal, Action: '*' } }).statements[0]?.principal
        ?.values,
    ).toEqual(values);
  });

  it('accepts NotPrincipal, NotAction and NotResource as tagged blocks', () => {
    const s = ok({
      Version: V,
      Statement: { Effect: 'Deny', NotPrincipal: { AWS: '1' }, NotAction: 'ecr:Get*', NotResource: ['a', 'b'] },
    }).statements[0];
    expect([s?.principal?.kind, s?.action.kind, s?.resource?.kind]).toEqual([
      'NotPrincipal',
      'NotAction',
      'NotResource',
    ]);
  });

  it('stringifies condition values and splits operators into qualifier, base and IfExists', () => {
    // Given numbers, booleans and arrays of them as condition values
    const s = ok({
      Version: V,
      Statement: {
        Effect: 'Allow',
        Action: '*',
        Condition: {
          'ForAnyValue:StringLikeIfExists': { 'aws:TagKeys': ['a*', 1] },
          Bool: { 'aws:SecureTransport': true },
          NumericLessThan: { 's3:max-keys': 10 },
        },
      },
    }).statements[0];
    // Then they are strings, and the operator parts are canonical
    expect(s?.conditions).toEqual([
      {
        operator: 'ForAnyValue:StringLikeIfExists',
        base: 'StringLike',
        qualifier: 'ForAnyValue',
        ifExists: true,
        key: 'aws:TagKeys',
        values: ['a*', '1'],
        path: 'Statement.Condition.ForAnyValue:StringLikeIfExists.aws:TagKeys',
      },
      {
        operator: 'Bool',
        base: 'Bool',
        ifExists: false,
        key: 'aws:SecureTransport',
        values: ['true'],
        path: 'Statement.Condition.Bool.aws:SecureTransport',
      },
      {
        operator: 'NumericLessThan',
        base: 'NumericLessThan',
        ifExists: false,
        key: 's3:max-keys',
        values: ['10'],
        path: 'Statement.Condition.NumericLessThan.s3:max-keys',
      },
    ]);
  });

  it('accepts both versions, and a missing Version as 2008-10-17 with a warning', () => {
    expect(ok({ Version: '2008-10-17', Statement: { Effect: 'Allow', Action: '*' } }).version).toBe('2008-10-17');
    const r = parsePolicy({ Statement: { Effect: 'Allow', Action: '*' } });
    expect(r.ok && r.policy.version).toBe('2008-10-17');
    expect(r.ok && r.warnings.map((w) => w.path)).toEqual(['Version']);
  });

  it('accepts a repository policy statement without Resource', () => {
    const s = ok(
      {
        Version: V,
        Statement: [{ Sid: 'Pull', Effect: 'Allow', Principal: { AWS: '1' }, Action: ['ecr:BatchGetImage'] }],
      },
      'resource',
    ).statements[0];
    expect(s?.resource).toBeUndefined();
    expect(s?.sid).toBe('Pull');
  });
});

describe('parsePolicy warns about what AWS accepts but does not mean what it seems', () => {
  it.each<[desc: string, raw: unknown, warning: { path: string; message: string }]>([
    [
      'a wildcard inside a principal ARN',
      { Version: V, Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::*:root' }, Action: '*' }] },
      { path: 'Statement[0].Principal', message: 'wildcard in principal `arn:aws:iam::*:root` is compared literally' },
    ],
    [
      'a policy variable under 2008-10-17',
      {
        Version: '2008-10-17',
        Statement: [{ Effect: 'Allow', Action: 's3:*', Resource: 'arn:aws:s3:::b/${aws:username}/*' }],
      },
      { path: 'Statement[0]', message: 'policy variables are literal text under version `2008-10-17`' },
    ],
    [
      'an RCP principal other than *',
      {
        Version: V,
        Statement: [{ Effect: 'Deny', Principal: { AWS: '111122223333' }, Action: 's3:*', Resource: '*' }],
      },
      { path: 'Statement[0].Principal', message: 'an RCP statement should use `"Principal": "*"`' },
    ],
  ])('warns about %s', (desc, raw, warning) => {
    // When parsed / Then it is accepted, with the warning
    const r = parsePolicy(raw, { kind: desc.startsWith('an RCP') ? 'rcp' : 'generic' });
    expect(r.ok && r.warnings).toContainEqual(warning);
  });
});

describe('parsePolicy rejects what AWS rejects, with paths', () => {
  it.each<[desc: string, raw: unknown, kind: PolicyKind, path: string, message: RegExp]>([
    ['invalid JSON text', '{"Statement": [', 'generic', '', /not valid JSON/],
    [
      'a wildcard inside a principal ARN of a resource policy',
      { Version: V, Statement: [{ Effect: 'Allow', Principal: { AWS: 'arn:aws:iam::*:root' }, Action: '*' }] },
      'resource',
      'Statement[0].Principal',
      /wildcard inside principal `arn:aws:iam::\*:root`: AWS rejects it/,
    ],
    [
      'a wildcard role name in a registry policy',
      {
        Version: V,
        Statement: [
          { Effect: 'Allow', Principal: { AWS: ['111122223333', 'arn:aws:iam::111122223333:role/ci-*'] }, Action: '*' },
        ],
      },
      'registry',
      'Statement[0].Principal',
      /role\/ci-\*/,
    ],
    ['a non-object document', [1, 2], 'generic', '', /must be a JSON object/],
    ['a missing Statement', { Version: V }, 'generic', 'Statement', /missing `Statement`/],
    ['an empty Statement', { Version: V, Statement: [] }, 'generic', 'Statement', /must not be empty/],
    [
      'a bad Version',
      { Version: '2020-01-01', Statement: { Effect: 'Allow', Action: '*' } },
      'generic',
      'Version',
      /unsupported version `2020-01-01`/,
    ],
    [
      'a non-object statement',
      { Version: V, Statement: ['x'] },
      'generic',
      'Statement[0]',
      /statement must be an object/,
    ],
    [
      'a missing Effect',
      { Version: V, Statement: [{ Action: '*' }] },
      'generic',
      'Statement[0].Effect',
      /missing `Effect`/,
    ],
    [
      'an Effect other than Allow/Deny',
      { Version: V, Statement: [{ Effect: 'allow', Action: '*' }] },
      'generic',
      'Statement[0].Effect',
      /must be `Allow` or `Deny`, got `allow`/,
    ],
    [
      'no Action or NotAction',
      { Version: V, Statement: [{ Effect: 'Allow' }] },
      'generic',
      'Statement[0].Action',
      /missing `Action` or `NotAction`/,
    ],
    [
      'both Action and NotAction',
      { Version: V, Statement: [{ Effect: 'Allow', Action: '*', NotAction: 's3:*' }] },
      'generic',
      'Statement[0].NotAction',
      /both `Action` and `NotAction`/,
    ],
    [
      'both Principal and NotPrincipal',
      { Version: V, Statement: [{ Effect: 'Allow', Principal: '*', NotPrincipal: '*', Action: '*' }] },
      'generic',
      'Statement[0].NotPrincipal',
      /both `Principal` and `NotPrincipal`/,
    ],
    [
      'both Resource and NotResource',
      { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Resource: '*', NotResource: 'a' }] },
      'generic',
      'Statement[0].NotResource',
      /both `Resource` and `NotResource`/,
    ],
    [
      'an unknown operator',
      { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Condition: { StringEqualz: { k: 'v' } } }] },
      'generic',
      'Statement[0].Condition.StringEqualz',
      /unknown condition operator `StringEqualz`/,
    ],
    [
      'NullIfExists',
      { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Condition: { NullIfExists: { k: 'true' } } }] },
      'generic',
      'Statement[0].Condition.NullIfExists',
      /unknown condition operator/,
    ],
    [
      'an object condition value',
      { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Condition: { StringEquals: { k: { a: 1 } } } }] },
      'generic',
      'Statement[0].Condition.StringEquals.k',
      /must be a string, number or boolean, got `object`/,
    ],
    [
      'a null condition value in a list',
      { Version: V, Statement: [{ Effect: 'Allow', Action: '*', Condition: { StringEquals: { k: ['a', null] } } }] },
      'generic',
      'Statement[0].Condition.StringEquals.k[1]',
      /got `null`/,
    ],
    [
      'a malformed action',
      { Version: V, Statement: [{ Effect: 'Allow', Action: 'GetObject' }] },
      'generic',
      'Statement[0].Action',
      /action `GetObject` must be/,
    ],
    [
      'an empty Action list',
      { Version: V, Statement: [{ Effect: 'Allow', Action: [] }] },
      'generic',
      'Statement[0].Action',
      /empty array/,
    ],
    [
      'an unknown principal type',
      { Version: V, Statement: [{ Effect: 'Allow', Principal: { User: 'x' }, Action: '*' }] },
      'generic',
      'Statement[0].Principal.User',
      /unknown principal type `User`/,
    ],
    [
      'a Principal string other than *',
      { Version: V, Statement: [{ Effect: 'Allow', Principal: '111122223333', Action: '*' }] },
      'generic',
      'Statement[0].Principal',
      /must be `\*` or an object/,
    ],
    [
      'an unknown statement element',
      { Version: V, Statement: [{ Effect: 'Allow', Actions: '*', Action: '*' }] },
      'generic',
      'Statement[0].Actions',
      /unknown statement element `Actions`/,
    ],
    [
      'a resource policy statement without Principal',
      { Version: V, Statement: [{ Effect: 'Allow', Action: '*' }] },
      'resource',
      'Statement[0].Principal',
      /required in a `resource` policy/,
    ],
    [
      'an identity policy with a Principal',
      { Version: V, Statement: [{ Effect: 'Allow', Principal: '*', Action: '*' }] },
      'identity',
      'Statement[0].Principal',
      /not allowed in an `identity` policy/,
    ],
  ])('rejects %s', (_d, raw, kind, path, message) => {
    // When parsed / Then an error points at the element
    const r = parsePolicy(raw, { kind });
    expect(r.ok).toBe(false);
    if (!r.ok) expect(r.errors).toContainEqual({ path, message: expect.stringMatching(message) });
  });

  it('reports every error of a policy, not only the first', () => {
    const r = parsePolicy({ Version: V, Statement: [{ Effect: 'Maybe', Action: 'x' }, 5] });
    expect(r.ok === false && r.errors.map((e) => e.path)).toEqual([
      'Statement[0].Effect',
      'Statement[0].Action',
      'Statement[1]',
    ]);
  });
});

describe('policy size limits', () => {
  const big = (bytes: number) => ({
    Version: V,
    Statement: { Effect: 'Allow', Action: '*', Resource: `arn:aws:s3:::${'x'.repeat(bytes)}` },
  });
  const base = JSON.stringify(big(0)).length;

  it.each<[PolicyKind, number]>([
    ['resource', 20_480],
    ['registry', 10_240],
    ['scp', 5_120],
    ['rcp', 5_120],
    ['generic', 131_072],
  ])('a %s policy may be %i bytes without whitespace, not one more', (kind, limit) => {
    // Given policies exactly at and one byte over the limit (statements fit the kind)
    const fitKind =
      kind === 'resource' || kind === 'registry'
        ? (d: ReturnType<typeof big>) => ({ ...d, Statement: { ...d.Statement, Principal: '*' } })
        : (d: ReturnType<typeof big>) => d;
    const extra = kind === 'resource' || kind === 'registry' ? '"Principal":"*",'.length : 0;
    expect(POLICY_SIZE_LIMITS[kind]).toBe(limit);
    // Then the one at the limit parses and the one over is rejected with the size in the message
    expect(parsePolicy(fitKind(big(limit - base - extra)), { kind }).ok).toBe(true);
    const over = parsePolicy(fitKind(big(limit - base - extra + 1)), { kind });
    expect(over.ok === false && over.errors[0]?.message).toBe(
      `policy is ${limit + 1} bytes, over the ${limit}-byte limit of a \`${kind}\` policy`,
    );
  });

  it('does not count whitespace, and takes an explicit limit for ECR repository policies', () => {
    const doc = big(ECR_REPOSITORY_POLICY_MAX_SIZE - base);
    expect(parsePolicy(JSON.stringify(doc, null, 8), { maxSize: ECR_REPOSITORY_POLICY_MAX_SIZE }).ok).toBe(true);
    expect(
      parsePolicy(big(ECR_REPOSITORY_POLICY_MAX_SIZE - base + 1), { maxSize: ECR_REPOSITORY_POLICY_MAX_SIZE }).ok,
    ).toBe(false);
  });
});

describe('splitOperator', () => {
  it.each<[string, ReturnType<typeof splitOperator>]>([
    ['StringEquals', { base: 'StringEquals', ifExists: false }],
    ['stringequalsifexists', { base: 'StringEquals', ifExists: true }],
    ['ForAllValues:ArnLike', { qualifier: 'ForAllValues', base: 'ArnLike', ifExists: false }],
    ['forAnyValue:NumericLessThanIfExists', { qualifier: 'ForAnyValue', base: 'NumericLessThan', ifExists: true }],
    ['NullIfExists', undefined],
    ['ForSomeValues:StringEquals', undefined],
  ])('splits `%s`', (op, expected) => {
    expect(splitOperator(op)).toEqual(expected);
  });
});
