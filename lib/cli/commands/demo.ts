/**
 * `org-access-scanner demo` (`npm run demo`): start the sandbox with the demo organisation on an ephemeral port,
 * point the AWS SDK at it (in this process only), run the whole pipeline (plan -> scan -> publish) through
 * lib/run, write the reports to the sandbox's bucket and to ./out/, and print a summary.
 */
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { S3Client } from '@aws-sdk/client-s3';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseCommandArgs } from '../args.js';
import { createClientFactory } from '../../collect/clients.js';
import { LocalReportStore, S3ReportStore, SecurityHubWriter, SnsNotifier, type ReportDoc } from '../../publish/index.js';
import { resolvePipelineConfig } from '../../run/config.js';
import { runPipeline, TeeStore } from '../../run/index.js';
import { renderRunSummary } from '../../run/summary.js';
import { startSandbox } from '../../sandbox/index.js';

const DEFAULT_ORG = fileURLToPath(new URL('../../../fixtures/demo-org.yaml', import.meta.url));
/** The scanner's own bucket in the demo organisation's management account (fixtures/demo-org.yaml). */
export const DEMO_BUCKET = 'demo-scanner-reports';
export const DEMO_TOPIC = 'org-access-scanner-findings';

const USAGE = `usage: org-access-scanner demo [--org FILE] [--out DIR] [--top N]

Runs the whole pipeline against the built-in sandbox organisation and writes the reports to DIR (default ./out).
`;

/** Sets the SDK's environment for this process and returns a function restoring the previous values. */
function pointSdkAt(env: Record<string, string>): () => void {
  const touched = [...Object.keys(env), 'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED', 'AWS_PROFILE', 'AWS_SESSION_TOKEN'];
  const saved = Object.fromEntries(touched.map((k) => [k, process.env[k]]));
  Object.assign(process.env, env, { AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true' });
  // A profile or session token from the user's shell must not leak into the sandbox's dummy credentials.
  delete process.env.AWS_PROFILE;
  delete process.env.AWS_SESSION_TOKEN;
  return () => {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

/** Runs the demo; returns the exit code. */
export async function run(argv: string[]): Promise<number> {
  const args = parseCommandArgs({ args: argv, options: { org: { type: 'string' }, out: { type: 'string' }, top: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }, USAGE);
  if (!args.ok) return args.code;
  const { values } = args.parsed;
  const started = Date.now();
  const outDir = resolve(values.out ?? 'out');
  const sandbox = await startSandbox({ org: values.org ? resolve(values.org) : DEFAULT_ORG });
  const bucket = sandbox.org.buckets.get(DEMO_BUCKET);
  const region = bucket?.region ?? sandbox.org.regions[0] ?? 'us-east-1';
  const env = sandbox.env(region);
  const restore = pointSdkAt(env);
  const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
  const factory = createClientFactory({ endpoint: sandbox.url, credentials, homeRegion: region, maxAttempts: 3 });
  const s3 = new S3Client({ region, endpoint: sandbox.url, credentials, forcePathStyle: true });
  const sns = new SNSClient({ region, endpoint: sandbox.url, credentials });
  const securityHub = new SecurityHubClient({ region, endpoint: sandbox.url, credentials });
  const sts = new STSClient({ region, endpoint: sandbox.url, credentials });
  try {
    if (!bucket) throw new Error(`the demo organisation has no bucket \`${DEMO_BUCKET}\` for the reports`);
    const topic = await sns.send(new CreateTopicCommand({ Name: DEMO_TOPIC }));
    const local = new LocalReportStore(outDir);
    const store = new TeeStore(new S3ReportStore(s3, DEMO_BUCKET), local);
    const config = resolvePipelineConfig({ regions: sandbox.org.regions, zone: 'organization', maxConcurrency: 4, securityHub: true });
    process.stdout.write(`sandbox ${sandbox.url}: ${sandbox.org.accounts.size} accounts, regions ${sandbox.org.regions.join(', ')}\n`);
    const result = await runPipeline({
      config,
      store,
      factory,
      notifier: new SnsNotifier(sns, topic.TopicArn!),
      securityHub: new SecurityHubWriter(securityHub, sts),
      suppressionsText: null,
      onAccount: (e) => process.stdout.write(`  [${e.done}/${e.total}] ${e.accountId} ${e.error ? `failed: ${e.error}` : `${e.output!.findings} findings, ${e.output!.gaps} gaps`}\n`),
    });
    const doc = JSON.parse((await local.get('reports/latest/report.json')) ?? 'null') as ReportDoc;
    const htmlPath = local.locationOf('reports/latest/report.html');
    process.stdout.write(`\n${renderRunSummary(doc, { htmlPath, top: Number(values.top ?? 12), messages: sandbox.snsMessages().length })}`);
    process.stdout.write(`reports also in s3://${DEMO_BUCKET}/${result.publish.prefix} (sandbox); done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
    return 0;
  } finally {
    factory.destroy();
    s3.destroy();
    sns.destroy();
    securityHub.destroy();
    sts.destroy();
    restore();
    await sandbox.close();
  }
}
