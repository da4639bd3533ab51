/**
 * The publish step's diff, streamed (issue 21, docs/publish-data-flow.md): the previous report's head, each account
 * diffed against its own state a batch of accounts at a time in account order (./state-batches.ts), evidence and
 * suppressions applied and the summary counted batch by batch, and the report's findings appended to one spill per
 * severity (./severity-spill.ts), the resolved findings likewise, so that no step holds every finding of the
 * organisation. Returns the report's head and its lists, read back from the spills; `dispose` removes the spills.
 */
import type { ReportFinding, StatementEvidence } from '../findings/model.js';
import { applySuppressions } from '../findings/suppressions-apply.js';
import { parseSuppressions } from '../findings/suppressions-parse.js';
import type { RunInput } from '../model/account-result.js';
import { plannedById, prepareAccount } from './account-part.js';
import { questionsOf, reportStart } from './build-report.js';
import { openPartSpill, type PartSpill, type PartSummary } from './part-spill.js';
import { gapEntries } from './population.js';
import { loadPrevious } from './previous.js';
import type { ReportHead, ReportLists } from './report-stream.js';
import { openSeveritySpill } from './severity-spill.js';
import { diffStatesInBatches } from './state-batches.js';
import { summaryTally } from './summary-tally.js';
import type { IncompleteRun, ReportDoc, ReportStore, ReportSuppressions } from './types.js';

/** A run's account parts already spilled (the publish step reads and spills them, lib/run/publish-read.ts). */
export interface SpilledParts {
  spill: PartSpill;
  /** In result order: the frame, the population and the lint keep this order. */
  parts: PartSummary[];
}

/** What `diffRun` diffs: the run, its time, its suppressions, what the publish step knows. */
export type DiffRunInput = RunInput & {
  now: string;
  suppressionsText?: string | null;
  incomplete?: Omit<IncompleteRun, 'latestReplaced'>;
  trust?: ReportDoc['trust'];
  settings?: ReportDoc['settings'];
  /** The parts, spilled; absent: `results` are reduced and spilled here. diffRun's `dispose` removes the spill. */
  spilled?: SpilledParts;
};

/** The diffed run: the report's head and lists (on the spills until `dispose`). */
export interface DiffedRun {
  head: ReportHead;
  lists: ReportLists;
  /** Whether `reports/latest/` is replaced (an incomplete run's report is dated only, see below). */
  latest: boolean;
  suppressions: ReturnType<typeof parseSuppressions> | null;
  /** Removes the spill folder (again: nothing). The lists cannot be read afterwards. */
  dispose(): Promise<void>;
}

/** Spills the parts of results given whole (the CLI's and the tests' path), one account at a time. */
async function spillResults(input: RunInput): Promise<SpilledParts> {
  const spill = await openPartSpill();
  const planned = plannedById(input.manifest);
  const parts: PartSummary[] = [];
  for (const r of input.results) parts.push(await spill.add(prepareAccount(input.manifest, planned, r)));
  return { spill, parts };
}

/** The suppression rules' reports of two batches added up (the same rules in the same order, counted apart). */
function addRules(total: ReportSuppressions['rules'], batch: ReportSuppressions['rules']): void {
  batch.forEach((r, i) => {
    total[i].matched += r.matched;
    for (const id of r.matchedIds) total[i].matchedIds.push(id);
  });
}

/**
 * Diffs a run: see the file comment. The previous report, the states and the account parts are dropped batch by
 * batch; the next states are written (conditional writes) before this returns, so before any report file.
 * @param batchSize accounts whose states are read and written at once (PartBudget.stateAccounts)
 */
export async function diffRun(
  input: DiffRunInput,
  store: ReportStore,
  prefix: string,
  files: string[],
  batchSize?: number,
): Promise<DiffedRun> {
  const { spill, parts } = input.spilled ?? (await spillResults(input));
  const dispose = (): Promise<void> => spill.folder.dispose();
  try {
    const previous = await loadPrevious(store, input.runId);
    // An incomplete run must not replace `latest` with a report that claims fewer open findings because accounts were
    // not read: it is written to its dated prefix only, unless there is no earlier report at all.
    const latest =
      !input.incomplete ||
      input.incomplete.replaceLatest === true ||
      (previous.head === null && previous.problem === undefined);
    const { replaceLatest: _replace, ...given } = input.incomplete ?? {};
    const incomplete = input.incomplete
      ? { ...(given as Omit<IncompleteRun, 'latestReplaced'>), latestReplaced: latest }
      : undefined;
    const suppressions =
      input.suppressionsText === undefined || input.suppressionsText === null
        ? null
        : parseSuppressions(input.suppressionsText);
    const rules = suppressions?.ok ? suppressions.rules : null;
    const { coverage, notChecked } = questionsOf(input.manifest, parts);
    const gaps = gapEntries(coverage);
    const findingSpill = await openSeveritySpill(spill.folder, 'findings');
    const resolvedSpill = await openSeveritySpill(spill.folder, 'resolved');
    const tally = summaryTally();
    let resolved = 0;
    // The rules with nothing matched yet; each batch's matches are added (ids in the order they were matched).
    const ruleReports = rules ? applySuppressions([], rules, input.now).rules : [];
    const partsOf = new Map<string, PartSummary[]>();
    for (const p of parts) partsOf.set(p.account.id, [...(partsOf.get(p.account.id) ?? []), p]);
    // Grouped once, in the order gapEntries gives them, so a batch takes its accounts' gap entries without a scan.
    const gapsOf = new Map<string, typeof gaps>();
    for (const g of gaps) gapsOf.set(g.account, [...(gapsOf.get(g.account) ?? []), g]);
    const states = await diffStatesInBatches(
      input,
      store,
      {
        coverage,
        notChecked,
        batch: async (batch) => {
          const whole = await spill.read(batch.flatMap((a) => partsOf.get(a) ?? []));
          // INVARIANT: the state diff groups the listed resources by account (its own entries, then gap entries, in
          // the order the whole population gives them); only the batch's accounts are asked.
          const listed = [
            ...whole.flatMap((p) => p.population),
            ...batch.flatMap((a) => spill.foreign.get(a) ?? []),
            ...batch.flatMap((a) => gapsOf.get(a) ?? []),
          ];
          return { parts: whole, listed };
        },
      },
      previous,
      async (d, batchParts) => {
        let findings: ReportFinding[] = d.findings;
        if (rules) {
          const applied = applySuppressions(findings, rules, input.now);
          findings = applied.findings;
          addRules(ruleReports, applied.rules);
        }
        // Evidence came with each current finding's part (account-part.ts); the state diff works without it.
        const evidence = new Map<string, StatementEvidence[]>();
        for (const p of batchParts) for (const f of p.findings) if (f.evidence) evidence.set(f.id, f.evidence);
        findings = findings.map((f) =>
          !('evidence' in f) && evidence.has(f.id) ? { ...f, evidence: evidence.get(f.id)! } : f,
        );
        for (const f of findings) tally.add(f);
        resolved += d.resolved.length;
        await findingSpill.append(findings);
        await resolvedSpill.append(d.resolved);
      },
      batchSize,
    );
    await findingSpill.close();
    await resolvedSpill.close();
    const lint = parts.flatMap((p) => p.lint);
    const inputErrors = parts.flatMap((p) => p.errors.map((e) => ({ ...e, account: p.account.id })));
    const suppressionsOut: ReportSuppressions =
      suppressions && !suppressions.ok
        ? { status: 'error', errors: suppressions.errors, rules: [] }
        : suppressions
          ? { status: 'ok', errors: [], rules: ruleReports }
          : { status: 'none', errors: [], rules: [] };
    // Keys in the order the whole-document builder gives them (./build-report.ts), so report.json reads the same.
    const head: ReportHead = {
      ...reportStart(input.runId, input.now, input.manifest, previous.head, previous.key),
      summary: tally.summary({
        resolved,
        coverage,
        lint: lint.length,
        inputErrors: inputErrors.length,
        newKinds: states.newKinds,
      }),
      suppressions: suppressionsOut,
      coverage,
      lint,
      inputErrors,
      gaps: coverage.runGaps,
    };
    if (states.problems.length > 0) head.stateProblems = states.problems;
    if (previous.problem) head.previousProblem = previous.problem;
    head.location = { prefix, files };
    if (incomplete) head.incomplete = incomplete;
    if (input.trust) head.trust = input.trust;
    if (input.settings) head.settings = input.settings;
    const lists: ReportLists = {
      findings: () => findingSpill.items(),
      resolved: () => resolvedSpill.items(),
      population: () => populationWithGaps(spill, parts, gaps),
    };
    return { head, lists, latest, suppressions, dispose };
  } catch (err) {
    await dispose();
    throw err;
  }
}

async function* populationWithGaps(
  spill: PartSpill,
  parts: PartSummary[],
  gaps: ReturnType<typeof gapEntries>,
): AsyncIterable<ReturnType<typeof gapEntries>[number]> {
  yield* spill.population(parts);
  yield* gaps;
}
