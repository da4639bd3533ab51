/**
 * The report bucket and findings topic as the functions reach them: lib/publish's S3 store and SNS notifier over
 * the traced clients of ./clients.ts, named by REPORT_BUCKET and TOPIC_ARN (set by serverless.yml).
 */
import { S3ReportStore, SecurityHubWriter, SnsNotifier } from '../../lib/publish/index.js';
import { requireEnv, s3Client, securityHubClient, snsClient, stsClient } from './clients.js';

/** The report bucket as a store (manifest, account results, reports, markers). */
export function runStore(): S3ReportStore {
  return new S3ReportStore(s3Client(), requireEnv('REPORT_BUCKET'));
}

/** The findings topic. */
export function findingsNotifier(): SnsNotifier {
  return new SnsNotifier(snsClient(), requireEnv('TOPIC_ARN'));
}

/** Security Hub of the function's own account (used only when the `securityHub` setting is on). */
export function findingsHub(): SecurityHubWriter {
  return new SecurityHubWriter(securityHubClient(), stsClient());
}
