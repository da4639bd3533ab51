/**
 * A random organisation for the effective-access property, drawn from statement pools written for the test (not
 * from the engine's index or classes): identity policies, boundaries, groups, SCPs per level, RCPs, repository,
 * registry and bucket policies, with conditions on principal tags, MFA, TLS and source VPCs.
 */
import fc from 'fast-check';
import type { IamPrincipal } from '../../../lib/model/identity.js';
import type { MatrixResource } from '../../../lib/model/access-matrix.js';
import type { EffectiveInput } from '../../../lib/analyze/effective/types.js';
import { ACCOUNTS, APP, FULL_AWS_ACCESS, input, MGMT, ORG_ID, REG, scp } from './build.js';

type Doc = Record<string, unknown>;
const V = '2012-10-17';
const doc = (...Statement: Doc[]): Doc => ({ Version: V, Statement });

export const REPO1 = `arn:aws:ecr:eu-west-1:${REG}:repository/payments/api`;
export const REPO2 = `arn:aws:ecr:eu-west-1:${REG}:repository/tools`;
export const REPO3 = `arn:aws:ecr:eu-west-1:${APP}:repository/app`;
export const B1 = 'arn:aws:s3:::reg-artifacts';
export const B2 = `arn:aws:s3:::app-data`;
/** An access point of the registry on its own bucket B1, and one of the app account on the management's bucket B2. */
const AP1 = `arn:aws:s3:eu-west-1:${REG}:accesspoint/reg-share`;
const AP2 = `arn:aws:s3:eu-west-1:${APP}:accesspoint/app-view`;
const PUSH = ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'];

/** Identity statements (Allow and Deny). */
export const IDENTITY_POOL: Doc[] = [
  { Effect: 'Allow', Action: 'ecr:*', Resource: '*' },
  { Effect: 'Allow', Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: REPO1 },
  { Effect: 'Allow', Action: PUSH, Resource: `arn:aws:ecr:*:${REG}:repository/payments/*` },
  { Effect: 'Allow', Action: 's3:GetObject', Resource: `${B1}/*` },
  { Effect: 'Allow', Action: 's3:PutObject', Resource: `${B1}/public/*` },
  { Effect: 'Allow', Action: 's3:*', Resource: '*', Condition: { Bool: { 'aws:MultiFactorAuthPresent': 'true' } } },
  { Effect: 'Allow', NotAction: 'ecr:PutImage', Resource: '*' },
  {
    Effect: 'Allow',
    Action: ['s3:PutObject', 'ecr:PutImage'],
    Resource: '*',
    Condition: { StringEquals: { 'aws:PrincipalTag/team': 'ci' } },
  },
  {
    Effect: 'Deny',
    Action: 'ecr:PutImage',
    Resource: '*',
    Condition: { StringNotEquals: { 'aws:PrincipalTag/team': 'ci' } },
  },
  { Effect: 'Deny', Action: 's3:DeleteObject', Resource: '*' },
  { Effect: 'Allow', Action: ['ecr:SetRepositoryPolicy', 'ecr:DeleteRepository'], Resource: [REPO2, REPO3] },
  { Effect: 'Allow', Action: 's3:ListBucket', Resource: [B1, B2] },
  { Effect: 'Allow', Action: 'sts:GetCallerIdentity', Resource: '*' },
  { Effect: 'Allow', Action: 's3:GetObject', Resource: `${B2}/home/\${aws:username}/*` },
  {
    Effect: 'Allow',
    Action: ['s3:Get*', 's3:Put*'],
    Resource: [`${B2}`, `${B2}/*`],
    Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } },
  },
  { Effect: 'Allow', Action: ['s3:GetObject', 's3:ListBucket'], Resource: [AP1, `${AP1}/object/*`] },
  { Effect: 'Allow', Action: 's3:PutObject', Resource: 'arn:aws:s3:*:*:accesspoint/*/object/public/*' },
  {
    Effect: 'Deny',
    NotAction: ['s3:GetObject', 'ecr:BatchGetImage'],
    Resource: '*',
    Condition: { Bool: { 'aws:SecureTransport': 'false' } },
  },
];

export const BOUNDARY_POOL: Doc[] = [
  doc({ Effect: 'Allow', Action: ['ecr:BatchGet*', 'ecr:GetDownloadUrlForLayer'], Resource: '*' }),
  doc({ Effect: 'Allow', Action: 's3:*', Resource: '*' }),
  doc({ Effect: 'Allow', Action: '*', Resource: '*' }),
  doc({ Effect: 'Allow', Action: 'ecr:*', Resource: '*' }, { Effect: 'Deny', Action: 'ecr:Delete*', Resource: '*' }),
];

const FULL = (): ReturnType<typeof FULL_AWS_ACCESS> => FULL_AWS_ACCESS();
const SCP_CHOICES = [
  () => [FULL()],
  () => [FULL(), scp('p-deny-push', ['ou-root-prod'], doc({ Effect: 'Deny', Action: 'ecr:PutImage', Resource: '*' }))],
  () => [
    FULL_AWS_ACCESS(['ou-root-wrk']),
    scp(
      'p-list',
      ['ou-root-wrk'],
      doc({ Effect: 'Allow', Action: ['s3:*', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'], Resource: '*' }),
    ),
  ],
  () => [
    FULL(),
    scp(
      'p-tls',
      ['r-root'],
      doc({
        Effect: 'Deny',
        Action: 's3:PutObject',
        Resource: '*',
        Condition: { StringNotEquals: { 'aws:PrincipalTag/team': ['ci', 'ops'] } },
      }),
    ),
  ],
];

const RCP_CHOICES = [
  () => [],
  () => [
    {
      id: 'p-rcp-org',
      name: 'org-only',
      targets: ['r-root'],
      content: JSON.stringify(
        doc({
          Effect: 'Deny',
          Principal: '*',
          Action: 's3:*',
          Resource: '*',
          Condition: { StringNotEqualsIfExists: { 'aws:PrincipalOrgID': ORG_ID } },
        }),
      ),
    },
  ],
  () => [
    {
      id: 'p-rcp-own',
      name: 'own-writes',
      targets: [REG],
      content: JSON.stringify(
        doc({
          Effect: 'Deny',
          Principal: '*',
          Action: ['s3:PutObject', 'ecr:PutImage'],
          Resource: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalAccount': REG } },
        }),
      ),
    },
  ],
];

const REPO_POLICIES: Array<Doc | null> = [
  null,
  doc({
    Effect: 'Allow',
    Principal: '*',
    Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
    Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } },
  }),
  doc({ Effect: 'Allow', Principal: { AWS: APP }, Action: 'ecr:*' }),
  doc({
    Effect: 'Allow',
    Principal: { AWS: [`arn:aws:iam::${APP}:role/r0`, `arn:aws:iam::${REG}:role/r1`] },
    Action: PUSH,
  }),
  doc(
    { Effect: 'Allow', Principal: { AWS: MGMT }, Action: 'ecr:*' },
    {
      Effect: 'Deny',
      Principal: '*',
      Action: PUSH,
      Condition: { ArnNotLike: { 'aws:PrincipalArn': 'arn:aws:iam::*:role/r*' } },
    },
  ),
  doc({ Effect: 'Allow', Principal: '*', Action: 'ecr:*', Condition: { StringEquals: { 'aws:SourceVpc': 'vpc-1' } } }),
];

const BUCKET_POLICIES = (b: string): Array<Doc | null> => [
  null,
  doc({
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${APP}:root` },
    Action: ['s3:GetObject', 's3:PutObject'],
    Resource: `${b}/*`,
  }),
  doc({
    Effect: 'Allow',
    Principal: '*',
    Action: ['s3:GetObject', 's3:ListBucket'],
    Resource: [b, `${b}/*`],
    Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } },
  }),
  doc(
    {
      Effect: 'Deny',
      Principal: '*',
      Action: 's3:*',
      Resource: [b, `${b}/*`],
      Condition: { Bool: { 'aws:SecureTransport': 'false' } },
    },
    { Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${REG}:user/u2` }, Action: 's3:PutObject', Resource: `${b}/*` },
  ),
  doc({ Effect: 'Allow', Principal: { AWS: [MGMT, REG, APP] }, Action: 's3:*', Resource: [b, `${b}/*`] }),
  // Delegation to access points (S3 UG, "Delegating access control to access points"): to every access point of
  // one account, to one access point by ARN, to another account's access points.
  doc({
    Effect: 'Allow',
    Principal: '*',
    Action: '*',
    Resource: [b, `${b}/*`],
    Condition: { StringEquals: { 's3:DataAccessPointAccount': REG } },
  }),
  doc({
    Effect: 'Allow',
    Principal: '*',
    Action: ['s3:GetObject', 's3:PutObject', 's3:ListBucket'],
    Resource: [b, `${b}/*`],
    Condition: { StringEquals: { 's3:DataAccessPointArn': AP2 } },
  }),
  doc({
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:*',
    Resource: [b, `${b}/*`],
    Condition: { StringEquals: { 's3:DataAccessPointAccount': APP } },
  }),
];

const AP_POLICIES = (ap: string): Array<Doc | null> => [
  null,
  doc({
    Effect: 'Allow',
    Principal: { AWS: [`arn:aws:iam::${REG}:role/r1`, `arn:aws:iam::${APP}:role/r2`] },
    Action: ['s3:GetObject', 's3:PutObject'],
    Resource: `${ap}/object/*`,
  }),
  doc({
    Effect: 'Allow',
    Principal: '*',
    Action: 's3:*',
    Resource: [ap, `${ap}/object/*`],
    Condition: { StringEquals: { 'aws:PrincipalOrgID': ORG_ID } },
  }),
  doc(
    {
      Effect: 'Allow',
      Principal: { AWS: [APP, REG] },
      Action: ['s3:GetObject', 's3:ListBucket'],
      Resource: [ap, `${ap}/object/*`],
    },
    { Effect: 'Deny', Principal: '*', Action: 's3:PutObject', Resource: `${ap}/object/secret/*` },
  ),
  doc({
    Effect: 'Allow',
    Principal: { AWS: `arn:aws:iam::${REG}:user/u0` },
    Action: 's3:GetObject',
    Resource: `${ap}/object/home/\${aws:username}/*`,
  }),
];

const principalArb = fc.record({
  kind: fc.constantFrom<'role' | 'user'>('role', 'role', 'user'),
  account: fc.constantFrom(MGMT, REG, REG, APP, APP),
  statements: fc.array(fc.nat(IDENTITY_POOL.length - 1), { maxLength: 4 }),
  group: fc.option(fc.array(fc.nat(IDENTITY_POOL.length - 1), { minLength: 1, maxLength: 2 }), { nil: undefined }),
  boundary: fc.option(fc.nat(BOUNDARY_POOL.length - 1), { nil: undefined, freq: 3 }),
  team: fc.constantFrom<string | undefined>(undefined, 'ci', 'web'),
});

/** A random organisation input. */
export const orgArb: fc.Arbitrary<EffectiveInput> = fc
  .record({
    principals: fc.array(principalArb, { minLength: 3, maxLength: 9 }),
    scps: fc.nat(SCP_CHOICES.length - 1),
    rcps: fc.nat(RCP_CHOICES.length - 1),
    repos: fc.tuple(
      fc.nat(REPO_POLICIES.length - 1),
      fc.nat(REPO_POLICIES.length - 1),
      fc.nat(REPO_POLICIES.length - 1),
    ),
    registry: fc.nat(REPO_POLICIES.length - 1),
    buckets: fc.tuple(fc.nat(7), fc.nat(7)),
    accessPoints: fc.tuple(fc.nat(4), fc.nat(4), fc.boolean()),
  })
  .map((g) => {
    const principals: IamPrincipal[] = g.principals.map((p, i) => {
      const name = p.kind === 'role' ? `r${i}` : `u${i}`;
      const policies = [
        { source: 'inline:p', document: JSON.stringify(doc(...p.statements.map((s) => IDENTITY_POOL[s] as Doc))) },
      ];
      if (p.statements.length === 0) policies.pop();
      if (p.kind === 'user' && p.group)
        policies.push({
          source: 'group:g/inline:p',
          document: JSON.stringify(doc(...p.group.map((s) => IDENTITY_POOL[s] as Doc))),
        });
      return {
        kind: p.kind,
        account: p.account,
        name,
        arn: `arn:aws:iam::${p.account}:${p.kind}/${name}`,
        policies,
        ...(p.boundary !== undefined
          ? { boundary: { source: 'boundary:b', document: JSON.stringify(BOUNDARY_POOL[p.boundary]) } }
          : {}),
        tags: (p.team ? { team: p.team } : {}) as Record<string, string>,
        ...(p.kind === 'user' ? { groups: p.group ? ['g'] : [] } : {}),
      };
    });
    const text = (d: Doc | null | undefined): string | null => (d ? JSON.stringify(d) : null);
    const repoRes = (arn: string, account: string, i: number): MatrixResource => ({
      type: 'ecr-repository',
      arn,
      account,
      region: 'eu-west-1',
      policy: text(REPO_POLICIES[i]),
      ...(account === REG ? { registryPolicy: text(REPO_POLICIES[g.registry]) } : {}),
    });
    const resources: MatrixResource[] = [
      repoRes(REPO1, REG, g.repos[0]),
      repoRes(REPO2, REG, g.repos[1]),
      repoRes(REPO3, APP, g.repos[2]),
      {
        type: 's3-bucket',
        arn: B1,
        account: REG,
        region: 'eu-west-1',
        policy: text(BUCKET_POLICIES(B1)[g.buckets[0]]),
      },
      {
        type: 's3-bucket',
        arn: B2,
        account: MGMT,
        region: 'eu-west-1',
        policy: text(BUCKET_POLICIES(B2)[g.buckets[1]]),
      },
    ];
    const apRes = (arn: string, account: string, on: MatrixResource, i: number, vpc: boolean): MatrixResource => ({
      type: 's3-access-point',
      arn,
      account,
      region: 'eu-west-1',
      policy: text(AP_POLICIES(arn)[i]),
      accessPoint: {
        bucketArn: on.arn,
        bucketAccount: on.account,
        bucketPolicy: on.policy,
        networkOrigin: vpc ? 'VPC' : 'Internet',
        ...(vpc ? { vpcId: 'vpc-1' } : {}),
      },
    });
    resources.push(
      apRes(AP1, REG, resources[3]!, g.accessPoints[0], false),
      apRes(AP2, APP, resources[4]!, g.accessPoints[1], g.accessPoints[2]),
    );
    return withTwin(input(principals, resources, { scps: SCP_CHOICES[g.scps]!(), rcps: RCP_CHOICES[g.rcps]!() }));
  });

/** An account with no IAM principals in the app account's OU and under the same SCPs: its root user is APP's twin. */
export const TWIN = '444444444444';

function withTwin(base: EffectiveInput): EffectiveInput {
  const app = base.accounts.find((a) => a.id === APP)!;
  const scps =
    base.scps.status === 'ok'
      ? {
          ...base.scps,
          policies: base.scps.policies.map((p) =>
            p.targets.includes(APP) ? { ...p, targets: [...p.targets, TWIN] } : p,
          ),
        }
      : base.scps;
  return {
    ...base,
    accounts: [...base.accounts, { ...app, id: TWIN, name: 'twin' }],
    identities: [...base.identities, { account: TWIN, status: 'ok', principals: [], problems: [] }],
    scps,
    rcpsByAccount: { ...base.rcpsByAccount, [TWIN]: [] },
  };
}

export { ACCOUNTS };
