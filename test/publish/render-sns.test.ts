import { describe, expect, it } from 'vitest';
import { buildReport } from '../../lib/publish/build-report.js';
import { changeText, messageBytes, neutralise, renderCriticalMessage, renderSnsMessage, SNS_MAX_BYTES } from '../../lib/publish/render-sns.js';
import type { Finding } from '../../lib/model/finding.js';
import { finding } from '../findings/make.js';
import { A, knownDoc, NOW, runInput } from './doc.js';

interface Chatbot {
  version: string;
  source: string;
  content: { textType: string; title: string; description: string; nextSteps?: string[] };
  metadata: { additionalContext: Record<string, string>; relatedResources: string[] };
}

describe('SNS message', () => {
  it('is an AWS Chatbot custom notification with counts, new findings, the location and filter attributes', () => {
    // Given the known report
    const m = renderSnsMessage(knownDoc(), { reportLocation: 's3://reports/reports/2026-11-22/run-2/report.html' });
    const body = JSON.parse(m.message) as Chatbot;
    // Then
    expect(body).toMatchObject({ version: '1.0', source: 'custom', content: { textType: 'client-markdown', title: 'Access scan run-2: 2 new findings, highest critical' } });
    expect(body.content.description.split('\n')).toEqual([
      '*2 open findings* (critical 1, high 0, medium 1, low 0, info 0)',
      'New: 2 · Changed: 0 · Resolved: 0 · Not checked: 0 · Suppressed: 1',
      'Coverage: 1 of 2 accounts fully scanned, 1 with gaps',
      '',
      '*Top new findings*',
      `• [critical] public access to \`arn:aws:ecr:eu-west-1:${A}:repository/app\` by \`*\` (ecr:PutImage, ecr:InitiateLayerUpload, ecr:UploadLayerPart, +1 more)`,
      '• [medium] external access to `arn:aws:s3:::shared-data` by `arn:aws:iam::333333333333:role/partner` (s3:GetObject)',
      '',
      'Report: s3://reports/reports/2026-11-22/run-2/report.html',
    ]);
    expect(m.attributes).toEqual({ severity: 'critical', kind: 'run-summary' });
  });

  it('stays under 256 KB with 5,000 new findings and says how many were left out', () => {
    // Given 5,000 new findings with long ARNs
    const many: Finding[] = Array.from({ length: 5000 }, (_, i) =>
      finding({ id: `f${i}`, severity: i % 7 === 0 ? 'critical' : 'high', resource: { arn: `arn:aws:ecr:eu-west-1:${A}:repository/${'team/'.repeat(40)}repo-${i}`, type: 'ecr-repository', account: A, region: 'eu-west-1' } }),
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
    const huge = Array.from({ length: 50 }, (_, i) => finding({ id: `h${i}`, principal: { class: 'named-principal', value: `arn:aws:iam::${'9'.repeat(12)}:role/${'x'.repeat(5000)}` } }));
    const doc = buildReport({ ...runInput({ a: huge, b: [] }), now: NOW, previous: null, suppressions: null });
    // When asking for all 50 at the top
    const m = renderSnsMessage(doc, { top: 50 });
    // Then every shown line is cut to a bounded length and the message fits
    expect(messageBytes(m)).toBeLessThan(SNS_MAX_BYTES);
    expect((JSON.parse(m.message) as Chatbot).content.description).toContain('…');
  });

  it.each(['<!channel>', '<!here>', '<@U024BE7LH>', '<#C024BE7LR>', '<!subteam^S123>', '@channel', '@here', '<https://evil.example|click me>'])(
    'neutralises the Slack markup %s coming from a policy',
    (markup) => {
      // Given a new finding whose principal carries the markup
      const f = finding({ id: 'm', principal: { class: 'named-principal', value: `x ${markup} y` } });
      const doc = buildReport({ ...runInput({ a: [f], b: [] }), now: NOW, previous: null, suppressions: null });
      // When
      const body = JSON.parse(renderSnsMessage(doc).message) as Chatbot;
      // Then the markup is not there as written, and its text still is (made inert)
      expect(body.content.description).not.toContain(markup);
      expect(body.content.description).toContain(neutralise(markup));
    },
  );

  it('says "no new findings" and sets severity none when nothing is new', () => {
    // Given the known report diffed against itself
    const first = knownDoc();
    const second = knownDoc({ previous: first, now: '2026-11-23T02:00:00.000Z', runId: 'run-3' });
    // When
    const m = renderSnsMessage(second);
    // Then
    expect((JSON.parse(m.message) as Chatbot).content.title).toBe('Access scan run-3: no new findings');
    expect(m.attributes.severity).toBe('none');
  });

  it('renders one message per new critical finding with its witness, kind new-critical-finding', () => {
    // Given
    const doc = knownDoc();
    const critical = doc.findings.find((f) => f.severity === 'critical')!;
    // When
    const m = renderCriticalMessage(doc, critical, 'https://example.com/r');
    // Then
    const body = JSON.parse(m.message) as Chatbot;
    expect(m.attributes).toEqual({ severity: 'critical', kind: 'new-critical-finding' });
    expect(body.content.description).toContain('Witness: `arn:aws:iam::999999999999:role/outsider ecr:PutImage');
    expect(m.subject.length).toBeLessThanOrEqual(100);
  });

  it('describes a change by what was added and removed, and a severity change by before and after', () => {
    // Given a finding whose actions, severity and mitigations changed
    const f = {
      ...knownDoc().findings[0],
      status: 'changed' as const,
      changes: [
        { field: 'actions' as const, before: ['ecr:BatchGetImage', 'ecr:ListImages'], after: ['ecr:BatchGetImage', 'ecr:PutImage'] },
        { field: 'severity' as const, before: ['high'], after: ['critical'] },
        { field: 'mitigations' as const, before: ['rcp:p-1'], after: [] },
      ],
    };
    // When / Then
    expect(changeText(f)).toBe('actions +ecr:PutImage -ecr:ListImages; severity high → critical; mitigations -rcp:p-1');
  });
});
