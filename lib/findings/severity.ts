/**
 * Severity of a finding (design.md): public write / permissions-management = critical; public read
 * or external write = high; external read = medium; trusted-external = low; org = info.
 */
import type { AccessClass, AccessLevel } from '../model/finding.js';
import type { Severity } from '../model/severity.js';

const WRITE_LEVELS: ReadonlySet<AccessLevel> = new Set(['Write', 'Permissions management', 'Tagging']);

/** True when any level changes state (Write, Permissions management, Tagging). */
function isWrite(levels: AccessLevel[]): boolean {
  return levels.some((l) => WRITE_LEVELS.has(l));
}

/**
 * Returns the severity of access of class `access` with these access levels.
 * Permissions management by anyone outside the zone is critical: it lets them grant themselves the rest.
 */
export function severityOf(access: AccessClass, levels: AccessLevel[]): Severity {
  switch (access) {
    case 'org':
      return 'info';
    case 'trusted-external':
      return 'low';
    case 'public':
      return isWrite(levels) ? 'critical' : 'high';
    case 'external':
      if (levels.includes('Permissions management')) return 'critical';
      return isWrite(levels) ? 'high' : 'medium';
  }
}

/**
 * A grant that a mitigation neutralises today (Block Public Access, an RCP Deny that certainly applies) is latent: it
 * becomes real the day the control is switched off, so it stays visible, two steps lower, never `high` or above
 * (`high` means exposed today). critical -> medium, high -> low, medium / low -> low, info stays info.
 */
export function severityWhenBlocked(s: Severity): Severity {
  switch (s) {
    case 'critical':
      return 'medium';
    case 'info':
      return 'info';
    default:
      return 'low';
  }
}

/**
 * The control a mitigation token names, in words, or undefined for a token this version does not know (then the
 * grant is not called blocked: an unknown token is never taken as protection).
 * S3: RestrictPublicBuckets "restricts access to an access point or bucket with a public policy to only AWS service
 * principals and authorized users within the bucket owner's account"; IgnorePublicAcls "causes Amazon S3 to ignore
 * all public ACLs on a bucket and any objects that it contains" (User Guide, Blocking public access).
 */
export function mitigationText(token: string): string | undefined {
  // An access point's own RestrictPublicBuckets blocks its public policy as the bucket's does ("an access point or
  // bucket with a public policy").
  const bpa = /^bpa:(RestrictPublicBuckets|IgnorePublicAcls)\((bucket|account|access-point)\)$/.exec(token);
  if (bpa) return `${bpa[1]} on the ${bpa[2]!.replace('-', ' ')}`;
  const rcp = /^rcp:(.+)$/.exec(token);
  if (rcp) return `resource control policy ${rcp[1]}`;
  return undefined;
}
