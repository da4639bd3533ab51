import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { handler as rescanResource, type SqsBatch } from '../../functions/rescan-resource.js';
import { loadCatalog } from '../../lib/catalog/index.js';
import { runPipeline } from '../../lib/run/index.js';
import type { SandboxCloudTrailEvent } from '../../lib/sandbox/index.js';
import { lambdaContext, setEnv } from '../functions/lambda.js';
import { functionEnv, NO_ROLE, REPORT_BUCKET, startHarness, type Harness } from '../run/harness.js';

// rescan-resource invoked as Lambda invokes it from SQS: each message body is an EventBridge event that the central
// rule forwarded, here the events the sandbox recorded for its writes.
let h: Harness;
let restore: () => void;
const PULL = ['ecr:BatchGetImage', 'ecr:GetDownloadUrlForLayer', 'ecr:BatchCheckLayerAvailability'];

const batch = (events: Array<SandboxCloudTrailEvent | string>): SqsBatch => ({
  Records: events.map((e, i) => ({ messageId: `msg-${i}`, body: typeof e === 'string' ? e : JSON.stringify(e) })),
});
const kinds = (): string[] => h.sandbox.snsMessages(h.topicArn).map((m) => m.attributes.kind?.StringValue ?? '');

beforeAll(async () => {
  h = await startHarness();
  restore = setEnv(functionEnv(h, { POWERTOOLS_DEV: 'true', POWERTOOLS_TRACE_ENABLED: 'false' }));
  await runPipeline({
    config: h.config,
    store: h.store,
    factory: h.factory,
    catalog: await loadCatalog(),
    runId: 'night-1',
    clock: () => '2026-12-06T03:00:00.000Z',
  });
}, 120_000);
afterAll(async () => {
  restore?.();
  await h?.close();
});

describe('rescan-resource', () => {
  it('publishes the alert on the findings topic and writes the latest state to the report bucket', async () => {
    // Given a repository opened to every AWS account, and a malformed message in the same batch
    const before = h.sandbox.cloudTrail.events().length;
    h.sandbox.setRepositoryPolicy('333333333333', 'eu-west-1', 'payments/api', {
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: '*', Action: PULL }],
    });
    const events = h.sandbox.cloudTrail.events().slice(before);
    // When the function gets the batch
    const out = await rescanResource(batch([...events, 'not json']), lambdaContext('rescan-resource'));
    // Then nothing is handed back to the queue, one alert was published, and the state object exists
    expect(out).toEqual({ batchItemFailures: [] });
    expect(kinds()).toEqual(['rescan-alert']);
    const alert = JSON.parse(h.sandbox.snsMessages(h.topicArn)[0]!.message) as { content: { title: string } };
    expect(alert.content.title).toMatch(/^New public access: .*payments\/api/);
    const state = JSON.parse((await h.store.get('state/accounts/333333333333.json'))!) as {
      resources: Record<string, { findings: Record<string, { announcedBy?: string }> }>;
    };
    const repo = state.resources['arn:aws:ecr:eu-west-1:333333333333:repository/payments/api']!;
    expect(Object.values(repo.findings).map((f) => f.announcedBy)).toEqual(['event']);
  }, 60_000);

  it('publishes a gap message for an account whose role cannot be assumed', async () => {
    // Given a change in the account without the member role
    const before = h.sandbox.cloudTrail.events().length;
    h.sandbox.setBucketPolicy(NO_ROLE, 'demo-dev-scratch', null);
    // When the function gets its event
    const out = await rescanResource(
      batch(h.sandbox.cloudTrail.events().slice(before)),
      lambdaContext('rescan-resource'),
    );
    // Then the gap is said on the topic, never silence
    expect(out).toEqual({ batchItemFailures: [] });
    expect(kinds()).toEqual(['rescan-alert', 'rescan-gap']);
    expect(h.sandbox.snsMessages(h.topicArn)[1]!.message).toContain('AssumeRole in 555555555555');
  }, 60_000);

  it('hands a scope back to the queue when its state cannot be written', async () => {
    // Given the report bucket refuses writes under state/
    h.sandbox.faults.set({ errors: [{ service: 's3', action: 'PutObject', rate: 1, kind: 'internal' }] });
    const before = h.sandbox.cloudTrail.events().length;
    h.sandbox.setRepositoryPolicy('333333333333', 'eu-west-1', 'payments/api', null);
    try {
      // When the function gets the event
      const out = await rescanResource(
        batch(h.sandbox.cloudTrail.events().slice(before)),
        lambdaContext('rescan-resource'),
      );
      // Then the message is reported as failed, so SQS delivers it again (and dead-letters it in the end)
      expect(out).toEqual({ batchItemFailures: [{ itemIdentifier: 'msg-0' }] });
    } finally {
      h.sandbox.faults.clear();
    }
  }, 60_000);
});
void REPORT_BUCKET;
