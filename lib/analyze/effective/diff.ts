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
  /** For a row of a class of root users: the member accounts whose root could not do it before (the others could). */
  newMembers?: string[];
}

const WRITING = new Set(['push', 'write', 'manage']);
/**
 * The (resource, level, principal) keys of a row; a row of a class of root users has one per member's root, so that
 * a class whose id changes (an SCP edited) names no writer that already was one, and a new member is a new writer.
 */
const memberKey = (r: AccessRow, account: string): string =>
  `${r.resource}\u0000${r.level}\u0000arn:${r.resource.split(':')[1]}:iam::${account}:root`;
const keys = (r: AccessRow): string[] =>
  r.rootGroup
    ? r.rootGroup.accounts.map((a) => memberKey(r, a))
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
    const newMembers = r.rootGroup?.accounts.filter((a) => !before.has(memberKey(r, a)));
    out.push({ row: r, kind: unknown ? 'unknown-before' : 'new', ...(newMembers ? { newMembers } : {}) });
  }
  return out;
}

/**
 * "the root user of 222233334444 (1 of the 5 accounts of root-user class scp-1a2b…)": a class row names the members
 * that are new (at most 3, then a count), since the row stands for every member's root (./root-groups.ts).
 */
function rootClassWho(group: { id: string; accounts: string[] }, members: string[]): string {
  const shown = members.slice(0, 3).join(', ') + (members.length > 3 ? ` and ${members.length - 3} more` : '');
  const of = `${members.length} of the ${group.accounts.length} accounts of root-user class ${group.id}`;
  return `the root user${members.length === 1 ? '' : 's'} of ${shown} (${of}; access-matrix.csv lists them)`;
}

/** One line per new writer: "role ci in 333344445555 can now push to payments/api (inline:push statement 0)". */
export function newWriterLine(w: NewWriter): string {
  const r = w.row;
  const m = /^arn:[^:]+:iam::(\d{12}):(role|user|root)\/?(?:.*\/)?([^/]*)$/.exec(r.principal);
  const who = r.rootGroup
    ? rootClassWho(r.rootGroup, w.newMembers ?? r.rootGroup.accounts)
    : m
      ? m[2] === 'root'
        ? `the root user of ${m[1]}`
        : `${m[2]} ${m[3]} in ${m[1]}`
      : r.principal;
  const what = r.resource.includes(':repository/')
    ? r.resource.slice(r.resource.indexOf(':repository/') + 12)
    : r.resource.replace(/^arn:[^:]+:s3:::/, 's3://');
  const via = r.statements.length > 0 ? ` (${r.statements.join(', ')})` : '';
  return `${who} can ${w.kind === 'new' ? 'now ' : ''}${r.level} ${what}${via}${w.kind === 'unknown-before' ? ' [not known before: the previous run had a gap here]' : ''}`;
}
