import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { accessMatrix } from '../../../lib/analyze/effective/matrix.js';
import { authorizeWithBoundary } from '../../../lib/evaluate/boundary.js';
import type { Request } from '../../../lib/evaluate/types.js';
import type { AccessMatrix } from '../../../lib/model/access-matrix.js';
import type { EffectiveInput } from '../../../lib/analyze/effective/types.js';
import { ORG_ID } from './build.js';
import { orgArb } from './generate.js';
import { policySetOf, principalOfCaller, replay } from './replay.js';

// Written for the test from the level definitions of design.md (not imported from the engine).
const ACTIONS: Record<string, Array<[string, string, 'resource' | 'object']>> = {
  'ecr-repository': [
    ['pull', 'ecr:BatchGetImage', 'resource'], ['pull', 'ecr:GetDownloadUrlForLayer', 'resource'],
    ['push', 'ecr:PutImage', 'resource'], ['push', 'ecr:InitiateLayerUpload', 'resource'], ['push', 'ecr:UploadLayerPart', 'resource'], ['push', 'ecr:CompleteLayerUpload', 'resource'],
    ['manage', 'ecr:SetRepositoryPolicy', 'resource'], ['manage', 'ecr:DeleteRepositoryPolicy', 'resource'], ['manage', 'ecr:DeleteRepository', 'resource'], ['manage', 'ecr:BatchDeleteImage', 'resource'],
  ],
  's3-bucket': [
    ['read', 's3:GetObject', 'object'], ['write', 's3:PutObject', 'object'], ['write', 's3:DeleteObject', 'object'], ['list', 's3:ListBucket', 'resource'],
    ['manage', 's3:PutBucketPolicy', 'resource'], ['manage', 's3:DeleteBucketPolicy', 'resource'], ['manage', 's3:PutBucketAcl', 'resource'], ['manage', 's3:PutObjectAcl', 'object'],
  ],
};
const KEYS = ['a.txt', 'public/build.tar', 'home/u0/notes', 'home/u3/x', 'home/r1/y', 'secret/k'];
const maybe = <T>(values: T[]): fc.Arbitrary<T | undefined> => fc.option(fc.constantFrom(...values), { nil: undefined });

const seedArb = fc.record({
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
type Seed = typeof seedArb extends fc.Arbitrary<infer T> ? T : never;

/** A concrete request as AWS would build it: the principal's own keys, and random request keys. */
function requestOf(input: EffectiveInput, s: Seed): { request: Request; level: string; resource: string; principal: string } {
  const all = input.identities.flatMap((i) => (i.status === 'ok' ? i.principals : []));
  const resource = input.resources[s.resource % input.resources.length]!;
  const [level, action, on] = ACTIONS[resource.type]![s.action % ACTIONS[resource.type]!.length]!;
  const context: Request['context'] = { 'aws:PrincipalOrgID': ORG_ID };
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
    const team = p.kind === 'user' ? p.tags.team : s.team ?? p.tags.team;
    if (team !== undefined) context['aws:PrincipalTag/team'] = team;
    context['aws:PrincipalArn'] = p.arn;
  }
  context['aws:PrincipalOrgPaths'] = [input.accounts.find((a) => a.id === account)!.ouPath];
  if (s.mfa !== undefined) context['aws:MultiFactorAuthPresent'] = s.mfa;
  if (s.tls !== undefined) context['aws:SecureTransport'] = s.tls;
  if (s.vpc !== undefined) context['aws:SourceVpc'] = s.vpc;
  const arn = on === 'object' ? `${resource.arn}/${KEYS[s.key]}` : resource.arn;
  return { request: { principal: { kind: 'aws', arn: caller }, action, resource: arn, resourceAccount: resource.account, context }, level, resource: resource.arn, principal };
}

function covered(m: AccessMatrix, resource: string, level: string, principal: string, action: string): boolean {
  return m.rows.some((r) => r.resource === resource && r.level === level && r.principal === principal && r.actions.includes(action));
}

describe('the access matrix against independently drawn requests', () => {
  it('lists every allowed request of a random organisation, and every row replays to Allow (>= 20,000 checks)', () => {
    let checks = 0;
    let allowed = 0;
    fc.assert(
      fc.property(orgArb, fc.array(seedArb, { minLength: 500, maxLength: 500 }), (input, seeds) => {
        const m = accessMatrix(input);
        for (const r of m.rows) {
          expect(r.verified, `unproven row ${JSON.stringify(r)}`).toBe(true);
          expect(replay(input, r, authorizeWithBoundary), JSON.stringify(r)).toBe('Allow');
          checks++;
        }
        for (const s of seeds) {
          const { request, level, resource, principal } = requestOf(input, s);
          checks++;
          const d = authorizeWithBoundary(request, policySetOf(input, request.principal.kind === 'aws' ? request.principal.arn : '', request.resource));
          if (d.decision !== 'Allow') continue;
          allowed++;
          expect(principalOfCaller(request.principal.kind === 'aws' ? request.principal.arn : '')).toBe(principal);
          expect(covered(m, resource, level, principal, request.action), `allowed but not in the matrix: ${JSON.stringify(request)}`).toBe(true);
        }
      }),
      { numRuns: 45, seed: 22, endOnFailure: true, markInterruptAsFailure: true, maxSkipsPerRun: 0 },
    );
    expect(checks).toBeGreaterThanOrEqual(20_000);
    expect(allowed).toBeGreaterThan(1_000);
  });
});
