/**
 * The Security Hub part of publishing: decide which account the ASFF findings are for and, when a sink is given
 * (`securityHub` on), send them. Returns what the report records; never throws for an AWS answer: an importer that
 * cannot be resolved fails the whole delivery, as a gap naming every finding that was not sent.
 * Works from the report's head and streamed lists (issue 21): without a sink it reads no list at all.
 */
import { asffPlanFrom } from './asff-plan.js';
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

/** Resolves the importer, sends the plan when a sink is given, and says what happened. */
export async function securityHubStep(
  head: Pick<ReportHead, 'generatedAt' | 'suppressions'>,
  lists: ReportLists,
  sink: SecurityHubSink | undefined,
  fallback: Importer,
  reportLink: string,
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
  const delivery = await sink.deliver(await asffPlanFrom(head, lists, ctx), ctx);
  return { ...importer, productArn: productArn(importer), importer: 'caller', reportLink, delivery };
}
