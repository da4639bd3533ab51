import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReportFinding } from '../../lib/findings/model.js';
import type { ReportDoc } from '../../lib/publish/index.js';
import { runPipeline } from '../../lib/run/index.js';
import { CENTRAL, startHarness, VENDOR, type Harness } from '../run/harness.js';

// Issue 6 acceptance: the pipeline runs on the sandbox twice with a policy change in between — one grant widened,
// one removed, one added — and the second run's diff and SNS message are asserted exactly.
const DAY1 = '2026-11-21T03:00:00.000Z';
const DAY2 = '2026-11-22T03:00:00.000Z';
const REGION = 'eu-west-1';
const repo = (name: string) => `arn:aws:ecr:${REGION}:${CENTRAL}:repository/${name}`;
const PULL = ['ecr:BatchCheckLayerAvailability', 'ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer'];
const PUSH = [
  'ecr:BatchCheckLayerAvailability',
  'ecr:CompleteLayerUpload',
  'ecr:InitiateLayerUpload',
  'ecr:PutImage',
  'ecr:UploadLayerPart',
];
const vendorGrant = (sid: string, actions: string[]) => ({
  Version: '2012-10-17',
  Statement: [{ Sid: sid, Effect: 'Allow', Principal: { AWS: `arn:aws:iam::${VENDOR}:root` }, Action: actions }],
});

let h: Harness;
let first: ReportDoc;
let second: ReportDoc;

beforeAll(async () => {
  h = await startHarness();
  const run = (runId: string, now: string) =>
    runPipeline({
      config: h.config,
      store: h.store,
      factory: h.factory,
      notifier: h.notifier,
      runId,
      clock: () => now,
      suppressionsText: null,
    });
  // Given a first nightly run
  await run('run-1', DAY1);
  first = JSON.parse((await h.store.get('reports/latest/report.json'))!) as ReportDoc;
  // When the vendor's pull grant is widened to listing and describing images,
  h.sandbox.setRepositoryPolicy(
    CENTRAL,
    REGION,
    'vendor-delivery/monitoring-agent',
    vendorGrant('VendorPull', [...PULL, 'ecr:DescribeImages', 'ecr:ListImages']),
  );
  // the vendor's grant on the cached nginx repository is removed,
  h.sandbox.setRepositoryPolicy(CENTRAL, REGION, 'ecr-public/nginx/nginx', null);
  // and the vendor is given push on a repository that had no policy,
  h.sandbox.setRepositoryPolicy(CENTRAL, REGION, 'scratch/experiments', vendorGrant('VendorPush', PUSH));
  // and the next nightly run happens
  await run('run-2', DAY2);
  second = JSON.parse((await h.store.get('reports/latest/report.json'))!) as ReportDoc;
});
afterAll(async () => {
  await h.close();
});

function key(f: ReportFinding): string {
  return `${f.resource.arn} ${f.principal.value} ${f.source}`;
}

describe('the second run', () => {
  it('reports exactly one new, one changed and one resolved finding, and everything else unchanged', () => {
    // Then the new finding is the added push grant, high (external write), first seen today
    const byStatus = (s: ReportFinding['status']) => second.findings.filter((f) => f.status === s);
    expect(
      byStatus('new').map((f) => ({ key: key(f), severity: f.severity, actions: f.actions, firstSeen: f.firstSeen })),
    ).toEqual([
      {
        key: `${repo('scratch/experiments')} ${VENDOR} repository-policy`,
        severity: 'high',
        actions: PUSH,
        firstSeen: DAY2,
      },
    ]);
    // And the widened grant is the same finding (same id), changed in its actions only, first seen yesterday
    const before = first.findings.find(
      (f) => key(f) === `${repo('vendor-delivery/monitoring-agent')} ${VENDOR} repository-policy`,
    )!;
    expect(
      byStatus('changed').map((f) => ({
        id: f.id,
        changes: f.changes,
        severity: f.severity,
        firstSeen: f.firstSeen,
        lastSeen: f.lastSeen,
      })),
    ).toEqual([
      {
        id: before.id,
        changes: [
          {
            field: 'actions',
            before: PULL,
            after: [
              'ecr:BatchCheckLayerAvailability',
              'ecr:BatchGetImage',
              'ecr:DescribeImages',
              'ecr:GetDownloadUrlForLayer',
              'ecr:ListImages',
            ],
          },
        ],
        severity: 'medium',
        firstSeen: DAY1,
        lastSeen: DAY2,
      },
    ]);
    // And the removed grant is resolved today
    expect(
      second.resolved.map((f) => ({ key: key(f), status: f.status, firstSeen: f.firstSeen, resolvedAt: f.resolvedAt })),
    ).toEqual([
      {
        key: `${repo('ecr-public/nginx/nginx')} ${VENDOR} repository-policy`,
        status: 'resolved',
        firstSeen: DAY1,
        resolvedAt: DAY2,
      },
    ]);
    // And every other finding of the first run is unchanged, under the same id
    const touched = new Set([before.id, second.resolved[0].id]);
    expect(
      byStatus('unchanged')
        .map((f) => f.id)
        .sort(),
    ).toEqual(
      first.findings
        .map((f) => f.id)
        .filter((id) => !touched.has(id))
        .sort(),
    );
    expect(byStatus('not-checked')).toEqual([]);
    expect(second.summary.byStatus).toEqual({
      new: 1,
      changed: 1,
      unchanged: first.findings.length - 2,
      resolved: 1,
      'not-checked': 0,
    });
    expect(second.previous).toMatchObject({ runId: 'run-1', generatedAt: DAY1 });
  });

  it('sends exactly one message for the run, saying what changed, in the AWS Chatbot format', () => {
    // Then the topic got one message per run
    const messages = h.sandbox.snsMessages(h.topicArn);
    expect(messages).toHaveLength(2);
    const m = messages[1];
    // And the second one is exactly this
    const s = second.summary;
    // The link is the S3 console page of the dated report.html: https, so Slack makes it clickable
    const location = `https://s3.console.aws.amazon.com/s3/object/demo-scanner-reports?region=${REGION}&prefix=reports%2F2026-11-22%2Frun-2%2Freport.html`;
    // The title says what changed: the new grant in words (write first), and that one account was not read
    const title = `Scan incomplete: 1 of 6 accounts not read · 1 new external finding: account ${VENDOR} can write and read repository scratch/experiments`;
    expect(m.subject).toBe(
      `Scan incomplete: 1 of 6 accounts not read - 1 new external finding: account ${VENDOR} can...`,
    );
    expect(m.attributes).toEqual({
      severity: { DataType: 'String', StringValue: 'high' },
      kind: { DataType: 'String', StringValue: 'run-summary' },
    });
    expect(JSON.parse(m.message)).toEqual({
      version: '1.0',
      source: 'custom',
      id: 'run-2',
      content: {
        textType: 'client-markdown',
        title,
        description: [
          '*Scan incomplete: 1 of 6 accounts not read*',
          'Not read: 1 of 6 accounts not read: 1 account could not be read at all (555555555555 dev-sandbox)',
          `*${s.open} open findings* (critical ${s.bySeverity.critical}, high ${s.bySeverity.high}, medium ${s.bySeverity.medium}, low ${s.bySeverity.low}, info ${s.bySeverity.info})`,
          'New: 1 · Changed: 1 · Resolved: 1 · Not checked: 0 · Suppressed: 0',
          'Coverage: 5 of 6 accounts fully scanned, 1 not read, 0 read in part: what was not read is not clean',
          '',
          '*New*',
          `• [high] Account ${VENDOR} can write and read (ecr:PutImage, ecr:CompleteLayerUpload, ecr:InitiateLayerUpload, ecr:UploadLayerPart, +1 more) repository scratch/experiments (registry ${CENTRAL}, ${REGION}).`,
          '',
          '*Changed*',
          `• [medium] Account ${VENDOR} can read and list (ecr:BatchCheckLayerAvailability, ecr:BatchGetImage, ecr:DescribeImages, ecr:GetDownloadUrlForLayer, +1 more) repository vendor-delivery/monitoring-agent (registry ${CENTRAL}, ${REGION}). Changed: actions +ecr:DescribeImages +ecr:ListImages (seen since 2026-11-21)`,
          '',
          '*Resolved*',
          `• [medium] Account ${VENDOR} can read (ecr:BatchCheckLayerAvailability, ecr:BatchGetImage, ecr:GetDownloadUrlForLayer) repository ecr-public/nginx/nginx (registry ${CENTRAL}, ${REGION}). (last seen 2026-11-21; the grant is gone from the policy)`,
          '',
          `Report: ${location}`,
        ].join('\n'),
        nextSteps: [
          `Open the report: ${location}`,
          'Fix the policy (each finding in the report says what to change) or add a suppression rule with an owner and an expiry',
          'Check the coverage section: accounts that were not read may hide findings',
        ],
        keywords: ['new-high', 'external', 'incomplete', 'access-scan'],
      },
      metadata: {
        threadId: 'run-2',
        summary: title,
        eventType: 'AccessScanReport',
        relatedResources: [repo('scratch/experiments')],
        additionalContext: {
          runId: 'run-2',
          newFindings: '1',
          changedFindings: '1',
          changedInsideOrganisation: '0',
          firstReads: '0',
          resolvedFindings: '1',
          newLeftOut: '0',
          accountsNotRead: '1',
          incomplete: 'true',
          reportLocation: location,
        },
      },
    });
  });
});
