/**
 * Turns a proven (or unproven) outcome into a matrix row: which statements grant it, by which route, under which
 * conditions, and which uncertain Denies may still restrict it.
 */
import type { AuthorizeResult, StatementMatch } from '../../evaluate/types.js';
import type { AccessLevel, AccessRow, MatrixResource } from '../../model/access-matrix.js';
import type { Condition } from '../../policy/types.js';
import type { ActionOutcome } from './decide.js';
import type { PreparedPrincipal } from './org.js';

/** The source of a statement of a decision, as rows name it (`inline:ci Push`, `resource-policy statement 0`). */
export function source(m: StatementMatch, p: PreparedPrincipal): string {
  const st = m.statement.sid ? m.statement.sid : `statement ${m.statement.index}`;
  const id = /^identity\[(\d+)\]$/.exec(m.policy);
  if (id) return `${p.identity[Number(id[1])]?.source ?? m.policy} ${st}`;
  if (m.policy === 'resource') return `resource-policy ${st}`;
  return `${m.policy} ${st}`;
}

function formatCondition(c: Condition): string {
  return `${c.operator} ${c.key} = ${c.values.join('|')}`;
}

function via(deciding: StatementMatch[], p: PreparedPrincipal): string {
  if (p.kind === 'root') return deciding.some((m) => m.policy === 'resource') ? 'root+resource' : 'root';
  const id = deciding.some((m) => m.policy.startsWith('identity['));
  const res = deciding.some((m) => m.policy === 'resource');
  return id && res ? 'identity+resource' : res ? 'resource' : 'identity';
}

/** The conditions of the deciding statements that the principal does not fix. */
export function conditionsOf(deciding: StatementMatch[], p: PreparedPrincipal): string[] {
  const out = new Set<string>();
  for (const m of deciding) {
    for (const c of m.statement.conditions) {
      const key = c.key.toLowerCase();
      const fixed = key in p.fixed && typeof p.fixed[key] !== 'object';
      if (!fixed || (p.kind === 'role' && key.startsWith('aws:principaltag/'))) out.add(formatCondition(c));
    }
  }
  return [...out];
}

/** The Denies of `tri` whose conditions are not known, as `SOURCE: CONDITIONS`. */
export function restrictions(tri: AuthorizeResult, p: PreparedPrincipal): string[] {
  const out = new Set<string>();
  for (const m of tri.trace) {
    if (m.matches !== 'unknown' || m.statement.effect !== 'Deny') continue;
    out.add(
      `${source(m, p)}: ${m.conditions
        .filter((c) => c.result === 'unknown')
        .map((c) => formatCondition(c.condition))
        .join(' AND ')}`,
    );
  }
  return [...out];
}

/** The fields of a row that name the resource, the level, the principal and the actions. */
export function rowBase(
  resource: MatrixResource,
  level: AccessLevel,
  p: PreparedPrincipal,
  actions: string[],
): Pick<
  AccessRow,
  | 'resource'
  | 'resourceType'
  | 'resourceAccount'
  | 'level'
  | 'principal'
  | 'principalKind'
  | 'principalAccount'
  | 'actions'
> {
  return {
    resource: resource.arn,
    resourceType: resource.type,
    resourceAccount: resource.account,
    level,
    principal: p.arn,
    principalKind: p.kind,
    principalAccount: p.account,
    actions,
  };
}

/** The row of `p` at `level` on `resource`, from the first allowed action's outcome and every allowed action. */
export function rowOf(
  resource: MatrixResource,
  level: AccessLevel,
  p: PreparedPrincipal,
  actions: string[],
  outcome: Exclude<ActionOutcome, { kind: 'no' }>,
): AccessRow {
  const request = outcome.kind === 'proven' ? outcome.witness.request : outcome.request;
  const deciding =
    outcome.kind === 'proven'
      ? (outcome.witness.result.deciding ?? [])
      : outcome.tri.trace.filter((m) => m.statement.effect === 'Allow' && m.matches !== 'false');
  const context = outcome.kind === 'proven' ? outcome.witness.context : {};
  return {
    ...rowBase(resource, level, p, actions),
    via: via(deciding, p),
    statements: deciding.map((m) => source(m, p)),
    conditions: conditionsOf(deciding, p),
    mayBeRestrictedBy: restrictions(outcome.tri, p),
    witness: { principal: p.caller, action: request.action, resource: request.resource, context },
    verified: outcome.kind === 'proven',
  };
}
