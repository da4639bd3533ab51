import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReportFinding } from '../../lib/findings/model.js';
import type { ReportDoc, ReportStore } from '../../lib/publish/index.js';
import { runPipeline, type PipelineResult } from '../../lib/run/index.js';
import { accountResultKey } from '../../lib/run/keys.js';
import { scanStep } from '../../lib/run/scan-step.js';
import { loadManifest } from '../../lib/run/steps.js';
import { renderRunOverview } from '../../lib/run/overview.js';
import { loadCatalog } from '../../lib/catalog/index.js';
import { CENTRAL, DATA_LAKE, NO_ROLE, startHarness, VENDOR, type Harness } from './harness.js';

const NOW = '2026-11-22T03:00:00.000Z';
const PULL = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];

let h: Harness;
beforeEach(async () => {
  h = await startHarness();
});
afterEach(async () => {
  await h.close();
});

async function latestReport(store: ReportStore): Promise<ReportDoc> {
  return JSON.parse((await store.get('reports/latest/report.json'))!) as ReportDoc;
}

function on(doc: ReportDoc, resourceSuffix: string): ReportFinding[] {
  return doc.findings.filter((f) => f.resource.arn.endsWith(resourceSuffix));
}

describe('runPipeline on the demo organisation', () => {
  let result: PipelineResult;
  let doc: ReportDoc;

  beforeEach(async () => {
    // Given the demo organisation in the sandbox
    // When the whole pipeline runs once
    result = await runPipeline({
      config: h.config,
      store: h.store,
      factory: h.factory,
      notifier: h.notifier,
      runId: 'e2e-1',
      clock: () => NOW,
      suppressionsText: null,
    });
    doc = await latestReport(h.store);
  });

  it('plans every account, writes one result object per account and publishes once', () => {
    // Then the plan, the per-account results and the reports are in the bucket
    expect(result.plan.accounts).toBe(6);
    expect(result.failures).toEqual([]);
    const ids = ['111111111111', CENTRAL, '333333333333', DATA_LAKE, NO_ROLE, '666666666666'];
    expect(h.keys('runs/e2e-1/accounts/')).toEqual(ids.map((id) => accountResultKey('e2e-1', id)));
    expect(h.keys('runs/e2e-1/')).toEqual(
      expect.arrayContaining(['runs/e2e-1/manifest.json', 'runs/e2e-1/items.json', 'runs/e2e-1/published']),
    );
    const files = [
      'compliance.csv',
      'coverage.csv',
      'findings.asff.json',
      'findings.csv',
      'findings.ocsf.json',
      'report.html',
      'report.json',
    ];
    expect(h.keys('reports/latest/')).toEqual(files.map((f) => `reports/latest/${f}`));
    expect(h.sandbox.snsMessages(h.topicArn)).toHaveLength(1);
  });

  it('reports the central registry sharing images with the workload role, pull only', () => {
    // Then the role grant is an org finding with the pull actions
    const shared = on(doc, ':repository/platform/base-images');
    expect(shared.map((f) => [f.principal.value, f.access, f.actions])).toEqual([
      ['arn:aws:iam::333333333333:role/ci-deployer', 'org', PULL],
    ]);
  });

  it('keeps the push-only / pull-only repository at pull for everyone but the release pusher', () => {
    // Then no finding on the release gate carries more than the pull actions
    const gate = on(doc, ':repository/platform/release-gate');
    expect(gate.length).toBeGreaterThan(0);
    for (const f of gate) expect(f.actions).toEqual(PULL);
  });

  it('reports the pull-through cache imports, the creation template, the replication and the vendor', () => {
    // Then each ECR story has its finding
    const sources = (suffix: string) => on(doc, suffix).map((f) => `${f.source} ${f.access} ${f.principal.value}`);
    expect(sources(':repository/ecr-public/*')).toEqual(
      expect.arrayContaining(['pull-through-cache org 333333333333', `creation-template external ${VENDOR}`]),
    );
    expect(sources(':repository/platform*')).toEqual([`replication external 888888888888`]);
    expect(sources(':repository/vendor-delivery/monitoring-agent')).toEqual([`repository-policy external ${VENDOR}`]);
    const cache = on(doc, ':repository/ecr-public/*').find((f) => f.source === 'pull-through-cache')!;
    expect(cache.actions).toEqual(['ecr:BatchImportUpstreamImage', 'ecr:CreateRepository']);
  });

  it('reports one public bucket mitigated by Block Public Access and one that is not', () => {
    // Then both buckets are public, only the website assets are mitigated
    const mitigations = (bucket: string) =>
      on(doc, `:::${bucket}`)
        .filter((f) => f.access === 'public')
        .map((f) => f.mitigations);
    expect(mitigations('demo-public-website-assets').length).toBeGreaterThan(0);
    for (const m of mitigations('demo-public-website-assets')) expect(m).toEqual(['bpa:RestrictPublicBuckets(bucket)']);
    expect(mitigations('demo-open-dataset-exports').length).toBeGreaterThan(0);
    for (const m of mitigations('demo-open-dataset-exports')) expect(m).toEqual([]);
  });

  it('lints the registry storage bucket whose policy lists only `bucket/*`', () => {
    // Then the lint names the bucket
    expect(doc.lint.map((l) => [l.rule, l.resource])).toContainEqual([
      'action-resource-mismatch',
      'arn:aws:s3:::demo-prod-registry-storage',
    ]);
  });

  it('shows the account whose audit role is missing as a coverage gap in every region and service', () => {
    // Then every cell of that account is a gap caused by AssumeRole
    const cells = doc.coverage.cells.filter((c) => c.account === NO_ROLE);
    expect(cells.map((c) => `${c.service}:${c.region}:${c.status}`).sort()).toEqual([
      'ecr:eu-west-1:gap',
      'ecr:us-east-1:gap',
      's3:global:gap',
    ]);
    for (const c of cells) expect(c.reason).toContain('AssumeRole');
  });

  it('prints a summary with the counts, the top findings, the gaps and the report path', () => {
    // When the summary is rendered
    const text = renderRunOverview(doc, { htmlPath: '/tmp/out/reports/latest/report.html', top: 3 });
    // Then it has each part
    expect(text).toContain(`run e2e-1 — 6 accounts`);
    expect(text).toMatch(new RegExp(`high\\s+${doc.summary.bySeverity.high}\\s+${doc.summary.newBySeverity.high}`));
    expect(text).toContain(`top findings (3 of `);
    expect(text).toMatch(/by source: .*pull-through-cache 1.*\n/);
    expect(text).toContain(`${NO_ROLE} dev-sandbox`);
    expect(text).toMatch(
      /policy lint \(1 of 1\)\n.*\n\s+medium\s+action-resource-mismatch\s+arn:aws:s3:::demo-prod-registry-storage/,
    );
    expect(text).toContain('html report: /tmp/out/reports/latest/report.html');
  });

  it('counts a widening the event path already announced as changed, not news', () => {
    // Given the night's report with one finding widened and announced by the event path during the day
    const [first, ...rest] = doc.findings.filter((f) => !f.suppressedBy && f.status !== 'not-checked');
    const widened = {
      ...first!,
      status: 'changed' as const,
      announcedAt: '2026-12-06T10:02:03Z',
      announcedBy: 'event',
    };
    // When the summary is rendered
    const text = renderRunOverview({ ...doc, findings: [widened, ...rest] }, { htmlPath: '/tmp/r.html' });
    // Then one line says so, in the message's words
    expect(text).toContain('  changed, not news: 1 widening already announced by the event path since the last night');
  });
});

describe('runPipeline when an account keeps failing', () => {
  it('records the failure, still publishes, and reports the account as a gap', async () => {
    // Given a store that refuses the data-lake account's result object
    const failing: ReportStore = {
      get: (k) => h.store.get(k),
      list: (p) => h.store.list(p),
      putIfAbsent: (k, b) => h.store.putIfAbsent(k, b),
      getTagged: (k) => h.store.getTagged(k),
      putIfMatch: (k, b, t) => h.store.putIfMatch(k, b, t),
      put: async (k, b, t) => {
        if (k === accountResultKey('e2e-2', DATA_LAKE)) throw new Error('injected write failure');
        return h.store.put(k, b, t);
      },
    };
    // When the pipeline runs
    const result = await runPipeline({
      config: h.config,
      store: failing,
      factory: h.factory,
      runId: 'e2e-2',
      clock: () => NOW,
      suppressionsText: null,
    });
    // Then the account failed after its retries, the others were published, and the account is a gap
    expect(result.failures).toEqual([{ accountId: DATA_LAKE, error: 'Error: injected write failure' }]);
    expect(result.publish.missingAccounts).toEqual([DATA_LAKE]);
    const doc = await latestReport(h.store);
    const cells = doc.coverage.cells.filter((c) => c.account === DATA_LAKE);
    expect(cells.length).toBeGreaterThan(0);
    for (const c of cells) expect(c.status).toBe('gap');
    expect(doc.findings.filter((f) => f.resource.account === DATA_LAKE)).toEqual([]);
  });
});

describe('scanStep', () => {
  it('overwrites the same result object when an account is scanned again in the same run', async () => {
    // Given a planned run
    await runPipeline({
      config: h.config,
      store: h.store,
      factory: h.factory,
      runId: 'e2e-3',
      clock: () => NOW,
      suppressionsText: null,
    });
    const manifest = await loadManifest(h.store, 'e2e-3');
    const account = manifest.accounts.find((a) => a.id === CENTRAL)!;
    const before = h.keys('runs/e2e-3/accounts/');
    // When the same account is scanned again (a Step Functions retry)
    const { output } = await scanStep({ runId: 'e2e-3', account }, h.config, {
      store: h.store,
      factory: h.factory,
      catalog: await loadCatalog(),
      manifest,
      clock: () => '2026-11-22T03:05:00.000Z',
    });
    // Then there is still one object for it, holding the retry's result
    expect(h.keys('runs/e2e-3/accounts/')).toEqual(before);
    expect(output.key).toBe(accountResultKey('e2e-3', CENTRAL));
    const stored = JSON.parse((await h.store.get(output.key))!);
    expect(stored.startedAt).toBe('2026-11-22T03:05:00.000Z');
  });
});
