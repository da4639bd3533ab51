/**
 * The IAM identities of one account: `iam:GetAccountAuthorizationDetails`, every page (`Marker` until
 * `IsTruncated` is false), normalised by lib/model/identity-details.ts. A failure is a coverage gap and an
 * `error` read: the account is then unknown for "who can ...", never "nobody".
 */
import { GetAccountAuthorizationDetailsCommand, type IAMClient } from '@aws-sdk/client-iam';
import { attempt, paginate, toRead, type ReadScope } from './call.js';
import type { AccountIdentities } from '../model/identity.js';
import { identitiesFromDetails, type AuthorizationDetailsPage } from '../model/identity-details.js';

/** Reads and normalises the account's roles, users, groups and policies. Never rejects. */
export async function readIdentities(
  client: IAMClient,
  scope: ReadScope,
  accountId: string,
): Promise<AccountIdentities> {
  const outcome = await attempt(scope, [], () =>
    paginate<AuthorizationDetailsPage>(async (Marker) => {
      const page = await client.send(new GetAccountAuthorizationDetailsCommand({ Marker, MaxItems: 100 }));
      return { items: [page as AuthorizationDetailsPage], next: page.IsTruncated ? page.Marker : undefined };
    }),
  );
  const r = toRead(scope, 'GetAccountAuthorizationDetails', 'iam', outcome);
  if (r.status === 'ok') return identitiesFromDetails(accountId, r.value);
  return { account: accountId, status: 'error', error: r.status === 'error' ? r.error : 'no answer' };
}
