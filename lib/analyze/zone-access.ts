/**
 * Where a principal class sits against the zone of trust (design.md "Zone of trust"): the owner
 * account is inside; named trusted accounts are `trusted-external`; in an `organization` zone a member
 * account (in a trusted OU path when those are given) is `org`; anything else is `external`.
 * Public-ness is decided later, per finding, from its conditions.
 */
import type { AccessClass, PrincipalClassKind } from '../model/finding.js';
import type { Zone } from '../model/zone.js';

/** True when `account` is a member of the zone's organisation inside the trusted OU paths (if any). */
export function isTrustedMember(zone: Zone, account: string, kind?: PrincipalClassKind): boolean {
  if (zone.kind !== 'organization') return false;
  const member = zone.orgAccounts ? zone.orgAccounts.includes(account) : kind === 'unnamed-member-account';
  if (!member) return false;
  if (!zone.trustedOuPaths || zone.trustedOuPaths.length === 0) return true;
  const path = zone.ouPaths?.[account];
  return path !== undefined && zone.trustedOuPaths.some((p) => path.startsWith(p));
}

/** The access class of a principal of `account` (services and anonymous callers have none). */
export function accessOf(zone: Zone, account: string | undefined, kind: PrincipalClassKind): AccessClass | 'inside' {
  if (kind === 'service' || kind === 'other-service' || kind === 'anonymous') return 'external';
  if (!account) return 'external';
  if (account === zone.ownerAccount) return 'inside';
  if (zone.trustedAccounts?.includes(account)) return 'trusted-external';
  if (isTrustedMember(zone, account, kind)) return 'org';
  return 'external';
}

/** The access class of an account named by a condition or a destination (services pinned, replication). */
export function accountAccess(zone: Zone, account: string): AccessClass | 'inside' {
  return accessOf(zone, account, 'named-principal');
}
