/**
 * Reading and writing per-account state documents (`state/accounts/<id>.json`, lib/model/resource-state.ts) in the
 * report store, with optimistic concurrency: every write names the version it was computed from
 * (`ReportStore.putIfMatch`), and a writer that loses re-reads, re-merges and retries, so the nightly publish and
 * an event rescan never overwrite each other's update.
 */
import { PublishError } from '../errors.js';
import {
  ACCOUNT_STATE_PREFIX,
  ACCOUNT_STATE_SCHEMA,
  ACCOUNT_STATE_VERSION,
  accountStateKey,
  type AccountState,
} from '../model/resource-state.js';
import type { ReportStore } from './types.js';

/** An account's stored state as read: the document (null when absent or unusable), its tag, and why it is unusable. */
export interface StoredAccountState {
  account: string;
  state: AccountState | null;
  /** The version to name in the next conditional write (null: there is no object). */
  tag: string | null;
  /** Set when an object exists but is not a state document this version can use. */
  problem?: string;
}

/** Parses a state document, or says why it is not one. */
export function parseAccountState(
  text: string,
  key: string,
): { ok: true; state: AccountState } | { ok: false; problem: string } {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    return { ok: false, problem: `\`${key}\` is not JSON: ${(err as Error).message}` };
  }
  const d = doc as Partial<AccountState> | null;
  if (!d || d.schema !== ACCOUNT_STATE_SCHEMA || typeof d.version !== 'number')
    return { ok: false, problem: `\`${key}\` is not an account state document` };
  if (d.version > ACCOUNT_STATE_VERSION)
    return { ok: false, problem: `\`${key}\` has version \`${d.version}\`, newer than \`${ACCOUNT_STATE_VERSION}\`` };
  if (typeof d.account !== 'string' || !d.resources || typeof d.resources !== 'object')
    return { ok: false, problem: `\`${key}\` has no resources` };
  return { ok: true, state: d as AccountState };
}

/** Reads one account's state. A read that fails (the store answers an error) throws: that is not "no state". */
export async function readAccountState(store: ReportStore, account: string): Promise<StoredAccountState> {
  const key = accountStateKey(account);
  const got = await store.getTagged(key);
  if (got === null) return { account, state: null, tag: null };
  const parsed = parseAccountState(got.text, key);
  return parsed.ok
    ? { account, state: parsed.state, tag: got.tag }
    : { account, state: null, tag: got.tag, problem: parsed.problem };
}

/** The accounts that have a state document. */
export async function accountsWithState(store: ReportStore): Promise<string[]> {
  const keys = await store.list(ACCOUNT_STATE_PREFIX);
  return keys.map((k) => /^state\/accounts\/(\d{12})\.json$/.exec(k)?.[1]).filter((a): a is string => a !== undefined);
}

/** Writes a state document if its version is still `tag`; false on a conflict. */
export function putAccountState(store: ReportStore, state: AccountState, tag: string | null): Promise<boolean> {
  return store.putIfMatch(accountStateKey(state.account), `${JSON.stringify(state)}\n`, tag);
}

/** How many times a conflicting write is re-merged before the write is given up as an error. */
export const STATE_WRITE_ATTEMPTS = 5;

/**
 * Writes an account's next state: tries `first.next` against the version it was computed from, and on a conflict
 * re-reads and calls `remerge` with what another writer stored, until a write wins.
 * @returns the state that was written and how many conflicts it took
 */
export async function writeAccountState(
  store: ReportStore,
  first: { next: AccountState; tag: string | null },
  remerge: (current: StoredAccountState) => AccountState,
): Promise<{ state: AccountState; conflicts: number }> {
  let attempt = first;
  for (let conflicts = 0; conflicts < STATE_WRITE_ATTEMPTS; conflicts++) {
    if (await putAccountState(store, attempt.next, attempt.tag)) return { state: attempt.next, conflicts };
    const current = await readAccountState(store, first.next.account);
    attempt = { next: remerge(current), tag: current.tag };
  }
  throw new PublishError(
    `state of account \`${first.next.account}\` kept changing under ${STATE_WRITE_ATTEMPTS} conditional writes; not written`,
  );
}
