import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCatalog, type ActionCatalog } from '../../lib/catalog/index.js';
import type { Finding } from '../../lib/model/finding.js';
import { renderSnsMessage } from '../../lib/publish/render-sns.js';
import type { OutboundMessage, ReportDoc } from '../../lib/publish/types.js';
import { runPipeline } from '../../lib/run/index.js';
import { rescanEvents, type RescanDeps } from '../../lib/run/rescan-step.js';
import { accountStateKey, type AccountState } from '../../lib/model/resource-state.js';
import { putAccountState, readAccountState } from '../../lib/publish/state-store.js';
import type { ReportStore } from '../../lib/publish/types.js';
import type { SandboxCloudTrailEvent } from '../../lib/sandbox/index.js';
import { startHarness, NO_ROLE, REPORT_BUCKET, type Harness } from '../run/harness.js';
import { seedAccountState } from '../../lib/findings/state-seed.js';

// The event path end to end over the sandbox's wire protocols: a night, a daytime change recorded as CloudTrail
// events by the sandbox, the rescan of those events, and the next night.
const PAYMENTS = '333333333333';
const REPO_ARN = 'arn:aws:ecr:eu-west-1:333333333333:repository/payments/api';
const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];
const PUSH = ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'];
const OPEN = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'ContractorCi', Effect: 'Allow', Principal: '*', Action: [...PULL, ...PUSH] }],
};

interface Body {
  content: { title: string; description: string };
  metadata: { additionalContext: Record<string, string> };
}
const bodyOf = (m: OutboundMessage): Body => JSON.parse(m.message) as Body;

describe('the event path', () => {
  let h: Harness;
  let catalog: ActionCatalog;
  /** The report bucket, with a hook that runs once before the next conditional write (another writer's turn). */
  let store: ReportStore;
  let beforeWrite: (() => Promise<void>) | undefined;
  const stateOf = async (account: string): Promise<AccountState | null> =>
    (await readAccountState(h.store, account)).state;
  const sent: OutboundMessage[] = [];
  let now = '2026-12-06T10:02:07.000Z';

  const deps = (): RescanDeps => ({
    config: h.config,
    store,
    factory: h.factory,
    catalog,
    notifier: { send: async (m) => (sent.push(m), `m-${sent.length}`) },
    clock: () => now,
  });
  const daytime = (at: string): SandboxCloudTrailEvent[] => {
    const before = h.sandbox.cloudTrail.events().length;
    h.sandbox.cloudTrail.clock = () => at;
    return h.sandbox.cloudTrail.events().slice(before);
  };

  beforeAll(async () => {
    h = await startHarness();
    catalog = await loadCatalog();
    store = Object.assign(Object.create(h.store) as ReportStore, {
      putIfMatch: async (key: string, body: string, tag: string | null) => {
        const hook = beforeWrite;
        beforeWrite = undefined;
        if (hook) await hook();
        return h.store.putIfMatch(key, body, tag);
      },
    });
    await runPipeline({
      config: h.config,
      store: h.store,
      factory: h.factory,
      catalog,
      runId: 'night-1',
      clock: () => '2026-12-06T03:00:00.000Z',
    });
  }, 120_000);

  afterAll(async () => {
    await h?.close();
  });

  it('alerts on a repository opened to anyone, with the finding id the next nightly run gives', async () => {
    // Given the sandbox records the 10:02 change as CloudTrail events
    daytime('2026-12-06T10:02:00Z');
    const first = h.sandbox.cloudTrail.events().length;
    h.sandbox.setRepositoryPolicy(PAYMENTS, 'eu-west-1', 'payments/api', OPEN);
    const events = h.sandbox.cloudTrail.events().slice(first);
    expect(events.map((e) => e.detail.eventName)).toEqual(['SetRepositoryPolicy']);
    // When the rescan handles them
    const report = await rescanEvents(events, deps());
    // Then one scope was read and one alert names the public grant
    expect(report.scopes.map((s) => s.outcome)).toEqual(['rescanned']);
    const alert = report.messages.find((m) => m.attributes.kind === 'rescan-alert');
    expect(alert, JSON.stringify(report.messages)).toBeDefined();
    expect(alert!.attributes.severity).toBe('critical');
    expect(bodyOf(alert!).content.description).toContain('10:02:00 → 10:02:07');
    const alerted = bodyOf(alert!).metadata.additionalContext.findingIds.split(',');
    // And the state records the announcement
    const st = (await stateOf(PAYMENTS))!;
    const kept = Object.values(st.resources[REPO_ARN]!.findings);
    expect(
      kept
        .filter((k) => k.announcedBy === 'event')
        .map((k) => k.finding.id)
        .sort(),
    ).toEqual([...alerted].sort());
    // When the next night runs
    const night = await runPipeline({
      config: h.config,
      store: h.store,
      factory: h.factory,
      catalog,
      runId: 'night-2',
      clock: () => '2026-12-07T03:00:00.000Z',
    });
    const doc = JSON.parse((await h.store.get('reports/latest/report.json'))!) as {
      runId: string;
      findings: Array<Finding & { status: string; newKind?: string; announcedAt?: string; announcedBy?: string }>;
    };
    expect(doc.runId).toBe(night.runId);
    const nightly = doc.findings.filter((f) => f.resource.arn === REPO_ARN && f.access === 'public').map((f) => f.id);
    // Then the nightly run's public finding of the repository is the one the event path announced
    expect(nightly.length).toBeGreaterThan(0);
    for (const id of nightly) expect(alerted).toContain(id);
    // And the night does not announce it again: new since the last night, but already announced by the event path
    // at 10:02 (docs/event-path.md), so it is no news and counts in no "new" figure of the message
    expect(
      doc.findings
        .filter((f) => f.resource.arn === REPO_ARN && f.access === 'public')
        .map((f) => [f.status, f.newKind, f.announcedBy, f.announcedAt?.slice(11, 16)]),
    ).toEqual(nightly.map(() => ['new', 'announced', 'event', '10:02']));
    expect(Object.values(night.outcome.summary.newBySeverity)).toEqual([0, 0, 0, 0, 0]);
    expect(night.outcome.summary.newKinds).toMatchObject({ granted: 0, 'new-resource': 0, announced: nightly.length });
    // And the night's message counts them in one line, never as news, and its title does not name the repository
    const message = renderSnsMessage(doc as unknown as ReportDoc);
    const announcedLines = bodyOf(message)
      .content.description.split('\n')
      .filter((l) => l.startsWith('Already announced by the event path (not news): '));
    expect(announcedLines).toHaveLength(1);
    expect(announcedLines[0]).toMatch(/since the last night \(\d+ new\), listed in the report$/);
    expect(bodyOf(message).content.title).not.toContain('payments/api');
    expect(bodyOf(message).content.description).not.toContain('*New*\n• [critical]');
  }, 120_000);

  it('reads the policy again instead of trusting events: out-of-order events converge on what is there now', async () => {
    // Given the repository is opened and closed again, and the events arrive in reverse order
    now = '2026-12-07T11:00:10.000Z';
    const first = h.sandbox.cloudTrail.events().length;
    daytime('2026-12-07T11:00:00Z');
    h.sandbox.setRepositoryPolicy(PAYMENTS, 'eu-west-1', 'payments/api', OPEN);
    h.sandbox.setRepositoryPolicy(PAYMENTS, 'eu-west-1', 'payments/api', null);
    const events = h.sandbox.cloudTrail.events().slice(first).reverse();
    sent.length = 0;
    // When they are handled
    const report = await rescanEvents(events, deps());
    // Then one read, and it announces the grant as resolved (the policy is gone), never as new
    expect(report.scopes).toHaveLength(1);
    const alert = report.messages.find((m) => m.attributes.kind === 'rescan-alert');
    expect(alert).toBeDefined();
    expect(bodyOf(alert!).content.description).toContain('*Resolved*');
    expect(bodyOf(alert!).content.description).not.toContain('*New*');
  }, 60_000);

  it('reads a storm of 1,000 events for 10 resources 10 times, however the queue batches them', async () => {
    // Given 10 resources each changed, and 1,000 events for them (the changes and their duplicates)
    now = '2026-12-07T12:00:30.000Z';
    const first = h.sandbox.cloudTrail.events().length;
    daytime('2026-12-07T12:00:00Z');
    const buckets = [...h.sandbox.org.buckets.values()].filter((b) => b.account !== NO_ROLE).slice(0, 5);
    for (const b of buckets)
      h.sandbox.setBucketPolicy(b.account, b.name, b.policy === null ? null : JSON.parse(b.policy));
    const repos = [...h.sandbox.org.accounts.values()]
      .filter((a) => a.memberRole)
      .flatMap((a) =>
        [...a.ecr.entries()].flatMap(([region, r]) => r.repositories.map((repo) => ({ account: a.id, region, repo }))),
      )
      .slice(0, 5);
    for (const r of repos)
      h.sandbox.setRepositoryPolicy(
        r.account,
        r.region,
        r.repo.name,
        r.repo.policy === null ? null : JSON.parse(r.repo.policy),
      );
    const changes = h.sandbox.cloudTrail.events().slice(first);
    expect(changes).toHaveLength(10);
    const storm = Array.from({ length: 1000 }, (_, i) => ({ ...changes[i % 10]!, id: `storm-${i}` }));
    // When they arrive in SQS-sized batches of 100
    const outcomes: string[] = [];
    for (let i = 0; i < storm.length; i += 100) {
      const report = await rescanEvents(storm.slice(i, i + 100), deps());
      outcomes.push(...report.scopes.map((s) => s.outcome));
    }
    // Then each resource was read once; every later batch was coalesced into that read
    expect(outcomes.filter((o) => o === 'rescanned')).toHaveLength(10);
    expect(outcomes.filter((o) => o !== 'rescanned' && o !== 'coalesced')).toEqual([]);
  }, 120_000);

  it('says so when the member role of the changed account cannot be assumed', async () => {
    // Given a bucket policy change in the account without the member role
    now = '2026-12-07T13:00:05.000Z';
    daytime('2026-12-07T13:00:00Z');
    const before = h.sandbox.cloudTrail.events().length;
    h.sandbox.setBucketPolicy(NO_ROLE, 'demo-dev-scratch', OPEN);
    const events = h.sandbox.cloudTrail.events().slice(before);
    const stateBefore = await h.store.get(accountStateKey(NO_ROLE));
    // When it is handled
    const report = await rescanEvents(events, deps());
    // Then a gap message names the account and AssumeRole, and its state is left as the night wrote it
    expect(report.scopes.map((s) => s.outcome)).toEqual(['gap']);
    const [gap] = report.messages;
    expect(gap!.attributes.kind).toBe('rescan-gap');
    expect(bodyOf(gap!).content.description).toMatch(/AssumeRole in 555555555555/);
    expect(await h.store.get(accountStateKey(NO_ROLE))).toBe(stateBefore);
  }, 60_000);

  it('loses no finding when the nightly publish writes the state between the rescan read and its write', async () => {
    // Given another writer (the nightly publish) records a finding of another resource in between
    now = '2026-12-07T14:00:10.000Z';
    daytime('2026-12-07T14:00:00Z');
    const before = h.sandbox.cloudTrail.events().length;
    h.sandbox.setRepositoryPolicy(PAYMENTS, 'eu-west-1', 'payments/api', OPEN);
    const events = h.sandbox.cloudTrail.events().slice(before);
    const other = 'arn:aws:s3:::nightly-only-bucket';
    const nightly = {
      id: 'nightly-finding',
      resource: { arn: other, type: 's3-bucket', account: PAYMENTS, region: 'eu-west-1' },
    } as unknown as Finding;
    beforeWrite = async () => {
      const cur = await readAccountState(h.store, PAYMENTS);
      const resources = {
        ...cur.state!.resources,
        [other]: {
          lastReadRun: 'night-3',
          lastReadAt: now,
          read: 'full' as const,
          findings: {
            'nightly-finding': {
              finding: nightly,
              firstSeen: now,
              lastSeen: now,
              announcedAt: now,
              announcedBy: 'night-3',
            },
          },
        },
      };
      expect(await putAccountState(h.store, { ...cur.state!, updatedByRun: 'night-3', resources }, cur.tag)).toBe(true);
    };
    // When the rescan writes its state
    const report = await rescanEvents(events, deps());
    // Then its first write lost, it merged again, and both the nightly finding and its own are kept
    expect(report.scopes[0]!.stateConflicts).toBe(1);
    const st = (await stateOf(PAYMENTS))!;
    expect(Object.keys(st.resources[other]!.findings)).toEqual(['nightly-finding']);
    expect(Object.values(st.resources[REPO_ARN]!.findings).some((k) => k.finding.access === 'public')).toBe(true);
  }, 60_000);
  it('reads a widening the rescan alerted as changed and already announced on the next night, never news again', async () => {
    // Given payments/api grants anyone pull only, as a night read it
    now = '2026-12-08T10:00:05.000Z';
    daytime('2026-12-08T10:00:00Z');
    // (the stand-in finding the race test above wrote is not a real grant: it is taken out of the state first)
    const cur = await readAccountState(h.store, PAYMENTS);
    const { 'arn:aws:s3:::nightly-only-bucket': _fake, ...resources } = cur.state!.resources;
    expect(await putAccountState(h.store, { ...cur.state!, resources }, cur.tag)).toBe(true);
    const pullOnly = { ...OPEN, Statement: [{ ...OPEN.Statement[0]!, Action: PULL }] };
    h.sandbox.setRepositoryPolicy(PAYMENTS, 'eu-west-1', 'payments/api', pullOnly);
    const night = (runId: string, at: string) =>
      runPipeline({ config: h.config, store: h.store, factory: h.factory, catalog, runId, clock: () => at });
    await night('night-3', '2026-12-09T03:00:00.000Z');
    // When at 10:02 it is opened for push too, and the rescan alerts the widening
    now = '2026-12-09T10:02:07.000Z';
    daytime('2026-12-09T10:02:00Z');
    const before = h.sandbox.cloudTrail.events().length;
    h.sandbox.setRepositoryPolicy(PAYMENTS, 'eu-west-1', 'payments/api', OPEN);
    const report = await rescanEvents(h.sandbox.cloudTrail.events().slice(before), deps());
    const alert = report.messages.find((m) => m.attributes.kind === 'rescan-alert');
    expect(alert, JSON.stringify(report.messages)).toBeDefined();
    // And the next night runs
    await night('night-4', '2026-12-10T03:00:00.000Z');
    const doc = JSON.parse((await h.store.get('reports/latest/report.json'))!) as ReportDoc;
    const pub = doc.findings.filter((f) => f.resource.arn === REPO_ARN && f.access === 'public');
    // Then the widened grant reads changed, announced by the event path at 10:02, and the message names no change
    expect(pub.map((f) => [f.status, f.announcedBy, f.announcedAt?.slice(0, 16)])).toEqual(
      pub.map(() => ['changed', 'event', '2026-12-09T10:02']),
    );
    expect(pub.length).toBeGreaterThan(0);
    const lines = bodyOf(renderSnsMessage(doc)).content.description.split('\n');
    expect(lines.find((l) => l.startsWith('New: '))).toMatch(/^New: \d+ · Changed: 0 · /);
    expect(lines.filter((l) => l.startsWith('Already announced by the event path'))).toEqual([
      `Already announced by the event path (not news): ${pub.length} ${pub.length === 1 ? 'finding' : 'findings'} since the last night (${pub.length} changed), listed in the report`,
    ]);
  }, 180_000);

  it('seeds the state from the last report when it is gone between the rescan read and its write', async () => {
    // Given the account's state is removed after the rescan read it (its first write then loses)
    now = '2026-12-10T11:00:05.000Z';
    daytime('2026-12-10T11:00:00Z');
    const before = h.sandbox.cloudTrail.events().length;
    h.sandbox.setRepositoryPolicy(PAYMENTS, 'eu-west-1', 'payments/api', OPEN);
    const events = h.sandbox.cloudTrail.events().slice(before);
    beforeWrite = async () => {
      expect(h.sandbox.org.buckets.get(REPORT_BUCKET)!.objects.delete(accountStateKey(PAYMENTS))).toBe(true);
    };
    // When the rescan writes its state
    const report = await rescanEvents(events, deps());
    // Then it read the last report for a seed and wrote the seeded state with its own read merged in
    expect(report.scopes.map((s) => [s.outcome, s.stateConflicts])).toEqual([['rescanned', 1]]);
    const doc = JSON.parse((await h.store.get('reports/latest/report.json'))!) as ReportDoc;
    const seeded = seedAccountState(doc, PAYMENTS, 'reports/latest/report.json');
    const st = (await stateOf(PAYMENTS))!;
    expect(st.seededFrom).toBe('reports/latest/report.json');
    expect(Object.keys(seeded.resources).length).toBeGreaterThan(1);
    for (const [key, r] of Object.entries(seeded.resources))
      if (key !== REPO_ARN) expect(st.resources[key], key).toEqual(r);
    expect(Object.values(st.resources[REPO_ARN]!.findings).some((k) => k.finding.access === 'public')).toBe(true);
  }, 60_000);
});
