/**
 * Public vs external, and confused-deputy service grants.
 *
 * S3 (access-control-block-public-access): "a bucket policy is public unless it grants only to fixed
 * values (no wildcard, no policy variable)" of a principal, aws:SourceIp CIDRs (broader than /8 IPv4
 * counts as public), aws:SourceArn, aws:SourceVpc, aws:SourceVpce, aws:SourceOwner, aws:SourceAccount,
 * s3:x-amz-server-side-encryption-aws-kms-key-id, aws:userid outside `AROLEID:*`,
 * s3:DataAccessPointArn, s3:DataAccessPointAccount. The same reading is applied to ECR.
 */
import type { AccessClass, FindingCondition } from '../model/finding.js';
import type { Zone } from '../model/zone.js';
import { arnAccount, isAccountId, isVariableOrWildcard } from './labels.js';
import { accountAccess } from './zone-access.js';

const PINNING_KEYS = new Set([
  'aws:principalorgid',
  'aws:principalaccount',
  'aws:principalarn',
  'aws:sourcevpc',
  'aws:sourcevpce',
  'aws:sourceaccount',
  'aws:sourcearn',
  'aws:sourceowner',
  'aws:sourceip',
  'aws:userid',
  's3:x-amz-server-side-encryption-aws-kms-key-id',
  's3:dataaccesspointarn',
  's3:dataaccesspointaccount',
]);
/** Operators that pin a key to the listed values (IfExists / ForAllValues pass when the key is absent). */
const POSITIVE = new Set(['StringEquals', 'StringEqualsIgnoreCase', 'StringLike', 'ArnEquals', 'ArnLike', 'IpAddress']);

/** True when the IPv4 / IPv6 CIDR is narrow enough to be a restriction (not broader than /8, /32 IPv6). */
export function narrowCidr(cidr: string): boolean {
  const [addr, bits] = cidr.split('/');
  const n = bits === undefined ? (addr.includes(':') ? 128 : 32) : Number(bits);
  if (!Number.isFinite(n)) return false;
  return addr.includes(':') ? n >= 32 : n >= 8;
}

/** True when one finding condition pins the caller to fixed values of a kind S3 lists. */
export function isPinning(c: FindingCondition): boolean {
  const key = c.key.toLowerCase();
  if (!PINNING_KEYS.has(key)) return false;
  const op = c.operator.includes(':') ? '' : c.operator; // ForAnyValue:/ForAllValues: qualified: not a single fixed value
  if (!POSITIVE.has(op)) return false;
  if (c.values.length === 0 || c.values.some(isVariableOrWildcardValue(key))) return false;
  if (key === 'aws:sourceip') return c.values.every(narrowCidr);
  if (key === 'aws:userid') return c.values.every((v) => !/^AROA[A-Z0-9]+:\*$/.test(v));
  return true;
}

function isVariableOrWildcardValue(key: string): (v: string) => boolean {
  // s3:DataAccessPointArn: "AP-name wildcard OK in bucket policies"
  if (key === 's3:dataaccesspointarn')
    return (v) => v.includes('${') || /[*?]/.test(v.split(':').slice(0, 5).join(':'));
  return isVariableOrWildcard;
}

/** True when some condition keeps the grant out of "public". */
export function isPinned(conditions: FindingCondition[]): boolean {
  return conditions.some(isPinning);
}

const SOURCE_KEYS = new Set(['aws:sourceaccount', 'aws:sourcearn', 'aws:sourceowner']);

/**
 * For a service-principal grant: the accounts `aws:SourceAccount` / `aws:SourceArn` / `aws:SourceOwner`
 * pin it to, or undefined when it is not pinned to fixed accounts (a confused-deputy risk).
 * IAM: "use the aws:SourceArn and aws:SourceAccount global condition context keys in resource-based
 * policies to limit the permissions that the service gives another service to the resource".
 */
export function pinnedSourceAccounts(conditions: FindingCondition[]): string[] | undefined {
  // Conditions combine with AND: each one that names fixed accounts narrows the set; one that leaves the account
  // open (a SourceArn of a resource whose ARN has no account, `arn:aws:s3:::logs-*`, or a wildcard account) narrows
  // nothing, and does not undo another's pin (a SourceArn pattern with SourceAccount pinned to the owner is the owner).
  let accounts: string[] | undefined;
  for (const c of conditions) {
    const key = c.key.toLowerCase();
    if (!SOURCE_KEYS.has(key) || !POSITIVE.has(c.operator)) continue;
    const found: string[] = [];
    let open = false;
    for (const v of c.values) {
      const acct = key === 'aws:sourcearn' ? arnAccount(v) : v;
      if (!acct || !isAccountId(acct)) open = true;
      else found.push(acct);
    }
    if (open) continue;
    accounts = accounts ? accounts.filter((a) => found.includes(a)) : found;
  }
  return accounts;
}

/** Access class of a service grant pinned to these accounts: the widest of them, or `inside`. */
export function pinnedAccess(zone: Zone, accounts: string[]): AccessClass | 'inside' {
  const order: Array<AccessClass | 'inside'> = ['external', 'trusted-external', 'org', 'inside'];
  let best: AccessClass | 'inside' = 'inside';
  for (const a of accounts) {
    const acc = accountAccess(zone, a);
    if (order.indexOf(acc) < order.indexOf(best)) best = acc;
  }
  return best;
}

/**
 * The organisation a service grant is pinned to by `aws:SourceOrgID` (one fixed value), if any. IAM:
 * aws:SourceOrgID is "the organization ID of the resource that is making a service-to-service request".
 */
export function pinnedSourceOrg(conditions: FindingCondition[]): string | undefined {
  for (const c of conditions) {
    if (c.key.toLowerCase() === 'aws:sourceorgpaths') {
      const org = pathsOrg(c);
      if (org !== undefined) return org;
      continue;
    }
    if (c.key.toLowerCase() !== 'aws:sourceorgid' || !POSITIVE.has(c.operator)) continue;
    if (c.values.length === 1 && !isVariableOrWildcard(c.values[0]!)) return c.values[0];
  }
  return undefined;
}

/**
 * True when a service pinned to our organisation acts only for accounts of trusted OUs: the zone trusts the whole
 * organisation, or every `aws:SourceOrgPaths` value of a pin lies under a trusted OU path.
 */
export function sourcePathsTrusted(conditions: FindingCondition[], zone: Zone): boolean {
  const trusted = zone.trustedOuPaths ?? [];
  if (trusted.length === 0) return true;
  return conditions.some(
    (c) =>
      c.key.toLowerCase() === 'aws:sourceorgpaths' &&
      pathsOrg(c) !== undefined &&
      c.values.every((v) => trusted.some((t) => v.startsWith(t) && !/[*?]/.test(t))),
  );
}

const PATH_OPERATORS = new Set(['StringEquals', 'StringLike', 'ForAnyValue:StringEquals', 'ForAnyValue:StringLike']);

/**
 * The one organisation every value of an `aws:SourceOrgPaths` pin lies under (`o-abc/r-1/ou-2/*`), if any. Services
 * docs: "Use aws:SourceOrgPaths to associate any resource from accounts within an AWS Organizations path with the
 * cross-service use"; a path begins with its organisation id, so a value whose id part is fixed pins to that
 * organisation (IAM: "Organization IDs are globally unique"). `ForAllValues:` is true for an absent key: no pin.
 */
function pathsOrg(c: FindingCondition): string | undefined {
  if (!PATH_OPERATORS.has(c.operator) || c.values.length === 0) return undefined;
  const orgs = new Set(c.values.map((v) => v.split('/')[0]!));
  const [org] = [...orgs];
  if (orgs.size !== 1 || !/^o-[a-z0-9]{10,32}$/.test(org!) || c.values.some((v) => !v.includes('/'))) return undefined;
  return org;
}
