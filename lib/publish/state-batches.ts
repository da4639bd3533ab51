/**
 * The run's state diff in batches (issue 21, docs/state.md): every account of the run and every account with a
 * state document is diffed against its own last read state, a batch of accounts at a time, so the run's previous
 * and next states are never all held at once. The pure diff is lib/publish/state-run.ts; this is its order of reads
 * and conditional writes; the caller (./diff-run.ts) reads each batch's parts back from its spill and takes each
 * batch's report findings on.
 */
import { noNewKinds, type NewKind } from '../model/resource-state.js';
import type { AccountPart } from './account-part.js';
import type { CoverageMatrix } from '../findings/model.js';
import type { NotScanned } from '../findings/scope.js';
import type { ListedResource } from '../findings/state-read.js';
import type { RunInput } from '../model/account-result.js';
import type { PreviousReport } from './previous.js';
import { stateLoader } from './state-load.js';
import { diffRunAgainstState, type RunStateDiff } from './state-run.js';
import { writeStates } from './state-write.js';
import type { ReportStore } from './types.js';

function groupBy<T>(xs: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of xs) {
    const list = out.get(key(x));
    if (list) list.push(x);
    else out.set(key(x), [x]);
  }
  return out;
}

/** Accounts whose states are loaded, diffed and written at once (so a run never holds all previous states). */
const STATE_BATCH = 256;

/** What the batches read of the run: its coverage and question, and each batch's parts and listed resources. */
export interface BatchSource {
  coverage: CoverageMatrix;
  notChecked: NotScanned;
  /** The parts of these accounts (read back from the spill) and the resources listed of them (any order of accounts). */
  batch(accounts: string[]): Promise<{ parts: AccountPart[]; listed: ListedResource[] }>;
}

/** One batch's diff (its next states already written) with the batch's parts, handed on before the next is read. */
export type BatchDiff = (diff: Omit<RunStateDiff, 'accounts'>, parts: AccountPart[]) => Promise<void>;

/**
 * Each account diffed against its own state, `batchSize` accounts at a time in account order: a batch's parts and
 * states are read, diffed, its next states written (conditional writes, before any report file, as before) and the
 * batch handed to `onBatch`, then all of it dropped. Same accounts and states as one `loadStates` of them all.
 */
export async function diffStatesInBatches(
  input: Pick<RunInput, 'runId' | 'manifest'> & { now: string },
  store: ReportStore,
  source: BatchSource,
  previous: PreviousReport,
  onBatch: BatchDiff,
  batchSize = STATE_BATCH,
): Promise<{ newKinds: Record<NewKind, number>; problems: string[] }> {
  const loader = await stateLoader(store, input.runId, previous);
  const all = [...new Set([...source.coverage.cells.map((c) => c.account), ...loader.withState])].sort();
  const newKinds = noNewKinds();
  const problems: string[] = [];
  // Grouped once, so each batch takes its own accounts' cells without a scan of the run.
  const cellsOf = groupBy(source.coverage.cells, (c) => c.account);
  for (let i = 0; i < all.length; i += batchSize) {
    const batch = all.slice(i, i + batchSize);
    const { parts, listed } = await source.batch(batch);
    const loaded = await loader.load(batch);
    // INVARIANT: the batch's accounts are exactly its cells' accounts and its states' (every one loaded gets an entry).
    const d = diffRunAgainstState({
      runId: input.runId,
      now: input.now,
      manifest: input.manifest,
      parts,
      coverage: { ...source.coverage, cells: batch.flatMap((a) => cellsOf.get(a) ?? []) },
      listed,
      notChecked: source.notChecked,
      states: loaded.states,
    });
    await writeStates(store, d.accounts, loaded);
    await onBatch({ findings: d.findings, resolved: d.resolved, newKinds: d.newKinds }, parts);
    for (const [k, n] of Object.entries(d.newKinds)) newKinds[k as NewKind] += n;
    problems.push(...loaded.problems);
  }
  return { newKinds, problems };
}
