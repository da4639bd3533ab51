/**
 * The report bucket and findings topic as the functions reach them: lib/publish's S3 store and SNS notifier over
 * the traced clients of ./clients.ts, named by REPORT_BUCKET and TOPIC_ARN (set by serverless.yml).
 */
// Imported from their files, not lib/publish's index: the index also pulls in the suppressions parser and its YAML
// library, which plan-scan and scan-account never use (they would ship it in their bundles).
import { SnsNotifier } from '../../lib/publish/notifier-sns.js';
import { S3ReportStore } from '../../lib/publish/store-s3.js';
import { requireEnv, s3Client, snsClient } from './clients.js';

/** The report bucket as a store (manifest, account results, reports, markers). */
export function runStore(): S3ReportStore {
  return new S3ReportStore(s3Client(), requireEnv('REPORT_BUCKET'));
}

/** The findings topic. */
export function findingsNotifier(): SnsNotifier {
  return new SnsNotifier(snsClient(), requireEnv('TOPIC_ARN'));
}
