/**
 * Where a run keeps its intermediate objects in the report store (bucket or local directory). The layout is the
 * audit evidence of design.md "Outputs": `runs/<runId>/accounts/<account>.json` is one account's raw inventory and
 * findings. A retry of scan-account writes the same key again, so a (runId, account) has exactly one result object.
 */
import { createHash } from 'node:crypto';

/** Prefix of everything a run writes besides the reports. */
function runPrefix(runId: string): string {
  return `runs/${runId}/`;
}

/** The plan-scan manifest (organisation, accounts, RCPs, regions). */
export function manifestKey(runId: string): string {
  return `${runPrefix(runId)}manifest.json`;
}

/** The JSON array of accounts the Distributed Map iterates over (its ItemReader object). */
export function itemsKey(runId: string): string {
  return `${runPrefix(runId)}items.json`;
}

/** Where the Distributed Map's ResultWriter records each item's success or failure. */
export function mapResultsPrefix(runId: string): string {
  return `${runPrefix(runId)}map`;
}

/** Prefix of the per-account results. */
export function accountsPrefix(runId: string): string {
  return `${runPrefix(runId)}accounts/`;
}

/** One account's result object (`suffix`: a shard's, see lib/run/shards.ts). */
export function accountResultKey(runId: string, accountId: string, suffix = ''): string {
  return `${accountsPrefix(runId)}${accountId}${suffix}.json`;
}

/** A file of the run's access matrix (`access-matrix.csv`, `.jsonl`, `.html`), written by the join step. */
export function matrixFileKey(runId: string, file: string): string {
  return `${runPrefix(runId)}${file}`;
}

/** The join step's summary: counts, gaps and the writers of critical resources (lib/run/critical-step.ts). */
export function matrixSummaryKey(runId: string): string {
  return `${runPrefix(runId)}access-matrix-summary.json`;
}

/**
 * A run id: sortable by time, safe in S3 keys, in STS session names and in Step Functions execution names,
 * e.g. `20261122T030000Z-ab12cd34`. The suffix keeps two runs started in the same second apart: a name longer than
 * eight letters and digits keeps its first eight and gains four hex digits of a hash of the whole name, so
 * `night-0005` and `night-0006` (or two execution ids sharing a prefix) never share a run id, its report prefix and
 * its "already notified" marker (a CI run once lost a night's message that way).
 */
export function makeRunId(now: string, suffix: string): string {
  const stamp = now.replace(/\.\d+/, '').replace(/[-:]/g, '');
  const letters = suffix.replace(/[^A-Za-z0-9]/g, '').toLowerCase();
  const clean =
    letters.length > 8
      ? `${letters.slice(0, 8)}${createHash('sha256').update(suffix).digest('hex').slice(0, 4)}`
      : letters;
  return clean ? `${stamp}-${clean}` : stamp;
}

/** Checks a run id before it is used in a key (it comes from an event). */
export function isRunId(value: unknown): value is string {
  return typeof value === 'string' && /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/.test(value);
}
