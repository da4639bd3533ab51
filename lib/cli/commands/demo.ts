/**
 * `org-access-scanner demo` (`npm run demo`): start the sandbox with the demo organisation (or a generated one of
 * `--accounts N`) on an ephemeral port, point the AWS SDK at it (in this process only), and run the whole pipeline
 * (plan -> scan -> publish) through lib/run on two nights with policy changes in between (a new public grant, a fixed
 * one, a widened one), so the second report and message show what changed. Reports go to the sandbox's bucket and to
 * ./out/; each night's message is written to out/notifications/ and the second one is printed as Slack shows it.
 */
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { S3Client } from '@aws-sdk/client-s3';
import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import { mkdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT, parseCommandArgs, positiveInt, UsageError } from '../args.js';
import { withFailureReport } from '../failure.js';
import { plural } from '../plural.js';
import { prepareOutDir } from '../io.js';
import { createClientFactory } from '../../collect/clients.js';
import { LocalReportStore, S3ReportStore, SecurityHubWriter, SnsNotifier } from '../../publish/index.js';
import { ScannerError } from '../../errors.js';
import { resolvePipelineConfig } from '../../run/config.js';
import { runPipeline, TeeStore } from '../../run/index.js';
import { OverviewFindings, renderRunOverviewOf } from '../../run/overview.js';
import { readStoredReport } from '../stored-report.js';
import { startSandbox, type Sandbox } from '../../sandbox/index.js';
import {
  applyNightTwo,
  DEMO_BUCKET,
  DEMO_CRITICAL_RESOURCES,
  generatedDemoOrg,
  MAX_DEMO_ACCOUNTS,
  parseAccounts,
} from './demo-story.js';
import { claimDemoOut, DEMO_MARKER } from './demo-out.js';
import { pointSdkAt } from './demo-sdk-env.js';
import { demoWhoCan } from './demo-who-can.js';
import { slackText } from './demo-slack.js';
import { daytimeChange } from './demo-daytime.js';
import { loadCatalog } from '../../catalog/index.js';

export { DEMO_BUCKET, parseAccounts } from './demo-story.js';
const DEFAULT_ORG = fileURLToPath(new URL('../../../fixtures/demo-org.yaml', import.meta.url));
export const DEMO_TOPIC = 'org-access-scanner-findings';
const DAY = 86_400_000;

const USAGE = `usage: org-access-scanner demo [--org FILE | --accounts N] [--out DIR] [--top N] [--force]

Runs the whole pipeline against the built-in sandbox organisation on two nights, with policy changes in between,
and writes the reports to DIR and each night's message to DIR/notifications/. Nothing reaches AWS.

  --org FILE     another organisation file for the sandbox (default fixtures/demo-org.yaml)
  --accounts N   generate an organisation of N accounts (1-${MAX_DEMO_ACCOUNTS}) instead of the demo organisation
  --out DIR      where the reports and messages go (default ./out); earlier demo messages there are removed
  --top N        how many of the most severe findings the summary lists (default 12)
  --force        write into a DIR that holds a real scan or reports the demo did not write (refused otherwise)

examples (from the repository root):
  org-access-scanner demo
  org-access-scanner demo --accounts 50 --out ./demo-50 --top 5
`;

/** Writes each message of a night as pretty JSON: `notifications/night-<n>-<runId>[-<i>].json`. */
async function saveMessages(
  outDir: string,
  night: number,
  runId: string,
  sandbox: Sandbox,
  from: number,
): Promise<string[]> {
  const dir = join(outDir, 'notifications');
  await mkdir(dir, { recursive: true });
  const files: string[] = [];
  const messages = sandbox.snsMessages().slice(from);
  for (const [i, m] of messages.entries()) {
    const file = join(dir, `night-${night}-${runId}${messages.length > 1 ? `-${i + 1}` : ''}.json`);
    await writeFile(file, `${JSON.stringify(JSON.parse(m.message), null, 2)}\n`, 'utf8');
    files.push(file);
  }
  return files;
}

/** The event path between the nights (lib/cli/commands/demo-daytime.ts): the 10:02 change, its alert as Slack shows it. */
async function showDaytime(day: string, deps: Parameters<typeof daytimeChange>[0]): Promise<void> {
  const out = await daytimeChange(deps, `${day}T10:02:00.000Z`);
  const ready = new Date(Date.parse(out.at) + out.seconds * 1000).toISOString();
  const files = out.files.map((f) => f.slice(deps.outDir.length + 1)).join(', ') || 'no message';
  process.stdout.write(
    `\nday 1, ${out.at.slice(11, 16)}: ${out.what} -> alert ready ${ready.slice(11, 19)} (${out.seconds.toFixed(1)} s of the scanner's own time), ${files}\n`,
  );
  for (const m of out.report.messages) process.stdout.write(`\n${slackText(m.message)}`);
}

/** Runs the demo; returns the exit code (2 for bad flags, an unreadable organisation file or an unwritable --out). */
export const run = withFailureReport('demo', async (argv: string[]): Promise<number> => {
  const options = {
    org: { type: 'string' },
    accounts: { type: 'string' },
    out: { type: 'string' },
    top: { type: 'string' },
    force: { type: 'boolean' },
    help: { type: 'boolean', short: 'h' },
  } as const;
  const args = parseCommandArgs({ args: argv, options }, USAGE);
  if (!args.ok) return args.code;
  const { values } = args.parsed;
  const accounts = parseAccounts(values.accounts);
  if (!accounts.ok) throw new UsageError(accounts.reason);
  if (values.org && values.accounts) throw new UsageError('`--org` and `--accounts` cannot be used together');
  const started = Date.now();
  const outDir = resolve(values.out ?? 'out');
  const top = positiveInt('top', values.top, 12);
  // Before the sandbox starts: `--out /proc/nope` used to spin in node's recursive mkdir at full CPU.
  await prepareOutDir(outDir);
  await claimDemoOut(outDir, values.force === true);
  await writeFile(
    join(outDir, DEMO_MARKER),
    'written by `org-access-scanner demo`: its reports may be replaced by the next demo run\n',
  );
  const generated = accounts.value !== undefined;
  const sandbox = await startSandbox({
    org: generated ? generatedDemoOrg(accounts.value!) : values.org ? resolve(values.org) : DEFAULT_ORG,
    // The bucket's objects (two nights of reports and account results: ~700 MB at 1,000 accounts) go to files, and
    // neither a call log nor Security Hub's finding documents are kept: nothing in the demo reads them, and they grow
    // by a record per call and a document per finding (64 MB for 21,000 findings).
    objectDir: tmpdir(),
    recordCalls: false,
    securityHubDocuments: false,
  });
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
    const config = resolvePipelineConfig({
      regions: sandbox.org.regions,
      zone: 'organization',
      maxConcurrency: generated ? 20 : 4,
      securityHub: true,
      criticalResources: generated ? [] : DEMO_CRITICAL_RESOURCES,
    });
    process.stdout.write(
      `sandbox ${sandbox.url}: ${sandbox.org.accounts.size} accounts, regions ${sandbox.org.regions.join(', ')}\n`,
    );
    const today = Date.now();
    const night = async (n: number, at: string) => {
      const from = sandbox.snsMessages().length;
      let done = 0;
      const result = await runPipeline({
        config,
        store,
        factory,
        notifier: new SnsNotifier(sns, topic.TopicArn!),
        securityHub: new SecurityHubWriter(securityHub, sts),
        suppressionsText: null,
        clock: () => at,
        onAccount: (e) => {
          done = e.done;
          if (!generated || e.error || e.done === e.total)
            process.stdout.write(
              `  [${e.done}/${e.total}] ${e.accountId} ${e.error ? `failed: ${e.error}` : `${plural(e.output!.findings, 'finding')}, ${plural(e.output!.gaps, 'gap')}`}\n`,
            );
        },
      });
      const files = await saveMessages(outDir, n, result.runId, sandbox, from);
      process.stdout.write(
        `night ${n} (${at}): run ${result.runId}, ${plural(done, 'account')}, ${plural(result.outcome.summary.open, 'open finding')}, message ${files.map((f) => f.slice(outDir.length + 1)).join(', ')}\n`,
      );
      return { result, files };
    };
    process.stdout.write('\nnight 1\n');
    const first = await night(1, new Date(today - DAY).toISOString());
    await showDaytime(new Date(today - DAY).toISOString().slice(0, 10), {
      sandbox,
      generated,
      config,
      store,
      factory,
      catalog: await loadCatalog(),
      notifier: new SnsNotifier(sns, topic.TopicArn!),
      outDir,
    });
    const story = applyNightTwo(sandbox, generated);
    process.stdout.write(`\nbetween the nights:\n${story.map((s) => `  ${s.kind}: ${s.what}\n`).join('')}\nnight 2\n`);
    const second = await night(2, new Date(today).toISOString());
    if (!generated) process.stdout.write(await demoWhoCan(local, first.result.runId, second.result.runId, outDir));
    // Either layout: one report.json or an index of parts, read a part at a time (./stored-report.ts).
    const read = await readStoredReport(local, 'reports/latest/report.json');
    if (!read?.ok)
      throw new ScannerError(
        `the demo's report cannot be read back: ${read?.problem ?? 'reports/latest/report.json is missing'}`,
      );
    const found = new OverviewFindings(top);
    for await (const f of read.report.findings()) found.add(f);
    const htmlPath = local.locationOf('reports/latest/report.html');
    const messages = sandbox.snsMessages().length;
    process.stdout.write(`\n${renderRunOverviewOf(read.report.head, found, { htmlPath, top, messages })}`);
    const last = sandbox.snsMessages().at(-1);
    if (last)
      process.stdout.write(
        `\nthe second night's Slack message (${second.files[0]?.slice(outDir.length + 1) ?? 'not written'}):\n\n${slackText(last.message)}\n`,
      );
    process.stdout.write(
      `reports also in s3://${DEMO_BUCKET}/${second.result.publish.prefix} (sandbox); done in ${((Date.now() - started) / 1000).toFixed(1)} s\n`,
    );
    return EXIT.ok;
  } finally {
    factory.destroy();
    s3.destroy();
    sns.destroy();
    securityHub.destroy();
    sts.destroy();
    restore();
    await sandbox.close();
  }
});
