/**
 * Writes the next state of each account a run read (conditional writes, lib/publish/state-store.ts). A conflict
 * means another writer (an event rescan) stored a newer state since it was read: the account's read is diffed again
 * against that state and the result written, so neither update is lost.
 */
import { diffAccount } from '../findings/state-diff.js';
import type { LoadedStates } from './state-load.js';
import type { AccountStateUpdate } from './state-run.js';
import { writeAccountState } from './state-store.js';
import type { ReportStore } from './types.js';

/** Writes every account's next state that needs writing (read this run, left, or seeded from a report). */
export async function writeStates(
  store: ReportStore,
  updates: AccountStateUpdate[],
  loaded: LoadedStates,
): Promise<number> {
  const todo = updates.filter((u) => u.write || loaded.seeded.has(u.read.account));
  for (let i = 0; i < todo.length; i += 16) {
    await Promise.all(
      todo
        .slice(i, i + 16)
        .map((u) =>
          writeAccountState(
            store,
            { next: u.next, tag: loaded.tags.get(u.read.account) ?? null },
            (current) => diffAccount(current.state, u.read).next,
          ),
        ),
    );
  }
  return todo.length;
}
