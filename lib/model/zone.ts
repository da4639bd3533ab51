/**
 * The zone of trust (design.md "Zone of trust"): its one shape, the views derived from it, and the one place it is
 * built from a run's plan (`zoneOf`: the CLI's `scan` and `analyze`, the local pipeline and the Lambda handler).
 * A new trust list is added to `Zone` and `TRUST_LISTS` only; every other shape derives from them
 * (test/model/zone-shape.test.ts fails when one drifts).
 */
import type { Manifest } from './manifest.js';

/** What the zone trusts: every member account of the organisation, or only the owner account. */
export const ZONE_KINDS = ['organization', 'account'] as const;
type ZoneKind = (typeof ZONE_KINDS)[number];

/** The lists of things the operator trusts beyond the zone's kind, in the order flags and reports show them. */
export const TRUST_LISTS = [
  'trustedAccounts',
  'trustedOuPaths',
  'trustedCanonicalIds',
  'trustedVpcs',
  'trustedVpces',
] as const;
export type TrustList = (typeof TRUST_LISTS)[number];

/** The zone of trust of one resource. */
export interface Zone {
  kind: ZoneKind;
  /** The owner account of the resource being analysed. */
  ownerAccount: string;
  orgId?: string;
  /** Every member account id of the organisation. */
  orgAccounts?: string[];
  /** Account id -> OU path (`o-abc/r-ab12/ou-ab12-11111111/`). */
  ouPaths?: Record<string, string>;
  /** Accounts outside the organisation whose access is `trusted-external`. */
  trustedAccounts?: string[];
  /** Narrow the trusted part of the organisation to these OU path (`aws:PrincipalOrgPaths`) prefixes. */
  trustedOuPaths?: string[];
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

/**
 * What the operator says to trust (pipeline parameters, CLI flags, the report's header): the zone's kind as `zone`
 * and every trust list, given (empty: nothing trusted that way).
 */
export type TrustSettings = { zone: ZoneKind } & Required<Pick<Zone, TrustList>>;

/** Trust settings with nothing trusted beyond `zone`, overridden by `given`. */
export function trustSettings(given: Partial<TrustSettings> = {}): TrustSettings {
  const lists = Object.fromEntries(TRUST_LISTS.map((name) => [name, given[name] ?? []])) as Required<
    Pick<Zone, TrustList>
  >;
  return { zone: given.zone ?? 'organization', ...lists };
}

/**
 * The zone of trust of a run, from its plan and the trust settings. Every member account and its OU path are given
 * in both kinds (the analyzer decides what they mean). Without an organisation (the scanner's account is not in
 * one, or it could not be read) there is nothing to trust beyond the owner account, whatever `zone` says.
 */
export function zoneOf(manifest: Manifest, trust: TrustSettings): RunZone {
  const org = manifest.organization;
  const zone: RunZone = {
    kind: org ? trust.zone : 'account',
    ...(org ? { orgId: org.id } : {}),
    orgAccounts: manifest.accounts.map((a) => a.id),
    ouPaths: Object.fromEntries(manifest.accounts.map((a) => [a.id, a.ouPath])),
  };
  // INVARIANT: `trustedAccounts` is always set (as before the lists were one table); the other lists only when given.
  for (const name of TRUST_LISTS) {
    if (name === 'trustedAccounts' || trust[name].length > 0) zone[name] = trust[name];
  }
  return zone;
}
