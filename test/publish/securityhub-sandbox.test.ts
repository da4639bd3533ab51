import { SecurityHubClient } from '@aws-sdk/client-securityhub';
import { STSClient } from '@aws-sdk/client-sts';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { publishReport, SecurityHubWriter } from '../../lib/publish/index.js';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LocalReportStore } from '../../lib/publish/store-local.js';
import type { ReportDoc } from '../../lib/publish/types.js';
import { runPipeline } from '../../lib/run/index.js';
import { resolvePipelineConfig } from '../../lib/run/config.js';
import { finding, manifest, result } from '../findings/make.js';
import { CENTRAL, DATA_LAKE, startHarness, type Harness } from '../run/harness.js';
import { SCANNER, startReportSandbox, stopReportSandbox, type ReportSandbox } from './sandbox.js';

const SUPPRESS_WEBSITE = `version: 1
rules:
  - id: website
    match: { resource: "arn:aws:s3:::demo-public-website-assets", access: public }
    reason: the public web site
    owner: web@example.com
    expires: 2099-01-01
`;

function hubClients(
  url: string,
  region: string,
  credentials: { accessKeyId: string; secretAccessKey: string },
  maxAttempts = 3,
) {
  const hub = new SecurityHubClient({ region, endpoint: url, credentials, maxAttempts });
  const sts = new STSClient({ region, endpoint: url, credentials });
  return { writer: new SecurityHubWriter(hub, sts), close: () => (hub.destroy(), sts.destroy()) };
}

describe('Security Hub over the sandbox, two runs of the demo organisation', () => {
  let h: Harness;
  let hub: ReturnType<typeof hubClients>;
  beforeAll(async () => {
    h = await startHarness();
    hub = hubClients(h.sandbox.url, h.region, h.credentials);
  });
  afterAll(async () => {
    hub.close();
    await h.close();
  });

  it('imports every finding, then archives the resolved one, suppresses with the reason and leaves the not-checked one untouched', async () => {
    // Given the pipeline with securityHub on, run once
    const config = resolvePipelineConfig({ ...h.config, securityHub: true });
    const run = (runId: string, now: string, suppressionsText: string | null) =>
      runPipeline({
        config,
        store: h.store,
        factory: h.factory,
        notifier: h.notifier,
        securityHub: hub.writer,
        suppressionsText,
        runId,
        clock: () => now,
      });
    const first = await run('20261201T020000Z-first', '2026-12-01T02:00:00.000Z', null);
    const firstDoc = first.outcome;
    const stored1 = h.sandbox.securityHub.findings();
    // Then run 1 imported N findings, all ACTIVE and NEW, into the scanner account's default product
    const n = firstDoc.summary.byStatus.new;
    expect(n).toBeGreaterThan(5);
    expect(firstDoc.securityHub?.delivery).toMatchObject({ status: 'sent', imported: n, archived: 0, failedCount: 0 });
    expect(stored1).toHaveLength(n);
    const product = `arn:aws:securityhub:${h.region}:111111111111:product/111111111111/default`;
    expect(new Set(stored1.map((s) => s.finding.ProductArn))).toEqual(new Set([product]));
    expect(stored1.every((s) => s.finding.RecordState === 'ACTIVE' && s.workflowStatus === 'NEW')).toBe(true);

    // When the bucket policy that made the dataset bucket public is removed, a repository policy cannot be read,
    // and the website bucket is suppressed, and the pipeline runs again
    h.sandbox.setBucketPolicy(DATA_LAKE, 'demo-open-dataset-exports', null);
    h.sandbox.faults.set({
      errors: [
        {
          service: 'ecr',
          action: 'GetRepositoryPolicy',
          resource: 'vendor-delivery/monitoring-agent',
          rate: 1,
          kind: 'internal',
        },
      ],
    });
    const second = await run('20261202T020000Z-second', '2026-12-02T02:00:00.000Z', SUPPRESS_WEBSITE);
    h.sandbox.faults.clear();
    const doc = JSON.parse((await h.store.get('reports/latest/report.json'))!) as ReportDoc;

    // Then the resolved findings are ARCHIVED (PASSED), re-imported once more
    const byId = new Map(h.sandbox.securityHub.findings().map((s) => [s.finding.Id as string, s]));
    expect(doc.resolved.length).toBeGreaterThan(0);
    for (const f of doc.resolved) {
      expect(f.resource.arn).toBe('arn:aws:s3:::demo-open-dataset-exports');
      expect(byId.get(f.id)).toMatchObject({
        imports: 2,
        finding: { RecordState: 'ARCHIVED', Compliance: { Status: 'PASSED' } },
      });
    }
    // And the not-checked finding was not sent again: one import, still ACTIVE, last observed in run 1
    const notChecked = doc.findings.filter((f) => f.status === 'not-checked');
    expect(notChecked.map((f) => f.resource.arn)).toEqual([
      `arn:aws:ecr:eu-west-1:${CENTRAL}:repository/vendor-delivery/monitoring-agent`,
    ]);
    expect(byId.get(notChecked[0].id)).toMatchObject({
      imports: 1,
      workflowStatus: 'NEW',
      finding: { RecordState: 'ACTIVE', LastObservedAt: '2026-12-01T02:00:00.000Z' },
    });
    // And the suppressed findings carry SUPPRESSED with the rule's reason as the note
    const suppressed = doc.findings.filter((f) => f.suppressedBy);
    expect(suppressed.length).toBeGreaterThan(0);
    for (const f of suppressed) {
      expect(byId.get(f.id)?.workflowStatus).toBe('SUPPRESSED');
      expect(byId.get(f.id)?.note?.Text).toContain('the public web site');
    }
    // And the delivery says so, with no gap, and no request ever held more than 100 findings
    expect(second.outcome.securityHub?.delivery).toMatchObject({
      status: 'sent',
      archived: doc.resolved.length,
      suppressed: suppressed.length,
      untouched: 1,
      failedCount: 0,
    });
    expect(h.sandbox.securityHub.requests().every((r) => r.count <= 100)).toBe(true);
  });
});

describe('Security Hub delivery of a large run and of failures', () => {
  let env: ReportSandbox;
  const credentials = { accessKeyId: 'AKIASANDBOXSCANNER01', secretAccessKey: 'sandbox-secret-not-checked' };
  beforeAll(async () => {
    env = await startReportSandbox();
  });
  afterAll(() => stopReportSandbox(env));
  afterEach(() => env.sandbox.faults.clear());
  // A fresh report directory per run, so no run is diffed against another test's report.
  const freshStore = () => new LocalReportStore(mkdtempSync(join(tmpdir(), 'oas-hub-')));

  /** A run of one account with `n` distinct findings on one bucket. */
  function bigRun(n: number, runId: string) {
    const findings = Array.from({ length: n }, (_, i) =>
      finding({
        id: `f-${runId}-${String(i).padStart(4, '0')}`,
        source: 'bucket-policy',
        resource: { arn: 'arn:aws:s3:::big', type: 's3-bucket', account: SCANNER, region: 'eu-west-1' },
        principal: { class: 'named-principal', value: `arn:aws:iam::999999999999:role/r${i}`, account: '999999999999' },
        access: 'external',
        severity: 'medium',
      }),
    );
    return {
      runId,
      manifest: manifest([SCANNER], ['eu-west-1'], runId),
      results: [result(SCANNER, findings, { runId })],
    };
  }

  it('sends 250 findings in batches of at most 100 and keeps every one', async () => {
    // Given a run with 250 findings and Security Hub on
    const hub = hubClients(env.sandbox.url, 'eu-west-1', credentials);
    const before = env.sandbox.securityHub.requests().length;
    // When it is published
    const summary = await publishReport(
      { ...bigRun(250, 'run-big'), now: '2026-11-22T02:00:00.000Z' },
      { store: freshStore(), securityHub: hub.writer },
    );
    hub.close();
    // Then three imports of 100, 100 and 50 carried them all
    const imports = env.sandbox.securityHub
      .requests()
      .slice(before)
      .filter((r) => r.action === 'BatchImportFindings');
    expect(imports.map((r) => r.count)).toEqual([100, 100, 50]);
    expect(summary.securityHub?.delivery).toMatchObject({
      status: 'sent',
      imported: 250,
      importBatches: [100, 100, 50],
    });
    expect(
      env.sandbox.securityHub.findings(SCANNER).filter((s) => String(s.finding.Id).startsWith('f-run-big-')),
    ).toHaveLength(250);
  });

  it('turns throttling that outlasts the retries into a delivery gap in the report and the SNS message, and completes', async () => {
    // Given Security Hub throttling every import and a client that retries twice
    env.sandbox.faults.set({
      errors: [{ service: 'securityhub', action: 'BatchImportFindings', rate: 1, kind: 'throttle' }],
    });
    const hub = hubClients(env.sandbox.url, 'eu-west-1', credentials, 2);
    const { SnsNotifier } = await import('../../lib/publish/notifier-sns.js');
    // When a run of 120 findings is published
    const store = freshStore();
    const summary = await publishReport(
      { ...bigRun(120, 'run-throttled'), now: '2026-11-23T02:00:00.000Z' },
      { store, notifier: new SnsNotifier(env.sns, env.topicArn), securityHub: hub.writer },
    );
    hub.close();
    // Then every finding is a named failure, the report and the message say so, and the report was still written
    expect(summary.securityHub?.delivery).toMatchObject({ status: 'failed', imported: 0, failedCount: 120 });
    expect(summary.securityHub?.delivery?.failed[0]).toMatchObject({
      call: 'BatchImportFindings',
      code: 'LimitExceededException',
    });
    const doc = JSON.parse((await store.get('reports/latest/report.json'))!) as ReportDoc;
    expect(doc.securityHub?.delivery?.failedCount).toBe(120);
    const message = env.sandbox.snsMessages(env.topicArn).at(-1)!;
    expect(JSON.parse(message.message).content.description).toContain(
      'Security Hub delivery gap: 120 finding updates not taken (LimitExceededException)',
    );
    expect(summary.notification).toBe('sent');
  });

  it('reports the findings Security Hub refuses one by one (FailedFindings) and keeps the others', async () => {
    // Given a sink that imports under another account than the caller's (which Security Hub refuses)
    const hub = hubClients(env.sandbox.url, 'eu-west-1', credentials);
    const wrong = {
      importer: async () => ({ account: '999999999999', partition: 'aws', region: 'eu-west-1' }),
      deliver: hub.writer.deliver.bind(hub.writer),
    };
    // When a run is published
    const summary = await publishReport(
      { ...bigRun(3, 'run-wrong'), now: '2026-11-24T02:00:00.000Z' },
      { store: freshStore(), securityHub: wrong },
    );
    hub.close();
    // Then each finding is listed with Security Hub's reason, and nothing was stored
    expect(summary.securityHub?.delivery).toMatchObject({ status: 'failed', failedCount: 3 });
    expect(summary.securityHub?.delivery?.failed.map((f) => f.code)).toEqual([
      'AccessDeniedException',
      'AccessDeniedException',
      'AccessDeniedException',
    ]);
    expect(env.sandbox.securityHub.findings().some((s) => String(s.finding.Id).startsWith('f-run-wrong-'))).toBe(false);
  });
});
