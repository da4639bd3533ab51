/**
 * The event path's view of the latest state: one document per account (`state/accounts/<id>.json`, the layout of
 * the issue-20 state contract), updated with conditional writes so a rescan racing the nightly publish loses nothing:
 * a write whose version tag no longer matches fails, and the writer re-reads, re-merges and tries again.
 *
 * Why S3 objects and not a DynamoDB table: the state is read and written a whole account at a time (the nightly
 * publish merges an account's findings in one step, a rescan one scope of one account), it lives next to the run
 * objects and reports in the one encrypted bucket the scanner already has (one KMS key, one lifecycle, one least-
 * privilege policy), and S3 offers the compare-and-swap the merge needs: PutObject `If-Match` "Uploads the object only
 * if the ETag (entity tag) value provided during the WRITE operation matches the ETag of the object in S3. If the ETag
 * values do not match, the operation returns a 412 Precondition Failed error" (S3 API reference, PutObject). A table
 * would add a second store and a second copy of the findings for no query we make (docs/event-path.md).
 */
import type { Finding } from '../model/finding.js';
import type { KnownFinding } from './rescan-compare.js';

/** One resource's latest read and findings. */
export interface ResourceState {
  lastReadRun: string;
  lastReadAt: string;
  read: 'full' | 'partial';
  findings: Record<string, KnownFinding>;
}

/** One account's latest state (schema `org-access-scanner/account-state`, version 1). */
export interface AccountState {
  schema: 'org-access-scanner/account-state';
  version: 1;
  account: string;
  updatedAt: string;
  updatedByRun: string;
  resources: Record<string, ResourceState>;
  facts?: Record<string, unknown>;
}

/** A store that can read an object with its version tag and write only if the tag still matches. */
export interface ConditionalStore {
  /** The object and its version tag (S3 ETag), or null when there is none. */
  getVersioned(key: string): Promise<{ body: string; tag: string } | null>;
  /** Writes when the object's tag is `tag` (null: when there is no object); false on a conflict. */
  putIfMatch(key: string, body: string, tag: string | null): Promise<boolean>;
}

/** The key of an account's state. */
export function accountStateKey(account: string): string {
  return `state/accounts/${account}.json`;
}

/** An empty state for an account never written before. */
export function emptyAccountState(account: string, now: string, run: string): AccountState {
  return { schema: 'org-access-scanner/account-state', version: 1, account, updatedAt: now, updatedByRun: run, resources: {} };
}

/** Conflicts tolerated before an update gives up (each one means another writer just succeeded). */
export const MAX_STATE_ATTEMPTS = 8;

/**
 * Reads, changes and conditionally writes one account's state until the write wins. `change` is called again on
 * every attempt with the state as it is then, so what another writer added in between is kept.
 * Returns the state written and the number of attempts; throws after MAX_STATE_ATTEMPTS conflicts.
 */
export async function updateAccountState(
  store: ConditionalStore,
  account: string,
  change: (current: AccountState | null) => AccountState,
): Promise<{ state: AccountState; attempts: number }> {
  const key = accountStateKey(account);
  for (let attempt = 1; attempt <= MAX_STATE_ATTEMPTS; attempt++) {
    const got = await store.getVersioned(key);
    const current = got ? (JSON.parse(got.body) as AccountState) : null;
    const next = change(current);
    if (await store.putIfMatch(key, `${JSON.stringify(next, null, 2)}\n`, got?.tag ?? null)) return { state: next, attempts: attempt };
  }
  throw new Error(`state of account \`${account}\` kept changing: ${MAX_STATE_ATTEMPTS} conditional writes lost`);
}

/** The state's findings whose resource passes `keep`. */
export function knownFindings(state: AccountState | null, keep: (f: Finding) => boolean): KnownFinding[] {
  if (!state) return [];
  return Object.values(state.resources).flatMap((r) => Object.values(r.findings).filter((k) => keep(k.finding)));
}
