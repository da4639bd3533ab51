import { describe, expect, it } from 'vitest';
import { accessMatrix } from '../../../lib/analyze/effective/matrix.js';
import { authorizeWithBoundary } from '../../../lib/evaluate/boundary.js';
import type { AccessMatrix, AccessRow } from '../../../lib/model/access-matrix.js';
import { allow, APP, bucket, BUCKET, FULL_AWS_ACCESS, input, MGMT, REG, REPO, repo, role, scp, user } from './build.js';
import { replay } from './replay.js';

const levels = (m: AccessMatrix, principal: string): string[] =>
  m.rows
    .filter((r) => r.principal === principal)
    .map((r) => r.level)
    .sort();
const row = (m: AccessMatrix, principal: string, level: string): AccessRow | undefined =>
  m.rows.find((r) => r.principal === principal && r.level === level);
const roleArn = (account: string, name: string): string => `arn:aws:iam::${account}:role/${name}`;

const PUSH = ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'];
const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

describe('effective access inside the organisation (fixtures with the AWS doc sentence)', () => {
  it('grants a same-account role through its identity policy alone', () => {
    // IAM User Guide, "Policy evaluation for requests within a single account": "If either the identity-based policy
    // or the resource-based policy within the same account allows the request and the other doesn't, the request is
    // still allowed." https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-basics.html
    // Given a registry-account role allowed to push by its identity policy, and a repository with no policy
    const m = accessMatrix(input([role(REG, 'builder', [allow(PUSH, REPO)])], [repo()]));
    // Then it can push, through its identity policy, with a witness authorize() allows
    const r = row(m, roleArn(REG, 'builder'), 'push');
    expect(r?.via).toBe('identity');
    expect(r?.actions).toEqual(PUSH);
    expect(r?.verified).toBe(true);
    expect(levels(m, roleArn(REG, 'builder'))).toEqual(['push']);
  });

  it('needs both the identity policy and the resource policy across accounts', () => {
    // IAM User Guide, "Cross-account policy evaluation logic": "To allow cross-account access, you attach a
    // resource-based policy to the resource that you want to share. You must also attach an identity-based policy to
    // the identity that acts as the principal in the request. The resource-based policy in the trusting account must
    // specify the principal of the trusted account that will have access to the resource."
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic-cross-account.html
    const shared = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${APP}:root` }, Action: PULL }],
    };
    const both = accessMatrix(input([role(APP, 'app', [allow(PULL, REPO)])], [repo(shared)]));
    expect(row(both, roleArn(APP, 'app'), 'pull')?.via).toBe('identity+resource');
    // Only the identity side: nothing
    const identityOnly = accessMatrix(input([role(APP, 'app', [allow(PULL, REPO)])], [repo()]));
    expect(levels(identityOnly, roleArn(APP, 'app'))).toEqual([]);
    // Only the resource side (the role named directly, no identity Allow): nothing
    const named = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: roleArn(APP, 'app') }, Action: PULL }],
    };
    const resourceOnly = accessMatrix(input([role(APP, 'app', [])], [repo(named)]));
    expect(levels(resourceOnly, roleArn(APP, 'app'))).toEqual([]);
  });

  it('removes a grant the permissions boundary does not allow', () => {
    // IAM User Guide, "Permissions boundaries for IAM entities": "An entity's permissions boundary allows it to perform
    // only the actions that are allowed by both its identity-based policies and its permissions boundaries."
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html
    const m = accessMatrix(input([role(REG, 'ci', [allow('ecr:*')], { boundary: allow(PULL) })], [repo()]));
    expect(levels(m, roleArn(REG, 'ci'))).toEqual(['pull']);
  });

  it('lets a same-account resource policy grant a user named by ARN past its boundary, not a role', () => {
    // IAM User Guide, "Permissions boundaries for IAM entities", resource-based policies
    // (https://docs.aws.amazon.com/IAM/latest/UserGuide/access_policies_boundaries.html; that section is not in the
    // stored corpus). Quoted from the guide in a third-party test of the rule: "Within an account, an implicit deny in
    // a permissions boundary does not limit the permissions granted to an IAM user by a resource-based policy."; the
    // same test shows a resource policy naming the role ARN does not get past the role's boundary.
    // https://pythonawesome.com/demonstration-that-aws-iam-policy-evaluation-docs-are-incorrect/
    const named = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: { AWS: [roleArn(REG, 'r'), `arn:aws:iam::${REG}:user/u`] },
          Action: 's3:GetObject',
          Resource: `${BUCKET}/*`,
        },
      ],
    };
    const boundary = allow('sts:GetCallerIdentity');
    const m = accessMatrix(
      input([role(REG, 'r', [], { boundary }), user(REG, 'u', [], { boundary })], [bucket(named)]),
    );
    expect(levels(m, `arn:aws:iam::${REG}:user/u`)).toEqual(['read']);
    expect(levels(m, roleArn(REG, 'r'))).toEqual([]);
  });

  it('denies at an OU with an SCP Deny', () => {
    // IAM User Guide, "How AWS enforcement code logic evaluates requests": "The AWS enforcement code evaluates all
    // policies within the account that apply to the request. These include AWS Organizations SCPs and RCPs, [...]";
    // "An explicit deny overrides an explicit allow."
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
    const scps = [
      FULL_AWS_ACCESS(),
      scp('p-deny-push', ['ou-root-prod'], {
        Version: '2012-10-17',
        Statement: [{ Effect: 'Deny', Action: 'ecr:PutImage', Resource: '*' }],
      }),
    ];
    const shared = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: APP }, Action: 'ecr:*' }],
    };
    const m = accessMatrix(input([role(APP, 'ci', [allow('ecr:*')])], [repo(shared)], { scps }));
    const push = row(m, roleArn(APP, 'ci'), 'push');
    expect(push?.actions).not.toContain('ecr:PutImage');
    expect(push?.actions).toContain('ecr:InitiateLayerUpload');
  });

  it('denies what an allow-list SCP does not name', () => {
    // Organizations User Guide, "Strategies for using SCPs"
    // (https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps_strategies.html):
    // "An allow list – actions are prohibited by default, and you specify what services and actions are allowed".
    // The "SCP evaluation" page (its Japanese version is the one stored here,
    // https://docs.aws.amazon.com/ja_jp/organizations/latest/userguide/orgs_manage_policies_scps_evaluation.html) adds,
    // translated, that an Allow is needed at every level from the root through each OU to the account.
    const scps = [FULL_AWS_ACCESS(['ou-root-wrk']), scp('p-s3-only', ['ou-root-wrk'], allow(['s3:*', 'sts:*']))];
    const shared = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: APP }, Action: 'ecr:*' }],
    };
    const m = accessMatrix(input([role(APP, 'ci', [allow('ecr:*')])], [repo(shared)], { scps }));
    expect(levels(m, roleArn(APP, 'ci'))).toEqual([]);
    // and the management account's roles are never bound by SCPs: "SCPs don't affect users or roles in the management
    // account. They affect only the member accounts in your organization." (Organizations User Guide, Service control
    // policies, https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_scps.html, as quoted in
    // https://github.com/infralicious/awesome-service-control-policies; the page itself is not in the stored corpus)
    const m2 = accessMatrix(
      input(
        [role(MGMT, 'admin', [allow('ecr:*')])],
        [repo({ Version: '2012-10-17', Statement: [{ Effect: 'Allow', Principal: { AWS: MGMT }, Action: 'ecr:*' }] })],
        { scps: [scp('p-none', ['r-root'], allow('s3:*'))] },
      ),
    );
    expect(levels(m2, roleArn(MGMT, 'admin'))).toEqual(['manage', 'pull', 'push']);
  });

  it("applies the resource owner's RCP to callers of every account", () => {
    // Organizations User Guide, "Resource control policies (RCPs)": "RCPs offer central control over the maximum
    // available permissions for resources in your organization." https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps.html
    // "RCP evaluation": "For a permission to be denied for a resource in a specific account, any RCP from the root
    // through each OU in the direct path to the account (including the target account itself) can deny that
    // permission." https://docs.aws.amazon.com/organizations/latest/userguide/orgs_manage_policies_rcps_evaluation.html
    const rcp = {
      id: 'p-rcp',
      name: 'own-account-writes',
      targets: [REG],
      content: JSON.stringify({
        Version: '2012-10-17',
        Statement: [
          {
            Effect: 'Deny',
            Principal: '*',
            Action: 's3:PutObject',
            Resource: '*',
            Condition: { StringNotEquals: { 'aws:PrincipalAccount': REG } },
          },
        ],
      }),
    };
    const shared = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: APP }, Action: ['s3:GetObject', 's3:PutObject'], Resource: `${BUCKET}/*` },
      ],
    };
    const m = accessMatrix(
      input([role(APP, 'app', [allow(['s3:GetObject', 's3:PutObject'])])], [bucket(shared)], { rcps: [rcp] }),
    );
    expect(levels(m, roleArn(APP, 'app'))).toEqual(['read']);
  });

  it("grants a role's sessions through a resource policy that names the role, and not through one naming another session", () => {
    // IAM User Guide, "AWS JSON policy elements: Principal", "IAM role principals" (https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_principal.html#principal-roles,
    // as found in the guide's source, awsdocs/iam-user-guide doc_source/reference_policies_elements_principal.md):
    // "When a principal or identity assumes a role, they receive temporary security credentials with the assumed
    // role's permissions. When they use those session credentials to perform operations in AWS, they become a role
    // session principal." "When you specify a role principal in a resource-based policy, the effective permissions
    // for the principal are limited by any policy types that limit permissions for the role. This includes session
    // policies and permissions boundaries." And "Assumed-role session principals" (#principal-sessions): "When you
    // specify an assumed-role session in a Principal element, you cannot use a wildcard "*" to mean all sessions.
    // Principals must always name a specific session."
    const viaRole = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { AWS: roleArn(APP, 'app') }, Action: PULL }],
    };
    const m = accessMatrix(input([role(APP, 'app', [allow(PULL)])], [repo(viaRole)]));
    const r = row(m, roleArn(APP, 'app'), 'pull');
    expect(r?.witness.principal).toBe(`arn:aws:sts::${APP}:assumed-role/app/org-access-scanner-witness`);
    const viaSession = {
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Principal: { AWS: `arn:aws:sts::${APP}:assumed-role/app/someone-else` }, Action: PULL },
      ],
    };
    const m2 = accessMatrix(input([role(APP, 'app', [allow(PULL)])], [repo(viaSession)]));
    expect(levels(m2, roleArn(APP, 'app'))).toEqual([]);
  });

  it('gives a user the policies of its groups', () => {
    // IAM User Guide, "IAM user groups": "Any user in that user group automatically has the permissions that are
    // assigned to the user group." https://docs.aws.amazon.com/IAM/latest/UserGuide/id_groups.html
    const u = {
      ...user(REG, 'dev', [], { groups: ['readers'] }),
      policies: [
        { source: 'group:readers/inline:read', document: JSON.stringify(allow('s3:GetObject', `${BUCKET}/*`)) },
      ],
    };
    const m = accessMatrix(input([u], [bucket()]));
    expect(row(m, `arn:aws:iam::${REG}:user/dev`, 'read')?.statements).toEqual([
      'group:readers/inline:read statement 0',
    ]);
  });

  it('reads NotAction in an identity policy as every action but those listed', () => {
    // IAM User Guide, "IAM JSON policy elements: NotAction": "This, in turn, means that all of the applicable actions
    // or services that are not listed are allowed if you use the Allow effect."
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
    const notEcr = { Version: '2012-10-17', Statement: [{ Effect: 'Allow', NotAction: 'ecr:*', Resource: '*' }] };
    const notPut = {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', NotAction: 'ecr:PutImage', Resource: REPO }],
    };
    const m = accessMatrix(input([role(REG, 'not-ecr', [notEcr]), role(REG, 'not-put', [notPut])], [repo(), bucket()]));
    expect(levels(m, roleArn(REG, 'not-ecr'))).toEqual(['list', 'manage', 'read', 'write']);
    expect(row(m, roleArn(REG, 'not-put'), 'push')?.actions).toEqual(PUSH.slice(1));
  });

  it("decides a condition on aws:PrincipalTag from a user's tags, and keeps it as a condition for a role", () => {
    // IAM User Guide, "Pass session tags in AWS STS": "When you use the session credentials to make a subsequent
    // request, the request context includes the aws:PrincipalTag context key."
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/id_session-tags.html
    // STS API Reference, AssumeRole, Tags: "You can pass a session tag with the same key as a tag that is already
    // attached to the role. When you do, session tags override a role tag with the same key."
    // https://docs.aws.amazon.com/STS/latest/APIReference/API_AssumeRole.html (read through a stored copy of the SDK
    // reference that repeats it). So a role's tag is a condition, a user's tag is fixed.
    const tagged = allow('s3:PutObject', `${BUCKET}/*`, { StringEquals: { 'aws:PrincipalTag/team': 'ci' } });
    const m = accessMatrix(
      input(
        [
          user(REG, 'ci-user', [tagged], { tags: { team: 'ci' } }),
          user(REG, 'other', [tagged], { tags: { team: 'web' } }),
          role(REG, 'untagged', [tagged]),
        ],
        [bucket()],
      ),
    );
    expect(row(m, `arn:aws:iam::${REG}:user/ci-user`, 'write')?.conditions).toEqual([]);
    expect(levels(m, `arn:aws:iam::${REG}:user/other`)).toEqual([]);
    const r = row(m, roleArn(REG, 'untagged'), 'write');
    expect(r?.conditions).toEqual(['StringEquals aws:PrincipalTag/team = ci']);
    expect(r?.witness.context['aws:principaltag/team']).toBe('ci');
  });

  it("gives the owner account's root user every level unless something denies it", () => {
    // IAM User Guide, "How AWS enforcement code logic evaluates requests": "By default, all requests are implicitly
    // denied with the exception of the AWS account root user, which has full access."
    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic_policy-eval-denyallow.html
    const m = accessMatrix(input([], [repo()]));
    expect(levels(m, `arn:aws:iam::${REG}:root`)).toEqual(['manage', 'pull', 'push']);
    expect(levels(m, `arn:aws:iam::${APP}:root`)).toEqual([]);
  });

  it('reports an account whose IAM was not read as a gap, never as nobody', () => {
    const i = input([], [repo()]);
    i.identities = i.identities.map((x) =>
      x.account === APP ? { account: APP, status: 'error' as const, error: 'AccessDenied' } : x,
    );
    const m = accessMatrix(i);
    expect(m.gaps).toContainEqual({ subject: `account:${APP}`, reason: 'IAM could not be read: AccessDenied' });
  });

  it("replays every row's witness to Allow", () => {
    const shared = {
      Version: '2012-10-17',
      Statement: [
        {
          Effect: 'Allow',
          Principal: '*',
          Action: 'ecr:*',
          Condition: { StringEquals: { 'aws:PrincipalOrgID': 'o-testorg123' } },
        },
      ],
    };
    const i = input(
      [
        role(APP, 'a', [allow('ecr:*')]),
        role(REG, 'b', [allow('ecr:Batch*', '*', { Bool: { 'aws:MultiFactorAuthPresent': 'true' } })]),
      ],
      [repo(shared)],
    );
    const m = accessMatrix(i);
    expect(m.rows.length).toBeGreaterThan(3);
    for (const r of m.rows) expect(replay(i, r, authorizeWithBoundary)).toBe('Allow');
  });
});
