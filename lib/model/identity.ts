/**
 * The identity side of the organisation, as the effective-access analysis reads it (design.md "Inside the
 * organisation"): per account, the IAM roles and users with every identity policy that applies to them and their
 * permissions boundary; for the organisation, the service control policies with their targets. Plain data, the
 * normalised form of `iam:GetAccountAuthorizationDetails` (identity-details.ts) and Organizations
 * `ListPolicies` / `DescribePolicy` / `ListTargetsForPolicy` (`SERVICE_CONTROL_POLICY`).
 */

/** One policy document that applies to a principal, with where it came from. */
export interface IamPolicyDoc {
  /**
   * Where the statement came from, for the matrix's "via" column: `inline:NAME`, `managed:ARN`,
   * `group:GROUP/inline:NAME`, `group:GROUP/managed:ARN`, `boundary:ARN`.
   */
  source: string;
  /** The policy document as JSON text (already URL-decoded). */
  document: string;
}

/** An IAM role or user with every identity policy that applies to it. */
export interface IamPrincipal {
  kind: 'role' | 'user';
  account: string;
  name: string;
  /** `arn:aws:iam::ACCOUNT:role/PATH/NAME` or `...:user/PATH/NAME`. */
  arn: string;
  /**
   * Inline policies, attached managed policies (their default version) and, for a user, the inline and managed
   * policies of every group it belongs to ("the user's permissions are the union of the user's and the groups'").
   */
  policies: IamPolicyDoc[];
  /** The permissions boundary (default version of the managed policy), when one is set. */
  boundary?: IamPolicyDoc;
  /** IAM tags (`aws:PrincipalTag/KEY`). */
  tags: Record<string, string>;
  /** Group names (users only). */
  groups?: string[];
}

/**
 * The identities of one account. `status: 'error'`: IAM could not be read; the account is then a coverage gap for
 * the question "who can ...", never "nobody in it can". `problems`: parts that were read but could not be resolved
 * (a managed policy missing from the listing, a document that is not JSON): the principals they belong to are
 * listed in `unresolved` and are gaps too.
 */
export type AccountIdentities =
  | { account: string; status: 'ok'; principals: IamPrincipal[]; problems: IdentityProblem[] }
  | { account: string; status: 'error'; error: string };

/** A principal whose policies could not all be resolved, and why. */
export interface IdentityProblem {
  principal: string;
  message: string;
}

/** A service control policy of the organisation. */
export interface ScpDoc {
  id: string;
  name: string;
  /** The policy document as JSON text. */
  content: string;
  /** Root id, OU ids and account ids it is attached to. */
  targets: string[];
}

/** The SCPs as read; `error` when they could not be read (a gap for every member account). */
export type ScpRead = { status: 'ok'; policies: ScpDoc[] } | { status: 'error'; error: string };
