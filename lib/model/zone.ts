/**
 * The zone of trust (design.md "Zone of trust") and the one place it is built from a run's plan: the CLI's `scan`
 * and `analyze`, the local pipeline and the Lambda handler all call `zoneOf`.
 */
import type { Manifest } from './manifest.js';

/** The zone of trust. */
export interface Zone {
  kind: 'account' | 'organization';
  /** The owner account of the resource being analysed. */
  ownerAccount: string;
  orgId?: string;
  /** Every member account id of the organisation. */
  orgAccounts?: string[];
  /** Account id -> OU path (`o-abc/r-ab12/ou-ab12-11111111/`). */
  ouPaths?: Record<string, string>;
  /** Narrow the trusted part of the organisation to these OU path prefixes. */
  trustedOuPaths?: string[];
  trustedAccounts?: string[];
  /**
   * S3 canonical user ids known to be trusted (a CloudFront origin access identity of ours, a
   * partner's canonical id): a `CanonicalUser` grant to one is `trusted-external` instead of `external`.
   */
  trustedCanonicalIds?: string[];
  /**
   * Trusted network origins: access that fixed `aws:SourceVpc` / `aws:SourceVpce` conditions confine to these VPCs /
   * VPC endpoints is `trusted-external` (naming the origin), never `public` or `external`.
   */
  trustedVpcs?: string[];
  trustedVpces?: string[];
}

/** The zone of every resource of a run: a `Zone` before the owner account of a resource fills it in. */
export type RunZone = Omit<Zone, 'ownerAccount'>;

/** What the operator says to trust (pipeline parameters, CLI flags). */
export interface TrustSettings {
  /** `organization`: member accounts are trusted; `account`: only the owner account. */
  zone: 'organization' | 'account';
  /** Accounts outside the organisation whose access is `trusted-external`. */
  trustedAccounts: string[];
  /** Narrows the trusted part of the organisation to these `aws:PrincipalOrgPaths` prefixes. */
  trustedOuPaths?: string[];
  /** S3 canonical user ids whose ACL / CanonicalUser grants are `trusted-external`. */
  trustedCanonicalIds?: string[];
  /** VPCs / VPC endpoints whose confined access is `trusted-external` (Zone.trustedVpcs / trustedVpces). */
  trustedVpcs?: string[];
  trustedVpces?: string[];
}

/**
 * The zone of trust of a run, from its plan and the trust settings. Every member account and its OU path are given
 * in both kinds (the analyzer decides what they mean). Without an organisation (the scanner's account is not in
 * one, or it could not be read) there is nothing to trust beyond the owner account, whatever `zone` says.
 */
export function zoneOf(manifest: Manifest, trust: TrustSettings): RunZone {
  const org = manifest.organization;
  return {
    kind: org ? trust.zone : 'account',
    ...(org ? { orgId: org.id } : {}),
    orgAccounts: manifest.accounts.map((a) => a.id),
    ouPaths: Object.fromEntries(manifest.accounts.map((a) => [a.id, a.ouPath])),
    ...(trust.trustedOuPaths && trust.trustedOuPaths.length > 0 ? { trustedOuPaths: trust.trustedOuPaths } : {}),
    trustedAccounts: trust.trustedAccounts,
    ...(trust.trustedCanonicalIds && trust.trustedCanonicalIds.length > 0 ? { trustedCanonicalIds: trust.trustedCanonicalIds } : {}),
    ...(trust.trustedVpcs && trust.trustedVpcs.length > 0 ? { trustedVpcs: trust.trustedVpcs } : {}),
    ...(trust.trustedVpces && trust.trustedVpces.length > 0 ? { trustedVpces: trust.trustedVpces } : {}),
  };
}
