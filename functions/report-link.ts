/**
 * report-link: a Lambda Function URL (AWS_IAM auth: only signed callers of the account reach it) that answers
 * with a redirect to a short-lived presigned URL of the latest report, for compliance downloads.
 * `?file=report.html|report.json|findings.csv|coverage.csv` (default report.html).
 */
import { presignReport } from '../lib/publish/presign.js';
import { requireEnv, s3Client } from './shared/clients.js';
import { logger, withObservability } from './shared/observability.js';

/** The parts of a Function URL event (payload format 2.0) the handler reads. */
export interface FunctionUrlEvent {
  rawPath?: string;
  queryStringParameters?: Record<string, string | undefined>;
  requestContext?: { http?: { method?: string; sourceIp?: string }; authorizer?: { iam?: { userArn?: string } } };
}

export interface FunctionUrlResult {
  statusCode: number;
  headers: Record<string, string>;
  body?: string;
}

/** Files of `reports/latest/` that may be linked. The role can read nothing else (serverless.yml). */
export const LINKABLE_FILES = ['report.html', 'report.json', 'findings.csv', 'coverage.csv'] as const;
/** Seconds a link stays valid: long enough to start a download, short enough not to be passed around. */
export const LINK_SECONDS = 300;

async function reportLink(event: FunctionUrlEvent): Promise<FunctionUrlResult> {
  const file = event?.queryStringParameters?.file ?? 'report.html';
  if (!(LINKABLE_FILES as readonly string[]).includes(file)) {
    return {
      statusCode: 400,
      headers: { 'content-type': 'text/plain' },
      body: `unknown file \`${file}\`; one of ${LINKABLE_FILES.join(', ')}\n`,
    };
  }
  // The role may read reports/latest/* only, so the link names the latest copy, not the dated one.
  const { url, key } = await presignReport(s3Client(), {
    bucket: requireEnv('REPORT_BUCKET'),
    key: `reports/latest/${file}`,
    expiresIn: LINK_SECONDS,
  });
  logger.info('report link issued', { key, caller: event?.requestContext?.authorizer?.iam?.userArn });
  return { statusCode: 302, headers: { location: url, 'cache-control': 'no-store' } };
}

export const handler = withObservability(reportLink);
