/**
 * `access-matrix.csv` (pure): one line per resource, level and principal (resource, level, principal, via,
 * conditions, ...), then one line per gap of the matrix, so a resource with no line is never read as "nobody" when a
 * gap names it or the organisation. Same quoting and formula defusing as findings.csv.
 */
import type { AccessMatrix } from '../model/access-matrix.js';
import { csvText } from './render-csv.js';

export const MATRIX_COLUMNS = [
  'resource', 'level', 'principal', 'principal_kind', 'principal_account', 'resource_account', 'via', 'actions', 'conditions',
  'may_be_restricted_by', 'statements', 'witness_principal', 'witness_action', 'witness_resource', 'witness_context', 'verified',
] as const;

/** The CSV text of a matrix, rows sorted by resource, level and principal. */
export function renderMatrixCsv(matrix: AccessMatrix): string {
  const rows = [...matrix.rows].sort((a, b) => (a.resource + a.level + a.principal < b.resource + b.level + b.principal ? -1 : 1));
  const lines: Array<Array<string | boolean>> = [[...MATRIX_COLUMNS]];
  for (const r of rows) {
    lines.push([
      r.resource, r.level, r.principal, r.principalKind, r.principalAccount, r.resourceAccount, r.via, r.actions.join(' '), r.conditions.join(' AND '),
      r.mayBeRestrictedBy.join(' | '), r.statements.join(' | '), r.witness.principal, r.witness.action, r.witness.resource, JSON.stringify(r.witness.context), r.verified,
    ]);
  }
  for (const g of matrix.gaps) lines.push([g.subject, 'GAP', '', '', '', '', '', '', g.reason, '', '', '', '', '', '', false]);
  return csvText(lines);
}
