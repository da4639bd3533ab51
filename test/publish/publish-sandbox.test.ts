import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { publishReport } from '../../lib/publish/index.js';
import { SnsNotifier } from '../../lib/publish/notifier-sns.js';
import { S3ReportStore } from '../../lib/publish/store-s3.js';
import { messageBytes } from '../../lib/publish/sns-wire.js';
import type { ReportDoc } from '../../lib/publish/types.js';
import { runInput } from './doc.js';
import { BUCKET, SCANNER, startReportSandbox, stopReportSandbox, type ReportSandbox } from './sandbox.js';

let env: ReportSandbox | undefined;
beforeAll(async () => {
  env = await startReportSandbox();
});
afterAll(() => stopReportSandbox(env));

describe('publishReport against the sandbox (S3 + SNS over HTTP)', () => {
  it('writes the reports to the bucket and publishes exactly one message per run id, however often it runs', async () => {
    // Given the real S3 and SNS clients on the sandbox
    const store = new S3ReportStore(env!.s3, BUCKET);
    const notifier = new SnsNotifier(env!.sns, env!.topicArn);
    const input = { ...runInput({}, 'run-7'), now: '2026-11-22T02:00:00.000Z' };
    // And a night before that read both accounts and found nothing, so run 7's findings are news, not first reads
    await publishReport({ ...runInput({ a: [], b: [] }, 'run-6'), now: '2026-11-21T02:00:00.000Z' }, { store });
    // When the same run is published three times (Step Functions retries), two of them concurrently
    const first = await publishReport(input, { store, notifier, criticalMessages: true });
    const again = await Promise.all([
      publishReport(input, { store, notifier, criticalMessages: true }),
      publishReport(input, { store, notifier }),
    ]);
    // Then SNS got one run summary and one critical message, once
    const messages = env!.sandbox.snsMessages(env!.topicArn);
    expect(first.notification).toBe('sent');
    expect(again.map((s) => s.notification)).toEqual(['duplicate', 'duplicate']);
    expect(messages.map((m) => [m.attributes.kind?.StringValue, m.attributes.severity?.StringValue])).toEqual([
      ['run-summary', 'critical'],
      ['new-critical-finding', 'critical'],
    ]);
    expect(first.messageIds).toEqual(messages.map((m) => m.messageId));
    const body = JSON.parse(messages[0].message) as {
      version: string;
      source: string;
      content: { description: string };
    };
    expect(body).toMatchObject({ version: '1.0', source: 'custom' });
    // The link is the S3 console page of the dated report object: https, so Slack makes it clickable
    expect(body.content.description).toContain(
      `Report: https://s3.console.aws.amazon.com/s3/object/${BUCKET}?region=eu-west-1&prefix=reports%2F2026-11-22%2Frun-7%2Freport.html`,
    );
    expect(Buffer.byteLength(messages[0].message)).toBeLessThan(256 * 1024);
    expect(
      messageBytes({
        message: messages[0].message,
        subject: messages[0].subject ?? '',
        attributes: { severity: 'critical', kind: 'run-summary' },
      }),
    ).toBeLessThan(256 * 1024);
    // And the bucket holds the dated and the latest copies, report.json pointing at the dated one
    const keys = env!.sandbox
      .s3Objects(SCANNER, BUCKET)
      .map((o) => o.key)
      .filter((k) => k.startsWith('reports/') && !k.includes('/run-6/'))
      .sort();
    const files = [
      'report.html',
      'findings.csv',
      'coverage.csv',
      'compliance.csv',
      'findings.asff.json',
      'findings.ocsf.json',
      'report.json',
    ];
    expect(keys).toEqual(
      [...files.map((f) => `reports/2026-11-22/run-7/${f}`), ...files.map((f) => `reports/latest/${f}`)].sort(),
    );
    const latest = JSON.parse((await store.get('reports/latest/report.json'))!) as ReportDoc;
    expect(latest.location).toEqual({ prefix: 'reports/2026-11-22/run-7/', files });
    expect(JSON.parse((await store.get('runs/run-7/published'))!)).toMatchObject({
      state: 'sent',
      messageIds: first.messageIds,
    });
  });
});
