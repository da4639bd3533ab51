/**
 * Which identity stands for "a principal of account A" (another principal of a named account, an unnamed member,
 * an unnamed outsider). IAM: aws:PrincipalArn is the ARN of the role, user or root that made the request ("For IAM
 * roles, the request context returns the ARN of the role"), and aws:PrincipalType is `Account`, `User`,
 * `FederatedUser` or `AssumedRole`. A condition on either tells identities of one account apart
 * (`ArnNotLike aws:PrincipalArn arn:aws:iam::A:role/*` admits A's users and not its roles), so one role cannot stand
 * for all of them (nor when `aws:username` is read: only IAM users carry it): every kind of identity, and an instance of each ARN pattern the conditions name, is a candidate,
 * and one candidate is kept per signature (which of the condition values it matches).
 */
import { arnMatches, callerInfo, wildcardMatches } from '../evaluate/index.js';
import { instantiate } from './labels.js';
import type { TaggedStatement } from './types.js';

interface IdentityValues {
  arns: string[];
  types: string[];
  /** `aws:username` is read (a condition or a variable): IAM users carry it, roles and root users do not. */
  username: boolean;
}

const VALUES = new WeakMap<TaggedStatement[], IdentityValues>();

/** The identity values of a statement list (read once per list: every class of a policy asks). */
function identityValues(statements: TaggedStatement[]): IdentityValues {
  let v = VALUES.get(statements);
  if (!v) VALUES.set(statements, (v = readIdentityValues(statements)));
  return v;
}

function readIdentityValues(statements: TaggedStatement[]): IdentityValues {
  const out: IdentityValues = { arns: [], types: [], username: false };
  for (const { statement } of statements) {
    const texts = [...(statement.resource?.values ?? []), ...statement.conditions.flatMap((c) => [c.key, ...c.values])];
    if (texts.some((t) => t.toLowerCase().includes('aws:username'))) out.username = true;
    for (const c of statement.conditions) {
      const key = c.key.toLowerCase();
      for (const v of c.values) {
        if (v.includes('${')) continue;
        if (key === 'aws:principalarn' && !out.arns.includes(v)) out.arns.push(v);
        if (key === 'aws:principaltype' && !out.types.includes(v)) out.types.push(v);
      }
    }
  }
  return out;
}

function signature(arn: string, values: IdentityValues): string {
  const info = callerInfo({ kind: 'aws', arn });
  const principalArn = info.principalArn ?? arn;
  const arns = values.arns.map(
    (v) =>
      `${arnMatches(v, principalArn) ? 1 : 0}${wildcardMatches(v, principalArn) ? 1 : 0}${v.toLowerCase() === principalArn.toLowerCase() ? 1 : 0}`,
  );
  const types = values.types.map((t) => (t.toLowerCase() === (info.type ?? '').toLowerCase() ? '1' : '0'));
  return `${arns.join('')}|${types.join('')}|${values.username && info.username !== undefined ? 1 : 0}`;
}

/**
 * Caller ARNs standing for the identities of `account` (the first is `role/<name>`); `withRoot`: the root user is
 * a candidate too (it has no class of its own for an unnamed account). Other candidates that a named principal ARN
 * (pattern) matches are left out: that identity is the named class's, reported once.
 */
export function identityCallers(
  partition: string,
  account: string,
  name: string,
  statements: TaggedStatement[],
  withRoot: boolean,
  namedArns: Iterable<string> = [],
): string[] {
  const values = identityValues(statements);
  const role = `arn:${partition}:iam::${account}:role/${name}`;
  if (values.arns.length === 0 && values.types.length === 0 && !values.username) return [role];
  const candidates = [
    role,
    `arn:${partition}:iam::${account}:user/${name}`,
    `arn:${partition}:sts::${account}:federated-user/${name}`,
  ];
  if (withRoot) candidates.push(`arn:${partition}:iam::${account}:root`);
  for (const v of values.arns) {
    const parts = v.split(':');
    if (parts.length < 6 || parts[0] !== 'arn' || !wildcardMatches(parts[4]!, account)) continue;
    parts[4] = account;
    for (const fill of ['zz', '']) {
      const inst = instantiate(parts.join(':'), fill);
      if (/^arn:[^:]+:iam::\d{12}:(role|user)\/./.test(inst)) candidates.push(inst);
    }
  }
  const named = [...namedArns].map((a) => a.toLowerCase());
  const seen = new Set<string>();
  return candidates.filter((arn, i) => {
    if (i > 0 && named.some((n) => wildcardMatches(n, arn.toLowerCase()))) return false;
    const sig = signature(arn, values);
    if (seen.has(sig)) return false;
    seen.add(sig);
    return true;
  });
}
