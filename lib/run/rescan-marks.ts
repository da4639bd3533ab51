/**
 * What a rescan reads besides the member account: the last run's plan (its accounts, RCPs and zone of trust) and the
 * coalescing marks. A mark records when a scope's last read started; an event whose change happened before that read
 * (with a margin for S3's and ECR's eventual consistency) is already reflected in it, so a storm of events for one
 * resource is read once however the queue batches it.
 */
import { ScannerError } from '../errors.js';
import type { SeedReport } from '../findings/state-seed.js';
import type { Manifest } from '../model/manifest.js';
import { readReport } from '../publish/report-index.js';
import { LATEST_REPORT_KEY } from '../publish/write-report.js';
import { manifestKey } from './keys.js';
import { readJson, writeJson, type RunStore } from './store.js';

/**
 * An event is coalesced into a read that started at least this long after the change. CloudTrail's `eventTime` is
 * cut to the second, and a policy written a moment ago may not be what every read returns yet.
 */
export const COALESCE_MARGIN_MS = 5_000;

/** Where the mark of a scope lives (the key is made safe for S3 and for a file name). */
function markKey(scopeKey: string): string {
  return `state/rescans/${encodeURIComponent(scopeKey).replace(/%/g, '~')}.json`;
}

/** When the scope's last read started, or null. */
export async function readMark(store: RunStore, scopeKey: string): Promise<string | null> {
  const mark = await readJson<{ readStartedAt?: string }>(store, markKey(scopeKey));
  return typeof mark?.readStartedAt === 'string' ? mark.readStartedAt : null;
}

/**
 * Records a read. Not conditional: a late writer can only move the mark back, which costs one more read of the scope
 * later and never skips a change.
 */
export async function writeMark(store: RunStore, scopeKey: string, readStartedAt: string): Promise<void> {
  await writeJson(store, markKey(scopeKey), { scope: scopeKey, readStartedAt });
}

/** The last published run: its plan, and its report (to seed an account's state the nightly run has not written). */
export interface LatestRun {
  manifest: Manifest;
  report: SeedReport | null;
  reportKey: string;
}

/**
 * The last published run: the run id of `reports/latest/report.json`, then that run's manifest.
 * Null before the first run; a report whose manifest is missing is an error (the bucket was tampered with).
 */
export async function latestRun(store: RunStore): Promise<LatestRun | null> {
  const head = await readJson<Partial<SeedReport> & { parts?: unknown }>(store, LATEST_REPORT_KEY);
  if (!head) return null;
  // A large report is an index of parts (lib/publish/report-index.ts): its lists are read from them; parts that cannot
  // be read leave the report unusable for seeding, as a report without findings would be.
  const whole = head.parts ? await readReport(store, LATEST_REPORT_KEY) : null;
  const report: Partial<SeedReport> = whole?.ok ? whole.doc : head.parts ? { runId: head.runId } : head;
  if (typeof report.runId !== 'string') throw new ScannerError(`\`${LATEST_REPORT_KEY}\` has no run id`);
  const manifest = await readJson<Manifest>(store, manifestKey(report.runId));
  if (!manifest)
    throw new ScannerError(`no manifest for the last run \`${report.runId}\` at \`${manifestKey(report.runId)}\``);
  const usable =
    Array.isArray(report.findings) && report.coverage !== undefined && typeof report.generatedAt === 'string';
  return { manifest, report: usable ? (report as SeedReport) : null, reportKey: LATEST_REPORT_KEY };
}
