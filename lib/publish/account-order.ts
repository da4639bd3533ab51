/**
 * A report's findings and resolved findings account by account, from its streamed lists (issue 21), holding one
 * account's findings at a time. The lists are in report order (`compareFindings`: severity, then account, ARN, id),
 * so each severity's section of a list is in account order; a merge of the ten sections (five severities of the
 * findings, then of the resolved findings) gives every account's findings together, in the order they have in the
 * report (its findings before its resolved ones, most severe first). Each section reads its list from the start
 * and stops after its severity, so a list is read about once per severity present, never held.
 */
import type { ReportFinding } from '../findings/model.js';
import { SEVERITY_ORDER, severityRank } from '../model/severity.js';
import type { ReportLists } from './report-stream.js';

/** One account's findings, then its resolved findings, in report order. */
export interface AccountFindings {
  account: string;
  findings: ReportFinding[];
}

/**
 * The items of one severity of a list. It checks the order it relies on as it reads: severities never go back
 * (the section of the least severity reads the whole list, so the whole list is checked) and, within the
 * severity, accounts never go back. A list out of order is an error naming it, never a history with rows lost.
 */
async function* section(list: AsyncIterable<ReportFinding>, rank: number, name: string): AsyncGenerator<ReportFinding> {
  let seen = -1;
  let account = '';
  for await (const f of list) {
    const r = severityRank(f.severity);
    if (r < seen)
      throw new Error(`the report's ${name} are not in report order (${f.severity} after a less severe one)`);
    seen = r;
    if (r > rank) return;
    if (r < rank) continue;
    if (f.resource.account.localeCompare(account) < 0)
      throw new Error(`the report's ${name} are not in report order (account ${f.resource.account} after ${account})`);
    account = f.resource.account;
    yield f;
  }
}

/** A section and the item it is at (null once it is read to its end). */
interface Cursor {
  items: AsyncIterator<ReportFinding>;
  at: ReportFinding | null;
}

async function step(c: Cursor): Promise<void> {
  const next = await c.items.next();
  c.at = next.done ? null : next.value;
}

/** Every account with a finding or a resolved finding, in account order, with its findings in report order. */
export async function* byAccount(lists: ReportLists): AsyncGenerator<AccountFindings> {
  const cursors: Cursor[] = [];
  for (const [name, list] of [
    ['findings', lists.findings],
    ['resolved findings', lists.resolved],
  ] as const)
    for (let rank = 0; rank < SEVERITY_ORDER.length; rank++)
      cursors.push({ items: section(list(), rank, name)[Symbol.asyncIterator](), at: null });
  try {
    await Promise.all(cursors.map(step));
    for (;;) {
      let account: string | null = null;
      for (const c of cursors)
        if (c.at && (account === null || c.at.resource.account.localeCompare(account) < 0))
          account = c.at.resource.account;
      if (account === null) return;
      const findings: ReportFinding[] = [];
      // INVARIANT: the cursors are in report order (findings before resolved, most severe first), so are the rows.
      for (const c of cursors)
        while (c.at && c.at.resource.account === account) {
          findings.push(c.at);
          await step(c);
        }
      yield { account, findings };
    }
  } finally {
    await Promise.all(cursors.map((c) => c.items.return?.()));
  }
}
