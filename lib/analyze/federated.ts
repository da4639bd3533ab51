/**
 * `Federated` principals (issue 11 class 5): never silently ignored.
 *
 * S3 ("The meaning of public"): the policy `{"Principal": {"Federated": "graph.facebook.com"}, "Resource": "*",
 * "Action": "s3:PutObject", "Effect": "Allow"}` is one of the examples "considered public". So a web identity
 * provider (`cognito-identity.amazonaws.com`, `graph.facebook.com`, `accounts.google.com`, `www.amazon.com`) admits
 * anyone who can sign in there: a public candidate. An OpenID Connect provider ARN
 * (`arn:aws:iam::A:oidc-provider/...`) is read the same way: the docs do not say who signs in at an OIDC provider,
 * and the reading that never hides access is "anyone" (a CI system's tokens are issued to every repository on it).
 * A SAML provider ARN (`arn:aws:iam::A:saml-provider/...`) is the identity provider of account A, whose users
 * federate into A: it belongs to A.
 *
 * lib/evaluate matches a Federated value against the caller's `aws:FederatedProvider`, so each class carries it.
 */
import type { TaggedStatement } from './types.js';
import { arnAccount, isAccountId, isVariableOrWildcard } from './labels.js';

/** The web identity providers IAM names (compared case-insensitively). */
export const WEB_IDENTITY_PROVIDERS = new Set([
  'cognito-identity.amazonaws.com',
  'graph.facebook.com',
  'accounts.google.com',
  'www.amazon.com',
]);

/** One federated principal of the policy and whose it is. */
export interface FederatedPrincipal {
  /** The provider as written. */
  value: string;
  /** The account a SAML provider belongs to; absent for a public provider. */
  account?: string;
}

/** Every concrete Federated value of a Principal block, with its owner account when it has one. */
export function federatedPrincipals(statements: TaggedStatement[]): FederatedPrincipal[] {
  const out = new Map<string, FederatedPrincipal>();
  for (const { statement } of statements) {
    if (statement.principal?.kind !== 'Principal') continue;
    for (const p of statement.principal.values) {
      if (p.type !== 'Federated' || isVariableOrWildcard(p.value) || out.has(p.value)) continue;
      const account = arnAccount(p.value);
      const saml = p.value.includes(':saml-provider/') && account !== undefined && isAccountId(account);
      out.set(p.value, saml ? { value: p.value, account } : { value: p.value });
    }
  }
  return [...out.values()].sort((a, b) => (a.value < b.value ? -1 : 1));
}
