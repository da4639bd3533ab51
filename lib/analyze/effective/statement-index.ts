/**
 * The index of identity Allow statements by the service their actions name, so that a resource meets only the
 * principals whose policies could grant something on it: the matrix scales with the permissions that exist, not
 * with principals x resources. A role with no S3 or ECR statement is never looked at for a bucket or repository.
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

/** Service prefix (`ecr`, `s3`, `*` for wildcard services and NotAction) -> Allow statements. */
export class StatementIndex {
  private readonly byService = new Map<string, Entry[]>();

  constructor(principals: PreparedPrincipal[]) {
    for (const principal of principals) {
      for (const { policy } of principal.identity) {
        for (const statement of policy.statements) {
          if (statement.effect !== 'Allow') continue;
          for (const service of servicesOf(statement)) this.add(service, { principal, statement });
        }
      }
    }
  }

  private add(service: string, e: Entry): void {
    const list = this.byService.get(service);
    if (!list) this.byService.set(service, [e]);
    else if (list[list.length - 1] !== e) list.push(e);
  }

  /** The principals with an identity Allow that could match an action of the resource's levels on it. */
  candidates(resource: MatrixResource): Set<PreparedPrincipal> {
    const out = new Set<PreparedPrincipal>();
    const actions = actionsOf(resource.type);
    for (const key of [serviceOf(resource.type), '*']) {
      for (const e of this.byService.get(key) ?? []) {
        if (out.has(e.principal)) continue;
        if (couldMatchAction(e.statement, actions) && couldMatchResource(e.statement, resource)) out.add(e.principal);
      }
    }
    return out;
  }
}

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
    if (exact && (v.toLowerCase() === arn || (resource.type === 's3-bucket' && v.toLowerCase().startsWith(objects)))) return true;
    if (!exact && (arn.startsWith(prefix) || (resource.type === 's3-bucket' && (objects.startsWith(prefix) || prefix.startsWith(objects))))) return true;
  }
  return false;
}
