/**
 * The lines that lead the Slack message when a role or user became able to write to a resource marked critical
 * (issue 22): the role, its account, the level and the resource first, the reason it is critical and the statements
 * after. New writers to resources whose marking is not known (tags not read) follow as a stated gap, never dropped.
 * Names and statement ids come from policies: every line is made inert (./slack-text.ts).
 */
import type { CriticalWriter, CriticalWriters } from '../analyze/effective/critical.js';
import { newWriterLine } from '../analyze/effective/diff.js';
import { inertSlackText } from './slack-text.js';

/** At most this many writers are named in the message; the rest are counted. */
export const MAX_CRITICAL_WRITER_LINES = 5;

/** "role ci in 333344445555 can now push payments/api", without the statements. */
function headOf(w: CriticalWriter): string {
  return newWriterLine({ ...w, row: { ...w.row, statements: [] } });
}

/** "granted by inline:ci statement 0" or "". */
function grantOf(w: CriticalWriter): string {
  return w.row.statements.length > 0 ? `; granted by ${w.row.statements.join(', ')}` : '';
}

/** The title's lead: "New writer to a critical resource: role ci in 3333... can now push payments/api". */
export function criticalWritersTitle(c: CriticalWriters | undefined): string {
  if (!c || c.critical.length === 0) return '';
  if (c.critical.length === 1) return `New writer to a critical resource: ${headOf(c.critical[0]!)}`;
  return `${c.critical.length} new writers to critical resources`;
}

/** The description's first lines (empty when there is nothing to say). */
export function criticalWritersLines(c: CriticalWriters | undefined): string[] {
  if (!c) return [];
  const lines: string[] = [];
  // INVARIANT: a join that did not finish is said first and in bold: its silence is not "no new writer".
  if (c.notBuilt !== undefined)
    lines.push(
      `*The access matrix was not built this run, so new writers to critical resources are not known: ${inertSlackText(c.notBuilt, 400)}*`,
    );
  const list = (items: CriticalWriter[], line: (w: CriticalWriter) => string): void => {
    lines.push(...items.slice(0, MAX_CRITICAL_WRITER_LINES).map(line));
    if (items.length > MAX_CRITICAL_WRITER_LINES)
      lines.push(`and ${items.length - MAX_CRITICAL_WRITER_LINES} more (see access-matrix.csv)`);
  };
  list(
    c.critical,
    (w) =>
      `*NEW WRITER TO A CRITICAL RESOURCE: ${inertSlackText(headOf(w), 400)}* (${inertSlackText(`${w.why}${grantOf(w)}`, 400)})`,
  );
  if (c.unknown.length > 0) {
    lines.push(`New writers to resources that may be critical (${inertSlackText(c.unknown[0]!.why, 200)}):`);
    list(c.unknown, (w) => `• ${inertSlackText(`${headOf(w)}${grantOf(w)}`, 600)}`);
  }
  if (c.notRead.length > 0)
    lines.push(
      `*Critical resources not read this run (their writers are not known): ${c.notRead
        .slice(0, MAX_CRITICAL_WRITER_LINES)
        .map((a) => inertSlackText(a, 300))
        .join(
          ', ',
        )}${c.notRead.length > MAX_CRITICAL_WRITER_LINES ? ` and ${c.notRead.length - MAX_CRITICAL_WRITER_LINES} more` : ''}*`,
    );
  return lines;
}
