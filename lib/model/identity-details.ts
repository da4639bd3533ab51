/**
 * Normalises the pages of `iam:GetAccountAuthorizationDetails` into `IamPrincipal`s: every identity policy that
 * applies to a role or user, resolved (managed policies to their default version, a user's groups to their
 * policies), and its permissions boundary. Pure; never throws: what cannot be resolved is an `IdentityProblem`.
 *
 * IAM API reference (GetAccountAuthorizationDetails): "Policies returned by this operation are URL-encoded compliant
 * with RFC 3986" (decoded here); `Policies[].PolicyVersionList[].IsDefaultVersion` marks the version in force.
 */
import type { AccountIdentities, IamPolicyDoc, IamPrincipal, IdentityProblem } from './identity.js';

/** The subset of the API's response shape read here (SDK field names). */
export interface AuthorizationDetailsPage {
  UserDetailList?: Array<{
    UserName?: string;
    Arn?: string;
    UserPolicyList?: InlinePolicy[];
    GroupList?: string[];
    AttachedManagedPolicies?: AttachedPolicy[];
    PermissionsBoundary?: { PermissionsBoundaryArn?: string };
    Tags?: Array<{ Key?: string; Value?: string }>;
  }>;
  GroupDetailList?: Array<{
    GroupName?: string;
    Arn?: string;
    GroupPolicyList?: InlinePolicy[];
    AttachedManagedPolicies?: AttachedPolicy[];
  }>;
  RoleDetailList?: Array<{
    RoleName?: string;
    Arn?: string;
    RolePolicyList?: InlinePolicy[];
    AttachedManagedPolicies?: AttachedPolicy[];
    PermissionsBoundary?: { PermissionsBoundaryArn?: string };
    Tags?: Array<{ Key?: string; Value?: string }>;
  }>;
  Policies?: Array<{
    Arn?: string;
    DefaultVersionId?: string;
    PolicyVersionList?: Array<{ Document?: string; VersionId?: string; IsDefaultVersion?: boolean }>;
  }>;
}

interface InlinePolicy {
  PolicyName?: string;
  PolicyDocument?: string;
}
interface AttachedPolicy {
  PolicyName?: string;
  PolicyArn?: string;
}

/** A policy document as text: URL-decoded when it is not JSON as given. */
export function decodePolicyDocument(doc: string): string {
  const trimmed = doc.trimStart();
  if (trimmed.startsWith('{')) return doc;
  try {
    return decodeURIComponent(doc);
  } catch {
    return doc;
  }
}

function managedIndex(pages: AuthorizationDetailsPage[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const page of pages) {
    for (const p of page.Policies ?? []) {
      const def = (p.PolicyVersionList ?? []).find(
        (v) => v.IsDefaultVersion === true || (p.DefaultVersionId !== undefined && v.VersionId === p.DefaultVersionId),
      );
      if (p.Arn && def?.Document !== undefined) out.set(p.Arn, decodePolicyDocument(def.Document));
    }
  }
  return out;
}

function tagsOf(tags: Array<{ Key?: string; Value?: string }> | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of tags ?? []) if (t.Key !== undefined) out[t.Key] = t.Value ?? '';
  return out;
}

class Resolver {
  readonly problems: IdentityProblem[] = [];
  constructor(private readonly managed: Map<string, string>) {}

  inline(list: InlinePolicy[] | undefined, prefix: string): IamPolicyDoc[] {
    return (list ?? []).map((p) => ({
      source: `${prefix}inline:${p.PolicyName ?? ''}`,
      document: decodePolicyDocument(p.PolicyDocument ?? ''),
    }));
  }

  attached(list: AttachedPolicy[] | undefined, prefix: string, principal: string): IamPolicyDoc[] {
    const out: IamPolicyDoc[] = [];
    for (const p of list ?? []) {
      const doc = p.PolicyArn ? this.managed.get(p.PolicyArn) : undefined;
      if (doc === undefined)
        this.problems.push({
          principal,
          message: `managed policy \`${p.PolicyArn ?? p.PolicyName ?? ''}\` is not in the listing`,
        });
      else out.push({ source: `${prefix}managed:${p.PolicyArn}`, document: doc });
    }
    return out;
  }

  boundary(arn: string | undefined, principal: string): IamPolicyDoc | undefined {
    if (!arn) return undefined;
    const doc = this.managed.get(arn);
    if (doc === undefined) {
      this.problems.push({ principal, message: `permissions boundary \`${arn}\` is not in the listing` });
      return undefined;
    }
    return { source: `boundary:${arn}`, document: doc };
  }
}

/** Every role and user of `account` with its resolved policies, from all pages of the listing. */
export function identitiesFromDetails(account: string, pages: AuthorizationDetailsPage[]): AccountIdentities {
  const r = new Resolver(managedIndex(pages));
  const groups = new Map<string, IamPolicyDoc[]>();
  for (const page of pages) {
    for (const g of page.GroupDetailList ?? []) {
      const name = g.GroupName ?? '';
      const prefix = `group:${name}/`;
      groups.set(name, [
        ...r.inline(g.GroupPolicyList, prefix),
        ...r.attached(g.AttachedManagedPolicies, prefix, g.Arn ?? name),
      ]);
    }
  }
  const principals: IamPrincipal[] = [];
  for (const page of pages) {
    for (const role of page.RoleDetailList ?? []) {
      const arn = role.Arn ?? '';
      const boundary = r.boundary(role.PermissionsBoundary?.PermissionsBoundaryArn, arn);
      const policies = [...r.inline(role.RolePolicyList, ''), ...r.attached(role.AttachedManagedPolicies, '', arn)];
      principals.push({
        kind: 'role',
        account,
        name: role.RoleName ?? '',
        arn,
        policies,
        ...(boundary ? { boundary } : {}),
        tags: tagsOf(role.Tags),
      });
    }
    for (const user of page.UserDetailList ?? []) {
      const arn = user.Arn ?? '';
      const boundary = r.boundary(user.PermissionsBoundary?.PermissionsBoundaryArn, arn);
      const policies = [...r.inline(user.UserPolicyList, ''), ...r.attached(user.AttachedManagedPolicies, '', arn)];
      for (const g of user.GroupList ?? []) {
        const docs = groups.get(g);
        if (docs) policies.push(...docs);
        else r.problems.push({ principal: arn, message: `group \`${g}\` is not in the listing` });
      }
      principals.push({
        kind: 'user',
        account,
        name: user.UserName ?? '',
        arn,
        policies,
        ...(boundary ? { boundary } : {}),
        tags: tagsOf(user.Tags),
        groups: [...(user.GroupList ?? [])],
      });
    }
  }
  return { account, status: 'ok', principals, problems: r.problems };
}
