/**
 * Every name a policy mentions that can stand for a caller (design.md class 1): principals named in Principal /
 * NotPrincipal, accounts and principal ARNs in principal-ish conditions, services, and whether conditions read the
 * organisation or tell a root user apart; plus the stand-in accounts the classes use (an unnamed outsider, an instance
 * of a wildcard account pattern).
 */
import type { Zone } from '../model/zone.js';
import type { TaggedStatement } from './types.js';
import { arnAccount, isAccountId, isVariableOrWildcard } from './labels.js';

/** Condition keys whose values name accounts or principal ARNs (design.md class 1). */
const ARN_KEYS = new Set(['aws:principalarn', 'aws:sourcearn']);
const ACCOUNT_KEYS = new Set(['aws:principalaccount', 'aws:sourceaccount', 'aws:sourceowner']);
const UNIQUE_ID = /^(AIDA|AROA|AIPA|ANPA|ANVA|ASIA|AGPA|AKIA)[A-Z0-9]{8,}$/;

export interface Names {
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
export function collectNames(statements: TaggedStatement[], _zone: Zone): Names {
  const n: Names = {
    principalAccounts: new Set(),
    accounts: new Set(),
    arns: new Set(),
    services: new Set(),
    orgKeysUsed: false,
    rootSensitive: false,
    pathsRead: false,
    accountPatterns: new Set(),
  };
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
        if ((key === 'aws:principalservicename' || key === 'aws:principalservicenameslist') && !isVariableOrWildcard(v))
          n.services.add(v.toLowerCase());
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
  const used = new Set([
    ...names.accounts,
    zone.ownerAccount,
    ...(zone.orgAccounts ?? []),
    ...(zone.trustedAccounts ?? []),
  ]);
  let id = 999988887777;
  while (used.has(String(id))) id--;
  return String(id);
}

/** Every wildcard account pattern: of `aws:PrincipalAccount` values and of the account field of principal ARNs. */
export function wildcardAccountPatterns(names: Names): string[] {
  const out = new Set(names.accountPatterns);
  for (const arn of names.arns) {
    const acct = arnAccount(arn);
    if (acct !== undefined && !isAccountId(acct) && /[*?]/.test(acct)) out.add(acct);
  }
  return [...out].sort();
}
