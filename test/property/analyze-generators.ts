/**
 * fast-check generators for the analyzer properties: realistic resource policies (S3 and ECR) over a
 * small vocabulary of principals (CanonicalUser ids included), actions (with wildcards), resources and
 * conditions, and concrete requests from every principal class.
 */
import fc from 'fast-check';
import type { Request } from '../../lib/evaluate/types.js';
import type { Zone } from '../../lib/model/zone.js';

export const OWNER = '111122223333';
export const MEMBER = '444455556666';
export const OUTSIDE = '777788889999';
export const TRUSTED = '222233334444';
export const STRANGER = '135792468024';
/** Shares the `7777` prefix with OUTSIDE without being named anywhere. */
export const NEIGHBOUR = '777711112222';
export const PATH = 'o-abc1234567/r-ab12/ou-ab12-1/';
/** S3 canonical user ids: OUTSIDE's account, and a CloudFront origin access identity's. */
export const CANONICAL_OUTSIDE = '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be';
export const CANONICAL_OAI = 'a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f90';
export const BUCKET = 'arn:aws:s3:::data';
export const REPO = `arn:aws:ecr:eu-west-1:${OWNER}:repository/app`;

export const ZONES: Record<string, Zone> = {
  acc: { kind: 'account', ownerAccount: OWNER },
  accOrg: {
    kind: 'account',
    ownerAccount: OWNER,
    orgId: 'o-abc1234567',
    orgAccounts: [OWNER, MEMBER],
    ouPaths: { [MEMBER]: PATH },
  },
  org: {
    kind: 'organization',
    ownerAccount: OWNER,
    orgId: 'o-abc1234567',
    orgAccounts: [OWNER, MEMBER],
    ouPaths: { [MEMBER]: PATH },
    trustedAccounts: [TRUSTED],
  },
  /** The organisation id alone (check-policy --org-id): who is a member is not known. */
  orgIdOnly: { kind: 'organization', ownerAccount: OWNER, orgId: 'o-abc1234567' },
};

const principals = fc.constantFrom<unknown>(
  '*',
  { AWS: '*' },
  { AWS: OUTSIDE },
  { AWS: `arn:aws:iam::${OUTSIDE}:role/ci` },
  { AWS: [`arn:aws:iam::${OUTSIDE}:role/blocked`, MEMBER] },
  { AWS: `arn:aws:iam::${MEMBER}:root` },
  { AWS: `arn:aws:iam::${OWNER}:role/admin` },
  { AWS: TRUSTED },
  { Service: 'lambda.amazonaws.com' },
  { CanonicalUser: CANONICAL_OAI },
  { CanonicalUser: [CANONICAL_OUTSIDE, CANONICAL_OAI] },
  { AWS: `arn:aws:iam::${OUTSIDE}:role/ci`, CanonicalUser: CANONICAL_OUTSIDE },
);

const conditions = fc.constantFrom<Array<[string, string, string | string[]]>>(
  [['StringEquals', 'aws:PrincipalOrgID', 'o-abc1234567']],
  [['StringNotEquals', 'aws:PrincipalOrgID', 'o-abc1234567']],
  [['StringNotEqualsIfExists', 'aws:PrincipalOrgID', 'o-abc1234567']],
  [['StringEquals', 'aws:PrincipalOrgID', 'o-foreign1234']],
  [['StringLike', 'aws:PrincipalOrgID', 'o-*']],
  [['ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', 'o-abc1234567/r-ab12/*']],
  [['StringEquals', 'aws:SourceVpce', 'vpce-1']],
  [['StringEqualsIfExists', 'aws:SourceVpce', 'vpce-1']],
  [['Bool', 'aws:SecureTransport', 'false']],
  [['Bool', 'aws:SecureTransport', 'true']],
  [['IpAddress', 'aws:SourceIp', '203.0.113.0/24']],
  [['NotIpAddress', 'aws:SourceIp', '203.0.113.0/24']],
  [['ArnLike', 'aws:PrincipalArn', `arn:aws:iam::${OUTSIDE}:role/ci*`]],
  [['ArnNotEquals', 'aws:PrincipalArn', `arn:aws:iam::${OWNER}:role/admin`]],
  [['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/deployer']],
  [['StringEquals', 'aws:PrincipalAccount', OUTSIDE]],
  [['StringEquals', 'aws:SourceAccount', OWNER]],
  [['StringEquals', 'aws:SourceAccount', OUTSIDE]],
  [['StringLike', 's3:prefix', 'home/*']],
  [['NumericLessThan', 's3:max-keys', '10']],
  [
    ['StringEquals', 'aws:SourceVpce', 'vpce-1'],
    ['Bool', 'aws:SecureTransport', 'true'],
  ],
  [['StringLike', 'aws:PrincipalAccount', '7777*']],
  [['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::7777*:role/*']],
);

function conditionBlock(
  list: Array<[string, string, string | string[]]>,
): Record<string, Record<string, string | string[]>> {
  const out: Record<string, Record<string, string | string[]>> = {};
  for (const [op, key, v] of list) (out[op] ??= {})[key] = v;
  return out;
}

export const S3_ACTIONS = [
  's3:GetObject',
  's3:PutObject',
  's3:DeleteObject',
  's3:ListBucket',
  's3:GetBucketPolicy',
  's3:PutBucketPolicy',
  's3:GetObjectTagging',
];
export const ECR_ACTIONS = [
  'ecr:BatchGetImage',
  'ecr:GetDownloadUrlForLayer',
  'ecr:PutImage',
  'ecr:SetRepositoryPolicy',
  'ecr:DeleteRepository',
  'ecr:ListImages',
];

function statement(type: 's3-bucket' | 'ecr-repository'): fc.Arbitrary<Record<string, unknown>> {
  const actionPool =
    type === 's3-bucket'
      ? [...S3_ACTIONS, 's3:Get*', 's3:Put*', 's3:*', '*', 's3:List*']
      : [...ECR_ACTIONS, 'ecr:Batch*', 'ecr:*', '*', 'ecr:Put*'];
  // Policy variables in Resource (2012-10-17): a key the class fixes, one it does not, one with a default.
  const variables = [
    `${BUCKET}/\${aws:PrincipalAccount}/*`,
    `${BUCKET}/home/\${aws:username}/*`,
    `${BUCKET}/\${aws:PrincipalTag/team, 'shared'}/*`,
  ];
  const resources =
    type === 's3-bucket'
      ? fc.constantFrom<string | string[]>(
          BUCKET,
          `${BUCKET}/*`,
          [BUCKET, `${BUCKET}/*`],
          `${BUCKET}/public/*`,
          '*',
          ...variables,
          [BUCKET, variables[1]],
        )
      : fc.constant(undefined);
  return fc
    .record({
      effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
      notPrincipal: fc.integer({ min: 0, max: 6 }).map((n) => n === 0),
      principal: principals,
      notAction: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      actions: fc.subarray(actionPool, { minLength: 1, maxLength: 3 }),
      notResource: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
      resource: resources,
      conditions: fc.option(conditions, { nil: undefined, freq: 2 }),
    })
    .map((r) => {
      const s: Record<string, unknown> = { Effect: r.effect };
      const principal =
        r.principal === '*' && r.notPrincipal ? { AWS: `arn:aws:iam::${OUTSIDE}:role/blocked` } : r.principal;
      s[r.notPrincipal ? 'NotPrincipal' : 'Principal'] = principal;
      s[r.notAction ? 'NotAction' : 'Action'] = r.actions;
      if (r.resource !== undefined) s[r.notResource ? 'NotResource' : 'Resource'] = r.resource;
      if (r.conditions) s.Condition = conditionBlock(r.conditions);
      return s;
    });
}

function registryStatement(): fc.Arbitrary<Record<string, unknown>> {
  return statement('ecr-repository').map((s) => ({ ...s, Resource: `arn:aws:ecr:eu-west-1:${OWNER}:repository/*` }));
}

/** An RCP: FullAWSAccess plus a perimeter Deny of one of a few shapes. */
const rcp = fc.constantFrom<Record<string, unknown>>(
  {
    Effect: 'Deny',
    Principal: '*',
    Action: ['s3:*', 'ecr:*'],
    Resource: '*',
    Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': 'o-abc1234567' } },
  },
  { Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: '*' },
  {
    Effect: 'Deny',
    Principal: '*',
    Action: 'ecr:*',
    Resource: '*',
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  },
);

/** A resource with a generated policy of 1-5 statements, a zone and (ECR) a registry policy under V1 or V2. */
export const scenario = fc.constantFrom<'s3-bucket' | 'ecr-repository'>('s3-bucket', 'ecr-repository').chain((type) =>
  fc.record({
    type: fc.constant(type),
    zone: fc.constantFrom('acc', 'accOrg', 'org', 'orgIdOnly'),
    // Now and then 2008-10-17, under which `${...}` in a Resource is literal text.
    policy: fc.record({
      Version: fc.constantFrom('2012-10-17', '2012-10-17', '2012-10-17', '2008-10-17'),
      Statement: fc.array(statement(type), { minLength: 1, maxLength: 5 }),
    }),
    registry:
      type === 'ecr-repository'
        ? fc.option(
            fc
              .array(registryStatement(), { minLength: 1, maxLength: 3 })
              .map((Statement) => ({ Version: '2012-10-17', Statement })),
            { nil: undefined },
          )
        : fc.constant(undefined),
    scope: fc.constantFrom<'V1' | 'V2'>('V1', 'V2'),
    rcp: fc.option(
      rcp.map((deny) => ({
        Version: '2012-10-17',
        Statement: [{ Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' }, deny],
      })),
      { nil: undefined, freq: 3 },
    ),
  }),
);

const CALLERS: Array<{ principal: Request['principal']; account?: string }> = [
  { principal: { kind: 'aws', arn: `arn:aws:iam::${OUTSIDE}:role/ci-build` }, account: OUTSIDE },
  { principal: { kind: 'aws', arn: `arn:aws:iam::${OUTSIDE}:role/blocked` }, account: OUTSIDE },
  { principal: { kind: 'aws', arn: `arn:aws:sts::${OUTSIDE}:assumed-role/ci/session` }, account: OUTSIDE },
  { principal: { kind: 'aws', arn: `arn:aws:iam::${OUTSIDE}:root` }, account: OUTSIDE },
  { principal: { kind: 'aws', arn: `arn:aws:iam::${MEMBER}:role/app` }, account: MEMBER },
  { principal: { kind: 'aws', arn: `arn:aws:iam::${TRUSTED}:role/partner` }, account: TRUSTED },
  { principal: { kind: 'aws', arn: `arn:aws:iam::${STRANGER}:role/deployer` }, account: STRANGER },
  { principal: { kind: 'aws', arn: `arn:aws:iam::${STRANGER}:user/eve` }, account: STRANGER },
  { principal: { kind: 'aws', arn: `arn:aws:iam::${NEIGHBOUR}:role/ci-x` }, account: NEIGHBOUR },
  // Callers whose S3 canonical user id is known: OUTSIDE's root user, and an origin access identity.
  { principal: { kind: 'aws', arn: `arn:aws:iam::${OUTSIDE}:root`, canonicalId: CANONICAL_OUTSIDE }, account: OUTSIDE },
  {
    principal: {
      kind: 'aws',
      arn: 'arn:aws:iam::cloudfront:user/CloudFront Origin Access Identity E2EXAMPLEOAI',
      canonicalId: CANONICAL_OAI,
    },
  },
  { principal: { kind: 'anonymous' } },
  { principal: { kind: 'service', service: 'lambda.amazonaws.com' } },
  { principal: { kind: 'service', service: 'cloudtrail.amazonaws.com' } },
];

/** A concrete request from some principal class, with a context consistent with who the caller is. */
export function requestArb(type: 's3-bucket' | 'ecr-repository'): fc.Arbitrary<Request> {
  const action = fc.constantFrom(...(type === 's3-bucket' ? S3_ACTIONS : ECR_ACTIONS));
  return fc
    .record({
      caller: fc.constantFrom(...CALLERS),
      action,
      // `own` stands for the caller's own-account folder (`<account>/doc`), as a `${aws:PrincipalAccount}` pattern names it.
      // `home/${aws:username}/y` is the literal key a 2008-10-17 pattern names.
      key: fc.constantFrom(
        'public/a.txt',
        'x',
        'home/y',
        'home/eve/y',
        'own',
        'team-a/z',
        'shared/z',
        'home/${aws:username}/y',
      ),
      team: fc.option(fc.constantFrom('team-a', 'team-b'), { nil: undefined }),
      foreignOrg: fc.constantFrom<string | undefined>(undefined, 'o-foreign1234', 'o-other123456'),
      vpce: fc.option(fc.constantFrom('vpce-1', 'vpce-2'), { nil: undefined }),
      tls: fc.constantFrom('true', 'false'),
      ip: fc.constantFrom('203.0.113.9', '198.51.100.3'),
      sourceAccount: fc.option(fc.constantFrom(OWNER, OUTSIDE), { nil: undefined }),
      prefix: fc.option(fc.constantFrom('home/a', 'etc'), { nil: undefined }),
    })
    .map((r) => {
      const objectAction = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:GetObjectTagging'].includes(
        r.action,
      );
      const key = r.key === 'own' ? `${r.caller.account ?? 'anonymous'}/doc` : r.key;
      const resource = type === 'ecr-repository' ? REPO : objectAction ? `${BUCKET}/${key}` : BUCKET;
      const context: Request['context'] = { 'aws:SecureTransport': r.tls, 'aws:SourceIp': r.ip };
      if (r.team && r.caller.principal.kind === 'aws') context['aws:PrincipalTag/team'] = r.team;
      if (r.vpce) context['aws:SourceVpce'] = r.vpce;
      if (r.prefix) context['s3:prefix'] = r.prefix;
      if (r.caller.account === MEMBER) {
        context['aws:PrincipalOrgID'] = 'o-abc1234567';
        context['aws:PrincipalOrgPaths'] = [PATH];
      } else if (r.caller.account && r.foreignOrg) {
        context['aws:PrincipalOrgID'] = r.foreignOrg;
        context['aws:PrincipalOrgPaths'] = [`${r.foreignOrg}/r-1/`];
      }
      if (r.caller.principal.kind === 'service' && r.sourceAccount) context['aws:SourceAccount'] = r.sourceAccount;
      return { principal: r.caller.principal, action: r.action, resource, resourceAccount: OWNER, context };
    });
}
