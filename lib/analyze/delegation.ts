/**
 * Access-point delegation in a bucket policy (issue 11 class 7).
 *
 * S3 (access points): a bucket policy can "delegate access control to access points" with a condition on
 * `s3:DataAccessPointAccount` (the account that owns the access point) or `s3:DataAccessPointArn`; requests through an
 * access point are then decided by the access point's own policy as well. In a bucket policy alone:
 * - delegation to the access points of another account (outside the zone) hands the decision to that account: the
 *   finding is `external` and names the account;
 * - delegation to the access points of the owner or a member keeps the grant visible with its condition (without the
 *   access points in sight the analysis cannot prove "no access"): the access points decide, analysed with them.
 */
import type { FindingCondition } from '../model/finding.js';
import type { Zone } from '../model/zone.js';
import type { Policy } from '../policy/types.js';
import { arnAccount, isVariableOrWildcard, statementLabel } from './labels.js';
import { accountAccess } from './zone-access.js';

/** Where a delegated-to account sits: the owner, a member of the organisation, or outside the zone. */
export type DelegationPlace = 'owner' | 'member' | 'outside';

/** One account whose access points a bucket policy delegates to. */
export interface AccessPointDelegation {
  /** The access-point owner account, or `*` when a value leaves it open (a wildcard or a policy variable). */
  account: string;
  /** `s3:DataAccessPointArn` values naming that account's access points (empty: any access point of the account). */
  accessPointArns: string[];
  place: DelegationPlace;
  /** Sid or `#index` of the Allow statements that delegate. */
  statements: string[];
}

const POSITIVE = /^String(Equals|EqualsIgnoreCase|Like)$|^Arn(Equals|Like)$/;

/** The accounts (and access point ARNs) one condition delegates to, or undefined when it is not a delegation. */
function targets(c: {
  operator: string;
  key: string;
  values: string[];
}): Array<{ account: string; arn?: string }> | undefined {
  const key = c.key.toLowerCase();
  if ((key !== 's3:dataaccesspointaccount' && key !== 's3:dataaccesspointarn') || !POSITIVE.test(c.operator))
    return undefined;
  return c.values.map((v) => {
    if (key === 's3:dataaccesspointaccount') return { account: isVariableOrWildcard(v) ? '*' : v };
    const account = arnAccount(v);
    return { account: account === undefined || isVariableOrWildcard(account) ? '*' : account, arn: v };
  });
}

function placeOf(account: string, zone: Zone): DelegationPlace {
  if (account === zone.ownerAccount) return 'owner';
  if (account !== '*' && (zone.orgAccounts?.includes(account) ?? false)) return 'member';
  return 'outside';
}

/**
 * Which access points a bucket policy delegates to, and where their accounts sit against the zone (for the
 * access-point analysis). Contract: every Allow statement with a positive `s3:DataAccessPointAccount` /
 * `s3:DataAccessPointArn` condition contributes each account it names, one entry per account (statements and ARNs
 * merged), sorted by account; an account left open by a wildcard or a variable is `*` and `outside` (it cannot be
 * shown to be inside). A member is `member` whatever the zone's kind: whether members are trusted is the caller's
 * business. Deny statements never delegate. Pure: no I/O, the same input gives the same output.
 */
export function accessPointDelegation(policy: Policy, zone: Zone): AccessPointDelegation[] {
  const byAccount = new Map<string, AccessPointDelegation>();
  for (const s of policy.statements) {
    if (s.effect !== 'Allow') continue;
    for (const c of s.conditions) {
      for (const t of targets(c) ?? []) {
        const d = byAccount.get(t.account) ?? {
          account: t.account,
          accessPointArns: [],
          place: placeOf(t.account, zone),
          statements: [],
        };
        if (t.arn && !d.accessPointArns.includes(t.arn)) d.accessPointArns.push(t.arn);
        const label = statementLabel(s);
        if (!d.statements.includes(label)) d.statements.push(label);
        byAccount.set(t.account, d);
      }
    }
  }
  return [...byAccount.values()].sort((a, b) => (a.account < b.account ? -1 : a.account > b.account ? 1 : 0));
}

/**
 * The access-point accounts a finding's conditions confine it to (conditions are ANDed: the first delegating one),
 * with whether any of them is outside the zone (not the owner, not an `org` / `trusted-external` account).
 */
export function findingDelegation(
  conditions: FindingCondition[],
  zone: Zone,
): { accounts: string[]; outside: boolean } | undefined {
  for (const c of conditions) {
    const t = targets(c);
    if (!t) continue;
    const accounts = [...new Set(t.map((x) => x.account))].sort();
    return { accounts, outside: accounts.some((a) => a === '*' || accountAccess(zone, a) === 'external') };
  }
  return undefined;
}
