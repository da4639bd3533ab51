/**
 * AWS Organizations (awsJson1_1, target prefix `AWSOrganizationsV20161128`). Only the management account
 * and seeded delegated administrators may call it: "This operation can be called only from the
 * organization's management account or by a member account that is a delegated administrator."
 */
import { ApiError } from '../api-error.js';
import type { Ctx, Service, ServiceCall } from '../context.js';
import { page, pageSize, token } from '../paging.js';
import type { RawRequest } from '../request.js';
import type { Account, Org, OrgPolicy } from '../seed.js';
import { epochSeconds, jsonError, jsonReply, parseJsonCall } from './json.js';

const PREFIX = 'AWSOrganizationsV20161128';
const OPS = new Set([
  'DescribeOrganization',
  'ListAccounts',
  'ListAccountsForParent',
  'ListRoots',
  'ListOrganizationalUnitsForParent',
  'ListParents',
  'ListPolicies',
  'ListTargetsForPolicy',
  'DescribePolicy',
]);
/** "Page size max 20" (aws-facts.md); smaller requests are honoured. */
const PAGE = 20;

const POLICY_TYPES = ['SERVICE_CONTROL_POLICY', 'RESOURCE_CONTROL_POLICY'];

function paged<T>(items: T[], input: Record<string, unknown>, emptyFirst = false): { page: T[]; NextToken?: string } {
  if (emptyFirst && (input.NextToken === undefined || input.NextToken === null))
    return { page: [], NextToken: token(0) };
  const size = Math.min(pageSize(input.MaxResults, PAGE, 1000) ?? -1, PAGE);
  if (size < 1)
    throw new ApiError(
      'InvalidInputException',
      'you provided a value that does not match the required pattern: `MaxResults`',
    );
  const p = page(items, input.NextToken, size);
  if (!p) throw new ApiError('InvalidInputException', 'the provided `NextToken` is not valid');
  return { page: p.items, ...(p.nextToken ? { NextToken: p.nextToken } : {}) };
}

function arns(org: Org) {
  const o = org.organization;
  const base = `arn:aws:organizations::${o.managementAccountId}`;
  return {
    org: `${base}:organization/${o.id}`,
    account: (id: string) => `${base}:account/${o.id}/${id}`,
    root: `${base}:root/${o.id}/${o.rootId}`,
    ou: (id: string) => `${base}:ou/${o.id}/${id}`,
    policy: (p: OrgPolicy) => `${base}:policy/${o.id}/${p.type.toLowerCase()}/${p.id}`,
  };
}

function accountJson(org: Org, a: Account) {
  return {
    Id: a.id,
    Arn: arns(org).account(a.id),
    Email: a.email,
    Name: a.name,
    Status: a.status,
    State: a.status === 'ACTIVE' ? 'ACTIVE' : 'SUSPENDED',
    JoinedMethod: a.id === org.organization.managementAccountId ? 'CREATED' : 'INVITED',
    JoinedTimestamp: epochSeconds('2024-01-01T00:00:00Z'),
  };
}

function policySummary(org: Org, p: OrgPolicy) {
  return {
    Id: p.id,
    Arn: arns(org).policy(p),
    Name: p.name,
    Description: p.description,
    Type: p.type,
    AwsManaged: false,
  };
}

function handle(call: ServiceCall, ctx: Ctx) {
  const org = ctx.state.org;
  const { input } = call;
  const a = arns(org);
  const caller = ctx.identity.account;
  const emptyFirst = ctx.state.faults.emptyFirstPage({
    account: caller,
    region: ctx.region,
    service: 'organizations',
    action: call.action,
    ...(call.resource === undefined ? {} : { resource: call.resource }),
  });
  if (caller !== org.organization.managementAccountId && !org.delegatedAdmins.includes(caller)) {
    throw new ApiError('AccessDeniedException', "You don't have permissions to access this resource.");
  }
  const isParent = (id: unknown) => id === org.organization.rootId || org.ous.some((o) => o.id === id);
  const policyById = (id: unknown) => {
    const p = org.policies.find((x) => x.id === id);
    if (!p)
      throw new ApiError('PolicyNotFoundException', "We can't find a policy with the PolicyId that you specified.");
    return p;
  };
  switch (call.action) {
    case 'DescribeOrganization': {
      const mgmt = org.accounts.get(org.organization.managementAccountId);
      return jsonReply({
        Organization: {
          Id: org.organization.id,
          Arn: a.org,
          FeatureSet: 'ALL',
          MasterAccountArn: a.account(org.organization.managementAccountId),
          MasterAccountId: org.organization.managementAccountId,
          MasterAccountEmail: mgmt?.email,
          AvailablePolicyTypes: POLICY_TYPES.map((Type) => ({ Type, Status: 'ENABLED' })),
        },
      });
    }
    case 'ListAccounts': {
      const p = paged([...org.accounts.values()], input, emptyFirst);
      return jsonReply({ Accounts: p.page.map((x) => accountJson(org, x)), NextToken: p.NextToken });
    }
    case 'ListAccountsForParent': {
      if (!isParent(input.ParentId))
        throw new ApiError(
          'ParentNotFoundException',
          "We can't find a root or OU with the ParentId that you specified.",
        );
      const p = paged(
        [...org.accounts.values()].filter((x) => x.parent === input.ParentId),
        input,
        emptyFirst,
      );
      return jsonReply({ Accounts: p.page.map((x) => accountJson(org, x)), NextToken: p.NextToken });
    }
    case 'ListRoots':
      return jsonReply({
        Roots: [
          {
            Id: org.organization.rootId,
            Arn: a.root,
            Name: 'Root',
            PolicyTypes: POLICY_TYPES.map((Type) => ({ Type, Status: 'ENABLED' })),
          },
        ],
      });
    case 'ListOrganizationalUnitsForParent': {
      if (!isParent(input.ParentId))
        throw new ApiError(
          'ParentNotFoundException',
          "We can't find a root or OU with the ParentId that you specified.",
        );
      const p = paged(
        org.ous.filter((o) => o.parent === input.ParentId),
        input,
        emptyFirst,
      );
      return jsonReply({
        OrganizationalUnits: p.page.map((o) => ({ Id: o.id, Arn: a.ou(o.id), Name: o.name })),
        NextToken: p.NextToken,
      });
    }
    case 'ListParents': {
      const child = input.ChildId;
      const parent = org.accounts.get(String(child))?.parent ?? org.ous.find((o) => o.id === child)?.parent;
      if (parent === undefined)
        throw new ApiError(
          'ChildNotFoundException',
          "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.",
        );
      return jsonReply({
        Parents: [{ Id: parent, Type: parent === org.organization.rootId ? 'ROOT' : 'ORGANIZATIONAL_UNIT' }],
      });
    }
    case 'ListPolicies': {
      if (!POLICY_TYPES.includes(String(input.Filter))) {
        throw new ApiError(
          'InvalidInputException',
          `policy type \`${String(input.Filter)}\` is not served by the sandbox`,
        );
      }
      const p = paged(
        org.policies.filter((x) => x.type === input.Filter),
        input,
        emptyFirst,
      );
      return jsonReply({ Policies: p.page.map((x) => policySummary(org, x)), NextToken: p.NextToken });
    }
    case 'ListTargetsForPolicy': {
      const pol = policyById(input.PolicyId);
      const p = paged(pol.targets, input, emptyFirst);
      const targets = p.page.map((t) => {
        if (t === org.organization.rootId) return { TargetId: t, Arn: a.root, Name: 'Root', Type: 'ROOT' };
        const ou = org.ous.find((o) => o.id === t);
        if (ou) return { TargetId: t, Arn: a.ou(t), Name: ou.name, Type: 'ORGANIZATIONAL_UNIT' };
        return { TargetId: t, Arn: a.account(t), Name: org.accounts.get(t)?.name ?? t, Type: 'ACCOUNT' };
      });
      return jsonReply({ Targets: targets, NextToken: p.NextToken });
    }
    case 'DescribePolicy': {
      const pol = policyById(input.PolicyId);
      return jsonReply({ Policy: { PolicySummary: policySummary(org, pol), Content: pol.content } });
    }
    default:
      throw new ApiError('UnknownOperationException', `operation \`${call.action}\` is not supported by the sandbox`);
  }
}

/** The Organizations front end. */
export const organizations: Service = {
  name: 'organizations',
  parse: (req: RawRequest) =>
    parseJsonCall(req, PREFIX, OPS, (_op, input) => {
      const r = input.PolicyId ?? input.ParentId ?? input.ChildId;
      return typeof r === 'string' ? r : undefined;
    }),
  handle,
  error: (code, message, status, headers) => jsonError(code, message, status, headers),
};
