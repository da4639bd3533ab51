/**
 * Severity of a finding (design.md): public write / permissions-management = critical; public read
 * or external write = high; external read = medium; trusted-external = low; org = info.
 */
import type { AccessClass, AccessLevel } from '../model/finding.js';
import type { Severity } from '../model/severity.js';

const WRITE_LEVELS: ReadonlySet<AccessLevel> = new Set(['Write', 'Permissions management', 'Tagging']);

/** True when any level changes state (Write, Permissions management, Tagging). */
export function isWrite(levels: AccessLevel[]): boolean {
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
