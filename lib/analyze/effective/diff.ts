/**
 * The run-to-run diff of the matrix that matters most: new writers. A (resource, level, principal) row of a writing
 * level (`push`, `write`, `manage`) that the previous matrix did not have, with what grants it now (the statements
 * of its witness), so the message can say "role ci-legacy in 333344445555 can now push to payments/api: inline
 * policy ...". A previous matrix that had a gap on the resource or the principal's account is not a baseline for
 * it: the row is then reported as "not known before" rather than "new".
 */
import type { AccessMatrix, AccessRow } from '../../model/access-matrix.js';

/** A writer that appeared since the previous run. */
export interface NewWriter {
  row: AccessRow;
  /** `new`, or `unknown-before` when the previous run could not judge it (a gap). */
  kind: 'new' | 'unknown-before';
}

const WRITING = new Set(['push', 'write', 'manage']);
/**
 * The (resource, level, principal) keys of a row; a row of a class of root users has one per member's root, so that
 * a class whose id changes (an SCP edited) names no writer that already was one, and a new member is a new writer.
 */
const keys = (r: AccessRow): string[] =>
  r.rootGroup
    ? r.rootGroup.accounts.map(
        (a) => `${r.resource}\u0000${r.level}\u0000arn:${r.resource.split(':')[1]}:iam::${a}:root`,
      )
    : [`${r.resource}\u0000${r.level}\u0000${r.principal}`];

/** The writers of `current` that `previous` did not have (every writer when there is no previous matrix). */
export function newWriters(previous: AccessMatrix | null, current: AccessMatrix): NewWriter[] {
  const before = new Set((previous?.rows ?? []).flatMap(keys));
  const gapped = new Set((previous?.gaps ?? []).map((g) => g.subject));
  const out: NewWriter[] = [];
  for (const r of current.rows) {
    if (!WRITING.has(r.level) || keys(r).every((k) => before.has(k))) continue;
    const unknown =
      previous !== null &&
      (gapped.has(r.resource) ||
        gapped.has(`account:${r.principalAccount}`) ||
        gapped.has(r.principal) ||
        gapped.has('scps'));
    out.push({ row: r, kind: unknown ? 'unknown-before' : 'new' });
  }
  return out;
}

/** One line per new writer: "role ci in 333344445555 can now push to payments/api (inline:push statement 0)". */
export function newWriterLine(w: NewWriter): string {
  const r = w.row;
  const m = /^arn:[^:]+:iam::(\d{12}):(role|user|root)\/?(?:.*\/)?([^/]*)$/.exec(r.principal);
  const who = m ? (m[2] === 'root' ? `the root user of ${m[1]}` : `${m[2]} ${m[3]} in ${m[1]}`) : r.principal;
  const what = r.resource.includes(':repository/')
    ? r.resource.slice(r.resource.indexOf(':repository/') + 12)
    : r.resource.replace(/^arn:[^:]+:s3:::/, 's3://');
  const via = r.statements.length > 0 ? ` (${r.statements.join(', ')})` : '';
  return `${who} can ${w.kind === 'new' ? 'now ' : ''}${r.level} ${what}${via}${w.kind === 'unknown-before' ? ' [not known before: the previous run had a gap here]' : ''}`;
}
