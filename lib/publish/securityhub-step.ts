/**
 * The Security Hub part of publishing: decide which account the ASFF findings are for and, when a sink is given
 * (`securityHub` on), send them. Returns what the report records; never throws for an AWS answer: an importer that
 * cannot be resolved fails the whole delivery, as a gap naming every finding that was not sent.
 * Works from the report's head and streamed lists (issue 21): without a sink it reads no list at all; with one, the
 * plan is made and sent a slice at a time.
 */
import { asffPlanSlices } from './asff-plan.js';
import { productArn } from './render-asff.js';
import type { ReportHead, ReportLists } from './report-stream.js';
import {
  MAX_LISTED_FAILURES,
  type DeliveryFailure,
  type SecurityHubDelivery,
  type SecurityHubReport,
} from './securityhub-delivery.js';
import type { Importer, SecurityHubSink } from './securityhub-writer.js';

/**
 * The stand-in importer of a report that is not sent: the organisation's management account, else a placeholder
 * (`findings.asff.json` then says `importer: assumed` in report.json; re-render with the real account to import).
 */
export function assumedImporter(head: Pick<ReportHead, 'organization' | 'regions'>): Importer {
  return {
    account: head.organization?.managementAccountId ?? '000000000000',
    partition: 'aws',
    region: head.regions[0] ?? 'us-east-1',
  };
}

/**
 * The delivery of a run whose importer could not be resolved: every finding that would have been sent fails (in the
 * order they would have been sent; the first MAX_LISTED_FAILURES listed), counted in one pass over the lists.
 */
async function unresolved(lists: ReportLists, err: Error): Promise<SecurityHubDelivery> {
  const failed: DeliveryFailure[] = [];
  let failedCount = 0;
  let untouched = 0;
  const fail = (id: string): void => {
    if (failedCount++ < MAX_LISTED_FAILURES)
      failed.push({
        id,
        call: 'GetCallerIdentity',
        code: err.name ?? 'Error',
        message: `the importing account could not be resolved: ${err.message}`,
      });
  };
  for await (const f of lists.findings()) {
    if (f.status === 'not-checked') untouched++;
    else fail(f.id);
  }
  for await (const f of lists.resolved()) fail(f.id);
  return {
    status: 'failed',
    imported: 0,
    archived: 0,
    suppressed: 0,
    unsuppressed: 0,
    untouched,
    importBatches: [],
    failedCount,
    failed,
  };
}

/** Findings planned and sent per `deliver`: the ASFF findings held at once (a multiple of the batch size, 100). */
const SLICE_FINDINGS = 10_000;

/**
 * Two slices' deliveries as one: counts and batches added up, failures listed in order (the first
 * MAX_LISTED_FAILURES); `sent` when every slice was, `failed` when every slice was, else `partial`.
 */
function joined(a: SecurityHubDelivery | null, b: SecurityHubDelivery): SecurityHubDelivery {
  if (!a) return b;
  return {
    status: a.status === b.status ? a.status : 'partial',
    imported: a.imported + b.imported,
    archived: a.archived + b.archived,
    suppressed: a.suppressed + b.suppressed,
    unsuppressed: a.unsuppressed + b.unsuppressed,
    untouched: a.untouched + b.untouched,
    importBatches: [...a.importBatches, ...b.importBatches],
    failedCount: a.failedCount + b.failedCount,
    failed: [...a.failed, ...b.failed].slice(0, MAX_LISTED_FAILURES),
  };
}

/**
 * Resolves the importer, sends the plan when a sink is given, and says what happened. The plan is made and sent
 * `sliceFindings` findings at a time, so no more ASFF findings than that are held.
 */
export async function securityHubStep(
  head: Pick<ReportHead, 'generatedAt' | 'suppressions'>,
  lists: ReportLists,
  sink: SecurityHubSink | undefined,
  fallback: Importer,
  reportLink: string,
  sliceFindings = SLICE_FINDINGS,
): Promise<SecurityHubReport> {
  const assumed: SecurityHubReport = { ...fallback, productArn: productArn(fallback), importer: 'assumed', reportLink };
  if (!sink) return assumed;
  let importer: Importer;
  try {
    importer = await sink.importer();
  } catch (err) {
    return { ...assumed, delivery: await unresolved(lists, err as Error) };
  }
  const ctx = { ...importer, reportLink };
  // One slice of the plan at a time (a report of 10,000 findings or fewer is one slice, one `deliver`, as before).
  let delivery: SecurityHubDelivery | null = null;
  for await (const plan of asffPlanSlices(head, lists, ctx, sliceFindings))
    delivery = joined(delivery, await sink.deliver(plan, ctx));
  delivery ??= await sink.deliver({ findings: [], suppress: [], unsuppress: [], untouched: [] }, ctx);
  return { ...importer, productArn: productArn(importer), importer: 'caller', reportLink, delivery };
}
