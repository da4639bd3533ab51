/**
 * The root users of the organisation, grouped by the policies that decide their requests, so that a resource policy
 * that admits every account (`Principal: *` with aws:PrincipalOrgID) costs one evaluation per distinct case instead
 * of one per account (a 1,000-account organisation with 22,000 such resources is 22 million root evaluations).
 *
 * Why one evaluation stands for the class: a root user's request is decided by its identity ("all requests are
 * implicitly denied with the exception of the AWS account root user, which has full access", the same for every
 * root), its account's SCPs (Organizations: "SCPs affect ... the root user of member accounts"; every SCP from the
 * root to the account must allow; none for the management account), the resource owner's RCPs and the resource
 * policy, and the request's keys. Two member accounts whose SCP chains are equal, for a resource whose policies
 * name no principal but `*`, test none of the keys that differ between accounts (aws:PrincipalAccount,
 * aws:PrincipalArn, aws:userid, aws:PrincipalOrgPaths) and use no policy variable, get the same decision for every
 * request: the class's representative (a member other than the resource owner) is evaluated, its rows stand for every
 * member. The owner's root is still evaluated on its own (its own resource: it needs no Allow).
 */
import type { Policy, Statement } from '../../policy/types.js';
import type { PreparedOrg, PreparedPrincipal } from './org.js';

/** One class of root users: the accounts whose SCP chains are equal. */
export interface RootClass {
  /** `scp-` and a hash of the chain: stable from run to run while the SCPs are. */
  id: string;
  /** Account ids, sorted (one array shared by every row of the class). */
  accounts: string[];
  /** False when the chain tests a key that differs between accounts: its roots are evaluated one by one. */
  groupable: boolean;
}

/** Context keys whose value differs between two accounts' root users. */
const ACCOUNT_KEYS = new Set(['aws:principalaccount', 'aws:principalarn', 'aws:userid', 'aws:principalorgpaths']);

/** FNV-1a, 32 bits, as hex (a stable class id; not a security hash). */
function hash(text: string): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** Does the statement test a key that differs between accounts, or use a policy variable? */
function accountSpecific(st: Statement): boolean {
  if (st.conditions.some((c) => ACCOUNT_KEYS.has(c.key.toLowerCase()))) return true;
  return JSON.stringify(st).includes('${');
}

const CLASSES = new WeakMap<PreparedOrg, Map<string, RootClass>>();

/** Account -> its root users' class (computed once per prepared organisation). */
function rootClasses(org: PreparedOrg): Map<string, RootClass> {
  const cached = CLASSES.get(org);
  if (cached) return cached;
  const byKey = new Map<string, RootClass>();
  const out = new Map<string, RootClass>();
  const accounts = org.principals.filter((p) => p.kind === 'root').map((p) => p.account);
  for (const account of [...accounts].sort()) {
    const levels = org.scps.get(account);
    const management = account === org.managementAccountId;
    const key = `${management ? 'management' : 'member'}\u0000${JSON.stringify((levels ?? []).map((l) => l.statements))}`;
    let c = byKey.get(key);
    if (!c) {
      const groupable = !(levels ?? []).some((l) => l.statements.some(accountSpecific));
      c = { id: `scp-${hash(key)}`, accounts: [], groupable };
      byKey.set(key, c);
    }
    c.accounts.push(account);
    out.set(account, c);
  }
  CLASSES.set(org, out);
  return out;
}

/** Can roots of different accounts share one evaluation under these resource-side policies? */
export function groupablePolicies(policies: Array<Policy | undefined>): boolean {
  for (const policy of policies) {
    for (const st of policy?.statements ?? []) {
      if (accountSpecific(st)) return false;
      const pr = st.principal;
      if (!pr) continue;
      if (pr.kind === 'NotPrincipal') return false;
      if (!pr.values.every((v) => v.type === '*' || (v.type === 'AWS' && v.value === '*'))) return false;
    }
  }
  return true;
}

/** A class of roots evaluated once, through `representative`. */
export interface RootGroup {
  rootClass: RootClass;
  representative: PreparedPrincipal;
}

/**
 * Splits the candidates of one resource: every non-root, the roots of `own` accounts (the resource's and, for an
 * access point, its bucket's) and the roots of classes that cannot be grouped are evaluated one by one; the other
 * roots by class (two or more members), through a member that is not an owner.
 */
export function splitRoots(
  org: PreparedOrg,
  candidates: Iterable<PreparedPrincipal>,
  own: ReadonlySet<string>,
  groupable: boolean,
): { single: PreparedPrincipal[]; groups: RootGroup[] } {
  const single: PreparedPrincipal[] = [];
  const byClass = new Map<RootClass, PreparedPrincipal[]>();
  const classes = rootClasses(org);
  for (const p of candidates) {
    const c = p.kind === 'root' && groupable && !own.has(p.account) ? classes.get(p.account) : undefined;
    if (!c?.groupable || c.accounts.length < 2) {
      single.push(p);
      continue;
    }
    const list = byClass.get(c);
    if (list) list.push(p);
    else byClass.set(c, [p]);
  }
  const groups: RootGroup[] = [];
  for (const [rootClass, members] of byClass) {
    // INVARIANT: a group stands for every member of its class; only when every non-owner member is a candidate.
    if (members.length < rootClass.accounts.filter((a) => !own.has(a)).length) single.push(...members);
    else groups.push({ rootClass, representative: members[0] as PreparedPrincipal });
  }
  return { single, groups };
}
