/**
 * The publish step's "new writers to critical resources" (issue 22): when the configuration marks resources critical
 * (`CRITICAL_RESOURCES`, `CRITICAL_TAG`), the access matrix of this run and of the previous published run are
 * computed from their stored account results and diffed; the new writers to critical resources lead the message.
 * Nothing is computed when nothing is marked. No previous run: nothing is "new" (a first run is not news). A
 * previous run whose results are gone is not a baseline: its accounts are gaps, the writers "not known before".
 * LIMIT: both runs' inventories are held at once (the matrix held whole); at the 1,000-account size this is the join
 * step's load (docs/benchmarks.md), not the publish step's usual streamed read.
 */
import {
  criticalWriters,
  marksNothing,
  type CriticalSetting,
  type CriticalWriters,
} from '../analyze/effective/critical.js';
import { newWriters } from '../analyze/effective/diff.js';
import { effectiveInputOf } from '../analyze/effective/from-inventory.js';
import { accessMatrix } from '../analyze/effective/matrix.js';
import type { EffectiveInput } from '../analyze/effective/types.js';
import type { Manifest } from '../model/manifest.js';
import { notCollected } from '../model/inventory.js';
import { loadPrevious } from '../publish/previous.js';
import type { ReportStore } from '../publish/types.js';
import type { PipelineConfig } from './config.js';
import { loadAccountResults, loadManifest } from './steps.js';

/** The configuration's marking. */
export function criticalSettingOf(config: PipelineConfig): CriticalSetting {
  return { arns: config.criticalResources, ...(config.criticalTag ? { tag: config.criticalTag } : {}) };
}

/** The matrix input of a stored run; an account of the plan without a result is "not collected" (a gap). */
async function inputOfRun(store: ReportStore, runId: string, manifest: Manifest): Promise<EffectiveInput> {
  const { results, missing } = await loadAccountResults(store, runId, manifest);
  const inventories = results.map((r) => r.inventory ?? notCollected(r.account, r.startedAt, r.gaps));
  const byId = new Map(manifest.accounts.map((a) => [a.id, a]));
  for (const id of missing) {
    const account = byId.get(id);
    if (account) inventories.push(notCollected(account, manifest.createdAt, []));
  }
  return effectiveInputOf(manifest, inventories);
}

/**
 * New writers to critical resources of `runId` against the previous published run, or undefined when nothing is
 * marked critical or there is no previous run to diff against.
 */
export async function criticalWritersOfRun(
  store: ReportStore,
  runId: string,
  manifest: Manifest,
  config: PipelineConfig,
): Promise<CriticalWriters | undefined> {
  const setting = criticalSettingOf(config);
  if (marksNothing(setting)) return undefined;
  const previous = await loadPrevious(store, runId);
  const input = await inputOfRun(store, runId, manifest);
  const current = accessMatrix(input);
  if (!previous.head) return { ...criticalWriters([], input.resources, setting) };
  const prevRun = previous.head.runId;
  const prevInput = await loadManifest(store, prevRun).then(
    (m) => inputOfRun(store, prevRun, m),
    () => null,
  );
  // INVARIANT: a previous run whose plan is gone gives no baseline: every writer is "not known before", not "new".
  const before = prevInput
    ? accessMatrix(prevInput)
    : { rows: [], gaps: [{ subject: 'scps', reason: `the plan of run ${prevRun} was not found` }], evaluated: 0 };
  return criticalWriters(newWriters(before, current), input.resources, setting);
}
