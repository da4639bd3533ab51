import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { publishReport } from '../../lib/publish/index.js';
import { LocalReportStore } from '../../lib/publish/store-local.js';
import type { Notifier, OutboundMessage, ReportDoc } from '../../lib/publish/types.js';
import { finding } from '../findings/make.js';
import { externalRead, publicAssets, publicPush, runInput, SUPPRESSIONS } from './doc.js';

/** Records what would go to SNS; can be told to fail. */
class RecordingNotifier implements Notifier {
  sent: OutboundMessage[] = [];
  fail = false;
  async send(m: OutboundMessage): Promise<string> {
    if (this.fail) throw new Error('sns is down');
    this.sent.push(m);
    return `msg-${this.sent.length}`;
  }
}

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'oas-publish-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const T1 = '2026-11-21T02:00:00.000Z';
const T2 = '2026-11-22T02:00:00.000Z';

describe('publishReport', () => {
  it('diffs the second of two runs against the first: one widened, one removed, one added', async () => {
    // Given run 1 with three findings, and run 2 where the push grant widened, the partner read is gone and a
    // new external grant appeared
    const store = new LocalReportStore(dir);
    const notifier = new RecordingNotifier();
    await publishReport({ ...runInput({}, 'run-1'), now: T1, suppressionsText: SUPPRESSIONS }, { store, notifier });
    const widened = { ...publicPush, actions: [...publicPush.actions, 'ecr:BatchDeleteImage'] };
    const added = finding({
      id: 'f-added',
      access: 'external',
      severity: 'medium',
      principal: { class: 'named-principal', value: 'arn:aws:iam::444444444444:root', account: '444444444444' },
    });
    // When
    const summary = await publishReport(
      { ...runInput({ a: [widened, added], b: [publicAssets] }, 'run-2'), now: T2, suppressionsText: SUPPRESSIONS },
      { store, notifier, reportLocation: 'https://reports.example/latest' },
    );
    // Then the summary, the stored report and the message say exactly that
    expect(summary).toMatchObject({
      runId: 'run-2',
      prefix: 'reports/2026-11-22/run-2/',
      previousRunId: 'run-1',
      notification: 'sent',
      messageIds: ['msg-2'],
    });
    expect(summary.summary.byStatus).toEqual({ new: 1, changed: 1, unchanged: 1, resolved: 1, 'not-checked': 0 });
    const doc = JSON.parse((await store.get('reports/latest/report.json'))!) as ReportDoc;
    expect(doc.findings.map((f) => [f.id, f.status, f.firstSeen])).toEqual([
      ['f-public-push', 'changed', T1],
      ['f-public-assets', 'unchanged', T1],
      ['f-added', 'new', T2],
    ]);
    expect(doc.findings[0].changes).toEqual([
      {
        field: 'actions',
        before: [...publicPush.actions].sort(),
        after: [...publicPush.actions, 'ecr:BatchDeleteImage'].sort(),
      },
    ]);
    expect(doc.resolved.map((f) => [f.id, f.lastSeen, f.resolvedAt])).toEqual([[externalRead.id, T1, T2]]);
    expect(doc.previous).toEqual({ runId: 'run-1', generatedAt: T1, key: 'reports/2026-11-21/run-1/report.json' });
    const body = JSON.parse(notifier.sent[1].message) as { content: { title: string; description: string } };
    expect(body.content.title).toBe(
      `Scan incomplete: 1 of 2 accounts read in part · 1 new external finding: the root user of account 444444444444 can read repository app`,
    );
    expect(body.content.description.split('\n')).toEqual([
      '*Scan incomplete: 1 of 2 accounts read in part*',
      '*2 open findings* (critical 1, high 0, medium 1, low 0, info 0)',
      'New: 1 · Changed: 1 · Resolved: 1 · Not checked: 0 · Suppressed: 1',
      'Coverage: 1 of 2 accounts fully scanned, 0 not read, 1 read in part: what was not read is not clean',
      '',
      '*New*',
      '• [medium] The root user of account 444444444444 can read (ecr:BatchGetImage, ecr:GetDownloadUrlForLayer) repository app (registry 111111111111, eu-west-1).',
      '',
      '*Changed*',
      `• [critical] Any account outside the organisation can write (ecr:BatchDeleteImage, ecr:PutImage, ecr:CompleteLayerUpload, ecr:InitiateLayerUpload, +1 more) repository app (registry 111111111111, eu-west-1). Changed: actions +ecr:BatchDeleteImage (seen since ${T1.slice(0, 10)})`,
      '',
      '*Resolved*',
      '• [medium] Role partner in account 333333333333 can read (s3:GetObject) bucket shared-data, only when aws:SourceVpce is vpce-1. (last seen 2026-11-21; the grant is gone from the policy)',
      '',
      'Report: https://reports.example/latest',
    ]);
    expect(notifier.sent[1].attributes).toEqual({ severity: 'medium', kind: 'run-summary' });
  });

  it('writes each file to the dated copy and then latest, one file at a time, report.json last', async () => {
    // Given
    const store = new LocalReportStore(dir);
    // When
    const summary = await publishReport({ ...runInput(), now: T2 }, { store });
    // Then
    const files = [
      'report.html',
      'findings.csv',
      'coverage.csv',
      'compliance.csv',
      'findings.asff.json',
      'findings.ocsf.json',
      'report.json',
    ];
    expect(summary.keys).toEqual(files.flatMap((f) => [`reports/2026-11-22/run-2/${f}`, `reports/latest/${f}`]));
    expect(await store.list('reports/')).toEqual([...summary.keys].sort());
    expect(summary.notification).toBe('disabled');
  });

  it('sends nothing the second time the same run id is published, and a retry still diffs against the run before', async () => {
    // Given run 1, then run 2 published twice (a retried publish step)
    const store = new LocalReportStore(dir);
    const notifier = new RecordingNotifier();
    await publishReport({ ...runInput({}, 'run-1'), now: T1 }, { store, notifier });
    const again = { ...runInput({ a: [], b: [externalRead, publicAssets] }, 'run-2'), now: T2 };
    const first = await publishReport(again, { store, notifier });
    // When
    const second = await publishReport(again, { store, notifier });
    // Then
    expect(first.notification).toBe('sent');
    expect(second.notification).toBe('duplicate');
    expect(notifier.sent).toHaveLength(2);
    expect(second.previousRunId).toBe('run-1');
    expect(second.summary.byStatus.resolved).toBe(1);
  });

  it('seeds the state from reports/latest on the first run after the upgrade, with no churn and no warning', async () => {
    // Given a store written before per-account state existed: reports, no state/
    const store = new LocalReportStore(dir);
    await publishReport({ ...runInput({}, 'run-1'), now: T1, suppressionsText: SUPPRESSIONS }, { store });
    rmSync(join(dir, 'state'), { recursive: true, force: true });
    expect(await store.list('state/')).toEqual([]);
    // When the next night reads the same
    const summary = await publishReport(
      { ...runInput({}, 'run-2'), now: T2, suppressionsText: SUPPRESSIONS },
      { store },
    );
    // Then nothing is new, changed or resolved, first-seen dates are kept, and the state now exists
    expect(summary.summary.byStatus).toMatchObject({ new: 0, changed: 0, resolved: 0 });
    expect(summary.stateProblems).toEqual([]);
    const doc = JSON.parse((await store.get('reports/latest/report.json'))!) as ReportDoc;
    expect(
      doc.findings
        .filter((f) => f.status !== 'not-checked')
        .every((f) => f.status === 'unchanged' && f.firstSeen === T1),
    ).toBe(true);
    expect((await store.list('state/accounts/')).length).toBe(2);
  });

  it('reports everything unsuppressed and says so when the suppressions file is malformed', async () => {
    // Given a broken file
    const store = new LocalReportStore(dir);
    const notifier = new RecordingNotifier();
    // When
    const summary = await publishReport(
      { ...runInput(), now: T2, suppressionsText: 'version: 1\nrules: nope\n' },
      { store, notifier },
    );
    // Then
    expect(summary.suppressionErrors).toEqual([{ path: 'rules', message: 'must be a list of rules' }]);
    expect(summary.summary.suppressed).toBe(0);
    expect(summary.summary.open).toBe(3);
    expect(JSON.parse(notifier.sent[0].message).content.description).toContain(
      'Suppressions file is malformed (1 errors): every finding is reported unsuppressed',
    );
  });

  it('sends one extra message per new critical finding when asked, and re-sends a failed send on the next attempt only', async () => {
    // Given a notifier that works, then one that fails
    const store = new LocalReportStore(dir);
    const ok = new RecordingNotifier();
    const down = new RecordingNotifier();
    down.fail = true;
    // And a night that read both accounts and found nothing, so what follows is news, not a first read
    await publishReport({ ...runInput({ a: [], b: [] }, 'run-0'), now: '2026-11-20T02:00:00.000Z' }, { store });
    // When
    const sent = await publishReport(
      { ...runInput({}, 'run-1'), now: T1 },
      { store, notifier: ok, criticalMessages: true },
    );
    const failed = await publishReport({ ...runInput({}, 'run-2'), now: T2 }, { store, notifier: down });
    const failedMarker = JSON.parse((await store.get('runs/run-2/published'))!) as unknown;
    const retried = await publishReport({ ...runInput({}, 'run-2'), now: T2 }, { store, notifier: ok });
    const again = await publishReport({ ...runInput({}, 'run-2'), now: T2 }, { store, notifier: ok });
    // Then the failed attempt is recorded, the retry (a redrive) sends the lost message, and a third attempt does not
    expect(sent.messageIds).toEqual(['msg-1', 'msg-2']);
    expect(failed).toMatchObject({ notification: 'failed', notificationError: 'sns is down' });
    expect(failedMarker).toMatchObject({ state: 'failed', error: 'sns is down' });
    expect(retried).toMatchObject({ notification: 'sent', messageIds: ['msg-3'] });
    expect(JSON.parse((await store.get('runs/run-2/published'))!)).toMatchObject({
      state: 'sent',
      messageIds: ['msg-3'],
    });
    expect(again.notification).toBe('duplicate');
    expect(ok.sent.map((m) => m.attributes.kind)).toEqual(['run-summary', 'new-critical-finding', 'run-summary']);
  });

  it('says in the report and the message that an unreadable previous report made every finding new', async () => {
    // Given a latest report that is not JSON
    const store = new LocalReportStore(dir);
    const notifier = new RecordingNotifier();
    await store.put('reports/latest/report.json', '{truncated', 'application/json');
    // When
    const summary = await publishReport({ ...runInput(), now: T2 }, { store, notifier });
    // Then
    const doc = JSON.parse((await store.get('reports/latest/report.json'))!) as ReportDoc;
    expect(summary.previousRunId).toBeNull();
    expect(doc.previousProblem).toMatch(/^`reports\/latest\/report\.json` is not JSON: /);
    expect(summary.summary.byStatus.new).toBe(3);
    expect(JSON.parse(notifier.sent[0].message).content.description).toContain(
      "Previous report could not be used ('reports/latest/report.json' is not JSON: ",
    );
  });
});
