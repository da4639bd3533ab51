/**
 * What every family of principal classes shares while the classes are built (class-families.ts): the names the
 * policy mentions, the stand-in outsider, the organisation variants, the accounts standing for a wildcard account
 * pattern, and how a class is placed against the zone.
 */
import { wildcardMatches } from '../evaluate/index.js';
import type { ContextValue } from '../evaluate/types.js';
import type { Zone } from '../model/zone.js';
import type { PrincipalClass, TaggedStatement } from './types.js';
import { memberFixed, memberMatching, patternInstance } from './member-classes.js';
import { orgVariants, type OrgVariant } from './org-variants.js';
import {
  accountInstance,
  collectNames,
  unnamedExternalAccount,
  wildcardAccountPatterns,
  type Names,
} from './principal-names.js';
import { accessOf } from './zone-access.js';

/** An account standing for a wildcard account pattern, and what it stands for. */
export interface AccountRepresentative {
  account: string;
  /** An account outside the organisation that the pattern admits (the finding is public-ish). */
  outsider: boolean;
  /** An account the policy names. */
  named: boolean;
  /** A member standing for every member the pattern admits (findings do not name it). */
  standIn: boolean;
}

/** What the families of classes share while they are built; each family appends its classes to `out`. */
export interface ClassBuilder {
  statements: TaggedStatement[];
  zone: Zone;
  partition: string;
  names: Names;
  /** The unnamed outsider's account (class 4). */
  external: string;
  variants: OrgVariant[];
  /** Every account the policy names, and the owner. */
  named: Set<string>;
  /** Wildcard account patterns of aws:PrincipalAccount values and of principal ARNs. */
  patterns: string[];
  out: PrincipalClass[];
  /** Adds a class placed against the zone (left out when inside it). */
  push(c: Omit<PrincipalClass, 'access'>): void;
  /** Adds a principal of `account`: a member with our organisation's keys, anyone else once per organisation variant. */
  pushAws(
    c: Omit<PrincipalClass, 'access' | 'fixed' | 'impliedConditions'>,
    account: string,
    extra?: Record<string, ContextValue>,
  ): void;
  /** The accounts standing for a wildcard account pattern: an outsider, each named account, a member it admits. */
  accountRepresentatives(pattern: string): AccountRepresentative[];
}

/** True when the zone lists `account` as a member of the organisation. */
function isMember(zone: Zone, account: string): boolean {
  return zone.orgAccounts?.includes(account) ?? false;
}

/** The shared state of one build of the classes of `statements` (principalClasses() runs the families on it). */
export function classBuilder(statements: TaggedStatement[], zone: Zone, partition: string): ClassBuilder {
  const names = collectNames(statements, zone);
  const external = unnamedExternalAccount(names, zone);
  const variants = orgVariants(statements, zone);
  const named = new Set([...names.accounts, zone.ownerAccount]);
  const patterns = wildcardAccountPatterns(names);
  const out: PrincipalClass[] = [];
  const push = (c: Omit<PrincipalClass, 'access'>): void => {
    const access = accessOf(zone, c.account, c.kind);
    if (access !== 'inside') out.push({ ...c, access });
  };
  return {
    statements,
    zone,
    partition,
    names,
    external,
    variants,
    named,
    patterns,
    out,
    push,
    // A variant in our organisation (the zone does not list its members) is placed as a member would be: `org` in an
    // organization zone.
    pushAws: (c, account, extra = {}) => {
      if (isMember(zone, account))
        push({ ...c, fixed: { ...memberFixed(zone, account), ...extra }, impliedConditions: [] });
      else {
        variants.forEach((v, i) => {
          const ours = zone.orgId !== undefined && v.fixed['aws:PrincipalOrgID'] === zone.orgId;
          const cls = { ...c, fixed: { ...v.fixed, ...extra }, impliedConditions: v.implied, orgVariant: i > 0 };
          if (!ours) push(cls);
          else if (account !== zone.ownerAccount)
            out.push({ ...cls, access: accessOf(zone, account, 'unnamed-member-account') });
        });
      }
    },
    accountRepresentatives: (pattern) => {
      const avoid = new Set([...named, ...(zone.orgAccounts ?? []), ...(zone.trustedAccounts ?? [])]);
      const reps: AccountRepresentative[] = [
        { account: accountInstance(pattern, external, avoid), outsider: true, named: false, standIn: false },
      ];
      // An outsider the other account patterns admit too (`arn:aws:iam::*:role/X` with `aws:PrincipalAccount 4790*`).
      for (const q of patterns) {
        const inst = q === pattern ? undefined : patternInstance(q);
        if (
          inst &&
          inst !== zone.ownerAccount &&
          !named.has(inst) &&
          wildcardMatches(pattern, inst) &&
          !isMember(zone, inst)
        )
          reps.push({ account: inst, outsider: true, named: false, standIn: false });
      }
      for (const a of [...names.accounts].sort())
        if (a !== zone.ownerAccount && wildcardMatches(pattern, a))
          reps.push({ account: a, outsider: false, named: true, standIn: false });
      const member = memberMatching(zone, named, pattern);
      if (member) reps.push({ account: member, outsider: false, named: false, standIn: true });
      return reps;
    },
  };
}
