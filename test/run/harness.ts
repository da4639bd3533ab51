/**
 * A sandbox with the demo organisation and everything the pipeline needs to talk to it through the real SDK
 * clients: the collectors' client factory, the report bucket as a store, a findings topic. Shared by the
 * runner, handler and pipeline-diff tests. Sets no process-wide state.
 */
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { S3Client } from '@aws-sdk/client-s3';
import { createClientFactory, type ClientFactory } from '../../lib/collect/clients.js';
import { S3ReportStore, SnsNotifier } from '../../lib/publish/index.js';
import { resolvePipelineConfig, type PipelineConfig } from '../../lib/run/config.js';
import { startSandbox, type Sandbox } from '../../lib/sandbox/index.js';

const DEMO_ORG = 'fixtures/demo-org.yaml';
export const REPORT_BUCKET = 'demo-scanner-reports';
export const CENTRAL = '222222222222';
export const DATA_LAKE = '444444444444';
export const NO_ROLE = '555555555555';
export const VENDOR = '777777777777';

export interface Harness {
  sandbox: Sandbox;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  factory: ClientFactory;
  s3: S3Client;
  sns: SNSClient;
  store: S3ReportStore;
  notifier: SnsNotifier;
  topicArn: string;
  config: PipelineConfig;
  /** Keys of the objects in the report bucket under a prefix. */
  keys(prefix: string): string[];
  close(): Promise<void>;
}

/** Starts the sandbox and the clients (zero latency, no faults beyond the seed's). */
export async function startHarness(): Promise<Harness> {
  const sandbox = await startSandbox({ org: DEMO_ORG });
  const region = sandbox.org.buckets.get(REPORT_BUCKET)!.region;
  const env = sandbox.env(region);
  const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
  const factory = createClientFactory({ endpoint: sandbox.url, credentials, homeRegion: region, maxAttempts: 2 });
  const s3 = new S3Client({ region, endpoint: sandbox.url, credentials, forcePathStyle: true });
  const sns = new SNSClient({ region, endpoint: sandbox.url, credentials });
  const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'findings' }))).TopicArn!;
  return {
    sandbox,
    region,
    credentials,
    factory,
    s3,
    sns,
    store: new S3ReportStore(s3, REPORT_BUCKET),
    notifier: new SnsNotifier(sns, topicArn),
    topicArn,
    config: resolvePipelineConfig({ regions: sandbox.org.regions, maxConcurrency: 3 }),
    keys: (prefix) =>
      sandbox
        .s3Objects(undefined, REPORT_BUCKET)
        .map((o) => o.key)
        .filter((k) => k.startsWith(prefix))
        .sort(),
    close: async () => {
      factory.destroy();
      s3.destroy();
      sns.destroy();
      await sandbox.close();
    },
  };
}

/** The function environment serverless.yml gives the handlers, pointed at the harness's sandbox. */
export function functionEnv(h: Harness, extra: Record<string, string> = {}): Record<string, string> {
  return {
    ...h.sandbox.env(h.region),
    REPORT_BUCKET,
    TOPIC_ARN: h.topicArn,
    REGIONS: h.sandbox.org.regions.join(','),
    MEMBER_ROLE_NAME: 'OrgAccessScannerAudit',
    ZONE: 'organization',
    ...extra,
  };
}
