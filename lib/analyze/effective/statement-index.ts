/**
 * The index of identity Allow statements by the account of their principal, the service their actions name and the
 * literal prefix of their Resource patterns, so that a resource meets only the principals whose policies could grant
 * something on it: the matrix scales with the permissions that exist, not with principals x resources. A role with
 * no S3 or ECR statement is never looked at for a bucket or repository, and a statement naming one account's
 * repositories is never looked at for another account's.
 */
import { actionMatches } from '../../evaluate/statement.js';
import type { Statement } from '../../policy/types.js';
import { actionsOf, serviceOf } from './levels.js';
import type { PreparedPrincipal } from './org.js';
import type { MatrixResource } from '../../model/access-matrix.js';

interface Entry {
  principal: PreparedPrincipal;
  statement: Statement;
}

/** Marks the key of patterns whose literal prefix goes past a bucket's `arn/` (object patterns of one bucket). */
const OBJECTS = '\u0001';

/**
 * Account -> key -> Allow statements, where key is `service NUL prefix` (`*` for wildcard services and NotAction;
 * prefix: the lower-case literal text of a Resource pattern before its first wildcard or variable, empty for `*`,
 * NotResource and no Resource), or `service NUL OBJECTS bucket-arn` for a prefix that names a path inside a bucket.
 */
export class StatementIndex {
  private readonly byAccount = new Map<string, Map<string, Entry[]>>();

  constructor(principals: Iterable<PreparedPrincipal>) {
    for (const principal of principals) {
      for (const { policy } of principal.identity) {
        for (const statement of policy.statements) {
          if (statement.effect !== 'Allow') continue;
          for (const service of servicesOf(statement)) {
            for (const prefix of prefixesOf(statement))
              this.add(principal.account, keyOf(service, prefix), { principal, statement });
          }
        }
      }
    }
  }

  private add(account: string, key: string, e: Entry): void {
    let keys = this.byAccount.get(account);
    if (!keys) this.byAccount.set(account, (keys = new Map()));
    const list = keys.get(key);
    if (!list) keys.set(key, [e]);
    else if (list[list.length - 1] !== e) list.push(e);
  }

  /** Every account with an indexed statement. */
  accounts(): IterableIterator<string> {
    return this.byAccount.keys();
  }

  /**
   * The principals of `accounts` with an identity Allow that could match an action of the resource's levels on it.
   * Every key whose prefix could name the resource is looked up: each prefix of `arn/` (which covers `*`, the exact
   * ARN and the bucket's object patterns that end at the slash), and the object patterns of this bucket.
   */
  candidates(resource: MatrixResource, accounts: Iterable<string>): Set<PreparedPrincipal> {
    const out = new Set<PreparedPrincipal>();
    const actions = actionsOf(resource.type);
    const arn = resource.arn.toLowerCase();
    const objects = `${arn}/`;
    const keys: string[] = [];
    for (const service of [serviceOf(resource.type), '*']) {
      for (let i = 0; i <= objects.length; i++) keys.push(keyOf(service, objects.slice(0, i)));
      keys.push(keyOf(service, OBJECTS + arn));
    }
    for (const account of accounts) {
      const byKey = this.byAccount.get(account);
      if (!byKey) continue;
      for (const key of keys) {
        for (const e of byKey.get(key) ?? []) {
          if (out.has(e.principal)) continue;
          if (couldMatchAction(e.statement, actions) && couldMatchResource(e.statement, resource)) out.add(e.principal);
        }
      }
    }
    return out;
  }
}

const S3_BUCKET = /^arn:[^:]+:s3:::/;
/** An access point ARN followed by a path (`.../accesspoint/NAME/object/...`): group 1 is the access point ARN. */
const S3_ACCESS_POINT_PATH = /^(arn:[^:]+:s3:[^:]*:[^:]*:accesspoint\/[^/]+)\/./;
const keyOf = (service: string, prefix: string): string => `${service}\u0000${prefix}`;

function servicesOf(st: Statement): string[] {
  if (st.action.kind === 'NotAction') return ['*'];
  const out = new Set<string>();
  for (const v of st.action.values) {
    const colon = v.indexOf(':');
    const service = colon < 0 ? '*' : v.slice(0, colon).toLowerCase();
    out.add(/[*?]/.test(service) ? '*' : service);
  }
  return [...out];
}

/**
 * The index prefixes of a statement. INVARIANT: a bucket ARN (`arn:PARTITION:s3:::NAME`) has no `/`, so an S3 prefix
 * with a `/` before its end names a path inside the bucket whose ARN is the text before that first `/`; an access
 * point ARN (`arn:PARTITION:s3:REGION:ACCOUNT:accesspoint/NAME`) has one, and a prefix past its second names a path
 * inside that access point.
 */
function prefixesOf(st: Statement): string[] {
  if (!st.resource || st.resource.kind === 'NotResource') return [''];
  const out = new Set<string>();
  for (const v of st.resource.values) {
    const prefix = literalPrefix(v);
    const slash = prefix.indexOf('/');
    const ap = S3_ACCESS_POINT_PATH.exec(prefix);
    out.add(
      ap
        ? OBJECTS + ap[1]
        : S3_BUCKET.test(prefix) && slash >= 0 && slash < prefix.length - 1
          ? OBJECTS + prefix.slice(0, slash)
          : prefix,
    );
  }
  return [...out];
}

function couldMatchAction(st: Statement, actions: string[]): boolean {
  return actions.some((a) => actionMatches(st.action.values, a) === (st.action.kind === 'Action'));
}

/** The literal text of a pattern before its first wildcard or variable. */
function literalPrefix(pattern: string): string {
  const i = pattern.search(/[*?]|\$\{/);
  return (i < 0 ? pattern : pattern.slice(0, i)).toLowerCase();
}

/**
 * Could a Resource pattern name the resource (or, for a bucket, one of its objects)? Over-approximates (prefix test,
 * case-insensitive): the exact decision is authorize()'s. NotResource and a missing Resource always could.
 */
export function couldMatchResource(st: Statement, resource: MatrixResource): boolean {
  if (!st.resource || st.resource.kind === 'NotResource') return true;
  const arn = resource.arn.toLowerCase();
  const objects = `${arn}/`;
  for (const v of st.resource.values) {
    if (v === '*') return true;
    const prefix = literalPrefix(v);
    const exact = !/[*?]|\$\{/.test(v);
    // Buckets and access points have paths under their ARN (objects); repositories do not.
    const paths = resource.type !== 'ecr-repository';
    if (exact && (v.toLowerCase() === arn || (paths && v.toLowerCase().startsWith(objects)))) return true;
    if (!exact && (arn.startsWith(prefix) || (paths && (objects.startsWith(prefix) || prefix.startsWith(objects)))))
      return true;
  }
  return false;
}
