/**
 * The organisation's tree: every OU's path from the root (ListOrganizationalUnitsForParent, top-down) and each
 * account's parent (ListParents), giving the account's path exactly as `aws:PrincipalOrgPaths` spells it.
 */
import {
  ListAccountsCommand,
  ListOrganizationalUnitsForParentCommand,
  ListParentsCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { attempt, paginate, toRead, type Outcome, type ReadScope } from './call.js';
import type { OrgAccount } from '../model/manifest.js';

/**
 * Path of every container (root and OUs) to the map `id -> path`. "aws:PrincipalOrgPaths ... the path
 * o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/" (IAM UG, global condition keys). OUs whose listing failed
 * are left out (their accounts get an empty path) and their failure is a gap.
 */
export async function ouPaths(client: OrganizationsClient, scope: ReadScope, orgId: string, rootId: string): Promise<Map<string, string>> {
  const paths = new Map<string, string>([[rootId, `${orgId}/${rootId}/`]]);
  const visit = async (parentId: string): Promise<void> => {
    const children = toRead(
      scope,
      'ListOrganizationalUnitsForParent',
      `parent/${parentId}`,
      await attempt(scope, [], () =>
        paginate(async (NextToken) => {
          const page = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken }));
          return { items: (page.OrganizationalUnits ?? []).map((ou) => ou.Id ?? ''), next: page.NextToken };
        }),
      ),
    );
    if (children.status !== 'ok') return;
    const parentPath = paths.get(parentId) ?? '';
    for (const id of children.value) paths.set(id, `${parentPath}${id}/`);
    await Promise.all(children.value.map(visit));
  };
  await visit(rootId);
  return paths;
}

/**
 * Every account of the organisation, whatever its state. `onPage` sees each page as it arrives, so per-account
 * reads (ListParents) can start while later pages are still being listed.
 */
export function listAccounts(
  client: OrganizationsClient,
  scope: ReadScope,
  onPage: (accounts: Array<Omit<OrgAccount, 'ouPath'>>) => void = () => {},
): Promise<Outcome<Array<Omit<OrgAccount, 'ouPath'>>>> {
  // Paging is sequential and each page is one short request: it is not held to the scope's limiter, which
  // bounds the ListParents calls started from `onPage`.
  return attempt({ ...scope, limit: (task) => task() }, [], () =>
    paginate(async (NextToken) => {
      const page = await client.send(new ListAccountsCommand({ NextToken }));
      const items = (page.Accounts ?? []).map((a) => ({
        id: a.Id ?? '',
        name: a.Name ?? '',
        ...(a.Email ? { email: a.Email } : {}),
        // `State` supersedes the deprecated `Status` (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED).
        status: String(a.State ?? a.Status ?? 'UNKNOWN'),
      }));
      onPage(items);
      return { items, next: page.NextToken };
    }),
  );
}

/** The account's parent (root or OU id), or `null` (with a gap) when it could not be read. */
export async function accountParent(client: OrganizationsClient, scope: ReadScope, accountId: string): Promise<string | null> {
  const parent = toRead(
    scope,
    'ListParents',
    `account/${accountId}`,
    await attempt(scope, [], async () => {
      const out = await client.send(new ListParentsCommand({ ChildId: accountId }));
      return out.Parents?.[0]?.Id ?? '';
    }),
  );
  return parent.status === 'ok' ? parent.value : null;
}
