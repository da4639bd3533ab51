/**
 * Resource control policies: the documents (ListPolicies RESOURCE_CONTROL_POLICY, DescribePolicy), their targets
 * (ListTargetsForPolicy), and which of them bound each account.
 */
import { ListPoliciesCommand, type OrganizationsClient } from '@aws-sdk/client-organizations';
import { attempt, paginate, toRead, type ReadScope } from './call.js';
import { readPolicyParts } from './org-policy.js';
import type { OrgAccount, RcpDoc } from '../model/manifest.js';

/** Every RCP with its content and targets. A policy whose content or targets could not be read is left out (gap). */
export async function readRcps(client: OrganizationsClient, scope: ReadScope): Promise<RcpDoc[]> {
  const listed = toRead(
    scope,
    'ListPolicies',
    'rcps',
    await attempt(scope, [], () =>
      paginate(async (NextToken) => {
        const page = await client.send(new ListPoliciesCommand({ Filter: 'RESOURCE_CONTROL_POLICY', NextToken }));
        return {
          items: (page.Policies ?? []).map((p) => ({
            id: p.Id ?? '',
            name: p.Name ?? '',
            awsManaged: p.AwsManaged === true,
          })),
          next: page.NextToken,
        };
      }),
    ),
  );
  if (listed.status !== 'ok') return [];
  const docs = await Promise.all(
    listed.value.map(async (p): Promise<RcpDoc | null> => {
      const r = await readPolicyParts(client, scope, 'rcp', p.id);
      return r.ok ? { id: p.id, name: p.name, content: r.content, targets: r.targets } : null;
    }),
  );
  return docs.filter((d): d is RcpDoc => d !== null);
}

/** The container ids on an account's path: the root and every OU (`o-x/r-ab12/ou-1/ou-2/` → r-ab12, ou-1, ou-2). */
export function pathTargets(ouPath: string): string[] {
  return ouPath.split('/').filter((part) => part !== '' && !part.startsWith('o-'));
}

/**
 * Account id → ids of the RCPs attached to the root, the OUs on its path or the account itself.
 * "RCPs ... don't affect resources in the management account" (Organizations UG, orgs_manage_policies_rcps).
 */
export function rcpsByAccount(
  accounts: OrgAccount[],
  rcps: RcpDoc[],
  managementAccountId: string,
): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const a of accounts) {
    if (a.id === managementAccountId) {
      out[a.id] = [];
      continue;
    }
    const on = new Set([...pathTargets(a.ouPath), a.id]);
    out[a.id] = rcps.filter((r) => r.targets.some((t) => on.has(t))).map((r) => r.id);
  }
  return out;
}
