/**
 * What the CLI says about a run the pipeline's publish step (lib/run/publish-step.ts) published into a local folder:
 * `scan` after collecting, `report` on a saved folder, so both print the same summary and gate on the same counts.
 * Also the suppressions file both read (a path or `s3://bucket/key`).
 */
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ConfigError } from '../errors.js';
import type { LintFinding } from '../model/finding.js';
import { SEVERITY_ORDER } from '../model/severity.js';
import type { PublishOutcome } from '../publish/index.js';
import { addToCounts, emptyCounts, type GateCounts } from './gate.js';
import { plural } from './plural.js';
import { readInputFile } from './io.js';

/** Reads the suppressions file from a path or `s3://bucket/key` (the SDK's credential chain and endpoint). */
export async function readSuppressions(location: string): Promise<string> {
  const s3 = /^s3:\/\/([^/]+)\/(.+)$/.exec(location);
  if (!s3) return readInputFile(location, 'suppressions file');
  const client = new S3Client({
    forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3 ?? process.env.AWS_ENDPOINT_URL),
  });
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: s3[1], Key: s3[2] }));
    return (await out.Body?.transformToString('utf-8')) ?? '';
  } catch (err) {
    throw new ConfigError(
      `cannot read suppressions file \`${location}\`: ${(err as Error).name}: ${(err as Error).message}`,
      { cause: err },
    );
  } finally {
    client.destroy();
  }
}

/** What a published run amounts to, for the summary lines and the gate. */
export interface PublishedRun {
  outcome: PublishOutcome;
  reportPath: string;
  counts: GateCounts;
}

/**
 * What the gate counts in a published run: its open findings (suppressed ones do not fail a gate), the lint (never
 * suppressed), its gaps and what it could not read at all, counted once with the report (lib/publish/incomplete-text.ts).
 */
export function gateCountsOf(outcome: PublishOutcome, lint: readonly Pick<LintFinding, 'rule'>[]): GateCounts {
  const s = outcome.summary;
  const counts = addToCounts(emptyCounts(), [], lint);
  counts.byAccess = { ...s.byAccess };
  counts.bySeverity = { ...s.bySeverity };
  // Counted once (lib/publish/incomplete-text.ts): accounts not read or read in part, and the organisation listing.
  const i = outcome.incompleteness ?? null;
  // A state that could not be used (missing or unreadable) is a gap too: what is new could not be judged against it.
  counts.gaps = (i ? i.notRead + i.partial + (i.planning ? 1 : 0) : 0) + outcome.stateProblems.length;
  counts.unread = i ? i.notRead + (i.organisationListed ? 0 : 1) : 0;
  if (counts.unread > 0) counts.unreadText = outcome.incompleteLead ?? 'scan incomplete';
  // A previous state that is missing or unreadable means what is new could not be judged: like an account not read,
  // it fails whatever the thresholds (issue 20: "a loud warning in the report, the message and the exit code").
  if (outcome.stateProblems.length > 0) {
    const state = `${plural(outcome.stateProblems.length, 'state problem')}: ${outcome.stateProblems[0]}`;
    counts.unread = (counts.unread ?? 0) + outcome.stateProblems.length;
    counts.unreadText = counts.unreadText ? `${counts.unreadText}; ${state}` : state;
  }
  return counts;
}

/** The summary lines `report` and `scan` print. */
export function summaryLines({ outcome, reportPath }: PublishedRun, opts: { lead?: boolean } = {}): string {
  const s = outcome.summary;
  return [
    // The incompleteness lead, unless the caller already printed it first (scan).
    ...(outcome.incompleteLead && opts.lead !== false ? [outcome.incompleteLead] : []),
    `run ${outcome.runId}: ${plural(s.open, 'open finding')} (${SEVERITY_ORDER.map((v) => `${v} ${s.bySeverity[v]}`).join(', ')})`,
    `new ${s.byStatus.new}, changed ${s.byStatus.changed}, resolved ${s.byStatus.resolved}, not checked ${s.byStatus['not-checked']}, suppressed ${s.suppressed}` +
      (outcome.previousRunId ? ` since run ${outcome.previousRunId}` : ' (first report in this directory)'),
    ...(s.newKinds && s.newKinds['first-read'] + s.newKinds.assumed + (s.newKinds.announced ?? 0) > 0
      ? [
          `of the new: ${s.newKinds.granted} newly granted, ${s.newKinds['new-resource']} on new resources, ${s.newKinds['first-read']} first reads, ${s.newKinds.assumed} resting on a failed read (not news)` +
            (s.newKinds.announced
              ? `, ${s.newKinds.announced} already announced by the event path (not news again)`
              : ''),
        ]
      : []),
    ...outcome.stateProblems.map((p) => `warning: ${p}`),
    `coverage: ${s.accounts.fullyScanned} of ${s.accounts.total} accounts fully scanned`,
    `report: ${reportPath}`,
    ...(deliveryLine(outcome) ? [deliveryLine(outcome)!] : []),
    '',
  ].join('\n');
}

/** Says on stderr that the suppressions file could not be used (every finding then counts, unsuppressed). */
export function warnSuppressions(command: string, outcome: PublishOutcome): void {
  for (const e of outcome.suppressionErrors)
    process.stderr.write(`${command}: suppressions: ${e.path}: ${e.message}\n`);
  if (outcome.suppressionErrors.length > 0)
    process.stderr.write(`${command}: suppressions file is malformed: every finding is reported unsuppressed\n`);
}

/** One line about the Security Hub delivery, when the findings were sent. */
function deliveryLine(outcome: PublishOutcome): string | null {
  const hub = outcome.securityHub;
  if (!hub?.delivery) return null;
  const d = hub.delivery;
  const gap =
    d.failedCount > 0
      ? `; ${d.failedCount} not taken: ${[...new Set(d.failed.map((f) => `${f.code}: ${f.message}`))].slice(0, 2).join('; ')}`
      : '';
  return `security hub: ${d.status}, ${d.imported} imported, ${d.archived} archived, ${d.suppressed} suppressed into ${hub.productArn}${gap}`;
}
