/**
 * One finding per account a grant reaches (design.md class 1): a service grant pinned by `aws:SourceAccount` /
 * `aws:SourceOwner` / `aws:SourceArn` to several accounts acts for each of them, and the finding names each one in
 * `principal.account`; the owner's and the zone's parts are not in an external finding. The witness of each finding
 * is the part's own, with the source keys set to that account (and confirmed by authorize() as every witness is).
 */
import type { AccessClass, FindingCondition, WitnessRequest } from '../model/finding.js';
import type { Zone } from '../model/zone.js';
import { arnAccount } from './labels.js';
import { accountAccess } from './zone-access.js';

/** One account of a split grant: its place against the zone, its notes, and whether the finding names it. */
export interface AccountShare {
  account: string;
  access: AccessClass;
  notes: string[];
  /** False for a share that stays as it would be without the others (the owner's access points): no account named. */
  named: boolean;
}

/**
 * The accounts outside the owner (and the zone's `inside`) among `accounts`, each with its own access class, sorted.
 * IAM (aws:SourceAccount): "Use this key to help ensure that the calling service can access your resource only when
 * the request comes from a specific account"; a list of accounts admits each of them, one at a time.
 */
export function accountShares(zone: Zone, accounts: string[], note: (account: string) => string): AccountShare[] {
  const out: AccountShare[] = [];
  for (const account of [...new Set(accounts)].sort()) {
    const access = accountAccess(zone, account);
    if (access !== 'inside')
      out.push({ account, access, notes: access === 'trusted-external' ? [] : [note(account)], named: true });
  }
  return out;
}

/**
 * A grant delegated to the access points of several accounts (`s3:DataAccessPointAccount` / `s3:DataAccessPointArn`
 * lists), split by account. S3 (access points): "you can delegate access control from the bucket policy to the access
 * point policy"; a request through an access point carries that access point's account and ARN, so each account listed
 * is a way in of its own. An account outside the zone decides who: its share is `external` and names it. The owner's
 * (or a member's, a trusted account's) share keeps `access` (its access points are analysed with the bucket), naming
 * no one. Only a class of callers of any account (`nameable`) names the account; undefined when some account is left open (a wildcard): that grant is not split.
 */
export function delegationShares(
  zone: Zone,
  accounts: string[],
  access: AccessClass,
  nameable: boolean,
): AccountShare[] | undefined {
  if (accounts.includes('*')) return undefined;
  return accounts.map((account) =>
    accountAccess(zone, account) === 'external'
      ? {
          account,
          access: 'external' as const,
          notes: [`delegates to the access points of \`${account}\`, outside the zone: that account decides who`],
          named: nameable,
        }
      : {
          account,
          access,
          notes: [
            `delegates to the access points of \`${account}\`: their access point policies decide who (analysed with the access points)`,
          ],
          named: false,
        },
  );
}

const ACCOUNT_VALUED = new Set(['aws:sourceaccount', 'aws:sourceowner', 's3:dataaccesspointaccount']);
const ARN_VALUED = new Set(['aws:sourcearn', 's3:dataaccesspointarn']);

/**
 * The witness with every key that names the acting account set to `account`: an account key takes it, an ARN key
 * takes a value the conditions list in that account (else its own with the account field replaced).
 */
export function pinWitness(w: WitnessRequest, account: string, conditions: FindingCondition[]): WitnessRequest {
  const context: WitnessRequest['context'] = { ...w.context };
  for (const [key, value] of Object.entries(context)) {
    const k = key.toLowerCase();
    if (ACCOUNT_VALUED.has(k)) context[key] = account;
    else if (ARN_VALUED.has(k) && typeof value === 'string' && arnAccount(value) !== account) {
      const listed = conditions
        .filter((c) => c.key.toLowerCase() === k)
        .flatMap((c) => c.values)
        .find((v) => arnAccount(v) === account && !/[*?$]/.test(v));
      context[key] =
        listed ??
        value
          .split(':')
          .map((p, i) => (i === 4 ? account : p))
          .join(':');
    }
  }
  return { ...w, context };
}
