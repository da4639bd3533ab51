/**
 * New writers to critical resources (issue 22), split between the two steps that need them:
 * - the access-matrix join (./matrix-step.ts) keeps the writing rows of the resources marked critical (or whose
 *   marking is not known) as the matrix streams past, diffs them against the previous published run's join summary
 *   and writes the result into this run's summary (`runs/<runId>/access-matrix-summary.json`);
 * - the publish step reads that small summary (`criticalWritersOfRun`), so it never holds two runs' inventories.
 * A join that failed or left no summary is a stated gap (`notBuilt`), never "no new writer". No previous run:
 * nothing is "new" (a first run is not news). A previous run with no join summary, or one that did not mark a
 * resource critical, is no baseline for it: its writers are "not known before", not "new".
 */
import {
  criticalWriters,
  marksNothing,
  type CriticalSetting,
  type CriticalWriters,
} from '../analyze/effective/critical.js';
import { newWriters } from '../analyze/effective/diff.js';
import type { AccessMatrix, AccessRow, MatrixGap, MatrixResource } from '../model/access-matrix.js';
import { LATEST_REPORT_KEY } from '../publish/write-report.js';
import type { ReportStore } from '../publish/types.js';
import type { PipelineConfig } from './config.js';
import { matrixSummaryKey } from './keys.js';
import { readJson } from './store.js';

/** What the join writes beside the matrix files: counts, gaps and the critical resources' writers. */
export interface JoinSummary {
  runId: string;
  rows: number;
  writers: number;
  evaluated: number;
  gaps: MatrixGap[];
  /** The matrix files, keys in the report store. */
  files: string[];
  /** Present when the configuration marks resources critical. */
  critical?: {
    /** Resources whose writers are recorded here (critical, or marking unknown). */
    resources: string[];
    /** Their writing rows (push, write, manage): the next run's baseline. */
    writers: AccessRow[];
    /** This run's new writers to them against the previous published run. */
    result: CriticalWriters;
  };
}

/** The configuration's marking. */
export function criticalSettingOf(config: PipelineConfig): CriticalSetting {
  return { arns: config.criticalResources, ...(config.criticalTag ? { tag: config.criticalTag } : {}) };
}

/**
 * The run the next report is diffed against: the latest report's run, or, when the latest report is this run's own
 * (a retry), the run it was diffed against. Only the report's head is used: `runId` and `previous`.
 */
async function previousRunId(store: ReportStore, runId: string): Promise<string | null> {
  const latest = await readJson<{ runId?: string; previous?: { runId?: string } | null }>(store, LATEST_REPORT_KEY);
  if (!latest?.runId) return null;
  return latest.runId !== runId ? latest.runId : (latest.previous?.runId ?? null);
}

/** The previous run's critical writers as a matrix to diff against, or null when there is no previous run. */
async function baselineOf(
  store: ReportStore,
  runId: string,
  covered: string[],
): Promise<{ matrix: AccessMatrix | null }> {
  const prevRun = await previousRunId(store, runId);
  if (prevRun === null) return { matrix: null };
  const prev = await readJson<JoinSummary>(store, matrixSummaryKey(prevRun)).catch(() => null);
  // INVARIANT: no summary of the previous run is no baseline: every writer is "not known before", not "new".
  if (!prev?.critical)
    return {
      matrix: {
        rows: [],
        gaps: [{ subject: 'scps', reason: `run ${prevRun} left no access-matrix summary with critical resources` }],
        evaluated: 0,
      },
    };
  const before = new Set(prev.critical.resources);
  const unmarked = covered
    .filter((arn) => !before.has(arn))
    .map((arn) => ({ subject: arn, reason: `not marked critical in run ${prevRun}` }));
  return { matrix: { rows: prev.critical.writers, gaps: [...prev.gaps, ...unmarked], evaluated: prev.evaluated } };
}

/** The join's critical part, from the writing rows it kept and every resource of the run (for `notRead`). */
export async function criticalOfJoin(
  store: ReportStore,
  runId: string,
  setting: CriticalSetting,
  kept: { resources: string[]; writers: AccessRow[] },
  all: MatrixResource[],
  gaps: MatrixGap[],
): Promise<NonNullable<JoinSummary['critical']>> {
  const { matrix } = await baselineOf(store, runId, kept.resources);
  const current: AccessMatrix = { rows: kept.writers, gaps, evaluated: 0 };
  // A first run (no previous report) names no new writer; `criticalWriters` still lists the critical ARNs not read.
  const result = criticalWriters(matrix ? newWriters(matrix, current) : [], all, setting);
  return { ...kept, result };
}

/** What the state machine passed about the join: its output, or the error its Catch recorded. */
export function joinProblemOf(join: unknown): string | null {
  if (join === undefined || join === null) return null;
  const e = join as { Error?: unknown; Cause?: unknown };
  if (typeof e.Error === 'string')
    return `the access-matrix join failed with ${e.Error}${typeof e.Cause === 'string' ? `: ${e.Cause.slice(0, 300)}` : ''}`;
  return null;
}

/**
 * The publish step's new writers to critical resources, read from the join's summary. `expected`: the join ran
 * (or should have) for this run; its missing summary is then a gap said in the message, even when nothing is
 * marked critical. Undefined when there is nothing to say.
 */
export async function criticalWritersOfRun(
  store: ReportStore,
  runId: string,
  config: PipelineConfig,
  join: { expected: boolean; problem: string | null },
): Promise<{ writers: CriticalWriters | undefined; problem: string | null }> {
  const marked = !marksNothing(criticalSettingOf(config));
  if (!join.expected && !marked) return { writers: undefined, problem: null };
  const summary = join.problem ? null : await readJson<JoinSummary>(store, matrixSummaryKey(runId)).catch(() => null);
  const problem =
    join.problem ??
    (summary === null
      ? `the access matrix of run ${runId} was not built (no ${matrixSummaryKey(runId)})`
      : marked && !summary.critical
        ? 'the access-matrix join did not record the critical resources'
        : null);
  if (problem !== null) return { writers: { critical: [], unknown: [], notRead: [], notBuilt: problem }, problem };
  return { writers: summary?.critical?.result, problem: null };
}
