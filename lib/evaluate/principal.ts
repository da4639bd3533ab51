/**
 * Principal / NotPrincipal matching.
 *
 * IAM ("AWS JSON policy elements: Principal"):
 * - `"Principal": "*"` and `{"AWS": "*"}` are equivalent: "everyone", including anonymous callers
 *   (we also let them match service principals).
 * - An account id or `arn:aws:iam::A:root`: "the account ... all identities in the account"; it
 *   matches any IAM identity of account A (never anonymous callers or services). Whether that
 *   grants by itself is decided in authorize.ts (same-account delegation).
 * - A role ARN: "When you specify an assumed-role session in a Principal element, ... you can use
 *   the role ARN": it matches the role's sessions `arn:aws:sts::A:assumed-role/R/S`. Session ARNs
 *   drop the role path, so we match on account + role name and ignore the path; role names are
 *   unique in an account ("Names are not distinguished by case"), so names compare
 *   case-insensitively. IAM user ARNs likewise (account + user name).
 * - An assumed-role session ARN or another ARN matches that exact caller ARN.
 * - Unique ids (`AIDA...`, `AROA...`): IAM stores them when the identity is later deleted. They match
 *   when the caller's `aws:userid` equals the id or starts with `id:` (role sessions); `aws:userid`
 *   UNKNOWN gives unknown, absent gives false.
 * - `Service`: the caller's service principal name (case-insensitive).
 * - `Federated`: the caller ARN or the `aws:FederatedProvider` context key equals the value.
 * - `CanonicalUser`: S3 ("Principals" of bucket policies): "Amazon S3 also supports a canonical user
 *   ID, which is an obfuscated form of the AWS account ID", and a CloudFront origin access identity
 *   is granted by "Principal":{"CanonicalUser":"Amazon S3 Canonical User ID assigned to origin
 *   access identity"}. It matches exactly the caller's `canonicalId`: true when equal, false
 *   when the caller's id is known and different, unknown when the request does not carry it (never
 *   silently false); false for service and anonymous callers. In a NotPrincipal list it counts as
 *   the identity link of the chain (like a role or user ARN).
 * - `NotPrincipal`: IAM: "When you use NotPrincipal with Deny ... you must also specify the account
 *   ARN of the not-denied principal ... If you specify the user's ARN without the account, the
 *   policy denies access to the account and thus the user." A request carries a chain of
 *   identities (account, then role or user, then session); the caller is excluded only when every
 *   link is listed: the account (id or root ARN) AND, unless the caller is the root user, the
 *   role/user (its ARN, a session ARN, or its unique id). `*` excludes everyone; a service is
 *   excluded by its Service entry; an anonymous caller only by `*`. (AWS's own example also lists
 *   the session ARN; as in `Principal`, we let the role ARN cover its sessions.)
 */
import type { PrincipalBlock, PrincipalValue } from '../policy/types.js';
import { parseArn } from './arn.js';
import { isUnknown } from './condition.js';
import { callerInfo, contextValue } from './context.js';
import { triAnd, triNot, triOr } from './tri.js';
import type { PrincipalVia, Request, Tri } from './types.js';

const ACCOUNT_ID = /^\d{12}$/;
const UNIQUE_ID = /^A(IDA|ROA|IPA|NPA|NVA|SIA|GPA)[A-Z0-9]+$/;

function lastSegment(s: string): string {
  return s.slice(s.lastIndexOf('/') + 1).toLowerCase();
}

/** Does one principal value name the caller? */
export function matchPrincipalValue(pv: PrincipalValue, request: Request): { result: Tri; via: PrincipalVia } {
  const caller = request.principal;
  const value = pv.value;
  if (pv.type === '*' || (pv.type === 'AWS' && value === '*')) return { result: 'true', via: 'wildcard' };
  if (pv.type === 'Service') {
    return {
      result: caller.kind === 'service' && caller.service.toLowerCase() === value.toLowerCase() ? 'true' : 'false',
      via: 'service',
    };
  }
  if (pv.type === 'CanonicalUser') {
    if (caller.kind !== 'aws') return { result: 'false', via: 'canonical-user' };
    if (caller.canonicalId === undefined) return { result: 'unknown', via: 'canonical-user' };
    return { result: caller.canonicalId === value ? 'true' : 'false', via: 'canonical-user' };
  }
  if (caller.kind !== 'aws') return { result: 'false', via: pv.type === 'AWS' ? 'arn' : 'federated' };
  if (pv.type === 'Federated') {
    const provider = contextValue(request, 'aws:FederatedProvider');
    return { result: caller.arn === value || provider === value ? 'true' : 'false', via: 'federated' };
  }
  const info = callerInfo(caller);
  if (ACCOUNT_ID.test(value)) return { result: info.account === value ? 'true' : 'false', via: 'account' };
  if (UNIQUE_ID.test(value)) {
    const userid = contextValue(request, 'aws:userid');
    if (isUnknown(userid)) return { result: 'unknown', via: 'unique-id' };
    const ok = typeof userid === 'string' && (userid === value || userid.startsWith(`${value}:`));
    return { result: ok ? 'true' : 'false', via: 'unique-id' };
  }
  const arn = parseArn(value);
  if (!arn) return { result: 'false', via: 'arn' };
  if (arn.service === 'iam' && arn.resource === 'root')
    return { result: info.account === arn.account ? 'true' : 'false', via: 'account' };
  if (arn.service === 'iam' && arn.resource.startsWith('role/')) {
    const ok =
      info.type === 'AssumedRole' &&
      info.account === arn.account &&
      (info.roleName ?? '').toLowerCase() === lastSegment(arn.resource);
    return { result: ok ? 'true' : 'false', via: 'arn' };
  }
  if (arn.service === 'iam' && arn.resource.startsWith('user/')) {
    const ok =
      info.type === 'User' &&
      info.account === arn.account &&
      (info.username ?? '').toLowerCase() === lastSegment(arn.resource);
    return { result: ok ? 'true' : 'false', via: 'arn' };
  }
  return { result: caller.arn === value ? 'true' : 'false', via: 'arn' };
}

/**
 * Matches a Principal / NotPrincipal block. Without a block the principal is implicit (identity
 * policies, SCPs): true, unless `requirePrincipal` (a resource policy statement must name one).
 */
export function matchPrincipal(
  block: PrincipalBlock | undefined,
  request: Request,
  requirePrincipal = false,
): { result: Tri; via: PrincipalVia } {
  if (!block) return { result: requirePrincipal ? 'false' : 'true', via: 'implicit' };
  let out: Tri = 'false';
  let via: PrincipalVia = 'arn';
  for (const pv of block.values) {
    const m = matchPrincipalValue(pv, request);
    if (m.result === 'true') {
      if (out !== 'true' || via === 'account') via = m.via;
      out = 'true';
      // INVARIANT: a direct grant (wildcard, ARN) beats an account-level one for delegation.
      if (m.via !== 'account') break;
    } else if (out !== 'true' && (m.result === 'unknown' || out === 'false')) {
      out = m.result;
      via = m.via;
    }
  }
  if (block.kind === 'NotPrincipal') return { result: triNot(excluded(block, request)), via: 'not-principal' };
  return { result: out, via };
}

/** Is the caller excluded by a NotPrincipal list (every link of its identity chain listed)? */
function excluded(block: PrincipalBlock, request: Request): Tri {
  let account: Tri = 'false';
  let identity: Tri = 'false';
  for (const pv of block.values) {
    const m = matchPrincipalValue(pv, request);
    if (m.via === 'wildcard' || m.via === 'service') {
      if (m.result === 'true') return 'true';
    } else if (m.via === 'account') account = triOr(account, m.result);
    else identity = triOr(identity, m.result);
  }
  const caller = request.principal;
  const isRoot = caller.kind === 'aws' && callerInfo(caller).type === 'Account';
  return triAnd(account, isRoot ? 'true' : identity);
}
