/**
 * Concrete requests drawn for the matrix properties independently of lib/analyze/effective: a random principal of the
 * organisation (or an account's root user), a random resource and action of the levels written here from design.md,
 * random request keys. Shared by the random-organisation property and the demo-organisation one.
 */
import fc from 'fast-check';
import type { Request } from '../../../lib/evaluate/types.js';
import type { AccessMatrix } from '../../../lib/model/access-matrix.js';
import type { EffectiveInput } from '../../../lib/analyze/effective/types.js';

// Written for the test from the level definitions of design.md (not imported from the engine).
const ACTIONS: Record<string, Array<[string, string, 'resource' | 'object']>> = {
  'ecr-repository': [
    ['pull', 'ecr:BatchGetImage', 'resource'],
    ['pull', 'ecr:GetDownloadUrlForLayer', 'resource'],
    ['push', 'ecr:PutImage', 'resource'],
    ['push', 'ecr:InitiateLayerUpload', 'resource'],
    ['push', 'ecr:UploadLayerPart', 'resource'],
    ['push', 'ecr:CompleteLayerUpload', 'resource'],
    ['manage', 'ecr:SetRepositoryPolicy', 'resource'],
    ['manage', 'ecr:DeleteRepositoryPolicy', 'resource'],
    ['manage', 'ecr:DeleteRepository', 'resource'],
    ['manage', 'ecr:BatchDeleteImage', 'resource'],
  ],
  's3-bucket': [
    ['read', 's3:GetObject', 'object'],
    ['write', 's3:PutObject', 'object'],
    ['write', 's3:DeleteObject', 'object'],
    ['list', 's3:ListBucket', 'resource'],
    ['manage', 's3:PutBucketPolicy', 'resource'],
    ['manage', 's3:DeleteBucketPolicy', 'resource'],
    ['manage', 's3:PutBucketAcl', 'resource'],
    ['manage', 's3:PutObjectAcl', 'object'],
  ],
  // Through an access point (S3 UG, "Using access points"): objects as `AP/object/KEY`, ListBucket on the AP ARN.
  's3-access-point': [
    ['read', 's3:GetObject', 'object'],
    ['write', 's3:PutObject', 'object'],
    ['write', 's3:DeleteObject', 'object'],
    ['list', 's3:ListBucket', 'resource'],
  ],
};
const KEYS = ['a.txt', 'public/build.tar', 'home/u0/notes', 'home/u3/x', 'home/r1/y', 'secret/k'];
const maybe = <T>(values: T[]): fc.Arbitrary<T | undefined> =>
  fc.option(fc.constantFrom(...values), { nil: undefined });

export const seedArb = fc.record({
  principal: fc.nat(),
  root: fc.boolean(),
  resource: fc.nat(),
  action: fc.nat(),
  key: fc.nat(KEYS.length - 1),
  team: maybe(['ci', 'web', 'ops']),
  mfa: maybe([true, false]),
  tls: maybe([true, false]),
  vpc: maybe(['vpc-1', 'vpc-2']),
});
export type Seed = typeof seedArb extends fc.Arbitrary<infer T> ? T : never;

/** A concrete request as AWS would build it (`orgId`: the organisation's id): the principal's own keys, and random request keys. */
export function requestOf(
  input: EffectiveInput,
  s: Seed,
  orgId: string,
): { request: Request; level: string; resource: string; principal: string } {
  const all = input.identities.flatMap((i) => (i.status === 'ok' ? i.principals : []));
  const resource = input.resources[s.resource % input.resources.length]!;
  const [level, action, on] = ACTIONS[resource.type]![s.action % ACTIONS[resource.type]!.length]!;
  const context: Request['context'] = { 'aws:PrincipalOrgID': orgId };
  let caller: string;
  let principal: string;
  let account: string;
  if (s.root || all.length === 0) {
    account = input.accounts[s.principal % input.accounts.length]!.id;
    principal = caller = `arn:aws:iam::${account}:root`;
  } else {
    const p = all[s.principal % all.length]!;
    account = p.account;
    principal = p.arn;
    caller = p.kind === 'role' ? `arn:aws:sts::${p.account}:assumed-role/${p.name}/s${s.key}` : p.arn;
    // A user carries its tags; a role session its role's tags unless session tags override them.
    const team = p.kind === 'user' ? p.tags.team : (s.team ?? p.tags.team);
    if (team !== undefined) context['aws:PrincipalTag/team'] = team;
    context['aws:PrincipalArn'] = p.arn;
  }
  context['aws:PrincipalOrgPaths'] = [input.accounts.find((a) => a.id === account)!.ouPath];
  if (s.mfa !== undefined) context['aws:MultiFactorAuthPresent'] = s.mfa;
  if (s.tls !== undefined) context['aws:SecureTransport'] = s.tls;
  if (s.vpc !== undefined) context['aws:SourceVpc'] = s.vpc;
  const ap = resource.accessPoint;
  if (ap) {
    // S3 condition keys: s3:DataAccessPointArn "the ARN of the access point", s3:DataAccessPointAccount "the account
    // ID of the owner of the access point"; a VPC access point "rejects any request ... that doesn't originate from
    // that VPC", so every request through it comes from that VPC.
    context['s3:DataAccessPointArn'] = resource.arn;
    context['s3:DataAccessPointAccount'] = resource.account;
    context['s3:AccessPointNetworkOrigin'] = ap.networkOrigin;
    if (ap.networkOrigin === 'VPC' && ap.vpcId) context['aws:SourceVpc'] = ap.vpcId;
  }
  const arn = on === 'object' ? `${resource.arn}${ap ? '/object' : ''}/${KEYS[s.key]}` : resource.arn;
  return {
    request: {
      principal: { kind: 'aws', arn: caller },
      action,
      resource: arn,
      resourceAccount: resource.account,
      context,
    },
    level,
    resource: resource.arn,
    principal,
  };
}

export function covered(m: AccessMatrix, resource: string, level: string, principal: string, action: string): boolean {
  // A grouped row (root users of a class of accounts) covers the root user of each of its accounts.
  const account = /^arn:[^:]+:iam::(\d{12}):root$/.exec(principal)?.[1];
  return m.rows.some(
    (r) =>
      r.resource === resource &&
      r.level === level &&
      (r.principal === principal || (account !== undefined && r.rootGroup?.accounts.includes(account))) &&
      r.actions.includes(action),
  );
}
