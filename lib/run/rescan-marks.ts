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
  /**
   * The run's report as a seed, read whole the first time it is asked for (then kept): only an account whose state
   * document is missing or unreadable needs it, and the nightly run writes every account's state, so a rescan
   * usually never reads it (at 1,000 accounts the whole report is tens of MB of text and several times that parsed).
   * Null when the report cannot seed (a part missing or garbled, a list absent).
   */
  seedReport: () => Promise<SeedReport | null>;
  /** The seed if `seedReport` has already read it (null: it cannot seed), undefined if it has not been read. */
  readSeed: () => SeedReport | null | undefined;
  reportKey: string;
}

/** The report document as a seed, or null when it lacks what a seed reads. */
function asSeed(report: Partial<SeedReport>): SeedReport | null {
  const usable =
    Array.isArray(report.findings) && report.coverage !== undefined && typeof report.generatedAt === 'string';
  return usable ? (report as SeedReport) : null;
}

/**
 * Reads the run's report whole for a seed: the dated copy the head names (immutable, so it is the run whose manifest
 * was read even if a newer night replaced `latest` since), else `latest` if it still is that run.
 */
async function readSeedOf(store: RunStore, head: Partial<SeedReport> & ReportLocation, runId: string) {
  const key = head.location?.prefix ? `${head.location.prefix}report.json` : LATEST_REPORT_KEY;
  const read = await readReport(store, key);
  if (!read?.ok || read.doc.runId !== runId) return null;
  return asSeed(read.doc);
}

interface ReportLocation {
  parts?: unknown;
  location?: { prefix?: string };
}

/**
 * The last published run: the run id of `reports/latest/report.json`, then that run's manifest; its report is read
 * only when a seed needs it (`seedReport`). Null before the first run; a report whose manifest is missing is an error
 * (the bucket was tampered with).
 */
export async function latestRun(store: RunStore): Promise<LatestRun | null> {
  const head = await readJson<Partial<SeedReport> & ReportLocation>(store, LATEST_REPORT_KEY);
  if (!head) return null;
  if (typeof head.runId !== 'string') throw new ScannerError(`\`${LATEST_REPORT_KEY}\` has no run id`);
  const { runId } = head;
  const manifest = await readJson<Manifest>(store, manifestKey(runId));
  if (!manifest) throw new ScannerError(`no manifest for the last run \`${runId}\` at \`${manifestKey(runId)}\``);
  // A report in one file is its own head (small: it fits the inline budget); an index's lists are in parts.
  const whole = head.parts ? null : asSeed(head);
  let seed: Promise<SeedReport | null> | undefined;
  let read: SeedReport | null | undefined = head.parts ? undefined : whole;
  const seedReport = () => {
    seed ??= head.parts ? readSeedOf(store, head, runId).then((r) => (read = r)) : Promise.resolve(whole);
    return seed;
  };
  return { manifest, seedReport, readSeed: () => read, reportKey: LATEST_REPORT_KEY };
}
