import { describe, expect, it } from 'vitest';
import { UNKNOWN, authorize, mergePolicies } from '../../lib/evaluate/index.js';
import type { CallerPrincipal, Decision, PolicySet, Request } from '../../lib/evaluate/types.js';
import { parsePolicy } from '../../lib/policy/index.js';
import type { Policy } from '../../lib/policy/types.js';

const REPO = 'arn:aws:ecr:us-east-1:111122223333:repository/app';
const OWNER = '111122223333';
const OTHER = '444455556666';

function policy(statements: unknown[]): Policy {
  const r = parsePolicy({ Version: '2012-10-17', Statement: statements });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.policy;
}

const allowAll = policy([{ Effect: 'Allow', Action: '*', Resource: '*' }]);
const allowEcr = policy([{ Sid: 'Ecr', Effect: 'Allow', Action: 'ecr:*', Resource: '*' }]);
const grant = (principal: unknown, extra: Record<string, unknown> = {}): Policy =>
  policy([{ Sid: 'Grant', Effect: 'Allow', Principal: principal, Action: 'ecr:BatchGetImage', ...extra }]);
const denyPull = policy([{ Sid: 'NoPull', Effect: 'Deny', Principal: '*', Action: 'ecr:BatchGetImage' }]);

function request(principal: CallerPrincipal, context: Request['context'] = {}): Request {
  return { principal, action: 'ecr:BatchGetImage', resource: REPO, resourceAccount: OWNER, context };
}
const sameAccountRole: CallerPrincipal = { kind: 'aws', arn: `arn:aws:sts::${OWNER}:assumed-role/ci/s` };
const otherAccountRole: CallerPrincipal = { kind: 'aws', arn: `arn:aws:sts::${OTHER}:assumed-role/ci/s` };
const root: CallerPrincipal = { kind: 'aws', arn: `arn:aws:iam::${OWNER}:root` };
const service: CallerPrincipal = { kind: 'service', service: 'ecr.amazonaws.com' };
const anonymous: CallerPrincipal = { kind: 'anonymous' };

describe('authorize: the decision table', () => {
  it.each<[desc: string, caller: CallerPrincipal, set: PolicySet, decision: Decision]>([
    ['same account: an identity Allow alone allows', sameAccountRole, { identityPolicies: [allowEcr] }, 'Allow'],
    [
      'same account: a resource Allow naming the role alone allows',
      sameAccountRole,
      { identityPolicies: [], resourcePolicy: grant({ AWS: `arn:aws:iam::${OWNER}:role/ci` }) },
      'Allow',
    ],
    [
      'same account: a resource Allow naming only the account delegates and does not allow',
      sameAccountRole,
      { identityPolicies: [], resourcePolicy: grant({ AWS: OWNER }) },
      'ImplicitDeny',
    ],
    [
      'same account: the account delegation plus an identity Allow allows',
      sameAccountRole,
      { identityPolicies: [allowEcr], resourcePolicy: grant({ AWS: OWNER }) },
      'Allow',
    ],
    [
      'same account: the root user is granted by its own account root ARN',
      root,
      { identityPolicies: [], resourcePolicy: grant({ AWS: `arn:aws:iam::${OWNER}:root` }) },
      'Allow',
    ],
    [
      'same account: "*" grants directly',
      sameAccountRole,
      { identityPolicies: [], resourcePolicy: grant('*') },
      'Allow',
    ],
    [
      'cross account: the resource Allow alone does not allow',
      otherAccountRole,
      { identityPolicies: [], resourcePolicy: grant({ AWS: OTHER }) },
      'ImplicitDeny',
    ],
    [
      'cross account: the identity Allow alone does not allow',
      otherAccountRole,
      { identityPolicies: [allowEcr] },
      'ImplicitDeny',
    ],
    [
      'cross account: both allow',
      otherAccountRole,
      { identityPolicies: [allowEcr], resourcePolicy: grant({ AWS: OTHER }) },
      'Allow',
    ],
    [
      'cross account: a Deny in the resource policy wins',
      otherAccountRole,
      { identityPolicies: [allowAll], resourcePolicy: mergePolicies([grant({ AWS: OTHER }), denyPull]) },
      'ExplicitDeny',
    ],
    [
      'no identity policies: the resource policy verdict decides',
      otherAccountRole,
      { resourcePolicy: grant({ AWS: OTHER }) },
      'Allow',
    ],
    ['no identity policies and no resource policy: implicit deny', otherAccountRole, {}, 'ImplicitDeny'],
    ['anonymous: "*" allows', anonymous, { resourcePolicy: grant('*') }, 'Allow'],
    ['anonymous: {"AWS":"*"} allows', anonymous, { resourcePolicy: grant({ AWS: '*' }) }, 'Allow'],
    ['anonymous: an account principal does not', anonymous, { resourcePolicy: grant({ AWS: OWNER }) }, 'ImplicitDeny'],
    ['anonymous: identity policies play no part', anonymous, { identityPolicies: [allowAll] }, 'ImplicitDeny'],
    [
      'service: a Service principal grant allows',
      service,
      { identityPolicies: [], resourcePolicy: grant({ Service: 'ecr.amazonaws.com' }) },
      'Allow',
    ],
    [
      'service: another service is not allowed',
      service,
      { resourcePolicy: grant({ Service: 's3.amazonaws.com' }) },
      'ImplicitDeny',
    ],
    [
      'SCP without an Allow for the action denies implicitly',
      sameAccountRole,
      { identityPolicies: [allowAll], scps: [policy([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }])] },
      'ImplicitDeny',
    ],
    [
      'every SCP level must allow',
      sameAccountRole,
      { identityPolicies: [allowAll], scps: [allowAll, policy([{ Effect: 'Allow', Action: 's3:*', Resource: '*' }])] },
      'ImplicitDeny',
    ],
    [
      'SCPs that allow keep the identity Allow',
      sameAccountRole,
      { identityPolicies: [allowEcr], scps: [allowAll, allowEcr] },
      'Allow',
    ],
    [
      'SCPs do not apply to service principals',
      service,
      { resourcePolicy: grant('*'), scps: [policy([{ Effect: 'Deny', Action: '*', Resource: '*' }])] },
      'Allow',
    ],
    [
      'SCPs do not apply to principals of the management account',
      sameAccountRole,
      {
        identityPolicies: [allowEcr],
        scps: [policy([{ Effect: 'Deny', Action: '*', Resource: '*' }])],
        principalAccountIsManagement: true,
      },
      'Allow',
    ],
    [
      'SCPs do not apply to service-linked roles',
      { kind: 'aws', arn: `arn:aws:sts::${OWNER}:assumed-role/AWSServiceRoleForECRReplication/s` },
      { identityPolicies: [allowEcr], scps: [policy([{ Effect: 'Deny', Action: '*', Resource: '*' }])] },
      'Allow',
    ],
    [
      'an RCP Deny removes a cross-account grant',
      otherAccountRole,
      {
        identityPolicies: [allowEcr],
        resourcePolicy: grant('*'),
        rcps: [
          policy([
            {
              Effect: 'Deny',
              Principal: '*',
              Action: 'ecr:*',
              Resource: '*',
              Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
            },
          ]),
        ],
      },
      'ExplicitDeny',
    ],
    [
      'an RCP that allows nothing for the action denies implicitly',
      otherAccountRole,
      {
        identityPolicies: [allowEcr],
        resourcePolicy: grant('*'),
        rcps: [policy([{ Effect: 'Allow', Principal: '*', Action: 's3:*', Resource: '*' }])],
      },
      'ImplicitDeny',
    ],
    [
      'RCPs do not apply in the management account',
      otherAccountRole,
      {
        identityPolicies: [allowEcr],
        resourcePolicy: grant('*'),
        rcps: [policy([{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }])],
        resourceAccountIsManagement: true,
      },
      'Allow',
    ],
    // Only the management account's resources and service-linked roles are exempt; AWS's perimeter RCPs exempt services explicitly.
    [
      'RCPs apply to service principals',
      service,
      { resourcePolicy: grant('*'), rcps: [policy([{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }])] },
      'ExplicitDeny',
    ],
    [
      'an RCP exempting services with aws:PrincipalIsAWSService lets a service through',
      service,
      {
        resourcePolicy: grant('*'),
        rcps: [
          policy([
            { Effect: 'Allow', Principal: '*', Action: '*', Resource: '*' },
            {
              Effect: 'Deny',
              Principal: '*',
              Action: '*',
              Resource: '*',
              Condition: { BoolIfExists: { 'aws:PrincipalIsAWSService': 'false' } },
            },
          ]),
        ],
      },
      'Allow',
    ],
    [
      'RCPs apply to anonymous callers',
      anonymous,
      { resourcePolicy: grant('*'), rcps: [policy([{ Effect: 'Deny', Principal: '*', Action: '*', Resource: '*' }])] },
      'ExplicitDeny',
    ],
  ])('%s', (_desc, caller, set, decision) => {
    // Given the caller and policy set / When authorised / Then the decision follows IAM evaluation logic
    expect(authorize(request(caller), set).decision).toBe(decision);
  });

  it('records one trace entry per statement and names the deciding statements', () => {
    // Given an identity policy and a resource policy of two statements
    const set: PolicySet = {
      identityPolicies: [allowEcr],
      resourcePolicy: mergePolicies([grant({ AWS: OTHER }), denyPull]),
    };
    // When a cross-account pull is authorised
    const r = authorize(request(otherAccountRole), set);
    // Then every statement is traced and the Deny decided
    expect(r.trace.map((m) => `${m.policy}#${m.statement.index}:${m.matches}`)).toEqual([
      'identity[0]#0:true',
      'resource#0:true',
      'resource#1:true',
    ]);
    expect(r.deciding?.map((m) => m.statement.sid)).toEqual(['NoPull']);
    expect(r.reason).toBe('explicit deny in resource statement `NoPull`');
  });

  it('does not let an unknown Deny decide, and says the decision is uncertain', () => {
    // Given a grant and a Deny conditioned on a key whose value is unknown
    const resourcePolicy = mergePolicies([
      grant('*'),
      policy([
        {
          Effect: 'Deny',
          Principal: '*',
          Action: '*',
          Condition: { StringNotEquals: { 'aws:PrincipalOrgID': 'o-abc' } },
        },
      ]),
    ]);
    // When authorised with that key unknown
    const r = authorize(request(otherAccountRole, { 'aws:PrincipalOrgID': UNKNOWN }), { resourcePolicy });
    // Then it is allowed, but not certainly
    expect({ decision: r.decision, certain: r.certain }).toEqual({ decision: 'Allow', certain: false });
    expect(r.trace.map((m) => m.matches)).toEqual(['true', 'unknown']);
  });

  it('is certain when unknown statements cannot change the decision', () => {
    // Given a certain Deny and an unknown Allow
    const resourcePolicy = mergePolicies([
      denyPull,
      grant('*', { Condition: { StringEquals: { 'aws:SourceVpce': 'vpce-1' } } }),
    ]);
    const r = authorize(request(otherAccountRole, { 'aws:SourceVpce': UNKNOWN }), { resourcePolicy });
    expect({ decision: r.decision, certain: r.certain }).toEqual({ decision: 'ExplicitDeny', certain: true });
  });
});
