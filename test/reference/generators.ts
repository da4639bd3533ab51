/**
 * fast-check generators of (policy set, request) pairs biased to produce matches: small pools of
 * accounts, principals, actions, ARNs, condition keys and values, so that statements hit as often
 * as they miss.
 */
import fc from 'fast-check';
import type { CallerPrincipal, ContextValue, Request } from '../../lib/evaluate/types.js';

const ACCOUNTS = ['111122223333', '444455556666', '777788889999'] as const;
const [A, B] = ACCOUNTS;

/** S3 canonical user ids of accounts A and B (an obfuscated form of the account id). */
const CANONICAL_A = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
const CANONICAL_B = '0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0';

/** Every IAM caller carries its account's canonical id: the reference is two-valued. */
const CALLERS: CallerPrincipal[] = [
  { kind: 'aws', arn: `arn:aws:iam::${A}:root`, canonicalId: CANONICAL_A },
  { kind: 'aws', arn: `arn:aws:iam::${A}:user/alice`, canonicalId: CANONICAL_A },
  { kind: 'aws', arn: `arn:aws:iam::${B}:user/dev/bob`, canonicalId: CANONICAL_B },
  { kind: 'aws', arn: `arn:aws:sts::${A}:assumed-role/pusher/s1`, canonicalId: CANONICAL_A },
  { kind: 'aws', arn: `arn:aws:sts::${B}:assumed-role/puller/s2`, canonicalId: CANONICAL_B },
  { kind: 'aws', arn: `arn:aws:sts::${B}:assumed-role/Deploy/s3`, canonicalId: CANONICAL_B },
  { kind: 'aws', arn: `arn:aws:iam::${B}:role/ci/deploy`, canonicalId: CANONICAL_B },
  { kind: 'aws', arn: `arn:aws:sts::${A}:assumed-role/AWSServiceRoleForECRReplication/x`, canonicalId: CANONICAL_A },
  { kind: 'service', service: 'ecr.amazonaws.com' },
  { kind: 'service', service: 's3.amazonaws.com' },
  { kind: 'anonymous' },
];

const PRINCIPAL_VALUES: Array<[string, string]> = [
  ['*', '*'],
  ['AWS', '*'],
  ['AWS', A],
  ['AWS', B],
  ['AWS', `arn:aws:iam::${A}:root`],
  ['AWS', `arn:aws:iam::${B}:root`],
  ['AWS', `arn:aws:iam::${A}:role/pusher`],
  ['AWS', `arn:aws:iam::${B}:role/team/puller`],
  ['AWS', `arn:aws:iam::${B}:role/deploy`],
  ['AWS', `arn:aws:iam::${A}:user/alice`],
  ['AWS', `arn:aws:iam::${B}:user/bob`],
  ['AWS', `arn:aws:sts::${B}:assumed-role/puller/s2`],
  ['AWS', 'AROAEXAMPLEID'],
  ['AWS', 'AIDAALICEID'],
  ['CanonicalUser', CANONICAL_A],
  ['CanonicalUser', CANONICAL_B],
  ['Service', 'ecr.amazonaws.com'],
  ['Service', 'S3.amazonaws.com'],
];

const ACTIONS = [
  'ecr:BatchGetImage',
  'ecr:PutImage',
  'ecr:CreateRepository',
  's3:GetObject',
  's3:ListBucket',
  's3:PutObject',
];
const ACTION_PATTERNS = [
  ...ACTIONS,
  '*',
  'ecr:*',
  's3:*',
  's3:Get*',
  'ECR:batchgetimage',
  's3:?utObject',
  'ecr:Batch*',
  'ecr:*Image',
  'iam:PassRole',
];

const RESOURCES = [
  `arn:aws:ecr:us-east-1:${A}:repository/app`,
  `arn:aws:ecr:us-east-1:${A}:repository/ecr-public/nginx`,
  `arn:aws:ecr:eu-west-1:${B}:repository/app`,
  'arn:aws:s3:::bucket',
  'arn:aws:s3:::bucket/home/alice/x.txt',
  'arn:aws:s3:::bucket/a*b',
  'arn:aws:s3:::other/k',
];
const RESOURCE_PATTERNS = [
  ...RESOURCES,
  '*',
  `arn:aws:ecr:*:${A}:repository/*`,
  `arn:aws:ecr:us-east-1:*:repository/ecr-public/*`,
  'arn:aws:s3:::bucket/*',
  'arn:aws:s3:::b?cket*',
  'arn:aws:s3:::bucket/home/${aws:username}/*',
  "arn:aws:s3:::bucket/home/${aws:username, 'alice'}/*",
  'arn:aws:s3:::bucket/a${*}b',
  'arn:aws:ecr:us-east-1:${aws:PrincipalAccount}:repository/*',
  'arn:*',
  'arn:aws:*:*:*:*',
];

/** Condition keys with plausible values (the same pools feed request contexts and policies). */
export const KEYS: Record<string, string[]> = {
  'aws:PrincipalOrgID': ['o-abc', 'o-xyz', 'o-*'],
  'aws:SourceIp': ['10.0.0.1', '10.0.0.0/8', '192.168.1.5', '192.168.0.0/16', '2001:db8::1', '2001:db8::/32', '::1'],
  'aws:PrincipalTag/team': ['red', 'Red', 'blue', 'r*', '${aws:username}'],
  'aws:TagKeys': ['env', 'team', 'cost', 'e*'],
  'aws:CurrentTime': ['2026-01-01T00:00:00Z', '2025-06-01', '1767225600', '2027-01-01T00:00:00Z'],
  'aws:SecureTransport': ['true', 'false', 'TRUE'],
  's3:max-keys': ['10', '100', '1.5e2', 'x'],
  'aws:PrincipalArn': [
    `arn:aws:iam::${A}:role/pusher`,
    `arn:aws:iam::${B}:role/*`,
    `arn:aws:iam::${A}:*`,
    '*',
    `arn:aws:iam::\${aws:PrincipalAccount}:role/pusher`,
  ],
  'aws:PrincipalAccount': [A, B, '${aws:PrincipalAccount}'],
  'aws:userid': ['AROAEXAMPLEID:s1', 'AIDAALICEID', A, 'AROA*'],
  'aws:username': ['alice', 'bob', 'ALICE'],
  'aws:PrincipalIsAWSService': ['true', 'false'],
  'ecr:ResourceTag/x': ['aGVsbG8=', 'd29ybGQ='],
};
const KEY_NAMES = Object.keys(KEYS);

const BASES = [
  'StringEquals',
  'StringNotEquals',
  'StringEqualsIgnoreCase',
  'StringNotEqualsIgnoreCase',
  'StringLike',
  'StringNotLike',
  'NumericEquals',
  'NumericNotEquals',
  'NumericLessThan',
  'NumericGreaterThanEquals',
  'DateLessThan',
  'DateGreaterThan',
  'DateEquals',
  'DateNotEquals',
  'Bool',
  'BinaryEquals',
  'IpAddress',
  'NotIpAddress',
  'ArnEquals',
  'ArnLike',
  'ArnNotEquals',
  'ArnNotLike',
  'Null',
];

const conditionArb = fc
  .record({
    qualifier: fc.constantFrom('', '', '', 'ForAnyValue:', 'ForAllValues:'),
    base: fc.constantFrom(...BASES),
    ifExists: fc.boolean(),
    key: fc.constantFrom(...KEY_NAMES),
    values: fc.array(fc.integer({ min: 0, max: 1000 }), { minLength: 1, maxLength: 3 }),
  })
  .map(({ qualifier, base, ifExists, key, values }) => {
    const pool = base === 'Null' ? ['true', 'false'] : (KEYS[key] as string[]);
    const vs = [...new Set(values.map((i) => pool[i % pool.length] as string))];
    return { op: `${qualifier}${base}${ifExists && base !== 'Null' ? 'IfExists' : ''}`, key, values: vs };
  });

function pick<T>(pool: readonly T[]): fc.Arbitrary<T> {
  return fc.constantFrom(...pool);
}

const statementArb = (withPrincipal: boolean): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .record({
      effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
      notPrincipal: fc.constantFrom(false, false, false, true),
      principals: fc.array(pick(PRINCIPAL_VALUES), { minLength: 1, maxLength: 3 }),
      notAction: fc.constantFrom(false, false, false, true),
      actions: fc.array(pick(ACTION_PATTERNS), { minLength: 1, maxLength: 3 }),
      resourceMode: fc.constantFrom('Resource', 'Resource', 'Resource', 'NotResource', 'none'),
      resources: fc.array(pick(RESOURCE_PATTERNS), { minLength: 1, maxLength: 3 }),
      conditions: fc.array(conditionArb, { maxLength: 3 }),
    })
    .map((s) => {
      const st: Record<string, unknown> = { Effect: s.effect };
      if (withPrincipal) {
        const block: Record<string, string[]> = {};
        if (s.principals.some(([t]) => t === '*') && !s.notPrincipal) st.Principal = '*';
        else {
          for (const [t, v] of s.principals) (block[t === '*' ? 'AWS' : t] ??= []).push(v);
          st[s.notPrincipal ? 'NotPrincipal' : 'Principal'] = block;
        }
      }
      st[s.notAction ? 'NotAction' : 'Action'] = s.actions;
      if (s.resourceMode !== 'none') st[s.resourceMode] = s.resources;
      if (s.conditions.length > 0) {
        const cond: Record<string, Record<string, string[]>> = {};
        for (const c of s.conditions) (cond[c.op] ??= {})[c.key] = c.values;
        st.Condition = cond;
      }
      return st;
    });

export const policyArb = (withPrincipal: boolean, maxStatements = 3): fc.Arbitrary<Record<string, unknown>> =>
  fc
    .record({
      version: fc.constantFrom('2012-10-17', '2012-10-17', '2008-10-17'),
      statements: fc.array(statementArb(withPrincipal), { minLength: 1, maxLength: maxStatements }),
    })
    .map(({ version, statements }) => ({ Version: version, Statement: statements }));

const contextValueArb = (key: string): fc.Arbitrary<ContextValue> => {
  const pool = (KEYS[key] as string[]).filter((v) => !v.includes('${') && !v.includes('*') && !v.includes('/'));
  const one = fc.constantFrom(...(pool.length > 0 ? pool : ['x']));
  if (key === 'aws:TagKeys') return fc.array(one, { maxLength: 3 });
  if (key === 'aws:SourceIp')
    return fc.constantFrom('10.0.0.1', '192.168.1.5', '2001:db8::1', '8.8.8.8', '2001:db9::2');
  if (key === 's3:max-keys') return fc.constantFrom<ContextValue>('10', 100, '150', 'abc');
  if (key === 'aws:SecureTransport') return fc.constantFrom<ContextValue>(true, false, 'true');
  return one;
};

export const requestArb: fc.Arbitrary<Request> = fc
  .record({
    principal: pick(CALLERS),
    action: pick(ACTIONS),
    resource: pick(RESOURCES),
    resourceAccount: fc.constantFrom<string | undefined>(A, A, B, undefined),
    keys: fc.subarray(
      KEY_NAMES.filter((k) => k !== 'aws:PrincipalArn' && k !== 'aws:PrincipalAccount' && k !== 'aws:username'),
      { maxLength: 5 },
    ),
  })
  .chain(({ principal, action, resource, resourceAccount, keys }) =>
    fc.tuple(...keys.map((k) => contextValueArb(k))).map((vals) => {
      const context: Record<string, ContextValue> = {};
      keys.forEach((k, i) => {
        context[i % 2 === 0 ? k : k.toLowerCase()] = vals[i] as ContextValue;
      });
      const req: Request = { principal, action, resource, context };
      if (resourceAccount !== undefined) req.resourceAccount = resourceAccount;
      return req;
    }),
  );

export const policySetArb = fc.record({
  identity: fc.option(fc.array(policyArb(false), { maxLength: 2 }), { freq: 3 }),
  resource: fc.option(policyArb(true), { freq: 4 }),
  scps: fc.option(fc.array(policyArb(false, 2), { maxLength: 2 }), { freq: 1 }),
  rcps: fc.option(fc.array(policyArb(true, 2), { maxLength: 1 }), { freq: 1 }),
  resourceAccountIsManagement: fc.boolean(),
  principalAccountIsManagement: fc.boolean(),
});
