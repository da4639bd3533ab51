import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as planScan } from '../../functions/plan-scan.js';
import { handler as publishReport } from '../../functions/publish-report.js';
import { handler as scanAccount } from '../../functions/scan-account.js';
import type { OrgAccount } from '../../lib/model/manifest.js';
import type { ReportDoc } from '../../lib/publish/types.js';
import { functionEnv, REPORT_BUCKET, startHarness, type Harness } from '../run/harness.js';
import { lambdaContext, setEnv } from './lambda.js';

// The functions as deployed with the parameter securityHub=true (SECURITY_HUB from serverless.yml), on the sandbox.
let h: Harness;
let restore: () => void;

beforeAll(async () => {
  h = await startHarness();
  restore = setEnv(functionEnv(h, { SECURITY_HUB: 'true' }));
});
afterAll(async () => {
  restore();
  await h.close();
});

describe('publish-report with the securityHub setting on', () => {
  it('imports the run findings into the function account default product and records the delivery', async () => {
    // Given a planned and scanned run
    const plan = await planScan(
      { executionName: 'exec-hub-0001', startTime: '2026-11-22T03:00:00.000Z' },
      lambdaContext('plan-scan'),
    );
    const items = JSON.parse(
      h.sandbox
        .s3Objects(undefined, REPORT_BUCKET)
        .find((o) => o.key === plan.itemsKey)!
        .body.toString('utf8'),
    ) as OrgAccount[];
    for (const account of items) await scanAccount({ runId: plan.runId, account }, lambdaContext('scan-account'));
    // When publish-report runs
    await publishReport({ runId: plan.runId }, lambdaContext('publish-report'));
    // Then Security Hub holds every open finding of the report, under the function's own account
    const doc = JSON.parse(
      h.sandbox
        .s3Objects(undefined, REPORT_BUCKET)
        .find((o) => o.key === 'reports/latest/report.json')!
        .body.toString('utf8'),
    ) as ReportDoc;
    const stored = h.sandbox.securityHub.findings();
    expect(stored.map((s) => s.finding.Id).sort()).toEqual(doc.findings.map((f) => f.id).sort());
    expect(new Set(stored.map((s) => s.finding.AwsAccountId))).toEqual(new Set([h.sandbox.org.scannerAccountId]));
    expect(doc.securityHub).toMatchObject({
      importer: 'caller',
      account: h.sandbox.org.scannerAccountId,
      delivery: { status: 'sent', failedCount: 0 },
    });
  });
});
