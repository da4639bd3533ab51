/**
 * Who a finding is about, in plain words: "anyone, including anonymous callers", "any account outside the
 * organisation", "account 444455556666". Built from the principal classes of the analysis and the values the
 * policies named, never from a witness (whose principal is an invented stand-in for a class).
 */
import type { AccessClass, Finding, PrincipalClassKind } from '../model/finding.js';

/** One caller kind a grant reaches (a folded member, or the finding itself). */
export interface Reach {
  class: PrincipalClassKind;
  value: string;
  access: AccessClass;
}

const ACCOUNT = /^\d{12}$/;
const ROOT = /^arn:[^:]+:iam::(\d{12}):root$/;
const IAM = /^arn:[^:]+:iam::([^:]*):(role|user|assumed-role|federated-user|group)\/(.+)$/;

/** Words for a member-account class value (`org:o-abc`, `org:o-abc:outside-trusted-ous`, `ou:<path>`). */
function memberWords(value: string): string {
  if (value.startsWith('ou:')) return `any account of the organisation under OU path ${value.slice(3)}`;
  if (value.endsWith(':outside-trusted-ous')) return 'any account of the organisation outside the trusted OUs';
  return 'any account in the organisation';
}

/** Words for a principal value named in a policy (an account, a root user, a role or user ARN, a pattern). */
function namedWords(value: string, account?: string): string {
  if (ACCOUNT.test(value)) return `account ${value}`;
  const root = ROOT.exec(value);
  if (root) return `the root user of account ${root[1]}`;
  const iam = IAM.exec(value);
  if (iam && ACCOUNT.test(iam[1]) && !/[*?]/.test(iam[3]))
    return `${iam[2].replace('-', ' ')} ${iam[3]} in account ${iam[1]}`;
  if (value.startsWith('canonical:'))
    return `the S3 canonical user ${value.slice('canonical:'.length, 'canonical:'.length + 12)}…`;
  if (/[*?]/.test(value)) return `any principal matching ${value}`;
  return account ? `${value} (account ${account})` : value;
}

/** Classes that stand for callers of any account; one that names an account reaches them through its access points. */
const ANY_ACCOUNT = new Set<PrincipalClassKind>(['anonymous', 'unnamed-external-account', 'unnamed-member-account']);

/**
 * Words for one caller kind. A class of callers of any account that names an account is a grant delegated to that
 * account's access points (lib/analyze/finding-access.ts): S3 UG, "you can delegate access control from the bucket
 * policy to the access point policy", so that account decides who, up to the class the bucket policy admits.
 */
function reachWords(r: Reach, account?: string): string {
  if (account !== undefined && ANY_ACCOUNT.has(r.class))
    return `whoever the access points of account ${account} let in (${classWords(r)})`;
  return classWords(r, account);
}

/** Words for one caller kind, as the bucket or repository policy states it. */
function classWords(r: Reach, account?: string): string {
  switch (r.class) {
    case 'anonymous':
      if (r.value === 'AllUsers') return 'anyone, including anonymous callers (ACL grant to AllUsers)';
      if (r.value === 'AuthenticatedUsers') return 'anyone with an AWS account (ACL grant to AuthenticatedUsers)';
      return 'anyone, including anonymous callers';
    case 'unnamed-external-account':
      return 'any account outside the organisation';
    case 'unnamed-member-account':
      return memberWords(r.value);
    case 'other-principal-of-account':
      return `any principal of account ${r.value}`;
    case 'service':
      return `the AWS service ${r.value}`;
    case 'other-service':
      return 'any AWS service';
    case 'named-principal':
      return namedWords(r.value, account);
  }
}

/**
 * The label of a grant that reaches several caller kinds: the widest one says it all ("anyone" covers outsiders
 * and members); outsiders together with members read "any AWS account, inside or outside the organisation".
 */
export function labelOf(reach: Reach[], account?: string): string {
  const kinds = new Set(reach.map((r) => r.class));
  const anon = reach.find((r) => r.class === 'anonymous');
  if (anon) return reachWords(anon, account);
  if (kinds.has('unnamed-external-account') && kinds.has('unnamed-member-account')) {
    const words = 'any AWS account, inside or outside the organisation';
    return account === undefined ? words : `whoever the access points of account ${account} let in (${words})`;
  }
  if (
    reach.length <= 1 ||
    reach[0].class === 'unnamed-member-account' ||
    reach[0].class === 'unnamed-external-account'
  ) {
    return reach.length > 0 ? reachWords(reach[0], account) : 'nobody';
  }
  const words = reach.map((r) => reachWords(r, r.value === account ? account : undefined));
  return words.length > 3
    ? `${words.slice(0, 3).join(', ')} and ${words.length - 3} more`
    : `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

/** The plain-words principal of a finding (its fold label when set, else its own class and value). */
export function principalLabel(f: Pick<Finding, 'principal' | 'access'>): string {
  return (
    f.principal.label ??
    reachWords({ class: f.principal.class, value: f.principal.value, access: f.access }, f.principal.account)
  );
}
