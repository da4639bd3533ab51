/**
 * The zone-of-trust flags shared by `scan` and `analyze` (`--zone`, `--trusted-accounts`, `--trusted-canonical-ids`,
 * `--trusted-vpcs`, `--trusted-vpces`)
 * and the trust settings they stand for (lib/model/zone.ts builds the zone from them).
 */
import { list, UsageError } from './args.js';
import type { TrustSettings } from '../model/zone.js';
import { canonicalIdProblem } from '../run/config.js';

/** The zone-of-trust flags. */
export interface ZoneOptions {
  kind: 'organization' | 'account';
  trustedAccounts: string[];
  /** S3 canonical user ids whose grants are `trusted-external`. */
  trustedCanonicalIds?: string[];
  trustedOuPaths?: string[];
  /** VPCs / VPC endpoints whose confined access is `trusted-external`. */
  trustedVpcs?: string[];
  trustedVpces?: string[];
}

/** `--trusted-vpcs` / `--trusted-vpces` as zone options (absent when not given). */
export function networkOrigins(values: { 'trusted-vpcs'?: string | undefined; 'trusted-vpces'?: string | undefined }): Pick<ZoneOptions, 'trustedVpcs' | 'trustedVpces'> {
  const vpcs = list(values['trusted-vpcs']);
  const vpces = list(values['trusted-vpces']);
  return { ...(vpcs.length > 0 ? { trustedVpcs: vpcs } : {}), ...(vpces.length > 0 ? { trustedVpces: vpces } : {}) };
}

export { list } from './args.js';

/** Splits `--trusted-canonical-ids`; a value that is not an S3 canonical user id is a UsageError naming it. */
export function canonicalIdList(value: string | undefined): string[] {
  const ids = list(value);
  for (const id of ids) {
    const problem = canonicalIdProblem(id);
    if (problem) throw new UsageError(`\`--trusted-canonical-ids\`: ${problem}`);
  }
  return ids;
}

/** The trust settings the flags stand for. */
export function trustSettings(opts: ZoneOptions): TrustSettings {
  return {
    zone: opts.kind,
    trustedAccounts: opts.trustedAccounts,
    ...(opts.trustedOuPaths ? { trustedOuPaths: opts.trustedOuPaths } : {}),
    ...(opts.trustedCanonicalIds ? { trustedCanonicalIds: opts.trustedCanonicalIds } : {}),
    ...(opts.trustedVpcs ? { trustedVpcs: opts.trustedVpcs } : {}),
    ...(opts.trustedVpces ? { trustedVpces: opts.trustedVpces } : {}),
  };
}
