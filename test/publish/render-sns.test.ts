import { describe, expect, it } from 'vitest';
import { buildReport } from '../../lib/publish/build-report.js';
import { renderSnsMessage } from '../../lib/publish/render-sns.js';
import { renderCriticalMessage } from '../../lib/publish/sns-critical.js';
import { changeText, neutralise } from '../../lib/publish/sns-lines.js';
import { messageBytes, SNS_MAX_BYTES } from '../../lib/publish/sns-wire.js';
import type { Finding } from '../../lib/model/finding.js';
import { finding } from '../findings/make.js';
import { A, knownDoc, NOW, runInput } from './doc.js';

interface Chatbot {
  version: string;
  source: string;
  content: { textType: string; title: string; description: string; nextSteps?: string[]; keywords?: string[] };
  metadata: { threadId: string; additionalContext: Record<string, string>; relatedResources: string[] };
}

describe('SNS message', () => {
  it('is an AWS Chatbot custom notification whose title says what changed, with the https link and filter attributes', () => {
    // Given the known report and the report-link function's URL
    const link = 'https://abc.lambda-url.eu-west-1.on.aws/?run=run-2&x=1';
    const m = renderSnsMessage(knownDoc(), { reportLocation: link });
    const body = JSON.parse(m.message) as Chatbot;
    // Then the title names what is new, the write access comes first, and the link is kept clickable as it is
    expect(body).toMatchObject({
      version: '1.0',
      source: 'custom',
      content: {
        textType: 'client-markdown',
        title: 'Scan incomplete: 1 of 2 accounts read in part · 2 new findings in 2 accounts, 1 public',
      },
    });
    expect(body.content.description.split('\n')).toEqual([
      '*Scan incomplete: 1 of 2 accounts read in part*',
      '*2 open findings* (critical 1, high 0, medium 1, low 0, info 0)',
      'New: 2 · Changed: 0 · Resolved: 0 · Not checked: 0 · Suppressed: 1',
      'Coverage: 1 of 2 accounts fully scanned, 0 not read, 1 read in part: what was not read is not clean',
      '',
      '*New*',
      `• [critical] Any account outside the organisation can write (ecr:PutImage, ecr:CompleteLayerUpload, ecr:InitiateLayerUpload, ecr:UploadLayerPart) repository app (registry ${A}, eu-west-1).`,
      '• [medium] Role partner in account 333333333333 can read (s3:GetObject) bucket shared-data, only when aws:SourceVpce is vpce-1.',
      '',
      `Report: ${link}`,
    ]);
    expect(body.content.nextSteps?.[0]).toBe(`Open the report: ${link}`);
    expect(body.content.keywords).toEqual(['new-critical', 'public', 'external', 'incomplete', 'access-scan']);
    expect(body.metadata.threadId).toBe('run-2');
    expect(m.attributes).toEqual({ severity: 'critical', kind: 'run-summary' });
  });

  it('never turns an s3:// location or a URL with markup into a link', () => {
    // Given locations that are not plain https URLs
    for (const location of [
      's3://reports/reports/2026-11-22/run-2/report.html',
      'https://evil.example/<!channel>',
      'https://x.example/a|b',
    ]) {
      // When
      const body = JSON.parse(renderSnsMessage(knownDoc(), { reportLocation: location }).message) as Chatbot;
      // Then it is shown as text, made inert, and offered as no next step
      expect(body.content.description).toContain(`Report: ${neutralise(location, 1024)}`);
      expect(body.content.nextSteps?.some((n) => n.startsWith('Open the report'))).toBe(false);
    }
  });

  it('keeps org and info findings out of the top slots and names write access before read', () => {
    // Given a new org finding, a new public read and a new public write, in that order
    const org = finding({
      id: 'f-org',
      access: 'org',
      severity: 'info',
      principal: { class: 'unnamed-member-account', value: 'org:o-abc' },
      resource: {
        arn: `arn:aws:ecr:eu-west-1:${A}:repository/org`,
        type: 'ecr-repository',
        account: A,
        region: 'eu-west-1',
      },
    });
    const read = finding({
      id: 'f-read',
      resource: {
        arn: `arn:aws:ecr:eu-west-1:${A}:repository/read`,
        type: 'ecr-repository',
        account: A,
        region: 'eu-west-1',
      },
    });
    const write = finding({
      id: 'f-write',
      severity: 'critical',
      actions: ['ecr:BatchGetImage', 'ecr:PutImage'],
      accessLevels: ['Read', 'Write'],
      resource: {
        arn: `arn:aws:ecr:eu-west-1:${A}:repository/write`,
        type: 'ecr-repository',
        account: A,
        region: 'eu-west-1',
      },
    });
    const doc = buildReport({
      ...runInput({ a: [org, read, write], b: [] }),
      now: NOW,
      previous: null,
      suppressions: null,
    });
    // When
    const body = JSON.parse(renderSnsMessage(doc).message) as Chatbot;
    const lines = body.content.description.split('\n');
    const top = lines.slice(lines.indexOf('*New*') + 1, lines.indexOf('*New*') + 3);
    // Then the write comes first, spelled out, and the org grant is only counted as inventory
    expect(top).toEqual([
      `• [critical] Any account outside the organisation can write and read (ecr:PutImage, ecr:BatchGetImage) repository write (registry ${A}, eu-west-1).`,
      `• [high] Any account outside the organisation can read (ecr:BatchGetImage, ecr:GetDownloadUrlForLayer) repository read (registry ${A}, eu-west-1).`,
    ]);
    expect(body.content.description).not.toContain('repository org');
    expect(body.content.description).toContain('New inside the organisation (inventory): 1');
    expect(body.content.title).toBe(
      'Scan incomplete: 1 of 2 accounts read in part · 2 new public findings in 1 account',
    );
  });

  it('leads the title with "Scan incomplete: N of M accounts not read" when accounts were not read', () => {
    // Given a run where account B has no result at all and nothing is new
    const input = runInput({ a: [], b: [] });
    const doc = buildReport({
      ...input,
      results: input.results.filter((r) => r.account.id === A),
      now: NOW,
      previous: null,
      suppressions: null,
    });
    // When
    const body = JSON.parse(renderSnsMessage(doc).message) as Chatbot;
    // Then
    expect(body.content.title).toBe('Scan incomplete: 1 of 2 accounts not read · No change: 0 open findings');
    expect(body.metadata.additionalContext.accountsNotRead).toBe('1');
  });

  it('stays under 256 KB with 5,000 new findings and says how many were left out', () => {
    // Given 5,000 new findings with long ARNs
    const many: Finding[] = Array.from({ length: 5000 }, (_, i) =>
      finding({
        id: `f${i}`,
        severity: i % 7 === 0 ? 'critical' : 'high',
        resource: {
          arn: `arn:aws:ecr:eu-west-1:${A}:repository/${'team/'.repeat(40)}repo-${i}`,
          type: 'ecr-repository',
          account: A,
          region: 'eu-west-1',
        },
      }),
    );
    const doc = buildReport({ ...runInput({ a: many, b: [] }), now: NOW, previous: null, suppressions: null });
    // When
    const m = renderSnsMessage(doc);
    const body = JSON.parse(m.message) as Chatbot;
    // Then
    expect(messageBytes(m)).toBeLessThan(SNS_MAX_BYTES);
    expect(Buffer.byteLength(m.message)).toBeLessThan(256 * 1024);
    expect(body.content.description).toContain('and 4990 more');
    expect(body.metadata.additionalContext.newLeftOut).toBe('4990');
    expect(body.metadata.relatedResources).toHaveLength(20);
  });

  it('cuts the list further when even the top findings would not fit', () => {
    // Given 50 findings whose principals are near the 300-character cut and a tiny budget by many lines
    const huge = Array.from({ length: 50 }, (_, i) =>
      finding({
        id: `h${i}`,
        principal: { class: 'named-principal', value: `arn:aws:iam::${'9'.repeat(12)}:role/${'x'.repeat(5000)}` },
      }),
    );
    const doc = buildReport({ ...runInput({ a: huge, b: [] }), now: NOW, previous: null, suppressions: null });
    // When asking for all 50 at the top
    const m = renderSnsMessage(doc, { top: 50 });
    // Then every shown line is cut to a bounded length and the message fits
    expect(messageBytes(m)).toBeLessThan(SNS_MAX_BYTES);
    expect((JSON.parse(m.message) as Chatbot).content.description).toContain('…');
  });

  it.each([
    '<!channel>',
    '<!here>',
    '<@U024BE7LH>',
    '<#C024BE7LR>',
    '<!subteam^S123>',
    '@channel',
    '@here',
    '<https://evil.example|click me>',
  ])('neutralises the Slack markup %s coming from a policy', (markup) => {
    // Given a new finding whose principal carries the markup
    const f = finding({ id: 'm', principal: { class: 'named-principal', value: `x ${markup} y` } });
    const doc = buildReport({ ...runInput({ a: [f], b: [] }), now: NOW, previous: null, suppressions: null });
    // When
    const body = JSON.parse(renderSnsMessage(doc).message) as Chatbot;
    // Then the markup is not there as written, and its text still is (made inert)
    expect(body.content.description).not.toContain(markup);
    expect(body.content.description).toContain(neutralise(markup));
  });

  it('leads with "Scan incomplete" when no account was read, never "No change", and subject and body agree on the count', () => {
    // Given a run whose accounts were all planned but none has a result, with the state machine's record of both
    const input = runInput({ a: [], b: [] });
    const notRead = input.manifest.accounts.map((a) => ({ account: a.id, reason: 'its scan failed: States.Timeout' }));
    const doc = buildReport({
      ...input,
      results: [],
      now: NOW,
      previous: knownDoc(),
      suppressions: null,
      incomplete: {
        summary: `2 of 2 accounts not read: the account Map failed`,
        mapError: null,
        notRead,
        problem: null,
        latestReplaced: false,
      },
    });
    // When
    const m = renderSnsMessage(doc);
    const body = JSON.parse(m.message) as Chatbot;
    // Then the subject and the title lead with it, and every count of unread accounts is the same
    expect(m.subject).toMatch(/^Scan incomplete: 2 of 2 accounts not read - Nothing read: /);
    expect(body.content.title).toMatch(
      /^Scan incomplete: 2 of 2 accounts not read · Nothing read: \d+ open findings? not checked$/,
    );
    expect(body.content.description).toContain('Coverage: 0 of 2 accounts fully scanned, 2 not read, 0 read in part');
    expect(body.metadata.additionalContext.accountsNotRead).toBe('2');
  });

  it('gives grants that changed inside the organisation their own heading and count, and first reads one line', () => {
    // Given a report with an org-internal grant widened, and two findings read for the first time
    const doc = knownDoc();
    const org = {
      ...doc.findings[0],
      id: 'f-org',
      access: 'org' as const,
      status: 'changed' as const,
      severity: 'low' as const,
      changes: [
        { field: 'actions' as const, before: ['ecr:BatchGetImage'], after: ['ecr:BatchGetImage', 'ecr:PutImage'] },
      ],
    };
    const first = doc.findings.map((f) => ({ ...f, status: 'new' as const, newKind: 'first-read' as const }));
    const body = JSON.parse(renderSnsMessage({ ...doc, findings: [org, ...first] }).message) as Chatbot;
    // Then
    const lines = body.content.description.split('\n');
    expect(lines.find((l) => l.startsWith('New: '))).toMatch(
      /^New: 0 · Changed: 0 · .* · Changed inside the organisation: 1$/,
    );
    expect(lines).toContain('*Changed inside the organisation*');
    expect(lines.filter((l) => l.startsWith('First reads'))).toEqual([
      `First reads (not news): ${first.filter((f) => !f.suppressedBy).length} findings on resources or sources read for the first time, listed in the report`,
    ]);
    expect(body.content.title).toMatch(/No new findings: 1 changed/);
  });

  it('counts what the event path already announced in one line, never as news, subject, title and body agreeing', () => {
    // Given a night whose only news is what the event path announced during the day: a new grant and a widening
    const doc = knownDoc();
    const [a, b] = doc.findings.filter((f) => !f.suppressedBy);
    const announced = { announcedAt: '2026-11-22T10:02:03.000Z', announcedBy: 'event' };
    const fresh = { ...a!, status: 'new' as const, newKind: 'announced' as const, ...announced };
    const widened = {
      ...b!,
      access: 'public' as const,
      status: 'changed' as const,
      changes: [{ field: 'actions' as const, before: ['s3:GetObject'], after: ['s3:GetObject', 's3:PutObject'] }],
      ...announced,
    };
    const others = doc.findings.filter((f) => f.suppressedBy).map((f) => ({ ...f, status: 'unchanged' as const }));
    const m = renderSnsMessage({ ...doc, findings: [fresh, widened, ...others] });
    const body = JSON.parse(m.message) as Chatbot;
    // Then nothing is named as new or changed, one line counts both, and the title and subject say it too
    const lines = body.content.description.split('\n');
    expect(lines.find((l) => l.startsWith('New: '))).toMatch(/^New: 0 · Changed: 0 · /);
    expect(lines).not.toContain('*New*');
    expect(lines).not.toContain('*Changed*');
    expect(lines.filter((l) => l.includes('event path'))).toEqual([
      'Already announced by the event path (not news): 2 findings since the last night (1 new, 1 changed), listed in the report',
    ]);
    expect(body.content.title).toBe(
      `Scan incomplete: 1 of 2 accounts read in part · No new findings: 2 already announced, ${doc.summary.open} open`,
    );
    expect(m.subject).toBe(body.content.title.replace(' · ', ' - '));
    expect(body.metadata.additionalContext).toMatchObject({
      newFindings: '0',
      changedFindings: '0',
      alreadyAnnounced: '2',
    });
  });

  it('says "no new findings" and sets severity none when nothing is new', () => {
    // Given the known report diffed against itself
    const first = knownDoc();
    const second = knownDoc({ previous: first, now: '2026-11-23T02:00:00.000Z', runId: 'run-3' });
    // When
    const m = renderSnsMessage(second);
    // Then
    expect((JSON.parse(m.message) as Chatbot).content.title).toBe(
      'Scan incomplete: 1 of 2 accounts read in part · No change: 2 open findings',
    );
    expect(m.attributes.severity).toBe('none');
  });

  it('renders one message per new critical finding, threaded under the run, without the witness stand-ins', () => {
    // Given
    const doc = knownDoc();
    const critical = doc.findings.find((f) => f.severity === 'critical')!;
    // When
    const m = renderCriticalMessage(doc, critical, 'https://example.com/r');
    // Then
    const body = JSON.parse(m.message) as Chatbot;
    expect(m.attributes).toEqual({ severity: 'critical', kind: 'new-critical-finding' });
    expect(body.content.title).toBe('Critical: any account outside the organisation can write repository app');
    expect(body.metadata.threadId).toBe(doc.runId);
    expect(body.content.description).not.toContain('999999999999');
    expect(body.content.nextSteps).toEqual(['Open the report: https://example.com/r']);
    expect(m.subject.length).toBeLessThanOrEqual(100);
  });

  it('describes a change by what was added and removed, and a severity change by before and after', () => {
    // Given a finding whose actions, severity and mitigations changed
    const f = {
      ...knownDoc().findings[0],
      status: 'changed' as const,
      changes: [
        {
          field: 'actions' as const,
          before: ['ecr:BatchGetImage', 'ecr:ListImages'],
          after: ['ecr:BatchGetImage', 'ecr:PutImage'],
        },
        { field: 'severity' as const, before: ['high'], after: ['critical'] },
        { field: 'mitigations' as const, before: ['rcp:p-1'], after: [] },
      ],
    };
    // When / Then
    expect(changeText(f)).toBe('actions +ecr:PutImage -ecr:ListImages; severity high → critical; mitigations -rcp:p-1');
  });
});
