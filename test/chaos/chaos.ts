/**
 * One chaos run: a generated organisation of ≥ 200 accounts in the sandbox, a fault-free pipeline run as the
 * baseline, then the same organisation under a random fault plan (./faults.ts) with a short client timeout, then
 * the same run id published again. The invariants (./invariants.ts) are checked on what the bucket holds.
 * Used by chaos.test.ts (a few runs in `npm test`) and run.ts (`npm run chaos`).
 */
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { S3Client } from '@aws-sdk/client-s3';
import { createClientFactory } from '../../lib/collect/clients.js';
import { loadCatalog } from '../../lib/catalog/index.js';
import { S3ReportStore, SnsNotifier, type ReportDoc } from '../../lib/publish/index.js';
import { readReport } from '../../lib/publish/report-index.js';
import { resolvePipelineConfig } from '../../lib/run/config.js';
import { runPipeline } from '../../lib/run/index.js';
import { publishStep } from '../../lib/run/publish-step.js';
import { loadAccountResults, loadManifest } from '../../lib/run/steps.js';
import { DEFAULT_MEMBER_ROLE_ACTIONS, generateOrg, startSandbox } from '../../lib/sandbox/index.js';
import { planFaults } from './faults.js';
import {
  checkComplete,
  checkCoverage,
  checkGapIsNotAFix,
  checkWitnesses,
  INVARIANTS,
  type InvariantName,
} from './invariants.js';
import {
  checkDamageIsLoud,
  checkFirstSeen,
  checkNoDoubleNew,
  checkNoFaultNews,
  checkNothingLost,
  damageStore,
  planStoreDamage,
} from './nights.js';

export interface ChaosOptions {
  seed: number;
  /** Accounts of the generated organisation (default 200). */
  accounts?: number;
  regions?: string[];
  /** Per-attempt client timeout: a hung call costs this times the timeout attempts (default 400 ms). */
  requestTimeoutMs?: number;
}

export interface ChaosResult {
  seed: number;
  ms: number;
  faults: string;
  /** Violations per invariant (empty lists: it held). */
  invariants: Record<InvariantName, string[]>;
  stats: {
    accounts: number;
    baselineFindings: number;
    findings: number;
    notChecked: number;
    gapCells: number;
    partialCells: number;
    failures: number;
    replayed: number;
    messages: number;
  };
  /** The reports of the three nights, for a closer look at a failing seed. */
  docs: { baseline: ReportDoc; run: ReportDoc; after: ReportDoc };
}

const REPORT_BUCKET = 'chaos-scanner-reports';
const T0 = '2026-11-21T03:00:00.000Z';
const T1 = '2026-11-22T03:00:00.000Z';
const T2 = '2026-11-23T03:00:00.000Z';

/** A report in either layout (one report.json, or an index and its parts), read as the pipeline reads it. */
async function reportAt(store: S3ReportStore, key: string): Promise<ReportDoc> {
  const r = await readReport(store, key);
  if (!r?.ok) throw new Error(`\`${key}\` cannot be read: ${r ? r.problem : 'missing'}`);
  return r.doc;
}

async function latest(store: S3ReportStore): Promise<ReportDoc> {
  return reportAt(store, 'reports/latest/report.json');
}

/** Runs one chaos scenario; never throws for an invariant, only for a harness failure. */
export async function chaosRun(opts: ChaosOptions): Promise<ChaosResult> {
  const started = performance.now();
  const regions = opts.regions ?? ['eu-west-1', 'us-east-1'];
  const org = generateOrg({
    accounts: opts.accounts ?? 200,
    regions,
    reposPerRegion: 2,
    bucketsPerAccount: 1,
    seed: opts.seed,
  });
  org.accounts[0]!.buckets = [...(org.accounts[0]!.buckets ?? []), { name: REPORT_BUCKET, region: regions[0]! }];
  const memberRoleActions = [...DEFAULT_MEMBER_ROLE_ACTIONS];
  const sb = await startSandbox({ org, seedRandom: opts.seed, memberRoleActions });
  const env = sb.env(regions[0]);
  const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
  const clients = {
    endpoint: sb.url,
    credentials,
    homeRegion: regions[0]!,
    maxAttempts: 4,
    connectionTimeoutMs: 2_000,
    adaptiveMinRate: 50,
  };
  // The baseline must be truly fault-free, so it gets a timeout no loaded CI machine reaches; the faulty run gets
  // the short one, so that hung calls cost little.
  const baseFactory = createClientFactory({ ...clients, requestTimeoutMs: 10_000 });
  const factory = createClientFactory({ ...clients, requestTimeoutMs: opts.requestTimeoutMs ?? 400 });
  const s3 = new S3Client({ region: regions[0], endpoint: sb.url, credentials, forcePathStyle: true });
  const sns = new SNSClient({ region: regions[0], endpoint: sb.url, credentials });
  try {
    const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'chaos-findings' }))).TopicArn!;
    const store = new S3ReportStore(s3, REPORT_BUCKET);
    const notifier = new SnsNotifier(sns, topicArn);
    const config = resolvePipelineConfig({ regions, maxConcurrency: 16, accountConcurrency: 4 });
    const catalog = await loadCatalog();
    const common = { config, store, notifier, catalog, suppressionsText: null };

    // The fault-free baseline.
    await runPipeline({ ...common, factory: baseFactory, runId: `base-${opts.seed}`, clock: () => T0 });
    const baseline = await latest(store);

    // The same organisation on a bad day.
    const plan = planFaults(
      opts.seed,
      org.accounts.slice(1).map((a) => a.id),
      regions,
    );
    sb.faults.set(plan.faults);
    for (const a of plan.deniedActions) memberRoleActions.splice(memberRoleActions.indexOf(a), 1);
    const runId = `chaos-${opts.seed}`;
    const result = await runPipeline({ ...common, factory, runId, clock: () => T1 });
    const doc = await latest(store);
    const messagesAfterRun = sb.snsMessages(topicArn).length;

    // The same run id published again (a Step Functions redrive): no second message.
    const again = await publishStep({ runId, now: T1, suppressionsText: null }, config, { store, notifier });
    const oneMessage: string[] = [];
    if (sb.snsMessages(topicArn).length !== messagesAfterRun)
      oneMessage.push(`re-publish sent ${sb.snsMessages(topicArn).length - messagesAfterRun} more message(s)`);
    if (again.output.notification !== 'duplicate')
      oneMessage.push(`re-publish notification \`${again.output.notification}\`, expected \`duplicate\``);
    if (messagesAfterRun > 2) oneMessage.push(`${messagesAfterRun} messages for two run ids`);

    const manifest = await loadManifest(store, runId);
    const { results } = await loadAccountResults(store, runId, manifest);
    const witnesses = checkWitnesses(doc, results);
    const invariants: Record<InvariantName, string[]> = {
      coverage: checkCoverage(
        doc,
        org.accounts.map((a) => a.id),
      ),
      gapIsNotAFix: checkGapIsNotAFix(baseline, doc),
      oneMessage,
      complete: [
        ...(await checkComplete(store, doc, runId, result.outcome.keys)),
        ...checkCoverage(
          baseline,
          org.accounts.map((a) => a.id),
        ).map((v) => `baseline: ${v}`),
      ],
      witnesses: witnesses.violations,
      nothingLost: [],
      firstSeen: [],
      noDoubleNew: [],
      noFaultNews: [],
    };
    // Night C: the store damaged as an SRE might find it, then a fault-free night on the same organisation.
    const damage = planStoreDamage(opts.seed);
    const garbled = await damageStore(
      store,
      damage,
      org.accounts.map((a) => a.id),
      opts.seed,
    );
    sb.faults.clear();
    memberRoleActions.splice(0, memberRoleActions.length, ...DEFAULT_MEMBER_ROLE_ACTIONS);
    const afterId = `after-${opts.seed}`;
    await runPipeline({ ...common, factory: baseFactory, runId: afterId, clock: () => T2 });
    const after = await reportAt(store, `reports/${T2.slice(0, 10)}/${afterId}/report.json`);
    invariants.nothingLost = checkNothingLost(baseline, after);
    invariants.firstSeen = checkFirstSeen(baseline, [
      ['B', doc],
      ['C', after],
    ]);
    invariants.noDoubleNew = [...checkNoDoubleNew(doc, after), ...checkDamageIsLoud(after, garbled)];
    invariants.noFaultNews = checkNoFaultNews(doc);
    const baselineGaps = baseline.coverage.counts.gap + baseline.coverage.counts.partial;
    if (baselineGaps > 0) invariants.complete.push(`the fault-free baseline has ${baselineGaps} gap/partial cells`);
    return {
      seed: opts.seed,
      ms: performance.now() - started,
      faults: `${plan.summary}${plan.deniedActions.length ? ` (denied ${plan.deniedActions.join(', ')})` : ''}; store before night C: ${damage}`,
      invariants,
      stats: {
        accounts: org.accounts.length,
        baselineFindings: baseline.findings.length,
        findings: doc.findings.length,
        notChecked: doc.summary.byStatus['not-checked'],
        gapCells: doc.coverage.counts.gap,
        partialCells: doc.coverage.counts.partial,
        failures: result.failures.length,
        replayed: witnesses.replayed,
        messages: sb.snsMessages(topicArn).length,
      },
      docs: { baseline, run: doc, after },
    };
  } finally {
    baseFactory.destroy();
    factory.destroy();
    s3.destroy();
    sns.destroy();
    await sb.close();
  }
}

/** One line per invariant: `ok` or the first violations. */
export function describeResult(r: ChaosResult): string {
  const lines = [`seed ${r.seed}: ${(r.ms / 1000).toFixed(1)} s; ${r.faults}`, `  ${JSON.stringify(r.stats)}`];
  for (const [name, text] of Object.entries(INVARIANTS) as Array<[InvariantName, string]>) {
    const v = r.invariants[name];
    lines.push(
      `  ${v.length === 0 ? 'ok  ' : 'FAIL'} ${text}${v.length ? `\n       ${v.slice(0, 5).join('\n       ')}${v.length > 5 ? `\n       ... ${v.length - 5} more` : ''}` : ''}`,
    );
  }
  return lines.join('\n');
}

/** True when every invariant held. */
export function passed(r: ChaosResult): boolean {
  return Object.values(r.invariants).every((v) => v.length === 0);
}
