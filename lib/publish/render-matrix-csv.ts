/**
 * `access-matrix.csv` (pure): one line per resource, level and principal (resource, level, principal, via,
 * conditions, ...; `resource_type` and, for an access point, the `readings` of its bucket leg the witness is allowed
 * under), then one `GROUP` line per class of root users some row stands for, then one line per gap of the matrix, so a resource with no line is never read as "nobody" when a
 * gap names it or the organisation. Same quoting and formula defusing as findings.csv.
 */
import type { AccessMatrix, AccessRow, MatrixGap, RootGroupList } from '../model/access-matrix.js';
import { csvText } from './render-csv.js';

export const MATRIX_COLUMNS = [
  'resource',
  'level',
  'principal',
  'principal_kind',
  'principal_account',
  'resource_account',
  'via',
  'actions',
  'conditions',
  'may_be_restricted_by',
  'statements',
  'witness_principal',
  'witness_action',
  'witness_resource',
  'witness_context',
  'verified',
  'resource_type',
  'readings',
] as const;

type Cells = Array<string | boolean>;

/** Rows in the file's order: by resource, level and principal. */
export function sortRows(rows: AccessRow[]): AccessRow[] {
  return [...rows].sort((a, b) => (a.resource + a.level + a.principal < b.resource + b.level + b.principal ? -1 : 1));
}

/** The CSV text of some rows (no header), in the order given. */
export function matrixRowsCsv(rows: AccessRow[]): string {
  if (rows.length === 0) return '';
  return csvText(
    rows.map(
      (r): Cells => [
        r.resource,
        r.level,
        r.principal,
        r.principalKind,
        r.principalAccount,
        r.resourceAccount,
        r.via,
        r.actions.join(' '),
        r.conditions.join(' AND '),
        r.mayBeRestrictedBy.join(' | '),
        r.statements.join(' | '),
        r.witness.principal,
        r.witness.action,
        r.witness.resource,
        JSON.stringify(r.witness.context),
        r.verified,
        r.resourceType,
        (r.readings ?? []).join(' '),
      ],
    ),
  );
}

/** The header line. */
export function matrixHeaderCsv(): string {
  return csvText([[...MATRIX_COLUMNS]]);
}

/** The gap lines (`GAP` in the level column, the reason in the conditions column). */
export function matrixGapsCsv(gaps: MatrixGap[]): string {
  if (gaps.length === 0) return '';
  return csvText(
    gaps.map((g): Cells => [g.subject, 'GAP', '', '', '', '', '', '', g.reason, '', '', '', '', '', '', false, '', '']),
  );
}

/**
 * The classes of root users (`GROUP` in the level column, the class's account ids in the conditions column): a row
 * whose principal is `root-users:ID` holds for the root user of each of these accounts. Grepping an account id finds
 * its class here, and grepping the class finds its rows.
 */
export function matrixGroupsCsv(groups: RootGroupList): string {
  if (groups.length === 0) return '';
  return csvText(
    groups.map(
      (g): Cells => [
        `root-users:${g.id}`,
        'GROUP',
        '',
        'root',
        '',
        '',
        '',
        '',
        g.accounts.join(' '),
        '',
        '',
        '',
        '',
        '',
        '',
        false,
        '',
        '',
      ],
    ),
  );
}

/** The CSV text of a matrix, rows sorted by resource, level and principal. */
export function renderMatrixCsv(matrix: AccessMatrix): string {
  return (
    matrixHeaderCsv() +
    matrixRowsCsv(sortRows(matrix.rows)) +
    matrixGroupsCsv(matrix.rootGroups ?? []) +
    matrixGapsCsv(matrix.gaps)
  );
}
