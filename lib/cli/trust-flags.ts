/**
 * The zone-of-trust flags shared by `scan` and `analyze` (`--zone`, `--trusted-accounts`, `--trusted-ou-paths`,
 * `--trusted-canonical-ids`, `--trusted-vpcs`, `--trusted-vpces`), parsed into the one shape of the operator's trust
 * (`TrustSettings`, lib/model/zone.ts builds the zone from it).
 */
import { accountList, list, UsageError } from './args.js';
import { trustSettings, ZONE_KINDS, type TrustSettings } from '../model/zone.js';
import { canonicalIdProblem } from '../run/config.js';

/** The parse options of the zone-of-trust flags, spread into a command's own. */
export const TRUST_FLAG_OPTIONS = {
  zone: { type: 'string' },
  'trusted-accounts': { type: 'string' },
  'trusted-ou-paths': { type: 'string' },
  'trusted-canonical-ids': { type: 'string' },
  'trusted-vpcs': { type: 'string' },
  'trusted-vpces': { type: 'string' },
} as const;

/** The `--help` lines of the zone-of-trust flags. */
export const TRUST_FLAGS_HELP = `  --zone organization|account  zone of trust (default organization)
  --trusted-accounts ID1,ID2 accounts outside the zone that are trusted
  --trusted-ou-paths P1,P2   trust only member accounts under these OU paths (o-abc/r-ab12/ou-ab12-11111111/)
  --trusted-canonical-ids ID1,ID2  S3 canonical user ids that are trusted (bucket ACL / CanonicalUser grants)
  --trusted-vpcs VPC1,VPC2   VPCs whose confined access (fixed aws:SourceVpc) is trusted-external
  --trusted-vpces VPCE1,...  VPC endpoints whose confined access (fixed aws:SourceVpce) is trusted-external`;

/** The flag values `trustFromFlags` reads. */
export type TrustFlagValues = { [flag in keyof typeof TRUST_FLAG_OPTIONS]?: string | undefined };

/** Splits `--trusted-canonical-ids`; a value that is not an S3 canonical user id is a UsageError naming it. */
function canonicalIdList(value: string | undefined): string[] {
  const ids = list(value);
  for (const id of ids) {
    const problem = canonicalIdProblem(id);
    if (problem) throw new UsageError(`\`--trusted-canonical-ids\`: ${problem}`);
  }
  return ids;
}

/** The trust settings the flags stand for; a bad value is a UsageError naming the flag. */
export function trustFromFlags(values: TrustFlagValues): TrustSettings {
  const zone = values.zone ?? 'organization';
  if (!(ZONE_KINDS as readonly string[]).includes(zone))
    throw new UsageError(`\`--zone\` must be \`organization\` or \`account\`, got \`${zone}\``);
  return trustSettings({
    zone: zone as TrustSettings['zone'],
    trustedAccounts: accountList('trusted-accounts', values['trusted-accounts']),
    trustedOuPaths: list(values['trusted-ou-paths']),
    trustedCanonicalIds: canonicalIdList(values['trusted-canonical-ids']),
    trustedVpcs: list(values['trusted-vpcs']),
    trustedVpces: list(values['trusted-vpces']),
  });
}
