/**
 * Classes of member accounts not named anywhere (design.md class 3), and representatives of wildcard account
 * patterns inside the organisation (issue 11 class 3).
 *
 * Members are told apart by what a condition can see of them: their OU path (when a condition reads
 * `aws:PrincipalOrgPaths`), whether their OU is trusted, and which wildcard account patterns (`aws:PrincipalAccount`
 * `1234*`, the account of `arn:aws:iam::*:role/X`) their id matches; one representative per combination. When the
 * zone does not list its members, stand-in accounts take their place: one matching no pattern and one instance of
 * each pattern, so a member admitted by a pattern is never left out.
 */
import { wildcardMatches } from '../evaluate/index.js';
import { UNKNOWN, type ContextValue } from '../evaluate/types.js';
import type { Zone } from '../model/zone.js';
import { isAccountId } from './labels.js';
import type { PrincipalClass } from './types.js';
import { isTrustedMember } from './zone-access.js';

/** The stand-in member account when the zone does not list its members. */
export const MEMBER_STAND_IN = '999900001111';

/** A 12-digit instance of a wildcard account pattern (`7777*` -> `777700000000`), or undefined. */
export function patternInstance(pattern: string, filler = '0'): string | undefined {
  if (/^[*?]*$/.test(pattern) && pattern.includes('*')) return undefined;
  const fixed = pattern.replace(/\*/g, '').replace(/\?/g, filler).length;
  let padded = false;
  const out = pattern
    .replace(/\*/g, () => {
      if (padded) return '';
      padded = true;
      return filler.repeat(Math.max(0, 12 - fixed));
    })
    .replace(/\?/g, filler);
  return isAccountId(out) ? out : undefined;
}

/** The organisation keys of a member: its path when the zone knows it, else Unknown. */
export function memberFixed(zone: Zone, account: string): Record<string, ContextValue> {
  if (!zone.orgId) return {};
  const path = zone.ouPaths?.[account];
  return { 'aws:PrincipalOrgID': zone.orgId, 'aws:PrincipalOrgPaths': path ? [path] : UNKNOWN };
}

/** A member account (listed, or a stand-in) that `pattern` admits and that no policy names, if any. */
export function memberMatching(zone: Zone, named: Set<string>, pattern: string): string | undefined {
  if (!zone.orgId) return undefined;
  if (zone.orgAccounts)
    return zone.orgAccounts.find((a) => a !== zone.ownerAccount && !named.has(a) && wildcardMatches(pattern, a));
  if (wildcardMatches(pattern, MEMBER_STAND_IN)) return MEMBER_STAND_IN;
  const inst = patternInstance(pattern, '1') ?? patternInstance(pattern);
  return inst && inst !== zone.ownerAccount && !named.has(inst) ? inst : undefined;
}

/** The unnamed member classes (see the module comment). `patterns` are the wildcard account patterns of the policy. */
export function memberClasses(
  zone: Zone,
  named: Set<string>,
  pathsRead: boolean,
  patterns: string[],
  partition = 'aws',
): Array<Omit<PrincipalClass, 'access'>> {
  if (!zone.orgId) return [];
  const candidates = zone.orgAccounts
    ? zone.orgAccounts.filter((a) => a !== zone.ownerAccount && !named.has(a))
    : [
        MEMBER_STAND_IN,
        ...patterns.map((p) => memberMatching(zone, named, p)).filter((a): a is string => a !== undefined),
      ];
  const groups = new Map<string, string>();
  for (const m of candidates) {
    const untrusted =
      zone.kind === 'organization' &&
      (zone.trustedOuPaths?.length ?? 0) > 0 &&
      !isTrustedMember(zone, m, 'unnamed-member-account');
    const where = pathsRead ? (zone.ouPaths?.[m] ?? '') : untrusted ? 'untrusted:' : '';
    const key = `${where}|${patterns.map((p) => (wildcardMatches(p, m) ? '1' : '0')).join('')}`;
    if (!groups.has(key)) groups.set(key, m);
  }
  return [...groups].map(([key, account]) => {
    const where = key.slice(0, key.lastIndexOf('|'));
    return {
      kind: 'unnamed-member-account' as const,
      value:
        pathsRead && where
          ? `ou:${where}`
          : where.startsWith('untrusted:')
            ? `org:${zone.orgId}:outside-trusted-ous`
            : `org:${zone.orgId}`,
      account,
      caller: { kind: 'aws' as const, arn: `arn:${partition}:iam::${account}:role/zz-member-principal` },
      fixed: memberFixed(zone, account),
      publicCandidate: false,
      impliedConditions: [],
    };
  });
}
