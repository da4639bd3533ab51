/**
 * What a resource policy could admit, read from its Principal elements (conditions ignored: an over-approximation,
 * the exact decision is authorize()'s): which accounts could be granted cross-account (their principals still need
 * an identity Allow), and which principals of the owner account it could grant directly.
 */
import { actionMatches } from '../../evaluate/statement.js';
import type { Policy, Statement } from '../../policy/types.js';
import { actionsOf } from './levels.js';
import type { MatrixResource } from '../../model/access-matrix.js';

/** The reach of a resource policy. */
export interface ResourceReach {
  /** Every account could be admitted (`*`, NotPrincipal, a pattern). */
  anyAccount: boolean;
  /** Accounts named (by id, root ARN or a principal ARN). */
  accounts: Set<string>;
  /** Every principal of the owner account could be granted directly (`*`, NotPrincipal). */
  anyOwnerPrincipal: boolean;
  /** Principal ARNs named directly (lower-case; roles stand for their sessions). */
  named: Set<string>;
}

const ACCOUNT_ID = /^\d{12}$/;

function allows(st: Statement, actions: string[]): boolean {
  return (
    st.effect === 'Allow' && actions.some((a) => actionMatches(st.action.values, a) === (st.action.kind === 'Action'))
  );
}

/** Is `principal` (role, user) named in `reach` by its ARN or one of its session ARNs? Compared by account and name. */
export function namedIn(reach: ResourceReach, account: string, kind: string, name: string): boolean {
  const n = name.toLowerCase();
  for (const v of reach.named) {
    const parts = v.split(':');
    if (parts[4] !== account) continue;
    const res = parts.slice(5).join(':');
    if (
      kind === 'role' &&
      ((res.startsWith('role/') && res.slice(res.lastIndexOf('/') + 1) === n) || res.startsWith(`assumed-role/${n}/`))
    )
      return true;
    if (kind === 'user' && res.startsWith('user/') && res.slice(res.lastIndexOf('/') + 1) === n) return true;
  }
  return false;
}

/** The reach of `policy` for the level actions of `resource`. */
export function resourceReach(policy: Policy | undefined, resource: MatrixResource): ResourceReach {
  const reach: ResourceReach = { anyAccount: false, accounts: new Set(), anyOwnerPrincipal: false, named: new Set() };
  if (!policy) return reach;
  const actions = actionsOf(resource.type);
  for (const st of policy.statements) {
    if (!allows(st, actions) || !st.principal) continue;
    if (st.principal.kind === 'NotPrincipal') {
      reach.anyAccount = true;
      reach.anyOwnerPrincipal = true;
      continue;
    }
    for (const v of st.principal.values) {
      if (v.type === '*' || (v.type === 'AWS' && v.value === '*')) {
        reach.anyAccount = true;
        reach.anyOwnerPrincipal = true;
      } else if (v.type === 'AWS') addAws(reach, v.value);
      else if (v.type === 'CanonicalUser' || v.type === 'Federated') reach.anyAccount = true;
    }
  }
  return reach;
}

function addAws(reach: ResourceReach, value: string): void {
  if (ACCOUNT_ID.test(value)) {
    reach.accounts.add(value);
    return;
  }
  const parts = value.split(':');
  const account = parts[4] ?? '';
  if (!ACCOUNT_ID.test(account)) {
    // A unique id (AROA..., AIDA...) or something unparsable: it could be anyone's.
    reach.anyAccount = true;
    reach.anyOwnerPrincipal = true;
    return;
  }
  reach.accounts.add(account);
  if (parts[5] !== 'root') reach.named.add(value.toLowerCase());
}
