/**
 * Trusted network origins (issue 11 class 11): the zone can name VPCs and VPC endpoints (`trustedVpcs`,
 * `trustedVpces`). IAM: aws:SourceVpc "checks whether the request comes from the VPC that you specify", aws:SourceVpce
 * "whether the request comes from the VPC endpoint that you specify"; S3 counts fixed values of both as keeping a
 * grant non-public. A grant that a fixed-value condition confines to trusted origins can only be used from inside
 * them: it is `trusted-external`, naming the origin, never `public` or `external`.
 */
import type { FindingCondition } from '../model/finding.js';
import type { Zone } from '../model/zone.js';
import { isVariableOrWildcard } from './labels.js';

/** Operators that confine a key to the listed values (the key must be present: no IfExists, no set qualifier). */
const CONFINING = new Set(['StringEquals', 'StringEqualsIgnoreCase']);

/**
 * The trusted network origins a finding's conditions confine it to (conditions are ANDed: one confining condition
 * is enough), or undefined when none does.
 */
export function trustedOrigins(conditions: FindingCondition[], zone: Zone): string[] | undefined {
  for (const c of conditions) {
    const key = c.key.toLowerCase();
    const trusted =
      key === 'aws:sourcevpc' ? zone.trustedVpcs : key === 'aws:sourcevpce' ? zone.trustedVpces : undefined;
    if (!trusted || trusted.length === 0 || !CONFINING.has(c.operator) || c.values.length === 0) continue;
    const ignoreCase = c.operator === 'StringEqualsIgnoreCase';
    const inTrusted = (v: string): boolean =>
      trusted.some((t) => (ignoreCase ? t.toLowerCase() === v.toLowerCase() : t === v));
    if (c.values.every((v) => !isVariableOrWildcard(v) && inTrusted(v))) return [...c.values].sort();
  }
  return undefined;
}
