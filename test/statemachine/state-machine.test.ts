import { GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as buildAccessMatrix } from '../../functions/build-access-matrix.js';
import { handler as planScan } from '../../functions/plan-scan.js';
import { handler as publishReport } from '../../functions/publish-report.js';
import { handler as scanAccount } from '../../functions/scan-account.js';
import { ConfigError, PublishError } from '../../lib/errors.js';
import type { ReportDoc } from '../../lib/publish/index.js';
import { setEnv } from '../functions/lambda.js';
import { CENTRAL, NO_ROLE, REPORT_BUCKET, functionEnv, startHarness, type Harness } from '../run/harness.js';
import { runExecution, type ExecutionResult, type LambdaFn } from './runner.js';

// The deployed definition, infra/state-machine.asl.json, executed with its Task states calling the real handlers
// in-process against the sandbox (./runner.ts). One sandbox for the file: the executions run one after the other,
// so each case also sees what the previous run left in reports/latest/.
const ARN = (fn: string): string => `arn:aws:lambda:eu-west-1:111111111111:function:org-access-scanner-dev-${fn}`;
const STATE_MACHINE = 'arn:aws:states:eu-west-1:111111111111:stateMachine:org-access-scanner-dev';
let h: Harness;
let restore: () => void;
let executions = 0;

beforeAll(async () => {
  h = await startHarness();
  // Every account readable, so that a complete run is possible; the demo's missing role is its own case below.
  h.sandbox.setMemberRole(NO_ROLE, true);
  restore = setEnv(functionEnv(h, { MAX_CONCURRENCY: '3' }));
});
afterAll(async () => {
  restore();
  await h.close();
});

interface Wrappers {
  'plan-scan'?: (real: LambdaFn) => LambdaFn;
  'scan-account'?: (real: LambdaFn) => LambdaFn;
  'build-access-matrix'?: (real: LambdaFn) => LambdaFn;
  'publish-report'?: (real: LambdaFn) => LambdaFn;
}

/** Runs one execution of the state machine; `wrap` puts a fault in front of a function (as Lambda would fail). */
async function execute(wrap: Wrappers = {}): Promise<ExecutionResult & { runId?: string }> {
  executions += 1;
  const real: Record<keyof Wrappers, LambdaFn> = {
    'plan-scan': planScan as LambdaFn,
    'scan-account': scanAccount as LambdaFn,
    'build-access-matrix': buildAccessMatrix as LambdaFn,
    'publish-report': publishReport as LambdaFn,
  };
  const functions = Object.fromEntries(
    (Object.keys(real) as Array<keyof Wrappers>).map((fn) => [ARN(fn), wrap[fn] ? wrap[fn]!(real[fn]) : real[fn]]),
  );
  return runExecution(
    {},
    {
      substitutions: {
        PlanScanFunctionArn: ARN('plan-scan'),
        ScanAccountFunctionArn: ARN('scan-account'),
        BuildAccessMatrixFunctionArn: ARN('build-access-matrix'),
        PublishReportFunctionArn: ARN('publish-report'),
        ReportBucket: REPORT_BUCKET,
      },
      functions,
      s3: {
        getObject: async (Bucket, Key) =>
          (await h.s3.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToString(),
        putObject: async (Bucket, Key, Body) =>
          void (await h.s3.send(new PutObjectCommand({ Bucket, Key, Body, ContentType: 'application/json' }))),
      },
      executionName: `exec-${String(executions).padStart(4, '0')}-${Date.now().toString(36)}`,
      stateMachineArn: STATE_MACHINE,
    },
  );
}

async function json<T>(key: string): Promise<T> {
  return JSON.parse(
    await (await h.s3.send(new GetObjectCommand({ Bucket: REPORT_BUCKET, Key: key }))).Body!.transformToString(),
  ) as T;
}

const runIdOf = (r: ExecutionResult): string =>
  (r.invocations.find((i) => i.functionArn === ARN('publish-report'))!.payload as { runId: string }).runId;
const calls = (r: ExecutionResult, fn: string, account?: string): number =>
  r.invocations.filter(
    (i) =>
      i.functionArn === ARN(fn) && (!account || (i.payload as { account?: { id: string } }).account?.id === account),
  ).length;
/** The SNS messages of one run (the body's `id` is the run id). */
const messagesOf = (runId: string) =>
  h.sandbox.snsMessages(h.topicArn).filter((m) => (JSON.parse(m.message) as { id?: string }).id === runId);

describe('the state machine, executed from infra/state-machine.asl.json', () => {
  let first: ReportDoc;

  it('succeeds when every account is read: one result per account, the Map record, the latest report, one message', async () => {
    // When an execution runs with every function working
    const r = await execute();
    // Then it succeeds with a complete publish
    expect(r, `${r.error}: ${r.cause}`).toMatchObject({ status: 'SUCCEEDED' });
    expect(r.output).toMatchObject({ complete: true, incompleteReason: null, missingAccounts: [], accounts: 6 });
    const runId = runIdOf(r);
    expect(calls(r, 'scan-account')).toBe(6);
    // And the ResultWriter recorded six succeeded items under the run's map prefix
    const mapKeys = h.keys(`runs/${runId}/map/`);
    expect(mapKeys.filter((k) => k.endsWith('/manifest.json'))).toHaveLength(1);
    const manifest = await json<{ ResultFiles: Record<string, Array<{ Key: string }>> }>(
      mapKeys.find((k) => k.endsWith('/manifest.json'))!,
    );
    expect(manifest.ResultFiles.FAILED).toEqual([]);
    expect(await json<unknown[]>(manifest.ResultFiles.SUCCEEDED[0].Key)).toHaveLength(6);
    // And the latest report is this run's, complete, and one message went out without "incomplete"
    first = await json<ReportDoc>('reports/latest/report.json');
    expect(first.runId).toBe(runId);
    expect(first.incomplete).toBeUndefined();
    expect(first.summary.open).toBeGreaterThan(0);
    expect(messagesOf(runId)).toHaveLength(1);
    const body = JSON.parse(messagesOf(runId)[0].message) as {
      metadata: { additionalContext: Record<string, string> };
    };
    expect(body.metadata.additionalContext.incomplete).toBeUndefined();
  });

  it("publishes one account's failed Lambda as an incomplete run, keeps its findings not-checked and ends Failed", async () => {
    // Given scan-account failing for the central account with a deterministic error (a bad item)
    const failing =
      (real: LambdaFn): LambdaFn =>
      async (event, ctx) => {
        if (event.account?.id === CENTRAL) throw new ConfigError(`account \`${CENTRAL}\` cannot be scanned: bad item`);
        return real(event, ctx);
      };
    // When an execution runs
    const r = await execute({ 'scan-account': failing });
    const runId = runIdOf(r);
    // Then the failing item ran once (a ConfigError is not retried) and the others were scanned
    expect(calls(r, 'scan-account', CENTRAL)).toBe(1);
    expect(calls(r, 'scan-account')).toBe(6);
    // And the Map tolerated it and recorded it in its FAILED file
    const manifestKey = h.keys(`runs/${runId}/map/`).find((k) => k.endsWith('/manifest.json'))!;
    const failedKey = (await json<{ ResultFiles: { FAILED: Array<{ Key: string }> } }>(manifestKey)).ResultFiles
      .FAILED[0].Key;
    expect((await json<Array<{ Error: string }>>(failedKey)).map((e) => e.Error)).toEqual(['ConfigError']);
    // And the run's report says what was not read and why; the central account's earlier findings stay not-checked
    const dated = await json<ReportDoc>(
      `reports/${runId.slice(0, 4)}-${runId.slice(4, 6)}-${runId.slice(6, 8)}/${runId}/report.json`,
    );
    expect(dated.incomplete).toMatchObject({
      mapError: null,
      latestReplaced: false,
      notRead: [{ account: CENTRAL, reason: expect.stringContaining('ConfigError') }],
    });
    expect(dated.incomplete!.summary).toMatch(/^1 of 6 accounts not read/);
    const centralBefore = first.findings.filter((f) => f.resource.account === CENTRAL && f.status !== 'not-checked');
    expect(centralBefore.length).toBeGreaterThan(0);
    for (const f of dated.findings.filter((x) => x.resource.account === CENTRAL)) expect(f.status).toBe('not-checked');
    expect(dated.resolved.filter((f) => f.resource.account === CENTRAL)).toEqual([]);
    // And reports/latest/ still holds the complete run, not one claiming fewer open findings
    expect((await json<ReportDoc>('reports/latest/report.json')).runId).toBe(first.runId);
    // And the message and its subject say "scan incomplete"
    const [message] = messagesOf(runId);
    // (the subject leads with it and counts the same one account as the body: issue 20)
    expect(message.subject).toMatch(/^Scan incomplete: 1 of 6 accounts not read - /);
    expect((JSON.parse(message.message) as { content: { description: string } }).content.description).toContain(
      'Scan incomplete: 1 of 6 accounts not read',
    );
    // And the execution ends Failed after publishing, so the ExecutionsFailed alarm fires
    expect(r).toMatchObject({ status: 'FAILED', error: 'ScanIncomplete', cause: dated.incomplete!.summary });
  });

  it('retries a transient failure of an account scan and then completes', async () => {
    // Given scan-account failing once with an I/O error for the central account
    let failures = 0;
    const flaky =
      (real: LambdaFn): LambdaFn =>
      async (event, ctx) => {
        if (event.account?.id === CENTRAL && failures++ === 0) throw new PublishError('s3 put failed: SlowDown');
        return real(event, ctx);
      };
    // When an execution runs
    const r = await execute({ 'scan-account': flaky });
    // Then the item was retried and the run is complete
    expect(calls(r, 'scan-account', CENTRAL)).toBe(2);
    expect(r.status).toBe('SUCCEEDED');
    first = await json<ReportDoc>('reports/latest/report.json');
    expect(first.runId).toBe(runIdOf(r));
  });

  it('scans each account in shards when configured and publishes the same findings as one item per account', async () => {
    // Given three Map items per account
    const undo = setEnv({ SHARDS_PER_ACCOUNT: '3' });
    let r: ExecutionResult;
    try {
      // When an execution runs
      r = await execute();
    } finally {
      undo();
    }
    const runId = runIdOf(r);
    // Then every shard of every account was an item with its own result object
    expect(calls(r, 'scan-account')).toBe(18);
    const objects = h.keys(`runs/${runId}/accounts/`);
    expect(objects).toHaveLength(18);
    expect(objects.filter((k) => k.includes(`${CENTRAL}.shard-`))).toEqual(
      [0, 1, 2].map((i) => `runs/${runId}/accounts/${CENTRAL}.shard-${i}-of-3.json`),
    );
    // And the merged run is complete, with exactly the findings of the unsharded run before it, all unchanged
    expect(r).toMatchObject({ status: 'SUCCEEDED', output: { complete: true, accounts: 6 } });
    const sharded = await json<ReportDoc>('reports/latest/report.json');
    expect(sharded.runId).toBe(runId);
    expect(sharded.findings.map((f) => f.id).sort()).toEqual(first.findings.map((f) => f.id).sort());
    expect(sharded.summary.byStatus).toMatchObject({ new: 0, changed: 0, resolved: 0, 'not-checked': 0 });
    expect(sharded.coverage.cells).toEqual(first.coverage.cells);
    first = sharded;
  });

  it('publishes a failed ItemReader as an incomplete run of every account and ends Failed', async () => {
    // Given the Map's item list unreadable once planned (the object is not JSON)
    const corruptItems =
      (real: LambdaFn): LambdaFn =>
      async (event, ctx) => {
        const out = (await real(event, ctx)) as { itemsKey: string };
        await h.store.put(out.itemsKey, '{"truncated": ', 'application/json');
        return out;
      };
    // When an execution runs
    const r = await execute({ 'plan-scan': corruptItems });
    const runId = runIdOf(r);
    // Then no account was scanned, and publish was told the Map's error
    expect(calls(r, 'scan-account')).toBe(0);
    const publishEvent = r.invocations.find((i) => i.functionArn === ARN('publish-report'))!.payload as {
      map: { Error: string };
    };
    expect(publishEvent.map.Error).toBe('States.ItemReaderFailed');
    // And the report says that nothing was read, and why; every earlier open finding is not-checked, none resolved
    const prefix = h.keys('reports/').find((k) => k.includes(`/${runId}/`) && k.endsWith('report.json'))!;
    const doc = await json<ReportDoc>(prefix);
    expect(doc.incomplete).toMatchObject({ mapError: { error: 'States.ItemReaderFailed' }, latestReplaced: false });
    expect(doc.incomplete!.notRead.map((n) => n.account).sort()).toEqual(
      first.coverage.cells
        .map((c) => c.account)
        .filter((a, i, all) => all.indexOf(a) === i)
        .sort(),
    );
    expect(doc.incomplete!.summary).toMatch(
      /^6 of 6 accounts not read: the account Map failed with States\.ItemReaderFailed/,
    );
    expect(doc.resolved).toEqual([]);
    expect(doc.summary.open).toBe(0);
    expect(doc.summary.byStatus['not-checked']).toBe(first.summary.open + first.summary.suppressed);
    // And latest is untouched; the message says so; the execution fails
    expect((await json<ReportDoc>('reports/latest/report.json')).runId).toBe(first.runId);
    expect(messagesOf(runId)[0].subject).toMatch(
      /^Scan incomplete: 6 of 6 accounts not read; the account Map failed with States\.ItemReaderFailed/,
    );
    expect(r).toMatchObject({ status: 'FAILED', error: 'ScanIncomplete' });
  });

  it('ends Failed when publishing fails after its retries, leaving the latest report and sending nothing', async () => {
    // Given report writes to the bucket failing while publish-report runs
    const failingWrites =
      (real: LambdaFn): LambdaFn =>
      async (event, ctx) => {
        h.sandbox.faults.set({ errors: [{ service: 's3', action: 'PutObject', rate: 1, kind: 'internal' }] });
        try {
          return await real(event, ctx);
        } finally {
          h.sandbox.faults.clear();
        }
      };
    const sentBefore = h.sandbox.snsMessages(h.topicArn).length;
    // When an execution runs
    const r = await execute({ 'publish-report': failingWrites });
    // Then publish ran once and was retried twice (PublishError is an I/O error), and the execution failed with it
    expect(calls(r, 'publish-report')).toBe(3);
    expect(r).toMatchObject({ status: 'FAILED', error: 'PublishError' });
    expect(JSON.parse(r.cause!)).toMatchObject({
      errorType: 'PublishError',
      errorMessage: expect.stringMatching(/s3 (conditional )?put/),
    });
    // And the latest report and the topic are as before
    expect((await json<ReportDoc>('reports/latest/report.json')).runId).toBe(first.runId);
    expect(h.sandbox.snsMessages(h.topicArn)).toHaveLength(sentBefore);
  });
  it("ends Failed when an account's audit role cannot be assumed, though its scan wrote a result (read means read)", async () => {
    // Given the demo's dev-sandbox account without its member role
    h.sandbox.setMemberRole(NO_ROLE, false);
    let r: ExecutionResult;
    try {
      // When an execution runs
      r = await execute();
    } finally {
      h.sandbox.setMemberRole(NO_ROLE, true);
    }
    const runId = runIdOf(r);
    // Then every item succeeded, yet the account was not read, so the run is incomplete and ends Failed
    expect(calls(r, 'scan-account')).toBe(6);
    const doc = await json<ReportDoc>(
      h.keys('reports/').find((k) => k.includes(`/${runId}/`) && k.endsWith('report.json'))!,
    );
    expect(doc.incomplete!.notRead).toEqual([
      expect.objectContaining({ account: NO_ROLE, reason: expect.stringContaining('nothing could be read') }),
    ]);
    expect(r).toMatchObject({
      status: 'FAILED',
      error: 'ScanIncomplete',
      cause: expect.stringMatching(/^1 of 6 accounts not read/),
    });
    // And the subject leads with it, counting the same one account as the body
    const [message] = messagesOf(runId);
    expect(message.subject).toMatch(/^Scan incomplete: 1 of 6 accounts not read/);
    expect((JSON.parse(message.message) as { content: { title: string } }).content.title).toMatch(
      /^Scan incomplete: 1 of 6 accounts not read/,
    );
  });

  it('ends Failed for an account read in part only under FAIL_ON_GAPS, and says it is incomplete either way', async () => {
    // Given one ECR read denied in the central account (a partial read)
    h.sandbox.faults.set({
      errors: [{ account: CENTRAL, service: 'ecr', action: 'GetRegistryPolicy', rate: 1, kind: 'internal' }],
    });
    let lenient: ExecutionResult;
    let strict: ExecutionResult;
    try {
      // When an execution runs with the default setting, then with FAIL_ON_GAPS
      lenient = await execute();
      const undo = setEnv({ FAIL_ON_GAPS: 'true' });
      try {
        strict = await execute();
      } finally {
        undo();
      }
    } finally {
      h.sandbox.faults.clear();
    }
    // Then both are incomplete; only the strict one fails
    expect(lenient).toMatchObject({
      status: 'SUCCEEDED',
      output: { complete: false, fail: false, incompleteReason: '1 account read in part' },
    });
    expect(messagesOf(runIdOf(lenient))[0].subject).toMatch(/^Scan incomplete: 1 of 6 accounts read in part/);
    expect(strict).toMatchObject({
      status: 'FAILED',
      error: 'ScanIncomplete',
      cause: '1 account read in part (failOnGaps)',
    });
  });

  it('keeps the last known organisation when the listing fails, and ends Failed instead of shrinking to one account', async () => {
    // Given Organizations failing every ListAccounts call while planning (throttled past the retries)
    const failingListing =
      (real: LambdaFn): LambdaFn =>
      async (event, ctx) => {
        h.sandbox.faults.set({
          errors: [{ service: 'organizations', action: 'ListAccounts', rate: 1, kind: 'throttle' }],
        });
        try {
          return await real(event, ctx);
        } finally {
          h.sandbox.faults.clear();
        }
      };
    const latestBefore = (await json<ReportDoc>('reports/latest/report.json')).runId;
    // When an execution runs
    const r = await execute({ 'plan-scan': failingListing });
    const runId = runIdOf(r);
    // Then the plan is the last good listing: six accounts scanned, the zone of trust unchanged
    expect(calls(r, 'scan-account')).toBe(6);
    const manifest = await json<{ accounts: unknown[]; organization: unknown; planning: { source: string } }>(
      `runs/${runId}/manifest.json`,
    );
    expect(manifest).toMatchObject({
      organization: { managementAccountId: '111111111111' },
      planning: { source: 'last-known' },
    });
    // And the run says so, does not replace latest, and ends Failed
    const doc = await json<ReportDoc>(
      h.keys('reports/').find((k) => k.includes(`/${runId}/`) && k.endsWith('report.json'))!,
    );
    expect(doc.incomplete!.planning).toMatch(
      /^organisation not listed \(ListAccounts: .*\): the last known listing of run /,
    );
    expect(doc.resolved).toEqual([]);
    expect((await json<ReportDoc>('reports/latest/report.json')).runId).toBe(latestBefore);
    expect(messagesOf(runId)[0].subject).toMatch(/^Scan incomplete: organisation not listed/);
    expect(r).toMatchObject({
      status: 'FAILED',
      error: 'ScanIncomplete',
      cause: expect.stringContaining('organisation not listed'),
    });
  });

  it('treats an item that wrote its result and then timed out as not read, as the Map recorded it', async () => {
    // Given the central account's scan writing its result and then timing out on every attempt
    const lateTimeout =
      (real: LambdaFn): LambdaFn =>
      async (event, ctx) => {
        const out = await real(event, ctx);
        if (event.account?.id !== CENTRAL) return out;
        const e = new Error('Task timed out after 960 seconds');
        e.name = 'States.Timeout';
        throw e;
      };
    // When an execution runs
    const r = await execute({ 'scan-account': lateTimeout });
    const runId = runIdOf(r);
    // Then the result object is there, but the Map's FAILED record decides: the account is not read, the run Failed
    expect(h.keys(`runs/${runId}/accounts/`)).toContain(`runs/${runId}/accounts/${CENTRAL}.json`);
    expect(calls(r, 'scan-account', CENTRAL)).toBe(3);
    const doc = await json<ReportDoc>(
      h.keys('reports/').find((k) => k.includes(`/${runId}/`) && k.endsWith('report.json'))!,
    );
    expect(doc.incomplete!.notRead).toEqual([
      expect.objectContaining({ account: CENTRAL, reason: expect.stringContaining('States.Timeout') }),
    ]);
    expect(r).toMatchObject({ status: 'FAILED', error: 'ScanIncomplete' });
  });

  it('re-sends a message whose first attempt failed, and ends Failed when it cannot be sent at all', async () => {
    // Given SNS answering 500 on the first publish attempt only, then on every attempt
    const snsDown =
      (times: number) =>
      (real: LambdaFn): LambdaFn => {
        let n = 0;
        return async (event, ctx) => {
          if (n++ < times)
            h.sandbox.faults.set({ errors: [{ service: 'sns', action: 'Publish', rate: 1, kind: 'internal' }] });
          try {
            return await real(event, ctx);
          } finally {
            h.sandbox.faults.clear();
          }
        };
      };
    // When an execution runs with each
    const once = await execute({ 'publish-report': snsDown(1) });
    const always = await execute({ 'publish-report': snsDown(99) });
    // Then the transient failure is retried and the message goes out once; the run succeeds
    expect(calls(once, 'publish-report')).toBe(2);
    expect(messagesOf(runIdOf(once))).toHaveLength(1);
    expect(once.status).toBe('SUCCEEDED');
    // And a message that cannot be sent fails the execution (so the ExecutionsFailed alarm fires), never "duplicate"
    expect(calls(always, 'publish-report')).toBe(3);
    expect(messagesOf(runIdOf(always))).toHaveLength(0);
    expect(always).toMatchObject({ status: 'FAILED', error: 'PublishError' });
    expect(JSON.parse(always.cause!)).toMatchObject({
      errorMessage: expect.stringContaining("the run's message was not sent"),
    });
    expect(JSON.parse((await h.store.get(`runs/${runIdOf(always)}/published`))!)).toMatchObject({
      state: 'failed',
      attempt: 3,
    });
  });
  it('builds the access matrix between the Map and publish: the files and the summary publish reads are in the run folder', async () => {
    // When an execution runs with every function working
    const r = await execute();
    const runId = runIdOf(r);
    // Then the join ran once, after the Map and before publish, and publish received its output
    expect(r, `${r.error}: ${r.cause}`).toMatchObject({ status: 'SUCCEEDED' });
    expect(calls(r, 'build-access-matrix')).toBe(1);
    const order = r.invocations.map((i) => i.functionArn);
    expect(order.indexOf(ARN('build-access-matrix'))).toBeGreaterThan(order.lastIndexOf(ARN('scan-account')));
    expect(order.indexOf(ARN('build-access-matrix'))).toBeLessThan(order.indexOf(ARN('publish-report')));
    const publishPayload = r.invocations.find((i) => i.functionArn === ARN('publish-report'))!.payload as {
      accessMatrix: { output: { status: string; rows: number } };
    };
    expect(publishPayload.accessMatrix.output).toMatchObject({ status: 'built', rows: expect.any(Number) });
    // And the run's folder holds the three matrix files and the summary, whose counts are the CSV's
    for (const file of ['access-matrix.csv', 'access-matrix.jsonl', 'access-matrix.html'])
      expect(h.keys(`runs/${runId}/`)).toContain(`runs/${runId}/${file}`);
    const summary = await json<{ rows: number; files: string[] }>(`runs/${runId}/access-matrix-summary.json`);
    expect(summary.rows).toBe(publishPayload.accessMatrix.output.rows);
    expect(summary.rows).toBeGreaterThan(0);
    const csv = (await h.store.get(`runs/${runId}/access-matrix.csv`))!;
    expect(csv.split('\n').filter((l) => l.startsWith('arn:')).length).toBe(summary.rows);
    // And the run is complete: the join is not a gap when it worked
    expect(r.output).toMatchObject({ complete: true, incompleteReason: null });
  });

  it('publishes a failed join as a gap: the report and message still go out, not complete, the message says so', async () => {
    // Given the join failing with a deterministic error (not retried)
    const broken = (): LambdaFn => async () => {
      throw new ConfigError('the join ran out of luck');
    };
    // When an execution runs
    const r = await execute({ 'build-access-matrix': broken });
    const runId = runIdOf(r);
    // Then publish still ran, and the run is published as not complete with the join named
    expect(calls(r, 'build-access-matrix')).toBe(1);
    expect(calls(r, 'publish-report')).toBe(1);
    expect(r.status).toBe('SUCCEEDED');
    expect(r.output).toMatchObject({
      complete: false,
      incompleteReason: expect.stringContaining('the access-matrix join failed with ConfigError'),
    });
    // And the nightly message went out and says first that the matrix was not built
    expect(messagesOf(runId)).toHaveLength(1);
    const description = (JSON.parse(messagesOf(runId)[0].message) as { content: { description: string } }).content
      .description;
    expect(description).toContain('The access matrix was not built this run');
    expect(description).toContain('the join ran out of luck');
    // And no summary was written for the run: nothing claims the matrix is there
    expect(await h.store.get(`runs/${runId}/access-matrix-summary.json`)).toBeNull();
  });
});
