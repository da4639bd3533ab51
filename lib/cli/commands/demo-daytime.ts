/**
 * The demo's daytime change (the event path, docs/event-path.md): at 10:02 the day after the first night a team opens
 * its repository to anyone; the sandbox records the CloudTrail event, the event path reads the repository again and the
 * alert is ready seconds later, long before the next night. The message goes to the findings topic like any other and
 * is written to `notifications/day-1-<HHMM>-rescan.json`.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { ActionCatalog } from '../../catalog/index.js';
import type { ClientFactory } from '../../collect/clients.js';
import type { Notifier, OutboundMessage, ReportStore } from '../../publish/types.js';
import type { PipelineConfig } from '../../run/config.js';
import { rescanEvents, type RescanReport } from '../../run/rescan-step.js';
import { generatedAccountId, type Sandbox } from '../../sandbox/index.js';

const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];
const PUSH = ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'];
const OPEN_PUSH = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'ContractorCi', Effect: 'Allow', Principal: '*', Action: [...PULL, ...PUSH] }],
};

/** What the daytime change needs from the demo. */
export interface DaytimeDeps {
  sandbox: Sandbox;
  generated: boolean;
  config: PipelineConfig;
  store: ReportStore;
  factory: ClientFactory;
  catalog: ActionCatalog;
  notifier: Notifier;
  outDir: string;
}

/** The change and what the event path made of it. */
export interface DaytimeOutcome {
  what: string;
  at: string;
  report: RescanReport;
  /** Seconds from the change to the message being ready, on the scanner's own clock (no CloudTrail delay). */
  seconds: number;
  files: string[];
}

/** Opens one repository to anyone at `at` (10:02 of the day after the first night); returns what it did. */
function openRepository(sb: Sandbox, generated: boolean): string {
  if (!generated) {
    sb.setRepositoryPolicy('333333333333', 'eu-west-1', 'payments/api', OPEN_PUSH);
    return 'repository payments/api (333333333333) opened to anyone for push';
  }
  const account = generatedAccountId(1);
  const region = sb.org.regions[0] ?? 'us-east-1';
  const repo = sb.registry(account, region).repositories[0]?.name ?? 'day-one/open-push';
  if (sb.registry(account, region).repositories.length === 0) sb.addRepository(account, region, repo, OPEN_PUSH);
  else sb.setRepositoryPolicy(account, region, repo, OPEN_PUSH);
  return `repository ${repo} (${account}) opened to anyone for push`;
}

async function save(outDir: string, at: string, messages: OutboundMessage[]): Promise<string[]> {
  const dir = join(outDir, 'notifications');
  await mkdir(dir, { recursive: true });
  const stamp = at.slice(11, 16).replace(':', '');
  const files: string[] = [];
  for (const [i, m] of messages.entries()) {
    const file = join(dir, `day-1-${stamp}-rescan${messages.length > 1 ? `-${i + 1}` : ''}.json`);
    await writeFile(file, `${JSON.stringify(JSON.parse(m.message), null, 2)}\n`, 'utf8');
    files.push(file);
  }
  return files;
}

/**
 * Makes the daytime change at `at` and runs the event path on the events the sandbox recorded. The rescan's clock
 * starts at the change and advances with the time the rescan really takes, so "10:02:00 → 10:02:0x" is measured.
 */
export async function daytimeChange(deps: DaytimeDeps, at: string): Promise<DaytimeOutcome> {
  const sb = deps.sandbox;
  const from = sb.cloudTrail.events().length;
  sb.cloudTrail.clock = () => at;
  const what = openRepository(sb, deps.generated);
  sb.cloudTrail.clock = () => new Date().toISOString();
  const events = sb.cloudTrail.events().slice(from);
  const t0 = performance.now();
  const clock = (): string => new Date(Date.parse(at) + (performance.now() - t0)).toISOString();
  const report = await rescanEvents(events, {
    config: deps.config,
    store: deps.store,
    factory: deps.factory,
    catalog: deps.catalog,
    notifier: deps.notifier,
    clock,
  });
  const seconds = (performance.now() - t0) / 1000;
  const files = await save(deps.outDir, at, report.messages);
  return { what, at, report, seconds, files };
}
