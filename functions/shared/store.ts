/**
 * The report bucket and findings topic as the functions reach them: lib/publish's S3 store and SNS notifier over
 * the traced clients of ./clients.ts, named by REPORT_BUCKET and TOPIC_ARN (set by serverless.yml).
 */
import { S3ReportStore, SnsNotifier } from '../../lib/publish/index.js';
import { requireEnv, s3Client, snsClient } from './clients.js';

/** The report bucket as a store (manifest, account results, reports, markers). */
export function runStore(): S3ReportStore {
  return new S3ReportStore(s3Client(), requireEnv('REPORT_BUCKET'));
}

/** The findings topic. */
export function findingsNotifier(): SnsNotifier {
  return new SnsNotifier(snsClient(), requireEnv('TOPIC_ARN'));
}
