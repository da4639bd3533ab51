import { describe, expect, it } from 'vitest';
import { criticalWriters } from '../../lib/analyze/effective/critical.js';
import { newWriters } from '../../lib/analyze/effective/diff.js';
import { accessMatrix } from '../../lib/analyze/effective/matrix.js';
import { renderSnsMessage } from '../../lib/publish/render-sns.js';
import { allow, input, REG, repo, REPO, role } from '../analyze/effective/build.js';
import { knownDoc } from './doc.js';

const PUSH = ['ecr:PutImage', 'ecr:InitiateLayerUpload', 'ecr:UploadLayerPart', 'ecr:CompleteLayerUpload'];

interface Chatbot {
  content: { title: string; description: string; keywords?: string[] };
  metadata: { additionalContext: Record<string, string> };
}

/** The new writers of a night where `name` got an inline push policy on the critical repository. */
function nightWith(name: string) {
  const before = accessMatrix(input([role(REG, 'builder', [allow(PUSH)]), role(REG, name, [])], [repo()]));
  const now = input([role(REG, 'builder', [allow(PUSH)]), role(REG, name, [allow(PUSH, REPO)])], [repo()]);
  return { writers: newWriters(before, accessMatrix(now)), resources: now.resources };
}

describe('Slack leads with new writers to critical resources', () => {
  it('names the role, its account, the level and the critical repository on the first line, before the incompleteness', () => {
    // Given ci-legacy can now push to the repository listed as critical
    const { writers, resources } = nightWith('ci-legacy');
    const critical = criticalWriters(writers, resources, { arns: [REPO] });
    // When the run's message is rendered through the real render
    const m = renderSnsMessage(knownDoc(), { criticalWriters: critical });
    const body = JSON.parse(m.message) as Chatbot;
    const lines = body.content.description.split('\n');
    // Then what a person woken at 3 a.m. reads first is who can now write what
    expect(lines[0]).toBe(
      `*NEW WRITER TO A CRITICAL RESOURCE: role ci-legacy in ${REG} can now push payments/api* (listed as critical; granted by inline:p0 statement 0)`,
    );
    expect(lines[1]).toBe('*Scan incomplete: 1 of 2 accounts read in part*');
    expect(body.content.title).toBe(
      `New writer to a critical resource: role ci-legacy in ${REG} can now push payments/api · Scan incomplete: 1 of 2 accounts read in part · 2 new findings in 2 accounts, 1 public`,
    );
    expect(m.subject).toBe(
      `New writer to a critical resource: role ci-legacy in ${REG} can now push payments/api - Scan incomplete`.slice(
        0,
        100,
      ),
    );
    expect(body.content.keywords?.[0]).toBe('new-critical-writer');
    expect(body.metadata.additionalContext.newCriticalWriters).toBe('1');
  });

  it('says nothing about writers when none is new to a critical resource, and keeps the message as before', () => {
    const { resources } = nightWith('ci-legacy');
    const none = criticalWriters([], resources, { arns: [REPO] });
    const withNone = JSON.parse(renderSnsMessage(knownDoc(), { criticalWriters: none }).message) as Chatbot;
    const without = JSON.parse(renderSnsMessage(knownDoc()).message) as Chatbot;
    expect(withNone.content.description).toBe(without.content.description);
    expect(withNone.content.title).toBe(without.content.title);
  });

  it('says which listed critical resources the run did not read, in bold, never as "no new writers"', () => {
    const { writers, resources } = nightWith('ci-legacy');
    const gone = criticalWriters(writers, resources, { arns: ['arn:aws:s3:::payments-prod'] });
    const lines = (
      JSON.parse(renderSnsMessage(knownDoc(), { criticalWriters: gone }).message) as Chatbot
    ).content.description.split('\n');
    expect(lines[0]).toBe(
      '*Critical resources not read this run (their writers are not known): arn:aws:s3:::payments-prod*',
    );
  });

  it('lists writers to resources whose marking is unknown as a gap, and makes policy-derived names inert', () => {
    // Given a role whose name tries to ping the channel, writing to a repository whose tags were not read
    const { writers, resources } = nightWith('x@channel');
    const unknown = criticalWriters(writers, resources, { arns: [], tag: { key: 'tier', value: 'critical' } });
    const lines = (
      JSON.parse(renderSnsMessage(knownDoc(), { criticalWriters: unknown }).message) as Chatbot
    ).content.description.split('\n');
    expect(lines[0]).toBe(
      'New writers to resources that may be critical (its tags were not read, so whether it carries tag tier=critical is not known):',
    );
    expect(lines[1]).toMatch(
      new RegExp(`^• role x@\u200bchannel in ${REG} can now push payments/api; granted by inline:p0 statement 0$`),
    );
  });
});
