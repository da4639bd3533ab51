import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { analyzeResource } from '../../lib/analyze/analyze-resource.js';
import { witnessCaller } from '../../lib/analyze/canonical.js';
import { loadCatalog } from '../../lib/catalog/load.js';
import type { ActionCatalog } from '../../lib/catalog/types.js';
import { authorize, callerInfo, wildcardMatches } from '../../lib/evaluate/index.js';
import type { Request } from '../../lib/evaluate/types.js';
import type { Finding } from '../../lib/model/finding.js';
import type { Zone } from '../../lib/model/zone.js';
import { parsePolicy } from '../../lib/policy/index.js';
import type { Policy } from '../../lib/policy/types.js';

// Requests through an access point, drawn without the analyzer's principal classes: callers are concrete roles and
// root users of a fixed pool of accounts, with the context S3 sets on a request through the access point.
const OWNER = '111122223333';
const MEMBER = '444455556666';
const OUTSIDERS = ['777788889999', '222200001111'];
const ACCOUNTS = [OWNER, MEMBER, ...OUTSIDERS];
const ORG = 'o-abc1234567';
const AP = `arn:aws:s3:eu-west-1:${OWNER}:accesspoint/ap`;
const OTHER_AP = `arn:aws:s3:eu-west-1:${OWNER}:accesspoint/other`;
const BUCKET = 'arn:aws:s3:::data';
const VPC = 'vpc-0a1b2c3d4e5f60718';
const ZONE: Zone = { kind: 'organization', ownerAccount: OWNER, orgId: ORG, orgAccounts: [OWNER, MEMBER] };
const ACTIONS = ['s3:GetObject', 's3:PutObject', 's3:DeleteObject', 's3:ListBucket', 's3:GetObjectTagging'];
const KEYS = ['reports/q1.csv', 'secret/key.pem', 'x'];

const accountArb = fc.constantFrom(...ACCOUNTS);
const principalArb = fc.oneof(
  fc.constant<unknown>('*'),
  fc.constant<unknown>({ AWS: '*' }),
  accountArb.map((a): unknown => ({ AWS: a })),
  accountArb.map((a): unknown => ({ AWS: `arn:aws:iam::${a}:role/reader` })),
);
const actionArb = fc.oneof(fc.constantFrom(...ACTIONS), fc.constantFrom('s3:Get*', 's3:*', '*', 's3:List*'));
const conditionArb = fc.option(
  fc.oneof(
    accountArb.map((a) => ({ StringEquals: { 'aws:PrincipalAccount': a } })),
    fc.constant({ StringEquals: { 'aws:PrincipalOrgID': ORG } }),
    fc.constant({ StringNotEquals: { 'aws:PrincipalOrgID': ORG } }),
    fc.constant({ IpAddress: { 'aws:SourceIp': '203.0.113.0/24' } }),
    fc.constant({ StringEquals: { 'aws:SourceVpc': VPC } }),
  ),
  { nil: undefined },
);

function statementArb(resources: string[]): fc.Arbitrary<Record<string, unknown>> {
  return fc
    .record({
      Effect: fc.constantFrom('Allow', 'Allow', 'Deny'),
      Principal: principalArb,
      Action: actionArb,
      Resource: fc.constantFrom(...resources),
      Condition: conditionArb,
    })
    .map((s) =>
      s.Condition === undefined
        ? { Effect: s.Effect, Principal: s.Principal, Action: s.Action, Resource: s.Resource }
        : s,
    );
}

const apStatementArb = statementArb([AP, `${AP}/object/*`, `${AP}/object/reports/*`, '*']);
const delegationArb = fc.constantFrom<Record<string, unknown>>(
  { StringEquals: { 's3:DataAccessPointAccount': OWNER } },
  { StringEquals: { 's3:DataAccessPointAccount': OUTSIDERS[0] } },
  { StringEquals: { 's3:DataAccessPointArn': AP } },
  { StringEquals: { 's3:DataAccessPointArn': OTHER_AP } },
  { StringEquals: { 's3:AccessPointNetworkOrigin': 'VPC' } },
);
const bucketStatementArb = fc.oneof(
  delegationArb.map((Condition) => ({
    Effect: 'Allow',
    Principal: { AWS: '*' },
    Action: '*',
    Resource: [BUCKET, `${BUCKET}/*`],
    Condition,
  })),
  statementArb([BUCKET, `${BUCKET}/*`, `${BUCKET}/reports/*`, `${BUCKET}/secret/*`]),
);
const policyOf = (statements: Array<Record<string, unknown>>) => ({ Version: '2012-10-17', Statement: statements });

const scenarioArb = fc.record({
  ap: fc.array(apStatementArb, { minLength: 1, maxLength: 3 }),
  bucket: fc.option(fc.array(bucketStatementArb, { minLength: 1, maxLength: 3 }), { nil: undefined }),
  vpc: fc.boolean(),
});

const requestArb = fc.record({
  account: accountArb,
  root: fc.boolean(),
  action: fc.constantFrom(...ACTIONS),
  key: fc.option(fc.constantFrom(...KEYS), { nil: undefined }),
  ip: fc.constantFrom('203.0.113.9', '198.51.100.7'),
  otherVpc: fc.boolean(),
});

function parsed(raw: unknown): Policy {
  const r = parsePolicy(raw, { kind: 'resource' });
  if (!r.ok) throw new Error(`generator produced an invalid policy: ${JSON.stringify(r.errors)}`);
  return r.policy;
}

/** The request S3 evaluates for a drawn caller (a VPC-origin access point sees only requests from its VPC). */
function concrete(
  r: { account: string; root: boolean; action: string; key: string | undefined; ip: string; otherVpc: boolean },
  vpc: boolean,
): Request {
  const bucketLevel = r.action === 's3:ListBucket';
  const context: Request['context'] = {
    's3:DataAccessPointArn': AP,
    's3:DataAccessPointAccount': OWNER,
    's3:AccessPointNetworkOrigin': vpc ? 'VPC' : 'Internet',
    'aws:SourceIp': r.ip,
  };
  // "Amazon S3 rejects any request made to the access point that doesn't originate from that VPC".
  if (vpc) context['aws:SourceVpc'] = VPC;
  else if (r.otherVpc) context['aws:SourceVpc'] = 'vpc-0fffffffffffffff0';
  if (r.account === OWNER || r.account === MEMBER) context['aws:PrincipalOrgID'] = ORG;
  const arn = r.root ? `arn:aws:iam::${r.account}:root` : `arn:aws:iam::${r.account}:role/reader`;
  return {
    principal: { kind: 'aws', arn },
    action: r.action,
    resource: bucketLevel ? AP : `${AP}/object/${r.key ?? 'zz'}`,
    resourceAccount: OWNER,
    context,
  };
}

/**
 * The oracle, from the S3 user guide rather than from lib/analyze: "both the access point and the underlying bucket
 * must permit the request" — authorize() on the access point ARN with its policy, and on the bucket ARN the request
 * maps to with the bucket policy.
 */
function throughAccessPoint(req: Request, apPolicy: Policy, bucketPolicy: Policy | undefined): boolean {
  const key = req.resource.startsWith(`${AP}/object/`) ? req.resource.slice(`${AP}/object/`.length) : undefined;
  const onBucket: Request = { ...req, resource: key === undefined ? BUCKET : `${BUCKET}/${key}` };
  return (
    authorize(req, { resourcePolicy: apPolicy }).decision === 'Allow' &&
    authorize(onBucket, bucketPolicy ? { resourcePolicy: bucketPolicy } : {}).decision === 'Allow'
  );
}

/** Does finding `f` cover the caller of `req` for its action? Written from the finding's meaning, not the analyzer. */
function covers(f: Finding, req: Request): boolean {
  if (!f.actions.some((a) => a.toLowerCase() === req.action.toLowerCase())) return false;
  if (req.principal.kind !== 'aws') return false;
  const info = callerInfo(req.principal);
  const account = info.account ?? '';
  const v = f.principal.value;
  switch (f.principal.class) {
    case 'named-principal':
      if (/^\d{12}$/.test(v)) return v === account;
      if (v.endsWith(':root')) return info.type === 'Account' && f.principal.account === account;
      return wildcardMatches(v.toLowerCase(), (info.principalArn ?? req.principal.arn).toLowerCase());
    case 'other-principal-of-account':
      return v === account;
    case 'unnamed-member-account':
      return ZONE.orgAccounts!.includes(account);
    case 'unnamed-external-account':
      return !ZONE.orgAccounts!.includes(account);
    default:
      return false;
  }
}

let catalog: ActionCatalog;
beforeAll(async () => {
  catalog = await loadCatalog();
});

describe('access through an access point, against authorize() on both policies', () => {
  it('is sound: every request through the access point that both policies allow is covered by a finding', () => {
    fc.assert(
      fc.property(scenarioArb, fc.array(requestArb, { minLength: 15, maxLength: 15 }), (s, requests) => {
        // Given an access point policy, maybe a bucket policy, and a network origin
        const apPolicy = parsed(policyOf(s.ap));
        const bucketPolicy = s.bucket ? parsed(policyOf(s.bucket)) : undefined;
        // When the access point is analysed
        const out = analyzeResource(
          {
            resourceType: 's3-access-point',
            resourceArn: AP,
            ownerAccount: OWNER,
            region: 'eu-west-1',
            zone: ZONE,
            policy: apPolicy,
            source: 'access-point',
            accessPoint: {
              bucketArn: BUCKET,
              bucketAccount: OWNER,
              bucketPolicyKnown: true,
              ...(bucketPolicy ? { bucketPolicy } : {}),
              networkOrigin: s.vpc ? 'VPC' : 'Internet',
              ...(s.vpc ? { vpcId: VPC } : {}),
            },
          },
          catalog,
        );
        // Then every concrete request from outside the owner account that both legs allow has a finding
        for (const r of requests) {
          if (r.account === OWNER) continue;
          const req = concrete(r, s.vpc);
          if (!throughAccessPoint(req, apPolicy, bucketPolicy)) continue;
          if (!out.findings.some((f) => covers(f, req))) {
            throw new Error(
              `uncovered: ${JSON.stringify(req)}\nap: ${JSON.stringify(s.ap)}\nbucket: ${JSON.stringify(s.bucket)}\nfindings: ${JSON.stringify(out.findings.map((f) => [f.principal, f.access, f.actions]))}`,
            );
          }
        }
        // And every finding's witness goes through the access point ARN and both legs allow it
        for (const f of out.findings) {
          const w = f.witness;
          const req: Request = {
            principal: witnessCaller(w.principal),
            action: w.action,
            resource: w.resource,
            resourceAccount: OWNER,
            context: w.context,
          };
          if (!w.resource.startsWith(AP) || !throughAccessPoint(req, apPolicy, bucketPolicy))
            throw new Error(`witness not allowed through the access point: ${JSON.stringify(w)}`);
          if (s.vpc && f.access === 'public') throw new Error('a VPC-origin access point was reported public');
        }
      }),
      { numRuns: 400 },
    );
  });
});
