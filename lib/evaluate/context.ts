/**
 * Request context lookup: keys compare case-insensitively, and the keys that follow from the
 * principal are derived unless the request gives them.
 *
 * IAM global condition keys:
 * - aws:PrincipalArn: "For IAM roles, the request context returns the ARN of the role, not the ARN
 *   of the user that assumed the role." (an assumed-role session -> `arn:aws:iam::A:role/R`; the
 *   session ARN has no role path, so the derived ARN has none either: give the key to be exact)
 * - aws:PrincipalAccount: the account of the principal. "For anonymous requests, the request context returns
 *   anonymous"; "This key is included in the request context for all requests, including anonymous requests" (IAM
 *   global condition keys): an anonymous caller carries the literal `anonymous`, so `StringLike aws:PrincipalAccount *`
 *   lets it in (and `StringEquals aws:PrincipalAccount 111122223333` does not). Decision recorded in docs/design.md.
 * - aws:PrincipalType: `Account` (root), `User`, `FederatedUser`, `AssumedRole`, `Anonymous`.
 * - aws:username: only for IAM users. aws:userid: the account id for the root user, absent for anonymous
 *   callers ("Anonymous requests do not include this key"); unique ids (AIDA..., AROA...:session) are not derivable.
 * - aws:PrincipalIsAWSService: `true` for service principals, `false` for other signed requests.
 * - aws:PrincipalServiceName: the service principal's name.
 * - aws:PrincipalServiceNamesList: "This key is present in the request when the call is made by an AWS service
 *   principal. This key is not present in any other situation"; it holds "all service principal names associated
 *   with the Regional instance of the service" - derived as the one name the caller is (our choice: the Regional
 *   names are not known offline; give the key to be exact).
 */
import { parseArn } from './arn.js';
import type { CallerPrincipal, ContextValue, Request } from './types.js';

/** What an assumed-role / user / root ARN says about the caller. */
export interface CallerInfo {
  account?: string;
  principalArn?: string;
  type?: 'Account' | 'User' | 'FederatedUser' | 'AssumedRole' | 'Anonymous';
  username?: string;
  userid?: string;
  roleName?: string;
}

const INFO = new WeakMap<CallerPrincipal, CallerInfo>();

/** Derives what the principal's ARN tells (see the module comment). Treat principals as immutable. */
export function callerInfo(principal: CallerPrincipal): CallerInfo {
  let info = INFO.get(principal);
  if (!info) {
    info = deriveCallerInfo(principal);
    INFO.set(principal, info);
  }
  return info;
}

function deriveCallerInfo(principal: CallerPrincipal): CallerInfo {
  // IAM (aws:userid): "This key is included in the request context for all signed requests. Anonymous requests
  // do not include this key."
  if (principal.kind === 'anonymous') return { type: 'Anonymous' };
  if (principal.kind === 'service') return {};
  const arn = parseArn(principal.arn);
  if (!arn) return { principalArn: principal.arn };
  const account = arn.account;
  const res = arn.resource;
  if (arn.service === 'iam' && res === 'root')
    return { account, principalArn: principal.arn, type: 'Account', userid: account };
  if (arn.service === 'iam' && res.startsWith('user/')) {
    return { account, principalArn: principal.arn, type: 'User', username: res.slice(res.lastIndexOf('/') + 1) };
  }
  if (arn.service === 'iam' && res.startsWith('role/')) {
    return { account, principalArn: principal.arn, type: 'AssumedRole', roleName: res.slice(res.lastIndexOf('/') + 1) };
  }
  if (arn.service === 'sts' && res.startsWith('assumed-role/')) {
    const roleName = res.split('/')[1] ?? '';
    return {
      account,
      principalArn: `arn:${arn.partition}:iam::${account}:role/${roleName}`,
      type: 'AssumedRole',
      roleName,
    };
  }
  if (arn.service === 'sts' && res.startsWith('federated-user/'))
    return { account, principalArn: principal.arn, type: 'FederatedUser' };
  return { account, principalArn: principal.arn };
}

function derived(request: Request, lowerKey: string): ContextValue | undefined {
  const p = request.principal;
  switch (lowerKey) {
    case 'aws:principalarn':
      return callerInfo(p).principalArn;
    case 'aws:principalaccount':
      return p.kind === 'anonymous' ? 'anonymous' : callerInfo(p).account;
    case 'aws:principaltype':
      return callerInfo(p).type;
    case 'aws:username':
      return callerInfo(p).username;
    case 'aws:userid':
      return callerInfo(p).userid;
    case 'aws:principalisawsservice':
      return p.kind === 'service' ? 'true' : p.kind === 'aws' ? 'false' : undefined;
    case 'aws:principalservicename':
      return p.kind === 'service' ? p.service : undefined;
    case 'aws:principalservicenameslist':
      return p.kind === 'service' ? [p.service] : undefined;
    default:
      return undefined;
  }
}

/** The context value of `key` (case-insensitive), derived from the principal when not given. */
export function contextValue(request: Request, key: string): ContextValue | undefined {
  const ctx = request.context;
  if (Object.hasOwn(ctx, key)) return ctx[key];
  const lower = key.toLowerCase();
  for (const k in ctx) {
    if (k.length === key.length && Object.hasOwn(ctx, k) && k.toLowerCase() === lower) return ctx[k];
  }
  return derived(request, lower);
}
