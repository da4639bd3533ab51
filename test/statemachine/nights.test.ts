import { DeleteObjectCommand, GetObjectCommand, PutObjectCommand } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as buildAccessMatrix } from '../../functions/build-access-matrix.js';
import { handler as planScan } from '../../functions/plan-scan.js';
import { handler as publishReport } from '../../functions/publish-report.js';
import { handler as scanAccount } from '../../functions/scan-account.js';
import { ConfigError } from '../../lib/errors.js';
import type { ReportFinding } from '../../lib/findings/model.js';
import type { ReportDoc } from '../../lib/publish/index.js';
import { isNews } from '../../lib/model/resource-state.js';
import { setEnv } from '../functions/lambda.js';
import { CENTRAL, DATA_LAKE, REPORT_BUCKET, functionEnv, startHarness, type Harness } from '../run/harness.js';
import { runExecution, type ExecutionResult, type LambdaFn } from './runner.js';

// Issue 20, defects 2 and 5, over several nights through infra/state-machine.asl.json with the real handlers: a
// failed night must not make the next good night announce a grant again or reset its first-seen date, and a
// missing or corrupt previous report must not lose open findings.
const ARN = (fn: string): string => `arn:aws:lambda:eu-west-1:111111111111:function:org-access-scanner-dev-${fn}`;
const REGION = 'eu-west-1';
const PUSH = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:CompleteLayerUpload',
  'ecr:InitiateLayerUpload',
  'ecr:PutImage',
  'ecr:UploadLayerPart',
];
const PUBLIC_PUSH = {
  Version: '2012-10-17',
  Statement: [{ Sid: 'AnyonePush', Effect: 'Allow', Principal: '*', Action: PUSH }],
};
let h: Harness;
let restore: () => void;
let executions = 0;

beforeAll(async () => {
  h = await startHarness();
  restore = setEnv(functionEnv(h, { MAX_CONCURRENCY: '3' }));
});
afterAll(async () => {
  restore();
  await h.close();
});

async function night(
  failScanOf?: string,
): Promise<{ r: ExecutionResult; doc: ReportDoc; title: string; message: string }> {
  executions += 1;
  const scan: LambdaFn = failScanOf
    ? async (event, ctx) => {
        if (event.account?.id === failScanOf)
          throw new ConfigError(`account \`${failScanOf}\` cannot be scanned: bad item`);
        return (scanAccount as LambdaFn)(event, ctx);
      }
    : (scanAccount as LambdaFn);
  const r = await runExecution(
    {},
    {
      substitutions: {
        PlanScanFunctionArn: ARN('plan-scan'),
        ScanAccountFunctionArn: ARN('scan-account'),
        BuildAccessMatrixFunctionArn: ARN('build-access-matrix'),
        PublishReportFunctionArn: ARN('publish-report'),
        ReportBucket: REPORT_BUCKET,
      },
      functions: {
        [ARN('plan-scan')]: planScan as LambdaFn,
        [ARN('scan-account')]: scan,
        [ARN('build-access-matrix')]: buildAccessMatrix as LambdaFn,
        [ARN('publish-report')]: publishReport as LambdaFn,
      },
      s3: {
        getObject: async (Bucket, Key) =>
          (await h.s3.send(new GetObjectCommand({ Bucket, Key }))).Body!.transformToString(),
        putObject: async (Bucket, Key, Body) =>
          void (await h.s3.send(new PutObjectCommand({ Bucket, Key, Body, ContentType: 'application/json' }))),
      },
      executionName: `night-${String(executions).padStart(4, '0')}-${Date.now().toString(36)}`,
      stateMachineArn: 'arn:aws:states:eu-west-1:111111111111:stateMachine:org-access-scanner-dev',
    },
  );
  const runId = (r.invocations.find((i) => i.functionArn === ARN('publish-report'))!.payload as { runId: string })
    .runId;
  const key = h.keys('reports/').find((k) => k.endsWith(`/${runId}/report.json`) && !k.startsWith('reports/latest/'))!;
  const doc = JSON.parse(
    await (await h.s3.send(new GetObjectCommand({ Bucket: REPORT_BUCKET, Key: key }))).Body!.transformToString(),
  ) as ReportDoc;
  const message = h.sandbox
    .snsMessages(h.topicArn)
    .find((m) => (JSON.parse(m.message) as { id?: string }).id === runId)!;
  return {
    r,
    doc,
    title: (JSON.parse(message.message) as { content: { title: string } }).content.title,
    message: message.message,
  };
}

const news = (doc: ReportDoc): ReportFinding[] => doc.findings.filter((f) => f.status === 'new' && isNews(f.newKind));
const open = (doc: ReportDoc): ReportFinding[] => doc.findings.filter((f) => f.status !== 'not-checked');

describe('nights through the state machine', () => {
  it('announces a grant once across a failed night and keeps its first-seen date; a lost report loses nothing', async () => {
    // Given a good first night
    const n1 = await night();
    // (the demo organisation's account without an audit role is never read, so every night ends Failed: defect 3)
    expect(n1.r.status).toBe('FAILED');
    expect(n1.doc.incomplete?.notRead.map((n) => n.reason).join('\n')).not.toMatch(/scan failed/);
    // When anyone is given push on a repository, and that night another account's scan fails (the run is
    // incomplete, so reports/latest/ is not replaced)
    h.sandbox.setRepositoryPolicy(CENTRAL, REGION, 'scratch/experiments', PUBLIC_PUSH);
    const n2 = await night(DATA_LAKE);
    expect(n2.doc.incomplete).toBeDefined();
    const grant = news(n2.doc).filter(
      (f) => f.resource.arn.endsWith(':repository/scratch/experiments') && f.access === 'public',
    );
    expect(grant).toHaveLength(1);
    expect(grant[0]).toMatchObject({ newKind: 'granted', firstSeen: n2.doc.generatedAt });
    expect(n2.title).toContain('1 new public finding');
    // And the next night is good again
    const n3 = await night();
    // Then (defect 5) the grant is not announced again, and it is first seen on night 2
    expect(news(n3.doc)).toEqual([]);
    expect(n3.doc.findings.find((f) => f.id === grant[0].id)).toMatchObject({
      status: 'unchanged',
      firstSeen: n2.doc.generatedAt,
    });
    expect(n3.title).not.toMatch(/new .*finding/);
    // When the previous report is corrupt (defect 2) and then missing, the following nights lose nothing
    await h.s3.send(
      new PutObjectCommand({
        Bucket: REPORT_BUCKET,
        Key: 'reports/latest/report.json',
        Body: '{"truncat',
        ContentType: 'application/json',
      }),
    );
    const n4 = await night();
    await h.s3.send(new DeleteObjectCommand({ Bucket: REPORT_BUCKET, Key: 'reports/latest/report.json' }));
    const n5 = await night();
    for (const n of [n4, n5]) {
      expect(news(n.doc)).toEqual([]);
      expect(n.doc.resolved).toEqual([]);
      expect(
        open(n.doc)
          .map((f) => [f.id, f.firstSeen])
          .sort(),
      ).toEqual(
        open(n3.doc)
          .map((f) => [f.id, f.firstSeen])
          .sort(),
      );
    }
    expect(n4.doc.previousProblem).toContain('not JSON');
  }, 600_000);

  it('seeds a lost or unreadable account state from the reports, with a loud warning, and still loses nothing', async () => {
    // Given an account whose state document is unreadable
    const before = JSON.parse(
      await (
        await h.s3.send(new GetObjectCommand({ Bucket: REPORT_BUCKET, Key: 'reports/latest/report.json' }))
      ).Body!.transformToString(),
    ) as ReportDoc;
    await h.s3.send(
      new PutObjectCommand({
        Bucket: REPORT_BUCKET,
        Key: `state/accounts/${CENTRAL}.json`,
        Body: 'garbage',
        ContentType: 'application/json',
      }),
    );
    // When a night runs
    const n = await night();
    // Then it says so in the report and the message, and the central account's findings are unchanged
    expect(n.doc.stateProblems?.join('\n')).toMatch(new RegExp(`state of account \`${CENTRAL}\` is unreadable`));
    expect(n.message).toContain(`Warning: the state of account '${CENTRAL}' is unreadable`);
    expect(news(n.doc)).toEqual([]);
    const central = (d: ReportDoc) =>
      open(d)
        .filter((f) => f.resource.account === CENTRAL)
        .map((f) => [f.id, f.firstSeen])
        .sort();
    expect(central(n.doc)).toEqual(central(before));
  }, 600_000);

  it('never announces a grant that exists only because a failed scope read forced V2 (defect 6), through the state machine', async () => {
    // Given a registry policy that gives everyone pull under scope V1 (where it covers replication only), read once
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
    // When GetAccountSetting fails the next night, so V2 is assumed for the central registry
    h.sandbox.faults.set({
      errors: [{ account: CENTRAL, service: 'ecr', action: 'GetAccountSetting', kind: 'internal', rate: 1 }],
    });
    const n = await night();
    h.sandbox.faults.clear();
    // Then the V2-only grants rest on the failed read and are never news, in the report or in the title
    const assumed = n.doc.findings.filter((f) => f.newKind === 'assumed');
    expect(assumed.length).toBeGreaterThan(0);
    expect(news(n.doc)).toEqual([]);
    expect(n.title).not.toMatch(/\d+ new .*finding/);
    // And the next good night reports nothing new and resolves none of them
    const after = await night();
    expect(news(after.doc)).toEqual([]);
    expect(after.doc.resolved.filter((f) => f.source === 'registry-policy')).toEqual([]);
    expect(after.doc.summary.open).toBe(before.doc.summary.open);
  }, 600_000);

  it('resolves the findings of an account that left the organisation, with that reason (defect 7), through the state machine', async () => {
    // Given the data lake's open findings
    const before = await night();
    const lake = before.doc.findings.filter((f) => f.resource.account === DATA_LAKE && f.status !== 'not-checked');
    expect(lake.length).toBeGreaterThan(0);
    // When it leaves the organisation
    h.sandbox.org.accounts.delete(DATA_LAKE);
    const n = await night();
    // Then its findings are resolved with that reason and none stays not-checked
    expect(
      n.doc.resolved
        .filter((f) => f.resource.account === DATA_LAKE)
        .map((f) => [f.id, f.resolvedReason])
        .sort(),
    ).toEqual(lake.map((f) => [f.id, 'the account left the organisation']).sort());
    expect(n.doc.findings.filter((f) => f.resource.account === DATA_LAKE)).toEqual([]);
  }, 600_000);
});
