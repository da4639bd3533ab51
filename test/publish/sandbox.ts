/**
 * A sandbox with a report bucket and the real SDK clients pointed at it (loopback, ephemeral port).
 */
import { S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { startSandbox, type Sandbox } from '../../lib/sandbox/index.js';

export const SCANNER = '123456789012';
export const BUCKET = 'oas-reports';

export interface ReportSandbox {
  sandbox: Sandbox;
  s3: S3Client;
  sns: SNSClient;
  topicArn: string;
}

/** Starts a one-account organisation whose account holds the report bucket and an SNS topic. */
export async function startReportSandbox(): Promise<ReportSandbox> {
  const sandbox = await startSandbox({
    org: {
      organization: { id: 'o-abcdef1234', managementAccountId: SCANNER, rootId: 'r-ab12' },
      regions: ['eu-west-1'],
      accounts: [{ id: SCANNER, name: 'security', buckets: [{ name: BUCKET, region: 'eu-west-1' }] }],
    },
  });
  const credentials = { accessKeyId: 'AKIASANDBOXSCANNER01', secretAccessKey: 'sandbox-secret-not-checked' };
  // WHEN_REQUIRED: presigned links are opened by a browser, which does not validate response checksums.
  const s3 = new S3Client({
    endpoint: sandbox.url,
    region: 'eu-west-1',
    credentials,
    forcePathStyle: true,
    maxAttempts: 1,
    responseChecksumValidation: 'WHEN_REQUIRED',
  });
  const sns = new SNSClient({ endpoint: sandbox.url, region: 'eu-west-1', credentials, maxAttempts: 1 });
  const topic = await sns.send(new CreateTopicCommand({ Name: 'oas-alerts' }));
  return { sandbox, s3, sns, topicArn: topic.TopicArn! };
}

/** Stops the clients and the sandbox. */
export async function stopReportSandbox(r: ReportSandbox | undefined): Promise<void> {
  if (!r) return;
  r.s3.destroy();
  r.sns.destroy();
  await r.sandbox.close();
}
