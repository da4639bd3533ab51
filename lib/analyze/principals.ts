/**
 * The finite universe of principal classes (design.md): every principal named in Principal /
 * NotPrincipal or in a principal-ish condition (a CanonicalUser id included, see canonical.ts), "another
 * principal" of each named account, an unnamed
 * member account, an unnamed account outside the organisation, an anonymous caller (S3), each named
 * service and "another AWS service". Every request falls in one class.
 */
import { wildcardMatches } from '../evaluate/index.js';
import { UNKNOWN, type ContextValue } from '../evaluate/types.js';
import { federatedPrincipals } from './federated.js';
import { identityCallers } from './identity-callers.js';
import type { ResourceType } from '../model/finding.js';
import type { Zone } from '../model/zone.js';
import type { PrincipalClass, TaggedStatement } from './types.js';
import { canonicalClasses } from './canonical.js';
import { arnAccount, instantiate, isAccountId, isVariableOrWildcard } from './labels.js';
import { memberClasses, memberFixed, memberMatching, patternInstance } from './member-classes.js';
import { orgVariants } from './org-variants.js';
import { accessOf, isTrustedMember } from './zone-access.js';
import { iamArn } from './partition.js';
import { DEFAULT_PARTITION } from '../model/inventory.js';

/** Condition keys whose values name accounts or principal ARNs (design.md class 1). */
const ARN_KEYS = new Set(['aws:principalarn', 'aws:sourcearn']);
const ACCOUNT_KEYS = new Set(['aws:principalaccount', 'aws:sourceaccount', 'aws:sourceowner']);
const UNIQUE_ID = /^(AIDA|AROA|AIPA|ANPA|ANVA|ASIA|AGPA|AKIA)[A-Z0-9]{8,}$/;

interface Names {
  /** Accounts named as a Principal (id or root ARN). */
  principalAccounts: Set<string>;
  /** Accounts named anywhere. */
  accounts: Set<string>;
  /** IAM principal ARNs (possibly with wildcards) named in Principal or aws:PrincipalArn. */
  arns: Set<string>;
  services: Set<string>;
  /** Some condition reads the caller's organisation: outsiders in an unnamed organisation form a class too. */
  orgKeysUsed: boolean;
  /** Some condition tells a root user from the account's other identities. */
  rootSensitive: boolean;
  /** Some condition reads aws:PrincipalOrgPaths: member accounts differ by OU. */
  pathsRead: boolean;
  /** Wildcard account patterns of aws:PrincipalAccount (`7777*`): many accounts, one class each. */
  accountPatterns: Set<string>;
}

/** Collects every name the statements mention (principal blocks and principal-ish conditions). */
export function collectNames(statements: TaggedStatement[], zone: Zone): Names {
  const n: Names = { principalAccounts: new Set(), accounts: new Set(), arns: new Set(), services: new Set(), orgKeysUsed: false, rootSensitive: false, pathsRead: false, accountPatterns: new Set() };
  for (const { statement } of statements) {
    for (const p of statement.principal?.values ?? []) {
      if (p.type === 'Service') n.services.add(p.value.toLowerCase());
      if (p.type !== 'AWS' || p.value === '*' || UNIQUE_ID.test(p.value) || p.value.includes('${')) continue;
      if (isAccountId(p.value)) addAccount(n, p.value, true);
      else if (/^arn:[^:]+:iam::\d{12}:root$/.test(p.value)) addAccount(n, arnAccount(p.value)!, true);
      else if (p.value.startsWith('arn:')) {
        n.arns.add(p.value);
        const acct = arnAccount(p.value);
        if (acct && isAccountId(acct)) addAccount(n, acct, false);
      }
    }
    for (const c of statement.conditions) {
      const key = c.key.toLowerCase();
      for (const v of c.values) {
        if (v.includes('${')) continue;
        if (ACCOUNT_KEYS.has(key) && isAccountId(v)) addAccount(n, v, false);
        if (key === 'aws:principalaccount' && /[*?]/.test(v) && v !== '*') n.accountPatterns.add(v);
        if (ARN_KEYS.has(key) && v.startsWith('arn:')) {
          const acct = arnAccount(v);
          if (acct && isAccountId(acct)) addAccount(n, acct, false);
          if (key === 'aws:principalarn') n.arns.add(v);
        }
        // IAM (aws:PrincipalServiceName): "When a service principal makes a direct request to your resource, the
        // aws:PrincipalServiceName key contains the name of the service principal": a service a condition names is a
        // caller of its own (`Principal: "*"` pinned to `cloudtrail.amazonaws.com` lets that service in).
        if ((key === 'aws:principalservicename' || key === 'aws:principalservicenameslist') && !isVariableOrWildcard(v)) n.services.add(v.toLowerCase());
        if (key === 'aws:principalorgid' || key === 'aws:principalorgpaths') n.orgKeysUsed = true;
        if (key === 'aws:principalorgpaths') n.pathsRead = true;
        if (key === 'aws:principaltype' || key === 'aws:principalarn' || key === 'aws:userid') n.rootSensitive = true;
      }
    }
  }
  return n;
}

/**
 * A concrete account id matching a wildcard account pattern (`7777*` -> `777700000000`), or
 * `fallback` (the unnamed outsider) when the pattern cannot name a 12-digit id or is just `*`.
 */
export function accountInstance(pattern: string, fallback: string, avoid: ReadonlySet<string> = new Set()): string {
  if (/^[*?]*$/.test(pattern) && pattern.includes('*')) return fallback;
  const fixed = pattern.replace(/\*/g, '').replace(/\?/g, '0').length;
  // The instance stands for an unnamed outsider: never an account the zone or the policy names (the owner would make
  // the outsider vanish as "inside"), so other fill digits are tried.
  for (const digit of '0987654321') {
    let padded = false;
    const out = pattern
      .replace(/\*/g, () => {
        if (padded) return '';
        padded = true;
        return digit.repeat(Math.max(0, 12 - fixed));
      })
      .replace(/\?/g, digit);
    if (!isAccountId(out)) return fallback;
    if (!avoid.has(out)) return out;
  }
  return fallback;
}

function addAccount(n: Names, account: string, asPrincipal: boolean): void {
  n.accounts.add(account);
  if (asPrincipal) n.principalAccounts.add(account);
}

/** An account id named nowhere and outside the organisation, for class 4. */
export function unnamedExternalAccount(names: Names, zone: Zone): string {
  const used = new Set([...names.accounts, zone.ownerAccount, ...(zone.orgAccounts ?? []), ...(zone.trustedAccounts ?? [])]);
  let id = 999988887777;
  while (used.has(String(id))) id--;
  return String(id);
}

/** Every wildcard account pattern: of `aws:PrincipalAccount` values and of the account field of principal ARNs. */
function wildcardAccountPatterns(names: Names): string[] {
  const out = new Set(names.accountPatterns);
  for (const arn of names.arns) {
    const acct = arnAccount(arn);
    if (acct !== undefined && !isAccountId(acct) && /[*?]/.test(acct)) out.add(acct);
  }
  return [...out].sort();
}

/** An ARN pattern with its account field set to `account`, the rest as written. */
function inAccount(arn: string, account: string): string {
  return arn.split(':').map((p, i) => (i === 4 ? account : p)).join(':');
}

/** An ARN pattern made concrete in `account` (a resource that is only wildcards becomes `role/zz-any`). */
function concreteArn(arn: string, account: string): string {
  let concrete = arn.split(':').map((p, i) => (i === 4 ? account : p)).join(':');
  const res = concrete.split(':').slice(5).join(':');
  if (/^[*?]+$/.test(res)) concrete = concrete.slice(0, concrete.length - res.length) + 'role/zz-any';
  return instantiate(concrete);
}

function isMember(zone: Zone, account: string): boolean {
  return zone.orgAccounts?.includes(account) ?? false;
}

/** Builds the principal classes for these statements, with their place against the zone. */
export function principalClasses(statements: TaggedStatement[], zone: Zone, resourceType: ResourceType, partition: string = DEFAULT_PARTITION): PrincipalClass[] {
  const names = collectNames(statements, zone);
  const external = unnamedExternalAccount(names, zone);
  const variants = orgVariants(statements, zone);
  const out: PrincipalClass[] = [];
  const named = new Set([...names.accounts, zone.ownerAccount]);
  const patterns = wildcardAccountPatterns(names);
  /** The accounts standing for a wildcard account pattern: an outsider, each named account, a member it admits. */
  const accountRepresentatives = (pattern: string): Array<{ account: string; outsider: boolean; named: boolean; standIn: boolean }> => {
    const avoid = new Set([...named, ...(zone.orgAccounts ?? []), ...(zone.trustedAccounts ?? [])]);
    const reps = [{ account: accountInstance(pattern, external, avoid), outsider: true, named: false, standIn: false }];
    // An outsider the other account patterns admit too (`arn:aws:iam::*:role/X` with `aws:PrincipalAccount 4790*`).
    for (const q of patterns) {
      const inst = q === pattern ? undefined : patternInstance(q);
      if (inst && inst !== zone.ownerAccount && !named.has(inst) && wildcardMatches(pattern, inst) && !isMember(zone, inst)) reps.push({ account: inst, outsider: true, named: false, standIn: false });
    }
    for (const a of [...names.accounts].sort()) if (a !== zone.ownerAccount && wildcardMatches(pattern, a)) reps.push({ account: a, outsider: false, named: true, standIn: false });
    const member = memberMatching(zone, named, pattern);
    if (member) reps.push({ account: member, outsider: false, named: false, standIn: true });
    return reps;
  };
  const push = (c: Omit<PrincipalClass, 'access'>): void => {
    const access = accessOf(zone, c.account, c.kind);
    if (access !== 'inside') out.push({ ...c, access });
  };
  /**
   * A principal of `account`: a member gets our organisation's keys, anyone else each variant. A variant in our
   * organisation (the zone does not list its members) is placed as a member would be: `org` in an organization zone.
   */
  const pushAws = (c: Omit<PrincipalClass, 'access' | 'fixed' | 'impliedConditions'>, account: string, extra: Record<string, ContextValue> = {}): void => {
    if (isMember(zone, account)) push({ ...c, fixed: { ...memberFixed(zone, account), ...extra }, impliedConditions: [] });
    else {
      variants.forEach((v, i) => {
        const ours = zone.orgId !== undefined && v.fixed['aws:PrincipalOrgID'] === zone.orgId;
        const cls = { ...c, fixed: { ...v.fixed, ...extra }, impliedConditions: v.implied, orgVariant: i > 0 };
        if (!ours) push(cls);
        else if (account !== zone.ownerAccount) out.push({ ...cls, access: accessOf(zone, account, 'unnamed-member-account') });
      });
    }
  };

  for (const arn of [...names.arns].sort()) {
    const acct = arnAccount(arn);
    if (acct && isAccountId(acct)) {
      pushAws({ kind: 'named-principal', value: arn, account: acct, caller: { kind: 'aws', arn: concreteArn(arn, acct) }, publicCandidate: false }, acct);
      continue;
    }
    // A wildcard account admits an outsider, every named account it matches and the members it matches.
    const pattern = acct ?? '*';
    for (const i of accountRepresentatives(pattern)) {
      // A named account keeps the pattern's resource part (`arn:aws:iam::<account>:user/*`): the value says who, the
      // caller is one concrete identity of it.
      pushAws({ kind: 'named-principal', value: i.named ? inAccount(arn, i.account) : arn, account: i.account, caller: { kind: 'aws', arn: concreteArn(arn, i.account) }, publicCandidate: i.outsider, ...(i.standIn ? { standIn: true } : {}) }, i.account);
    }
  }
  // A CanonicalUser id names one account or CloudFront origin access identity that cannot be resolved offline.
  out.push(...canonicalClasses(statements, zone, partition));
  // A federated principal signs in through its provider: anyone at a web identity provider, a SAML provider's account.
  // Which role the federated user assumes is not known: its ARN and user id are Unknown; behind a web identity
  // provider, so are its account and organisation (anyone can sign in there).
  for (const fed of federatedPrincipals(statements)) {
    const account = fed.account ?? external;
    const caller = { kind: 'aws' as const, arn: `arn:${partition}:sts::${account}:assumed-role/zz-federated/zz-session` };
    const unknown: Record<string, ContextValue> = { 'aws:FederatedProvider': fed.value, 'aws:PrincipalArn': UNKNOWN, 'aws:userid': UNKNOWN };
    const base = { kind: 'named-principal' as const, value: fed.value, account, caller, publicCandidate: fed.account === undefined };
    if (fed.account) pushAws(base, account, unknown);
    else out.push({ ...base, access: 'external', impliedConditions: [], fixed: { ...unknown, 'aws:PrincipalAccount': UNKNOWN, 'aws:PrincipalOrgID': UNKNOWN, 'aws:PrincipalOrgPaths': UNKNOWN } });
  }
  for (const pattern of [...names.accountPatterns].sort()) {
    for (const i of accountRepresentatives(pattern)) {
      // Every kind of identity of the account the pattern admits (its root user too: a Deny on
      // `aws:PrincipalArn arn:aws:iam::7777*:role/*` spares it), one per signature (identity-callers.ts).
      for (const arn of identityCallers(partition, i.account, 'zz-pattern-principal', statements, true, names.arns)) {
        pushAws({ kind: 'named-principal', value: i.named ? i.account : pattern, account: i.account, caller: { kind: 'aws', arn }, publicCandidate: i.outsider, ...(i.standIn ? { standIn: true } : {}) }, i.account);
      }
    }
  }
  for (const account of [...names.accounts].sort()) {
    const named = names.principalAccounts.has(account);
    // IAM: "When you use NotPrincipal with Deny ... you must also specify the account ARN of the
    // not-denied principal": the root user and the account's other identities are told apart there
    // (and by aws:PrincipalType / aws:PrincipalArn), so the root user is a class of its own.
    if (named || names.rootSensitive) {
      const root = iamArn(partition, account, 'root');
      pushAws({ kind: 'named-principal', value: root, account, caller: { kind: 'aws', arn: root }, publicCandidate: false }, account);
    }
    for (const arn of identityCallers(partition, account, 'zz-other-principal', statements, false, names.arns)) {
      pushAws({ kind: named ? 'named-principal' : 'other-principal-of-account', value: account, account, caller: { kind: 'aws', arn }, publicCandidate: false }, account);
    }
  }
  for (const c of memberClasses(zone, named, names.pathsRead, patterns, partition)) {
    for (const arn of identityCallers(partition, c.account!, 'zz-member-principal', statements, true, names.arns)) out.push({ ...c, caller: { kind: 'aws', arn }, access: accessOf(zone, c.account, 'unnamed-member-account') });
  }
  // INVARIANT: an unnamed outsider is outside our organisation by definition (members have their own class).
  const outsider = variants.filter((v) => v.fixed['aws:PrincipalOrgID'] === undefined || v.fixed['aws:PrincipalOrgID'] !== zone.orgId);
  for (const arn of identityCallers(partition, external, 'zz-external-principal', statements, true, names.arns)) {
    const caller = { kind: 'aws' as const, arn };
    outsider.forEach((v, i) => push({ kind: 'unnamed-external-account', value: '*', account: external, caller, fixed: v.fixed, publicCandidate: true, impliedConditions: v.implied, orgVariant: i > 0 }));
  }
  if (resourceType === 's3-bucket' || resourceType === 'generic') {
    push({ kind: 'anonymous', value: 'anonymous', caller: { kind: 'anonymous' }, fixed: {}, publicCandidate: true, impliedConditions: [] });
  }
  for (const service of [...names.services].sort()) {
    if (isVariableOrWildcard(service)) continue;
    push({ kind: 'service', value: service, caller: { kind: 'service', service }, fixed: {}, publicCandidate: false, impliedConditions: [] });
  }
  push({ kind: 'other-service', value: '*.amazonaws.com', caller: { kind: 'service', service: 'zz-other-service.amazonaws.com' }, fixed: {}, publicCandidate: false, impliedConditions: [] });
  return out;
}
