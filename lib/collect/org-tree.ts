/**
 * The organisation's tree: every OU's path from the root (ListOrganizationalUnitsForParent, top-down) and each
 * account's parent (ListAccountsForParent per container), giving the account's path exactly as `aws:PrincipalOrgPaths`
 * spells it.
 */
import {
  ListAccountsCommand,
  ListAccountsForParentCommand,
  ListOrganizationalUnitsForParentCommand,
  type OrganizationsClient,
} from '@aws-sdk/client-organizations';
import { attempt, paginate, toRead, type Outcome, type ReadScope } from './call.js';
import type { OrgAccount } from '../model/manifest.js';

/** The organisation's containers and where each account sits in them. */
export interface OrgTree {
  /** Container (root or OU) id -> its `aws:PrincipalOrgPaths` path. */
  paths: Map<string, string>;
  /** Account id -> the container it is a direct child of. */
  parentOf: Map<string, string>;
}

/**
 * Walks the tree top-down: for each container, its child OUs (ListOrganizationalUnitsForParent) and its accounts
 * (ListAccountsForParent: "Lists the accounts in an organization that are contained by the specified target root or
 * organizational unit (OU)", Organizations API reference), so the accounts' parents cost one paged call per
 * container instead of one ListParents call per account. "aws:PrincipalOrgPaths ... the path
 * o-a1b2c3d4e5/r-ab12/ou-ab12-11111111/ou-ab12-22222222/" (IAM UG, global condition keys). A container whose listing
 * failed is a gap; its OUs are left out and its accounts get an empty path.
 */
export async function readTree(
  client: OrganizationsClient,
  scope: ReadScope,
  orgId: string,
  rootId: string,
): Promise<OrgTree> {
  const paths = new Map<string, string>([[rootId, `${orgId}/${rootId}/`]]);
  const parentOf = new Map<string, string>();
  const listed = async <T>(
    call: string,
    parentId: string,
    fetch: (token: string | undefined) => Promise<{ items: T[]; next: string | undefined }>,
  ) => toRead(scope, call, `parent/${parentId}`, await attempt(scope, [], () => paginate(fetch)));
  const visit = async (parentId: string): Promise<void> => {
    const [children, accounts] = await Promise.all([
      listed('ListOrganizationalUnitsForParent', parentId, async (NextToken) => {
        const page = await client.send(new ListOrganizationalUnitsForParentCommand({ ParentId: parentId, NextToken }));
        return { items: (page.OrganizationalUnits ?? []).map((ou) => ou.Id ?? ''), next: page.NextToken };
      }),
      listed('ListAccountsForParent', parentId, async (NextToken) => {
        const page = await client.send(new ListAccountsForParentCommand({ ParentId: parentId, NextToken }));
        return { items: (page.Accounts ?? []).map((a) => a.Id ?? ''), next: page.NextToken };
      }),
    ]);
    if (accounts.status === 'ok') for (const id of accounts.value) parentOf.set(id, parentId);
    if (children.status !== 'ok') return;
    const parentPath = paths.get(parentId) ?? '';
    for (const id of children.value) paths.set(id, `${parentPath}${id}/`);
    await Promise.all(children.value.map(visit));
  };
  await visit(rootId);
  return { paths, parentOf };
}

/**
 * Every account of the organisation, whatever its state: the authoritative list (an account under a container whose
 * listing failed is still planned, with an empty path and the container's gap).
 */
export function listAccounts(
  client: OrganizationsClient,
  scope: ReadScope,
): Promise<Outcome<Array<Omit<OrgAccount, 'ouPath'>>>> {
  // Paging is sequential and each page is one short request: it is not held to the scope's limiter, which
  // bounds the tree walk beside it.
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
      return { items, next: page.NextToken };
    }),
  );
}
