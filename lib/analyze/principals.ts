/**
 * The finite universe of principal classes (design.md): every principal named in Principal /
 * NotPrincipal or in a principal-ish condition (a CanonicalUser id included, see canonical.ts), "another
 * principal" of each named account, an unnamed
 * member account, an unnamed account outside the organisation, an anonymous caller (S3), each named
 * service and "another AWS service". Every request falls in one class.
 */
import { UNKNOWN, type ContextValue } from '../evaluate/types.js';
import type { ResourceType } from '../model/finding.js';
import type { Zone } from '../model/zone.js';
import type { PrincipalClass, TaggedStatement } from './types.js';
import { canonicalClasses } from './canonical.js';
import { arnAccount, instantiate, isAccountId, isVariableOrWildcard } from './labels.js';
import { accessOf, isTrustedMember } from './zone.js';
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
  /** Organisation ids named in aws:PrincipalOrgID / aws:PrincipalOrgPaths that are not ours. */
  foreignOrgs: Set<string>;
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
  const n: Names = { principalAccounts: new Set(), accounts: new Set(), arns: new Set(), services: new Set(), foreignOrgs: new Set(), orgKeysUsed: false, rootSensitive: false, pathsRead: false, accountPatterns: new Set() };
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
        if (key === 'aws:principalorgid' || key === 'aws:principalorgpaths') n.orgKeysUsed = true;
        if (key === 'aws:principalorgpaths') n.pathsRead = true;
        if (key === 'aws:principaltype' || key === 'aws:principalarn' || key === 'aws:userid') n.rootSensitive = true;
        if (key === 'aws:principalorgid' && !v.includes('*') && v !== zone.orgId) n.foreignOrgs.add(v);
        if (key === 'aws:principalorgpaths') {
          const org = v.split('/')[0];
          if (org && !/[*?]/.test(org) && org !== zone.orgId) n.foreignOrgs.add(org);
        }
      }
    }
  }
  return n;
}

/**
 * A concrete account id matching a wildcard account pattern (`7777*` -> `777700000000`), or
 * `fallback` (the unnamed outsider) when the pattern cannot name a 12-digit id or is just `*`.
 */
export function accountInstance(pattern: string, fallback: string): string {
  if (/^[*?]*$/.test(pattern) && pattern.includes('*')) return fallback;
  const fixed = pattern.replace(/\*/g, '').replace(/\?/g, '0').length;
  let padded = false;
  const out = pattern.replace(/\*/g, () => {
    if (padded) return '';
    padded = true;
    return '0'.repeat(Math.max(0, 12 - fixed));
  }).replace(/\?/g, '0');
  return isAccountId(out) ? out : fallback;
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

function orgFixed(zone: Zone, account: string): Record<string, ContextValue> {
  if (!zone.orgId) return {};
  const path = zone.ouPaths?.[account];
  return { 'aws:PrincipalOrgID': zone.orgId, 'aws:PrincipalOrgPaths': path ? [path] : UNKNOWN };
}

function isMember(zone: Zone, account: string): boolean {
  return zone.orgAccounts?.includes(account) ?? false;
}

interface OrgVariant {
  fixed: Record<string, ContextValue>;
  implied: PrincipalClass['impliedConditions'];
}

/**
 * The organisations a principal outside ours may belong to: none, each foreign organisation a
 * condition names (OU paths Unknown), and (when a condition reads the organisation) one named
 * nowhere — `o-*` is not restrictive.
 */
function orgVariants(names: Names, zone: Zone): OrgVariant[] {
  const out: OrgVariant[] = [{ fixed: {}, implied: [] }];
  // Without the member list, a named account may be one of ours.
  if (zone.orgId && !zone.orgAccounts && names.orgKeysUsed) {
    out.push({ fixed: { 'aws:PrincipalOrgID': zone.orgId, 'aws:PrincipalOrgPaths': UNKNOWN }, implied: [{ operator: 'StringEquals', key: 'aws:PrincipalOrgID', values: [zone.orgId] }] });
  }
  for (const org of [...names.foreignOrgs].sort()) {
    out.push({ fixed: { 'aws:PrincipalOrgID': org, 'aws:PrincipalOrgPaths': UNKNOWN }, implied: [{ operator: 'StringEquals', key: 'aws:PrincipalOrgID', values: [org] }] });
  }
  // INVARIANT: OU ids are unique to their organisation, so the paths of an organisation named nowhere
  // match no path pattern that names one; a concrete path under its own id stands for all of them.
  if (names.orgKeysUsed) out.push({ fixed: { 'aws:PrincipalOrgID': 'o-zzunnamedorg', 'aws:PrincipalOrgPaths': ['o-zzunnamedorg/r-zzzz/ou-zzzz-zzzzzzzz/'] }, implied: [] });
  return out;
}

/** Builds the principal classes for these statements, with their place against the zone. */
export function principalClasses(statements: TaggedStatement[], zone: Zone, resourceType: ResourceType, partition: string = DEFAULT_PARTITION): PrincipalClass[] {
  const names = collectNames(statements, zone);
  const external = unnamedExternalAccount(names, zone);
  const variants = orgVariants(names, zone);
  const out: PrincipalClass[] = [];
  const push = (c: Omit<PrincipalClass, 'access'>): void => {
    const access = accessOf(zone, c.account, c.kind);
    if (access !== 'inside') out.push({ ...c, access });
  };
  /** A principal of `account`: a member gets our organisation's keys, anyone else each variant. */
  const pushAws = (c: Omit<PrincipalClass, 'access' | 'fixed' | 'impliedConditions'>, account: string): void => {
    if (isMember(zone, account)) push({ ...c, fixed: orgFixed(zone, account), impliedConditions: [] });
    else variants.forEach((v, i) => push({ ...c, fixed: v.fixed, impliedConditions: v.implied, orgVariant: i > 0 }));
  };

  for (const arn of [...names.arns].sort()) {
    const acct = arnAccount(arn);
    const wildAccount = !acct || !isAccountId(acct);
    const account = wildAccount ? accountInstance(acct ?? '*', external) : acct;
    let concrete = wildAccount ? arn.split(':').map((p, i) => (i === 4 ? account : p)).join(':') : arn;
    const res = concrete.split(':').slice(5).join(':');
    if (/^[*?]+$/.test(res)) concrete = concrete.slice(0, concrete.length - res.length) + 'role/zz-any';
    pushAws({ kind: 'named-principal', value: arn, account, caller: { kind: 'aws', arn: instantiate(concrete) }, publicCandidate: wildAccount }, account);
  }
  // A CanonicalUser id names one account or CloudFront origin access identity that cannot be resolved offline.
  out.push(...canonicalClasses(statements, zone, partition));
  for (const pattern of [...names.accountPatterns].sort()) {
    const account = accountInstance(pattern, external);
    pushAws({ kind: 'named-principal', value: pattern, account, caller: { kind: 'aws', arn: iamArn(partition, account, 'role/zz-pattern-principal') }, publicCandidate: true }, account);
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
    pushAws(
      { kind: named ? 'named-principal' : 'other-principal-of-account', value: account, account, caller: { kind: 'aws', arn: iamArn(partition, account, 'role/zz-other-principal') }, publicCandidate: false },
      account,
    );
  }
  if (zone.orgId) {
    const named = new Set([...names.accounts, zone.ownerAccount]);
    const members = (zone.orgAccounts ?? []).filter((a) => !named.has(a));
    // One class per OU path when a condition reads the paths; otherwise members differ only in
    // whether their OU is trusted, and one representative of each kind stands for all of them.
    const byPath = new Map<string, string>();
    for (const m of members) {
      const untrusted = zone.kind === 'organization' && (zone.trustedOuPaths?.length ?? 0) > 0 && !isTrustedMember(zone, m);
      const path = names.pathsRead ? (zone.ouPaths?.[m] ?? '') : untrusted ? 'untrusted:' : '';
      if (!byPath.has(path)) byPath.set(path, m);
    }
    if (members.length === 0 && !zone.orgAccounts) byPath.set('', '999900001111');
    for (const [key, account] of byPath) {
      const path = names.pathsRead ? key : '';
      push({
        kind: 'unnamed-member-account',
        value: names.pathsRead && path ? `ou:${path}` : key.startsWith('untrusted:') ? `org:${zone.orgId}:outside-trusted-ous` : `org:${zone.orgId}`,
        account,
        caller: { kind: 'aws', arn: iamArn(partition, account, 'role/zz-member-principal') },
        fixed: zone.ouPaths?.[account] ? orgFixed(zone, account) : { 'aws:PrincipalOrgID': zone.orgId, 'aws:PrincipalOrgPaths': UNKNOWN },
        publicCandidate: false,
        impliedConditions: [],
      });
    }
  }
  const caller = { kind: 'aws' as const, arn: iamArn(partition, external, 'role/zz-external-principal') };
  // INVARIANT: an unnamed outsider is outside our organisation by definition (members have their own class).
  const outsider = variants.filter((v) => v.fixed['aws:PrincipalOrgID'] === undefined || v.fixed['aws:PrincipalOrgID'] !== zone.orgId);
  outsider.forEach((v, i) => push({ kind: 'unnamed-external-account', value: '*', account: external, caller, fixed: v.fixed, publicCandidate: true, impliedConditions: v.implied, orgVariant: i > 0 }));
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
