/**
 * Chaos on the management side (issue 20): the organisation listing, the report store, the notification and the
 * previous night's report fail, one kind per run, drawn from the seed. The member accounts are healthy, so whatever
 * goes wrong is the pipeline's own handling. Two invariants are checked on every run:
 * - the run is incomplete whenever anything planned was unread (and never plans fewer accounts than it knew);
 * - a message was sent or the run failed (and a redrive after a failed send sends it, once).
 * Multi-night sequences live beside this (test/chaos), not here.
 */
import { CreateTopicCommand, SNSClient } from '@aws-sdk/client-sns';
import { S3Client } from '@aws-sdk/client-s3';
import { loadCatalog } from '../../lib/catalog/index.js';
import { createClientFactory } from '../../lib/collect/clients.js';
import { S3ReportStore, SnsNotifier } from '../../lib/publish/index.js';
import { resolvePipelineConfig } from '../../lib/run/config.js';
import { runPipeline, type PipelineResult } from '../../lib/run/index.js';
import { publishStep } from '../../lib/run/publish-step.js';
import { loadManifest } from '../../lib/run/steps.js';
import { generateOrg, startSandbox, type FaultConfig } from '../../lib/sandbox/index.js';
import { prng } from './faults.js';

/** What each management-side invariant means, printed by `npm run chaos`. */
export const MANAGEMENT_INVARIANTS = {
  unreadIsIncomplete:
    'the run is incomplete (and fails) whenever anything planned was unread, and never plans fewer accounts than it knew',
  sentOrFailed: 'a message was sent or the run failed; a redrive after a failed send sends it once',
} as const;
export type ManagementInvariant = keyof typeof MANAGEMENT_INVARIANTS;

/** The management-side fault kinds, one per run. */
export const MANAGEMENT_FAULTS = [
  'describe-organization',
  'list-accounts',
  'report-store',
  'sns',
  'previous-report',
] as const;
export type ManagementFault = (typeof MANAGEMENT_FAULTS)[number];

export interface ManagementResult {
  seed: number;
  fault: ManagementFault;
  invariants: Record<ManagementInvariant, string[]>;
  stats: {
    accounts: number;
    planned: number;
    complete: boolean | null;
    fail: boolean | null;
    notification: string;
    messages: number;
  };
}

const REPORT_BUCKET = 'chaos-mgmt-reports';
const T0 = '2026-11-21T03:00:00.000Z';
const T1 = '2026-11-22T03:00:00.000Z';

/** The sandbox faults of one kind, for the step they hit; the management account holds the bucket and the topic. */
function faultsOf(
  kind: ManagementFault,
  management: string,
  rnd: () => number,
): { plan?: FaultConfig; publish?: FaultConfig } {
  switch (kind) {
    case 'describe-organization':
      return {
        plan: { errors: [{ service: 'organizations', action: 'DescribeOrganization', kind: 'throttle', rate: 1 }] },
      };
    case 'list-accounts':
      // Every page, or only some: a listing that fails part-way must not be a shorter organisation.
      return {
        plan: {
          errors: [
            {
              service: 'organizations',
              action: 'ListAccounts',
              kind: rnd() < 0.5 ? 'throttle' : 'internal',
              rate: rnd() < 0.5 ? 1 : 0.7,
            },
          ],
        },
      };
    case 'report-store':
      return {
        publish: {
          errors: [
            { account: management, service: 's3', action: 'PutObject', kind: 'internal', rate: 0.5 + rnd() * 0.5 },
          ],
        },
      };
    case 'sns':
      return {
        publish: {
          errors: [
            {
              account: management,
              service: 'sns',
              action: 'Publish',
              kind: rnd() < 0.5 ? 'internal' : 'unavailable',
              rate: 1,
            },
          ],
        },
      };
    case 'previous-report':
      return {};
  }
}

/** The fault kind a seed draws (the first draw of the run's generator). */
export function faultOfSeed(seed: number): ManagementFault {
  return MANAGEMENT_FAULTS[Math.floor(prng(seed ^ 0x3a9e)() * MANAGEMENT_FAULTS.length)]!;
}

/** One management-side chaos run on a small generated organisation; never throws for an invariant. */
export async function managementChaosRun(opts: { seed: number; accounts?: number }): Promise<ManagementResult> {
  const rnd = prng(opts.seed ^ 0x3a9e);
  const fault = MANAGEMENT_FAULTS[Math.floor(rnd() * MANAGEMENT_FAULTS.length)]!;
  const regions = ['eu-west-1'];
  const org = generateOrg({
    accounts: opts.accounts ?? 24,
    regions,
    reposPerRegion: 1,
    bucketsPerAccount: 1,
    seed: opts.seed,
  });
  const management = org.accounts[0]!.id;
  org.accounts[0]!.buckets = [...(org.accounts[0]!.buckets ?? []), { name: REPORT_BUCKET, region: regions[0]! }];
  const sb = await startSandbox({ org, seedRandom: opts.seed });
  const env = sb.env(regions[0]);
  const credentials = { accessKeyId: env.AWS_ACCESS_KEY_ID, secretAccessKey: env.AWS_SECRET_ACCESS_KEY };
  const factory = createClientFactory({ endpoint: sb.url, credentials, homeRegion: regions[0]!, maxAttempts: 2 });
  // The publish side's own clients, with few attempts, so a fault is not retried away inside the SDK.
  const s3 = new S3Client({ region: regions[0], endpoint: sb.url, credentials, forcePathStyle: true, maxAttempts: 1 });
  const sns = new SNSClient({ region: regions[0], endpoint: sb.url, credentials, maxAttempts: 1 });
  const invariants: Record<ManagementInvariant, string[]> = { unreadIsIncomplete: [], sentOrFailed: [] };
  try {
    const topicArn = (await sns.send(new CreateTopicCommand({ Name: 'chaos-mgmt' }))).TopicArn!;
    const store = new S3ReportStore(s3, REPORT_BUCKET);
    const notifier = new SnsNotifier(sns, topicArn);
    const config = resolvePipelineConfig({ regions, maxConcurrency: 8, accountConcurrency: 4 });
    const common = { config, store, notifier, catalog: await loadCatalog(), factory, suppressionsText: null };
    const baseline = await runPipeline({ ...common, runId: `mbase-${opts.seed}`, clock: () => T0 });
    const knownAccounts = baseline.plan.accounts;

    const faults = faultsOf(fault, management, rnd);
    if (fault === 'previous-report')
      await store.put('reports/latest/report.json', '{"truncated": ', 'application/json');
    const runId = `mchaos-${opts.seed}`;
    // Plan-side faults are on while the run plans; publish-side ones only while it publishes (its scans are healthy).
    let result: PipelineResult | null = null;
    let threw: string | null = null;
    if (faults.plan) sb.faults.set(faults.plan);
    try {
      result = await runPipeline({
        ...common,
        runId,
        clock: () => T1,
        ...(faults.publish ? { beforePublish: () => sb.faults.set(faults.publish!) } : {}),
      });
    } catch (err) {
      threw = (err as Error).message;
    } finally {
      sb.faults.clear();
    }
    const sent = () =>
      sb.snsMessages(topicArn).filter((m) => (JSON.parse(m.message) as { id?: string }).id === runId).length;

    // Invariant 1: unread means incomplete, and the plan never shrinks.
    if (result) {
      const manifest = await loadManifest(store, runId);
      const listed = !manifest.planning || manifest.planning.source === 'listed';
      if (result.plan.accounts < knownAccounts)
        invariants.unreadIsIncomplete.push(`planned ${result.plan.accounts} accounts, ${knownAccounts} were known`);
      if (!listed && (result.publish.complete || !result.publish.fail))
        invariants.unreadIsIncomplete.push(
          `organisation ${manifest.planning?.source}, yet complete=${result.publish.complete} fail=${result.publish.fail}`,
        );
      if (!listed && !result.outcome.incompleteLead)
        invariants.unreadIsIncomplete.push('organisation not listed, yet nothing leads with "Scan incomplete"');
      const unread = result.outcome.incompleteness;
      if (unread && result.publish.complete)
        invariants.unreadIsIncomplete.push(`${unread.notRead} unread / ${unread.partial} partial, yet complete`);
    } else if (fault === 'describe-organization' || fault === 'list-accounts') {
      invariants.unreadIsIncomplete.push(
        `a planning fault made the run throw instead of planning the known organisation: ${threw}`,
      );
    }

    // Invariant 2: a message was sent or the run failed; a redrive after a failed send sends it, once.
    const failed = threw !== null || result === null || result.publish.fail || result.publish.notification === 'failed';
    if (sent() === 0 && !failed)
      invariants.sentOrFailed.push(
        `no message and the run did not fail (notification \`${result?.publish.notification}\`)`,
      );
    if (sent() > 1) invariants.sentOrFailed.push(`${sent()} messages for one run`);
    if (threw !== null || result?.publish.notification === 'failed') {
      const redrive = await publishStep({ runId, now: T1, suppressionsText: null }, config, { store, notifier });
      if (sent() !== 1)
        invariants.sentOrFailed.push(
          `after a redrive ${sent()} message(s), notification \`${redrive.output.notification}\``,
        );
      const again = await publishStep({ runId, now: T1, suppressionsText: null }, config, { store, notifier });
      if (again.output.notification !== 'duplicate' || sent() !== 1)
        invariants.sentOrFailed.push(
          `a second redrive answered \`${again.output.notification}\` with ${sent()} message(s)`,
        );
    }
    return {
      seed: opts.seed,
      fault,
      invariants,
      stats: {
        accounts: org.accounts.length,
        planned: result?.plan.accounts ?? 0,
        complete: result?.publish.complete ?? null,
        fail: result?.publish.fail ?? null,
        notification: result?.publish.notification ?? `threw: ${threw}`,
        messages: sent(),
      },
    };
  } finally {
    factory.destroy();
    s3.destroy();
    sns.destroy();
    await sb.close();
  }
}

/** One line per invariant, as `describeResult` prints the member-side ones. */
export function describeManagement(r: ManagementResult): string {
  const lines = [`seed ${r.seed} (management side: ${r.fault}): ${JSON.stringify(r.stats)}`];
  for (const [name, text] of Object.entries(MANAGEMENT_INVARIANTS) as Array<[ManagementInvariant, string]>) {
    const v = r.invariants[name];
    lines.push(
      `  ${v.length === 0 ? 'ok  ' : 'FAIL'} ${text}${v.length ? `\n       ${v.slice(0, 5).join('\n       ')}` : ''}`,
    );
  }
  return lines.join('\n');
}
