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
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT, parseCommandArgs, positiveInt, UsageError } from '../args.js';
import { withFailureReport } from '../failure.js';
import { plural } from '../plural.js';
import { prepareOutDir } from '../io.js';
import { createClientFactory } from '../../collect/clients.js';
import {
  LocalReportStore,
  readReport,
  S3ReportStore,
  SecurityHubWriter,
  SnsNotifier,
  type ReportDoc,
} from '../../publish/index.js';
import { ScannerError } from '../../errors.js';
import { resolvePipelineConfig } from '../../run/config.js';
import { accountsPrefix, manifestKey } from '../../run/keys.js';
import type { Manifest } from '../../model/manifest.js';
import type { AccountResult } from '../../model/account-result.js';
import { matrixLine, writeAccessMatrix } from '../../publish/write-matrix.js';
import { whoCanSummary } from '../../publish/render-matrix-text.js';
import { accessMatrix } from '../../analyze/effective/matrix.js';
import { effectiveInputOf } from '../../analyze/effective/from-inventory.js';
import { newWriterLine, newWriters } from '../../analyze/effective/diff.js';
import { notCollected } from '../../model/inventory.js';
import { runPipeline, TeeStore } from '../../run/index.js';
import { renderRunOverview } from '../../run/overview.js';
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

/** Sets the SDK's environment for this process and returns a function restoring the previous values. */
function pointSdkAt(env: Record<string, string>): () => void {
  const touched = [
    ...Object.keys(env),
    'AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED',
    'AWS_PROFILE',
    'AWS_SESSION_TOKEN',
  ];
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

/** The seed question on the central registry, from the second night's results (and access-matrix.csv in `outDir`). */
async function savedRun(
  local: LocalReportStore,
  runId: string,
): Promise<{ manifest: Manifest; results: AccountResult[] }> {
  const manifest = JSON.parse((await local.get(manifestKey(runId))) ?? 'null') as Manifest;
  const results = await Promise.all(
    (await local.list(accountsPrefix(runId))).map(
      async (k) => JSON.parse((await local.get(k)) ?? 'null') as AccountResult,
    ),
  );
  return { manifest, results };
}

async function demoWhoCan(
  local: LocalReportStore,
  previousRunId: string,
  runId: string,
  outDir: string,
): Promise<string> {
  const { manifest, results } = await savedRun(local, runId);
  const matrix = await writeAccessMatrix(outDir, manifest, results);
  const prev = await savedRun(local, previousRunId);
  const previous = accessMatrix(
    effectiveInputOf(
      prev.manifest,
      prev.results.map((r) => r.inventory ?? notCollected(r.account, r.startedAt, r.gaps)),
    ),
  );
  const writers = newWriters(previous, matrix).filter((w) => w.row.principalKind !== 'root');
  const principals = results.flatMap((r) =>
    r.inventory?.iam?.status === 'ok' ? r.inventory.iam.principals.map((p) => p.arn) : [],
  );
  const known = new Set(
    results.flatMap((r) =>
      (r.inventory?.ecr ?? []).flatMap((e) =>
        e.repositories.status === 'ok' ? e.repositories.value.map((x) => x.arn) : [],
      ),
    ),
  );
  const repos = ['platform/release-gate', 'platform/base-images']
    .map((n) => `arn:aws:ecr:eu-west-1:222222222222:repository/${n}`)
    .filter((arn) => known.has(arn));
  if (repos.length === 0) return '';
  const parts = repos.map(
    (arn) => `${arn.slice(arn.indexOf('repository/') + 11)}:\n${whoCanSummary(matrix, arn, principals)}\n`,
  );
  const news =
    writers.length > 0
      ? `new writers since night 1 (roles and users; root users are in access-matrix.csv):\n${writers.map((w) => `  ${newWriterLine(w)}\n`).join('')}`
      : 'no new writers since night 1\n';
  return `\nwho can push to the central registry (effective access: identity AND resource policies, boundaries, SCPs, RCPs):\n${parts.join('')}${news}${matrixLine(matrix, outDir)}`;
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
    // Either layout: one report.json or an index of parts (lib/publish/report-index.ts).
    const read = await readReport(local, 'reports/latest/report.json');
    if (!read?.ok)
      throw new ScannerError(
        `the demo's report cannot be read back: ${read?.problem ?? 'reports/latest/report.json is missing'}`,
      );
    const doc: ReportDoc = read.doc;
    const htmlPath = local.locationOf('reports/latest/report.html');
    process.stdout.write(`\n${renderRunOverview(doc, { htmlPath, top, messages: sandbox.snsMessages().length })}`);
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
