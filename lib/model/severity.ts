/**
 * Severities of findings and lint (design.md: public write / permissions-management = critical; public read or
 * external write = high; external read = medium; trusted-external = low; org = info). Their order is declared here
 * once; sorting, counting and `--fail-on` thresholds all derive from it.
 */

/** Ordered from most to least severe. */
export const SEVERITY_ORDER = ['critical', 'high', 'medium', 'low', 'info'] as const;

export type Severity = (typeof SEVERITY_ORDER)[number];

/** The rank of a severity: 0 for `critical`, increasing as it gets less severe. */
export function severityRank(severity: Severity): number {
  return SEVERITY_ORDER.indexOf(severity);
}

/** One counter per severity, all at zero, in severity order. */
export function zeroBySeverity(): Record<Severity, number> {
  return Object.fromEntries(SEVERITY_ORDER.map((s) => [s, 0])) as Record<Severity, number>;
}
