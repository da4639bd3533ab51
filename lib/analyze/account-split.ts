/**
 * One finding per account a grant reaches (design.md class 1): a service grant pinned by `aws:SourceAccount` /
 * `aws:SourceOwner` / `aws:SourceArn` to several accounts acts for each of them, and the finding names each one in
 * `principal.account`; the owner's and the zone's parts are not in an external finding. The witness of each finding
 * is the part's own, with the source keys set to that account (and confirmed by authorize() as every witness is).
 */
import type { AccessClass, FindingCondition, WitnessRequest } from '../model/finding.js';
import type { Zone } from '../model/zone.js';
import { arnAccount } from './labels.js';
import { accountAccess } from './zone.js';

/** One account of a split grant and its place against the zone. */
export interface AccountShare {
  account: string;
  access: AccessClass;
}

/**
 * The accounts outside the owner (and the zone's `inside`) among `accounts`, each with its own access class, sorted.
 * IAM (aws:SourceAccount): "Use this key to help ensure that the calling service can access your resource only when
 * the request comes from a specific account"; a list of accounts admits each of them, one at a time.
 */
export function accountShares(zone: Zone, accounts: string[]): AccountShare[] {
  const out: AccountShare[] = [];
  for (const account of [...new Set(accounts)].sort()) {
    const access = accountAccess(zone, account);
    if (access !== 'inside') out.push({ account, access });
  }
  return out;
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
      const listed = conditions.filter((c) => c.key.toLowerCase() === k).flatMap((c) => c.values).find((v) => arnAccount(v) === account && !/[*?$]/.test(v));
      context[key] = listed ?? value.split(':').map((p, i) => (i === 4 ? account : p)).join(':');
    }
  }
  return { ...w, context };
}
