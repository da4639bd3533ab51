/**
 * The run's state diff in batches (issue 21, docs/state.md): every account of the run and every account with a
 * state document is diffed against its own last read state, a batch of accounts at a time, so the run's previous
 * and next states are never all held at once. The pure diff is lib/publish/state-run.ts; this is its order of reads
 * and conditional writes.
 */
import { noNewKinds, type NewKind } from '../model/resource-state.js';
import type { AccountPart } from './account-part.js';
import type { RunFrame } from './build-report.js';
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

/**
 * Each account diffed against its own state, `batchSize` accounts at a time in account order: a batch's states are
 * read, diffed and its next states written (conditional writes, before any report file, as before), then dropped;
 * only the report's findings of the batch are kept. Same accounts and states as one `loadStates` of them all.
 */
export async function diffStatesInBatches(
  input: Pick<RunInput, 'runId' | 'manifest'> & { now: string },
  store: ReportStore,
  parts: AccountPart[],
  frame: RunFrame,
  previous: PreviousReport,
  batchSize = STATE_BATCH,
): Promise<{ diff: Omit<RunStateDiff, 'accounts'>; problems: string[] }> {
  const loader = await stateLoader(store, input.runId, previous);
  const all = [...new Set([...frame.coverage.cells.map((c) => c.account), ...loader.withState])].sort();
  const diff: Omit<RunStateDiff, 'accounts'> = {
    findings: [],
    resolved: [],
    newKinds: noNewKinds(),
  };
  const problems: string[] = [];
  // Grouped once, so each batch takes its own accounts' parts, cells and resources without a scan of the run.
  const partsOf = groupBy(parts, (p) => p.account.id);
  const cellsOf = groupBy(frame.coverage.cells, (c) => c.account);
  const listedOf = groupBy(frame.population, (r) => r.account);
  const of = <T>(groups: Map<string, T[]>, batch: string[]): T[] => batch.flatMap((a) => groups.get(a) ?? []);
  for (let i = 0; i < all.length; i += batchSize) {
    const batch = all.slice(i, i + batchSize);
    const loaded = await loader.load(batch);
    // INVARIANT: the batch's accounts are exactly its cells' accounts and its states' (every one loaded gets an entry).
    const d = diffRunAgainstState({
      runId: input.runId,
      now: input.now,
      manifest: input.manifest,
      parts: of(partsOf, batch),
      coverage: { ...frame.coverage, cells: of(cellsOf, batch) },
      listed: of(listedOf, batch),
      notChecked: frame.notChecked,
      states: loaded.states,
    });
    await writeStates(store, d.accounts, loaded);
    for (const f of d.findings) diff.findings.push(f);
    for (const f of d.resolved) diff.resolved.push(f);
    for (const [k, n] of Object.entries(d.newKinds)) diff.newKinds[k as NewKind] += n;
    problems.push(...loaded.problems);
  }
  return { diff, problems };
}
