import type { Manifest, OrgAccount } from '../../lib/model/manifest.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { metrics } from '../../functions/shared/observability.js';
import { handler as planScan } from '../../functions/plan-scan.js';
import { handler as publishReport } from '../../functions/publish-report.js';
import { handler as reportLink } from '../../functions/report-link.js';
import { handler as scanAccount } from '../../functions/scan-account.js';
import type { AccountResult } from '../../lib/model/account-result.js';
import { CENTRAL, NO_ROLE, REPORT_BUCKET, functionEnv, startHarness, type Harness } from '../run/harness.js';
import { lambdaContext, setEnv } from './lambda.js';

// Each handler is invoked as Lambda would: a state-machine (or Function URL) event and a Lambda context, with the
// function's environment from serverless.yml pointing at the sandbox. They run in the order of the state machine.
let h: Harness;
let restore: () => void;
const RUN = '20261122T030000Z-exec0001';

beforeAll(async () => {
  h = await startHarness();
  restore = setEnv(functionEnv(h, { MAX_CONCURRENCY: '7', SUPPRESSIONS_KEY: 'config/suppressions.yaml' }));
});
afterAll(async () => {
  restore();
  await h.close();
});

function json<T>(key: string): T {
  const obj = h.sandbox.s3Objects(undefined, REPORT_BUCKET).find((o) => o.key === key);
  if (!obj) throw new Error(`no object \`${key}\``);
  return JSON.parse(obj.body.toString('utf8')) as T;
}

describe('the functions, in state-machine order', () => {
  let items: OrgAccount[];

  it('plan-scan writes the manifest and the item list and returns what the Map reads', async () => {
    // Given the state machine's plan event
    const event = { executionName: 'exec-0001', startTime: '2026-11-22T03:00:00.000Z' };
    // When plan-scan runs
    const out = await planScan(event, lambdaContext('plan-scan'));
    // Then the run id comes from the execution and the Map's inputs are returned
    expect(out).toEqual({
      runId: RUN,
      itemsKey: `runs/${RUN}/items.json`,
      mapResultsPrefix: `runs/${RUN}/map`,
      maxConcurrency: 7,
      accounts: 6,
      items: 6,
      gaps: 0,
    });
    const manifest = json<Manifest>(`runs/${RUN}/manifest.json`);
    expect(manifest.organization?.id).toBe('o-demo1a2b3c');
    items = json<OrgAccount[]>(out.itemsKey);
    expect(items.map((a) => a.id)).toEqual(manifest.accounts.map((a) => a.id));
  });

  it('scan-account writes one result per account; a retry overwrites it', async () => {
    // Given the Map items except the data-lake account (as if its scan failed for good)
    const scanned = items.filter((a) => a.id !== '444444444444');
    // When scan-account runs for each item, and once more for the central account (a retry)
    const recorded = vi.spyOn(metrics, 'addMetric');
    const outputs = [];
    for (const account of scanned)
      outputs.push(await scanAccount({ runId: RUN, account }, lambdaContext('scan-account')));
    await scanAccount({ runId: RUN, account: items.find((a) => a.id === CENTRAL)! }, lambdaContext('scan-account'));
    // Then there is exactly one result object per scanned account
    expect(h.keys(`runs/${RUN}/accounts/`)).toEqual(scanned.map((a) => `runs/${RUN}/accounts/${a.id}.json`).sort());
    const central = outputs.find((o) => o.accountId === CENTRAL)!;
    expect(central.findings).toBeGreaterThan(0);
    expect(central.gaps).toBe(0);
    // And each invocation recorded the accounts scanned, gaps, findings by severity and duration
    const names = new Set(recorded.mock.calls.map((c) => c[0]));
    expect([...names].sort()).toEqual([
      'AccountsScanned',
      'DurationMs',
      'FindingsCritical',
      'FindingsHigh',
      'FindingsInfo',
      'FindingsLow',
      'FindingsMedium',
      'Gaps',
    ]);
    expect(recorded.mock.calls.filter((c) => c[0] === 'AccountsScanned')).toHaveLength(scanned.length + 1);
    recorded.mockRestore();
    // And the account without the audit role has its AssumeRole gap and no inventory
    const noRole = json<AccountResult>(`runs/${RUN}/accounts/${NO_ROLE}.json`);
    expect(noRole.inventory).toBeNull();
    expect(noRole.gaps.map((g) => `${g.service} ${g.call}`)).toEqual(['sts AssumeRole']);
  });

  it('publish-report merges the results, counts the missing account and notifies once', async () => {
    // Given a suppressions file in the bucket that accepts the vendor's pull of the monitoring agent
    const rules = [
      'version: 1',
      'rules:',
      '  - id: vendor-agent',
      '    match: { resource: "arn:aws:ecr:*:222222222222:repository/vendor-delivery/*", principal: "777777777777" }',
      '    reason: the vendor installs the agent from our registry',
      '    owner: platform@example.com',
      '    expires: 2099-12-31',
    ].join('\n');
    await h.store.put('config/suppressions.yaml', rules, 'application/yaml');
    // When publish-report runs for the run
    const out = await publishReport({ runId: RUN }, lambdaContext('publish-report'));
    // Then the missing account is reported as a gap and one SNS message went out
    expect(out).toMatchObject({ runId: RUN, accounts: 5, missingAccounts: ['444444444444'], notification: 'sent' });
    expect(h.sandbox.snsMessages(h.topicArn)).toHaveLength(1);
    const report = json<{
      coverage: { cells: Array<{ account: string; status: string }> };
      findings: Array<{ resource: { arn: string }; suppressedBy?: { ruleId: string } }>;
    }>('reports/latest/report.json');
    expect(report.coverage.cells.filter((c) => c.account === '444444444444').map((c) => c.status)).toEqual([
      'gap',
      'gap',
      'gap',
    ]);
    // And the bucket's suppressions file was applied
    const suppressed = report.findings
      .filter((f) => f.suppressedBy)
      .map((f) => [f.resource.arn, f.suppressedBy!.ruleId]);
    expect(suppressed).toEqual([
      ['arn:aws:ecr:eu-west-1:222222222222:repository/vendor-delivery/monitoring-agent', 'vendor-agent'],
    ]);
    // When the state machine retries publish-report
    const again = await publishReport({ runId: RUN }, lambdaContext('publish-report'));
    // Then nothing is sent twice
    expect(again.notification).toBe('duplicate');
    expect(h.sandbox.snsMessages(h.topicArn)).toHaveLength(1);
  });

  it('report-link redirects to a short-lived presigned URL of the latest report that downloads it', async () => {
    // Given a Function URL request signed by an IAM caller
    const event = {
      rawPath: '/',
      queryStringParameters: {},
      requestContext: {
        http: { method: 'GET' },
        authorizer: { iam: { userArn: 'arn:aws:iam::111111111111:user/auditor' } },
      },
    };
    // When report-link runs
    const out = await reportLink(event, lambdaContext('report-link'));
    // Then it redirects to a 5-minute link to reports/latest/report.html
    expect(out.statusCode).toBe(302);
    const url = new URL(out.headers.location);
    expect(url.pathname).toBe(`/${REPORT_BUCKET}/reports/latest/report.html`);
    expect(url.searchParams.get('X-Amz-Expires')).toBe('300');
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('<html');
  });

  it('report-link refuses a file outside the latest report set', async () => {
    // When a caller asks for anything else
    const out = await reportLink(
      { queryStringParameters: { file: '../runs/x/manifest.json' } },
      lambdaContext('report-link'),
    );
    // Then the answer is 400 and no link is issued
    expect(out.statusCode).toBe(400);
    expect(out.headers.location).toBeUndefined();
  });

  it('plan-scan reads Organizations through the management role when one is configured', async () => {
    // Given a management read role in the configuration
    const roleArn = 'arn:aws:iam::111111111111:role/OrgAccessScannerAudit';
    const undo = setEnv({ MANAGEMENT_ROLE_ARN: roleArn });
    const seen = h.sandbox.calls.length;
    try {
      // When plan-scan runs
      await planScan({ runId: 'mgmt-role-1' }, lambdaContext('plan-scan'));
    } finally {
      undo();
    }
    // Then it assumed that role and called Organizations as the assumed role, not as itself
    const calls = h.sandbox.calls.slice(seen);
    expect(calls.filter((c) => c.service === 'sts' && c.action === 'AssumeRole').map((c) => c.resource)).toEqual([
      roleArn,
    ]);
    const org = calls.filter((c) => c.service === 'organizations');
    expect(org.length).toBeGreaterThan(0);
    for (const c of org)
      expect(c.principal).toMatch(
        /^arn:aws:sts::111111111111:assumed-role\/OrgAccessScannerAudit\/org-access-scanner-plan$/,
      );
  });

  it.each<[string, unknown]>([
    ['scan-account', { runId: '../x', account: { id: CENTRAL } }],
    ['publish-report', { runId: 'a/b' }],
    ['plan-scan', { runId: 'bad id' }],
  ])('%s rejects an event whose run id could escape its prefix', async (fn, event) => {
    // When the handler gets a malformed run id
    const handler = { 'scan-account': scanAccount, 'publish-report': publishReport, 'plan-scan': planScan }[fn] as (
      e: unknown,
      c: unknown,
    ) => Promise<unknown>;
    // Then it fails without writing anything
    const before = h.keys('');
    await expect(handler(event, lambdaContext(fn))).rejects.toThrow('is not a valid run id');
    expect(h.keys('')).toEqual(before);
  });
});
