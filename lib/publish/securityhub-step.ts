/**
 * The Security Hub part of publishing: decide which account the ASFF findings are for and, when a sink is given
 * (`securityHub` on), send them. Returns what the report records; never throws for an AWS answer: an importer that
 * cannot be resolved fails the whole delivery, as a gap naming every finding that was not sent.
 */
import { asffPlan, productArn } from './render-asff.js';
import { MAX_LISTED_FAILURES, type SecurityHubReport } from './securityhub-delivery.js';
import type { Importer, SecurityHubSink } from './securityhub-writer.js';
import type { ReportDoc } from './types.js';

/**
 * The stand-in importer of a report that is not sent: the organisation's management account, else a placeholder
 * (`findings.asff.json` then says `importer: assumed` in report.json; re-render with the real account to import).
 */
export function assumedImporter(doc: ReportDoc): Importer {
  return {
    account: doc.organization?.managementAccountId ?? '000000000000',
    partition: 'aws',
    region: doc.regions[0] ?? 'us-east-1',
  };
}

/** Resolves the importer, sends the plan when a sink is given, and says what happened. */
export async function securityHubStep(
  doc: ReportDoc,
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
    const e = err as Error;
    const plan = asffPlan(doc, { ...fallback, reportLink });
    const failed = plan.findings.map((f) => ({
      id: f.Id,
      call: 'GetCallerIdentity' as const,
      code: e.name ?? 'Error',
      message: `the importing account could not be resolved: ${e.message}`,
    }));
    return {
      ...assumed,
      delivery: {
        status: 'failed',
        imported: 0,
        archived: 0,
        suppressed: 0,
        unsuppressed: 0,
        untouched: plan.untouched.length,
        importBatches: [],
        failedCount: failed.length,
        failed: failed.slice(0, MAX_LISTED_FAILURES),
      },
    };
  }
  const ctx = { ...importer, reportLink };
  const delivery = await sink.deliver(asffPlan(doc, ctx), ctx);
  return { ...importer, productArn: productArn(importer), importer: 'caller', reportLink, delivery };
}
