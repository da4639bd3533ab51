import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportFinding } from '../../lib/findings/model.js';
import { isNews } from '../../lib/model/resource-state.js';
import type { ReportDoc } from '../../lib/publish/index.js';
import { runPipeline } from '../../lib/run/index.js';
import { CENTRAL, DATA_LAKE, startHarness, type Harness } from '../run/harness.js';

// Issue 20, defects 6, 7 and 9, over nights of the pipeline on the sandbox's demo organisation: why a finding is
// new (newly granted / new resource / first read / resting on a failed read), and accounts that left.
const REGION = 'eu-west-1';
const PUSH = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:CompleteLayerUpload',
  'ecr:InitiateLayerUpload',
  'ecr:PutImage',
  'ecr:UploadLayerPart',
];
const day = (n: number): string => `2026-12-${String(n).padStart(2, '0')}T03:00:00.000Z`;

let h: Harness;
let nights = 0;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => {
  await h.close();
});

async function night(): Promise<{ doc: ReportDoc; title: string; description: string }> {
  nights += 1;
  const runId = `night-${nights}`;
  const before = h.sandbox.snsMessages(h.topicArn).length;
  await runPipeline({
    config: h.config,
    store: h.store,
    factory: h.factory,
    notifier: h.notifier,
    runId,
    clock: () => day(nights),
    suppressionsText: null,
  });
  const key = (await h.store.list('reports/')).find((k) => k.endsWith(`/${runId}/report.json`))!;
  const doc = JSON.parse((await h.store.get(key))!) as ReportDoc;
  const m = JSON.parse(h.sandbox.snsMessages(h.topicArn)[before].message) as {
    content: { title: string; description: string };
  };
  return { doc, title: m.content.title, description: m.content.description };
}

const news = (doc: ReportDoc): ReportFinding[] => doc.findings.filter((f) => f.status === 'new' && isNews(f.newKind));

describe('why a finding is new, over nights', () => {
  it('tells first reads from the real new grant, and the title names the grant (defect 9)', async () => {
    // Given a first night on which the data-lake account could not be read
    h.sandbox.faults.set({ unassumableRoles: [DATA_LAKE] });
    await night();
    h.sandbox.faults.clear();
    // When anyone is given push on a central repository and the next night reads everything
    h.sandbox.setRepositoryPolicy(CENTRAL, REGION, 'scratch/experiments', {
      Version: '2012-10-17',
      Statement: [{ Sid: 'AnyonePush', Effect: 'Allow', Principal: '*', Action: PUSH }],
    });
    const n2 = await night();
    // Then the grant is the only news, the data lake's findings are first reads, counted on one line
    expect(news(n2.doc).map((f) => [f.resource.arn.split(':').pop(), f.access, f.newKind])).toEqual([
      ['repository/scratch/experiments', 'public', 'granted'],
    ]);
    const firstReads = n2.doc.findings.filter((f) => f.newKind === 'first-read');
    expect(firstReads.length).toBeGreaterThan(0);
    expect(firstReads.every((f) => f.resource.account === DATA_LAKE)).toBe(true);
    // (the demo's account without an audit role is never read: the title leads with that, then names the grant)
    expect(n2.title).toMatch(
      /^Scan incomplete: 1 of 6 accounts not read · 1 new public finding: any AWS account.* can write and read repository scratch\/experiments$/,
    );
    expect(n2.description.split('\n').filter((l) => l.startsWith('First reads (not news):'))).toEqual([
      `First reads (not news): ${firstReads.length} finding${firstReads.length === 1 ? '' : 's'} on resources or sources read for the first time, listed in the report`,
    ]);
    expect(n2.doc.summary.newKinds).toMatchObject({ granted: 1, 'first-read': firstReads.length });
  }, 300_000);

  it('never announces a grant that exists only because a failed scope read forced V2 (defect 6)', async () => {
    // Given a registry policy that gives everyone pull, under scope V1 (where it only covers replication)
    h.sandbox.setRegistryPolicy(
      CENTRAL,
      REGION,
      {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'AnyonePull',
            Effect: 'Allow',
            Principal: '*',
            Action: ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'],
            Resource: '*',
          },
        ],
      },
      'V1',
    );
    const before = await night();
    // When GetAccountSetting fails the next night, so V2 is assumed
    h.sandbox.faults.set({
      errors: [{ account: CENTRAL, service: 'ecr', action: 'GetAccountSetting', kind: 'internal', rate: 1 }],
    });
    const n = await night();
    h.sandbox.faults.clear();
    // Then the V2-only grants are shown as resting on the failed read, never as news
    const assumed = n.doc.findings.filter((f) => f.newKind === 'assumed');
    expect(assumed.length).toBeGreaterThan(0);
    expect(assumed.every((f) => f.source === 'registry-policy' && f.resource.account === CENTRAL)).toBe(true);
    expect(news(n.doc)).toEqual([]);
    expect(n.doc.summary.highestNewSeverity).toBeNull();
    expect(n.title).not.toMatch(/new .*finding/);
    expect(n.description).toMatch(/Not announced: \d+ findings? rests? on a read that failed/);
    // And the next good night (still V1) reports nothing new and nothing resolved of them
    const after = await night();
    expect(news(after.doc)).toEqual([]);
    expect(after.doc.resolved.filter((f) => f.source === 'registry-policy')).toEqual([]);
    expect(after.doc.summary.open).toBe(before.doc.summary.open);
  }, 300_000);

  it('resolves the findings of an account that left the organisation, with that reason (defect 7)', async () => {
    // Given the data lake's open findings
    const before = await night();
    const lake = before.doc.findings.filter((f) => f.resource.account === DATA_LAKE && f.status !== 'not-checked');
    expect(lake.length).toBeGreaterThan(0);
    // When it leaves the organisation
    h.sandbox.org.accounts.delete(DATA_LAKE);
    const n = await night();
    // Then its findings are resolved with that reason, none stays not-checked, and the next night forgets them
    expect(
      n.doc.resolved
        .filter((f) => f.resource.account === DATA_LAKE)
        .map((f) => [f.id, f.resolvedReason])
        .sort(),
    ).toEqual(lake.map((f) => [f.id, 'the account left the organisation']).sort());
    expect(n.doc.findings.filter((f) => f.resource.account === DATA_LAKE)).toEqual([]);
    const next = await night();
    expect(next.doc.resolved.filter((f) => f.resource.account === DATA_LAKE)).toEqual([]);
  }, 300_000);
});
