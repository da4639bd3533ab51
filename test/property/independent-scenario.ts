/**
 * Scenarios for the independent soundness property: a random zone of trust (legal organisation id of any length,
 * random accounts, roots and OUs) and a resource policy drawn from statement templates that hold every pattern issue
 * 11 lists (wildcard and malformed organisation values, wildcard-account principals pinned to the organisation,
 * service grants with source conditions, federated principals, access-point conditions, registry statements,
 * anonymous-unreachable conditions, trusted network origins). Templates name zone values by token (`{ORG}`,
 * `{MEMBER}`, ...) and are filled in per zone, so a scenario shrinks as a list of templates.
 *
 * Nothing here imports lib/analyze: the scenario is written from the AWS rules, not from the analyzer's classes.
 */
import fc from 'fast-check';
import type { Zone } from '../../lib/model/zone.js';

const LOWER_DIGIT = 'abcdefghijklmnopqrstuvwxyz0123456789';

/** `n` characters of `alphabet`. */
export function charsArb(alphabet: string, min: number, max: number): fc.Arbitrary<string> {
  return fc.array(fc.constantFrom(...alphabet.split('')), { minLength: min, maxLength: max }).map((a) => a.join(''));
}

/** Organizations: "o-" followed by from 10 to 32 lowercase letters or digits. */
export const orgIdArb = charsArb(LOWER_DIGIT, 10, 32).map((s) => `o-${s}`);
/** A root id: "r-" followed by from 4 to 32 lowercase letters or digits. */
export const rootIdArb = charsArb(LOWER_DIGIT, 4, 8).map((s) => `r-${s}`);
export const accountArb = charsArb('0123456789', 12, 12);

/** The values a scenario's templates may name. */
export interface ZoneValues {
  zone: Zone;
  owner: string;
  members: string[];
  trusted: string;
  /** Accounts outside the organisation that the policy may name. */
  outsiders: string[];
  org: string;
  root: string;
  /** An OU id of the organisation (`ou-<root suffix>-<8 chars>`). */
  ou: string;
  foreignOrg: string;
  /** A prefix of `org` (3 characters at least, shorter than the id). */
  orgPrefix: string;
  vpc: string;
  vpce: string;
}

export type ZoneKind = 'acc' | 'accOrg' | 'org' | 'orgIdOnly' | 'orgOu';

export const zoneArb: fc.Arbitrary<ZoneValues> = fc
  .record({
    kind: fc.constantFrom<ZoneKind>('acc', 'accOrg', 'org', 'org', 'orgIdOnly', 'orgOu'),
    accounts: fc.uniqueArray(accountArb, { minLength: 6, maxLength: 6 }),
    org: orgIdArb,
    foreignOrg: orgIdArb,
    root: rootIdArb,
    ouTails: fc.tuple(charsArb(LOWER_DIGIT, 8, 10), charsArb(LOWER_DIGIT, 8, 10)),
    cut: fc.integer({ min: 3, max: 40 }),
    vpc: charsArb('0123456789abcdef', 8, 8),
    trustNetwork: fc.boolean(),
  })
  .filter((r) => r.org !== r.foreignOrg)
  .map((r) => {
    const [owner, member, member2, trusted, out1, out2] = r.accounts as [
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const rootSuffix = r.root.slice(2);
    const ou = `ou-${rootSuffix}-${r.ouTails[0]}`;
    const ou2 = `ou-${rootSuffix}-${r.ouTails[1]}`;
    const paths = {
      [owner]: `${r.org}/${r.root}/`,
      [member]: `${r.org}/${r.root}/${ou}/`,
      [member2]: `${r.org}/${r.root}/${ou2}/`,
    };
    let zone: Zone;
    if (r.kind === 'acc') zone = { kind: 'account', ownerAccount: owner };
    else if (r.kind === 'orgIdOnly') zone = { kind: 'organization', ownerAccount: owner, orgId: r.org };
    else {
      zone = {
        kind: r.kind === 'accOrg' ? 'account' : 'organization',
        ownerAccount: owner,
        orgId: r.org,
        orgAccounts: [owner, member, member2],
        ouPaths: paths,
      };
      if (r.kind !== 'accOrg') zone.trustedAccounts = [trusted];
      if (r.kind === 'orgOu') zone.trustedOuPaths = [`${r.org}/${r.root}/${ou2}/`];
    }
    const vpc = `vpc-${r.vpc}`;
    const vpce = `vpce-${r.vpc}`;
    if (r.trustNetwork) Object.assign(zone, { trustedVpcs: [vpc], trustedVpces: [vpce] } satisfies Partial<Zone>);
    const orgPrefix = r.org.slice(0, Math.min(r.org.length - 1, r.cut));
    return {
      zone,
      owner,
      members: [member, member2],
      trusted,
      outsiders: [out1, out2],
      org: r.org,
      root: r.root,
      ou,
      foreignOrg: r.foreignOrg,
      orgPrefix,
      vpc,
      vpce,
    };
  });

/** Fills the tokens of a template string with the zone's values. */
export function fill(s: string, z: ZoneValues): string {
  return s
    .replaceAll('{OWNER}', z.owner)
    .replaceAll('{MEMBER}', z.members[0]!)
    .replaceAll('{MEMBER2}', z.members[1]!)
    .replaceAll('{TRUSTED}', z.trusted)
    .replaceAll('{OUT}', z.outsiders[0]!)
    .replaceAll('{OUT2}', z.outsiders[1]!)
    .replaceAll('{OUTPFX}', z.outsiders[0]!.slice(0, 4))
    .replaceAll('{ORGPFX}', z.orgPrefix)
    .replaceAll('{ORGUP}', z.org.toUpperCase())
    .replaceAll('{ORGQ}', `${z.org.slice(0, -1)}?`)
    .replaceAll('{ORG}', z.org)
    .replaceAll('{FORG}', z.foreignOrg)
    .replaceAll('{ROOT}', z.root)
    .replaceAll('{OU}', z.ou)
    .replaceAll('{VPCE}', z.vpce)
    .replaceAll('{VPC}', z.vpc);
}

function fillDeep(v: unknown, z: ZoneValues): unknown {
  if (typeof v === 'string') return fill(v, z);
  if (Array.isArray(v)) return v.map((x) => fillDeep(x, z));
  if (v && typeof v === 'object')
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [fill(k, z), fillDeep(x, z)]));
  return v;
}

/** Principal blocks: wildcards, accounts and roots, roles with wildcard accounts, services, federated, canonical ids. */
const PRINCIPALS: unknown[] = [
  '*',
  { AWS: '*' },
  { AWS: '{OUT}' },
  { AWS: '{MEMBER}' },
  { AWS: 'arn:aws:iam::{OUT}:root' },
  { AWS: 'arn:aws:iam::{OUT}:role/deploy' },
  { AWS: 'arn:aws:iam::{MEMBER}:role/app' },
  { AWS: 'arn:aws:iam::{TRUSTED}:root' },
  { AWS: 'arn:aws:iam::{OWNER}:role/admin' },
  { Service: 'cloudtrail.amazonaws.com' },
  { Service: 'logging.s3.amazonaws.com' },
  { Service: ['lambda.amazonaws.com', 'delivery.logs.amazonaws.com'] },
  { Federated: 'graph.facebook.com' },
  { Federated: 'cognito-identity.amazonaws.com' },
  { Federated: 'accounts.google.com' },
  { Federated: 'www.amazon.com' },
  { Federated: 'arn:aws:iam::{OUT}:saml-provider/corp' },
  { Federated: 'arn:aws:iam::{MEMBER}:saml-provider/corp' },
  { CanonicalUser: '79a59df900b949e55d96a1e698fbacedfd6e09d98eacf8f8d5218e7cd47ef2be' },
];

type Cond = [string, string, string | string[]];

/** Condition templates: each issue-11 pattern, plus the everyday keys. */
const CONDITIONS: Cond[][] = [
  // 1-2: organisation ids and paths, wildcard and malformed
  [['StringEquals', 'aws:PrincipalOrgID', '{ORG}']],
  [['StringLike', 'aws:PrincipalOrgID', '{ORGPFX}*']],
  [['StringLike', 'aws:PrincipalOrgID', '{ORGQ}']],
  [['StringLike', 'aws:PrincipalOrgID', 'o-*']],
  [['StringEquals', 'aws:PrincipalOrgID', '{ORGUP}']],
  [['StringEqualsIgnoreCase', 'aws:PrincipalOrgID', '{ORGUP}']],
  [['StringLike', 'aws:PrincipalOrgID', '{ORGUP}*']],
  [['StringEquals', 'aws:PrincipalOrgID', 'o-short']],
  [['StringEquals', 'aws:PrincipalOrgID', '{FORG}']],
  [['StringNotEquals', 'aws:PrincipalOrgID', '{ORG}']],
  [['StringNotLike', 'aws:PrincipalOrgID', '{ORGPFX}*']],
  [['ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', '{ORG}/{ROOT}/*']],
  [['ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', '*/{ROOT}/{OU}/*']],
  [['ForAnyValue:StringLike', 'aws:PrincipalOrgPaths', '{ORGPFX}*']],
  [['ForAnyValue:StringEquals', 'aws:PrincipalOrgPaths', '{ORG}/{ROOT}/{OU}/']],
  [['ForAllValues:StringLike', 'aws:PrincipalOrgPaths', '{ORG}/*']],
  [['StringLike', 'aws:PrincipalOrgPaths', 'o-*/{ROOT}/*']],
  // 3: wildcard-account principals pinned to the organisation
  [
    ['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/deploy'],
    ['StringEquals', 'aws:PrincipalOrgID', '{ORG}'],
  ],
  [['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/deploy']],
  [['StringLike', 'aws:PrincipalAccount', '{OUTPFX}*']],
  [
    ['StringLike', 'aws:PrincipalAccount', '*'],
    ['StringEquals', 'aws:PrincipalOrgID', '{ORG}'],
  ],
  [['StringEquals', 'aws:PrincipalAccount', ['{OUT}', '{MEMBER}']]],
  // the identities of a pattern's accounts are more than one role (users, roots, sessions)
  [['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::{OUTPFX}*:role/*']],
  [['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::*:user/*']],
  // 4: services acting for a resource
  [['StringEquals', 'aws:SourceAccount', '{OWNER}']],
  [['StringEquals', 'aws:SourceAccount', '{MEMBER}']],
  [['StringEquals', 'aws:SourceAccount', '{OUT}']],
  [['ArnLike', 'aws:SourceArn', 'arn:aws:cloudtrail:*:{OWNER}:trail/*']],
  [['ArnLike', 'aws:SourceArn', 'arn:aws:cloudtrail:*:{OUT}:trail/*']],
  [
    ['ArnLike', 'aws:SourceArn', 'arn:aws:s3:::logs-*'],
    ['StringEquals', 'aws:SourceAccount', '{OWNER}'],
  ],
  [['ArnLike', 'aws:SourceArn', 'arn:aws:s3:::logs-*']],
  [['StringEquals', 'aws:SourceOwner', '{OUT}']],
  [['StringLike', 'aws:SourceAccount', '{OUTPFX}*']],
  // 6: keys an anonymous caller never carries
  [['StringEquals', 'aws:PrincipalTag/team', 'blue']],
  [['StringNotEquals', 'aws:PrincipalAccount', '{OUT}']],
  [['ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::{OUT}:role/*']],
  [['StringNotLike', 'aws:userid', 'AROAEXAMPLE:*']],
  // 7: access-point delegation
  [['StringEquals', 's3:DataAccessPointAccount', '{OWNER}']],
  [['StringEquals', 's3:DataAccessPointAccount', '{OUT}']],
  [['StringEquals', 's3:DataAccessPointAccount', '{MEMBER}']],
  [['ArnLike', 's3:DataAccessPointArn', 'arn:aws:s3:*:{OUT}:accesspoint/*']],
  [['ArnLike', 's3:DataAccessPointArn', 'arn:aws:s3:eu-west-1:{OWNER}:accesspoint/*']],
  // 11: network origins
  [['StringEquals', 'aws:SourceVpc', '{VPC}']],
  [['StringEquals', 'aws:SourceVpce', '{VPCE}']],
  [['StringEqualsIfExists', 'aws:SourceVpce', '{VPCE}']],
  [['StringLike', 'aws:SourceVpce', 'vpce-*']],
  // issue 19: policy variables with no value under negated operators ("Inverted condition operators ... do match
  // against a null value")
  [['StringNotEquals', 'aws:PrincipalAccount', '${aws:PrincipalTag/home}']],
  [['StringNotLike', 'aws:PrincipalArn', 'arn:aws:iam::*:role/${aws:PrincipalTag/team}']],
  [['ArnNotLike', 'aws:PrincipalArn', 'arn:aws:iam::${aws:PrincipalTag/home}:*']],
  [['StringNotEquals', 'aws:SourceVpce', '${aws:PrincipalTag/team}']],
  [['StringLike', 'aws:PrincipalAccount', '*']],
  // issue 19: service principal keys
  [['StringEquals', 'aws:PrincipalServiceName', 'cloudtrail.amazonaws.com']],
  [['StringLike', 'aws:PrincipalServiceName', '*.amazonaws.com']],
  [['ForAllValues:StringNotEquals', 'aws:PrincipalServiceNamesList', 'logging.s3.amazonaws.com']],
  [['ForAnyValue:StringEquals', 'aws:PrincipalServiceNamesList', 'cloudtrail.amazonaws.com']],
  // issue 19: organisation pins (by a Deny when the statement is one), source organisation keys
  [['StringNotEqualsIfExists', 'aws:PrincipalOrgID', '{ORG}']],
  [
    ['StringNotEqualsIfExists', 'aws:PrincipalOrgID', '{ORG}'],
    ['BoolIfExists', 'aws:PrincipalIsAWSService', 'false'],
  ],
  [['StringEquals', 'aws:SourceOrgID', '{ORG}']],
  [['ForAnyValue:StringLike', 'aws:SourceOrgPaths', '{ORG}/*']],
  [['ForAnyValue:StringLike', 'aws:SourceOrgPaths', '{FORG}/*']],
  [['ForAnyValue:StringLike', 'aws:SourceOrgPaths', '{ORG}/{ROOT}/{OU}/*']],
  // issue 19: ARN values with missing components
  [['ArnLike', 'aws:SourceArn', 'arn:aws:sns:eu-west-1:{OUT}']],
  [['ArnNotLike', 'aws:SourceArn', 'arn:aws:sns:eu-west-1:{OWNER}']],
  [['ArnLike', 'aws:PrincipalArn', 'arn:aws:iam::{OUT}']],
  // everyday keys
  [['Bool', 'aws:SecureTransport', 'true']],
  [['IpAddress', 'aws:SourceIp', '203.0.113.0/24']],
  [['NotIpAddress', 'aws:SourceIp', '203.0.113.0/24']],
  [['StringEquals', 'aws:PrincipalType', 'AssumedRole']],
];

export const S3_ACTION_PATTERNS = [
  's3:GetObject',
  's3:PutObject',
  's3:ListBucket',
  's3:Get*',
  's3:*',
  '*',
  's3:PutBucketPolicy',
];
export const ECR_ACTION_PATTERNS = [
  'ecr:BatchGetImage',
  'ecr:PutImage',
  'ecr:ReplicateImage',
  'ecr:CreateRepository',
  'ecr:BatchImportUpstreamImage',
  'ecr:*',
  '*',
  'ecr:Batch*',
];

export type ScenarioType = 's3-bucket' | 'ecr-repository';

/** One statement template (tokens not yet filled). */
export interface StatementTemplate {
  effect: 'Allow' | 'Deny';
  principal: unknown;
  notPrincipal: boolean;
  actions: string[];
  resource: string | undefined;
  conditions: Cond[];
}

function statementArb(type: ScenarioType): fc.Arbitrary<StatementTemplate> {
  // `!` marks a NotResource (issue 19: a NotResource pattern whose variable has no value excludes nothing).
  const resources =
    type === 's3-bucket'
      ? [
          'arn:aws:s3:::data',
          'arn:aws:s3:::data/*',
          'arn:aws:s3:::data/public/*',
          '*',
          '!arn:aws:s3:::data/home/${aws:username}/*',
          '!arn:aws:s3:::data/${aws:PrincipalTag/team}/*',
        ]
      : [undefined];
  return fc.record({
    effect: fc.constantFrom<'Allow' | 'Deny'>('Allow', 'Allow', 'Allow', 'Deny'),
    principal: fc.constantFrom(...PRINCIPALS),
    notPrincipal: fc.integer({ min: 0, max: 9 }).map((n) => n === 0),
    actions: fc.subarray(type === 's3-bucket' ? S3_ACTION_PATTERNS : ECR_ACTION_PATTERNS, {
      minLength: 1,
      maxLength: 3,
    }),
    resource: fc.constantFrom(...resources),
    conditions: fc.oneof(
      { weight: 1, arbitrary: fc.constant<Cond[]>([]) },
      {
        weight: 4,
        arbitrary: fc.array(fc.constantFrom(...CONDITIONS), { minLength: 1, maxLength: 2 }).map((l) => l.flat()),
      },
    ),
  });
}

/** Renders a statement template as policy JSON for a zone. */
export function renderStatement(
  t: StatementTemplate,
  z: ZoneValues,
  resourceOverride?: string,
): Record<string, unknown> {
  const s: Record<string, unknown> = { Effect: t.effect };
  const principal =
    t.notPrincipal && (t.principal === '*' || (t.principal as { AWS?: string }).AWS === '*')
      ? { AWS: 'arn:aws:iam::{OUT}:role/deploy' }
      : t.principal;
  s[t.notPrincipal ? 'NotPrincipal' : 'Principal'] = fillDeep(principal, z);
  s.Action = t.actions;
  const resource = resourceOverride ?? t.resource;
  if (resource?.startsWith('!')) s.NotResource = fill(resource.slice(1), z);
  else if (resource !== undefined) s.Resource = fill(resource, z);
  if (t.conditions.length > 0) {
    const block: Record<string, Record<string, string | string[]>> = {};
    for (const [op, key, v] of t.conditions) (block[op] ??= {})[key] = fillDeep(v, z) as string | string[];
    s.Condition = block;
  }
  return s;
}

/** A generated scenario: a zone, the resource's policy and (ECR) a registry policy under V1 or V2. */
export interface IndependentScenario {
  type: ScenarioType;
  z: ZoneValues;
  statements: StatementTemplate[];
  registry: StatementTemplate[] | undefined;
  scope: 'V1' | 'V2';
}

export const independentScenarioArb: fc.Arbitrary<IndependentScenario> = fc
  .constantFrom<ScenarioType>('s3-bucket', 'ecr-repository')
  .chain((type) =>
    fc.record({
      type: fc.constant(type),
      z: zoneArb,
      statements: fc.array(statementArb(type), { minLength: 1, maxLength: 4 }),
      registry:
        type === 'ecr-repository'
          ? fc.option(fc.array(statementArb(type), { minLength: 1, maxLength: 2 }), { nil: undefined, freq: 2 })
          : fc.constant(undefined),
      scope: fc.constantFrom<'V1' | 'V2'>('V1', 'V2'),
    }),
  );

export const REGION = 'eu-west-1';
export const BUCKET_ARN = 'arn:aws:s3:::data';
export function repositoryArn(owner: string): string {
  return `arn:aws:ecr:${REGION}:${owner}:repository/app`;
}

/** The scenario's policies as JSON. Registry statements name the registry's own repositories (`repository/*`). */
export function renderPolicies(s: IndependentScenario): {
  policy: Record<string, unknown>;
  registry?: Record<string, unknown>;
} {
  const policy = { Version: '2012-10-17', Statement: s.statements.map((t) => renderStatement(t, s.z)) };
  if (!s.registry) return { policy };
  const registryResource = `arn:aws:ecr:${REGION}:${s.z.owner}:repository/*`;
  return {
    policy,
    registry: { Version: '2012-10-17', Statement: s.registry.map((t) => renderStatement(t, s.z, registryResource)) },
  };
}
